// Diagnostics as data: what went wrong in a scenario file, and where.
//
// Every stage (input decoding, lexer, parser, checker) reports a `Diagnostic.Kind` with its
// associated values; the words a user reads are produced here and nowhere else, in
// `Kind.message`, `Kind.hint` and `Kind.suggestion` (English), and in their Chinese twins in
// Diagnostic+Chinese.swift (`message(in:)`, `hint(in:)`). `DiagnosticRenderer` lays them out.
//
// Messages are lower-case fragments that read after "error: ", quote offending text in single
// quotes (shortened and with control characters escaped, see `quoted(_:)`), and say what was
// expected. Hints say what to write instead.

import FieldCatalogue

/// One problem found in a scenario file.
public struct Diagnostic: Sendable, Equatable {
    /// Errors stop the scenario from running; warnings are printed and the run goes on.
    public enum Severity: String, Sendable, Equatable {
        case error
        case warning
    }

    public var severity: Severity
    public var kind: Kind
    /// Where the problem is: its first character and how many characters it covers.
    public var span: SourceSpan

    public init(_ kind: Kind, at span: SourceSpan) {
        self.kind = kind
        self.span = span
        self.severity = kind.isWarning ? .warning : .error
    }

    /// The one-line description that follows `error: `.
    public var message: String { kind.message }
    /// What to do about it, or nil.
    public var hint: String? { kind.hint }
    /// The best "did you mean" replacement for the text at `span`, if there is one.
    public var suggestion: String? { kind.suggestion }
    public var isError: Bool { severity == .error }
}

extension Diagnostic: CustomStringConvertible {
    /// The first line of the rendered form: `FILE:LINE:COLUMN: error: MESSAGE`.
    public var description: String { "\(span.start): \(severity.rawValue): \(message)" }
}

/// What kind of group a statement works on: objects made by `alloc`, or goroutines.
public enum GroupKind: String, Sendable, Hashable {
    case objects
    case goroutines
}

extension Diagnostic {
    /// Every problem the scenario compiler can report. Any case except `expectBeforeSnapshot`
    /// is an error: the scenario runs nothing (the CLI exits with its bad-scenario status, 3).
    public enum Kind: Sendable, Equatable {
        // MARK: Input
        /// The file holds no statement (only blank lines, comments or a header).
        case emptyScenario
        /// The bytes are not UTF-8 (binary garbage, or another encoding).
        case invalidUTF8(byte: UInt8)
        /// A carriage return not followed by a line feed: lines end with LF or CR LF only.
        case bareCarriageReturn

        // MARK: Lexical
        case unexpectedCharacter(Character)
        case unterminatedString
        case invalidEscape(Character)
        /// A control or bidirectional-override character inside a string: it would reach the
        /// terminal (or reorder the text around it) when the string is printed.
        case controlCharacterInString(Character)
        /// A line with more tokens than any statement needs.
        case tooManyTokens(limit: Int)

        // MARK: Syntax
        case unknownStatement(String, suggestions: [String])
        /// `expected` names the thing wanted ("a count", "'x'"), `after` the text it should follow,
        /// `found` the token found instead (nil: the end of the line).
        case expected(String, after: String, found: String?)
        case unexpectedToken(String, statement: String)
        case duplicateOption(String)
        case reservedGroupName(String)
        case unknownSetting(String, suggestions: [String])
        /// `free GROUP keep N in K` with N other than 1.
        case keepOnlyOne(found: String)
        case withinWithoutApproximately
        case approximatelyWithoutWithin
        /// `1000x1KiB`: count and size glued to the `x`.
        case missingSpaceAroundX(String)
        /// `step ""`: a title, step, note or snapshot label with nothing to show.
        case emptyText(statement: String)

        // MARK: Translations (version 1.1)
        /// A language tag before a translation that is not one the field guide speaks.
        case unknownLanguageTag(String, suggestions: [String])
        /// A second translation into the same language on one statement.
        case duplicateTranslation(tag: String)
        case emptyTranslation(tag: String)
        /// `TAG "text"` after a statement that has no narration, or after a snapshot's `focus`.
        case misplacedTranslation(tag: String, statement: String, afterFocus: Bool)

