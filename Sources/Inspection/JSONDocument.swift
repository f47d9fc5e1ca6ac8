// A small JSON reader for dumps: numbers keep their text (LastGC and PauseEnd are Unix
// nanoseconds, beyond a Double's 53 exact bits), every value keeps where it starts, and
// hostile input (truncation, invalid UTF-8, deep nesting) ends in an error with a location,
// never a trap.

/// A place in an input text: line and column from 1 (columns count characters).
public struct TextLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A JSON value with the location it starts at.
public indirect enum JSONValue: Sendable, Equatable {
    case object([(key: String, value: JSONValue)], TextLocation)
    case array([JSONValue], TextLocation)
    case string(String, TextLocation)
    /// The number as written (`12`, `-3`, `0.5`, `1e9`).
    case number(String, TextLocation)
    case bool(Bool, TextLocation)
    case null(TextLocation)

    public var location: TextLocation {
        switch self {
        case .object(_, let l), .array(_, let l), .string(_, let l), .number(_, let l), .bool(_, let l), .null(let l): l
        }
    }

    /// The member named `key` of an object (the last one when a key repeats, as Go's decoder does).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members, _) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// A short name of the value's type for messages: "an object", "a string", …
    public var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x, let l1), .object(let y, let l2)):
            l1 == l2 && x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x, let l1), .array(let y, let l2)): x == y && l1 == l2
        case (.string(let x, let l1), .string(let y, let l2)): x == y && l1 == l2
        case (.number(let x, let l1), .number(let y, let l2)): x == y && l1 == l2
        case (.bool(let x, let l1), .bool(let y, let l2)): x == y && l1 == l2
        case (.null(let l1), .null(let l2)): l1 == l2
        default: false
        }
    }
}

/// Why a JSON text could not be read, and where.
public struct JSONProblem: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case unexpectedEnd(expecting: String)
        case unexpectedCharacter(String, expecting: String)
        case invalidUTF8
        case badEscape
        case badNumber(String)
        case tooDeep(limit: Int)
        case trailingText
    }

    public var kind: Kind
    public var location: TextLocation
}

