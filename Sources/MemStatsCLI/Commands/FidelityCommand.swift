// `memstats fidelity [SCENARIO…]`: the simulator scored against bands of real Go runs.

import Backends
import BundledScenarios
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
            toolchain. Exit status 1 when a scored scenario misses a bar, 6 when Go is not available.
            """,
        arguments: [ArgumentSpec("SCENARIO", help: "Bundled names or .scenario files.", optional: true, repeating: true)],
        options: [
            SharedOptions.goToolchain,
            SharedOptions.model,
            OptionSpec("runs", value: "N",
                       help: "Real Go runs per scenario (default 20, which gives stable bands; 5 for a quick look)."),
            SharedOptions.gomaxprocs,
            CalibrateCommand.option,
            OptionSpec("summary", help: "Only the per-field summary, not every snapshot."),
            SharedOptions.format,
        ],
        examples: ["fidelity", "fidelity spike --runs 5", "fidelity --format json"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let names = arguments.positionals.isEmpty ? BundledScenarios.all.map(\.name) : arguments.positionals
        let runs = try SharedOptions.positiveInteger(arguments.value("runs"), option: "runs", command: "fidelity",
                                                     default: Fidelity.defaultRealRuns)
        var setup = try BackendSetup(arguments, context: context, command: "fidelity")
        // Every scenario is read and checked before Go is looked for: a wrong name is the
        // user's first problem, whatever the machine has.
        let scenarios = try names.map { try ScenarioInput.compiled($0, context: context) }
        let go = setup.makeGoBackend()
        switch go.toolchain() {
        case .unavailable(let reason):
            throw CLIError.backendUnavailable(backend: "go", reason: reason, neededBy: "fidelity")
        case .found(let toolchain):
            for warning in setup.matchModel(to: toolchain) { context.writeError("warning: \(warning)\n") }
        }
        let configuration = setup.configuration
        var reports: [FidelityReport] = []
        for scenario in scenarios {
            var report = Fidelity.report(scenario: scenario, realRuns: runs, go: go) { scenario in
                let record = ScenarioInterpreter(backends: [SimulatorBackend(configuration: configuration)]).run(scenario)
                return record.snapshots.compactMap { $0.readings[.simulator] }
            }
            report.model = configuration.profile.name
            reports.append(report)
        }
        if SharedOptions.isJSON(arguments) {
            context.writeOutput(try JSONText.encode(["reports": reports]))
        } else {
            context.writeOutput(FidelityText.render(reports, showsSnapshots: !arguments.isSet("summary"),
                                                    width: FieldGuide.width(context)))
        }
        return reports.contains { $0.verdict == .fail } ? .expectationFailed : .success
    }
}
