// Runs the built `memstats` executable as a user would, capturing stdout, stderr and status.

import Foundation

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum MemstatsBinary {
    /// The package root, from this file's path (Tests/EndToEndTests/MemstatsBinary.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The memstats executable built next to the test bundle.
    static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
            packageRoot.appendingPathComponent(".build/debug"),
        ]
        for directory in candidates {
            let candidate = directory.appendingPathComponent("memstats")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/memstats")
    }

    /// `environment` (default: this process's) with the simulated Go program's environment pinned
    /// to the reference one unless the test sets it: every variable is a heap object at the
    /// program's start, and outputs must not depend on the shell the tests run in.
    static func pinned(_ environment: [String: String]?) -> [String: String] {
        var pinned = environment ?? ProcessInfo.processInfo.environment
        if pinned["MEMSTATS_GO_ENVIRONMENT"] == nil { pinned["MEMSTATS_GO_ENVIRONMENT"] = "reference" }
        return pinned
    }

    /// Runs memstats with `arguments` in `directory` (default: the package root).
    static func run(_ arguments: [String], in directory: URL? = nil,
                    environment: [String: String]? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        process.environment = pinned(environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
