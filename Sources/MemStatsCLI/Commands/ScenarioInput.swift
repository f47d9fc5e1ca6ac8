// Finding a scenario's text from what the user typed: a bundled name (`spike`) or a path.

import BundledScenarios
import FieldCatalogue

/// The text of a scenario and the path its diagnostics name.
struct ScenarioInput {
    var displayPath: String
    var bytes: [UInt8]

    /// Scenario files are small scripts; anything larger is almost surely the wrong file.
    static let byteLimit = 1 << 20

    /// Resolves `name` as a bundled scenario first (when it has no `/` and no `.scenario`), else as a path.
    static func load(_ name: String, context: CommandContext) throws -> ScenarioInput {
        let looksLikePath = name.contains("/") || name.hasSuffix(".scenario")
        if !looksLikePath, let bundled = BundledScenarios.named(name) {
            return ScenarioInput(displayPath: bundled.displayPath, bytes: Array(bundled.source.utf8))
        }
        switch context.readFile(name, byteLimit) {
        case .success(let bytes):
            return ScenarioInput(displayPath: name, bytes: bytes)
        case .failure(.missing) where !looksLikePath:
            throw CLIError.unknownScenario(name, suggestions: Suggestions.closest(
                to: name, among: BundledScenarios.all.map(\.name)))
        case .failure(let failure):
            throw CLIError.unreadableInput(path: name, reason: failure.reason, hint: failure.hint)
        }
    }
}

extension FileReadFailure {
    var reason: String {
        switch self {
        case .missing: "no such file"
        case .directory: "it is a directory, not a scenario file"
        case .tooLarge(let size, let limit):
            "the file is \(ByteCount(UInt64(size))), more than the \(ByteCount(UInt64(limit))) a scenario may be"
        case .unreadable(let why): why
        }
    }

    var hint: String? {
        switch self {
        case .missing: "check the path, or run 'memstats scenarios' for the bundled ones"
        case .directory: "give a .scenario file inside it, e.g. Scenarios/spike.scenario"
        case .tooLarge: "a scenario is a short script; use 'repeat' instead of writing statements out"
        case .unreadable: nil
        }
    }
}
