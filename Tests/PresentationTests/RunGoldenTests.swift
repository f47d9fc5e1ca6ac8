// Golden outputs of the run report at 60, 80 and 120 columns, colour off, over a hand-built
// record (three backends, every kind of event, every non-scalar field), so the goldens change
// only when the presentation does, never when the simulator's numbers do. Every line must also
// fit its width. To refresh after an intended change:
//     MEMSTATS_UPDATE_GOLDENS=1 swift test --filter RunGoldenTests
// and read the diff.

import FieldCatalogue
import Foundation
@testable import Presentation
import ScenarioLanguage
import Testing

/// The golden files, next to this source file.
enum Goldens {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    /// Compares `text` with the golden `name`, or writes it when MEMSTATS_UPDATE_GOLDENS is set.
    static func check(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["MEMSTATS_UPDATE_GOLDENS"] != nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try? String(contentsOf: url, encoding: .utf8)
        #expect(golden != nil, "missing golden \(name); run with MEMSTATS_UPDATE_GOLDENS=1", sourceLocation: sourceLocation)
        guard let golden else { return }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
        if let i = (0..<min(got.count, want.count)).first(where: { got[$0] != want[$0] }) ?? (got.count == want.count ? nil : min(got.count, want.count)) {
            Issue.record("\(name) differs at line \(i + 1):\n got: \(i < got.count ? got[i] : "<end>")\nwant: \(i < want.count ? want[i] : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }
}

private func span(_ line: Int) -> SourceSpan {
    SourceSpan(start: ScenarioLanguage.SourceLocation(file: "Scenarios/lesson.scenario", line: line, column: 1), length: 1)
}

/// A Go-like reading: `gcs` collections 0.5 s apart ending at `end`, 1 KiB objects in BySize.
private func stats(heap: UInt64, gcs: UInt32, end: UInt64, objects: UInt64) -> MemStats {
    var m = MemStats()
    m.heapAlloc = heap
    m.alloc = heap
    m.totalAlloc = heap + 3 << 20
    m.heapInuse = heap + 1 << 20
    m.heapIdle = 6 << 20
    m.heapReleased = 5 << 20
    m.heapSys = m.heapInuse + m.heapIdle
    m.sys = m.heapSys + 9 << 20
    m.heapObjects = objects + 100
    m.mallocs = objects + 1_000
    m.frees = 900
    m.stackInuse = 256 << 10
    m.stackSys = 256 << 10
    m.nextGC = heap * 2
    m.numGC = gcs
    m.numForcedGC = gcs > 0 ? 1 : 0
    m.gcCPUFraction = gcs > 0 ? 0.012345 : 0
    m.enableGC = true
    for i in 0..<Int(gcs) {
        m.pauseNs[i] = UInt64(20_000 + 1_000 * i)
        m.pauseEnd[i] = end - UInt64(Int(gcs) - 1 - i) * 500_000_000
        m.pauseTotalNs += m.pauseNs[i]
    }
    m.lastGC = gcs > 0 ? end : 0
    m.bySize[1] = SizeClassStats(size: 8, mallocs: 40, frees: 12)
    m.bySize[35] = SizeClassStats(size: 1024, mallocs: objects, frees: 0)
    return m
}

private func goldenRecord() -> RunRecord {
    let scenario = Scenario(file: "Scenarios/lesson.scenario", title: "A lesson in fitting",
                            about: ["A burst of 1 KiB requests lifts the heap; the burst ends, and we watch what the "
                                    + "runtime keeps, and when it gives memory back to the OS."], statements: [])
    let start: UInt64 = 1_767_225_600_000_000_000
    func reading(_ heap: UInt64, gcs: UInt32, objects: UInt64, rss: UInt64) -> [BackendKind: BackendReading] {
        let sim = stats(heap: heap, gcs: gcs, end: start + 2_000_000_000, objects: objects)
        let go = stats(heap: heap + 4096, gcs: gcs, end: start + 2_100_000_000, objects: objects)
        return [
            .simulator: BackendReading(memStats: sim,
                                       process: ProcessReading(values: [(ProcessMetric(.prediction, "VmRSS"), rss),
                                                                        (ProcessMetric(.prediction, "VmSize"), 1_288_490_188)]),
                                       takenAtUnixNanoseconds: start + 4_100_000_000),
            .go: BackendReading(memStats: go,
                                process: ProcessReading(values: [(ProcessMetric(.status, "VmRSS"), rss + 65_536),
                                                                 (ProcessMetric(.status, "RssAnon"), rss - 1_048_576),
                                                                 (ProcessMetric(.status, "VmSize"), 1_288_490_188)])),
            .native: BackendReading(process: ProcessReading(values: [(ProcessMetric(.status, "VmRSS"), rss + 20 << 20),
                                                                     (ProcessMetric(.mallinfo2, "uordblks"), heap + 300_000)],
                                                            unavailable: [(.smapsRollup, "no such file")]),
                                    analogies: [BackendReading.Analogy(
                                        idea: "bytes in use: uordblks + hblkhd", nearestField: .heapAlloc, bytes: heap + 300_000,
                                        caveat: "glibc counts whole chunks (an 8-byte header, rounded to 16) of every malloc in "
                                            + "this process, the Swift runtime's included; HeapAlloc counts live Go objects by size class")]),
        ]
    }
    let first = SnapshotRecord(label: "start", step: nil, span: span(5), focus: [.heapAlloc, .heapIdle, .lastGC],
                               readings: reading(40 << 10, gcs: 0, objects: 0, rss: 2_621_440))
    let second = SnapshotRecord(label: "burst held", step: "The burst", span: span(9),
                                focus: [.heapAlloc, .heapIdle, .heapReleased, .lastGC, .pauseNs, .pauseEnd, .bySize],
                                readings: reading(103_284_736, gcs: 5, objects: 100_000, rss: 108_111_975))
    let passed = ExpectationResult(span: span(10), text: "HeapAlloc ~ 100MiB within 10%", backend: .simulator,
                                   snapshotLabel: "burst held", outcome: .passed(left: 103_284_736, right: 104_857_600))
    let passedGo = ExpectationResult(span: span(10), text: "HeapAlloc ~ 100MiB within 10%", backend: .go,
                                     snapshotLabel: "burst held", outcome: .passed(left: 103_288_832, right: 104_857_600))
    let notChecked = ExpectationResult(span: span(10), text: "HeapAlloc ~ 100MiB within 10%", backend: .native,
                                       snapshotLabel: "burst held", outcome: .notChecked(reason: "no MemStats"))
    let failed = ExpectationResult(span: span(11), text: "NumGC == 0", backend: .simulator, snapshotLabel: "burst held",
                                   outcome: .failed(left: 5, right: 0))
    return RunRecord(scenario: scenario, requestedBackends: [.simulator, .go, .native],
                     activeBackends: [.simulator, .go, .native],
                     events: [.snapshot(first), .step(name: "The burst", span: span(7)),
                              .note(text: "100 000 requests each hold a 1 KiB buffer: about 100 MB of live objects.", span: span(8)),
                              .notice(backend: .native, text: "gc: nothing to do: malloc frees at once; there is no collector",
                                      span: span(8)),
                              .snapshot(second), .expectation(passed), .expectation(passedGo), .expectation(notChecked),
                              .expectation(failed)])
}

@Suite struct RunGoldenTests {
    let english: FieldCatalogue
    let chinese: FieldCatalogue

    init() throws {
        english = try FieldCatalogue.shared(.english)
        chinese = try FieldCatalogue.shared(.chinese)
    }

    private func render(width: Int, catalogue: FieldCatalogue, allFields: Bool = false, exact: Bool = false) -> String {
        RunTextRenderer(model: "go1.27", showsAllFields: allFields,
                        style: OutputStyle(width: width, usesColor: false, language: catalogue.language, showsExactValues: exact),
                        summary: { catalogue.entry(for: $0).summary }).render(goldenRecord())
    }

    @Test(arguments: [60, 80, 120])
    func runReportMatchesItsGoldenAndFits(width: Int) {
        for (name, text) in [("run-\(width).txt", render(width: width, catalogue: english)),
                             ("run-all-fields-\(width).txt", render(width: width, catalogue: english, allFields: true)),
                             ("run-zh-\(width).txt", render(width: width, catalogue: chinese))] {
            Goldens.check(text, name)
            for line in text.split(separator: "\n") {
                #expect(TextLayout.displayWidth(String(line)) <= width, "\(name): '\(line)'")
            }
        }
    }

    @Test func exactValuesShowIntegersAndUnixTimes() {
        let text = render(width: 120, catalogue: english, exact: true)
        Goldens.check(text, "run-exact-120.txt")
        #expect(text.contains("1 767 225 602 000 000 000"), "LastGC as Unix nanoseconds")
        #expect(text.contains("103 284 736"))
    }

    @Test func timesAreRelativeToTheReadingAndPausesListTheNewest() {
        let text = render(width: 120, catalogue: english)
        #expect(text.contains("2.1 s ago"), "LastGC 2.1 s before the simulator's reading")
        #expect(text.replacingOccurrences(of: "\n", with: " ").contains("newest 24 µs, 23 µs, 22 µs, …;"))
        #expect(text.contains("1 KiB  100 000 / 0"), "BySize's non-empty rows")
        for field in ["PauseNs", "PauseEnd", "BySize", "LastGC"] {
            let row = text.split(separator: "\n").first { $0.hasPrefix("  \(field) ") }
            #expect(row != nil && row?.contains("—") == false, "\(field) is shown, not a dash: \(row ?? "")")
        }
    }

    @Test func colourMarksChangesAndVerdictsOnlyWhenOn() {
        var style = OutputStyle(width: 80, usesColor: true)
        let coloured = RunTextRenderer(model: "go1.27", style: style, summary: { _ in "m" }).render(goldenRecord())
        #expect(coloured.contains("\u{1B}[33m(+98.5 MiB)\u{1B}[0m"), "an increase in the up colour")
        #expect(coloured.contains("\u{1B}[32m✓\u{1B}[0m") && coloured.contains("\u{1B}[1;31m✗\u{1B}[0m"))
        style.usesColor = false
        let plain = RunTextRenderer(model: "go1.27", style: style, summary: { _ in "m" }).render(goldenRecord())
        #expect(!plain.contains("\u{1B}["))
        for line in coloured.split(separator: "\n") {
            #expect(TextLayout.displayWidth(String(line)) <= 80, "colour codes take no columns: '\(line)'")
        }
    }
}

@Suite struct RunExportGoldenTests {
    @Test func csvHasAHeaderAndOneRowPerSnapshotBackendAndValue() {
        let text = RunExport.csv(goldenRecord())
        Goldens.check(text, "run.csv")
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows[0].joined(separator: ",") == RunExport.csvHeader.joined(separator: ","))
        #expect(rows.dropFirst().allSatisfy { $0.count == RunExport.csvHeader.count }, "no unquoted comma in a value")
        // 2 snapshots × (2 MemStats backends × 28 scalar fields) plus each backend's Linux metrics.
        let memstatsRows = rows.dropFirst().filter { MemStatsField(goName: String($0[5])) != nil }
        #expect(memstatsRows.count == 2 * 2 * MemStatsField.allCases.filter(\.isScalar).count)
        #expect(text.contains("burst held,9,,The burst,simulator,HeapAlloc,103284736,bytes"))
        #expect(text.contains("burst held,9,,The burst,native,status.VmRSS,"))
    }

    @Test func csvQuotesFieldsWithCommasAndQuotes() {
        #expect(RunExport.csvField("after gc, again") == "\"after gc, again\"")
        #expect(RunExport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(RunExport.csvField("plain") == "plain")
    }

    @Test func markdownIsTablesForSlides() throws {
        let catalogue = try FieldCatalogue.shared(.english)
        let text = RunExport.markdown(goldenRecord(), model: "go1.27", style: OutputStyle(width: 80, usesColor: true),
                                      summary: { catalogue.entry(for: $0).summary })
        Goldens.check(text, "run.md")
        #expect(text.hasPrefix("# A lesson in fitting\n"))
        #expect(text.contains("## The burst\n"))
        #expect(text.contains("| field | simulator | go | meaning |\n| --- | --- | --- | --- |\n"))
        #expect(!text.contains("\u{1B}["), "no colour codes in Markdown")
        #expect(!text.contains("\u{00A0}"), "no glue characters in Markdown")
    }
}
