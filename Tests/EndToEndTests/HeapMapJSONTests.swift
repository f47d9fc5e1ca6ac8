// `run --heap-map --format json`: the simulator's readings carry the heap map as runs of pages,
// and those pages add up to the MemStats fields of the same reading.

import Foundation
import Testing

@Suite struct HeapMapJSONTests {
    struct Document: Decodable {
        struct Snapshot: Decodable { var label: String; var readings: [String: Reading] }
        struct Reading: Decodable { var memstats: [String: JSONNumber]?; var heapMap: Map? }
        struct Map: Decodable { var pageBytes: UInt64; var chunkPages: UInt64; var mappedPages: UInt64; var runs: [Run] }
        struct Run: Decodable {
            var firstPage: UInt64; var pageCount: UInt64; var state: String
            var slots: UInt64?; var allocatedSlots: UInt64?
        }
        var snapshots: [Snapshot]
    }

    /// A MemStats value: a number, or the arrays we do not read here.
    struct JSONNumber: Decodable {
        var value: UInt64?
        init(from decoder: any Decoder) throws { value = try? decoder.singleValueContainer().decode(UInt64.self) }
    }

    @Test(arguments: ["spike", "fragmentation", "stack-growth", "release-to-os"])
    func pagesAddUpToTheFields(_ scenario: String) throws {
        let run = try MemstatsBinary.run(["run", scenario, "--backend", "simulator", "--heap-map", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONDecoder().decode(Document.self, from: Data(run.stdout.utf8))
        #expect(!document.snapshots.isEmpty)
        for snapshot in document.snapshots {
            let reading = try #require(snapshot.readings["simulator"])
            let map = try #require(reading.heapMap, "\(scenario) \"\(snapshot.label)\" has no heap map")
            let stats = try #require(reading.memstats)
            func field(_ name: String) -> UInt64? { stats[name]?.value }
            func bytes(_ include: (String) -> Bool) -> UInt64 {
                map.runs.filter { include($0.state) }.reduce(0) { $0 + $1.pageCount } * map.pageBytes
            }
            // Runs cover the mapping without gaps or overlaps, lowest address first.
            var next: UInt64 = 0
            for run in map.runs {
                #expect(run.firstPage == next && run.pageCount > 0)
                next = run.firstPage + run.pageCount
                #expect((run.slots != nil) == run.state.hasPrefix("class-"))
                if let slots = run.slots, let allocated = run.allocatedSlots { #expect(allocated <= slots) }
            }
            #expect(next == map.mappedPages)
            #expect(map.mappedPages % map.chunkPages == 0, "the heap grows in whole chunks")
            #expect(bytes { $0.hasPrefix("class-") || $0 == "large" } == field("HeapInuse"), "\(scenario) \(snapshot.label)")
            #expect(bytes { $0 == "stacks" } == field("StackInuse"), "\(scenario) \(snapshot.label)")
            // The rest of the mapping: the GC workbuf spans (in GCSys), whole 32 KiB spans.
            let workbufs = bytes { $0 == "workbufs" }
            #expect(workbufs % (32 << 10) == 0)
            #expect(try #require(field("HeapSys")) + #require(field("StackInuse")) + workbufs == map.mappedPages * map.pageBytes)
            #expect(bytes { ["idle", "released", "untouched"].contains($0) } == field("HeapIdle"))
            #expect(bytes { ["released", "untouched"].contains($0) } == field("HeapReleased"))
        }
    }

    @Test func withoutTheOptionTheJSONHasNoHeapMap() throws {
        let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--format", "json"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\"heapMap\""))
        let csv = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--format", "csv", "--heap-map"])
        #expect(csv.status == 2, "the heap map is text or JSON, never silently dropped")
    }
}

/// `check` fits its excerpts to the width: the source line is cut around the error with "…",
/// and the caret still points at the offending text.
@Suite struct CheckExcerptWidthTests {
    /// Terminal cells of `text` (CJK characters take two).
    static func cells(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ((0x2E80...0x9FFF).contains($1.value) || (0xFF00...0xFF60).contains($1.value) ? 2 : 1) }
    }

    @Test(arguments: [60, 80, 120])
    func excerptsFitTheWidth(_ width: Int) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-wide-\(UUID().uuidString).scenario")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            title "wide"
            snapshot "start" focus HeapAlloc HeapInuse HeapIdle HeapReleased Sys StackInuse NumGC NextGC HeapSysBogus
            alloc 10 x 1KiB as requests and some very long trailing words that go on and on and on and on and on
            note "一个很长很长的中文说明，一个很长很长的中文说明，一个很长很长的中文说明，一个很长很长的中文说明" Bogus

            """.write(to: file, atomically: true, encoding: .utf8)
        let run = try MemstatsBinary.run(["check", file.path], environment: ["COLUMNS": String(width)])
        #expect(run.status == 3)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        var excerpts = 0
        for (index, line) in lines.enumerated() where line.hasPrefix("    ") && line.contains(" | ") && !line.hasPrefix("      |") {
            excerpts += 1
            #expect(Self.cells(line) <= width, "\(width) columns: \(line)")
            // The caret line under it points at the offending token.
            let caretLine = lines[index + 1]
            #expect(Self.cells(caretLine) <= width)
            let caretCells = Self.cells(caretLine.prefix { $0 != "^" })
            var cellsSoFar = 0
            var pointed: Character?
            for character in line {
                if cellsSoFar == caretCells { pointed = character; break }
                cellsSoFar += Self.cells(Substring(String(character)))
            }
            #expect(pointed.map { "HaB".contains($0) } == true, "caret under \(pointed.map(String.init) ?? "nothing") in \(line)")
        }
        #expect(excerpts == 3, "\(run.stderr)")
    }
}
