// A lesson of the course (Markdown) rendered for a terminal: headings underlined, paragraphs and
// list items wrapped to the width, code blocks indented and never wrapped, tables aligned in
// columns (East Asian wide characters count two columns), inline marks (`code`, **bold**,
// *emphasis*, [links](…)) reduced to their text. Only the Markdown the lessons use is handled.

public enum LessonText {
    /// `markdown` as terminal lines of at most `width` columns (code blocks excepted).
    public static func render(_ markdown: String, width: Int) -> String {
        var output: [String] = []
        let lines = markdown.components(separatedBy: "\n")
        var index = 0
        var paragraph: [String] = []

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            output += TextLayout.wrap(inline(joined(paragraph)), width: width)
            output.append("")
            paragraph = []
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                flushParagraph()
                index += 1
                while index < lines.count, !lines[index].hasPrefix("```") {
                    output.append(lines[index].isEmpty ? "" : "    " + lines[index])
                    index += 1
                }
                output.append("")
                index += 1
                continue
            }
            if line.hasPrefix("#") {
                flushParagraph()
                let level = line.prefix { $0 == "#" }.count
                let text = inline(String(line.dropFirst(level)).trimmingCharacters(in: .whitespaces))
                output.append(text)
                output.append(String(repeating: level == 1 ? "=" : "-", count: TextLayout.displayWidth(text)))
                output.append("")
                index += 1
                continue
            }
            if trimmed.hasPrefix("|") {
                flushParagraph()
                var rows: [String] = []
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    rows.append(lines[index])
                    index += 1
                }
                output += table(rows, width: width)
                output.append("")
                continue
            }
            if trimmed.hasPrefix("- ") || isNumberedItem(trimmed) {
                flushParagraph()
                var item = [trimmed]
                index += 1
                while index < lines.count, lines[index].hasPrefix("  "), !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("- ") {
                    item.append(lines[index].trimmingCharacters(in: .whitespaces))
                    index += 1
                }
                let text = inline(joined(item))
                let marker = text.hasPrefix("- ") ? "- " : String(text.prefix { $0 != " " }) + " "
                let body = String(text.dropFirst(marker.count))
                output += TextLayout.wrap(body, width: width, firstIndent: "  " + marker,
                                          restIndent: String(repeating: " ", count: 2 + marker.count))
                if index >= lines.count || lines[index].trimmingCharacters(in: .whitespaces).isEmpty { output.append("") }
                continue
            }
            if trimmed.isEmpty {
                flushParagraph()
                if output.last != "" { output.append("") }
            } else {
                paragraph.append(trimmed)
            }
            index += 1
        }
        flushParagraph()
        while output.last == "" { output.removeLast() }
        return output.joined(separator: "\n") + "\n"
    }

    /// A line of inline Markdown (a lesson's title) as plain text.
    public static func plain(_ text: String) -> String { inline(text) }

    static func isNumberedItem(_ line: String) -> Bool {
        let digits = line.prefix { $0.isNumber }
        return !digits.isEmpty && line.dropFirst(digits.count).hasPrefix(". ")
    }

    /// Joins wrapped source lines: with a space, except between two wide (CJK) characters.
    static func joined(_ lines: [String]) -> String {
        var text = ""
        for line in lines {
            if let last = text.unicodeScalars.last, let first = line.unicodeScalars.first,
               !(TextLayout.isWide(last) && TextLayout.isWide(first)) {
                text += " "
            }
            text += line
        }
        return text
    }

    /// Inline Markdown reduced to its text: `code`, **bold**, *emphasis*, [text](link).
    static func inline(_ text: String) -> String {
        var result = ""
        var characters = Array(text)[...]
        while let character = characters.first {
            if character == "[", let close = characters.firstIndex(of: "]"),
               characters.index(after: close) < characters.endIndex, characters[characters.index(after: close)] == "(",
               let end = characters[close...].firstIndex(of: ")") {
                result += String(characters[characters.index(after: characters.startIndex)..<close])
                characters = characters[characters.index(after: end)...]
                continue
            }
            if character == "`" || (character == "*" && characters.dropFirst().first.map { !$0.isWhitespace } ?? false)
                || (character == "*" && result.last.map { !$0.isWhitespace } ?? false) {
                characters = characters.dropFirst()
                continue
            }
            result.append(character)
            characters = characters.dropFirst()
        }
        return result
    }

    /// A Markdown table in aligned columns; the last column wraps when the table is too wide.
    static func table(_ rows: [String], width: Int) -> [String] {
        let cells: [[String]] = rows.compactMap { row in
            var parts = row.trimmingCharacters(in: .whitespaces).split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.first == "" { parts.removeFirst() }
            if parts.last == "" { parts.removeLast() }
            if parts.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { return nil }
            return parts.map(inline)
        }
        guard let columns = cells.map(\.count).max(), columns > 0 else { return [] }
        var widths = (0..<columns).map { column in
            cells.map { column < $0.count ? TextLayout.displayWidth($0[column]) : 0 }.max() ?? 0
        }
        let fixed = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        widths[columns - 1] = max(16, min(widths[columns - 1], width - fixed))
        var lines: [String] = []
        for (rowIndex, row) in cells.enumerated() {
            let prefix = (0..<(columns - 1)).map { TextLayout.pad($0 < row.count ? row[$0] : "", to: widths[$0]) + "  " }.joined()
            let last = columns - 1 < row.count ? row[columns - 1] : ""
            let wrapped = TextLayout.wrap(last, width: fixed + widths[columns - 1], firstIndent: prefix,
                                          restIndent: String(repeating: " ", count: fixed))
            lines += wrapped.isEmpty ? [prefix] : wrapped
            if rowIndex == 0 {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }
}
