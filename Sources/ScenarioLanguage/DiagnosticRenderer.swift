// Lays diagnostics out as text: the one place that decides what a scenario error looks like.
//
//     Scenarios/spike.scenario:12:14: error: unknown size unit 'KB' in '1KB'
//        12 | alloc 1000 x 1KB as burst
//           |              ^~~
//     hint: decimal units are ambiguous here; write 1KiB or 1000B
//
// The first line is fixed by the spec (editors and scripts parse it), so `error:` and `warning:`
// stay in English in every language; in Chinese the message and the hint (`提示：`) are Chinese.
// The excerpt is ours:
// a tab shows as four spaces, a control character as U+FFFD, an East Asian wide character takes
// two cells (the caret stays under it), and a line longer than `excerptWidth` characters is cut
// to a window around the column with "…" at the cut ends, so a 100 000-character line prints a
// few dozen characters, not all of them.

import FieldCatalogue

/// Turns diagnostics into the text a user reads.
public struct DiagnosticRenderer: Sendable {
    /// The most characters of a source line shown in an excerpt.
    public static let excerptWidth = 100
    /// ANSI colour for "error:" / "warning:" and the caret; the CLI turns it on for a TTY only.
    public var usesColor: Bool
    /// The terminal's width: an excerpt line (gutter, text and the "…" at its cut ends) fits it.
    /// Nil: only `excerptWidth` bounds the excerpt.
    public var width: Int?

    /// The language of messages and hints.
    public var language: Language

    public init(usesColor: Bool = false, width: Int? = nil, language: Language = .english) {
        self.usesColor = usesColor
        self.width = width
        self.language = language
    }

    /// One diagnostic: the `FILE:LINE:COLUMN: error: MESSAGE` line, the excerpt and caret when
    /// the line exists, and the hint. Ends with a newline.
    public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        let start = diagnostic.span.start
        var out = "\(start): " + label(diagnostic.severity) + " " + diagnostic.kind.message(in: language) + "\n"
        if let line = source.line(start.line) {
            let number = String(start.line)
            let gutter = max(5, number.count)
            // Cells left for the text after "NNNNN | ", less two for the "…" at both cut ends.
            let cells = width.map { max(10, $0 - gutter - 3 - 2) } ?? Self.excerptWidth
            let (excerpt, caretPad, caretWidth) = Self.excerpt(of: line, column: start.column,
                                                               length: diagnostic.span.length, maxCells: cells)
            out += number.leftPadded(to: gutter, with: " ") + " | " + excerpt + "\n"
            let caret = "^" + String(repeating: "~", count: max(0, caretWidth - 1))
            out += String(repeating: " ", count: gutter) + " | " + String(repeating: " ", count: caretPad)
                + paint(caret, "32") + "\n"
        }
        if let hint = diagnostic.kind.hint(in: language) {
            out += (language == .chinese ? "提示：" : "hint: ") + hint + "\n"
        }
        return out
    }

    /// All diagnostics in order, then "and N more …" when some were left out.
    public func render(_ diagnostics: [Diagnostic], omitted: Int = 0, in source: SourceFile) -> String {
        var out = diagnostics.map { render($0, in: source) }.joined()
        if omitted > 0 {
            out += language == .chinese ? "\(source.file) 中还有 \(omitted) 个问题未显示\n"
                : "and \(omitted) more \(omitted == 1 ? "problem" : "problems") in \(source.file) not shown\n"
        }
        return out
    }

    private func label(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: paint("error:", "1;31")
        case .warning: paint("warning:", "1;33")
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The visible part of `line` around `column`, how many cells precede the caret, and how many
    /// cells the caret underlines.
    /// At most `excerptWidth` characters, and at most `maxCells` terminal cells (a line with wide
    /// characters counts every character as two).
    static func excerpt(of line: Substring, column: Int, length: Int, maxCells: Int = excerptWidth) -> (String, Int, Int) {
        let characterCount = line.count
        let caretIndex = max(0, column - 1)
        let hasWide = line.contains { display($0).1 > 1 }
        let limit = max(1, min(excerptWidth, hasWide ? maxCells / 2 : maxCells))
        var windowStart = 0
        if characterCount > limit {
            windowStart = min(max(0, caretIndex - limit / 2), max(0, characterCount - limit))
        }
        let windowEnd = min(characterCount, windowStart + limit)
        var text = windowStart > 0 ? "…" : ""
        var pad = windowStart > 0 ? 1 : 0
        var underline = 0
        var index = 0
        for c in line {
            defer { index += 1 }
            if index < windowStart { continue }
            if index >= windowEnd { break }
            let (shown, width) = display(c)
            text += shown
            if index < caretIndex { pad += width }
            else if index < caretIndex + length { underline += width }
        }
        if windowEnd < characterCount { text += "…" }
        // A caret past the end of the line (a missing token) sits one cell after the text.
        return (text, pad, max(1, underline))
    }

    /// How a character is shown in an excerpt, and how many terminal cells it takes.
    static func display(_ c: Character) -> (String, Int) {
        if c == "\t" { return ("    ", 4) }
        guard let scalar = c.unicodeScalars.first else { return ("", 0) }
        let category = scalar.properties.generalCategory
        if category == .control || category == .format || category == .surrogate {
            return ("\u{FFFD}", 1)
        }
        return (String(c), isWide(scalar.value) ? 2 : 1)
    }

    /// East Asian wide and fullwidth ranges (a common subset of Unicode's EastAsianWidth W/F).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}