        // MARK: Literals
        /// `what` is "count", "repeat count", "goroutine count" or "K".
        case countOutOfRange(String, what: String)
        case negativeNumber(String)
        case notWholeNumber(String, alternative: String?)
        case exponentNotation(String, expanded: String?)
        case misplacedUnderscore(String)
        case unexpectedUnit(unit: String, literal: String, expected: String)
        case missingSizeUnit(String)
        /// `1 KiB`, `5 s`: a number and its unit written apart.
        case spaceBeforeUnit(number: String, unit: String)
        case decimalSizeUnit(unit: String, literal: String)
        case unknownSizeUnit(unit: String, literal: String, suggestions: [String])
        case sizeTooLarge(String)
        case missingDurationUnit(String)
        case unknownDurationUnit(unit: String, literal: String, suggestion: String?)
        case durationTooLong(String)
        case percentOutOfRange(String)
        case numberTooLarge(String)

        // MARK: Fields
        case unknownField(String, suggestions: [String])
        /// `expect` on a field that is not one number (PauseNs, PauseEnd, BySize).
        case nonScalarField(MemStatsField)
        /// `expect NumGC == 1KiB`: a term of one kind (bytes, a count, …) against another.
        case mixedKinds(term: String, kind: FieldKind, other: String, otherKind: FieldKind)

        // MARK: Structure
        case headerAfterStatements(keyword: String, firstStatementLine: Int)
        case duplicateTitle(firstLine: Int)
        case endWithoutRepeat
        case repeatWithoutEnd
        case nestingTooDeep(limit: Int)

        // MARK: Groups
        /// `action` is the statement that needs the group: "free" or "exit".
        case undefinedGroup(String, action: String, suggestions: [String])
        /// The group existed but was freed (or exited) at `removedLine`; `repeatLine` is set when
        /// that happened on an earlier pass of the repeat at that line.
        case groupGone(String, action: String, kind: GroupKind, removedLine: Int, repeatLine: Int?)
        case wrongGroupKind(String, action: String, actual: GroupKind, definedLine: Int)
        /// `alloc … as G` where G holds goroutines, or `goroutines … as G` where G holds objects.
        case groupKindConflict(String, wanted: GroupKind, existing: GroupKind, definedLine: Int)

        // MARK: Limits
        /// One statement's COUNT × SIZE exceeds 2^64 − 1 bytes.
        case allocationOverflow(count: UInt64, sizeBytes: UInt64)
        /// All allocations of the run, repeats unrolled, exceed 2^64 − 1 bytes.
        case totalMemoryOverflow
        /// `executed` nil: the count itself overflows 64 bits.
        case tooManyStatements(executed: UInt64?, limit: UInt64)
        case tooManySnapshots(executed: UInt64?, limit: UInt64)
        /// More statement lines (header, `repeat` and `end` included) than a run may execute;
        /// the rest of the file is not read.
        case fileTooLong(statementLimit: UInt64)

        // MARK: Go's own limits (spec 1.1)
        /// `goroutines … stack SIZE` whose stack would grow past Go's maximum goroutine stack.
        case goroutineStackTooLarge(sizeBytes: UInt64, grownBytes: UInt64, limitBytes: UInt64, largestBytes: UInt64)
        /// Live memory (objects, slot slices, stacks) beyond what Go can map on linux/amd64.
        case beyondGoAddressSpace(peakBytes: UInt64, limitBytes: UInt64)

        // MARK: Warnings
        /// An `expect` with no `snapshot` before it: the first time it runs it checks nothing.
        case expectBeforeSnapshot

        public var isWarning: Bool {
            if case .expectBeforeSnapshot = self { true } else { false }
        }
    }
}

// MARK: - The words (the only place messages are written)

