// The entry point: finds the subcommand, scans its arguments, runs it, renders errors.

import FieldCatalogue
import Foundation

/// A memstats subcommand: its spec (data) and what it does.
protocol Subcommand {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus
}

public enum MemStatsCommand {
    public static let version = "0.1.0"

    /// The subcommands, in the order `memstats --help` lists them.
    static var subcommands: [any Subcommand.Type] {
        [
            RunCommand.self, ScenariosCommand.self, CheckCommand.self,
            FieldsCommand.self, ExplainCommand.self, LearnCommand.self,
            DiffCommand.self, FidelityCommand.self, CalibrateCommand.self, BenchCommand.self, ModelsCommand.self,
            InspectCommand.self, WatchCommand.self, BaselineCommand.self,
        ]
    }

    static var helpSpec: CommandSpec {
        CommandSpec(name: "help", abstract: "Show help for memstats or for one command.",
                    arguments: [ArgumentSpec("COMMAND", help: "The command to explain.", optional: true)],
                    examples: ["help run", "help explain"])
    }

    static var allSpecs: [CommandSpec] { subcommands.map { $0.spec } + [helpSpec] }

    /// Runs memstats with `arguments` (without the program name) and returns the exit status.
    ///
    /// When standard output could not be written, a closed pipe ends quietly with the status the
    /// command had; any other write error is one line on standard error and `outputFailed`.
    public static func main(arguments: [String], context: CommandContext = .live) -> Int32 {
        let status = dispatch(arguments, context: context)
        switch context.outputProblem() {
        case nil, .closedPipe?:
            return status.rawValue
        case .writeFailed(let reason)?:
            context.writeError("error: cannot write to standard output: \(reason)\n")
            return ExitStatus.outputFailed.rawValue
        }
    }

    static func dispatch(_ arguments: [String], context: CommandContext) -> ExitStatus {
        guard let first = arguments.first else {
            context.writeOutput(HelpFormatter.fitted(HelpFormatter.overview(commands: allSpecs, version: version), width: FieldGuide.width(context)))
            return .success
        }
        switch first {
        case "--help", "-h", "help":
            // `memstats --help run` is `memstats help run`, as `git --help log` is.
            return help(Array(arguments.dropFirst()), context: context)
        case "--version":
            if arguments.count > 1 {
                return fail(.unexpectedArgument(arguments[1], command: "--version"), usage: "memstats --version",
                            context: context)
            }
            context.writeOutput("memstats \(version)\n")
            return .success
        default:
            break
        }
        guard let command = subcommands.first(where: { $0.spec.name == first }) else {
            return fail(.unknownCommand(first, suggestions: suggestions(for: first)), usage: nil, context: context)
        }
        let spec = command.spec
        do {
            let parsed = try ArgumentScanner.scan(Array(arguments.dropFirst()), for: spec)
            if parsed.isSet("help") {
                context.writeOutput(HelpFormatter.fitted(HelpFormatter.help(for: spec), width: FieldGuide.width(context)))
                return .success
            }
            return try command.run(parsed, context: context)
        } catch let error as CLIError {
            return fail(error, usage: spec.usage, context: context)
        } catch {
            context.writeError("error: \(error)\n")
            return .backendFailed
        }
    }

    static func fail(_ error: CLIError, usage: String?, context: CommandContext) -> ExitStatus {
        context.writeError(error.render(usage: usage) + "\n")
        return error.exitStatus
    }

    /// `memstats help [COMMAND]`, scanned like any command: `help --help` explains `help`, an
    /// extra word is an error.
    static func help(_ arguments: [String], context: CommandContext) -> ExitStatus {
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentScanner.scan(arguments, for: helpSpec)
        } catch let error as CLIError {
            return fail(error, usage: helpSpec.usage, context: context)
        } catch {
            return fail(.unexpectedArgument(arguments.joined(separator: " "), command: "help"), usage: helpSpec.usage,
                        context: context)
        }
        guard let name = parsed.positionals.first else {
            context.writeOutput(HelpFormatter.fitted(parsed.isSet("help") ? HelpFormatter.help(for: helpSpec)
                : HelpFormatter.overview(commands: allSpecs, version: version), width: FieldGuide.width(context)))
            return .success
        }
        guard let spec = allSpecs.first(where: { $0.name == name }) else {
            return fail(.unknownCommand(name, suggestions: suggestions(for: name)), usage: nil, context: context)
        }
        context.writeOutput(HelpFormatter.fitted(HelpFormatter.help(for: spec), width: FieldGuide.width(context)))
        return .success
    }

    static func suggestions(for name: String) -> [String] {
        let trimmed = name.hasPrefix("--") ? String(name.dropFirst(2)) : name
        return Suggestions.closest(to: trimmed, among: allSpecs.map(\.name))
    }
}
