// Turns the lines of a scenario into a syntax tree, reporting every error it meets.
//
// Recovery is per line: a line with an error that leaves its statement unusable is dropped
// and the parser goes on with the next line. Errors in literals (a bad unit, a count of 0)
// do not stop the line: they are reported and a stand-in value keeps the statement, so its
// group still exists for the checker and the rest of the line is still checked.
//
// `repeat … end` is matched with an explicit stack, never by recursion: a file nested 10 000
// deep costs a counter, and blocks deeper than `ScenarioLimits.maximumNesting` are reported
// once and not built, so the tree handed on is at most that deep.

import FieldCatalogue
import GoProgramContract

/// Collects diagnostics up to a limit and counts the rest.
final class DiagnosticSink {
    private let limit: Int
    private(set) var kept: [Diagnostic] = []
    private(set) var omitted = 0
    private(set) var errorCount = 0

    init(limit: Int) { self.limit = limit }

    var isFull: Bool { kept.count >= limit }

    func report(_ kind: Diagnostic.Kind, at span: SourceSpan) {
        let diagnostic = Diagnostic(kind, at: span)
        if diagnostic.isError { errorCount += 1 }
        if kept.count < limit { kept.append(diagnostic) } else { omitted += 1 }
    }
}

/// A statement as parsed, with what it does to groups (for the checker).
indirect enum SyntaxNode {
    case statement(Statement, group: GroupUse?)
    /// `id` names the block for the checker's memo; `span` is the `repeat` keyword; `endLine`
    /// the line of its `end` (the last line when it has none).
    case repeatBlock(id: Int, count: UInt64, span: SourceSpan, endLine: Int, body: [SyntaxNode])
}

/// A statement's use of a group.
struct GroupUse {
    enum Action: Equatable {
        case define(GroupKind)
        case free
        case freeKeeping
        case exit
    }

    var name: String
    var span: SourceSpan
    var action: Action
}

/// The parser's result: the tree plus what the checker needs to avoid follow-on errors.
struct ParsedScenario {
    var title: String?
    var about: [String] = []
    var titleTranslations = Translations()
    var aboutTranslations: [Translations] = []
    var nodes: [SyntaxNode] = []
    /// Groups named after `as` on lines that failed to parse: the checker does not call them
    /// undefined later, since the user did mean to make them.
    var poisonedGroups: Set<String> = []
    /// Whether any line held a statement other than `title`/`about` (even a broken one).
    var hasStatements = false
}

struct Parser {
    let source: SourceFile
    let sink: DiagnosticSink
    let limits: ScenarioLimits

    private struct Frame {
        var id: Int
        var count: UInt64
        var span: SourceSpan?
        var body: [SyntaxNode] = []
    }

