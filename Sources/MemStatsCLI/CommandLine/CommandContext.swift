// What a command may touch of the outside world, injected so commands run in-process in tests.

import Foundation
import LinuxProbes

/// The command's view of the outside world: output streams, environment and files.
public struct CommandContext: Sendable {
    public var writeOutput: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void
    public var environment: [String: String]
    /// Reads a file's bytes, or says why it cannot (missing, a directory, too large).
    public var readFile: @Sendable (String, _ byteLimit: Int) -> Result<[UInt8], FileReadFailure>
    /// The first problem standard output met (a closed pipe, a full disk), or nil.
    public var outputProblem: @Sendable () -> OutputProblem?
    /// Whether something (a file, a FIFO, anything) is at this path; never reads or blocks.
    public var pathExists: @Sendable (String) -> Bool
    /// Whether standard output is a terminal, and its width (for fitting lines and colour).
    public var terminal: TerminalInfo
    /// Whether standard input is a terminal someone types on (step and predict modes ask it).
    public var standardInputIsTerminal: @Sendable () -> Bool
    /// The next key typed on standard input, one byte, nil at its end (see `TerminalKeys`).
    public var readKey: @Sendable () -> UInt8?

    public init(writeOutput: @escaping @Sendable (String) -> Void,
                writeError: @escaping @Sendable (String) -> Void,
                environment: [String: String],
                readFile: @escaping @Sendable (String, Int) -> Result<[UInt8], FileReadFailure> = CommandContext.readFileFromDisk,
                outputProblem: @escaping @Sendable () -> OutputProblem? = { nil },
                pathExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) },
                terminal: TerminalInfo = .notATerminal,
                standardInputIsTerminal: @escaping @Sendable () -> Bool = { false },
                readKey: @escaping @Sendable () -> UInt8? = { nil }) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.environment = environment
        self.readFile = readFile
        self.outputProblem = outputProblem
        self.pathExists = pathExists
        self.terminal = terminal
        self.standardInputIsTerminal = standardInputIsTerminal
        self.readKey = readKey
    }

    /// The real process: stdout, stderr, the process environment, the file system.
    public static var live: CommandContext {
        OutputDescriptor.ignoreBrokenPipeSignal()
        let output = OutputDescriptor.standardOutput
        let error = OutputDescriptor.standardError
        return CommandContext(
            writeOutput: { text in output.write(text) },
            writeError: { text in error.write(text) },
            environment: ProcessInfo.processInfo.environment,
            outputProblem: { output.firstProblem },
            terminal: TerminalInfo.live(descriptor: 1),
            standardInputIsTerminal: { TerminalKeys.standardInput.isTerminal },
            readKey: { TerminalKeys.standardInput.readByte() })
    }

    /// Reads at most `byteLimit` bytes of a path, or of standard input for "-"; special files
    /// are refused or read with a bound (see `InputFile`).
    @Sendable public static func readFileFromDisk(_ path: String, _ byteLimit: Int) -> Result<[UInt8], FileReadFailure> {
        InputFile.read(path, byteLimit: byteLimit)
    }
}

/// Why a file could not be read.
public typealias FileReadFailure = InputReadFailure
