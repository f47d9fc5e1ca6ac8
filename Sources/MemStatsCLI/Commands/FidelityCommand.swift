// `memstats fidelity [SCENARIO…]`: the simulator scored against bands of real Go runs.

import Backends
import BundledScenarios
import FieldCatalogue
import Foundation
import Presentation
import ScenarioLanguage

enum FidelityCommand: Subcommand {
    static let spec = CommandSpec(
        name: "fidelity",
        abstract: "Score the simulator against real Go on scenarios (default: all bundled).",
        discussion: """
            Each scenario runs on the simulator and N times on real Go. Per snapshot and field the error is 0 \
            inside the band [min, max] of the real runs, else the distance to the nearer edge divided by \
            max(edge, 4 MiB) for bytes or max(edge, 1000) for object counts; NumGC counts cycles. Needs a Go \
            toolchain. The simulator also runs under a few variants of where a mark ends (at GOMAXPROCS 1 \
            sysmon preempting the program 0 or 10 ms after the fractional worker could finish a mark's \
            work, with the assists' part, at GOMAXPROCS > 1 the measured mark-termination latency's deciles per \
            cycle, and its p25 or p90 throughout), on \
            go1.24+ models with a large pointer object scanned by the cycle its allocation starts, with \
            a random heap base (the default on Go 1.26+; the real runs use Go's random base too) under 0 and \
            511 padding pages, and each score gets a band error \
            beside it: 0 when that predicted band [min, max] overlaps the real band, else the gap, divided \
            the same way. The bars judge the point. Exit status 1 when a scored scenario misses a bar, 6 \
            when Go is not available.
            """,
        arguments: [ArgumentSpec("SCENARIO", help: "Bundled names or .scenario files.", optional: true, repeating: true)],
        options: [
            SharedOptions.goToolchain,
            SharedOptions.model,
            OptionSpec("runs", value: "N",
                       help: "Real Go runs per scenario (default 20, which gives stable bands; 5 for a quick look)."),
            SharedOptions.gomaxprocs,
            SharedOptions.cpus,
            SharedOptions.heapBase,
            SharedOptions.heapPadding,
            SharedOptions.goEnvironment,
            CalibrateCommand.option,
            OptionSpec("summary", help: "Only the per-field summary, not every snapshot."),
            OptionSpec("random", value: "N",
                       help: "Score N random held-out scenarios (drawn from the language, never tuned on) instead, "
                           + "each and all pooled; with GCSys and OtherSys."),
            OptionSpec("seed", value: "S", help: "The seed of --random (default 1): the same seed gives the same scenarios."),
            SharedOptions.format,
        ],
        examples: ["fidelity", "fidelity spike --runs 5", "fidelity --format json",
                   "fidelity --random 30 --seed 7 --summary"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let runs = try SharedOptions.positiveInteger(arguments.value("runs"), option: "runs", command: "fidelity",
                                                     default: Fidelity.defaultRealRuns)
        var setup = try BackendSetup(arguments, context: context, command: "fidelity")
        let random = try randomScenarios(arguments)
        // Every scenario is read and checked before Go is looked for: a wrong name is the
        // user's first problem, whatever the machine has.
        let scenarios: [Scenario]
        if let random {
            scenarios = try (0..<random.count).map { index in
                let compiled = ScenarioCompiler.compile(source: random.scenarios.source(index),
                                                        file: random.scenarios.name(index))
                guard let scenario = compiled.scenario else {
                    throw CLIError.backendFailed("the random scenario generator made an invalid scenario (a bug):\n"
                                                 + compiled.rendered())
                }
                return scenario
            }
        } else {
            let names = arguments.positionals.isEmpty ? BundledScenarios.all.map(\.name) : arguments.positionals
            scenarios = try names.map { try ScenarioInput.compiled($0, context: context) }
        }
        let go = setup.makeGoBackend()
        switch go.toolchain() {
        case .unavailable(let reason):
            throw CLIError.backendUnavailable(backend: "go", reason: reason, neededBy: "fidelity")
        case .found(let toolchain):
            for warning in setup.matchModel(to: toolchain) { context.writeError("warning: \(warning)\n") }
        }
        if let note = setup.simulateThisMachinesCPUs() { context.writeError("warning: \(note)\n") }
        let configuration = setup.configuration
        var reports: [FidelityReport] = []
        let fields = random == nil ? Fidelity.scoredFields : Fidelity.heldOutFields
        for (index, scenario) in scenarios.enumerated() {
            if random != nil { context.writeError("fidelity: \(scenario.file) (\(index + 1) of \(scenarios.count))\n") }
            let bands: ((Scenario, [MemStats]) -> PredictedBands)? = PredictedBands.variants(for: configuration).isEmpty
                ? nil : { PredictedBands.predict($0, configuration: configuration, point: $1) }
            var report = Fidelity.report(scenario: scenario, realRuns: runs, go: go, fields: fields,
                                         predictedBands: bands) { scenario in
                let record = ScenarioInterpreter(backends: [SimulatorBackend(configuration: configuration)]).run(scenario)
                return record.snapshots.compactMap { $0.readings[.simulator] }
            }
            report.model = configuration.profile.name
            reports.append(report)
        }
        if random != nil {
            let pooled = Fidelity.pooled(reports)
            if SharedOptions.isJSON(arguments) {
                let sources = (0..<random!.count).map { random!.scenarios.source($0) }
                context.writeOutput(try JSONText.encode(RandomDocument(seed: random!.scenarios.seed, sources: sources,
                                                                       reports: reports, pooled: pooled)))
            } else {
                if !arguments.isSet("summary") {
                    context.writeOutput(FidelityText.render(reports, showsSnapshots: false, width: FieldGuide.width(context)))
                }
                context.writeOutput(FidelityText.renderPooled(pooled, scenarios: reports.count,
                                                              width: FieldGuide.width(context)))
            }
            return pooled.verdict == .fail ? .expectationFailed : .success
        }
        if SharedOptions.isJSON(arguments) {
            context.writeOutput(try JSONText.encode(["reports": reports]))
        } else {
            context.writeOutput(FidelityText.render(reports, showsSnapshots: !arguments.isSet("summary"),
                                                    width: FieldGuide.width(context)))
        }
        return reports.contains { $0.verdict == .fail } ? .expectationFailed : .success
    }

    /// `fidelity --random N --seed S` as JSON.
    struct RandomDocument: Encodable {
        var seed: UInt64
        /// Each scenario's text, to save and run again (`memstats run FILE`).
        var sources: [String]
        var reports: [FidelityReport]
        var pooled: FidelityReport
    }

    /// `--random N [--seed S]`, or nil; names are a usage error beside it.
    static func randomScenarios(_ arguments: ParsedArguments) throws -> (scenarios: RandomScenarios, count: Int)? {
        guard let text = arguments.value("random") else {
            if let seed = arguments.value("seed") {
                throw CLIError.invalidValue(option: "seed", value: seed, allowed: ["a seed only with --random N"],
                                            command: "fidelity")
            }
            return nil
        }
        let count = try SharedOptions.positiveInteger(text, option: "random", command: "fidelity", default: 1)
        if let name = arguments.positionals.first {
            throw CLIError.unexpectedArgument(name, command: "fidelity")
        }
        let seedText = arguments.value("seed") ?? "1"
        guard let seed = UInt64(seedText) else {
            throw CLIError.invalidValue(option: "seed", value: seedText, allowed: ["an integer from 0 to 2^64-1"],
                                        command: "fidelity")
        }
        return (RandomScenarios(seed: seed), count)
    }
}
