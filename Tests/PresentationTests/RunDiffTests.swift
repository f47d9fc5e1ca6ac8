// `memstats diff` over documents built from hand-made records: which backends are paired, which
// fields changed and by how much, and which moved most.

import FieldCatalogue
import Foundation
@testable import Presentation
import ScenarioLanguage
import Testing

private func document(backend: BackendKind, heapAlloc: UInt64, nextGC: UInt64, label: String = "s",
                      focus: [MemStatsField] = []) -> RunDocument {
    var stats = MemStats()
    stats.heapAlloc = heapAlloc
    stats.alloc = heapAlloc
    stats.nextGC = nextGC
    stats.numGC = 3
    let span = SourceSpan(start: SourceLocation(file: "t.scenario", line: 4, column: 1), length: 1)
    let snapshot = SnapshotRecord(label: label, step: nil, span: span, focus: focus, readings: [backend: BackendReading(memStats: stats)])
    let record = RunRecord(scenario: Scenario(file: "t.scenario", title: "T", about: [], statements: []),
                           requestedBackends: [backend], activeBackends: [backend], events: [.snapshot(snapshot)])
    return RunDocument(record: record, model: "go1.27")
}

@Suite struct RunDiffTests {
    @Test func changedFieldsWithTheirChangeAndTheMoversExplained() throws {
        let a = document(backend: .simulator, heapAlloc: 100 << 20, nextGC: 200 << 20)
        let b = document(backend: .go, heapAlloc: 101 << 20, nextGC: 150 << 20)
        let diff = try RunDiff.compare(a, file: "a.json", b, file: "b.json")
        #expect(diff.a.backend == "simulator" && diff.b.backend == "go")
        let rows = diff.snapshots[0].changed
        #expect(rows.map(\.field) == ["Alloc", "HeapAlloc", "NextGC"])
        #expect(rows[2].change == -Double(50 << 20) && rows[2].relative == -0.25)
        #expect(diff.movedMost.first?.field == "NextGC")
        let text = RunDiffText.text(diff, style: OutputStyle(width: 60), summary: { "meaning of \($0.goName)" })
        #expect(text.contains("-50.0 MiB (-25.00%)"))
        #expect(text.contains("moved most:\n  NextGC  -25.00%  (\"s\")\n    meaning of NextGC"))
        for line in text.split(separator: "\n") { #expect(TextLayout.displayWidth(String(line)) <= 60) }
        #expect(RunDiffText.csv(diff).hasPrefix("snapshot,line,field,a,b,change,relative\ns,4,Alloc,104857600,105906176,1048576,0.01"))
    }

    @Test func aSharedBackendIsPairedAndANamedOneMustExist() throws {
        let a = document(backend: .simulator, heapAlloc: 1, nextGC: 1)
        let b = document(backend: .simulator, heapAlloc: 2, nextGC: 1, label: "other")
        let diff = try RunDiff.compare(a, file: "a.json", b, file: "b.json")
        #expect(diff.a.backend == "simulator" && diff.b.backend == "simulator")
        #expect(diff.snapshots[0].labelInB == "other")
        #expect(throws: RunDiff.Problem.noSuchBackend(file: "b.json", backend: "go", available: ["simulator"])) {
            try RunDiff.compare(a, file: "a.json", b, file: "b.json", backendB: "go")
        }
    }

    @Test func aSavedRunRoundTripsThroughJSON() throws {
        let a = document(backend: .go, heapAlloc: 5, nextGC: 9)
        let decoded = try JSONDecoder().decode(RunDocument.self, from: Data(try a.encoded().utf8))
        #expect(decoded.snapshots[0].readings["go"]?.memstats?.heapAlloc == 5)
    }

    @Test func focusOnlyComparesTheSnapshotsFocusFields() throws {
        let a = document(backend: .simulator, heapAlloc: 100 << 20, nextGC: 200 << 20, focus: [.nextGC, .numGC])
        let b = document(backend: .simulator, heapAlloc: 101 << 20, nextGC: 150 << 20, focus: [.nextGC, .numGC])
        let diff = try RunDiff.compare(a, file: "a", b, file: "b", focusOnly: true)
        #expect(diff.snapshots[0].changed.map(\.field) == ["NextGC"])
        #expect(diff.snapshots[0].unchangedCount == 1)
        #expect(diff.movedMost.map(\.field) == ["NextGC"])
        let text = RunDiffText.text(diff, style: OutputStyle(width: 80), summary: { _ in "" })
        #expect(text.contains("other focus fields that are the same: 1"), "\(text)")
        // A snapshot without focus compares the run view's default fields.
        let plain = try RunDiff.compare(document(backend: .go, heapAlloc: 1, nextGC: 1),  file: "a",
                                        document(backend: .go, heapAlloc: 2, nextGC: 1), file: "b", focusOnly: true)
        #expect(plain.snapshots[0].changed.map(\.field) == ["HeapAlloc"])
        #expect(plain.snapshots[0].unchangedCount == RunTextRenderer.defaultFields.count - 1)
        let same = try RunDiff.compare(a, file: "a", a, file: "b", focusOnly: true)
        #expect(RunDiffText.text(same, style: OutputStyle(width: 80), summary: { _ in "" }).contains("every focus field is the same"))
    }
}
