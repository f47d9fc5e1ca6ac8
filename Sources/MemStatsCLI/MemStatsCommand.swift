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
    static let subcommands: [any Subcommand.Type] = [
        RunCommand.self, ScenariosCommand.self, CheckCommand.self,
        FieldsCommand.self, ExplainCommand.self,
        FidelityCommand.self, BenchCommand.self,
    ]

    static var helpSpec: CommandSpec {
        CommandSpec(name: "help", abstract: "Show help for memstats or for one command.",
                    arguments: [ArgumentSpec("COMMAND", help: "The command to explain.", optional: true)],
                    examples: ["help run", "help explain"])
    }

    static var allSpecs: [CommandSpec] { subcommands.map { $0.spec } + [helpSpec] }

    /// Runs memstats with `arguments` (without the program name) and returns the exit status.
    public static func main(arguments: [String], context: CommandContext = .live) -> Int32 {
        dispatch(arguments, context: context).rawValue
    }

    static func dispatch(_ arguments: [String], context: CommandContext) -> ExitStatus {
        guard let first = arguments.first else {
            context.writeOutput(HelpFormatter.overview(commands: allSpecs, version: version))
            return .success
        }
        switch first {
        case "--help", "-h":
            context.writeOutput(HelpFormatter.overview(commands: allSpecs, version: version))
            return .success
        case "--version":
            context.writeOutput("memstats \(version)\n")
            return .success
        case "help":
            return help(Array(arguments.dropFirst()), context: context)
        default:
            break
        }
        guard let command = subcommands.first(where: { $0.spec.name == first }) else {
            let error = CLIError.unknownCommand(first, suggestions: suggestions(for: first))
            context.writeError(error.render(usage: nil) + "\n")
            return error.exitStatus
        }
        let spec = command.spec
        do {
            let parsed = try ArgumentScanner.scan(Array(arguments.dropFirst()), for: spec)
            if parsed.isSet("help") {
                context.writeOutput(HelpFormatter.help(for: spec))
                return .success
            }
            return try command.run(parsed, context: context)
        } catch let error as CLIError {
            context.writeError(error.render(usage: spec.usage) + "\n")
            return error.exitStatus
        } catch {
            context.writeError("error: \(error)\n")
            return .backendFailed
        }
    }

    static func help(_ arguments: [String], context: CommandContext) -> ExitStatus {
        guard let name = arguments.first else {
            context.writeOutput(HelpFormatter.overview(commands: allSpecs, version: version))
            return .success
        }
        guard let spec = allSpecs.first(where: { $0.name == name }) else {
            let error = CLIError.unknownCommand(name, suggestions: suggestions(for: name))
            context.writeError(error.render(usage: nil) + "\n")
            return error.exitStatus
        }
        context.writeOutput(HelpFormatter.help(for: spec))
        return .success
    }

    static func suggestions(for name: String) -> [String] {
        let trimmed = name.hasPrefix("--") ? String(name.dropFirst(2)) : name
        return Suggestions.closest(to: trimmed, among: allSpecs.map(\.name))
    }
}
