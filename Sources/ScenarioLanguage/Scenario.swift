// The checked form of a .scenario file: what the parser builds and the checker accepts,
// what the interpreter walks and what the real-Go backend translates into a Go program.
//
// Contract: ../shared/specs/scenario-language.md (version 1.1). Every node keeps the source
// span it came from, so diagnostics, expectations and snapshots can point at their line.
// Narration (title, about, step, note, snapshot label) keeps its English string as the key
// and carries its translations beside it (`Translations`).

import FieldCatalogue

/// A position in a scenario file. Lines and columns count from 1; columns count Characters.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// `file:line:col`, the form editors parse.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A run of characters on one line: where it starts and how many Characters it covers.
public struct SourceSpan: Sendable, Hashable {
    public var start: SourceLocation
    public var length: Int

    public init(start: SourceLocation, length: Int) {
        self.start = start
        self.length = max(1, length)
    }
}

/// A whole scenario, checked and ready to run.
public struct Scenario: Sendable {
    /// The path as the user gave it, or `Scenarios/NAME.scenario` for a bundled one.
    public var file: String
    public var title: String?
    /// The `about` lines, joined by the presentation.
    public var about: [String]
    public var statements: [Statement]
    /// The translations of `title`.
    public var titleTranslations: Translations
    /// The translations of each `about` line, parallel to `about`.
    public var aboutTranslations: [Translations]

    public init(file: String, title: String?, about: [String], statements: [Statement],
                titleTranslations: Translations = Translations(), aboutTranslations: [Translations] = []) {
        self.file = file
        self.title = title
        self.about = about
        self.statements = statements
        self.titleTranslations = titleTranslations
        self.aboutTranslations = aboutTranslations
    }

    /// The `about` lines in `language`, each translated where it has a translation.
    public func about(in language: Language) -> [String] {
        about.enumerated().map { i, line in
            i < aboutTranslations.count ? aboutTranslations[i].text(line, in: language) : line
        }
    }

    /// The `about` lines in `language` as one paragraph: joined by a space, except between two
    /// East Asian characters, where Chinese puts none.
    public func aboutParagraph(in language: Language) -> String {
        about(in: language).reduce("") { text, line in
            guard let last = text.last, let first = line.first else { return text + line }
            return text + (Self.isWide(last) && Self.isWide(first) ? "" : " ") + line
        }
    }

    /// CJK ideographs and fullwidth punctuation (the characters Chinese text runs together).
    static func isWide(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v)
    }

    /// The title in `language` (the English where it has no translation).
    public func title(in language: Language) -> String? {
        title.map { titleTranslations.text($0, in: language) }
    }

    /// The translations of every `step`, `note` and `snapshot` by line (one statement a line),
    /// so a run's events, which keep the English, can be shown in another language.
    public var translationsByLine: [Int: Translations] {
        var result: [Int: Translations] = [:]
        var pending = statements
        while let statement = pending.popLast() {
            if case .repeatBlock(_, let body) = statement.kind { pending += body }
            if !statement.translations.isEmpty { result[statement.span.start.line] = statement.translations }
        }
        return result
    }
}

/// The translations of one piece of narration, by language. The English string stays with
/// the statement as its stable key; a translation is shown instead of it where one exists.
public struct Translations: Sendable, Hashable {
    public var texts: [Language: String]

    public init(_ texts: [Language: String] = [:]) { self.texts = texts }

    public var isEmpty: Bool { texts.isEmpty }

    public subscript(language: Language) -> String? {
        get { texts[language] }
        set { texts[language] = newValue }
    }

    /// `english` in `language`: the translation where there is one, else the English.
    public func text(_ english: String, in language: Language) -> String {
        language == .english ? english : texts[language] ?? english
    }

    /// The translations keyed by language tag (`zh`), for JSON.
    public var byTag: [String: String] {
        Dictionary(uniqueKeysWithValues: texts.map { ($0.key.rawValue, $0.value) })
    }

    /// The tags a translation may carry: every language of the field guide except English,
    /// which is the statement's own string.
    public static var tags: [String] { Language.allCases.filter { $0 != .english }.map(\.rawValue) }
}

