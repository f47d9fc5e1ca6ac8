// The run renderers over a hand-built record: what a class sees and what scripts read.

import Backends
import FieldCatalogue
import Foundation
@testable import Presentation
import ScenarioLanguage
import Testing

private func span(_ line: Int, _ column: Int = 1) -> SourceSpan {
    SourceSpan(start: SourceLocation(file: "t.scenario", line: line, column: column), length: 1)
}

private func stats(heapAlloc: UInt64, heapInuse: UInt64, heapIdle: UInt64, heapReleased: UInt64) -> MemStats {
    var s = MemStats()
    s.heapAlloc = heapAlloc
    s.alloc = heapAlloc
    s.heapInuse = heapInuse
    s.heapIdle = heapIdle
    s.heapReleased = heapReleased
    s.heapSys = heapInuse + heapIdle
    s.sys = s.heapSys + 4 << 20
    return s
}

private func record() -> RunRecord {
    let scenario = Scenario(file: "t.scenario", title: "Test", about: ["About it."], statements: [])
    let first = SnapshotRecord(
        label: "before", step: nil, span: span(2), focus: [.heapAlloc, .heapIdle],
        readings: [.simulator: BackendReading(memStats: stats(heapAlloc: 1 << 20, heapInuse: 2 << 20, heapIdle: 2 << 20, heapReleased: 2 << 20),
                                              process: ProcessReading(values: [(ProcessMetric(.prediction, "VmRSS"), 6 << 20)])),
                   .native: BackendReading(process: ProcessReading(values: [(ProcessMetric(.status, "VmRSS"), 20 << 20),
                                                                            (ProcessMetric(.mallinfo2, "uordblks"), 1000)],
                                                                   unavailable: [(.smapsRollup, "no such file")]))])
    var second = first
    second.label = "after"
    second.span = span(5)
    second.step = "Grow"
    second.readings[.simulator]!.memStats = stats(heapAlloc: 101 << 20, heapInuse: 102 << 20, heapIdle: 2 << 20, heapReleased: 1 << 20)
    let passed = ExpectationResult(span: span(6), text: "HeapAlloc > 100MiB", backend: .simulator, snapshotLabel: "after",
                                   outcome: .passed(left: Double(101 << 20), right: Double(100 << 20)))
    let notChecked = ExpectationResult(span: span(6), text: "HeapAlloc > 100MiB", backend: .native, snapshotLabel: "after",
                                       outcome: .notChecked(reason: "no MemStats"))
    let failed = ExpectationResult(span: span(7), text: "HeapObjects > 5", backend: .simulator, snapshotLabel: "after",
                                   outcome: .failed(left: 3, right: 5))
    return RunRecord(scenario: scenario, requestedBackends: [.simulator, .native, .go], activeBackends: [.simulator, .native],
                     events: [.unavailable(backend: .go, reason: "no Go toolchain"), .snapshot(first),
                              .step(name: "Grow", span: span(3)), .note(text: "It grows.", span: span(4)),
                              .snapshot(second), .expectation(passed), .expectation(notChecked), .expectation(failed)])
}

@Suite struct RunTextRendererTests {
    let text = RunTextRenderer(model: "go1.27", width: 100, summary: { "meaning of \($0.goName)" }).render(record())

    @Test func narrationAndUnavailableBackends() {
        #expect(text.hasPrefix("Test  (t.scenario; model go1.27)\nAbout it.\nbackends: simulator, native, go (did not run; see below)\n"))
        #expect(text.contains("! go is not taking part: no Go toolchain"))
        #expect(text.contains("== Grow ==\n   It grows."))
    }

    @Test func focusedFieldsWithDeltasAndMeanings() {
        #expect(text.contains("● snapshot \"after\"  (line 5)"))
        let row = text.split(separator: "\n").first { $0.hasPrefix("  HeapAlloc") && $0.contains("101.0 MiB") }
        #expect(row?.contains("101.0 MiB (+100.0 MiB)") == true)
        #expect(row?.hasSuffix("meaning of HeapAlloc") == true)
        #expect(!text.contains("  HeapSys "), "only the focused fields")
    }

    @Test func processRowsMarkPredictionsAndLedger() {
        #expect(text.contains("≈6.0 MiB"))
        #expect(text.contains("20.0 MiB"))
        #expect(text.contains("native: /proc/self/smaps_rollup not available: no such file"))
        #expect(text.contains("Sys − HeapReleased"))
    }

