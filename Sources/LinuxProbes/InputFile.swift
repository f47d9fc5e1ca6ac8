// Reading a scenario from a path or standard input, whatever the path turns out to be.
//
// Why: a scenario path can name a FIFO (which blocks until a writer comes), a device that never
// ends (/dev/zero), a pipe whose size is unknown (/dev/stdin), or a symbolic-link loop. Each is
// read with a bound on bytes and, for pipes and FIFOs, a bound on how long nothing arrives, or
// refused with the real cause. Regular files are refused by size before they are read.

/// Why an input could not be read.
public enum InputReadFailure: Error, Sendable, Equatable {
    case missing
    case directory
    /// `byteCount` is nil for a pipe or FIFO, whose size is only known by reading it.
    case tooLarge(byteCount: Int?, limit: Int)
    /// A device or other special file: "a character device".
    case special(kind: String)
    case symbolicLinkLoop
    /// A pipe or FIFO sent nothing for this many seconds (and was not closed).
    case silent(seconds: Int)
    case unreadable(String)
}

public enum InputFile {
    /// The path that means standard input, as in every Unix tool.
    public static let standardInputPath = "-"

    /// How long a pipe or FIFO may stay silent before the read gives up.
    public static let idleSeconds = 10

    /// True when standard input is a terminal (a user typing; it ends with Ctrl-D).
    public static var standardInputIsTerminal: Bool { system_isTerminal(0) }

    /// Reads at most `byteLimit` bytes of `path` ("-": standard input).
    public static func read(_ path: String, byteLimit: Int, idleSeconds: Int = idleSeconds)
        -> Result<[UInt8], InputReadFailure> {
        if path == standardInputPath {
            switch system_fstat(0) {
            case .failure(let error): return .failure(.unreadable(system_errorText(error)))
            case .success(let status):
                if status.kind == .directory { return .failure(.directory) }
                // A terminal is a person typing: wait for them as long as they take.
                let idle = system_isTerminal(0) ? nil : idleSeconds
                return readStream(0, byteLimit: byteLimit, idleSeconds: status.kind == .regular ? nil : idle)
            }
        }
        let status: FileStatus
        switch system_stat(path) {
        case .success(let found): status = found
        case .failure(let error):
            switch error.rawValue {
            case FileErrno.noSuchFile: return .failure(.missing)
            case FileErrno.loop: return .failure(.symbolicLinkLoop)
            case FileErrno.notDirectory: return .failure(.unreadable("a part of the path is not a directory"))
            default: return .failure(.unreadable(system_errorText(error).lowercased()))
            }
        }
        switch status.kind {
        case .directory: return .failure(.directory)
        case .characterDevice: return .failure(.special(kind: "a character device"))
        case .blockDevice: return .failure(.special(kind: "a block device"))
        case .socket: return .failure(.special(kind: "a socket"))
        case .other: return .failure(.special(kind: "a special file"))
        case .regular where status.byteCount > byteLimit:
            return .failure(.tooLarge(byteCount: status.byteCount, limit: byteLimit))
        case .regular, .fifo:
            break
        }
        let descriptor: Int32
        switch system_openForReading(path) {
        case .success(let opened): descriptor = opened
        case .failure(let error): return .failure(.unreadable(system_errorText(error).lowercased()))
        }
        defer { system_close(descriptor) }
        return readStream(descriptor, byteLimit: byteLimit, idleSeconds: status.kind == .fifo ? idleSeconds : nil)
    }

    /// Reads to the end, at most `byteLimit` bytes; with `idleSeconds`, waits for data at most
    /// that long each time (a FIFO with no writer yet waits for one the same way).
    private static func readStream(_ descriptor: Int32, byteLimit: Int, idleSeconds: Int?)
        -> Result<[UInt8], InputReadFailure> {
        var bytes: [UInt8] = []
        while true {
            let wait = idleSeconds.map { Int32($0 * 1000) } ?? -1
            switch system_waitReadable(descriptor, milliseconds: wait) {
            case .failure(let error): return .failure(.unreadable(system_errorText(error).lowercased()))
            case .success(false): return .failure(.silent(seconds: idleSeconds ?? 0))
            case .success(true): break
            }
            switch system_read(descriptor, count: 64 * 1024) {
            case .failure(let error): return .failure(.unreadable(system_errorText(error).lowercased()))
            case .success(nil): continue
            case .success(let chunk?):
                if chunk.isEmpty { return .success(bytes) }
                bytes += chunk
                if bytes.count > byteLimit { return .failure(.tooLarge(byteCount: nil, limit: byteLimit)) }
            }
        }
    }
}