/// One statement with the span of its first token (its keyword).
public struct Statement: Sendable {
    public var kind: StatementKind
    public var span: SourceSpan
    /// The translations of a `step`, `note` or `snapshot` text (empty for other statements).
    public var translations: Translations

    public init(_ kind: StatementKind, span: SourceSpan, translations: Translations = Translations()) {
        self.kind = kind
        self.span = span
        self.translations = translations
    }
}

public indirect enum StatementKind: Sendable {
    /// `step "Name"`: starts a named step (class mode pauses before each).
    case step(String)
    /// `note "Text"`: narration.
    case note(String)
    /// Anything that changes the program's memory.
    case operation(ScenarioOperation)
    /// `snapshot "Label" [focus FIELD ...]`.
    case snapshot(label: String, focus: [MemStatsField])
    /// `expect EXPR OP EXPR`.
    case expect(Expectation)
    /// `repeat COUNT … end`.
    case repeatBlock(count: UInt64, body: [Statement])
}

/// An action on the program's memory: what every backend must perform.
public enum ScenarioOperation: Sendable, Equatable {
    /// `alloc COUNT x SIZE [as GROUP] [pointers] [untouched]`. Go: `make([]byte, SIZE)` (or a
    /// pointer-holding object of that size), kept in the group's slice.
    case alloc(Allocation)
    /// `free GROUP`: drop every reference, the group's slice too. Go: `group = nil`.
    case free(group: String)
    /// `free GROUP keep 1 in K`: keep slots 0, K, 2K, …; the slice stays. Go: `group[i] = nil`
    /// for the other slots.
    case freeKeeping(group: String, oneIn: UInt64)
    /// `gc`: runtime.GC().
    case gc
    /// `release`: debug.FreeOSMemory().
    case release
    /// `sleep DURATION`. Go: `time.Sleep` (a backend may cap real sleeping and says so).
    case sleep(nanoseconds: UInt64)
    /// `goroutines COUNT stack SIZE as GROUP`. Go: recursion with fixed-size frames to about
    /// SIZE bytes of stack, then a receive on the group's channel.
    case goroutines(count: UInt64, stackBytes: UInt64, group: String)
    /// `exit GROUP`. Go: `close` of the channel the group's goroutines wait on.
    case exit(group: String)
    /// `set gogc PERCENT` (nil: `off`). Go: `debug.SetGCPercent` (−1 for off).
    case setGCPercent(Int?)
    /// `set memlimit SIZE` (nil: `off`). Go: `debug.SetMemoryLimit` (`math.MaxInt64` for off).
    case setMemoryLimit(bytes: UInt64?)
}

/// The arguments of `alloc`.
public struct Allocation: Sendable, Equatable {
    public var count: UInt64
    public var sizeBytes: UInt64
    /// nil: the objects are garbage as soon as they are made.
    public var group: String?
    public var hasPointers: Bool
    /// false with `untouched`: no page of the objects is written.
    public var isTouched: Bool

    public init(count: UInt64, sizeBytes: UInt64, group: String?, hasPointers: Bool, isTouched: Bool) {
        self.count = count
        self.sizeBytes = sizeBytes
        self.group = group
        self.hasPointers = hasPointers
        self.isTouched = isTouched
    }
}

/// `expect LHS OP RHS [within P%]`.
public struct Expectation: Sendable, Equatable {
    public var left: Expression
    public var comparison: Comparison
    public var right: Expression
    /// The source text of the claim, for reports (`HeapIdle - HeapReleased > 100MiB`).
    public var text: String
    /// The Go releases the claim is about (`since go1.22`, `before go1.22`); nil: every release.
    /// On a reading of another release the claim is not checked, and the report says why.
    public var releases: GoReleaseRange?

    public init(left: Expression, comparison: Comparison, right: Expression, text: String,
                releases: GoReleaseRange? = nil) {
        self.left = left
        self.comparison = comparison
        self.right = right
        self.text = text
        self.releases = releases
    }

