// Cuts one line of a scenario into tokens.
//
// The language is line-oriented (one statement per line), so the lexer works a line at a
// time: it walks each Character once (linear time, no backtracking), counts columns in
// Characters, and stops at the first character it cannot use. The parser then skips that
// line and goes on with the next, which is how every error in a file is found in one pass.

/// One token of a line.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// Letters, digits, `_` and `-`, starting with an ASCII letter or `_`: keywords, fields, groups.
        case word
        /// Starts with a digit: `200_000`, `1KiB`, `250ms`, and bad forms like `1.5MiB`, `1e6`, `1KB`.
        case number
        /// A double-quoted string, escapes resolved.
        case string(String)
        /// `+ - < <= > >= == ~ %`
        case symbol
    }

    var kind: Kind
    /// The source text of the token (for a string, with its quotes).
    var text: Substring
    /// The column of the first character, from 1.
    var column: Int
    /// How many Characters the token covers.
    var length: Int

    var isWord: Bool { kind == .word }
    func isWord(_ w: String) -> Bool { kind == .word && text == w }
    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
}

/// The first character of a line that is not part of any token.
struct LexicalError: Error {
    var kind: Diagnostic.Kind
    var column: Int
    var length: Int
}

enum Lexer {
    /// The most tokens a line may hold; no statement needs more than a few dozen (a `snapshot`
    /// focusing on every field has 35). Bounds the memory a garbage line can take.
    static let maximumTokensPerLine = 256

    /// The tokens of `line`, comments dropped, or the first lexical error.
    static func tokens(of line: Substring) -> Result<[Token], LexicalError> {
        var tokens: [Token] = []
        var i = line.startIndex
        var column = 1
        while i < line.endIndex {
            let c = line[i]
            if c == "#" { break }
            if c.isWhitespace {
                i = line.index(after: i)
                column += 1
                continue
            }
            if tokens.count == maximumTokensPerLine {
                return .failure(LexicalError(kind: .tooManyTokens(limit: maximumTokensPerLine), column: column, length: 1))
            }
            let start = i
            let startColumn = column
            if c.isASCII && c.isNumber {
                while i < line.endIndex, isNumberCharacter(line[i]) {
                    i = line.index(after: i)
                    column += 1
                }
                tokens.append(Token(kind: .number, text: line[start..<i], column: startColumn, length: column - startColumn))
            } else if isWordStart(c) {
                while i < line.endIndex, isWordCharacter(line[i]) || isReleaseDot(line, start, i) {
                    i = line.index(after: i)
                    column += 1
                }
                tokens.append(Token(kind: .word, text: line[start..<i], column: startColumn, length: column - startColumn))
            } else if c == "\"" {
                var value = ""
                i = line.index(after: i)
                column += 1
                var closed = false
                while i < line.endIndex {
                    let d = line[i]
                    if d == "\"" {
                        i = line.index(after: i)
                        column += 1
                        closed = true
                        break
                    }
                    if d == "\\" {
                        let next = line.index(after: i)
                        guard next < line.endIndex else { break }
                        let e = line[next]
                        guard e == "\"" || e == "\\" else {
                            return .failure(LexicalError(kind: .invalidEscape(e), column: column, length: 2))
                        }
                        value.append(e)
                        i = line.index(after: next)
                        column += 2
                        continue
                    }
                    if isUnprintable(d) {
                        return .failure(LexicalError(kind: .controlCharacterInString(d), column: column, length: 1))
                    }
                    value.append(d)
                    i = line.index(after: i)
                    column += 1
                }
                guard closed else {
                    return .failure(LexicalError(kind: .unterminatedString, column: startColumn, length: 1))
                }
                tokens.append(Token(kind: .string(value), text: line[start..<i], column: startColumn,
                                    length: column - startColumn))
            } else if let length = symbolLength(at: i, in: line) {
                let end = line.index(i, offsetBy: length)
                tokens.append(Token(kind: .symbol, text: line[i..<end], column: column, length: length))
                i = end
                column += length
            } else {
                return .failure(LexicalError(kind: .unexpectedCharacter(c), column: column, length: 1))
            }
        }
        return .success(tokens)
    }

    /// Control characters other than tab, and the bidirectional embeddings, overrides and
    /// isolates (U+202A–U+202E, U+2066–U+2069) that can make printed text lie about its order.
    static func isUnprintable(_ c: Character) -> Bool {
        if c == "\t" { return false }
        return c.unicodeScalars.contains { s in
            s.properties.generalCategory == .control || (0x202A...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value)
        }
    }

    /// The dot of a Go release (`go1.22`): after `go` and digits, before a digit.
    static func isReleaseDot(_ line: Substring, _ start: Substring.Index, _ i: Substring.Index) -> Bool {
        guard line[i] == ".", line[start..<i].hasPrefix("go") else { return false }
        let digits = line[line.index(start, offsetBy: 2)..<i]
        let next = line.index(after: i)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            && next < line.endIndex && line[next].isASCII && line[next].isNumber
    }

    static func isWordStart(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && c.isLetter)
    }

    static func isWordCharacter(_ c: Character) -> Bool {
        c == "_" || c == "-" || (c.isASCII && (c.isLetter || c.isNumber))
    }

    /// Digits, letters, `_` and `.`: enough to take `1.5MiB` or `1e6` whole and reject it by name.
    static func isNumberCharacter(_ c: Character) -> Bool {
        c == "_" || c == "." || (c.isASCII && (c.isLetter || c.isNumber))
    }

    private static func symbolLength(at i: Substring.Index, in line: Substring) -> Int? {
        let c = line[i]
        let next = line.index(after: i)
        let following: Character? = next < line.endIndex ? line[next] : nil
        switch c {
        case "+", "-", "~", "%": return 1
        case "<", ">": return following == "=" ? 2 : 1
        case "=": return following == "=" ? 2 : nil
        default: return nil
        }
    }
}