extension Diagnostic.Kind {
    /// The message after `error: `.
    public var message: String {
        switch self {
        case .emptyScenario:
            return "empty scenario: nothing to run"
        case .invalidUTF8(let byte):
            return "file is not UTF-8 text: byte \(hexByte(byte)) cannot appear here"
        case .bareCarriageReturn:
            return "carriage return (CR) without a line feed"
        case .unexpectedCharacter(let c):
            return "unexpected character \(quotedCharacter(c))"
        case .unterminatedString:
            return "unterminated string"
        case .controlCharacterInString(let c):
            return "control character \(quotedCharacter(c)) in string"
        case .invalidEscape(let c):
            return "unknown escape '\\\(escaped(String(c)))' in string"
        case .tooManyTokens(let limit):
            return "line has more than \(limit) words and symbols"
        case .unknownStatement(let word, _):
            return "unknown statement \(quoted(word))"
        case .expected(let what, let after, let found):
            return "expected \(what) after \(quoted(after)), found " + (found.map(quoted) ?? "end of line")
        case .unexpectedToken(let text, let statement):
            return "unexpected \(quoted(text)) after the end of the \(quoted(statement)) statement"
        case .duplicateOption(let option):
            return "\(quoted(option)) is given twice"
        case .reservedGroupName(let name):
            return "\(quoted(name)) is a keyword and cannot name a group"
        case .unknownSetting(let name, _):
            return "unknown setting \(quoted(name))"
        case .keepOnlyOne(let found):
            return "expected 'keep 1 in K', found 'keep \(shortened(found)) in'"
        case .withinWithoutApproximately:
            return "'within' only follows '~'"
        case .approximatelyWithoutWithin:
            return "'~' needs 'within P%' at the end"
        case .missingSpaceAroundX(let text):
            return "expected spaces around 'x' in \(quoted(text))"
        case .emptyText(let statement):
            return "empty text for \(quoted(statement))"
        case .unknownLanguageTag(let tag, _):
            return "unknown language tag \(quoted(tag)) before a translation"
        case .duplicateTranslation(let tag):
            return "second \(quoted(tag)) translation on this line"
        case .emptyTranslation(let tag):
            return "empty \(quoted(tag)) translation"
        case .misplacedTranslation(let tag, let statement, let afterFocus):
            if afterFocus { return "the \(quoted(tag)) translation comes after 'focus'" }
            return "\(quoted(statement)) takes no translation (\(quoted(tag)) \"…\")"
        case .countOutOfRange(let text, let what):
            return "\(what) must be between 1 and 10^12, found \(quoted(text))"
        case .negativeNumber(let text):
            return "negative number \(quoted(text))"
        case .notWholeNumber(let text, _):
            return "\(quoted(text)) is not a whole number"
        case .exponentNotation(let text, _):
            return "exponent notation in \(quoted(text))"
        case .misplacedUnderscore(let text):
            return "misplaced '_' in \(quoted(text)); '_' goes only between digits"
        case .unexpectedUnit(let unit, let literal, let expected):
            return "\(expected) takes no unit, found \(quoted(unit)) in \(quoted(literal))"
        case .missingSizeUnit(let text):
            return "size \(quoted(text)) has no unit"
        case .spaceBeforeUnit(let number, let unit):
            return "space between \(quoted(number)) and its unit \(quoted(unit))"
        case .decimalSizeUnit(let unit, let literal):
            return "unknown size unit \(quoted(unit)) in \(quoted(literal))"
        case .unknownSizeUnit(let unit, let literal, _):
            return "unknown size unit \(quoted(unit)) in \(quoted(literal))"
        case .sizeTooLarge(let text):
            return "size \(quoted(text)) is more than 1TiB"
        case .missingDurationUnit(let text):
            return "duration \(quoted(text)) has no unit"
        case .unknownDurationUnit(let unit, let literal, _):
            return "unknown duration unit \(quoted(unit)) in \(quoted(literal))"
        case .durationTooLong(let text):
            return "duration \(quoted(text)) is longer than \(ScenarioLimits.maximumSleepHours)h"
        case .percentOutOfRange(let text):
            return "percent must be between 1 and 10000, found \(quoted(text))"
        case .numberTooLarge(let text):
            return "number \(quoted(text)) does not fit in 64 bits"
        case .unknownField(let name, _):
            return "unknown MemStats field \(quoted(name))"
        case .nonScalarField(let field):
            return "field '\(field.goName)' is not a single number, so 'expect' cannot compare it"
        case .mixedKinds(let term, let kind, let other, let otherKind):
            return "\(quoted(term)) is \(kind.described) but \(quoted(other)) is \(otherKind.described); "
                + "a claim compares like with like"
        case .headerAfterStatements(let keyword, let line):
            return "\(quoted(keyword)) must come before the first statement (line \(line))"
        case .duplicateTitle(let line):
            return "second 'title'; the scenario already has one at line \(line)"
        case .endWithoutRepeat:
            return "'end' without 'repeat'"
        case .repeatWithoutEnd:
            return "'repeat' without 'end'"
        case .nestingTooDeep(let limit):
            return "'repeat' nested more than \(limit) deep"
        case .undefinedGroup(let name, let action, _):
            return "'\(action)' of group \(quoted(name)), which does not exist here"
        case .groupGone(let name, let action, let kind, let removedLine, let repeatLine):
            let verb = kind == .objects ? "freed" : "exited"
            if let repeatLine {
                return "'\(action)' of group \(quoted(name)), which was \(verb) at line \(removedLine) "
                    + "on the previous pass of the repeat at line \(repeatLine)"
            }
            return "'\(action)' of group \(quoted(name)), which was already \(verb) at line \(removedLine)"
        case .wrongGroupKind(let name, let action, let actual, let line):
            return "'\(action)' needs a group of \(actual == .objects ? "goroutines" : "objects"), "
                + "but \(quoted(name)) holds \(actual.rawValue) (made at line \(line))"
        case .groupKindConflict(let name, let wanted, let existing, let line):
            return "group \(quoted(name)) holds \(existing.rawValue) (made at line \(line)), "
                + "so it cannot take \(wanted.rawValue)"
        case .allocationOverflow(let count, let size):
            return "'\(count) x \(sizeText(size))' is more than 2^64 bytes"
        case .totalMemoryOverflow:
            return "the scenario requests more than 2^64 bytes in total"
        case .tooManyStatements(let executed, let limit):
            return "the scenario would run " + (executed.map { "\($0)" } ?? "more than 2^64")
                + " statements; the limit is \(limit)"
        case .tooManySnapshots(let executed, let limit):
            return "the scenario would take " + (executed.map { "\($0)" } ?? "more than 2^64")
                + " snapshots; the limit is \(limit)"
        case .fileTooLong(let limit):
            return "the scenario has more than \(limit) lines of statements; the rest of the file was not read"
        case .goroutineStackTooLarge(let size, let grown, let limit, _):
            return "a goroutine stack of \(sizeText(size)) grows to \(sizeText(grown)), past Go's \(limit)-byte maximum: "
                + "real Go stops with 'runtime: goroutine stack exceeds \(limit)-byte limit'"
        case .beyondGoAddressSpace(let peak, let limit):
            let about = approximateSizeText(peak)
            let reached = about == "about " + sizeText(limit) ? "\(peak) bytes" : about
            return "the scenario keeps \(reached) live at once (objects, their slot slices, stacks), more than the "
                + "\(sizeText(limit)) Go can map on linux/amd64 (its heap arenas cover a 48-bit address space)"
        case .expectBeforeSnapshot:
            return "'expect' before any 'snapshot' has nothing to check"
        }
    }

