// Writing to standard output or standard error without trapping when they cannot be written.
//
// Foundation's FileHandle.write traps on a write error (a full disk, a closed pipe); this writes
// with write(2) and remembers the first problem instead, after which it takes no more writes.

import Foundation

/// Why an output could not take what was written.
public enum OutputProblem: Sendable, Equatable {
    /// The reader closed the pipe (`memstats run spike | head -1`): not an error.
    case closedPipe
    /// Any other write error, with the system's words for it (`No space left on device`).
    case writeFailed(String)
}

public final class OutputDescriptor: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var problem: OutputProblem?

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public static let standardOutput = OutputDescriptor(descriptor: 1)
    public static let standardError = OutputDescriptor(descriptor: 2)

    /// Makes a write to a closed pipe fail with EPIPE instead of killing the process; call once
    /// before writing.
    public static func ignoreBrokenPipeSignal() { system_ignoreBrokenPipeSignal() }

    /// The first problem met, if any.
    public var firstProblem: OutputProblem? { lock.withLock { problem } }

    public func write(_ text: String) {
        lock.withLock {
            guard problem == nil else { return }
            if case .failure(let error) = system_writeAll(descriptor, Array(text.utf8)) {
                problem = error.rawValue == FileErrno.brokenPipe ? .closedPipe : .writeFailed(system_errorText(error))
            }
        }
    }
}
