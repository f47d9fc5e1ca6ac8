// Help text generated from the command specs: the same data the scanner checks against.
// With a width, every line is fitted to it: a long row wraps with a hanging indent under its
// text column (after the name or option), a paragraph under its own indent.

import Presentation

public enum HelpFormatter {
    /// `text` with every line longer than `width` wrapped; nil leaves it as it is.
    public static func fitted(_ text: String, width: Int?) -> String {
        guard let width else { return text }
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard TextLayout.displayWidth(line) > width else { out.append(line); continue }
            let characters = Array(line)
            let lead = characters.prefix { $0 == " " }.count
            var hang = lead
            if line.hasPrefix("usage: ") {
                hang = "usage: ".count
            } else if let gap = (lead..<max(lead, characters.count - 2)).first(where: { i in
                characters[i] == " " && characters[i + 1] == " " && i > lead
            }) {
                let text = characters[gap...].firstIndex { $0 != " " } ?? gap
                if text < width - 20 { hang = text }
            }
            let head = String(characters.prefix(hang))
            out += TextLayout.wrap(String(characters.dropFirst(hang)), width: width, firstIndent: head,
                                   restIndent: String(repeating: " ", count: hang))
        }
        return out.joined(separator: "\n")
    }

    /// `memstats --help`: what memstats is, the commands, global options and exit statuses.
    public static func overview(commands: [CommandSpec], version: String) -> String {
        var lines = [
            "memstats \(version): see what every field of Go's runtime.MemStats means, by making the numbers move.",
            "",
            "usage: memstats COMMAND [ARGUMENTS] [OPTIONS]",
            "",
            "commands:",
        ]
        let width = (commands.map(\.name.count).max() ?? 0) + 2
        for command in commands {
            lines.append("  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.abstract)
        }
        lines += [
            "",
            "options:",
            "  --help, -h  Show help (also: memstats help COMMAND, memstats COMMAND --help).",
            "  --version   Show the version.",
            "",
            "exit status:",
        ]
        for status in ExitStatus.allCases {
            lines.append("  \(status.rawValue)  \(status.meaning)")
        }
        lines += ["", "Start here: memstats run spike    or    memstats explain HeapIdle"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `memstats help NAME`: usage, discussion, arguments, options with one-sentence help, examples.
    public static func help(for spec: CommandSpec) -> String {
        var lines = ["usage: \(spec.usage)", "", spec.abstract]
        if !spec.discussion.isEmpty { lines += ["", spec.discussion] }
        if !spec.arguments.isEmpty {
            lines += ["", "arguments:"]
            let width = (spec.arguments.map(\.name.count).max() ?? 0) + 2
            for argument in spec.arguments {
                lines.append("  " + argument.name.padding(toLength: width, withPad: " ", startingAt: 0) + argument.help)
            }
        }
        lines += ["", "options:"]
        let labels = spec.options.map { option -> String in
            option.isFlag ? "--\(option.name)" : "--\(option.name) \(option.valueName!)"
        }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, option) in zip(labels, spec.options) {
            var help = option.help
            if let allowed = option.allowedValues { help += " One of: \(allowed.joined(separator: ", "))." }
            lines.append("  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + help)
        }
        if !spec.examples.isEmpty {
            lines += ["", "examples:"]
            lines += spec.examples.map { "  memstats \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