    /// What to do about it, or nil.
    public var hint: String? {
        switch self {
        case .emptyScenario:
            return "a scenario needs at least one statement, e.g. 'alloc 1000 x 1KiB as data' then 'snapshot \"after\"'"
        case .invalidUTF8:
            return "scenario files are UTF-8 text; is this the right file?"
        case .bareCarriageReturn:
            return "lines end with LF or CR LF; if the file's lines end with CR alone (classic Mac), "
                + "convert it: tr '\\r' '\\n' < old.scenario > new.scenario"
        case .unexpectedCharacter(let c):
            switch c {
            case "=": return "compare with '=='"
            case "!": return "there is no '!='; use '<', '<=', '>', '>=', '==' or '~ … within P%'"
            case "*", "×": return "write 'x' between count and size: 'alloc 1000 x 1KiB'"
            case "\u{201C}", "\u{201D}", "'": return "strings use straight double quotes: \"text\""
            case ".": return "numbers are whole: write 1536KiB, not 1.5MiB"
            default:
                if c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    return "control characters cannot appear in a scenario; is this a text file?"
                }
                if c.unicodeScalars.first.map({ $0.value > 0x7F }) == true, c.isLetter {
                    return "names use ASCII letters; put text in double quotes"
                }
                return "'#' starts a comment; text goes in double quotes"
            }
        case .unterminatedString:
            return "close the string with '\"' on the same line; write \\\" for a quote inside it"
        case .invalidEscape:
            return "strings know only \\\" and \\\\"
        case .controlCharacterInString:
            return "strings hold printable text; remove it (tabs are fine)"
        case .tooManyTokens:
            return "one statement per line"
        case .unknownStatement(let word, let suggestions):
            if let first = suggestions.first {
                return first.lowercased() == word.lowercased() && first != word
                    ? "keywords are lower case: '\(first)'" : "did you mean '\(first)'?"
            }
            if MemStatsField(goName: word) != nil { return "to check a field, write 'expect \(word) > 0'" }
            return "statements are " + ScenarioKeywords.statements.joined(separator: ", ")
        case .expected(let what, _, _):
            switch what {
            case "a string": return "text goes in double quotes: \"like this\""
            case "a size": return "a size is a whole number and a unit: 64B, 1KiB, 3MiB, 1GiB"
            case "a duration": return "a duration is a whole number and a unit: 250ms, 30s, 5m, 1h"
            case "a group name": return "a group name is a letter or '_', then letters, digits, '_' or '-'"
            case "a comparison": return "compare with '<', '<=', '>', '>=', '==' or '~ … within P%'"
            case "a field, size or number": return "e.g. 'HeapAlloc', '64MiB' or '1000'"
            case "a field name": return "spell it as Go does, e.g. 'HeapIdle'; 'memstats fields' lists them"
            case "'x'": return "write 'alloc 1000 x 1KiB'"
            case "'stack'", "'as'": return "write 'goroutines 100 stack 8KiB as workers'"
            case "'1'", "'in'": return "write 'free GROUP keep 1 in 4'"
            case "a percent", "'%'": return "write 'within 10%'"
            case "'gogc' or 'memlimit'": return "e.g. 'set gogc 50' or 'set memlimit 512MiB'"
            case "a percent or 'off'": return "e.g. 'set gogc 50' or 'set gogc off'"
            case "a size or 'off'": return "e.g. 'set memlimit 512MiB' or 'set memlimit off'"
            default:
                return what.hasSuffix("count") ? "a count is a whole number from 1 to 10^12, e.g. 1000 or 200_000" : nil
            }
        case .unexpectedToken(let text, let statement):
            if text == "%" && statement == "set" { return "'set gogc' takes a plain number: 'set gogc 50'" }
            return "one statement per line; '#' starts a comment"
        case .spaceBeforeUnit(let number, let unit):
            return "write \(shortened(number))\(shortened(unit))"
        case .duplicateOption:
            return "give each option once"
        case .reservedGroupName:
            return "choose another name, e.g. 'data'"
        case .unknownSetting(_, let suggestions):
            return suggestions.first.map { "did you mean '\($0)'?" } ?? "settings are 'gogc' and 'memlimit'"
        case .keepOnlyOne:
            return "'free GROUP keep 1 in K' keeps every K-th object"
        case .withinWithoutApproximately:
            return "write 'A ~ B within 10%'"
        case .approximatelyWithoutWithin:
            return "write 'A ~ B within 10%'"
        case .missingSpaceAroundX:
            return "write 'alloc 1000 x 1KiB'"
        case .emptyText(let statement):
            return "write what it should show, e.g. \(statement) \"After the burst\""
        case .unknownLanguageTag(let tag, let suggestions):
            if let first = suggestions.first { return "did you mean '\(first)'?" }
            let tags = Translations.tags.map { "'\($0)'" }.joined(separator: ", ")
            if tag == "en" { return "the first string is the English; translations are tagged \(tags)" }
            return "translations are tagged \(tags)"
        case .duplicateTranslation:
            return "give one translation per language; remove one of them"
        case .emptyTranslation:
            return "write the translated text, or leave the translation out (the English is shown then)"
        case .misplacedTranslation(let tag, _, let afterFocus):
            if afterFocus { return "write it before 'focus': snapshot \"Label\" \(shortened(tag)) \"…\" focus HeapIdle" }
            return "translations follow the text of title, about, step, note and snapshot"
        case .countOutOfRange:
            return "write a whole number from 1 to 1_000_000_000_000"
        case .negativeNumber:
            return "counts start at 1"
        case .notWholeNumber(_, let alternative):
            return alternative.map { "write \($0)" } ?? "numbers are whole"
        case .exponentNotation(_, let expanded):
            return expanded.map { "write \($0)" } ?? "write the digits out; '_' may separate them"
        case .misplacedUnderscore:
            return "write 200_000, not 200__000 or _200"
        case .unexpectedUnit:
            return "write the plain number"
        case .missingSizeUnit(let text):
            return "write \(shortened(text))B, or \(shortened(text))KiB for \(shortened(text)) × 1024 bytes"
        case .decimalSizeUnit(let unit, let literal):
            let digits = String(literal.dropLast(unit.count))
            let binary = unit.prefix(1).uppercased() + "iB"
            let decimal = decimalExample(digits: digits, unit: unit)
            return "decimal units are ambiguous here; write \(shortened(digits))\(binary)"
                + (decimal.map { " or \($0)B" } ?? "")
        case .unknownSizeUnit(_, _, let suggestions):
            return suggestions.first.map { "did you mean '\($0)'? " } .map { $0 + "units are B, KiB, MiB, GiB, TiB" }
                ?? "units are B, KiB, MiB, GiB, TiB"
        case .sizeTooLarge:
            return "scenarios ask for at most 1TiB at a time"
        case .missingDurationUnit(let text):
            return "write \(shortened(text))s or \(shortened(text))ms"
        case .unknownDurationUnit(_, _, let suggestion):
            return suggestion.map { "write '\($0)'; units are ms, s, m, h" } ?? "units are ms, s, m, h"
        case .durationTooLong:
            return "sleep at most \(ScenarioLimits.maximumSleepHours)h at a time"
        case .percentOutOfRange:
            return "write a whole number from 1 to 10000"
        case .numberTooLarge:
            return "numbers go up to 18_446_744_073_709_551_615"
        case .unknownField(let name, let suggestions):
            if let first = suggestions.first { return "did you mean '\(first)'?" }
            if name.contains("-") { return "write spaces around '-': 'HeapIdle - HeapReleased'" }
            return "run 'memstats fields' to list the names; spell them as Go does, e.g. 'HeapIdle'"
        case .nonScalarField:
            return "compare a field that is one number, e.g. 'NumGC' or 'PauseTotalNs'"
        case .mixedKinds(_, _, _, let otherKind):
            return "compare \(otherKind.described) with \(otherKind.described) or a plain number, e.g. "
                + "'\(otherKind.example)'; 'memstats explain FIELD' tells what a field counts"
        case .headerAfterStatements:
            return "move 'title' and 'about' to the top of the file"
        case .duplicateTitle:
            return "use 'about' for more lines"
        case .endWithoutRepeat:
            return "remove it, or add 'repeat COUNT' before the statements it closes"
        case .repeatWithoutEnd:
            return "add 'end' after the statements to repeat"
        case .nestingTooDeep:
            return "flatten the loops: 'repeat 6' around 'repeat 10' is 'repeat 60'"
        case .undefinedGroup(let name, let action, let suggestions):
            if let first = suggestions.first { return "did you mean '\(first)'?" }
            return action == "exit"
                ? "start it first: 'goroutines 10 stack 8KiB as \(shortened(name))'"
                : "make it first: 'alloc 1000 x 1KiB as \(shortened(name))'"
        case .groupGone(let name, _, let kind, _, _):
            return kind == .objects
                ? "allocate into it again ('alloc … as \(shortened(name))') before freeing it again"
                : "start goroutines in it again before 'exit'"
        case .wrongGroupKind(let name, _, let actual, _):
            return actual == .objects ? "write 'free \(shortened(name))'" : "write 'exit \(shortened(name))'"
        case .groupKindConflict:
            return "use another group name"
        case .allocationOverflow:
            return "lower the count or the size"
        case .totalMemoryOverflow:
            return "lower the counts, the sizes or the repeat counts"
        case .tooManyStatements, .tooManySnapshots:
            return "lower the repeat counts"
        case .fileTooLong:
            return "a run executes at most that many statements; use 'repeat' for long runs"
        case .goroutineStackTooLarge(_, _, _, let largest):
            return "stacks grow by doubling, so one goroutine can have at most \(sizeText(largest)): "
                + "write 'stack \(sizeText(largest))' or less, and more goroutines for more stack"
        case .beyondGoAddressSpace:
            return "lower the counts or the sizes, or free groups before allocating more"
        case .expectBeforeSnapshot:
            return "take a 'snapshot' first"
        }
    }

    /// The best replacement for the text at the diagnostic's span ("did you mean"), if any.
    public var suggestion: String? {
        switch self {
        case .unknownStatement(let word, let s):
            return s.first { $0 != word }
        case .unknownSetting(_, let s), .unknownField(_, let s), .undefinedGroup(_, _, let s),
             .unknownLanguageTag(_, let s):
            return s.first
        case .unknownSizeUnit(_, let literal, let s):
            guard let unit = s.first else { return nil }
            return String(literal.prefix { $0.isNumber || $0 == "_" }) + unit
        case .unknownDurationUnit(_, let literal, let s):
            guard let unit = s else { return nil }
            return String(literal.prefix { $0.isNumber || $0 == "_" }) + unit
        default:
            return nil
        }
    }
}