    func parse() -> ParsedScenario {
        var result = ParsedScenario()
        var stack = [Frame(id: 0, count: 1, span: nil)]
        var phantomDepth = 0
        var nextID = 1
        var firstStatementLine: Int?
        var titleLine: Int?
        var sawSnapshot = false
        var statementLineCount: UInt64 = 0
        var warnedExpectBeforeSnapshot = false

        for (index, text) in source.lines.enumerated() {
            let lineNumber = index + 1
            let tokens: [Token]
            switch Lexer.tokens(of: text) {
            case .success(let t): tokens = t
            case .failure(let e):
                sink.report(e.kind, at: SourceSpan(start: source.location(line: lineNumber, column: e.column), length: e.length))
                // The line may still have meant to make a group: take the word after a bare 'as'.
                let words = text.prefix { $0 != "#" }.split(whereSeparator: \.isWhitespace)
                for (i, word) in words.enumerated() where word == "as" && i + 1 < words.count {
                    let name = words[i + 1].prefix(while: Lexer.isWordCharacter)
                    if !name.isEmpty { result.poisonedGroups.insert(String(name)) }
                }
                let trimmed = text.drop { $0.isWhitespace }
                if !(trimmed.hasPrefix("title") || trimmed.hasPrefix("about")) {
                    result.hasStatements = true
                    firstStatementLine = firstStatementLine ?? lineNumber
                }
                continue
            }
            guard let keyword = tokens.first else { continue }
            // Every statement runs at least once, so a file with more statement lines than a run
            // may execute is refused; stop reading it here, so millions of lines cost no more.
            if statementLineCount == limits.maximumExecutedStatements {
                sink.report(.fileTooLong(statementLimit: limits.maximumExecutedStatements),
                            at: SourceSpan(start: source.location(line: lineNumber, column: keyword.column), length: keyword.length))
                result.nodes = stack[0].body
                result.hasStatements = true
                return result
            }
            statementLineCount += 1
            var line = LineParser(tokens: tokens, text: text, lineNumber: lineNumber, file: source.file, sink: sink)
            let word = keyword.isWord ? String(keyword.text) : ""
            if word != "title" && word != "about" {
                result.hasStatements = true
                firstStatementLine = firstStatementLine ?? lineNumber
            }
            do {
                switch word {
                case "title", "about":
                    if let first = firstStatementLine {
                        sink.report(.headerAfterStatements(keyword: word, firstStatementLine: first), at: line.span(keyword))
                    }
                    let value = try line.text(of: word)
                    let translations = try line.translations()
                    try line.end()
                    if word == "about" {
                        result.about.append(value)
                        result.aboutTranslations.append(translations)
                    } else if let first = titleLine {
                        sink.report(.duplicateTitle(firstLine: first), at: line.span(keyword))
                    } else {
                        titleLine = lineNumber
                        result.title = value
                        result.titleTranslations = translations
                    }
                case "repeat":
                    // A broken `repeat` line still opens its block (with a stand-in count), so its
                    // `end` does not become a second, misleading error.
                    var count: UInt64 = 1
                    do {
                        count = try line.count(what: "repeat count")
                        try line.end()
                    } catch {}
                    if phantomDepth > 0 || stack.count - 1 >= limits.maximumNesting {
                        if phantomDepth == 0 { sink.report(.nestingTooDeep(limit: limits.maximumNesting), at: line.span(keyword)) }
                        phantomDepth += 1
                    } else {
                        stack.append(Frame(id: nextID, count: count, span: line.span(keyword)))
                        nextID += 1
                    }
                case "end":
                    do { try line.end() } catch {} // `end repeat`: reported; the block still closes
                    if phantomDepth > 0 {
                        phantomDepth -= 1
                    } else if stack.count > 1, let frame = stack.popLast(), let span = frame.span {
                        stack[stack.count - 1].body.append(.repeatBlock(id: frame.id, count: frame.count, span: span,
                                                                        endLine: lineNumber, body: frame.body))
                    } else {
                        sink.report(.endWithoutRepeat, at: line.span(keyword))
                    }
                default:
                    let node = try line.statement(sawSnapshot: sawSnapshot, warnedExpectBeforeSnapshot: &warnedExpectBeforeSnapshot)
                    if case .statement(let statement, _) = node, case .snapshot = statement.kind { sawSnapshot = true }
                    stack[stack.count - 1].body.append(node)
                }
            } catch {
                // The line is dropped; remember the groups it meant to make.
                for (i, token) in tokens.enumerated() where token.isWord("as") && i + 1 < tokens.count && tokens[i + 1].isWord {
                    result.poisonedGroups.insert(String(tokens[i + 1].text))
                }
            }
        }
        // Unclosed blocks: report each (innermost first is the order they are found in) and fold
        // its statements into the parent so the checker still sees them.
        while stack.count > 1, let frame = stack.popLast(), let span = frame.span {
            sink.report(.repeatWithoutEnd, at: span)
            stack[stack.count - 1].body.append(.repeatBlock(id: frame.id, count: frame.count, span: span,
                                                            endLine: source.lines.count, body: frame.body))
        }
        result.nodes = stack[0].body
        return result
    }
}

