// The held-out generator of `fidelity --random`: every scenario it draws is valid and within its
// bounds, the same seed gives the same text, and pooling sums snapshots as one score.

import FieldCatalogue
import Foundation
import HeapSimulator
import ScenarioLanguage
import Testing
@testable import Backends

@Suite struct RandomScenariosTests {
    @Test func everyDrawnScenarioChecksCleanAndStaysWithinItsBounds() throws {
        var statements: Set<String> = []
        for seed in [1, 7, 42] as [UInt64] {
            let random = RandomScenarios(seed: seed)
            for index in 0..<100 {
                let source = random.source(index)
                let compiled = ScenarioCompiler.compile(source: source, file: random.name(index))
                #expect(compiled.diagnostics.isEmpty, "\(random.name(index)):\n\(source)\n\(compiled.rendered())")
                let scenario = try #require(compiled.scenario)
                #expect(ResourceEstimate.estimate(scenario).peakBytes <= 2 * RandomScenarios.maxTotalBytes,
                        "\(random.name(index))")
                for line in source.split(separator: "\n") {
                    statements.insert(String(line.trimmingCharacters(in: .whitespaces).prefix { $0 != " " }))
                }
            }
        }
        // The grammar is covered: every kind of statement appears somewhere.
        for keyword in ["title", "step", "alloc", "free", "gc", "release", "sleep", "goroutines", "exit", "set",
                        "snapshot", "repeat", "end"] {
            #expect(statements.contains(keyword), "\(keyword)")
        }
    }

    @Test func theSameSeedGivesTheSameScenariosAndAnotherSeedOthers() {
        #expect(RandomScenarios(seed: 7).source(3) == RandomScenarios(seed: 7).source(3))
        #expect(RandomScenarios(seed: 7).source(3) != RandomScenarios(seed: 8).source(3))
        #expect(RandomScenarios(seed: 7).source(3) != RandomScenarios(seed: 7).source(4))
    }

    @Test func poolingSummarisesEverySnapshotOfEveryScoredReport() {
        func stats(_ heapAlloc: UInt64) -> MemStats {
            var m = MemStats()
            m.heapAlloc = heapAlloc
            return m
        }
        let mib: UInt64 = 1 << 20
        let a = Fidelity.score(scenario: "a", title: nil, goVersion: "go1.27.3", snapshots: [("s1", 1), ("s2", 2)],
                               simulated: [stats(10 * mib), stats(10 * mib)],
                               real: [[stats(10 * mib), stats(20 * mib)]], fields: [.heapAlloc])
        let b = Fidelity.score(scenario: "b", title: nil, goVersion: "go1.27.3", snapshots: [("s1", 1)],
                               simulated: [stats(40 * mib)], real: [[stats(40 * mib)]], fields: [.heapAlloc])
        let unscored = FidelityReport(scenario: "c", title: nil, goVersion: nil, realRuns: 0)
        let pooled = Fidelity.pooled([a, b, unscored], fields: [.heapAlloc])
        #expect(pooled.snapshots.map(\.label) == ["a: s1", "a: s2", "b: s1"])
        let field = pooled.fields.first
        #expect(field?.field == .heapAlloc)
        #expect(field?.error.median == 0 && field?.error.max == 0.5, "one snapshot of three is 50 % off")
        #expect(pooled.verdict == .fail)
    }
}

/// A small fixed-seed held-out set on real Go, as CI runs it: every scenario is scored, and the
/// fields real Go repeats exactly (TotalAlloc, Mallocs: the program's own allocations) agree at
/// every snapshot within the bar. The full held-out numbers come from `fidelity --random 30`.
@Suite(.serialized, .goBacked, .goRequired)
struct RandomScenariosOnRealGoTests {
    @Test func aSmallHeldOutSetIsScoredAndTheProgramsOwnAllocationsAgree() throws {
        let random = RandomScenarios(seed: 1)
        var reports: [FidelityReport] = []
        for index in 0..<3 {
            let scenario = try #require(ScenarioCompiler.compile(source: random.source(index), file: random.name(index)).scenario)
            let go = GoBackend(cacheDirectory: GoAvailability.cacheDirectory)
            let configuration = SimulatorConfiguration(environment: go.programGoEnvironment)
            reports.append(Fidelity.report(scenario: scenario, realRuns: 3, go: go, fields: Fidelity.heldOutFields) { scenario in
                ScenarioInterpreter(backends: [SimulatorBackend(configuration: configuration)]).run(scenario)
                    .snapshots.compactMap { $0.readings[.simulator] }
            })
        }
        for report in reports { #expect(report.verdict != .unscored, "\(report.scenario): \(report.unscoredReason ?? "")") }
        let pooled = Fidelity.pooled(reports)
        #expect(pooled.snapshots.count >= 9)
        for field in [MemStatsField.totalAlloc, .mallocs] {
            let summary = try #require(pooled.fields.first { $0.field == field })
            #expect(summary.error.max <= Fidelity.bar(for: field).max, "\(field): \(summary.error)")
        }
        let fields = Set(pooled.fields.map(\.field))
        #expect(fields.isSuperset(of: [.gcSys, .otherSys, .heapReleased, .heapIdle]))
    }
}
