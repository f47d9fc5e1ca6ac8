// `memstats diff A.json B.json`: field by field, what changed between two saved runs.
// `memstats diff SCENARIO --model go1.19 --model go1.27`: the same program on two simulated Go
// releases, compared the same way.

import Backends
import FieldCatalogue
import Foundation
import HeapSimulator
import Presentation
import ScenarioLanguage

enum DiffCommand: Subcommand {
    static let spec = CommandSpec(
        name: "diff",
        abstract: "Compare two saved runs, or one scenario on two models, field by field; explain what moved most.",
        discussion: """
            A and B are files written by 'memstats run SCENARIO --format json': the same scenario on two \
            backends, two Go versions or two model versions. One backend is compared from each file: \
            the one named with --a/--b, else one both files have (go before simulator), else each \
            file's first. Snapshots are paired in the order they were taken.
            With --model given twice, A is a scenario (a bundled name, a .scenario file or -) and there is \
            no B: the scenario runs on the simulator once with each model, and A is the first model's run, \
            B the second's: what changed between the two Go releases for the same program. Expectations \
            are not checked here (run checks them).
            --focus compares only each snapshot's focus fields (the fields 'memstats run' shows).
            """,
        arguments: [ArgumentSpec("A", help: "The first saved run (JSON); with --model twice, the scenario."),
                    ArgumentSpec("B", help: "The second saved run (JSON); none with --model.", optional: true)],
        options: [
            OptionSpec("a", value: "BACKEND", help: "The backend of A to compare (simulator, go, native)."),
            OptionSpec("b", value: "BACKEND", help: "The backend of B to compare."),
            OptionSpec("model", value: "MODEL",
                       help: "Give it twice (A's model, then B's) to compare one scenario on two simulated Go releases.",
                       allowed: GoProfile.all.map(\.name), repeatable: true),
            OptionSpec("focus", help: "Only each snapshot's focus fields."),
            SharedOptions.gomaxprocs,
            SharedOptions.heapBase,
            SharedOptions.heapPadding,
            SharedOptions.goEnvironment,
            SharedOptions.format(OutputFormat.allCases),
            SharedOptions.language,
            SharedOptions.color,
            SharedOptions.exact,
        ],
        examples: ["diff sim.json go.json", "diff old.json new.json --a simulator --b simulator",
                   "diff sim.json go.json --format csv", "diff release-to-os --model go1.19 --model go1.27 --focus"])

    /// The largest saved run diff reads.
    static let byteLimit = 64 << 20

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let models = arguments.values["model"] ?? []
        let diff = models.isEmpty ? try savedRuns(arguments, context: context)
                                  : try twoModels(models, arguments, context: context)
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

    /// A.json against B.json.
    static func savedRuns(_ arguments: ParsedArguments, context: CommandContext) throws -> RunDiff {
        guard arguments.positionals.count == 2 else { throw CLIError.missingArgument(name: "B", command: "diff") }
        for option in ["gomaxprocs", "heap-base", "heap-padding", "go-environment"] where arguments.value(option) != nil {
            throw CLIError.invalidCombination("--\(option) is for a scenario run on two models (--model twice); "
                + "a saved run keeps its own", command: "diff")
        }
        let (pathA, pathB) = (arguments.positionals[0], arguments.positionals[1])
        let a = try load(pathA, context: context)
        let b = try load(pathB, context: context)
        do {
            return try RunDiff.compare(a, file: pathA, b, file: pathB, backendA: arguments.value("a"), backendB: arguments.value("b"),
                                       focusOnly: arguments.isSet("focus"))
        } catch RunDiff.Problem.noMemStats(let file) {
            throw CLIError.unreadableInput(path: file, reason: "it has no MemStats readings (a native-only run?)",
                                           hint: "save a run with the simulator or go backend: memstats run SCENARIO --format json")
        } catch RunDiff.Problem.noSuchBackend(let file, let backend, let available) {
            throw CLIError.invalidValue(option: file == pathA ? "a" : "b", value: backend, allowed: available, command: "diff")
        }
    }

    /// One scenario on the simulator with each of two models, compared as two saved runs would be.
    static func twoModels(_ names: [String], _ arguments: ParsedArguments, context: CommandContext) throws -> RunDiff {
        guard names.count == 2 else {
            throw CLIError.invalidCombination("--model was given \(names.count == 1 ? "once" : "\(names.count) times"); "
                + "give it twice, A's model then B's (--model go1.19 --model go1.27)", command: "diff")
        }
        guard names[0] != names[1] else {
            throw CLIError.invalidCombination("both --model values are \(names[0]); give two different models "
                + "(see 'memstats models')", command: "diff")
        }
        if arguments.positionals.count > 1 {
            throw CLIError.invalidCombination("with --model, diff runs one scenario; '\(TerminalText.quoted(arguments.positionals[1]))' "
                + "is one argument too many (to compare saved runs, leave out --model)", command: "diff")
        }
        for option in ["a", "b"] where arguments.value(option) != nil {
            throw CLIError.invalidCombination("--\(option) picks a backend of a saved run; with --model both sides are "
                + "the simulator", command: "diff")
        }
        let gomaxprocs = try SharedOptions.positiveInteger(arguments.value("gomaxprocs"), option: "gomaxprocs",
                                                           command: "diff", default: 1)
        let environment = try GoEnvironmentChoice(arguments, environment: context.environment, command: "diff")
            .environment(caller: context.environment, gomaxprocs: gomaxprocs)
        let scenario = try ScenarioInput.compiled(arguments.positionals[0], context: context,
                                                  language: FieldGuide.language(arguments))
        let heapBase = try SharedOptions.heapBase(arguments, command: "diff")
        let runs = names.map { name -> RunDocument in
            let profile = GoProfile.named(name) ?? .newest
            var configuration = SimulatorConfiguration(profile: profile, gomaxprocs: gomaxprocs, environment: environment)
            configuration.heapBase = heapBase
            let backend = SimulatorBackend(configuration: configuration)
            let record = ScenarioInterpreter(backends: [backend], required: [.simulator]).run(scenario)
            return RunDocument(record: record, model: profile.name)
        }
        return try RunDiff.compare(runs[0], file: scenario.file, runs[1], file: scenario.file, focusOnly: arguments.isSet("focus"))
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
