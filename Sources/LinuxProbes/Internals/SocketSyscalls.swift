// The socket calls of `TCPExchange` (memstats watch's HTTP GET) and the SIGINT flag: one thin
// adapter each, so libc stays in this module.

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#endif
import Synchronization

/// Resolves `host` to IPv4/IPv6 socket addresses. The corresponding C function is `getaddrinfo`.
func system_resolve(_ host: String, port: UInt16) -> (addresses: [(family: Int32, address: [UInt8])], error: Int32) {
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_family = AF_UNSPEC
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &list)
    guard status == 0, let first = list else { return ([], status) }
    defer { freeaddrinfo(list) }
    var result: [(Int32, [UInt8])] = []
    var node: UnsafeMutablePointer<addrinfo>? = first
    while let current = node {
        if let address = current.pointee.ai_addr {
            let bytes = [UInt8](UnsafeRawBufferPointer(start: address, count: Int(current.pointee.ai_addrlen)))
            result.append((current.pointee.ai_family, bytes))
        }
        node = current.pointee.ai_next
    }
    return (result, 0)
}

func system_resolveErrorText(_ code: Int32) -> String { String(cString: gai_strerror(code)) }

/// A non-blocking stream socket. The corresponding C functions are `socket` and `fcntl`.
func system_openStreamSocket(family: Int32) -> Int32 {
    let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return -errno }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    return descriptor
}

/// Starts a connect; 0 when connected, EINPROGRESS when under way, else the errno.
func system_connect(_ descriptor: Int32, address: [UInt8]) -> Int32 {
    let status = address.withUnsafeBytes { raw in
        connect(descriptor, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
    }
    return status == 0 ? 0 : errno
}

/// The pending error of a socket after a connect completes (`getsockopt(SO_ERROR)`).
func system_socketError(_ descriptor: Int32) -> Int32 {
    var value: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length)
    return value
}

/// Waits until the socket is readable (`forWriting` false) or writable; false on timeout.
/// The corresponding C function is `poll`. A signal (Ctrl-C while a poll is under way) makes
/// `poll` return EINTR early: the wait goes on for the rest of the time, so an interrupted
/// exchange is not mistaken for a timeout.
func system_wait(_ descriptor: Int32, forWriting: Bool, milliseconds: Int32) -> Bool {
    var entry = pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let deadline = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000 + Int64(milliseconds)
    var remaining = milliseconds
    while true {
        let ready = poll(&entry, 1, remaining)
        if ready > 0 { return true }
        if ready == 0 || errno != EINTR { return false }
        clock_gettime(CLOCK_MONOTONIC, &now)
        let left = deadline - (Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
        if left <= 0 { return false }
        remaining = Int32(left)
    }
}

/// Sends bytes; returns the count sent or -errno.
func system_send(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> Int {
    let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    return sent >= 0 ? sent : -Int(errno)
}

/// Receives up to `capacity` bytes; returns them, or [] at end of stream, or nil with the errno.
func system_receive(_ descriptor: Int32, capacity: Int) -> (bytes: [UInt8], error: Int32) {
    var buffer = [UInt8](repeating: 0, count: capacity)
    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, capacity, 0) }
    if count < 0 { return ([], errno) }
    return (Array(buffer.prefix(count)), 0)
}


/// Set by the SIGINT handler; read by `InterruptSignal.received`.
let interruptFlag = Atomic<Int32>(0)

/// Installs a SIGINT handler that only sets the flag. The corresponding C function is `signal`.
/// SIGINT is also unblocked for this thread: a parent may have started us with it blocked.
/// The corresponding C functions are `signal` and `pthread_sigmask`.
func system_catchInterrupt() {
    _ = signal(SIGINT) { _ in interruptFlag.store(1, ordering: .relaxed) }
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

func system_restoreInterrupt() { _ = signal(SIGINT, SIG_DFL) }

let system_errnoConnectionRefused = ECONNREFUSED
let system_errnoInProgress = EINPROGRESS
let system_errnoInterrupted = EINTR
let system_errnoWouldBlock = EAGAIN
let system_errnoReset = ECONNRESET
