// How a command's output is dressed, decided once from the command line and the environment:
// the format, the width every text line fits, colour, language and exact values. Renderers
// take an `OutputStyle`; only the CLI reads options, COLUMNS and NO_COLOR to make one.

import FieldCatalogue
import Foundation

/// The output formats, one enum for every command; each command declares the ones it supports.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned text for a terminal, fitted to its width.
    case text
    /// One JSON document with stable keys, for scripts.
    case json
    /// One row per value with a header, for spreadsheets and plots.
    case csv
    /// Markdown tables and headings, for slides and notes.
    case markdown
}

/// `--color`: when to colour text output.
public enum ColorChoice: String, CaseIterable, Sendable {
    /// Only when standard output is a terminal and NO_COLOR is not set.
    case auto
    /// Always, e.g. for a projector that pipes through `less -R`.
    case always
    /// Never.
    case never
}

/// Everything a text renderer needs to know about where its output goes.
public struct OutputStyle: Sendable {
    /// Every line fits in this many columns where the content allows (a number is never cut).
    public var width: Int
    public var usesColor: Bool
    public var language: Language
    /// Exact values: bytes, counts and nanoseconds as integers, times as Unix nanoseconds.
    public var showsExactValues: Bool

    public init(width: Int = 80, usesColor: Bool = false, language: Language = .english, showsExactValues: Bool = false) {
        self.width = width
        self.usesColor = usesColor
        self.language = language
        self.showsExactValues = showsExactValues
    }

    /// The narrowest width the layout aims at; below it, lines may be longer than asked.
    public static let minimumWidth = 40
    /// The width used when neither COLUMNS nor the terminal says.
    public static let defaultWidth = 80

    /// The width: COLUMNS when it is a number, then the terminal's own width, else 80; never
    /// below `minimumWidth`.
    public static func width(columnsVariable: String?, terminalColumns: Int?) -> Int {
        let asked = columnsVariable.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil }
            ?? terminalColumns.flatMap { $0 > 0 ? $0 : nil } ?? defaultWidth
        return max(minimumWidth, asked)
    }

    /// Colour only on a terminal, never with NO_COLOR set (any value, per no-color.org) or
    /// `--color never`; `--color always` colours even a pipe.
    public static func usesColor(_ choice: ColorChoice, noColorVariable: String?, isTerminal: Bool) -> Bool {
        switch choice {
        case .always: true
        case .never: false
        case .auto: isTerminal && (noColorVariable ?? "").isEmpty
        }
    }

    /// The width of a paragraph of prose: the width, capped at a comfortable reading width.
    public var proseWidth: Int { min(width, TextLayout.readingWidth) }

    /// `text` in an ANSI colour when colour is on.
    func paint(_ text: String, _ color: Color) -> String {
        usesColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    enum Color: String {
        case passed = "32"
        case failed = "1;31"
        case up = "33"
        case down = "36"
        case heading = "1"
        case dim = "2"
    }
}
