// `memstats diff A.json B.json`: field by field, what changed between two saved runs.

import FieldCatalogue
import Foundation
import Presentation

enum DiffCommand: Subcommand {
    static let spec = CommandSpec(
        name: "diff",
        abstract: "Compare two saved runs (run --format json) field by field; explain what moved most.",
        discussion: """
            A and B are files written by 'memstats run SCENARIO --format json': the same scenario on two \
            backends, two Go versions or two model versions. One backend is compared from each file: \
            the one named with --a/--b, else one both files have (go before simulator), else each \
            file's first. Snapshots are paired in the order they were taken.
            """,
        arguments: [ArgumentSpec("A", help: "The first saved run (JSON)."),
                    ArgumentSpec("B", help: "The second saved run (JSON).")],
        options: [
            OptionSpec("a", value: "BACKEND", help: "The backend of A to compare (simulator, go, native)."),
            OptionSpec("b", value: "BACKEND", help: "The backend of B to compare."),
            SharedOptions.format(OutputFormat.allCases),
            SharedOptions.language,
            SharedOptions.color,
            SharedOptions.exact,
        ],
        examples: ["diff sim.json go.json", "diff old.json new.json --a simulator --b simulator",
                   "diff sim.json go.json --format csv"])

    /// The largest saved run diff reads.
    static let byteLimit = 64 << 20

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let (pathA, pathB) = (arguments.positionals[0], arguments.positionals[1])
        let a = try load(pathA, context: context)
        let b = try load(pathB, context: context)
        let diff: RunDiff
        do {
            diff = try RunDiff.compare(a, file: pathA, b, file: pathB, backendA: arguments.value("a"), backendB: arguments.value("b"))
        } catch RunDiff.Problem.noMemStats(let file) {
            throw CLIError.unreadableInput(path: file, reason: "it has no MemStats readings (a native-only run?)",
                                           hint: "save a run with the simulator or go backend: memstats run SCENARIO --format json")
        } catch RunDiff.Problem.noSuchBackend(let file, let backend, let available) {
            throw CLIError.invalidValue(option: file == pathA ? "a" : "b", value: backend, allowed: available, command: "diff")
        }
        let style = SharedOptions.style(arguments, context: context)
        let catalogue = try FieldGuide.catalogue(arguments)
        let summary = { (field: MemStatsField) in catalogue.entry(for: field).summary }
        switch SharedOptions.outputFormat(arguments) {
        case .json: context.writeOutput(try diff.encoded())
        case .csv: context.writeOutput(RunDiffText.csv(diff))
        case .markdown: context.writeOutput(RunDiffText.markdown(diff, style: style, summary: summary))
        case .text: context.writeOutput(RunDiffText.text(diff, style: style, summary: summary))
        }
        return .success
    }

    static func load(_ path: String, context: CommandContext) throws -> RunDocument {
        let bytes: [UInt8]
        switch context.readFile(path, byteLimit) {
        case .success(let read): bytes = read
        case .failure(let failure):
            throw CLIError.unreadableInput(path: path, reason: failure.reason, hint: failure.hint)
        }
        do {
            return try JSONDecoder().decode(RunDocument.self, from: Data(bytes))
        } catch {
            throw CLIError.unreadableInput(path: path, reason: "it is not a saved run: \(describe(error))",
                                           hint: "save one with: memstats run SCENARIO --format json > FILE")
        }
    }

    /// A decoding error in a few words, with the key path where it went wrong.
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no '\(key.stringValue)'" + path(context)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value" + path(context)
        case DecodingError.dataCorrupted(let context):
            return "not JSON" + path(context)
        default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "" : " at " + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