    @Test func expectationsAreGroupedPerLineAndSummarised() {
        #expect(text.contains("""
              ✓ expect HeapAlloc > 100MiB  [line 6]
                  simulator: 101.0 MiB (105 906 176) vs 100.0 MiB (104 857 600)
                  native: not checked (no MemStats)
            """))
        #expect(text.contains("  ✗ expect HeapObjects > 5  [line 7; simulator: 3 vs 5]"))
        #expect(text.hasSuffix("1 expectation failed:\n  t.scenario:7:1: HeapObjects > 5  [simulator]\n"
            + "not checked on native: 1 of 2 (no MemStats)\n"))
    }

    @Test func allFieldsShowsEveryScalarField() {
        let all = RunTextRenderer(model: "go1.27", showsAllFields: true, width: 100, summary: { _ in "" }).render(record())
        for field in MemStatsField.allCases where field.isScalar {
            #expect(all.contains("\n  \(field.goName) "), "\(field)")
        }
    }
}

@Suite struct RunDocumentTests {
    @Test func documentFollowsTheContract() throws {
        let json = try RunDocument(record: record(), model: "go1.27").encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["scenario", "model", "backends", "snapshots", "expectations", "narration"])
        let backends = try #require(object["backends"] as? [String: [String: String]])
        #expect(backends["go"] == ["status": "unavailable", "reason": "no Go toolchain"])
        #expect(backends["simulator"] == ["status": "ran"])
        let snapshots = try #require(object["snapshots"] as? [[String: Any]])
        #expect(snapshots.count == 2)
        let readings = try #require(snapshots[1]["readings"] as? [String: [String: Any]])
        #expect((readings["simulator"]?["memstats"] as? [String: Any])?["HeapAlloc"] as? Int == 101 << 20)
        #expect(readings["native"]?["memstats"] == nil)
        #expect((readings["native"]?["process"] as? [String: Int])?["status.VmRSS"] == 20 << 20)
        #expect((readings["native"]?["processUnavailable"] as? [String: String])?["/proc/self/smaps_rollup"] == "no such file")
        let expectations = try #require(object["expectations"] as? [[String: Any]])
        #expect(expectations.map { $0["status"] as? String } == ["passed", "not-checked", "failed"])
        #expect(json == (try RunDocument(record: record(), model: "go1.27").encoded()), "stable output")
    }
}

/// A record whose scenario carries translations (scenario language 1.1), compiled from source
/// so the statements' lines are the ones the events point at.
private func translatedRecord() throws -> RunRecord {
    let source = """
        title "Test" zh "测试"
        about "About it." zh "关于它。"
        snapshot "before" zh "之前" focus HeapAlloc
        step "Grow" zh "增长"
        note "It grows." zh "它在增长。"
        snapshot "after" focus HeapAlloc
        """
    let scenario = try #require(ScenarioCompiler.compile(source: source, file: "t.scenario").scenario)
    let reading = BackendReading(memStats: stats(heapAlloc: 1 << 20, heapInuse: 2 << 20, heapIdle: 0, heapReleased: 0))
    let before = SnapshotRecord(label: "before", step: nil, span: span(3), focus: [.heapAlloc], readings: [.simulator: reading])
    let after = SnapshotRecord(label: "after", step: "Grow", span: span(6), focus: [.heapAlloc], readings: [.simulator: reading])
    return RunRecord(scenario: scenario, requestedBackends: [.simulator], activeBackends: [.simulator],
                     events: [.snapshot(before), .step(name: "Grow", span: span(4)), .note(text: "It grows.", span: span(5)),
                              .snapshot(after)])
}

@Suite struct TranslatedNarrationTests {
    @Test func chineseShowsTranslationsAndKeepsTheEnglishWhereThereIsNone() throws {
        let text = RunTextRenderer(model: "go1.27", width: 100, language: .chinese, summary: { _ in "" })
            .render(try translatedRecord())
        #expect(text.hasPrefix("测试（t.scenario；模型 go1.27）\n关于它。\n"))
        #expect(text.contains("● 快照 “之前”（第 3 行）"))
        #expect(text.contains("== 增长 ==\n   它在增长。"))
        #expect(text.contains("● 快照 “after”（第 6 行）"), "no translation: the English is shown")
    }

    @Test func englishIgnoresTranslations() throws {
        let text = RunTextRenderer(model: "go1.27", width: 100, summary: { _ in "" }).render(try translatedRecord())
        #expect(text.hasPrefix("Test  (t.scenario; model go1.27)\nAbout it.\n"))
        #expect(text.contains("== Grow ==\n   It grows.") && !text.contains("增长"))
    }

    @Test func jsonKeepsTheEnglishKeysAndAddsTranslationsBeside() throws {
        let document = RunDocument(record: try translatedRecord(), model: "go1.27")
        #expect(document.scenario.title == "Test" && document.scenario.titleTranslations == ["zh": "测试"])
        #expect(document.scenario.aboutTranslations == ["zh": "关于它。"])
        #expect(document.snapshots[0].label == "before" && document.snapshots[0].labelTranslations == ["zh": "之前"])
        #expect(document.snapshots[1].label == "after" && document.snapshots[1].labelTranslations == nil)
        #expect(document.snapshots[1].step == "Grow" && document.snapshots[1].stepTranslations == ["zh": "增长"])
        #expect(document.narration.map(\.textTranslations) == [["zh": "增长"], ["zh": "它在增长。"]])
        let json = try document.encoded()
        #expect(json.contains("\"labelTranslations\" : {\n        \"zh\" : \"之前\""))
        #expect(!json.contains("\"labelTranslations\" : null"))
    }
}

@Suite struct AnalogyTranslationTests {
    /// Every analogy the native backend produces (the malloc_trim one needs a `release`) has a
    /// Chinese idea and caveat, so `--lang zh` never falls back to English for them.
    @Test func everyNativeAnalogyHasAChineseTranslation() throws {
        let source = "alloc 2000 x 64KiB as a\nfree a\nrelease\nsnapshot \"s\"\n"
        let scenario = try #require(ScenarioCompiler.compile(source: source, file: "t.scenario").scenario)
        let record = ScenarioInterpreter(backends: [NativeBackend()]).run(scenario)
        let analogies = record.snapshots.flatMap { $0.readings.values.flatMap(\.analogies) }
        #expect(analogies.count >= 3)
        for analogy in analogies {
            #expect(AnalogyWords.chinese[analogy.idea] != nil, "no Chinese for '\(analogy.idea)'")
            #expect(AnalogyWords.translated(analogy, into: .chinese).idea != analogy.idea)
        }
    }
}
