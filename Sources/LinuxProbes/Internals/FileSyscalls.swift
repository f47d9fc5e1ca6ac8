// The libc calls for reading scenario input and writing standard output, one thin adapter
// each, like Syscalls.swift: stat, open, read, poll, write, isatty, signal.

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What stat(2) says about a path (following symbolic links).
struct FileStatus {
    enum Kind { case regular, directory, fifo, socket, characterDevice, blockDevice, other }
    var kind: Kind
    var byteCount: Int
}

/// The corresponding C function is `stat`.
func system_stat(_ path: String) -> Result<FileStatus, SystemErrorNumber> {
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(SystemErrorNumber(errno)) }
    return .success(FileStatus(kind: fileKind(info.st_mode), byteCount: Int(info.st_size)))
}

/// The corresponding C function is `fstat`.
func system_fstat(_ descriptor: Int32) -> Result<FileStatus, SystemErrorNumber> {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .failure(SystemErrorNumber(errno)) }
    return .success(FileStatus(kind: fileKind(info.st_mode), byteCount: Int(info.st_size)))
}

private func fileKind(_ mode: mode_t) -> FileStatus.Kind {
    switch mode & S_IFMT {
    case S_IFREG: .regular
    case S_IFDIR: .directory
    case S_IFIFO: .fifo
    case S_IFSOCK: .socket
    case S_IFCHR: .characterDevice
    case S_IFBLK: .blockDevice
    default: .other
    }
}

/// Opens for reading without blocking on a FIFO that has no writer yet. The corresponding C
/// function is `open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)`.
func system_openForReading(_ path: String) -> Result<Int32, SystemErrorNumber> {
    var descriptor: Int32
    repeat {
        descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    } while descriptor < 0 && errno == EINTR
    return descriptor >= 0 ? .success(descriptor) : .failure(SystemErrorNumber(errno))
}

/// The corresponding C function is `close`.
func system_close(_ descriptor: Int32) { _ = close(descriptor) }

/// Waits until `descriptor` can be read (or has hung up), at most `milliseconds`.
/// Returns false on timeout. The corresponding C function is `poll`.
func system_waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Result<Bool, SystemErrorNumber> {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    while true {
        let ready = poll(&entry, 1, milliseconds)
        if ready < 0 {
            if errno == EINTR { continue }
            return .failure(SystemErrorNumber(errno))
        }
        return .success(ready > 0)
    }
}

/// Reads up to `count` bytes; `.success([])` at end of file, nil when it would block.
/// The corresponding C function is `read`.
func system_read(_ descriptor: Int32, count: Int) -> Result<[UInt8]?, SystemErrorNumber> {
    var buffer = [UInt8](repeating: 0, count: count)
    while true {
        let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if got >= 0 { return .success(Array(buffer[0..<got])) }
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK { return .success(nil) }
        return .failure(SystemErrorNumber(errno))
    }
}

/// Writes all of `bytes`, retrying on EINTR and partial writes. The corresponding C function is `write`.
func system_writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Result<Void, SystemErrorNumber> {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written >= 0 {
            offset += written
            continue
        }
        if errno == EINTR || errno == EAGAIN { continue }
        return .failure(SystemErrorNumber(errno))
    }
    return .success(())
}

/// The corresponding C function is `isatty`.
func system_isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

/// Makes a write to a closed pipe fail with EPIPE instead of killing the process.
/// The corresponding C call is `signal(SIGPIPE, SIG_IGN)`.
func system_ignoreBrokenPipeSignal() { _ = signal(SIGPIPE, SIG_IGN) }

/// The system's words for an errno value. The corresponding C function is `strerror`.
func system_errorText(_ number: SystemErrorNumber) -> String { String(cString: strerror(number.rawValue)) }

enum FileErrno {
    static let noSuchFile = ENOENT
    static let loop = ELOOP
    static let notDirectory = ENOTDIR
    static let brokenPipe = EPIPE
    static let permissionDenied = EACCES
    static let nameTooLong = ENAMETOOLONG
}
