// `memstats inspect FILE|- [FILE2]`: read a dump from a Go program, explain it, diagnose it;
// with two dumps, what changed; with --pid or --status, the RSS ledger.

import FieldCatalogue
import Foundation
import HeapSimulator
import Inspection
import LinuxProbes
import Presentation

enum InspectCommand: Subcommand {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Read a MemStats dump from a Go program: every field explained, derived numbers, a diagnosis.",
        discussion: """
            Reads, detecting which: the JSON of runtime.MemStats (json.Marshal), an expvar /debug/vars \
            document (its memstats member), a debug=1 heap profile (its # runtime.MemStats block), \
            runtime/metrics samples (name value lines, or JSON {"metrics": {NAME: VALUE}}), or a \
            GODEBUG=gctrace=1 log. FILE '-' reads stdin. With two files, shows what changed from the first \
            to the second. A dump that cannot be read is an error with its line and column (exit status 4).
            """,
        arguments: [ArgumentSpec("FILE", help: "The dump, or - for stdin."),
                    ArgumentSpec("FILE2", help: "A later dump of the same program: show what changed.", optional: true)],
        options: [SharedOptions.language, SharedOptions.format([.text, .json]),
                  OptionSpec("pid", value: "PID", help: "Put the RSS ledger of process PID (its /proc/PID/status) beside the dump."),
                  OptionSpec("status", value: "FILE", help: "The same ledger from a saved copy of /proc/PID/status."),
                  OptionSpec("reproduce", value: "FILE",
                             help: "Write a .scenario whose simulation reproduces the dump (- for stdout) and say how close it comes."),
                  OptionSpec("model", value: "MODEL",
                             help: "With --reproduce: the Go release to fit on (default: the dump's, where it says its version "
                                + "(runtime/metrics JSON), the nearest model for a release without one; else the newest).",
                             allowed: GoProfile.all.map(\.name))],
        examples: ["inspect heap.json", "curl -s localhost:6060/debug/vars | memstats inspect -",
                   "inspect before.json after.json", "inspect dump.json --pid 4242 --lang zh",
                   "inspect dump.json --reproduce mine.scenario", "inspect dump.json --reproduce mine.scenario --model go1.22",
                   "inspect dump.json --format json"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let catalogue = try FieldGuide.catalogue(arguments)
        let width = FieldGuide.width(context)
        let json = SharedOptions.isJSON(arguments)
        do {
            if arguments.value("model") != nil, arguments.value("reproduce") == nil {
                throw CLIError.invalidCombination("--model is for --reproduce (the model the history is fitted on)", command: "inspect")
            }
            let first = try load(arguments.positionals[0], context: context)
            if arguments.positionals.count > 1 {
                let second = try load(arguments.positionals[1], context: context)
                let comparison = Comparison.of(first, second)
                context.writeOutput(json ? try JSONText.encode(InspectionJSON.comparison(comparison))
                                         : InspectionText.comparison(comparison, width: width, language: catalogue.language))
                return .success
            }
            if let target = arguments.value("reproduce") {
                return try reproduce(first, to: target, model: arguments.value("model").flatMap(GoProfile.named), json: json,
                                     language: catalogue.language, context: context)
            }
            var process: ProcessReading?
            if let pidText = arguments.value("pid") {
                guard let pid = Int32(pidText), pid > 0 else {
                    throw CLIError.invalidValue(option: "pid", value: pidText, allowed: ["a process id, e.g. 4242"],
                                                command: "inspect")
                }
                process = OtherProcess.reading(pid: pid)
            } else if let statusPath = arguments.value("status") {
                switch context.readFile(statusPath, 1 << 20) {
                case .success(let bytes):
                    process = ProcessProbe.reading(status: String(decoding: bytes, as: UTF8.self), smapsRollup: nil, statm: nil)
                case .failure(let failure):
                    throw CLIError.unreadableInput(path: statusPath, reason: failure.reason, hint: nil)
                }
            }
            let ledger = process.flatMap { RSSLedger.of(first, process: $0) }
            let unavailable = process.map { reading in
                reading.unavailable.filter { $0.source == .status }.map(\.reason)
            } ?? []
            context.writeOutput(json ? try JSONText.encode(InspectionJSON.report(first, catalogue: catalogue, ledger: ledger,
                                                                                 processUnavailable: unavailable))
                                     : InspectionText.report(first, catalogue: catalogue, ledger: ledger,
                                                             processUnavailable: unavailable, width: width))
            return .success
        } catch let error as InspectionError {
            context.writeError(InspectionText.error(error) + "\n")
            return .unreadableInput
        }
    }

    static func reproduce(_ dump: Dump, to target: String, model: GoProfile?, json: Bool, language: Language,
                          context: CommandContext) throws -> ExitStatus {
        let reproduction: Reproduction
        do {
            reproduction = try Reproducer.reproduce(dump, model: model)
        } catch .missingFields(let fields) {
            context.writeError("error: \(dump.source): a reproduction needs \(fields.map(\.rawValue).joined(separator: ", ")), "
                               + "which this form (\(dump.form.rawValue)) does not hold\nhint: use the JSON of runtime.MemStats or an expvar document\n")
            return .unreadableInput
        } catch .scenarioRejected(let diagnostics) {
            throw CLIError.backendFailed("the reproduction scenario did not compile (a memstats defect):\n\(diagnostics)")
        }
        if json {
            if target != "-" { try write(reproduction.scenarioText, to: target) }
            context.writeOutput(try JSONText.encode(InspectionJSON.reproduction(reproduction, scenarioFile: target == "-" ? nil : target,
                                                                                language: language)))
        } else if target == "-" {
            context.writeOutput(reproduction.scenarioText)
            context.writeError(InspectionText.reproductionTable(reproduction, language: language))
        } else {
            try write(reproduction.scenarioText, to: target)
            let zh = language == .chinese
            context.writeOutput((zh ? "已写出 \(target)\n" : "wrote \(target)\n") + InspectionText.reproductionTable(reproduction, language: language)
                                + (zh ? "运行它：" : "Run it: ") + "memstats run \(target) " + reproduction.runArguments.joined(separator: " ") + "\n")
        }
        return .success
    }

    static func write(_ text: String, to target: String) throws {
        do {
            try OutputFile.write(text, to: target)
        } catch {
            throw CLIError.unwritableOutput(path: target, reason: error.localizedDescription,
                                            hint: "choose a FILE in a directory you can write to, or - for standard output")
        }
    }

    /// Reads and parses one dump; `-` is stdin.
    static func load(_ path: String, context: CommandContext) throws -> Dump {
        let source = path == "-" ? "stdin" : path
        switch context.readFile(path, DumpReader.byteLimit) {
        case .success(let bytes):
            return try DumpReader.read(bytes, source: source)
        case .failure(.tooLarge(let count, let limit)):
            throw InspectionError(source: source, problem: .tooLarge(byteCount: count, limit: limit))
        case .failure(.missing):
            throw InspectionError(source: source, problem: .unreadable("no such file"))
        case .failure(.directory):
            throw InspectionError(source: source, problem: .unreadable("it is a directory"))
        case .failure(.special(let kind)):
            throw InspectionError(source: source, problem: .unreadable("it is \(kind), not a dump"))
        case .failure(.symbolicLinkLoop):
            throw InspectionError(source: source, problem: .unreadable("its symbolic links form a loop"))
        case .failure(.silent(let seconds)):
            throw InspectionError(source: source, problem: .unreadable("nothing arrived from it for \(seconds) s"))
        case .failure(.unreadable(let why)):
            throw InspectionError(source: source, problem: .unreadable(why))
        }
    }
}
