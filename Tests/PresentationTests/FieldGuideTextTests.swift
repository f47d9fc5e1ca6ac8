// The field guide as terminal text: structure and key lines, not the whole text.

import Testing
import FieldCatalogue
@testable import Presentation

@Suite struct FieldGuideTextTests {
    let english: FieldCatalogue
    let chinese: FieldCatalogue

    init() throws {
        english = try FieldCatalogue.shared(.english)
        chinese = try FieldCatalogue.shared(.chinese)
    }

    @Test func listingGroupsAllFieldsInGoOrderUnderGoHeadings() {
        let lines = FieldGuideText.fieldsListing(english).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headings = FieldGroup.allCases.map { $0.title(.english) }
        let headingLines = headings.map { heading in lines.firstIndex(of: heading) }
        #expect(headingLines.allSatisfy { $0 != nil })
        #expect(headingLines.compactMap { $0 } == headingLines.compactMap { $0 }.sorted())
        let fieldLines = lines.filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isUppercase == true }
        #expect(fieldLines.map { String($0.dropFirst(2).prefix { $0 != " " }) } == MemStatsField.allCases.map(\.goName))
        #expect(lines.contains("  HeapIdle       bytes    Bytes in idle spans: heap pages holding no objects,"))
        #expect(lines.contains("                          kept for reuse or already returned to the OS."))
        #expect(lines.contains { $0.hasPrefix("  PauseEnd       unix-nanoseconds[256]  The end time") })
        #expect(lines.first == "The 32 fields of Go's runtime.MemStats, grouped as in Go's documentation.")
    }

    @Test(arguments: [40, 60, 80, 120])
    func listingRespectsTheWidth(width: Int) {
        for catalogue in [english, chinese] {
            let text = FieldGuideText.fieldsListing(catalogue, width: width)
            // Summaries keep at least 24 columns, so the narrowest listings may exceed `width`.
            let limit = max(width, 2 + 15 + 23 + 24)
            for line in text.split(separator: "\n") {
                #expect(TextLayout.displayWidth(String(line)) <= limit, "\(catalogue.language): '\(line)'")
            }
        }
    }

    @Test func summariesAlignInOneColumnPerGroup() {
        let lines = FieldGuideText.fieldsListing(english, width: 200).split(separator: "\n").map(String.init)
        for group in FieldGroup.allCases {
            let columns = group.fields.compactMap { field -> Int? in
                guard let line = lines.first(where: { $0.hasPrefix("  \(field.goName) ") }) else { return nil }
                let summary = english.entry(for: field).summary
                return line.range(of: summary.prefix(20)).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
            }
            #expect(columns.count == group.fields.count)
            #expect(Set(columns).count == 1, "\(group): \(columns)")
        }
    }

    @Test func chineseListingUsesChineseHeadingsAndAlignsWideText() {
        let text = FieldGuideText.fieldsListing(chinese, width: 100)
        #expect(text.contains("\n堆内存统计\n"))
        #expect(text.contains("  HeapIdle       字节  空闲 span 中的字节数"))
        let lines = text.split(separator: "\n").map(String.init)
        let heapRows = FieldGroup.heap.fields.compactMap { field in lines.first { $0.hasPrefix("  \(field.goName) ") } }
        let summaryColumns = heapRows.map { row in TextLayout.displayWidth(String(row.prefix(2 + 15))) + TextLayout.displayWidth(String(row.dropFirst(17).prefix { $0 != " " })) }
        #expect(Set(summaryColumns).count == 1)
    }

    @Test func explainPageHasHeaderSectionsFormulasAndScenarios() {
        let page = FieldGuideText.explainPage(english.entry(for: .heapIdle))
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "HeapIdle")
        #expect(lines[1] == "Heap memory statistics · bytes")
        let headings = EntrySection.allCases.map { $0.heading(.english) } + ["Shown moving in"]
        let positions = headings.map { lines.firstIndex(of: $0) }
        #expect(positions.allSatisfy { $0 != nil }, "\(headings)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let definition = lines[positions[0]! + 1]
        #expect(definition.hasPrefix("  Bytes. "))
        let relations = positions[2]!
        #expect(lines[relations + 1] == "  HeapIdle = HeapSys - HeapInuse")
        #expect(lines.contains("  /proc/self/smaps_rollup LazyFree (released pages under GODEBUG=madvdontneed=0)"))
        #expect(lines.contains("  memstats run stack-growth"))
        #expect(page.contains("golang/go#39779"))
        #expect(!page.contains("**") && !page.contains("`"))
    }

    @Test func explainPageSaysWhenNoScenarioShowsTheField() {
        let page = FieldGuideText.explainPage(english.entry(for: .lookups))
        #expect(page.hasSuffix("Shown moving in\n  No bundled scenario shows this field moving.\n"))
        #expect(page.contains("\nRelations\n  None: no other field depends on it.\n"))
    }

    @Test func chineseExplainPageUsesChineseHeadings() {
        let page = FieldGuideText.explainPage(chinese.entry(for: .heapReleased), width: 70)
        for heading in ["定义", "如何解读", "关系", "Linux 显示的是什么", "runtime/metrics", "各 Go 版本的差异", "常见误读", "可以看到它变化的场景"] {
            #expect(page.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(page.hasPrefix("HeapReleased\n堆内存统计 · 字节\n"))
        #expect(page.contains("\n  字节。"))
        #expect(page.contains("  HeapReleased <= HeapIdle\n"))
        for line in page.split(separator: "\n") {
            #expect(TextLayout.displayWidth(String(line)) <= 70, "'\(line)'")
        }
    }

    @Test(arguments: Language.allCases)
    func everyExplainPageRendersWithinTheWidth(language: Language) throws {
        let catalogue = try FieldCatalogue.shared(language)
        for entry in catalogue.allEntries {
            let page = FieldGuideText.explainPage(entry, width: 80)
            #expect(page.hasPrefix(entry.field.goName + "\n"))
            for line in page.split(separator: "\n") {
                // Only an unbreakable token (a long metric name) may exceed the width.
                let text = String(line)
                if TextLayout.displayWidth(text) > 80 {
                    #expect(!text.trimmingPrefix(" ").contains(" "), "\(language.rawValue)/\(entry.field): '\(text)'")
                }
            }
        }
    }

    @Test func caseNoteNamesBothSpellings() {
        #expect(FieldGuideText.caseInsensitiveNote(typed: "heapidle", field: .heapIdle, language: .english)
            == "note: 'heapidle' is spelled 'HeapIdle' in Go; showing HeapIdle.")
        #expect(FieldGuideText.caseInsensitiveNote(typed: "heapidle", field: .heapIdle, language: .chinese).contains("HeapIdle"))
    }
}

