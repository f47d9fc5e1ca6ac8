// The line format shared by /proc/self/status, /proc/self/smaps_rollup and /proc/meminfo:
//
//     VmRSS:	    1616 kB
//
// a key, a colon, blanks, a decimal number, a blank and the unit `kB` (which the kernel means
// as KiB: 1024 bytes). Lines the caller did not ask for are skipped unread, so fields a newer
// kernel adds, and lines of other shapes (status's `Name:`, the rollup's address header), never
// matter. A line the caller asked for must be exactly right, or the whole file is refused:
// a file with one garbled line cannot be trusted for the others.

/// The parser for `Key: NUMBER kB` lines.
enum KilobyteFields {
    /// The bytes of each requested key present in `text` (first occurrence wins).
    ///
    /// - Parameters:
    ///   - text: the whole file.
    ///   - path: the file's path, for problems.
    ///   - keys: the keys to read, in the order `missingKey` should report them.
    ///   - optional: keys that may be absent (older kernels); the rest are required.
    /// - Throws: `ProbeProblem.empty`, `.badLine` (with a 1-based line number), `.missingKey`.
    static func parse(_ text: String, path: String, keys: [String], optional: Set<String> = [])
        throws(ProbeProblem) -> [String: UInt64]
    {
        guard text.contains(where: { !$0.isWhitespace }) else { throw .empty(path: path) }
        let wanted = Set(keys)
        var found: [String: UInt64] = [:]
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            guard wanted.contains(key), found[key] == nil else { continue }
            let tokens = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            let number = tokens.first.map(String.init) ?? ""
            guard !number.isEmpty, number.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else {
                throw .badLine(path: path, line: lineNumber, problem: .expectedNumber(key: key, found: number))
            }
            let unit = tokens.count > 1 ? String(tokens[1]) : ""
            guard unit == "kB" else {
                throw .badLine(path: path, line: lineNumber,
                               problem: .expectedUnit(key: key, unit: "kB", found: unit))
            }
            guard let kibibytes = UInt64(number) else {
                throw .badLine(path: path, line: lineNumber, problem: .numberTooLarge(key: key, text: number))
            }
            let (bytes, overflow) = kibibytes.multipliedReportingOverflow(by: 1024)
            guard !overflow else {
                throw .badLine(path: path, line: lineNumber, problem: .numberTooLarge(key: key, text: number))
            }
            found[key] = bytes
        }
        for key in keys where found[key] == nil && !optional.contains(key) {
            throw .missingKey(path: path, key: key)
        }
        return found
    }
}
