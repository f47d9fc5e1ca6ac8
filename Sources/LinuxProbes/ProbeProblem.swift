// Why a probe could not produce a reading: errors as data, rendered to text in one place
// (`reason`, at the bottom of this file), so every "not available" says the same thing the
// same way, whether it is shown in a table, in JSON or in a refusal message.

/// Why a source of process or system memory readings is not available.
///
/// A probe never traps on what the kernel or glibc gives it: a missing, unreadable, empty,
/// truncated or garbled file becomes one of these cases, and the reading lists the source as
/// unavailable with `reason`.
public enum ProbeProblem: Error, Sendable, Equatable {
    /// The file does not exist. The corresponding C error is `ENOENT`.
    case noSuchFile(path: String)
    /// The file exists but may not be read. The corresponding C errors are `EACCES` and `EPERM`.
    case permissionDenied(path: String)
    /// Reading failed with another errno.
    case readFailed(path: String, errno: Int32, text: String)
    /// The caller had no text for the file (e.g. the Go program could not capture it).
    case notCaptured(path: String)
    /// The file was read and is empty.
    case empty(path: String)
    /// The file is not text (not UTF-8).
    case notText(path: String)
    /// A line the probe needs is absent: a truncated file, or not the file it claims to be.
    case missingKey(path: String, key: String)
    /// A line the probe needs is there but does not say what the kernel always says.
    case badLine(path: String, line: Int, problem: LineProblem)
    /// glibc's `mallinfo2` is not there (glibc older than 2.33, or another C library).
    case mallinfo2Unavailable
    /// The probe only works on Linux.
    case notLinux

    /// What is wrong with one line, with the offending text quoted.
    public enum LineProblem: Sendable, Equatable {
        /// `VmRSS:  abc kB`: the value of `key` is not a decimal number.
        case expectedNumber(key: String, found: String)
        /// `VmRSS:  1616`: the unit after the number is missing or not `unit`.
        case expectedUnit(key: String, unit: String, found: String)
        /// The number does not fit in 64 bits once converted to bytes.
        case numberTooLarge(key: String, text: String)
        /// statm: the line does not have the expected count of numbers.
        case fieldCount(expected: Int, found: Int)
        /// statm: field `index` (1-based) is not a decimal number.
        case fieldNotNumber(index: Int, found: String)
    }

    /// The file the problem is about, if it is about a file.
    public var path: String? {
        switch self {
        case .noSuchFile(let path), .permissionDenied(let path), .readFailed(let path, _, _),
             .notCaptured(let path), .empty(let path), .notText(let path), .missingKey(let path, _),
             .badLine(let path, _, _):
            path
        case .mallinfo2Unavailable, .notLinux:
            nil
        }
    }
}

// MARK: - Messages

extension ProbeProblem {
    /// The one-line explanation shown next to the unavailable source.
    ///
    /// File-level problems name the file ("no such file: /proc/self/smaps_rollup (kernel
    /// older than 4.14?)"); line-level problems name the line, since the source is shown
    /// beside them ("line 3: expected 'kB' after the value of VmRSS, found end of line").
    public var reason: String {
        switch self {
        case .noSuchFile(let path):
            "no such file: \(path)\(Self.missingFileHint(path))"
        case .permissionDenied(let path):
            "permission denied: \(path) (is /proc mounted with hidepid, or is this a sandbox?)"
        case .readFailed(let path, let number, let text):
            "cannot read \(path): \(text) (errno \(number))"
        case .notCaptured(let path):
            "\(path) could not be read"
        case .empty(let path):
            "\(path) is empty"
        case .notText(let path):
            "\(path) is not UTF-8 text"
        case .missingKey(_, let key):
            "no '\(key)' line (truncated, or not the file it should be?)"
        case .badLine(_, let line, let problem):
            "line \(line): \(Self.describe(problem))"
        case .mallinfo2Unavailable:
            "mallinfo2 is not available (it needs glibc 2.33 or later)"
        case .notLinux:
            "only available on Linux"
        }
    }

    private static func missingFileHint(_ path: String) -> String {
        switch path {
        case ProcFile.smapsRollup.path: " (kernel older than 4.14?)"
        case _ where path.hasPrefix("/proc/"): " (is /proc mounted?)"
        default: ""
        }
    }

    private static func describe(_ problem: LineProblem) -> String {
        switch problem {
        case .expectedNumber(let key, let found):
            "expected a number after '\(key):', found \(quoted(found))"
        case .expectedUnit(let key, let unit, let found):
            "expected '\(unit)' after the value of \(key), found \(quoted(found))"
        case .numberTooLarge(let key, let text):
            "the value of \(key) '\(text)' is too large for 64 bits"
        case .fieldCount(let expected, let found):
            "expected \(expected) numbers, found \(found)"
        case .fieldNotNumber(let index, let found):
            "field \(index) is not a number: \(quoted(found))"
        }
    }

    private static func quoted(_ text: String) -> String {
        text.isEmpty ? "end of line" : "'\(text)'"
    }
}
