// One request and its whole answer over TCP: what `memstats watch` needs for an HTTP/1.1 GET
// with `Connection: close`. Sockets are libc, so they live in this module; the HTTP meaning of
// the bytes is parsed above it (Inspection's HTTPResponse).

import Synchronization

/// Why an exchange ended without a complete answer, as data.
public enum ConnectionProblem: Error, Sendable, Equatable {
    case hostNotFound(host: String, reason: String)
    /// Nothing listens there (ECONNREFUSED).
    case refused
    case connectTimedOut(seconds: Double)
    /// Connected, but the answer did not come (or stopped coming) in time; `received` bytes came.
    case answerTimedOut(seconds: Double, received: [UInt8])
    /// The peer reset the connection; `received` bytes came before.
    case reset(received: [UInt8])
    /// The answer went on past the byte limit.
    case tooLarge(limit: Int)
    case failed(call: String, errno: Int32, text: String)
}

public enum TCPExchange {
    /// Connects to host:port, sends `request`, and reads until the peer closes.
    /// - Parameters:
    ///   - timeoutSeconds: for the connect, and for each wait for more bytes.
    ///   - byteLimit: the answer is refused beyond this.
    public static func exchange(host: String, port: UInt16, request: [UInt8], timeoutSeconds: Double,
                                byteLimit: Int) -> Result<[UInt8], ConnectionProblem> {
        let (addresses, resolveError) = system_resolve(host, port: port)
        if resolveError != 0 { return .failure(.hostNotFound(host: host, reason: system_resolveErrorText(resolveError))) }
        if addresses.isEmpty { return .failure(.hostNotFound(host: host, reason: "no address")) }
        let milliseconds = Int32(min(max(timeoutSeconds * 1000, 1), 600_000))
        var lastProblem = ConnectionProblem.refused
        for candidate in addresses {
            let descriptor = system_openStreamSocket(family: candidate.family)
            guard descriptor >= 0 else {
                lastProblem = .failed(call: "socket", errno: -descriptor, text: system_errorText(-descriptor))
                continue
            }
            defer { system_close(descriptor) }
            let started = system_connect(descriptor, address: candidate.address)
            if started == system_errnoInProgress {
                guard system_wait(descriptor, forWriting: true, milliseconds: milliseconds) else {
                    lastProblem = .connectTimedOut(seconds: timeoutSeconds)
                    continue
                }
                let error = system_socketError(descriptor)
                if error != 0 {
                    lastProblem = error == system_errnoConnectionRefused ? .refused
                        : .failed(call: "connect", errno: error, text: system_errorText(error))
                    continue
                }
            } else if started != 0 {
                lastProblem = started == system_errnoConnectionRefused ? .refused
                    : .failed(call: "connect", errno: started, text: system_errorText(started))
                continue
            }
            return converse(descriptor, request: request, milliseconds: milliseconds, timeoutSeconds: timeoutSeconds,
                            byteLimit: byteLimit)
        }
        return .failure(lastProblem)
    }

    private static func converse(_ descriptor: Int32, request: [UInt8], milliseconds: Int32, timeoutSeconds: Double,
                                 byteLimit: Int) -> Result<[UInt8], ConnectionProblem> {
        var offset = 0
        while offset < request.count {
            guard system_wait(descriptor, forWriting: true, milliseconds: milliseconds) else {
                return .failure(.answerTimedOut(seconds: timeoutSeconds, received: []))
            }
            let sent = system_send(descriptor, request[offset...])
            if sent < 0 {
                let error = Int32(-sent)
                if error == system_errnoInterrupted || error == system_errnoWouldBlock { continue }
                if error == system_errnoReset { return .failure(.reset(received: [])) }
                return .failure(.failed(call: "send", errno: error, text: system_errorText(error)))
            }
            offset += sent
        }
        var answer: [UInt8] = []
        while true {
            guard system_wait(descriptor, forWriting: false, milliseconds: milliseconds) else {
                return .failure(.answerTimedOut(seconds: timeoutSeconds, received: answer))
            }
            let (bytes, error) = system_receive(descriptor, capacity: 64 * 1024)
            if error != 0 {
                if error == system_errnoInterrupted || error == system_errnoWouldBlock { continue }
                if error == system_errnoReset { return .failure(.reset(received: answer)) }
                return .failure(.failed(call: "recv", errno: error, text: system_errorText(error)))
            }
            if bytes.isEmpty { return .success(answer) }
            answer += bytes
            if answer.count > byteLimit { return .failure(.tooLarge(limit: byteLimit)) }
        }
    }
}

/// Ctrl-C as a flag to poll, so a long-running command can end cleanly with a summary.
public enum InterruptSignal {
    /// From now on SIGINT sets the flag instead of ending the process.
    public static func catchInterrupts() { system_catchInterrupt() }
    /// SIGINT ends the process again.
    public static func restoreDefault() { system_restoreInterrupt() }
    /// Whether SIGINT arrived since `catchInterrupts`.
    public static var received: Bool { interruptFlag.load(ordering: .relaxed) != 0 }
}
