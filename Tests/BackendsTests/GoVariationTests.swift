// Real Go's own run-to-run variation on three stories (scavenger after GCs and sleep, GC churn
// under a memory limit with GOGC off, goroutine stacks), 10 runs each. Opt-in (about 80 s):
//   MEMSTATS_GO_VARIATION=1 swift test --filter GoVariation
// It prints, per snapshot, the fields whose real band is not a single value, and per field the
// band widths and each run's leave-one-out score; it checks the spec's claim that a real run
// scores 0 for the median of every field against the band of the others.

import FieldCatalogue
import Foundation
import Testing
@testable import Backends
import ScenarioLanguage

@Test(.enabled(if: ProcessInfo.processInfo.environment["MEMSTATS_GO_VARIATION"] != nil && GoAvailability.isAvailable,
               "opt-in: set MEMSTATS_GO_VARIATION=1 (needs Go)"))
func goVariationOfRealGoAcrossRuns() throws {
    let MiB: UInt64 = 1 << 20
    let scenarios: [Scenario] = [
        GoFixtures.scenario([
            GoFixtures.snap(1, "start"),
            GoFixtures.alloc(2, 200, x: MiB, as: "big"),
            GoFixtures.snap(3, "held"),
            GoFixtures.op(4, .free(group: "big")),
            GoFixtures.op(5, .gc),
            GoFixtures.op(6, .sleep(nanoseconds: 3_000_000_000)),
            GoFixtures.snap(7, "1 gc + 3s"),
            GoFixtures.op(8, .gc),
            GoFixtures.op(9, .sleep(nanoseconds: 3_000_000_000)),
            GoFixtures.snap(10, "2 gc + 3s"),
            GoFixtures.op(11, .release),
            GoFixtures.snap(12, "released"),
        ], file: "release-to-os"),
        GoFixtures.scenario([
            GoFixtures.op(1, .setGCPercent(nil)),
            GoFixtures.op(2, .setMemoryLimit(bytes: 64 * MiB)),
            GoFixtures.s(3, .repeatBlock(count: 4, body: [
                GoFixtures.alloc(4, 50_000, x: 1024),
                GoFixtures.snap(5, "churned"),
            ])),
        ], file: "memlimit-churn"),
        GoFixtures.scenario([
            GoFixtures.snap(1, "start"),
            GoFixtures.op(2, .goroutines(count: 1000, stackBytes: 64 << 10, group: "w")),
            GoFixtures.snap(3, "grown"),
            GoFixtures.op(4, .exit(group: "w")),
            GoFixtures.snap(5, "exited"),
            GoFixtures.op(6, .gc),
            GoFixtures.snap(7, "gc"),
        ], file: "stacks"),
    ]
    let go = GoBackend(maxSleepNanoseconds: 10_000_000_000, cacheDirectory: GoAvailability.cacheDirectory,
                       allocationCap: RealAllocationCap(limitBytes: 2 << 30, origin: "test"))
    for scenario in scenarios {
        let started = Date()
        let runs = try go.runs(scenario, count: 10)
        print("== \(scenario.file): 10 runs in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        let report = Fidelity.score(scenario: scenario.file, title: nil, goVersion: nil,
                                    snapshots: runs[0].readings.map { ($0.label, $0.line) },
                                    simulated: runs[0].readings.map(\.memStats), real: runs.map { $0.readings.map(\.memStats) })
        for s in report.snapshots {
            let moving = s.scores.filter { $0.realMin != $0.realMax }
            print("  \(s.label): " + moving.map { "\($0.field.goName) \($0.realMin)…\($0.realMax)" }.joined(separator: ", "))
        }
        for f in report.fields {
            print(String(format: "  %-13@ spread median %.4f max %.4f | leave-one-out median %.4f p90 %.4f max %.4f",
                         f.field.goName, f.realSpread.median, f.realSpread.max,
                         f.realSelfScore?.median ?? 0, f.realSelfScore?.p90 ?? 0, f.realSelfScore?.max ?? 0))
            #expect(f.realSelfScore?.median == 0, "\(scenario.file): \(f.field.goName) real runs disagree at most snapshots")
        }
    }
}
