// The literals of the language (COUNT, SIZE, DURATION, PERCENT, plain integers), read from one
// number token each. The lexer takes `1.5MiB`, `1e6` and `1KB` whole, so each bad form is
// rejected here by name, with a hint that says what to write instead.

import FieldCatalogue

enum Literal {
    /// A number token cut into its parts: `1_000.5KiB` → "1_000", "5", "KiB".
    struct Parts {
        var integer: Substring
        var fraction: Substring?
        var suffix: Substring
    }

    static func parts(of text: Substring) -> Parts {
        let digits: (Character) -> Bool = { ($0.isASCII && $0.isNumber) || $0 == "_" }
        let integerEnd = text.firstIndex { !digits($0) } ?? text.endIndex
        var rest = text[integerEnd...]
        var fraction: Substring?
        if rest.first == "." {
            rest = rest.dropFirst()
            let fractionEnd = rest.firstIndex { !digits($0) } ?? rest.endIndex
            fraction = rest[..<fractionEnd]
            rest = rest[fractionEnd...]
        }
        return Parts(integer: text[..<integerEnd], fraction: fraction, suffix: rest)
    }

    enum IntegerProblem: Error { case underscore, overflow }

    /// Digits with `_` only between digits, as a UInt64.
    static func integer(_ digits: Substring) -> Result<UInt64, IntegerProblem> {
        if digits.isEmpty || digits.first == "_" || digits.last == "_" || digits.contains("__") {
            return .failure(.underscore)
        }
        var value: UInt64 = 0
        for c in digits where c != "_" {
            guard let d = c.wholeNumberValue else { return .failure(.underscore) }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return .failure(.overflow) }
            value = sum
        }
        return .success(value)
    }

    /// `1e6`, `1e3KiB` and friends: an exponent where a unit would be (a unit may follow it;
    /// the written-out form keeps it).
    private static func exponent(_ parts: Parts, _ text: String) -> Diagnostic.Kind? {
        let s = parts.suffix
        guard let first = s.first, first == "e" || first == "E" else { return nil }
        let digits = s.dropFirst().prefix { $0.isASCII && $0.isNumber }
        let unit = s.dropFirst(1 + digits.count)
        guard !digits.isEmpty, unit.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        var expanded: String?
        if parts.fraction == nil, let power = Int(digits), power <= 15,
           case .success(let mantissa) = integer(parts.integer) {
            var value = mantissa
            var fits = true
            for _ in 0..<power {
                let (r, o) = value.multipliedReportingOverflow(by: 10)
                if o { fits = false; break }
                value = r
            }
            if fits { expanded = grouped(value) + unit }
        }
        return .exponentNotation(text, expanded: expanded)
    }

    /// 1000000 → "1_000_000".
    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append("_") }
            out.append(d)
        }
        return out
    }

    /// COUNT: 1 to 10^12, no unit. `what` names it in messages ("count", "repeat count").
    static func count(_ token: Token, what: String) -> Result<UInt64, Diagnostic.Kind> {
        let text = String(token.text)
        let parts = parts(of: token.text)
        if !parts.suffix.isEmpty {
            if let e = exponent(parts, text) { return .failure(e) }
            if parts.suffix.first == "x" || parts.suffix.first == "X" { return .failure(.missingSpaceAroundX(text)) }
            return .failure(.unexpectedUnit(unit: String(parts.suffix), literal: text, expected: "a \(what)"))
        }
        if parts.fraction != nil { return .failure(.notWholeNumber(text, alternative: nil)) }
        switch integer(parts.integer) {
        case .failure(.underscore): return .failure(.misplacedUnderscore(text))
        case .failure(.overflow): return .failure(.countOutOfRange(text, what: what))
        case .success(let v):
            guard v >= 1 && v <= ScenarioLimits.maximumCount else { return .failure(.countOutOfRange(text, what: what)) }
            return .success(v)
        }
    }

    /// PERCENT: 1 to 10000, no unit.
    static func percent(_ token: Token) -> Result<Int, Diagnostic.Kind> {
        let text = String(token.text)
        let parts = parts(of: token.text)
        if !parts.suffix.isEmpty {
            if let e = exponent(parts, text) { return .failure(e) }
            return .failure(.unexpectedUnit(unit: String(parts.suffix), literal: text, expected: "a percent"))
        }
        if parts.fraction != nil { return .failure(.notWholeNumber(text, alternative: nil)) }
        switch integer(parts.integer) {
        case .failure(.underscore): return .failure(.misplacedUnderscore(text))
        case .failure(.overflow): return .failure(.percentOutOfRange(text))
        case .success(let v):
            guard v >= 1 && v <= ScenarioLimits.maximumPercent else { return .failure(.percentOutOfRange(text)) }
            return .success(Int(v))
        }
    }

    /// A plain integer term of `expect`: any UInt64.
    static func plainInteger(_ token: Token) -> Result<UInt64, Diagnostic.Kind> {
        let text = String(token.text)
        switch integer(token.text) {
        case .failure(.underscore): return .failure(.misplacedUnderscore(text))
        case .failure(.overflow): return .failure(.numberTooLarge(text))
        case .success(let v): return .success(v)
        }
    }

    /// Decimal (SI) size units and their spellings people reach for.
    private static let decimalSizeUnits: Set<String> = ["K", "M", "G", "T", "KB", "MB", "GB", "TB"]

    /// SIZE: an integer and a binary unit, at most 1 TiB. Zero is allowed (`0B`: Go's zero-size
    /// allocations, which take no memory).
    static func size(_ token: Token) -> Result<UInt64, Diagnostic.Kind> {
        let text = String(token.text)
        let parts = parts(of: token.text)
        if parts.suffix.isEmpty {
            if parts.fraction != nil { return .failure(.notWholeNumber(text, alternative: nil)) }
            return .failure(.missingSizeUnit(text))
        }
        if let e = exponent(parts, text) { return .failure(e) }
        let unit = String(parts.suffix)
        guard let multiplier = ScenarioKeywords.sizeUnits.first(where: { $0.0 == unit })?.1 else {
            if decimalSizeUnits.contains(unit.uppercased()) && !unit.lowercased().hasSuffix("ib") {
                return .failure(.decimalSizeUnit(unit: unit, literal: text))
            }
            let suggestions = Suggestions.closest(to: unit, among: ScenarioKeywords.sizeUnits.map(\.0), limit: 1)
            return .failure(.unknownSizeUnit(unit: unit, literal: text, suggestions: suggestions))
        }
        return magnitude(parts, text: text, multiplier: multiplier, units: ScenarioKeywords.sizeUnits,
                         maximum: ScenarioLimits.maximumSizeBytes, tooLarge: .sizeTooLarge(text))
    }

    /// DURATION: an integer and `ms`, `s`, `m` or `h`, in nanoseconds, at most a day.
    static func duration(_ token: Token) -> Result<UInt64, Diagnostic.Kind> {
        let text = String(token.text)
        let parts = parts(of: token.text)
        if parts.suffix.isEmpty {
            if parts.fraction != nil { return .failure(.notWholeNumber(text, alternative: nil)) }
            return .failure(.missingDurationUnit(text))
        }
        if let e = exponent(parts, text) { return .failure(e) }
        let unit = String(parts.suffix)
        guard let multiplier = ScenarioKeywords.durationUnits.first(where: { $0.0 == unit })?.1 else {
            return .failure(.unknownDurationUnit(unit: unit, literal: text, suggestion: durationSpelling(unit)))
        }
        return magnitude(parts, text: text, multiplier: multiplier, units: ScenarioKeywords.durationUnits,
                         maximum: ScenarioLimits.maximumSleepHours * 3_600_000_000_000, tooLarge: .durationTooLong(text))
    }

    private static func durationSpelling(_ unit: String) -> String? {
        switch unit.lowercased() {
        case "min", "mins", "minute", "minutes": "m"
        case "sec", "secs", "second", "seconds": "s"
        case "hr", "hrs", "hour", "hours": "h"
        case "msec", "msecs", "millis", "millisecond", "milliseconds": "ms"
        case "ms", "s", "m", "h": unit.lowercased()
        default: nil
        }
    }

    /// integer × multiplier, checked against `maximum`; a fraction is rejected with the same
    /// amount in a smaller unit when there is one (`1.5MiB` → `1536KiB`).
    private static func magnitude(_ parts: Parts, text: String, multiplier: UInt64, units: [(String, UInt64)],
                                  maximum: UInt64, tooLarge: Diagnostic.Kind) -> Result<UInt64, Diagnostic.Kind> {
        let value: UInt64
        switch integer(parts.integer) {
        case .failure(.underscore): return .failure(.misplacedUnderscore(text))
        case .failure(.overflow): return .failure(tooLarge)
        case .success(let v): value = v
        }
        if let fraction = parts.fraction {
            if fraction.allSatisfy({ $0 == "0" || $0 == "_" }) {
                return .failure(.notWholeNumber(text, alternative: "\(value)\(parts.suffix)")) // `1.0KiB`, `1.KiB`
            }
            return .failure(.notWholeNumber(text, alternative: wholeAlternative(value, fraction, multiplier, units)))
        }
        let (total, overflow) = value.multipliedReportingOverflow(by: multiplier)
        if overflow || total > maximum { return .failure(tooLarge) }
        return .success(total)
    }

    private static func wholeAlternative(_ whole: UInt64, _ fraction: Substring, _ multiplier: UInt64,
                                         _ units: [(String, UInt64)]) -> String? {
        let fractionDigits = fraction.filter { $0 != "_" }
        guard fractionDigits.count <= 6, whole <= 1 << 20, let f = UInt64(fractionDigits.isEmpty ? "0" : fractionDigits)
        else { return nil }
        var scale: UInt64 = 1
        for _ in 0..<fractionDigits.count { scale *= 10 }
        // amount = (whole·scale + f)·multiplier / scale base units; find the largest unit it is whole in.
        let (numerator, overflow) = (whole * scale + f).multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        for (name, unit) in units.reversed() where unit < multiplier {
            if numerator % (scale * unit) == 0 { return "\(numerator / (scale * unit))\(name)" }
        }
        return nil
    }
}

