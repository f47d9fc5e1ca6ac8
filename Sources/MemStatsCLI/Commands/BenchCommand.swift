// `memstats bench`: how fast and how lean the simulator is, as numbers and ratios.
// Speed and memory targets live here, not in timed tests.

import Backends
import FieldCatalogue
import Foundation
import LinuxProbes
import Presentation
import ScenarioLanguage

enum BenchCommand: Subcommand {
    static let spec = CommandSpec(
        name: "bench",
        abstract: "Benchmark the simulator: objects per second, the 64 GiB case, peak memory, ratio to real Go, start-up.",
        discussion: """
            Each workload is a scenario run on the simulator; its simulated objects per second and wall time \
            are printed. The 64 GiB case allocates 10^9 objects of 64 B. Three cases at Go's own limits (64 TiB \
            of 1 TiB objects, 10^12 objects of 8 B, 10 TiB of goroutine stacks) must stay within 5 s and 256 MiB of \
            peak RSS; each says whether it does. With a Go toolchain, the workloads \
            small enough to run for real also run on real Go, and the ratio simulator time / real Go time is \
            printed (below 1: the model is faster than the real thing). Build with -c release for real numbers.
            """,
        options: [SharedOptions.goToolchain, SharedOptions.model, OptionSpec("quick", help: "Skip the largest cases (the 64 GiB heap, 10^8 garbage objects, 10^12 objects of 8 B, 10 TiB of stacks)."), SharedOptions.format],
        examples: ["bench", "bench --quick"])

    struct Workload {
        var name: String
        var objectCount: UInt64
        var source: String
        /// Small enough to run on real Go under the real-memory cap.
        var runsOnRealGo: Bool
        /// The simulator's budget for this case (time, peak RSS), when it has one.
        var bound: (seconds: Double, peakBytes: UInt64)?
        /// Skipped by --quick (slow in a debug build).
        var isLarge: Bool = false
    }

    /// The budget of a scenario at Go's own limits: a few seconds and a few hundred MiB.
    static let limitBound: (seconds: Double, peakBytes: UInt64) = (5, 256 << 20)

    static let workloads: [Workload] = [
        // At Go's limits (check accepts them): the model costs O(runs of like spans and chunks),
        // not O(pages, chunks or objects). They come first, so "peak RSS so far" is theirs.
        Workload(name: "64 TiB: 64 x 1 TiB kept", objectCount: 64,
                 source: "alloc 64 x 1TiB as g\nsnapshot \"end\"\n", runsOnRealGo: false, bound: limitBound),
        Workload(name: "8 TB: 10^12 x 8 B kept", objectCount: 1_000_000_000_000,
                 source: "alloc 1000000000000 x 8B as g\nsnapshot \"end\"\n", runsOnRealGo: false, bound: limitBound),
        Workload(name: "10 TiB of stacks: 2x10^4 goroutines at 512 MiB", objectCount: 20_000,
                 source: "goroutines 20000 stack 512MiB as g\nsnapshot \"grown\"\nexit g\nsnapshot \"end\"\n",
                 runsOnRealGo: false, bound: limitBound, isLarge: true),
        Workload(name: "64 GiB: 10^9 x 64 B kept", objectCount: 1_000_000_000,
                 source: "alloc 1000000000 x 64B as big\ngc\nsnapshot \"end\"\n", runsOnRealGo: false),
        Workload(name: "churn: 10^8 x 64 B garbage", objectCount: 100_000_000,
                 source: "alloc 100000000 x 64B\nsnapshot \"end\"\n", runsOnRealGo: false),
        // Real backends count garbage as if it all lived at once (the cap cannot know GOGC's
        // effect in advance), so the real-Go comparisons stay under the 2 GiB cap.
        Workload(name: "churn: 2x10^7 x 64 B garbage", objectCount: 20_000_000,
                 source: "alloc 20000000 x 64B\nsnapshot \"end\"\n", runsOnRealGo: true),
        Workload(name: "fragmentation: 4x10^6 x 256 B, keep 1 in 32, refill", objectCount: 6_000_000,
                 source: "alloc 4000000 x 256B as c\nfree c keep 1 in 32\ngc\nalloc 2000000 x 256B as d\nsnapshot \"end\"\n",
                 runsOnRealGo: true),
        Workload(name: "tiny: 10^7 x 5 B kept", objectCount: 10_000_000,
                 source: "alloc 10000000 x 5B as t\nsnapshot \"end\"\n", runsOnRealGo: true),
        Workload(name: "stacks: 10^4 goroutines at 64 KiB", objectCount: 10_000,
                 source: "goroutines 10000 stack 64KiB as g\nsnapshot \"grown\"\nexit g\nsnapshot \"end\"\n",
                 runsOnRealGo: true),
    ]

