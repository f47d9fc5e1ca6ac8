// Finding a scenario's text from what the user typed: a bundled name (`spike`) or a path.

import BundledScenarios
import FieldCatalogue
import LinuxProbes
import ScenarioLanguage

/// The text of a scenario and the path its diagnostics name.
struct ScenarioInput {
    var displayPath: String
    var bytes: [UInt8]

    /// Scenario files are small scripts; anything larger is almost surely the wrong file.
    static let byteLimit = 1 << 20

    /// Resolves `name` as a bundled scenario first (when it has no `/` and no `.scenario`), else
    /// as a path; "-" is standard input. When a file of the same name as a bundled scenario is
    /// here too, the bundled one runs and a note on standard error says so (`./NAME` is the file).
    static func load(_ name: String, context: CommandContext) throws -> ScenarioInput {
        let looksLikePath = name.contains("/") || name.hasSuffix(".scenario")
        if name == InputFile.standardInputPath {
            if InputFile.standardInputIsTerminal {
                context.writeError("reading the scenario from the terminal; end it with Ctrl-D\n")
            }
            return try readStandardInput(context: context)
        }
        if !looksLikePath, let bundled = BundledScenarios.named(name) {
            if context.pathExists(name) {
                context.writeError("note: '\(TerminalText.escaped(name))' is the bundled scenario "
                    + "\(bundled.displayPath); to run the file of that name here, write ./\(TerminalText.escaped(name))\n")
            }
            return ScenarioInput(displayPath: bundled.displayPath, bytes: Array(bundled.source.utf8))
        }
        switch context.readFile(name, byteLimit) {
        case .success(let bytes):
            return ScenarioInput(displayPath: TerminalText.escaped(name), bytes: bytes)
        case .failure(.missing) where !looksLikePath:
            throw CLIError.unknownScenario(name, suggestions: Suggestions.closest(
                to: name, among: BundledScenarios.all.map(\.name)))
        case .failure(let failure):
            throw CLIError.unreadableInput(path: name, reason: failure.reason, hint: failure.hint)
        }
    }

    private static func readStandardInput(context: CommandContext) throws -> ScenarioInput {
        switch context.readFile(InputFile.standardInputPath, byteLimit) {
        case .success(let bytes):
            return ScenarioInput(displayPath: "<stdin>", bytes: bytes)
        case .failure(let failure):
            throw CLIError.unreadableInput(path: "standard input", reason: failure.reason, hint: failure.hint)
        }
    }
}

extension FileReadFailure {
    var reason: String {
        switch self {
        case .missing: "no such file"
        case .directory: "it is a directory, not a scenario file"
        case .tooLarge(let size?, let limit):
            "the file is \(ByteCount(UInt64(size))), more than the \(ByteCount(UInt64(limit))) a scenario may be"
        case .tooLarge(nil, let limit):
            "it sent more than the \(ByteCount(UInt64(limit))) a scenario may be"
        case .special(let kind): "it is \(kind), not a scenario file"
        case .symbolicLinkLoop: "its symbolic links form a loop"
        case .silent(let seconds): "nothing arrived from it for \(seconds) s (is anything writing to it?)"
        case .unreadable(let why): why
        }
    }

    var hint: String? {
        switch self {
        case .missing: "check the path, or run 'memstats scenarios' for the bundled ones"
        case .directory: "give a .scenario file inside it, e.g. Scenarios/spike.scenario"
        case .tooLarge: "a scenario is a short script; use 'repeat' instead of writing statements out"
        case .special: "give a .scenario file, or '-' to read the scenario from standard input"
        case .symbolicLinkLoop: "check where the links point ('ls -l' on each part of the path)"
        case .silent: "write the scenario to it and close it, e.g. 'cat file.scenario > fifo'"
        case .unreadable: nil
        }
    }
}
