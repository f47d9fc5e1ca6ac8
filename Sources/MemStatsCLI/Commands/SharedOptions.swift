// Options several commands share, declared once.

import FieldCatalogue

enum SharedOptions {
    static let format = OptionSpec("format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"])
    static let language = OptionSpec("lang", value: "LANG", help: "Language of the explanations (en: English, zh: 中文).",
                                     allowed: ["en", "zh"])
    static let goToolchain = OptionSpec("go", value: "PATH",
                                        help: "The go command to use (default: $MEMSTATS_GO, then go on PATH).")
    static let gomaxprocs = OptionSpec("gomaxprocs", value: "N",
                                       help: "GOMAXPROCS for the simulator and the real Go program (default 1).")

    static func isJSON(_ arguments: ParsedArguments) -> Bool { arguments.value("format") == "json" }

    /// Parses `1GiB`, `512MiB`, `4096B` or a plain byte count for an option.
    static func size(_ text: String, option: String, command: String) throws -> UInt64 {
        let units: [(String, UInt64)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("B", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let n = UInt64(text.dropLast(suffix.count)), n.multipliedReportingOverflow(by: scale).overflow == false {
                return n * scale
            }
            throw CLIError.invalidSize(option: option, value: text, command: command)
        }
        if let n = UInt64(text) { return n }
        throw CLIError.invalidSize(option: option, value: text, command: command)
    }

    static func positiveInteger(_ text: String?, option: String, command: String, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), n >= 1, n <= 1024 else {
            throw CLIError.invalidValue(option: option, value: text, allowed: ["an integer from 1 to 1024"], command: command)
        }
        return n
    }
}
