// The entry file format: what parses, and how each mistake is reported (file, line, hint).

import Testing
@testable import FieldCatalogue

@Suite struct EntryParserTests {
    static func entry(header: String = Self.header, body: String = Self.body) -> String {
        "---\n\(header)\n---\n\n\(body)"
    }

    static let header = """
        field: HeapIdle
        group: heap
        unit: bytes
        summary: Idle bytes.
        metrics: /memory/classes/heap/free:bytes, /memory/classes/heap/released:bytes
        relations:
        - HeapIdle = HeapSys - HeapInuse
        - HeapIdle - HeapReleased = idle memory the runtime keeps
        linux:
        - /proc/self/smaps_rollup Rss
        scenarios: spike, release-to-os
        """

    static let body = EntrySection.allCases.map { "## \($0.heading(.english))\nText of \($0.rawValue).\n" }
        .joined(separator: "\n")

    func parse(_ text: String, field: MemStatsField = .heapIdle) throws(CatalogueError) -> FieldEntry {
        try EntryParser.parse(text, file: "en/\(field.goName).md", field: field, language: .english)
    }

    func failure(_ text: String, field: MemStatsField = .heapIdle) -> CatalogueError? {
        do { _ = try parse(text, field: field); return nil } catch { return error }
    }

    @Test func parsesHeaderListsAndSections() throws {
        let entry = try parse(Self.entry())
        #expect(entry.field == .heapIdle && entry.group == .heap && entry.unit == .bytes)
        #expect(entry.summary == "Idle bytes.")
        #expect(entry.metricsNames == ["/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes"])
        #expect(entry.relations.map(\.formula) == ["HeapIdle = HeapSys - HeapInuse",
                                                    "HeapIdle - HeapReleased = idle memory the runtime keeps"])
        #expect(entry.relations[0].fields == [.heapIdle, .heapSys, .heapInuse])
        #expect(entry.relations[1].fields == [.heapIdle, .heapReleased])
        #expect(entry.linuxCounterparts == ["/proc/self/smaps_rollup Rss"])
        #expect(entry.scenarios == ["spike", "release-to-os"])
        #expect(entry.sections.map(\.section) == EntrySection.allCases)
        #expect(entry.text(.howToRead) == "Text of howToRead.")
    }

    @Test func dashMeansNone() throws {
        let header = Self.header.replacingOccurrences(of: "metrics: /memory/classes/heap/free:bytes, /memory/classes/heap/released:bytes", with: "metrics: -")
            .replacingOccurrences(of: "- /proc/self/smaps_rollup Rss", with: "- -")
            .replacingOccurrences(of: "scenarios: spike, release-to-os", with: "scenarios:")
        let entry = try parse(Self.entry(header: header))
        #expect(entry.metricsNames.isEmpty && entry.linuxCounterparts.isEmpty && entry.scenarios.isEmpty)
    }

    @Test func fieldLikeIdentifiersSkipPathsMembersUnitsAndCapitals() {
        #expect(Relation.fieldLikeIdentifiers(in: "HeapIdle - HeapReleased = memory the OS can take back") == ["HeapIdle", "HeapReleased"])
        #expect(Relation.fieldLikeIdentifiers(in: "BySize[i].Mallocs <= Mallocs") == ["BySize", "Mallocs"])
        #expect(Relation.fieldLikeIdentifiers(in: "Sys = /memory/classes/total:bytes, in whole 4 MiB chunks") == ["Sys"])
        #expect(Relation.fieldLikeIdentifiers(in: "PauseNs[(NumGC+255)%256]") == ["PauseNs", "NumGC"])
        #expect(Relation.fieldLikeIdentifiers(in: "HeapIdel = 堆的空闲部分") == ["HeapIdel"])
    }

    @Test func relationNamingAnUnknownFieldIsAnErrorWithItsLineAndASuggestion() {
        let text = Self.entry(header: Self.header.replacingOccurrences(of: "HeapSys - HeapInuse", with: "HeapSys - HeapInUse2"))
        let error = failure(text)
        #expect(error?.line == 8)
        #expect(error?.problem == .unknownFieldInRelation("HeapInUse2", suggestions: ["HeapInuse"]))
        #expect(error?.description == "en/HeapIdle.md:8: error: relation names 'HeapInUse2', which is not a MemStats field (did you mean HeapInuse?)")
    }

    @Test func relationWithNoFieldIsAnError() {
        let text = Self.entry(header: Self.header.replacingOccurrences(of: "- HeapIdle = HeapSys - HeapInuse", with: "- x = y"))
        #expect(failure(text)?.problem == .relationWithoutField("x = y"))
    }

    @Test func headerFieldMustExistAndMatchTheFile() {
        let misspelled = Self.entry(header: Self.header.replacingOccurrences(of: "field: HeapIdle", with: "field: HeapIdel"))
        #expect(failure(misspelled)?.problem == .unknownField("HeapIdel", suggestions: ["HeapIdle"]))
        #expect(failure(misspelled)?.line == 2)
        #expect(failure(Self.entry(), field: .heapSys)?.problem == .fieldMismatch(declared: "HeapIdle", expected: .heapSys))
    }

    @Test func groupAndUnitMustMatchGo() {
        let group = Self.entry(header: Self.header.replacingOccurrences(of: "group: heap", with: "group: gc"))
        #expect(failure(group)?.problem == .groupMismatch(declared: "gc", expected: .heap))
        let unit = Self.entry(header: Self.header.replacingOccurrences(of: "unit: bytes", with: "unit: objects"))
        #expect(failure(unit)?.problem == .unitMismatch(declared: "objects", expected: .bytes))
    }

    @Test func headerMistakes() {
        #expect(failure("field: HeapIdle\n")?.problem == .headerMissing)
        #expect(failure("---\nfield: HeapIdle\n")?.problem == .headerUnterminated)
        let typo = Self.entry(header: Self.header.replacingOccurrences(of: "summary:", with: "sumary:"))
        #expect(failure(typo)?.problem == .unknownHeaderKey("sumary", suggestions: ["summary"]))
        let missing = Self.entry(header: Self.header.replacingOccurrences(of: "unit: bytes\n", with: ""))
        #expect(failure(missing)?.problem == .missingHeaderKey("unit"))
        let twice = Self.entry(header: Self.header + "\nunit: bytes")
        #expect(failure(twice)?.problem == .duplicateHeaderKey("unit"))
        let scenario = Self.entry(header: Self.header.replacingOccurrences(of: "spike,", with: "spikes,"))
        #expect(failure(scenario)?.problem == .unknownScenario("spikes", suggestions: ["spike"]))
    }

    @Test func sectionsMustAllAppearInOrder() {
        let swapped = Self.entry(body: Self.body.replacingOccurrences(of: "## Definition", with: "## Definitions"))
        #expect(failure(swapped)?.problem == .unexpectedHeading(found: "Definitions", expected: "Definition"))
        let truncated = Self.entry(body: String(Self.body[..<Self.body.range(of: "## Common misreadings")!.lowerBound]))
        #expect(failure(truncated)?.problem == .missingSection("Common misreadings"))
        let empty = Self.entry(body: Self.body.replacingOccurrences(of: "Text of relations.", with: ""))
        #expect(failure(empty)?.problem == .emptySection("Relations"))
        #expect(failure(Self.entry(body: "Stray text\n" + Self.body))?.problem == .textOutsideSection)
    }

    @Test func chineseEntriesUseChineseHeadings() throws {
        let body = EntrySection.allCases.map { "## \($0.heading(.chinese))\n文字。\n" }.joined(separator: "\n")
        let entry = try EntryParser.parse(Self.entry(body: body), file: "zh/HeapIdle.md", field: .heapIdle, language: .chinese)
        #expect(entry.sections.map(\.heading) == ["定义", "如何解读", "关系", "Linux 显示的是什么", "runtime/metrics", "各 Go 版本的差异", "常见误读"])
        #expect(throws: CatalogueError.self) {
            try EntryParser.parse(Self.entry(), file: "zh/HeapIdle.md", field: .heapIdle, language: .chinese)
        }
    }
}