// MARK: - Quoting

/// At most this many characters of offending text appear in a message.
let maximumQuotedCharacters = 40

/// `'text'`, shortened to `maximumQuotedCharacters` with "…" and with control characters
/// escaped, so a garbage token can neither flood nor drive the terminal.
func quoted(_ text: String) -> String {
    "'" + escaped(shortened(text)) + "'"
}

func shortened(_ text: String) -> String {
    var result = ""
    var count = 0
    for c in text {
        if count == maximumQuotedCharacters { return result + "…" }
        result.append(c)
        count += 1
    }
    return result
}

/// Control characters (and lone surrogates' replacement) as `\u{…}`; everything else as is.
func escaped(_ text: String) -> String { TerminalText.escaped(text) }

/// Text from outside (file names, command-line words) made safe to print on a terminal.
public enum TerminalText {
    /// Control and format characters (escape sequences, bidirectional overrides) as `\u{…}`.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Escaped and cut to 40 Characters with "…", for a word quoted inside a message.
    public static func quoted(_ text: String) -> String { escaped(shortened(text)) }
}

func quotedCharacter(_ c: Character) -> String {
    let scalars = c.unicodeScalars
    if let s = scalars.first, s.properties.generalCategory == .control
        || s.properties.generalCategory == .format || s.properties.isWhitespace {
        return "U+" + String(s.value, radix: 16, uppercase: true).leftPadded(to: 4, with: "0")
    }
    return quoted(String(c))
}

