// Runs the built memstats with a chosen standard input and output and a time bound, so a
// test of special inputs and outputs cannot hang the suite.

import Foundation

/// Where the child's standard output goes.
enum OutputTarget: Sendable {
    /// A pipe the test reads.
    case captured
    /// A file opened for writing (e.g. /dev/full).
    case file(String)
    /// A pipe whose reading end is closed before memstats starts: every write meets EPIPE.
    case closedPipe
}

struct BoundedResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
    var signalled: Bool
    var seconds: Double

    var firstErrorLine: String { stderr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }
}

enum BoundedRun {
    /// Runs memstats; kills it after `timeout` seconds and says so in the result.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                    input: Data? = nil, inputPath: String? = nil, output: OutputTarget = .captured,
                    timeout: Double = 60) throws -> BoundedResult {
        let process = Process()
        process.executableURL = MemstatsBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? MemstatsBinary.packageRoot
        process.environment = MemstatsBinary.pinned(environment)
        let inPipe = Pipe()
        if let inputPath {
            process.standardInput = FileHandle(forReadingAtPath: inputPath)
        } else if input != nil {
            process.standardInput = inPipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let out = Pipe(), err = Pipe()
        var outputHandle: FileHandle?
        switch output {
        case .captured:
            process.standardOutput = out
        case .file(let path):
            outputHandle = FileHandle(forWritingAtPath: path)
            process.standardOutput = outputHandle
        case .closedPipe:
            process.standardOutput = out
            try out.fileHandleForReading.close()
        }
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        do {
            try process.run()
        } catch {
            closeQuietly(inPipe.fileHandleForReading, inPipe.fileHandleForWriting, out.fileHandleForReading,
                         out.fileHandleForWriting, err.fileHandleForReading, err.fileHandleForWriting)
            try? outputHandle?.close()
            throw error
        }
        if let input {
            DispatchQueue.global().async {
                try? inPipe.fileHandleForWriting.write(contentsOf: input)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        if case .captured = output {
            group.enter()
            DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        group.wait()
        try? outputHandle?.close()
        // Close every descriptor this run opened: a fuzz run makes thousands of runs, and
        // Foundation's Process.run walks the open descriptors of the test process each time.
        closeQuietly(inPipe.fileHandleForReading, out.fileHandleForReading, err.fileHandleForReading)
        if input == nil { closeQuietly(inPipe.fileHandleForWriting) }
        return BoundedResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self),
                             timedOut: timedOut, signalled: process.terminationReason == .uncaughtSignal,
                             seconds: Date().timeIntervalSince(start))
    }

    private static func closeQuietly(_ handles: FileHandle...) {
        for handle in handles { try? handle.close() }
    }
}
