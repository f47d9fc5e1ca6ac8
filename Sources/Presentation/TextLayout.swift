// Plain-text layout shared by every text renderer: terminal display width (CJK characters take
// two columns), word wrapping that also breaks between Chinese characters, aligned tables that
// fit a width, and turning the field entries' small Markdown subset into indented plain text.
//
// Fitting a width never cuts text: a table first narrows its last (prose) column and wraps it
// with a hanging indent, then wraps other cells between their pieces, and at the last puts the
// prose under its row. A number and its unit are glued with `TextLayout.glue` (a no-break space,
// printed as a space) so no line break ever splits "98.5 MiB" or "1 767 225".
//
// Simplification: only the Markdown the entries use is understood: paragraphs, `- ` list
// items, `**bold**` and `code` spans (their markers are dropped in text output).

import Foundation

public enum TextLayout {
    /// Holds two pieces of text together when wrapping; printed as a plain space.
    public static let glue: Character = "\u{00A0}"

    /// `text` with its spaces made unbreakable ("98.5 MiB", "(+1 024)").
    public static func unbreakable(_ text: String) -> String {
        String(text.map { $0 == " " ? glue : $0 })
    }

    /// The text as printed: glue becomes a space.
    static func printed(_ text: String) -> String {
        text.contains(glue) ? String(text.map { $0 == glue ? " " : $0 }) : text
    }

