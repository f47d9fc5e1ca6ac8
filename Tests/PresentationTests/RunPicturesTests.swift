// Charts and heap maps over a hand-built record: shared scales, the cell glyphs, the legend.

import FieldCatalogue
import Foundation
@testable import Presentation
import ScenarioLanguage
import Testing

private func span(_ line: Int) -> SourceSpan {
    SourceSpan(start: SourceLocation(file: "p.scenario", line: line, column: 1), length: 1)
}

private func reading(heapAlloc: UInt64, map: HeapMap?) -> BackendReading {
    var stats = MemStats()
    stats.heapAlloc = heapAlloc
    return BackendReading(memStats: stats, heapMap: map)
}

/// Two snapshots: the heap grows from one chunk to two; the second chunk's first half is a
/// large object, then idle retained, then released, then never touched.
private func record() -> RunRecord {
    let small = HeapMap(pageBytes: 8192, chunkPages: 512, runs: [
        HeapPageRun(firstPage: 0, pageCount: 8, state: .smallObjects(sizeClass: 5, hasPointers: false), slots: 800, allocatedSlots: 100),
        HeapPageRun(firstPage: 8, pageCount: 8, state: .stacks),
        HeapPageRun(firstPage: 16, pageCount: 496, state: .neverTouched),
    ])
    var grown = small
    grown.runs.removeLast()
    grown.runs += [
        HeapPageRun(firstPage: 16, pageCount: 496, state: .smallObjects(sizeClass: 5, hasPointers: false), slots: 49_600, allocatedSlots: 49_600),
        HeapPageRun(firstPage: 512, pageCount: 256, state: .largeObject(hasPointers: false)),
        HeapPageRun(firstPage: 768, pageCount: 64, state: .idleRetained),
        HeapPageRun(firstPage: 832, pageCount: 64, state: .released),
        HeapPageRun(firstPage: 896, pageCount: 128, state: .neverTouched),
    ]
    let scenario = Scenario(file: "p.scenario", title: "P", about: [], statements: [])
    let first = SnapshotRecord(label: "small", step: nil, span: span(1), focus: [.heapAlloc],
                               readings: [.simulator: reading(heapAlloc: 1 << 20, map: small),
                                          .go: reading(heapAlloc: 2 << 20, map: nil)])
    let second = SnapshotRecord(label: "grown", step: nil, span: span(2), focus: [.heapAlloc],
                                readings: [.simulator: reading(heapAlloc: 8 << 20, map: grown)])
    return RunRecord(scenario: scenario, requestedBackends: [.simulator, .go], activeBackends: [.simulator, .go],
                     events: [.snapshot(first), .snapshot(second)])
}

@Suite struct RunPicturesTests {
    @Test func chartsShareOneScaleAndMarkMissingReadings() {
        let text = RunPictures(style: OutputStyle(width: 80)).charts(record())
        let lines = text.components(separatedBy: "\n")
        #expect(text.contains("HeapAlloc  (top 8.0 MiB)"))
        // simulator: 1 MiB of 8 → 4 eighths of 32 (one row, half a block), 8 MiB → full column.
        #expect(lines.contains("  simulator  │     ████"))
        #expect(lines.contains("             │▄▄▄▄ ████"))
        // go: 2 MiB of 8 → a full bottom row; no reading at the second snapshot → a dash.
        #expect(lines.contains("  go         │████ ----") || lines.contains("             │████ ----"))
        #expect(text.contains("snapshots: 1 small · 2 grown"))
        #expect(lines.allSatisfy { TextLayout.displayWidth($0) <= 80 })
    }

    @Test func heapMapsUseOneScaleAndShowEveryState() {
        let raw = RunPictures(style: OutputStyle(width: 80)).heapMaps(record())
        let text = raw.replacingOccurrences(of: "\n  page", with: " page")
        let lines = text.components(separatedBy: "\n")
        #expect(text.contains("1 cell = 8 pages (64.0 KiB), 1 row = 4.0 MiB (1 chunk of 4 MiB)"))
        #expect(text.contains("\"small\": 4.0 MiB mapped (1 chunk of 4 MiB)"))
        #expect(lines.contains("      0 B ░s.............................................................."))
        #expect(lines.contains("      0 B ░s██████████████████████████████████████████████████████████████"))
        #expect(lines.contains("  4.0 MiB LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL::::::::________................"))
        #expect(text.contains("legend: █ ▓ ▒ ░ spans of small objects"))
        #expect(raw.components(separatedBy: "\n").allSatisfy { TextLayout.displayWidth($0) <= 80 })
    }

    @Test func narrowTerminalsGetWiderCells() {
        let raw = RunPictures(style: OutputStyle(width: 60)).heapMaps(record())
        let text = raw.replacingOccurrences(of: "\n  ", with: " ")
        #expect(text.contains("1 cell = 16 pages (128.0 KiB), 1 row = 4.0 MiB (1 chunk of 4 MiB)"))
        #expect(raw.components(separatedBy: "\n").allSatisfy { TextLayout.displayWidth($0) <= 60 })
    }

    @Test func withoutTheSimulatorTheMapSaysWhy() {
        var r = record()
        r.events = r.events.map { event in
            guard case .snapshot(var s) = event else { return event }
            s.readings[.simulator] = nil
            return .snapshot(s)
        }
        #expect(RunPictures(style: OutputStyle()).heapMaps(r).contains("only the simulator backend can show its pages"))
    }
}
