// Errors of the command line as data; rendered to text in one place (`CLIError.render`).

import FieldCatalogue
import ScenarioLanguage

/// What can go wrong before or while a command runs, with what the user needs to fix it.
public enum CLIError: Error, Sendable, Equatable {
    case unknownCommand(String, suggestions: [String])
    case unknownOption(String, command: String, suggestions: [String])
    case missingValue(option: String, command: String)
    case invalidValue(option: String, value: String, allowed: [String], command: String)
    /// An environment variable that sets an option's default has a value the option does not take.
    case invalidVariable(name: String, value: String, allowed: [String], option: String)
    case missingArgument(name: String, command: String)
    case unexpectedArgument(String, command: String)
    /// An option that takes one value was given twice with different values.
    case repeatedOption(option: String, first: String, second: String, command: String)
    /// Options or arguments that do not go together (said in `problem`, a sentence without "error:").
    case invalidCombination(String, command: String)
    case unknownField(String, suggestions: [String], command: String)
    case unknownScenario(String, suggestions: [String])
    case unreadableInput(path: String, reason: String, hint: String?)
    /// A file named for output (`--html`, `--reproduce`) could not be written.
    case unwritableOutput(path: String, reason: String, hint: String?)
    case invalidSize(option: String, value: String, command: String)
    /// The scenario has errors; the diagnostics were already printed (in `language`, which this
    /// line follows). `file` set: `check` names the file that is not valid instead of "nothing was run".
    case scenarioHasErrors(count: Int, file: String? = nil, language: Language = .english)
    case backendFailed(String)
    /// A backend that was asked for (by `--backend`, `--go`, or a command that needs it) cannot
    /// run here; nothing was run.
    /// `neededBy` names the command when the command itself needs the backend (`fidelity`).
    case backendUnavailable(backend: String, reason: String, neededBy: String? = nil)

    /// The documented exit status for this error (see `ExitStatus`).
    public var exitStatus: ExitStatus {
        switch self {
        case .unknownCommand, .unknownOption, .missingValue, .invalidValue, .invalidVariable, .missingArgument,
             .unexpectedArgument, .repeatedOption, .invalidCombination, .unknownField, .invalidSize: .usage
        case .unreadableInput, .unknownScenario: .unreadableInput
        case .scenarioHasErrors: .badScenario
        case .backendFailed: .backendFailed
        case .backendUnavailable: .backendUnavailable
        case .unwritableOutput: .outputFailed
        }
    }