    struct Row: Codable {
        var workload: String
        var simulatedObjects: UInt64
        var simulatorSeconds: Double
        var objectsPerSecond: Double
        var realGoSeconds: Double?
        var simulatorToRealGoRatio: Double?
        var peakResidentBytesAfter: UInt64?
        /// Within its budget (time and peak RSS so far), for a case that has one.
        var withinBound: Bool?
    }

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        var setup = try BackendSetup(arguments, context: context, command: "bench")
        let go = setup.makeGoBackend()
        let hasGo: Bool
        if case .found(let toolchain) = go.toolchain() {
            hasGo = true
            for warning in setup.matchModel(to: toolchain) { context.writeError("warning: \(warning)\n") }
        } else { hasGo = false }
        var rows: [Row] = []
        for workload in workloads
            where !(arguments.isSet("quick") && (workload.objectCount >= 100_000_000 || workload.isLarge)) {
            let compiled = ScenarioCompiler.compile(source: workload.source, file: "bench:\(workload.name)")
            guard let scenario = compiled.scenario else {
                throw CLIError.backendFailed("internal: benchmark scenario does not compile:\n" + compiled.rendered())
            }
            let clock = ContinuousClock()
            let start = clock.now
            _ = ScenarioInterpreter(backends: [SimulatorBackend(configuration: setup.configuration)]).run(scenario)
            let seconds = (clock.now - start).seconds
            var row = Row(workload: workload.name, simulatedObjects: workload.objectCount, simulatorSeconds: seconds,
                          objectsPerSecond: Double(workload.objectCount) / max(seconds, 1e-9),
                          peakResidentBytesAfter: ProcessProbe.peakResidentBytes())
            if let bound = workload.bound {
                row.withinBound = seconds <= bound.seconds && (row.peakResidentBytesAfter ?? 0) <= bound.peakBytes
            }
            if hasGo, workload.runsOnRealGo, let outputs = try? go.runs(scenario, count: 1), !outputs.isEmpty {
                row.realGoSeconds = go.lastRunSeconds
                row.simulatorToRealGoRatio = seconds / max(go.lastRunSeconds, 1e-9)
            }
            rows.append(row)
        }
        let startup = StartupBench.measure()
        if SharedOptions.isJSON(arguments) {
            struct Document: Codable { var workloads: [Row]; var startup: StartupBench.Result? }
            context.writeOutput(try JSONText.encode(Document(workloads: rows, startup: startup)))
            return .success
        }
        var lines = ["simulator benchmark (model \(setup.configuration.profile.name)"
                     + (hasGo ? "; real Go for comparison)" : "; no Go toolchain, so no real-Go ratios)")]
        for row in rows {
            var line = "  \(row.workload): \(String(format: "%.3f", row.simulatorSeconds)) s, "
                + "\(String(format: "%.3g", row.objectsPerSecond)) simulated objects/s"
            if let real = row.realGoSeconds, let ratio = row.simulatorToRealGoRatio {
                line += "; real Go \(String(format: "%.3f", real)) s; simulator/real = \(String(format: "%.3f", ratio))"
            }
            if let peak = row.peakResidentBytesAfter { line += "; peak RSS so far \(ByteCount(peak))" }
            if let within = row.withinBound {
                line += within ? "; within its bound (\(Int(limitBound.seconds)) s, \(ByteCount(limitBound.peakBytes)))"
                    : "; OVER its bound (\(Int(limitBound.seconds)) s, \(ByteCount(limitBound.peakBytes)))"
            }
            lines.append(line)
        }
        if let startup { lines.append(StartupBench.line(startup)) }
        context.writeOutput(lines.joined(separator: "\n") + "\n")
        return .success
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