    /// Columns `text` occupies in a terminal: 2 for East Asian wide characters, 0 for ANSI
    /// colour sequences, else 1.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            width += isWide(scalar) ? 2 : 1
        }
        return width
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6:
            true
        default:
            false
        }
    }

    /// Pads `text` with spaces to `width` display columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - displayWidth(text)))
    }

    /// Punctuation that must not start a line (it stays with what precedes it).
    private static let noLineStart: Set<Character> = ["，", "。", "、", "；", "：", "）", "」", "”", "！", "？", ",", ".", ";", ":", ")", "%"]
    /// Punctuation that must not end a line (it stays with what follows it).
    private static let noLineEnd: Set<Character> = ["（", "「", "“", "("]

    /// Splits text into pieces that may be placed on separate lines: words at spaces, and
    /// single wide characters (with any closing punctuation glued on).
    private static func pieces(_ text: String) -> [(text: String, spaces: Int)] {
        var result: [(String, Int)] = []
        var current = ""
        var spaceBefore = 0
        var pendingSpace = 0
        func flush() {
            if !current.isEmpty { result.append((current, spaceBefore)) }
            current = ""
        }
        for character in text {
            if character == " " || character == "\n" || character == "\t" {
                flush()
                pendingSpace = character == " " ? pendingSpace + 1 : max(1, pendingSpace)
                continue
            }
            let wide = character.unicodeScalars.first.map(isWide) ?? false
            if noLineStart.contains(character), !current.isEmpty || !result.isEmpty, pendingSpace == 0 {
                if current.isEmpty, let last = result.popLast() { current = last.0; spaceBefore = last.1 }
                current.append(character)
                continue
            }
            let afterOpening = current.last.map { noLineEnd.contains($0) } ?? false
            if wide && noLineEnd.contains(character) {
                flush()
                spaceBefore = pendingSpace
                current = String(character)
            } else if wide {
                if !afterOpening {
                    flush()
                    spaceBefore = pendingSpace
                }
                current.append(character)
                flush()
            } else {
                if current.isEmpty { spaceBefore = pendingSpace }
                else if !afterOpening, let last = current.last, last.unicodeScalars.first.map(isWide) == true {
                    flush()
                    spaceBefore = 0
                }
                current.append(character)
            }
            pendingSpace = 0
        }
        flush()
        return result
    }

    /// The widest piece of `text` that wrapping cannot break.
    static func longestPiece(_ text: String) -> Int {
        pieces(text).map { displayWidth($0.text) }.max() ?? 0
    }

    /// Wraps `text` to `width` columns. The first line starts with `firstIndent`, the others
    /// with `restIndent`. A word longer than a line is put on a line of its own.
    public static func wrap(_ text: String, width: Int, firstIndent: String = "", restIndent: String = "") -> [String] {
        wrapKeepingGlue(text, width: width, firstIndent: firstIndent, restIndent: restIndent).map(printed)
    }

    private static func wrapKeepingGlue(_ text: String, width: Int, firstIndent: String, restIndent: String) -> [String] {
        var lines: [String] = []
        var line = firstIndent
        var lineHasText = false
        for (piece, spaces) in pieces(text) {
            // One space between pieces, or two where the text has two or more (a column gap).
            let separator = lineHasText ? String(repeating: " ", count: min(spaces, 2)) : ""
            if lineHasText && displayWidth(line + separator + piece) > width {
                lines.append(line)
                line = restIndent + piece
            } else {
                line += separator + piece
            }
            lineHasText = true
        }
        if lineHasText || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The narrowest a prose column is made before other cells are wrapped instead.
    static let proseColumnFloor = 28

    /// Aligns `rows` in columns two spaces apart, after `indent`; trailing spaces are dropped.
    /// With `width`, every line fits it where the cells allow: the last column (prose, such as
    /// a meaning) narrows and wraps with a hanging indent; if that is not enough, other cells
    /// wrap between their pieces; if even that is not enough, the prose goes on the lines
    /// under its row, indented. Nothing is cut.
    public static func table(_ rows: [[String]], indent: String = "", width: Int? = nil) -> [String] {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return [] }
        var natural = Array(repeating: 0, count: columns)
        var minimum = Array(repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() {
                natural[i] = max(natural[i], displayWidth(cell))
                minimum[i] = max(minimum[i], longestPiece(cell))
            }
        }
        guard let width else { return layOut(rows, widths: natural, indent: indent, proseBelow: false, width: nil) }
        let available = width - displayWidth(indent) - 2 * (columns - 1)
        var widths = natural
        var excess = widths.reduce(0, +) - available
        if excess <= 0 || columns == 1 {
            if columns == 1 { widths[0] = max(minimum[0], min(natural[0], width - displayWidth(indent))) }
            return layOut(rows, widths: widths, indent: indent, proseBelow: false, width: width)
        }
        let last = columns - 1
        let proseFloor = min(natural[last], max(minimum[last], proseColumnFloor))
        let proseCut = min(excess, widths[last] - proseFloor)
        widths[last] -= proseCut
        excess -= proseCut
        // Then the widest other cells wrap, one column at a time, never below their widest piece.
        while excess > 0, let i = (0..<last).filter({ widths[$0] > minimum[$0] })
            .max(by: { widths[$0] - minimum[$0] < widths[$1] - minimum[$1] }) {
            widths[i] -= 1
            excess -= 1
        }
        if excess > 0 {
            // The prose cannot fit beside the row: it goes under it, across the whole width.
            var fixed = natural
            fixed.removeLast()
            let room = width - displayWidth(indent) - 2 * max(0, last - 1)
            var over = fixed.reduce(0, +) - room
            while over > 0, let i = (0..<last).filter({ fixed[$0] > minimum[$0] })
                .max(by: { fixed[$0] - minimum[$0] < fixed[$1] - minimum[$1] }) {
                fixed[i] -= 1
                over -= 1
            }
            return layOut(rows, widths: fixed + [0], indent: indent, proseBelow: true, width: width)
        }
        return layOut(rows, widths: widths, indent: indent, proseBelow: false, width: width)
    }

    /// Prints rows with the given column widths; each cell wraps within its width.
    private static func layOut(_ rows: [[String]], widths: [Int], indent: String, proseBelow: Bool,
                               width: Int?) -> [String] {
        var out: [String] = []
        let columns = widths.count
        for row in rows {
            let shown = proseBelow ? Array(row.prefix(columns - 1)) : row
            let cells = shown.enumerated().map { i, cell in
                width == nil ? [cell] : wrapKeepingGlue(cell, width: max(1, widths[i]), firstIndent: "", restIndent: "")
            }
            let height = cells.map(\.count).max() ?? 0
            for k in 0..<height {
                var line = indent
                for (i, lines) in cells.enumerated() {
                    let text = k < lines.count ? lines[k] : ""
                    line += i == cells.count - 1 ? text : pad(text, to: widths[i]) + "  "
                }
                out.append(printed(String(line.reversed().drop(while: { $0 == " " }).reversed())))
            }
            if proseBelow, row.count == columns, let prose = row.last, !prose.isEmpty, let width {
                let proseIndent = indent + "    "
                out += wrap(prose, width: min(width, displayWidth(proseIndent) + readingWidth),
                            firstIndent: proseIndent, restIndent: proseIndent)
            }
        }
        return out
    }

    /// The widest a paragraph of prose is set, however wide the terminal: longer lines are hard to read.
    public static let readingWidth = 100

    /// The longest prefix of `text` that fits in `width` display columns.
    static func truncate(_ text: String, to width: Int) -> String {
        var out = ""
        for character in text {
            if displayWidth(out + String(character)) > width { break }
            out.append(character)
        }
        return out
    }

    /// Drops the Markdown markers the entries use inline (`**`, `*`, backticks).
    static func plain(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "`", with: "")
    }

    /// Renders an entry's Markdown as wrapped plain text, every line indented by `indent`.
    /// Paragraphs are separated by a blank line; `- ` items get a hanging indent.
    static func render(markdown: String, width: Int, indent: String) -> [String] {
        var output: [String] = []
        var paragraph: [String] = []
        var item: [String]?
        func flushParagraph() {
            if !paragraph.isEmpty {
                if !output.isEmpty, output.last != "" { output.append("") }
                output += wrap(plain(paragraph.joined(separator: " ")), width: width, firstIndent: indent, restIndent: indent)
                paragraph = []
            }
        }
        func flushItem() {
            if let open = item {
                output += wrap(plain(open.joined(separator: " ")), width: width,
                               firstIndent: indent + "- ", restIndent: indent + "  ")
                item = nil
            }
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushItem()
                flushParagraph()
            } else if line.hasPrefix("- ") {
                flushParagraph()
                flushItem()
                if output.last.map({ !$0.hasPrefix(indent + "- ") && !$0.hasPrefix(indent + "  ") && $0 != "" }) == true {
                    output.append("")
                }
                item = [String(line.dropFirst(2))]
            } else if item != nil {
                item!.append(line)
            } else {
                paragraph.append(line)
            }
        }
        flushItem()
        flushParagraph()
        return output
    }
}
