// The text of one scenario file, split into lines once, so the lexer walks each character once
// and the renderer can show any line without searching.

/// A scenario file's text and name.
///
/// Lines end at "\n" or "\r\n" (Swift reads "\r\n" as one Character); a lone "\r" is
/// whitespace. A leading byte-order mark is dropped.
public struct SourceFile: Sendable {
    /// The path shown in diagnostics.
    public let file: String
    /// The lines without their line ends; an empty file has one empty line.
    public let lines: [Substring]

    public init(text: String, file: String) {
        self.file = file
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// Line `number` (from 1), or nil past the end.
    public func line(_ number: Int) -> Substring? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// Where the first carriage return without a line feed is ("\r\n" is one Character, so a
    /// "\r" Character is always a bare one), or nil.
    func firstBareCarriageReturn() -> SourceSpan? {
        for (number, line) in lines.enumerated() {
            if let index = line.firstIndex(of: "\r") {
                let column = line.distance(from: line.startIndex, to: index) + 1
                return SourceSpan(start: location(line: number + 1, column: column), length: 1)
            }
        }
        return nil
    }

    /// The location of column `column` (from 1) on line `line`.
    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }
}

/// Checks that `bytes` are UTF-8 and finds the first byte that is not.
enum UTF8Validation {
    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and code points past U+10FFFF included), or nil.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            // The second byte has the tightened range; the rest are plain continuation bytes.
            let second = bytes[i + 1]
            guard second >= lower && second <= upper else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Line and column (Characters, from 1) of byte `offset`, which must start a bad sequence
    /// after valid text.
    static func location(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        var prefix = Substring(String(decoding: bytes[lineStart..<offset], as: UTF8.self))
        if lineStart == 0 && prefix.first == "\u{FEFF}" { prefix = prefix.dropFirst() } // SourceFile drops it too
        return (line, prefix.count + 1)
    }
}