/// Literal readers return a kind as their failure (`Result<UInt64, Diagnostic.Kind>`).
extension Diagnostic.Kind: Error {}

/// The language's literal rules for other layers (command-line options such as
/// `--memory-cap 2GiB`), so a size or duration means the same everywhere.
public enum ScenarioLiteral {
    /// Reads a SIZE (`64B`, `1KiB`, `3MiB`, at most 1 TiB) the way a scenario does.
    /// - Returns: The bytes, or the diagnostic kind a scenario would report (its `message`
    ///   and `hint` are ready to print).
    public static func size(_ text: String) -> Result<UInt64, Diagnostic.Kind> {
        token(text).flatMap(Literal.size)
    }

    /// Reads a DURATION (`250ms`, `30s`, `5m`, `1h`, at most 24h) in nanoseconds.
    public static func duration(_ text: String) -> Result<UInt64, Diagnostic.Kind> {
        token(text).flatMap(Literal.duration)
    }

    /// Reads a COUNT (1 to 10^12, `_` between digits).
    public static func count(_ text: String) -> Result<UInt64, Diagnostic.Kind> {
        token(text).flatMap { Literal.count($0, what: "count") }
    }

    /// The text as one number token, as the lexer would cut it.
    private static func token(_ text: String) -> Result<Token, Diagnostic.Kind> {
        guard let first = text.first else { return .failure(.missingSizeUnit("")) }
        guard first.isASCII && first.isNumber else { return .failure(.unexpectedCharacter(first)) }
        if let bad = text.first(where: { !Lexer.isNumberCharacter($0) }) { return .failure(.unexpectedCharacter(bad)) }
        return .success(Token(kind: .number, text: Substring(text), column: 1, length: text.count))
    }
}