extension Token {
    /// This number token and the unit word after it, read as one literal (`1` `KiB` → `1KiB`).
    func joined(with unit: Token) -> Token {
        Token(kind: .number, text: Substring(String(text) + String(unit.text)), column: column,
              length: unit.column + unit.length - column)
    }
}

/// Reading one line's tokens; a thrown `LineAbort` drops the line after its error is reported.
struct LineParser {
    struct LineAbort: Error {}

    let tokens: [Token]
    let text: Substring
    let lineNumber: Int
    let file: String
    let sink: DiagnosticSink
    var index = 0

    init(tokens: [Token], text: Substring, lineNumber: Int, file: String, sink: DiagnosticSink) {
        self.tokens = tokens
        self.text = text
        self.lineNumber = lineNumber
        self.file = file
        self.sink = sink
        index = 1 // past the keyword
    }

    // MARK: Helpers

    func span(_ token: Token) -> SourceSpan {
        SourceSpan(start: SourceLocation(file: file, line: lineNumber, column: token.column), length: token.length)
    }

    /// From the start of `first` to the end of `last`.
    func span(_ first: Token, through last: Token) -> SourceSpan {
        SourceSpan(start: SourceLocation(file: file, line: lineNumber, column: first.column),
                   length: last.column + last.length - first.column)
    }

    /// Where a missing token belongs: right after the last token read.
    private var endSpan: SourceSpan {
        let last = tokens[min(index, tokens.count) - 1]
        return SourceSpan(start: SourceLocation(file: file, line: lineNumber, column: last.column + last.length), length: 1)
    }

    private var peek: Token? { index < tokens.count ? tokens[index] : nil }
    private var previousText: String { String(tokens[index - 1].text) }

    private mutating func advance() -> Token? {
        guard index < tokens.count else { return nil }
        index += 1
        return tokens[index - 1]
    }

    private func fail(_ kind: Diagnostic.Kind, at span: SourceSpan) throws -> Never {
        sink.report(kind, at: span)
        throw LineAbort()
    }

    /// Reports "expected WHAT after PREVIOUS, found TOKEN" at the next token (or line end).
    private func failExpected(_ what: String) throws -> Never {
        if let token = peek {
            try fail(.expected(what, after: previousText, found: String(token.text)), at: span(token))
        }
        try fail(.expected(what, after: previousText, found: nil), at: endSpan)
    }

    /// Reports a literal's problem without dropping the line; returns `standIn`.
    private func soft<T>(_ result: Result<T, Diagnostic.Kind>, _ token: Token, standIn: T) -> T {
        switch result {
        case .success(let v): return v
        case .failure(let kind):
            sink.report(kind, at: span(token))
            return standIn
        }
    }

    // MARK: Pieces

    mutating func end() throws {
        if let token = peek {
            try failMisplacedTranslation()
            try fail(.unexpectedToken(String(token.text), statement: String(tokens[0].text)), at: span(token))
        }
    }

    /// Whether the next tokens are a language tag and a string (`zh "…"`).
    private var startsTranslation: Bool {
        guard let tag = peek, tag.isWord, index + 1 < tokens.count, case .string = tokens[index + 1].kind else {
            return false
        }
        return true
    }

    /// Reports a translation where none may be (after a statement without narration, or after
    /// a snapshot's `focus`), if the next tokens are one.
    private func failMisplacedTranslation() throws {
        guard startsTranslation, let tag = peek else { return }
        let statement = String(tokens[0].text)
        let afterFocus = statement == "snapshot" && tokens[..<index].contains { $0.isWord("focus") }
        try fail(.misplacedTranslation(tag: String(tag.text), statement: statement, afterFocus: afterFocus),
                 at: span(tag, through: tokens[index + 1]))
    }

