// The front door of the language: source text (or raw bytes) in, a checked `Scenario` or the
// diagnostics that explain why not out.
//
// Stages: decode (UTF-8) → lex and parse, line by line with recovery → check → build the tree.
// Every stage runs even when an earlier one found errors, so one pass reports every error;
// a scenario with any error yields no `Scenario` and so runs nothing.

import FieldCatalogue

/// The outcome of compiling one scenario file.
public struct Compilation: Sendable {
    /// The checked scenario; nil when there is any error.
    public var scenario: Scenario?
    /// The diagnostics kept (at most `ScenarioLimits.maximumDiagnostics`), sorted by position.
    public var diagnostics: [Diagnostic]
    /// How many more diagnostics were found but not kept.
    public var omittedDiagnosticCount: Int
    /// The text as read, for rendering excerpts.
    public var source: SourceFile
    /// Errors found, kept or not (warnings excluded).
    public var errorCount: Int

    public var hasErrors: Bool { errorCount > 0 }

    /// The diagnostics in the spec's layout (`FILE:LINE:COLUMN: error: MESSAGE`, excerpt, caret, hint).
    public func rendered(usesColor: Bool = false, width: Int? = nil, language: Language = .english) -> String {
        DiagnosticRenderer(usesColor: usesColor, width: width, language: language)
            .render(diagnostics, omitted: omittedDiagnosticCount, in: source)
    }
}

/// Compiles scenario files.
public enum ScenarioCompiler {
    /// Lexes, parses and checks `source`.
    ///
    /// - Parameters:
    ///   - source: The text of a `.scenario` file.
    ///   - file: The path shown in diagnostics and kept in `Scenario.file`.
    ///   - limits: Nesting, statement, snapshot and diagnostic limits.
    /// - Returns: The scenario when there is no error, and every diagnostic found (warnings too).
    public static func compile(source: String, file: String, limits: ScenarioLimits = .default) -> Compilation {
        let text = SourceFile(text: source, file: file)
        let sink = DiagnosticSink(limit: limits.maximumDiagnostics)
        if let place = text.firstBareCarriageReturn() { sink.report(.bareCarriageReturn, at: place) }
        let parsed = Parser(source: text, sink: sink, limits: limits).parse()
        if !parsed.hasStatements {
            sink.report(.emptyScenario, at: SourceSpan(start: text.location(line: 1, column: 1), length: 1))
        }
        let statements = Checker(parsed: parsed, sink: sink, limits: limits).check()
        let scenario = sink.errorCount == 0
            ? Scenario(file: file, title: parsed.title, about: parsed.about, statements: statements,
                       titleTranslations: parsed.titleTranslations, aboutTranslations: parsed.aboutTranslations) : nil
        return Compilation(scenario: scenario, diagnostics: sorted(sink.kept), omittedDiagnosticCount: sink.omitted,
                           source: text, errorCount: sink.errorCount)
    }

    /// Compiles raw file contents: reports bytes that are not UTF-8 (binary files, other
    /// encodings) at their line and column instead of guessing, then compiles the text.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - file: The path shown in diagnostics.
    ///   - limits: As for `compile(source:file:limits:)`.
    public static func compile(bytes: [UInt8], file: String, limits: ScenarioLimits = .default) -> Compilation {
        guard let offset = UTF8Validation.firstInvalidOffset(bytes) else {
            return compile(source: String(decoding: bytes, as: UTF8.self), file: file, limits: limits)
        }
        let (line, column) = UTF8Validation.location(of: offset, in: bytes)
        let text = SourceFile(text: String(decoding: bytes, as: UTF8.self), file: file)
        let diagnostic = Diagnostic(.invalidUTF8(byte: bytes[offset]),
                                    at: SourceSpan(start: text.location(line: line, column: column), length: 1))
        return Compilation(scenario: nil, diagnostics: [diagnostic], omittedDiagnosticCount: 0, source: text, errorCount: 1)
    }

    private static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            (a.element.span.start.line, a.element.span.start.column, a.offset)
                < (b.element.span.start.line, b.element.span.start.column, b.offset)
        }.map(\.element)
    }
}

/// The diagnostics of a scenario that did not compile, as an `Error`.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var omittedCount: Int
    public var source: SourceFile

    public var description: String {
        DiagnosticRenderer().render(diagnostics, omitted: omittedCount, in: source)
    }
}

/// The parser's entry point in `Result` form.
public enum ScenarioParser {
    /// Compiles `source`; `.failure` holds every diagnostic when there is any error.
    public static func parse(source: String, file: String) -> Result<Scenario, DiagnosticList> {
        let compilation = ScenarioCompiler.compile(source: source, file: file)
        if let scenario = compilation.scenario { return .success(scenario) }
        return .failure(DiagnosticList(diagnostics: compilation.diagnostics,
                                       omittedCount: compilation.omittedDiagnosticCount, source: compilation.source))
    }
}
