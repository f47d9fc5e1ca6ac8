// Turns a command's argument list into ParsedArguments, checked against its CommandSpec.

import FieldCatalogue

public enum ArgumentScanner {
    /// Scans `arguments` (everything after the command name) for `spec`.
    ///
    /// Accepts `--name value`, `--name=value`, flags, `-h`, and `--` to end options.
    /// - Throws: `CLIError` for unknown options (with "did you mean"), missing or invalid values,
    ///   missing or unexpected positional arguments.
    public static func scan(_ arguments: [String], for spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            if argument == "-h" { parsed.flags.insert("help"); continue }
            guard argument.hasPrefix("--") else {
                throw CLIError.unknownOption(argument, command: spec.name,
                                             suggestions: shortOptionSuggestions(argument, spec: spec))
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw CLIError.unknownOption(argument, command: spec.name,
                                             suggestions: Suggestions.closest(to: name, among: spec.options.map(\.name)))
            }
            if option.isFlag {
                if inlineValue != nil { throw CLIError.unexpectedArgument(argument, command: spec.name) }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !isOption(arguments[index], of: spec) {
                value = arguments[index]
                index += 1
            } else {
                throw CLIError.missingValue(option: name, command: spec.name)
            }
            if let allowed = option.allowedValues, !allowed.contains(value) {
                throw CLIError.invalidValue(option: name, value: value, allowed: allowed, command: spec.name)
            }
            if !option.isRepeatable, let first = parsed.values[name]?.first {
                // The same value twice says nothing new; two different values are a contradiction.
                if first != value {
                    throw CLIError.repeatedOption(option: name, first: first, second: value, command: spec.name)
                }
            } else {
                parsed.values[name, default: []].append(value)
            }
        }
        if parsed.isSet("help") { return parsed }
        let required = spec.arguments.filter { !$0.isOptional }
        if parsed.positionals.count < required.count {
            throw CLIError.missingArgument(name: required[parsed.positionals.count].name, command: spec.name)
        }
        let takesMany = spec.arguments.contains { $0.isRepeating }
        if !takesMany, parsed.positionals.count > spec.arguments.count {
            throw CLIError.unexpectedArgument(parsed.positionals[spec.arguments.count], command: spec.name)
        }
        return parsed
    }

    /// Whether `argument` is one of `spec`'s options (or `-h`): after an option that takes a value
    /// it is not that value (`bench --go --help` asks for help, it does not name a go command).
    static func isOption(_ argument: String, of spec: CommandSpec) -> Bool {
        if argument == "-h" || argument == "--help" { return true }
        guard argument.hasPrefix("--") else { return false }
        let name = argument.dropFirst(2).prefix { $0 != "=" }
        return spec.options.contains { $0.name == name }
    }

    /// memstats has no one-letter options except `-h`: `-b` suggests the options starting with
    /// `b`, and `-format` the option it misspells.
    static func shortOptionSuggestions(_ argument: String, spec: CommandSpec) -> [String] {
        let word = String(argument.drop { $0 == "-" })
        let names = spec.options.map(\.name)
        if word.count == 1 { return names.filter { $0.hasPrefix(word) } }
        return Suggestions.closest(to: word, among: names)
    }
}