    /// The `TAG "text"` pairs after a narration string (version 1.1). Problems with a pair (an
    /// unknown tag, a second translation into one language, an empty text) are reported and the
    /// line is kept; a tag without its string ends the line.
    mutating func translations() throws -> Translations {
        var result = Translations()
        while startsTranslation, let tag = peek, case .string(let value) = tokens[index + 1].kind {
            let text = tokens[index + 1]
            index += 2
            let name = String(tag.text)
            guard let language = Language(rawValue: name), language != .english else {
                let suggestions = name.count <= 40 && name != "en" ? Suggestions.closest(to: name, among: Translations.tags, limit: 1) : []
                sink.report(.unknownLanguageTag(name, suggestions: suggestions), at: span(tag))
                continue
            }
            if result[language] != nil {
                sink.report(.duplicateTranslation(tag: name), at: span(tag, through: text))
            } else if value.allSatisfy(\.isWhitespace) {
                sink.report(.emptyTranslation(tag: name), at: span(text))
            } else {
                result[language] = value
            }
        }
        if let tag = peek, tag.isWord, Translations.tags.contains(String(tag.text)) {
            index += 1
            try failExpected("a string")
        }
        return result
    }

    mutating func string() throws -> String {
        guard let token = peek, case .string(let value) = token.kind else { try failExpected("a string") }
        index += 1
        return value
    }

    /// A string that must say something: a title, a step name, a note or a snapshot label
    /// printed empty would show nothing (`==  ==`).
    mutating func text(of statement: String) throws -> String {
        let value = try string()
        if value.allSatisfy(\.isWhitespace) {
            sink.report(.emptyText(statement: statement), at: span(tokens[index - 1]))
        }
        return value
    }

    mutating func word(_ w: String) throws {
        guard let token = peek, token.isWord(w) else {
            if w == "x", let token = peek, token.isWord, token.text.first == "x",
               token.text.dropFirst().first?.isNumber == true {
                try fail(.missingSpaceAroundX(previousText + String(token.text)), at: span(token))
            }
            try failExpected("'\(w)'")
        }
        index += 1
    }

    mutating func count(what: String) throws -> UInt64 {
        if let minus = peek, minus.isSymbol("-"), index + 1 < tokens.count, tokens[index + 1].kind == .number {
            let number = tokens[index + 1]
            index += 2
            sink.report(.negativeNumber("-" + number.text), at: span(minus, through: number))
            return 1
        }
        guard let token = peek, token.kind == .number else { try failExpected("a \(what)") }
        index += 1
        return soft(Literal.count(token, what: what), token, standIn: 1)
    }

    mutating func size() throws -> UInt64 {
        guard let token = peek, token.kind == .number else {
            if let minus = peek, minus.isSymbol("-"), index + 1 < tokens.count, tokens[index + 1].kind == .number {
                index += 2
                sink.report(.negativeNumber("-" + tokens[index - 1].text), at: span(minus, through: tokens[index - 1]))
                return 0
            }
            try failExpected("a size")
        }
        index += 1
        if let unit = unitApart(from: token, units: ScenarioKeywords.sizeUnits.map(\.0) + ["KB", "MB", "GB", "TB", "kB"]) {
            return readApart(token, unit, Literal.size, standIn: 0)
        }
        return soft(Literal.size(token), token, standIn: 0)
    }

    /// `1 KiB`: a bare number followed by a unit word. Consumes the unit and returns it.
    private mutating func unitApart(from number: Token, units: [String]) -> Token? {
        guard Literal.parts(of: number.text).suffix.isEmpty, let unit = peek, unit.isWord,
              units.contains(String(unit.text)) else { return nil }
        index += 1
        return unit
    }

    /// Reads `number unit` as one literal: a valid one is reported as written apart ("write
    /// 1KiB"); an invalid one (`1 KB`) gets the literal's own error, whose hint says more.
    private func readApart<T>(_ number: Token, _ unit: Token, _ read: (Token) -> Result<T, Diagnostic.Kind>,
                              standIn: T) -> T {
        let pair = number.joined(with: unit)
        if case .success = read(pair) {
            sink.report(.spaceBeforeUnit(number: String(number.text), unit: String(unit.text)), at: span(pair))
        }
        return soft(read(pair), pair, standIn: standIn)
    }