    /// The message, with "did you mean" and the usage line of the command where it helps.
    public func render(usage: String?) -> String {
        var lines: [String] = []
        func didYouMean(_ suggestions: [String]) {
            if !suggestions.isEmpty {
                lines.append("did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?")
            }
        }
        switch self {
        case .unknownCommand(let name, let suggestions):
            lines.append("error: unknown command '\(TerminalText.quoted(name))'")
            didYouMean(suggestions)
            lines.append("Run 'memstats --help' for the list of commands.")
            return lines.joined(separator: "\n")
        case .unknownOption(let option, let command, let suggestions):
            lines.append("error: unknown option '\(TerminalText.quoted(option))' for '\(command)'")
            didYouMean(suggestions.map { "--\($0)" })
        case .missingValue(let option, _):
            lines.append("error: option '--\(option)' needs a value")
        case .invalidValue(let option, let value, let allowed, _):
            lines.append("error: '\(TerminalText.quoted(value))' is not a valid value for '--\(option)'; use one of: "
                         + allowed.joined(separator: ", "))
            if !value.isEmpty { didYouMean(Suggestions.closest(to: value, among: allowed)) }
        case .invalidVariable(let name, let value, let allowed, let option):
            lines.append("error: $\(name) is '\(TerminalText.quoted(value))', which is not a valid value for '--\(option)'; "
                         + "use one of: " + allowed.joined(separator: ", ") + " (or unset it)")
        case .missingArgument(let name, _):
            lines.append("error: missing argument \(name)")
        case .unexpectedArgument(let argument, _):
            lines.append("error: unexpected argument '\(TerminalText.quoted(argument))'")
        case .repeatedOption(let option, let first, let second, _):
            lines.append("error: option '--\(option)' was given twice ('\(TerminalText.quoted(first))', then "
                         + "'\(TerminalText.quoted(second))'); give it once")
        case .invalidCombination(let problem, _):
            lines.append("error: \(problem)")
        case .unknownField(let name, let suggestions, _):
            lines.append("error: '\(TerminalText.quoted(name))' is not a runtime.MemStats field")
            didYouMean(suggestions)
            lines.append("Run 'memstats fields' for the list of all 32 fields.")
            return lines.joined(separator: "\n")
        case .unknownScenario(let name, let suggestions):
            lines.append("error: no bundled scenario or file named '\(TerminalText.quoted(name))'")
            didYouMean(suggestions)
            lines.append("Run 'memstats scenarios' for the bundled ones, or give a path to a .scenario file.")
            return lines.joined(separator: "\n")
        case .unreadableInput(let path, let reason, let hint):
            lines.append("error: cannot read '\(TerminalText.escaped(path))': \(reason)")
            if let hint { lines.append("hint: \(hint)") }
            return lines.joined(separator: "\n")
        case .unwritableOutput(let path, let reason, let hint):
            lines.append("error: cannot write '\(TerminalText.escaped(path))': \(reason)")
            if let hint { lines.append("hint: \(hint)") }
            return lines.joined(separator: "\n")
        case .invalidSize(let option, let value, _):
            lines.append("error: '\(TerminalText.quoted(value))' is not a size for '--\(option)'; write it like 512MiB or 2GiB")
        case .scenarioHasErrors(let count, let file, let language):
            let file = file.map(TerminalText.escaped)
            if language == .chinese {
                return "\(count) 个错误；" + (file.map { "\($0) 无效。" } ?? "没有运行任何内容。")
            }
            return "\(count) error\(count == 1 ? "" : "s"); " + (file.map { "\($0) is not valid." } ?? "nothing was run.")
        case .backendFailed(let message):
            return "error: \(message)"
        case .backendUnavailable(let backend, let reason, let neededBy):
            let what = neededBy.map { "\($0) needs the \(backend) backend, which cannot run here" }
                ?? "the \(backend) backend cannot run here"
            return "error: \(what): \(reason)\nNothing was run."
        }
        if let usage { lines.append("usage: \(usage)") }
        return lines.joined(separator: "\n")
    }
}

/// memstats's exit statuses; `memstats --help` and the README list them (a test keeps both equal).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// An `expect` failed on some backend, or `fidelity` missed its bars.
    case expectationFailed = 1
    /// The command line is wrong: unknown command, option or field; bad or repeated option value.
    case usage = 2
    /// The scenario has errors (they are printed as file:line:col diagnostics); nothing ran.
    case badScenario = 3
    /// An input could not be read: no such scenario or file, a directory, too large, unreadable.
    case unreadableInput = 4
    /// A backend failed during the run (e.g. the Go program crashed, or the run-time bound was reached).
    case backendFailed = 5
    /// A backend that was asked for cannot run here (no Go toolchain, above the real-memory cap).
    case backendUnavailable = 6
    /// Standard output, or a file named for output (`--html`, `--reproduce`), could not be written
    /// (e.g. the disk is full); a closed pipe is not an error.
    case outputFailed = 7

    public var meaning: String {
        switch self {
        case .success: "success"
        case .expectationFailed: "an expect failed on some backend (run), or the simulator missed a fidelity bar (fidelity)"
        case .usage: "usage error: unknown command, option or field, or a bad or repeated option value"
        case .badScenario: "the scenario has errors; nothing was run"
        case .unreadableInput: "an input could not be read (no such scenario or file, a directory, too large, "
            + "unreadable), or `inspect` was given a dump it cannot read (the error says where)"
        case .backendFailed: "a backend failed during the run (the Go program crashed, the run-time bound was reached)"
        case .backendUnavailable: "a backend that was asked for cannot run here (by --backend, --go, or fidelity's need "
            + "for Go); nothing was run"
        case .outputFailed: "standard output, or a file named for output (--html, --reproduce), could not be written "
            + "(e.g. disk full); a closed pipe ends quietly"
        }
    }
}