/// Parses one JSON document.
public struct JSONReader {
    /// Nesting deeper than this is refused (a MemStats document nests three levels).
    public static let depthLimit = 64

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    public static func parse(_ bytes: [UInt8]) throws(JSONProblem) -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.index < bytes.count {
            throw JSONProblem(kind: .trailingText, location: reader.here)
        }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var here: TextLocation { TextLocation(line: line, column: column) }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONProblem) {
        guard index < bytes.count else { throw JSONProblem(kind: .unexpectedEnd(expecting: what), location: here) }
        guard bytes[index] == byte else {
            throw JSONProblem(kind: .unexpectedCharacter(describe(bytes[index]), expecting: what), location: here)
        }
        advance()
    }

    private mutating func value(depth: Int) throws(JSONProblem) -> JSONValue {
        guard index < bytes.count else { throw JSONProblem(kind: .unexpectedEnd(expecting: "a value"), location: here) }
        let start = here
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.depthLimit else { throw JSONProblem(kind: .tooDeep(limit: Self.depthLimit), location: start) }
            advance()
            skipSpace()
            var members: [(key: String, value: JSONValue)] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                advance()
                return .object(members, start)
            }
            while true {
                skipSpace()
                guard index < bytes.count else {
                    throw JSONProblem(kind: .unexpectedEnd(expecting: "a member name"), location: here)
                }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    throw JSONProblem(kind: .unexpectedCharacter(describe(bytes[index]), expecting: "a member name in quotes"),
                                      location: here)
                }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipSpace()
                let member = try value(depth: depth + 1)
                members.append((key, member))
                skipSpace()
                guard index < bytes.count else { throw JSONProblem(kind: .unexpectedEnd(expecting: "',' or '}'"), location: here) }
                if bytes[index] == UInt8(ascii: ",") { advance(); continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return .object(members, start)
            }
        case UInt8(ascii: "["):
            guard depth < Self.depthLimit else { throw JSONProblem(kind: .tooDeep(limit: Self.depthLimit), location: start) }
            advance()
            skipSpace()
            var elements: [JSONValue] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                advance()
                return .array(elements, start)
            }
            while true {
                skipSpace()
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw JSONProblem(kind: .unexpectedEnd(expecting: "',' or ']'"), location: here) }
                if bytes[index] == UInt8(ascii: ",") { advance(); continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return .array(elements, start)
            }
        case UInt8(ascii: "\""):
            return .string(try string(), start)
        case UInt8(ascii: "t"):
            try word("true")
            return .bool(true, start)
        case UInt8(ascii: "f"):
            try word("false")
            return .bool(false, start)
        case UInt8(ascii: "n"):
            try word("null")
            return .null(start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number(), start)
        default:
            throw JSONProblem(kind: .unexpectedCharacter(describe(bytes[index]), expecting: "a value"), location: start)
        }
    }

    private mutating func word(_ text: String) throws(JSONProblem) {
        for byte in text.utf8 { try expect(byte, "'\(text)'") }
    }

    private mutating func number() throws(JSONProblem) -> String {
        let start = index, location = here
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if bytes[index] == UInt8(ascii: "-") { advance() }
        var digits = 0
        while index < bytes.count, isDigit(bytes[index]) { advance(); digits += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            advance()
            while index < bytes.count, isDigit(bytes[index]) { advance(); digits += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            advance()
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { advance() }
            var exponentDigits = 0
            while index < bytes.count, isDigit(bytes[index]) { advance(); exponentDigits += 1 }
            if exponentDigits == 0 { digits = 0 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard digits > 0, text.count <= 64 else { throw JSONProblem(kind: .badNumber(String(text.prefix(24))), location: location) }
        return text
    }

    private mutating func string() throws(JSONProblem) -> String {
        let open = here
        advance()
        var scalars = String.UnicodeScalarView()
        while true {
            guard index < bytes.count else {
                throw JSONProblem(kind: .unexpectedEnd(expecting: "the closing '\"' of the string at \(open)"), location: here)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { advance(); return String(scalars) }
            if byte == UInt8(ascii: "\\") {
                let escape = here
                advance()
                guard index < bytes.count else { throw JSONProblem(kind: .unexpectedEnd(expecting: "an escape"), location: here) }
                let e = bytes[index]
                advance()
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code: UInt32 = 0
                    for _ in 0..<4 {
                        guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                            throw JSONProblem(kind: .badEscape, location: escape)
                        }
                        code = code << 4 | digit
                        advance()
                    }
                    // Surrogate pairs are not needed for field names; a lone one becomes U+FFFD.
                    scalars.append(UnicodeScalar(code) ?? "\u{FFFD}")
                default:
                    throw JSONProblem(kind: .badEscape, location: escape)
                }
                continue
            }
            if byte < 0x20 {
                throw JSONProblem(kind: .unexpectedCharacter(describe(byte), expecting: "text or '\"'"), location: here)
            }
            // One UTF-8 sequence, validated.
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0, index + length <= bytes.count else { throw JSONProblem(kind: .invalidUTF8, location: here) }
            let sequence = bytes[index..<(index + length)]
            var decoded = String.UnicodeScalarView()
            var iterator = sequence.makeIterator()
            var codec = UTF8()
            switch codec.decode(&iterator) {
            case .scalarValue(let scalar) where codec.decode(&iterator).isEmptyInput:
                decoded.append(scalar)
            default:
                throw JSONProblem(kind: .invalidUTF8, location: here)
            }
            scalars.append(contentsOf: decoded)
            for _ in 0..<length { advance() }
        }
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

private extension UnicodeDecodingResult {
    var isEmptyInput: Bool { if case .emptyInput = self { true } else { false } }
}