    mutating func group() throws -> (String, SourceSpan) {
        guard let token = peek, token.isWord else { try failExpected("a group name") }
        index += 1
        let name = String(token.text)
        if ScenarioKeywords.reserved.contains(name) || ScenarioKeywords.statements.contains(name) {
            sink.report(.reservedGroupName(name), at: span(token))
        }
        return (name, span(token))
    }

    mutating func field() throws -> MemStatsField? {
        guard let token = peek, token.isWord else { try failExpected("a field name") }
        index += 1
        if let field = MemStatsField(goName: String(token.text)) { return field }
        let name = String(token.text)
        let suggestions = name.count <= 40 && !sink.isFull
            ? Suggestions.closest(to: name, among: MemStatsField.allCases.map(\.goName), limit: 3) : []
        sink.report(.unknownField(name, suggestions: suggestions), at: span(token))
        return nil
    }

    // MARK: Statements

    /// Parses the statement that starts the line (anything but header, `repeat`, `end`).
    mutating func statement(sawSnapshot: Bool, warnedExpectBeforeSnapshot: inout Bool) throws -> SyntaxNode {
        let keyword = tokens[0]
        let at = span(keyword)
        let word = String(keyword.text)
        var group: GroupUse?
        var translations = Translations()
        let kind: StatementKind
        switch word {
        case "step":
            kind = .step(try text(of: "step"))
            translations = try self.translations()
        case "note":
            kind = .note(try text(of: "note"))
            translations = try self.translations()
        case "alloc":
            let countToken = peek
            let count = try count(what: "count")
            try self.word("x")
            let sizeToken = peek
            let size = try size()
            var name: String?
            var hasPointers = false
            var isTouched = true
            while let token = advance() {
                if token.isWord("as") {
                    if name != nil { sink.report(.duplicateOption("as"), at: span(token)) }
                    let (g, s) = try self.group()
                    name = g
                    group = GroupUse(name: g, span: s, action: .define(.objects))
                } else if token.isWord("pointers") {
                    if hasPointers { sink.report(.duplicateOption("pointers"), at: span(token)) }
                    hasPointers = true
                } else if token.isWord("untouched") {
                    if !isTouched { sink.report(.duplicateOption("untouched"), at: span(token)) }
                    isTouched = false
                } else {
                    index -= 1
                    try failMisplacedTranslation()
                    try fail(.unexpectedToken(String(token.text), statement: word), at: span(token))
                }
            }
            if let c = countToken, let s = sizeToken, count.multipliedReportingOverflow(by: size).overflow {
                sink.report(.allocationOverflow(count: count, sizeBytes: size), at: span(c, through: s))
            }
            kind = .operation(.alloc(Allocation(count: count, sizeBytes: size, group: name,
                                                hasPointers: hasPointers, isTouched: isTouched)))
        case "free":
            let (name, s) = try self.group()
            if let keep = peek, keep.isWord("keep") {
                index += 1
                guard let one = peek, one.kind == .number else { try failExpected("'1'") }
                index += 1
                if one.text != "1" { sink.report(.keepOnlyOne(found: String(one.text)), at: span(one)) }
                try self.word("in")
                let k = try count(what: "K")
                try end()
                group = GroupUse(name: name, span: s, action: .freeKeeping)
                kind = .operation(.freeKeeping(group: name, oneIn: k))
            } else {
                try end()
                group = GroupUse(name: name, span: s, action: .free)
                kind = .operation(.free(group: name))
            }
        case "gc":
            try end()
            kind = .operation(.gc)
        case "release":
            try end()
            kind = .operation(.release)
        case "sleep":
            guard let token = peek, token.kind == .number else { try failExpected("a duration") }
            index += 1
            if let unit = unitApart(from: token, units: ScenarioKeywords.durationUnits.map(\.0) + ["sec", "min"]) {
                kind = .operation(.sleep(nanoseconds: readApart(token, unit, Literal.duration, standIn: 0)))
            } else {
                kind = .operation(.sleep(nanoseconds: soft(Literal.duration(token), token, standIn: 0)))
            }
        case "goroutines":
            let countToken = peek
            let count = try count(what: "goroutine count")
            try self.word("stack")
            let sizeToken = peek
            let stack = try size()
            try self.word("as")
            let (name, s) = try self.group()
            try end()
            if let c = countToken, let z = sizeToken, count.multipliedReportingOverflow(by: stack).overflow {
                sink.report(.allocationOverflow(count: count, sizeBytes: stack), at: span(c, through: z))
            }
            let largestStack = GoLimits.largestStackRequest(.go1_27)
            if let z = sizeToken, stack > largestStack {
                sink.report(.goroutineStackTooLarge(sizeBytes: stack, grownBytes: GoProgramShape.go1_27.stackBytes(requested: stack),
                                                    limitBytes: GoLimits.maximumStackBytes, largestBytes: largestStack),
                            at: span(z))
            }
            group = GroupUse(name: name, span: s, action: .define(.goroutines))
            kind = .operation(.goroutines(count: count, stackBytes: stack, group: name))
        case "exit":
            let (name, s) = try self.group()
            try end()
            group = GroupUse(name: name, span: s, action: .exit)
            kind = .operation(.exit(group: name))
        case "set":
            kind = .operation(try setting())
        case "snapshot":
            let label = try text(of: "snapshot")
            translations = try self.translations()
            var focus: [MemStatsField] = []
            if let token = peek {
                guard token.isWord("focus") else {
                    try fail(.unexpectedToken(String(token.text), statement: word), at: span(token))
                }
                index += 1
                if peek == nil { try failExpected("a field name") }
                while peek != nil {
                    try failMisplacedTranslation()
                    if let f = try field(), !focus.contains(f) { focus.append(f) }
                }
            }
            kind = .snapshot(label: label, focus: focus)
        case "expect":
            if !sawSnapshot && !warnedExpectBeforeSnapshot {
                warnedExpectBeforeSnapshot = true
                sink.report(.expectBeforeSnapshot, at: at)
            }
            kind = .expect(try expectation())
        default:
            let suggestions = word.count <= 40 && !sink.isFull
                ? Suggestions.closest(to: word, among: ScenarioKeywords.statements, limit: 1) : []
            try fail(.unknownStatement(word, suggestions: keyword.isWord ? suggestions : []), at: at)
        }
        if case .step = kind { try end() }
        if case .note = kind { try end() }
        if case .operation(.sleep) = kind { try end() }
        return .statement(Statement(kind, span: at, translations: translations), group: group)
    }

