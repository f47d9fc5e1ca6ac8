// `memstats watch` against a real Go HTTP server with expvar (Tests/InspectionTests/GoDumps,
// -serve): a few readings, then the server goes away; with and without --keep-going; and
// Ctrl-C while readings come in ends with a summary of them. Skipped without Go (failed under
// MEMSTATS_REQUIRE_GO=1).

import Foundation
import Testing

/// The GoDumps program, built once per test process.
private enum GoDumpsServer {
    static let binary: String? = {
        let environment = ProcessInfo.processInfo.environment
        let go = environment["MEMSTATS_GO"] ?? (environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/go" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let go else { return nil }
        let output = FileManager.default.temporaryDirectory.path + "/memstats-watch-e2e-dumps-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: go)
        process.arguments = ["build", "-trimpath", "-o", output, "."]
        process.currentDirectoryURL = MemstatsBinary.packageRoot.appendingPathComponent("Tests/InspectionTests/GoDumps")
        var env = environment
        env["GOTOOLCHAIN"] = "local"
        env["GOFLAGS"] = "-mod=mod"
        if env["GOCACHE"] == nil { env["GOCACHE"] = FileManager.default.temporaryDirectory.path + "/memstats-inspect-gocache" }
        process.environment = env
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }()

    /// Starts a server that answers `requests` requests to /debug/vars and exits; returns it and its port.
    static func start(requests: Int) throws -> (Process, Pipe, UInt16)? {
        guard let binary else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-serve", "-requests", "\(requests)"]
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"),
              let port = UInt16(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            return nil
        }
        return (process, input, port)
    }

    /// Stops the server (closing its stdin ends it) and waits for it.
    static func stop(_ server: (Process, Pipe, UInt16)) {
        try? server.1.fileHandleForWriting.close()
        server.0.waitUntilExit()
    }

    static func shouldRun() -> Bool {
        if binary != nil { return true }
        if GoToolchainCheck.isRequired { Issue.record("MEMSTATS_REQUIRE_GO=1 but GoDumps did not build (no Go toolchain?)") }
        return false
    }
}

@Suite(.serialized)
struct WatchLiveServerTests {
    @Test func readingsThenTheServerGoesAwayWithKeepGoing() throws {
        guard GoDumpsServer.shouldRun() else { return }
        let server = try #require(try GoDumpsServer.start(requests: 3))
        defer { GoDumpsServer.stop(server) }
        let result = try MemstatsBinary.run(["watch", "127.0.0.1:\(server.2)", "--interval", "200ms", "--count", "5",
                                             "--keep-going"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // Poll 1 shows the dump, polls 2 and 3 what changed (the server allocates between answers),
        // polls 4 and 5 find nothing listening; the summary counts both.
        #expect(lines.first?.hasPrefix("[#1 ") == true && lines.first?.contains("32 fields; HeapAlloc") == true, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("[#2 ") && $0.contains("changed") })
        #expect(lines.contains { $0.contains("rates: allocating") })
        for poll in 4...5 {
            #expect(lines.contains { $0.hasPrefix("[#\(poll) ") && $0.contains("connection refused") }, "\(result.stdout)")
        }
        #expect(result.stdout.contains(": 3 readings, 2 failed polls"))
        #expect(lines.contains { $0.hasPrefix("  HeapAlloc ") && $0.contains("(min ") })
        #expect(lines.contains { $0.hasPrefix("  allocated ") && $0.contains("GC cycles") })
    }

    @Test func theServerGoingAwayStopsWatchingWithoutKeepGoing() throws {
        guard GoDumpsServer.shouldRun() else { return }
        let server = try #require(try GoDumpsServer.start(requests: 2))
        defer { GoDumpsServer.stop(server) }
        let result = try MemstatsBinary.run(["watch", "127.0.0.1:\(server.2)", "--interval", "200ms", "--count", "5"])
        #expect(result.status == 4)
        #expect(result.stdout.contains("[#3 ") && result.stdout.contains("connection refused"), "\(result.stdout)")
        #expect(!result.stdout.contains("[#4 "))
        #expect(result.stdout.contains(": 2 readings, 1 failed poll"))
        #expect(result.stderr.contains("watching stopped after poll 3 failed"))
    }

    @Test func ctrlCWhileReadingsComeInEndsWithTheirSummary() throws {
        guard GoDumpsServer.shouldRun() else { return }
        let server = try #require(try GoDumpsServer.start(requests: 1000))
        defer { GoDumpsServer.stop(server) }
        let process = Process()
        process.executableURL = MemstatsBinary.url
        process.arguments = ["watch", "127.0.0.1:\(server.2)", "--interval", "100ms"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        process.interrupt()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { if process.isRunning { kill(pid, SIGKILL) } }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("(stopped by Ctrl-C)"), "\(text)")
        #expect(text.contains(" 0 failed polls"))
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("  HeapAlloc ") && $0.contains("(min ") })
    }

    @Test func watchSpeaksChinese() throws {
        let result = try MemstatsBinary.run(["watch", "127.0.0.1:1", "--count", "1", "--lang", "zh"])
        #expect(result.status == 4)
        #expect(result.stdout.contains("连接被拒绝：127.0.0.1:1 上没有程序在监听"), "\(result.stdout)")
        #expect(result.stdout.contains("0 次读数，1 次轮询失败"))
        #expect(result.stderr.contains("--keep-going"))
    }
}
