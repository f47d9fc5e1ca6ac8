// /proc/self/statm: the oldest and cheapest memory summary, one line of seven numbers counted
// in pages: size resident shared text lib data dt. Tools that poll often (and Go's own tests)
// read it. It is reported here in bytes (pages × the page size) so it lines up with status.
//
// Simplification: `lib` and `dt` have always been 0 since Linux 2.6 and are not reported.

import FieldCatalogue

/// The numbers of /proc/self/statm, converted to bytes.
///
/// - Note: Only available on Linux.
public struct ProcStatm: Sendable, Equatable {
    /// The whole mapped address space (same as VmSize).
    /// The corresponding kernel field is `size` (field 1) in /proc/self/statm.
    public var size: ByteCount
    /// Resident pages (same as VmRSS).
    /// The corresponding kernel field is `resident` (field 2) in /proc/self/statm.
    public var resident: ByteCount
    /// Resident pages backed by files or shared memory (RssFile + RssShmem).
    /// The corresponding kernel field is `shared` (field 3) in /proc/self/statm.
    public var shared: ByteCount
    /// The program's code.
    /// The corresponding kernel field is `text` (field 4) in /proc/self/statm.
    public var text: ByteCount
    /// Data plus stack mappings (VmData + VmStk).
    /// The corresponding kernel field is `data` (field 6) in /proc/self/statm.
    public var data: ByteCount

    public init(size: ByteCount, resident: ByteCount, shared: ByteCount, text: ByteCount, data: ByteCount) {
        self.size = size
        self.resident = resident
        self.shared = shared
        self.text = text
        self.data = data
    }

    /// The seven field names in kernel order; the first five reported ones are read.
    static let fieldNames = ["size", "resident", "shared", "text", "lib", "data", "dt"]

    /// Parses the line of /proc/self/statm.
    ///
    /// - Parameters:
    ///   - text: the file's text: seven decimal numbers separated by blanks.
    ///   - pageSize: the size of one page on the machine the text comes from.
    /// - Throws: `ProbeProblem.empty`, or `.badLine` on line 1 (`fieldCount`, `fieldNotNumber`,
    ///   `numberTooLarge`).
    public static func parse(_ text: String, pageSize: ByteCount) throws(ProbeProblem) -> ProcStatm {
        let path = ProcFile.statm.path
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(where: { !$0.isWhitespace }) }) else {
            throw .empty(path: path)
        }
        let line = lines[index]
        let lineNumber = index + 1
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count >= fieldNames.count else {
            throw .badLine(path: path, line: lineNumber,
                           problem: .fieldCount(expected: fieldNames.count, found: tokens.count))
        }
        var bytes: [UInt64] = []
        for (index, token) in tokens.prefix(fieldNames.count).enumerated() {
            let isDigits = token.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard isDigits else {
                throw .badLine(path: path, line: lineNumber,
                               problem: .fieldNotNumber(index: index + 1, found: String(token)))
            }
            guard let pages = UInt64(token) else {
                throw .badLine(path: path, line: lineNumber,
                               problem: .numberTooLarge(key: fieldNames[index], text: String(token)))
            }
            let (value, overflow) = pages.multipliedReportingOverflow(by: pageSize.bytes)
            guard !overflow else {
                throw .badLine(path: path, line: lineNumber,
                               problem: .numberTooLarge(key: fieldNames[index], text: String(token)))
            }
            bytes.append(value)
        }
        return ProcStatm(size: ByteCount(bytes[0]), resident: ByteCount(bytes[1]), shared: ByteCount(bytes[2]),
                         text: ByteCount(bytes[3]), data: ByteCount(bytes[5]))
    }

    /// The fields as reading values, keyed as `man 5 proc` names them.
    public var metrics: [(metric: ProcessMetric, bytes: UInt64)] {
        [("size", size), ("resident", resident), ("shared", shared), ("text", text), ("data", data)].map {
            (ProcessMetric(.statm, $0), $1.bytes)
        }
    }
}
