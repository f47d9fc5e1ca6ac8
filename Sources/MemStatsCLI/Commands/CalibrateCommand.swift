// `memstats calibrate`: measures on this machine the costs the simulator charges in virtual time
// and prints them as a cost table with its provenance; `--calibration FILE` (run, fidelity)
// reads such a table back.

import Backends
import Foundation
import HeapSimulator
import Presentation

enum CalibrateCommand: Subcommand {
    static let spec = CommandSpec(
        name: "calibrate",
        abstract: "Measure the model's virtual-time costs on real Go on this machine; print a cost table.",
        discussion: """
            Builds a Go program (GoCalibration/calibrate.go) and runs it N times with GOMAXPROCS=1. It measures, \
            in process CPU time: an allocation per size class, the first write to a fresh page, releasing a page \
            to the OS, the GC's mark rate and fixed work, sweeping a span, and the stop-the-world pause with few \
            and with 10 000 goroutines. Each figure is the median of the runs. The table names the machine, the \
            Go version, the date and this command; save it with `> FILE` and give it to run or fidelity with \
            --calibration FILE. The standard costs are such a table, measured on one machine (Tutorials/model-calibration.md). \
            Needs a Go toolchain: exit status 6 when none answers.
            """,
        options: [
            SharedOptions.goToolchain,
            OptionSpec("runs", value: "N", help: "Runs of the calibration program (default 3); each takes about 15 s of CPU."),
            SharedOptions.format,
        ],
        examples: ["calibrate > costs.table", "calibrate --runs 1", "run gc-pacing --calibration costs.table"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let runs = try SharedOptions.positiveInteger(arguments.value("runs"), option: "runs", command: "calibrate",
                                                     default: GoCalibration.defaultRuns)
        let toolchain: GoToolchain
        switch GoToolchain.locate(explicitPath: arguments.value("go"), environment: context.environment) {
        case .found(let found): toolchain = found
        case .unavailable(let reason):
            throw CLIError.backendUnavailable(backend: "go", reason: reason, neededBy: "calibrate")
        }
        var command = "memstats calibrate"
        if let runs = arguments.value("runs") { command += " --runs \(runs)" }
        let table: CalibrationTable
        do {
            table = try GoCalibration.measure(
                toolchain: toolchain, runs: runs,
                cacheDirectory: GoToolchain.defaultCacheDirectory(environment: context.environment),
                environment: context.environment, command: command)
        } catch {
            throw CLIError.backendFailed(error.message)
        }
        if SharedOptions.isJSON(arguments) {
            context.writeOutput(try JSONText.encode(table))
        } else {
            context.writeOutput(table.text)
        }
        return .success
    }

    /// `--calibration FILE`, for the commands that run the simulator.
    static let option = OptionSpec("calibration", value: "FILE",
                                   help: "The simulator's virtual-time costs from a table made by `memstats calibrate`.")

    /// The simulator's calibration with the table `--calibration` names (standard without it).
    static func calibration(_ arguments: ParsedArguments, context: CommandContext) throws -> Calibration {
        guard let path = arguments.value("calibration") else { return .standard }
        let bytes: [UInt8]
        switch context.readFile(path, 1 << 20) {
        case .success(let read): bytes = read
        case .failure(let failure):
            throw CLIError.unreadableInput(path: path, reason: failure.reason, hint: failure.hint)
        }
        do {
            let table = try CalibrationTable.parse(String(decoding: bytes, as: UTF8.self))
            let applied = table.apply(to: .standard)
            for note in applied.notes { context.writeError("memstats: \(path): \(note)\n") }
            return applied.calibration
        } catch {
            throw CLIError.unreadableInput(path: "\(path):\(error.line)", reason: error.message,
                                           hint: "write a table with: memstats calibrate > FILE")
        }
    }
}
