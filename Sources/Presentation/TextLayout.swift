// Plain-text layout shared by every text renderer: terminal display width (CJK characters take
// two columns), word wrapping that also breaks between Chinese characters, aligned tables, and
// turning the field entries' small Markdown subset into indented plain text.
//
// Simplification: only the Markdown the entries use is understood: paragraphs, `- ` list
// items, `**bold**` and `code` spans (their markers are dropped in text output).

import Foundation

public enum TextLayout {
    /// Columns `text` occupies in a terminal: 2 for East Asian wide characters, else 1.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
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
    private static func pieces(_ text: String) -> [(text: String, spaceBefore: Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        var spaceBefore = false
        var pendingSpace = false
        func flush() {
            if !current.isEmpty { result.append((current, spaceBefore)) }
            current = ""
        }
        for character in text {
            if character == " " || character == "\n" || character == "\t" {
                flush()
                pendingSpace = true
                continue
            }
            let wide = character.unicodeScalars.first.map(isWide) ?? false
            if noLineStart.contains(character), !current.isEmpty || !result.isEmpty, !pendingSpace {
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
                    spaceBefore = false
                }
                current.append(character)
            }
            pendingSpace = false
        }
        flush()
        return result
    }

    /// Wraps `text` to `width` columns. The first line starts with `firstIndent`, the others
    /// with `restIndent`. A word longer than a line is put on a line of its own.
    public static func wrap(_ text: String, width: Int, firstIndent: String = "", restIndent: String = "") -> [String] {
        var lines: [String] = []
        var line = firstIndent
        var lineHasText = false
        for (piece, spaceBefore) in pieces(text) {
            let separator = lineHasText && spaceBefore ? " " : ""
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

    /// Aligns `rows` in columns two spaces apart, after `indent`. With `width`, the last column
    /// takes what room is left and is cut with "…" (a meaning column); trailing spaces are dropped.
    public static func table(_ rows: [[String]], indent: String = "", width: Int? = nil) -> [String] {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return [] }
        let measured = width == nil ? columns : columns - 1
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < measured { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        return rows.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                if i < measured {
                    line += (i == row.count - 1 ? cell : pad(cell, to: widths[i]) + "  ")
                } else {
                    let room = max(20, (width ?? 0) - displayWidth(line))
                    line += displayWidth(cell) > room ? truncate(cell, to: room - 1) + "…" : cell
                }
            }
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }

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