/// Bytes in the largest binary unit that divides them: 1099511627776 → "1TiB".
/// "300TiB" when exact, else "about 256.3TiB" in the largest unit it reaches.
func approximateSizeText(_ bytes: UInt64) -> String {
    guard let (name, unit) = ScenarioKeywords.sizeUnits.reversed().first(where: { bytes >= $0.1 }),
          bytes % unit != 0 else { return sizeText(bytes) }
    let tenth = bytes % unit * 10 / unit
    return "about \(bytes / unit)" + (tenth == 0 ? "" : ".\(tenth)") + name
}

func sizeText(_ bytes: UInt64) -> String {
    for (name, unit) in ScenarioKeywords.sizeUnits.reversed() where bytes >= unit && bytes % unit == 0 {
        return "\(bytes / unit)\(name)"
    }
    return "\(bytes)B"
}

func hexByte(_ byte: UInt8) -> String {
    "0x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2, with: "0")
}

/// "1000" for `1KB`, "1500000" for `1.5MB`: the decimal reading of a decimal-unit literal.
func decimalExample(digits: String, unit: String) -> String? {
    let zeros: Int
    switch unit.prefix(1).uppercased() {
    case "K": zeros = 3
    case "M": zeros = 6
    case "G": zeros = 9
    case "T": zeros = 12
    default: return nil
    }
    let plain = digits.filter { $0 != "_" }
    guard !plain.isEmpty, plain.count <= 8, plain.allSatisfy(\.isASCII) else { return nil }
    return plain + String(repeating: "0", count: zeros)
}

extension String {
    func leftPadded(to width: Int, with pad: Character) -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