    public enum Comparison: Sendable, Equatable {
        case less, lessOrEqual, greater, greaterOrEqual, equal
        /// `~ … within P%`: |left − right| ≤ P% of |right|.
        case approximately(withinPercent: Int)

        /// Whether `left` compares to `right` this way; `within(percent)` decides `~`, since how
        /// to take a percentage exactly depends on the number type.
        public func holds<Number: Comparable>(_ left: Number, _ right: Number,
                                              within: (_ percent: Int) -> Bool) -> Bool {
            switch self {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            case .greaterOrEqual: return left >= right
            case .equal: return left == right
            case .approximately(let percent): return within(percent)
            }
        }
    }
}

/// A sum of signed terms.
public struct Expression: Sendable, Equatable {
    public var terms: [(sign: Sign, term: Term)]

    public init(terms: [(sign: Sign, term: Term)]) { self.terms = terms }

    public enum Sign: Sendable, Equatable { case plus, minus }

    public enum Term: Sendable, Equatable {
        case field(MemStatsField)
        case bytes(UInt64)
        case integer(UInt64)
    }

    /// The fields the expression reads.
    public var fields: [MemStatsField] {
        terms.compactMap { if case .field(let f) = $0.term { f } else { nil } }
    }

    /// Evaluates with field values from `value`; nil if a field has no value.
    public func evaluate(_ value: (MemStatsField) -> Double?) -> Double? {
        var total = 0.0
        for (sign, term) in terms {
            let v: Double
            switch term {
            case .field(let f):
                guard let x = value(f) else { return nil }
                v = x
            case .bytes(let b): v = Double(b)
            case .integer(let i): v = Double(i)
            }
            total += sign == .plus ? v : -v
        }
        return total
    }

    /// The exact sum when every term is a whole number (fields read with `value`, which
    /// returns nil for a field that is not one); nil otherwise. 64 terms of 2^64 cannot
    /// overflow 128 bits.
    public func evaluateExactly(_ value: (MemStatsField) -> UInt64?) -> Int128? {
        var total: Int128 = 0
        for (sign, term) in terms {
            let v: UInt64
            switch term {
            case .field(let f):
                guard let x = value(f) else { return nil }
                v = x
            case .bytes(let b): v = b
            case .integer(let i): v = i
            }
            let (sum, overflow) = sign == .plus ? total.addingReportingOverflow(Int128(v))
                : total.subtractingReportingOverflow(Int128(v))
            if overflow { return nil }
            total = sum
        }
        return total
    }

    public static func == (a: Expression, b: Expression) -> Bool {
        a.terms.map(\.sign) == b.terms.map(\.sign) && a.terms.map(\.term) == b.terms.map(\.term)
    }
}

/// A Go release as `go1.22` (major, minor), from `since go1.22` or a reading's `go1.22.10`.
public struct GoRelease: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `go1.22`, `go1.22.10`, `go1.27.3-X:norandomizedheapbase64` → (1, 22); nil otherwise.
    public init?(_ text: String) {
        guard text.hasPrefix("go") else { return nil }
        let parts = text.dropFirst(2).split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard parts.count == 2, text.dropFirst(2).first?.isNumber == true else { return nil }
        (major, minor) = (parts[0], parts[1])
    }

    public var description: String { "go\(major).\(minor)" }
    public static func < (a: GoRelease, b: GoRelease) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
}

/// The releases a claim is about: `since` (inclusive) and `before` (exclusive), either or both.
public struct GoReleaseRange: Sendable, Equatable, CustomStringConvertible {
    public var since: GoRelease?
    public var before: GoRelease?

    public init(since: GoRelease? = nil, before: GoRelease? = nil) {
        self.since = since
        self.before = before
    }

    public func contains(_ release: GoRelease) -> Bool {
        (since.map { release >= $0 } ?? true) && (before.map { release < $0 } ?? true)
    }

    /// "go1.22 and later", "releases before go1.22", "go1.19 up to go1.22".
    public var description: String {
        switch (since, before) {
        case let (s?, b?): "\(s) up to (not including) \(b)"
        case let (s?, nil): "\(s) and later"
        case let (nil, b?): "releases before \(b)"
        case (nil, nil): "every release"
        }
    }
}
