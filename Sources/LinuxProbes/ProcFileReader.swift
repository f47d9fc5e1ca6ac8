// Where /proc text comes from. The live reader is the only code that opens /proc; everything
// else takes a `ProcFileReader`, so tests feed fixture text and need no real OS.

/// A /proc file the probes read.
public enum ProcFile: String, Sendable, Hashable, CaseIterable {
    /// The kernel's summary of this process (`VmRSS`, `RssAnon`, …). See `man 5 proc`.
    case status = "/proc/self/status"
    /// Sizes in pages: size, resident, shared, text, lib, data, dt.
    case statm = "/proc/self/statm"
    /// The sum of every mapping's /proc/self/smaps entry (Linux 4.14 and later).
    case smapsRollup = "/proc/self/smaps_rollup"
    /// The machine's memory (`MemTotal`, `MemAvailable`).
    case meminfo = "/proc/meminfo"

    /// The absolute path, e.g. `/proc/self/status`.
    public var path: String { rawValue }
}

/// Reads the text of /proc files.
///
/// Implementations never trap; a file that cannot be read throws the `ProbeProblem` that says
/// why (`noSuchFile`, `permissionDenied`, `readFailed`, `empty`, `notText`).
public protocol ProcFileReader: Sendable {
    /// The whole text of `file`.
    ///
    /// - Throws: `ProbeProblem` when the file cannot be read or is empty.
    func contents(of file: ProcFile) throws(ProbeProblem) -> String
}

/// Reads the real /proc of this machine.
///
/// - Note: Only meaningful on Linux; elsewhere every read throws `ProbeProblem.notLinux`.
public struct LiveProcFiles: ProcFileReader {
    public init() {}

    public func contents(of file: ProcFile) throws(ProbeProblem) -> String {
        #if os(Linux)
        switch system_readWholeFile(file.path) {
        case .success(let bytes):
            guard !bytes.isEmpty else { throw .empty(path: file.path) }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .notText(path: file.path) }
            return text
        case .failure(let error):
            let number = error.rawValue
            switch number {
            case SystemErrno.noSuchFile: throw .noSuchFile(path: file.path)
            case SystemErrno.permissionDenied, SystemErrno.notPermitted: throw .permissionDenied(path: file.path)
            default: throw .readFailed(path: file.path, errno: number, text: system_errorText(number))
            }
        }
        #else
        throw .notLinux
        #endif
    }
}

/// Fixture text standing in for /proc, for tests and for readings of another process's
/// captured text.
///
/// Each file has a list of texts: every read returns the next one and the last one repeats,
/// so a test can script how a file changes between reads (before and after `malloc_trim`).
/// A file with no entry throws `noSuchFile`; a file in `failures` throws that problem.
public final class FixtureProcFiles: ProcFileReader, @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    private let lock = Lock()
    private var texts: [ProcFile: [String]]
    private var readCounts: [ProcFile: Int] = [:]
    private let failures: [ProcFile: ProbeProblem]

    /// - Parameters:
    ///   - texts: per file, the texts successive reads return (the last one repeats).
    ///   - failures: files whose reads throw the given problem.
    public init(_ texts: [ProcFile: [String]] = [:], failures: [ProcFile: ProbeProblem] = [:]) {
        self.texts = texts
        self.failures = failures
    }

    /// One fixed text per file.
    public convenience init(fixed: [ProcFile: String], failures: [ProcFile: ProbeProblem] = [:]) {
        self.init(fixed.mapValues { [$0] }, failures: failures)
    }

    public func contents(of file: ProcFile) throws(ProbeProblem) -> String {
        if let problem = failures[file] { throw problem }
        let text: String? = lock.withLock {
            guard let list = texts[file], !list.isEmpty else { return nil }
            let index = min(readCounts[file, default: 0], list.count - 1)
            readCounts[file, default: 0] += 1
            return list[index]
        }
        guard let text else { throw .noSuchFile(path: file.path) }
        guard !text.isEmpty else { throw .empty(path: file.path) }
        return text
    }

    /// How many times `file` was read.
    public func readCount(of file: ProcFile) -> Int {
        lock.withLock { readCounts[file, default: 0] }
    }
}