    private mutating func setting() throws -> ScenarioOperation {
        guard let name = peek, name.isWord else { try failExpected("'gogc' or 'memlimit'") }
        index += 1
        switch name.text {
        case "gogc":
            guard let value = peek else { try failExpected("a percent or 'off'") }
            index += 1
            if value.isWord("off") { try end(); return .setGCPercent(nil) }
            guard value.kind == .number else {
                index -= 1
                try failExpected("a percent or 'off'")
            }
            let percent = soft(Literal.percent(value), value, standIn: 100)
            try end()
            return .setGCPercent(percent)
        case "memlimit":
            guard let value = peek else { try failExpected("a size or 'off'") }
            if value.isWord("off") { index += 1; try end(); return .setMemoryLimit(bytes: nil) }
            guard value.kind == .number else { try failExpected("a size or 'off'") }
            let bytes = try size()
            try end()
            return .setMemoryLimit(bytes: bytes)
        default:
            let s = String(name.text)
            try fail(.unknownSetting(s, suggestions: Suggestions.closest(to: s, among: ScenarioKeywords.settings, limit: 1)),
                     at: span(name))
        }
    }

    private mutating func expectation() throws -> Expectation {
        let first = index
        let leftStart = index
        let left = try expression()
        guard let op = peek, op.kind == .symbol, ["<", "<=", ">", ">=", "==", "~"].contains(op.text) else {
            if let token = peek, token.isWord("within") {
                try fail(.withinWithoutApproximately, at: span(token))
            }
            try failExpected("a comparison")
        }
        index += 1
        let rightStart = index
        let right = try expression()
        checkKinds(left, from: leftStart, right, from: rightStart)
        var comparison: Expectation.Comparison
        switch op.text {
        case "<": comparison = .less
        case "<=": comparison = .lessOrEqual
        case ">": comparison = .greater
        case ">=": comparison = .greaterOrEqual
        case "==": comparison = .equal
        default: comparison = .approximately(withinPercent: 0)
        }
        if case .approximately = comparison {
            guard let within = peek, within.isWord("within") else {
                try fail(.approximatelyWithoutWithin, at: peek.map(span) ?? endSpan)
            }
            index += 1
            guard let p = peek, p.kind == .number else { try failExpected("a percent") }
            index += 1
            let percent = soft(Literal.percent(p), p, standIn: 1)
            guard let sign = peek, sign.isSymbol("%") else { try failExpected("'%'") }
            index += 1
            comparison = .approximately(withinPercent: percent)
        } else if let token = peek, token.isWord("within") {
            try fail(.withinWithoutApproximately, at: span(token))
        }
        var releases: GoReleaseRange?
        while let word = peek, word.isWord("since") || word.isWord("before") {
            index += 1
            guard let name = peek, name.isWord, let release = GoRelease(String(name.text)) else {
                try failExpected("a Go release such as go1.22")
            }
            index += 1
            var range = releases ?? GoReleaseRange()
            if word.isWord("since") { range.since = release } else { range.before = release }
            releases = range
        }
        try end()
        let claim = text[tokens[first].text.startIndex..<tokens[index - 1].text.endIndex]
        return Expectation(left: left, comparison: comparison, right: right, text: String(claim), releases: releases)
    }

