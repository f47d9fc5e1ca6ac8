// Our own small command-line layer: commands and options declared as data, from which the
// scanner parses arguments and the help formatter writes help text. No ArgumentParser.

/// One option of a command, declared as data.
public struct OptionSpec: Sendable {
    /// The long name without dashes: `format` for `--format`.
    public var name: String
    /// The placeholder for the option's value (`FORMAT`), or nil for a flag.
    public var valueName: String?
    /// One sentence of help.
    public var help: String
    /// The accepted values, when the set is closed (`text`, `json`); checked by the scanner.
    public var allowedValues: [String]?
    /// True if the option may be given more than once.
    public var isRepeatable: Bool

    public init(_ name: String, value valueName: String? = nil, help: String,
                allowed allowedValues: [String]? = nil, repeatable isRepeatable: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.allowedValues = allowedValues
        self.isRepeatable = isRepeatable
    }

    public var isFlag: Bool { valueName == nil }
}

/// A positional argument of a command.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var help: String
    public var isOptional: Bool
    public var isRepeating: Bool

    public init(_ name: String, help: String, optional isOptional: Bool = false, repeating isRepeating: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isRepeating = isRepeating
    }
}

/// A subcommand of memstats, declared as data.
public struct CommandSpec: Sendable {
    public var name: String
    /// One line for the command list.
    public var abstract: String
    /// Paragraphs for `memstats help NAME`.
    public var discussion: String
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    /// Example invocations shown in help (without the leading `memstats`).
    public var examples: [String]

    public init(name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
                options: [OptionSpec] = [], examples: [String] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options + [OptionSpec("help", help: "Show help for this command.")]
        self.examples = examples
    }

    /// `memstats explain FIELD [--lang LANG] [--format FORMAT]`
    public var usage: String {
        var parts = ["memstats", name]
        for argument in arguments {
            var text = argument.name + (argument.isRepeating ? " ..." : "")
            if argument.isOptional { text = "[\(text)]" }
            parts.append(text)
        }
        for option in options where option.name != "help" {
            parts.append(option.isFlag ? "[--\(option.name)]" : "[--\(option.name) \(option.valueName!)]")
        }
        return parts.joined(separator: " ")
    }
}

/// The result of scanning a command's arguments against its spec.
public struct ParsedArguments: Sendable, Equatable {
    public var positionals: [String] = []
    /// Values by option name, in the order given.
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []

    public init() {}

    public func value(_ name: String) -> String? { values[name]?.last }
    public func isSet(_ flag: String) -> Bool { flags.contains(flag) }
}
