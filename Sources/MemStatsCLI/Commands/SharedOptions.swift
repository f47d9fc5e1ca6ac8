// Options several commands share, declared once.

import FieldCatalogue
import ScenarioLanguage

enum SharedOptions {
    static let format = OptionSpec("format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"])
    static let language = OptionSpec("lang", value: "LANG", help: "Language of the explanations (en: English, zh: 中文).",
                                     allowed: ["en", "zh"])
    static let goToolchain = OptionSpec("go", value: "PATH",
                                        help: "The go command to use (default: $MEMSTATS_GO, then go on PATH).")
    static let gomaxprocs = OptionSpec("gomaxprocs", value: "N",
                                       help: "GOMAXPROCS for the simulator and the real Go program (default 1).")

    static func isJSON(_ arguments: ParsedArguments) -> Bool { arguments.value("format") == "json" }

    /// Parses a SIZE the way scenarios write it (`512MiB`, `2GiB`, `4096B`).
    static func size(_ text: String, option: String, command: String) throws -> UInt64 {
        guard case .success(let bytes) = ScenarioLiteral.size(text) else {
            throw CLIError.invalidSize(option: option, value: text, command: command)
        }
        return bytes
    }

    /// Parses a DURATION the way scenarios write it (`500ms`, `10s`, `2m`).
    static func duration(_ text: String, option: String, command: String) throws -> UInt64 {
        guard case .success(let nanoseconds) = ScenarioLiteral.duration(text) else {
            throw CLIError.invalidValue(option: option, value: text, allowed: ["a duration like 500ms, 10s or 2m"],
                                        command: command)
        }
        return nanoseconds
    }

    static func positiveInteger(_ text: String?, option: String, command: String, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), n >= 1, n <= 1024 else {
            throw CLIError.invalidValue(option: option, value: text, allowed: ["an integer from 1 to 1024"], command: command)
        }
        return n
    }
}