    /// Reports the first term whose kind differs from the kind of the terms before it: a claim
    /// compares bytes with bytes (sizes count as bytes), counts with counts, and so on. Plain
    /// numbers fit any kind. `from` is the index of each side's first token.
    private func checkKinds(_ left: Expression, from leftStart: Int, _ right: Expression, from rightStart: Int) {
        var established: (kind: FieldKind, text: String)?
        let sides = [(left, leftStart), (right, rightStart)]
        for (expression, start) in sides {
            // Terms sit at every other token: TERM (+|- TERM)*.
            for (offset, item) in expression.terms.enumerated() {
                let tokenIndex = start + 2 * offset
                guard tokenIndex < tokens.count else { continue }
                let kind: FieldKind
                switch item.term {
                case .field(let field): kind = field.kind
                case .bytes: kind = .bytes
                case .integer: continue
                }
                let text = String(tokens[tokenIndex].text)
                guard let first = established else {
                    established = (kind, text)
                    continue
                }
                if first.kind != kind {
                    sink.report(.mixedKinds(term: text, kind: kind, other: first.text, otherKind: first.kind),
                                at: span(tokens[tokenIndex]))
                    return
                }
            }
        }
    }

    private mutating func expression() throws -> Expression {
        var terms: [(sign: Expression.Sign, term: Expression.Term)] = [(.plus, try term())]
        while let op = peek, op.isSymbol("+") || op.isSymbol("-") {
            index += 1
            terms.append((op.isSymbol("+") ? .plus : .minus, try term()))
        }
        return Expression(terms: terms)
    }

    private mutating func term() throws -> Expression.Term {
        guard let token = peek, token.kind == .word || token.kind == .number else {
            try failExpected("a field, size or number")
        }
        if token.kind == .word {
            guard let field = try field() else { return .integer(0) }
            if !field.isScalar { sink.report(.nonScalarField(field), at: span(tokens[index - 1])) }
            return .field(field)
        }
        index += 1
        let parts = Literal.parts(of: token.text)
        if parts.suffix.isEmpty && parts.fraction == nil {
            return .integer(soft(Literal.plainInteger(token), token, standIn: 0))
        }
        return .bytes(soft(Literal.size(token), token, standIn: 0))
    }
}
