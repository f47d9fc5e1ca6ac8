// Detects which form a dump is in and reads it into a `Dump`. Every number is checked for
// what the field can hold (a count is a non-negative integer); a field Go 1.27 does not have
// is set aside and said, not guessed at.

import FieldCatalogue

public enum DumpReader {
    /// Dumps larger than this are refused before parsing (a real MemStats dump is ~5 KB,
    /// a long gctrace log a few MB).
    public static let byteLimit = 32 << 20

    /// Reads `bytes` (the whole input) from `source` (a path, or "stdin").
    public static func read(_ bytes: [UInt8], source: String) throws(InspectionError) -> Dump {
        func fail(_ problem: InspectionError.Problem) -> InspectionError { InspectionError(source: source, problem: problem) }
        if bytes.count > byteLimit { throw fail(.tooLarge(byteCount: bytes.count, limit: byteLimit)) }
        guard let first = bytes.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { throw fail(.empty) }
        if bytes.starts(with: [0x1F, 0x8B]) { throw fail(.binaryProfile) }
        if bytes[first] == UInt8(ascii: "{") || (bytes.starts(with: [0xEF, 0xBB, 0xBF]) && bytes.count > 3 && bytes[3] == UInt8(ascii: "{")) {
            let document: JSONValue
            do { document = try JSONReader.parse(bytes) } catch { throw fail(.json(error)) }
            return try readJSON(document, source: source)
        }
        let text: String
        switch validatedText(bytes) {
        case .valid(let valid): text = valid
        case .invalid(let location): throw fail(.invalidUTF8(location))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.contains(where: { $0 == "# runtime.MemStats" }) {
            return try HeapProfileForm.read(lines, source: source)
        }
        if lines.contains(where: { $0.hasPrefix("heap profile:") }) { throw fail(.profileWithoutMemStats) }
        if lines.contains(where: GCTraceForm.isCycleLine) {
            return try GCTraceForm.read(lines, source: source)
        }
        let meaningful = lines.filter { !$0.trimmingSpaces.isEmpty && !$0.hasPrefix("#") }
        if let firstLine = meaningful.first, firstLine.hasPrefix("/"), firstLine.contains(":") {
            return try MetricsForm.readText(lines, source: source)
        }
        throw fail(.unrecognised(firstLine: String((meaningful.first ?? "").prefix(60))))
    }

    /// The text, or the line and column of the first byte that is not UTF-8.
    enum Validation { case valid(String), invalid(TextLocation) }

    static func validatedText(_ bytes: [UInt8]) -> Validation {
        if let text = String(validating: bytes, as: UTF8.self) { return .valid(text) }
        var line = 1, column = 1, index = 0
        var iterator = bytes.makeIterator()
        var codec = UTF8()
        while true {
            switch codec.decode(&iterator) {
            case .scalarValue(let scalar):
                index += UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return .valid(String(decoding: bytes, as: UTF8.self))
            case .error:
                return .invalid(TextLocation(line: line, column: column))
            }
        }
    }

    static func readJSON(_ document: JSONValue, source: String) throws(InspectionError) -> Dump {
        guard case .object(let members, _) = document else {
            throw InspectionError(source: source, problem: .unrecognised(firstLine: "a JSON \(document.kindName.dropFirst(2))"))
        }
        if let memstats = document["memstats"] {
            var dump = Dump(source: source, form: .expvar)
            try MemStatsJSONForm.read(memstats, into: &dump)
            return dump
        }
        if document["metrics"] != nil || members.contains(where: { $0.key.hasPrefix("/") }) {
            return try MetricsForm.readJSON(document, source: source)
        }
        if members.contains(where: { MemStatsField(rawValue: $0.key) != nil }) {
            var dump = Dump(source: source, form: .memStatsJSON)
            try MemStatsJSONForm.read(document, into: &dump)
            return dump
        }
        if document["cmdline"] != nil {
            throw InspectionError(source: source, problem: .noMemStatsMember(at: document.location))
        }
        let keys = members.prefix(3).map(\.key).joined(separator: ", ")
        throw InspectionError(source: source, problem: .unrecognised(firstLine: "a JSON object with members \(keys)"))
    }
}

/// Checks and converts the numbers of a dump.
enum DumpNumber {
    /// A non-negative integer that fits in `limit`.
    static func count(_ text: String, field: String, at location: TextLocation, limit: UInt64 = .max,
                      source: String) throws(InspectionError) -> UInt64 {
        func fail(_ problem: InspectionError.Problem) -> InspectionError { InspectionError(source: source, problem: problem) }
        if text.hasPrefix("-") {
            if let zero = Double(text), zero == 0 { return 0 }
            throw fail(.negative(field: field, text: text, at: location))
        }
        if let value = UInt64(text) {
            guard value <= limit else { throw fail(.outOfRange(field: field, text: text, at: location)) }
            return value
        }
        // 1e6 or 12.0 are whole numbers written another way; 12.5 is not a count.
        guard let double = Double(text), double.isFinite else { throw fail(.outOfRange(field: field, text: text, at: location)) }
        guard double.rounded() == double else { throw fail(.fractional(field: field, text: text, at: location)) }
        guard double < 1.8e19, UInt64(double) <= limit else { throw fail(.outOfRange(field: field, text: text, at: location)) }
        return UInt64(double)
    }

    static func fraction(_ text: String, field: String, at location: TextLocation, source: String) throws(InspectionError) -> Double {
        guard let value = Double(text), value.isFinite else {
            throw InspectionError(source: source, problem: .outOfRange(field: field, text: text, at: location))
        }
        guard value >= 0 else { throw InspectionError(source: source, problem: .negative(field: field, text: text, at: location)) }
        return value
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
