// Writing to standard output and standard error without crashing when they cannot be written.
//
// Foundation's FileHandle.write traps on a write error (a full disk, a closed pipe), so the
// real process writes with write(2) and remembers the first problem instead: a reader that
// went away (EPIPE; `memstats run spike | head -1`) ends memstats quietly, any other error is
// reported once on standard error with its own exit status (see `ExitStatus.outputFailed`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why standard output could not take what a command wrote.
public enum OutputProblem: Sendable, Equatable {
    /// The reader closed the pipe: not an error, the user has seen what they wanted.
    case closedPipe
    /// Any other write error, with the system's words for it (`No space left on device`).
    case writeFailed(String)
}

/// A file descriptor written with write(2); after the first failure it takes no more writes.
final class StandardStream: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var problem: OutputProblem?

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Makes a closed pipe an EPIPE error instead of a signal that kills the process.
    static let ignoreBrokenPipeSignal: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// The first problem met, if any.
    var firstProblem: OutputProblem? { lock.withLock { problem } }

    func write(_ text: String) {
        lock.withLock {
            guard problem == nil else { return }
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    #else
                    Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    #endif
                }
                if written >= 0 {
                    offset += written
                    continue
                }
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                problem = code == EPIPE ? .closedPipe : .writeFailed(String(cString: strerror(code)))
                return
            }
            bytes.removeAll()
        }
    }
}
