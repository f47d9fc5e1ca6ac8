// What a command may touch of the outside world, injected so commands run in-process in tests.

import Foundation

/// The command's view of the outside world: output streams, environment and files.
public struct CommandContext: Sendable {
    public var writeOutput: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void
    public var environment: [String: String]
    /// Reads a file's bytes, or says why it cannot (missing, a directory, too large).
    public var readFile: @Sendable (String, _ byteLimit: Int) -> Result<[UInt8], FileReadFailure>
    /// The first problem standard output met (a closed pipe, a full disk), or nil.
    public var outputProblem: @Sendable () -> OutputProblem?

    public init(writeOutput: @escaping @Sendable (String) -> Void,
                writeError: @escaping @Sendable (String) -> Void,
                environment: [String: String],
                readFile: @escaping @Sendable (String, Int) -> Result<[UInt8], FileReadFailure> = CommandContext.readFileFromDisk,
                outputProblem: @escaping @Sendable () -> OutputProblem? = { nil }) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.environment = environment
        self.readFile = readFile
        self.outputProblem = outputProblem
    }

    /// The real process: stdout, stderr, the process environment, the file system.
    public static var live: CommandContext {
        StandardStream.ignoreBrokenPipeSignal
        let output = StandardStream(descriptor: 1)
        let error = StandardStream(descriptor: 2)
        return CommandContext(
            writeOutput: { text in output.write(text) },
            writeError: { text in error.write(text) },
            environment: ProcessInfo.processInfo.environment,
            outputProblem: { output.firstProblem })
    }

    /// Reads at most `byteLimit` bytes; a larger file is refused before it is read whole.
    @Sendable public static func readFileFromDisk(_ path: String, _ byteLimit: Int) -> Result<[UInt8], FileReadFailure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.missing)
        }
        if isDirectory.boolValue { return .failure(.directory) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable("permission denied")) }
        defer { try? handle.close() }
        let data = handle.readData(ofLength: byteLimit + 1)
        if data.count > byteLimit {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? data.count
            return .failure(.tooLarge(byteCount: size, limit: byteLimit))
        }
        return .success([UInt8](data))
    }
}

/// Why a file could not be read.
public enum FileReadFailure: Error, Sendable, Equatable {
    case missing
    case directory
    case tooLarge(byteCount: Int, limit: Int)
    case unreadable(String)
}