@Suite struct TextLayoutTests {
    @Test func wideCharactersTakeTwoColumns() {
        #expect(TextLayout.displayWidth("HeapIdle") == 8)
        #expect(TextLayout.displayWidth("堆内存") == 6)
        #expect(TextLayout.displayWidth("字节。") == 6)
        #expect(TextLayout.pad("字节", to: 6) == "字节  ")
    }

    @Test func wrapsEnglishAtSpaces() {
        #expect(TextLayout.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(TextLayout.wrap("one two", width: 20, firstIndent: "- ", restIndent: "  ") == ["- one two"])
        #expect(TextLayout.wrap("averyveryverylongword x", width: 5) == ["averyveryverylongword", "x"])
    }

    @Test func wrapsChineseBetweenCharactersButNotBeforeClosingPunctuation() {
        let lines = TextLayout.wrap("堆内存统计。堆内存统计。", width: 10)
        #expect(lines == ["堆内存统", "计。堆内存", "统计。"])
        #expect(TextLayout.wrap("见（golang/go#1）", width: 6) == ["见", "（golang/go#1）"])
        #expect(TextLayout.wrap("HeapIdle 和 HeapInuse", width: 12) == ["HeapIdle 和", "HeapInuse"])
    }

    @Test func rendersParagraphsAndListItemsWithoutMarkdownMarkers() {
        let lines = TextLayout.render(markdown: "First `code` and **bold**.\n\n- item one\n- item *two*\n\nLast.", width: 40, indent: "  ")
        #expect(lines == ["  First code and bold.", "", "  - item one", "  - item two", "", "  Last."])
    }
}
