// `memstats baseline`: measures the generated program's start-up state with real Go and prints
// (or, with --write, writes) the generated MeasuredStartup file the simulator starts from.

import Backends
import Foundation
import GoProgramContract

enum BaselineCommand: Subcommand {
    static let spec = CommandSpec(
        name: "baseline",
        abstract: "Measure the generated Go program's start-up state and print (or --write) the baseline file.",
        discussion: """
            Builds the program of the scenario `snapshot "start"` and runs it N times (GOMAXPROCS=1); each \
            run's first reading gives the start-up MemStats, and the smallest reading is kept (real Go \
            sometimes starts one more thread before main, more often on a busy machine). Prints the Swift file \
            \(StartupMeasurement.generatedFile); with --write, run from the package root, replaces it. \
            Needs a Go toolchain (the release the file is for). Exit status 6 when Go is not available.
            """,
        options: [
            SharedOptions.goToolchain,
            OptionSpec("runs", value: "N", help: "Runs of the program (default \(StartupMeasurement.defaultRuns))."),
            OptionSpec("write", help: "Write the file in the package (run from the package root) instead of printing it."),
        ],
        examples: ["baseline", "baseline --write"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let runs = try SharedOptions.positiveInteger(arguments.value("runs"), option: "runs", command: "baseline",
                                                     default: StartupMeasurement.defaultRuns)
        var setup = try BackendSetup(arguments, context: context, command: "baseline")
        // The baseline is the start-up without padding: the model adds a random base's padding on top.
        setup.configuration.heapBase = .fixed
        let go = setup.makeGoBackend()
        if case .unavailable(let reason) = go.toolchain() {
            throw CLIError.backendUnavailable(backend: "go", reason: reason, neededBy: "baseline")
        }
        let measured: (kept: MeasuredStartup, readings: [MeasuredStartup])
        do {
            measured = try StartupMeasurement.measure(go: go, runs: runs)
        } catch {
            throw CLIError.backendFailed(error.message)
        }
        let text = StartupMeasurement.render(measured.kept, runs: runs)
        let like = measured.readings.filter { $0 == measured.kept }.count
        guard arguments.isSet("write") else {
            context.writeOutput(text)
            return .success
        }
        let path = StartupMeasurement.generatedFile
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError.backendFailed("--write replaces \(path), which is not here: run it from the package root")
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError.backendFailed("cannot write \(path): \(error.localizedDescription)")
        }
        context.writeOutput("wrote \(path): \(measured.kept.goVersion), the reading of \(like) of \(runs) runs\n")
        return .success
    }
}
