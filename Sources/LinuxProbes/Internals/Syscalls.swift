// Every libc call LinuxProbes makes, one thin adapter each (swift-system's `system_<cname>`
// habit). No other file in the package calls libc for memory readings or allocation; the
// public types of this module call these.
//
// Simplification: no mocking hooks here. Tests inject readers at the public level
// (`ProcFileReader`, `MallocInfoReader`) instead, which Swift 6 makes simpler than TLS mocks.

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#else
#error("Unsupported Platform")
#endif
import CLinuxProbes

/// Reads a whole file with open/read, the way /proc files must be read (their stat size is 0).
///
/// Retries on `EINTR`. The corresponding C functions are `open`, `read` and `close`.
func system_readWholeFile(_ path: String) -> Result<[UInt8], SystemErrorNumber> {
    var descriptor: Int32
    repeat {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
    } while descriptor < 0 && errno == EINTR
    guard descriptor >= 0 else { return .failure(SystemErrorNumber(errno)) }
    defer { _ = close(descriptor) }

    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            return .failure(SystemErrorNumber(errno))
        }
        if count == 0 { return .success(bytes) }
        bytes.append(contentsOf: buffer[0..<count])
    }
}

/// An errno value as an error. The corresponding C variable is `errno`.
struct SystemErrorNumber: Error {
    var rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
}

/// The errno values the probes name in their messages.
enum SystemErrno {
    static let noSuchFile = ENOENT
    static let permissionDenied = EACCES
    static let notPermitted = EPERM
}

/// The page size of this machine in bytes. The corresponding C call is `sysconf(_SC_PAGESIZE)`.
func system_pageSize() -> UInt64 {
    let size = sysconf(Int32(_SC_PAGESIZE))
    return size > 0 ? UInt64(size) : 4096
}

/// The minimum stack a thread may be given. The corresponding C call is `sysconf(_SC_THREAD_STACK_MIN)`.
func system_threadStackMinimum() -> UInt64 {
    let size = sysconf(Int32(_SC_THREAD_STACK_MIN))
    return size > 0 ? UInt64(size) : 16 * 1024
}

/// The largest resident set this process has had, in bytes, or nil.
///
/// The corresponding C call is `getrusage(RUSAGE_SELF)`, field `ru_maxrss` (KiB on Linux,
/// bytes on Darwin).
func system_maxResidentBytes() -> UInt64? {
    var usage = rusage()
    #if canImport(Glibc)
    let who = Int32(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0, usage.ru_maxrss >= 0 else { return nil }
    #if canImport(Darwin)
    return UInt64(usage.ru_maxrss)
    #else
    return UInt64(usage.ru_maxrss) * 1024
    #endif
}

/// The corresponding C function is `malloc`.
func system_malloc(_ size: Int) -> UnsafeMutableRawPointer? { malloc(size) }

/// The corresponding C function is `free`.
func system_free(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }

/// The corresponding glibc function is `mallinfo2` (through CLinuxProbes).
func system_mallinfo2() -> memstats_mallinfo { memstats_read_mallinfo() }

/// The corresponding glibc call is `malloc_trim(0)` (through CLinuxProbes).
func system_mallocTrim() -> Int32 { memstats_malloc_trim() }

/// The text of an errno, e.g. "Resource temporarily unavailable". The corresponding C function is `strerror`.
func system_errorText(_ number: Int32) -> String { String(cString: strerror(number)) }

/// Starts `count` parked threads (through CLinuxProbes, which uses `pthread_create` with
/// `pthread_attr_setstacksize`). Returns the group (nil only if it could not be allocated), the
/// number started and `pthread_create`'s error number (0 when all started).
func system_startParkedThreads(count: Int, stackMappingBytes: Int, touchBytes: Int)
    -> (group: OpaquePointer?, started: Int, errorNumber: Int32)
{
    var started = 0
    var errorNumber: Int32 = 0
    let group = memstats_threads_start(count, stackMappingBytes, touchBytes, &started, &errorNumber)
    return (group, started, errorNumber)
}

/// The column count of the terminal on `descriptor`, or nil when it is not a terminal or has no
/// size. The corresponding C call is `ioctl(fd, TIOCGWINSZ)` (through CLinuxProbes).
func system_terminalColumns(_ descriptor: Int32) -> Int? {
    let columns = memstats_terminal_columns(descriptor)
    return columns > 0 ? Int(columns) : nil
}

/// Wakes, joins and frees a group of parked threads (`pthread_cond_broadcast`, `pthread_join`).
func system_stopParkedThreads(_ group: OpaquePointer) { memstats_threads_stop(group) }
