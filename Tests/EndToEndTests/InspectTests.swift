// `memstats inspect` as a user runs it: files and stdin, one dump or two, bad input.

import Foundation
import Testing

private let fixtures = MemstatsBinary.packageRoot.appendingPathComponent("Tests/InspectionTests/Fixtures")

/// Runs memstats with `input` on stdin.
private func run(_ arguments: [String], stdin input: [UInt8]) throws -> ProcessResult {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-inspect-e2e-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("stdin-\(UUID().uuidString)")
    try Data(input).write(to: file)
    let process = Process()
    process.executableURL = MemstatsBinary.url
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: file)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

struct InspectTests {
    @Test func aDumpIsExplainedDerivedAndDiagnosed() throws {
        let result = try MemstatsBinary.run(["inspect", fixtures.appendingPathComponent("spike.memstats.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        for heading in ["== Fields ==", "== Derived ==", "== Diagnosis =="] { #expect(result.stdout.contains(heading)) }
        #expect(result.stdout.contains("Memory retained after a spike"))
        #expect(result.stdout.contains("lesson: memstats run spike"))
        #expect(result.stdout.contains("retained"))
    }

    /// The command `inspect --reproduce` tells the user to run gives the numbers its table shows
    /// (the dump is from GOMAXPROCS 2, so the command must say so).
    @Test(arguments: [("spike.memstats.json", "--backend simulator --heap-base random --heap-padding 511 --go-environment reference --gomaxprocs 2"),
                      ("draws/sessions-r3.memstats.json",
                       "--backend simulator --heap-base random --heap-padding 511 --go-environment reference --gomaxprocs 2"),
                      ("draws/lesson-spike-r5.memstats.json", "--backend simulator --heap-base fixed --go-environment reference:")])
    func theReproductionRunsAsItsTableSays(_ name: String, options: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-reproduce-e2e-\(getpid())-\(abs(name.hashValue))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("reproduction.scenario").path
        let dump = fixtures.appendingPathComponent(name).path
        let text = try MemstatsBinary.run(["inspect", dump, "--reproduce", scenario])
        #expect(text.status == 0, "\(text.stderr)")
        let runIt = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("Run it: ") })
        #expect(runIt.contains(options), "\(runIt)")
        let json = try MemstatsBinary.run(["inspect", dump, "--reproduce", scenario, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(document["rows"] as? [[String: Any]])
        var arguments = runIt.dropFirst("Run it: memstats ".count).split(separator: " ").map(String.init)
        arguments += ["--format", "json"]
        // The line alone gives the table's numbers, whatever the caller's environment says.
        var caller = ProcessInfo.processInfo.environment
        caller["MEMSTATS_GO_ENVIRONMENT"] = "current"
        let run = try MemstatsBinary.run(arguments, environment: caller)
        #expect(run.status == 0, "\(run.stderr)")
        let ran = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let snapshot = try #require((ran["snapshots"] as? [[String: Any]])?.last)
        let stats = try #require(((snapshot["readings"] as? [String: Any])?["simulator"] as? [String: Any])?["memstats"] as? [String: Any])
        #expect(rows.count >= 6)
        for row in rows {
            let field = try #require(row["field"] as? String)
            #expect(stats[field] as? Int == row["simulated"] as? Int, "\(field)")
        }
    }

    @Test func chineseExplanations() throws {
        let result = try MemstatsBinary.run(["inspect", fixtures.appendingPathComponent("cache.heap.txt").path, "--lang", "zh"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("已分配堆对象"))
    }

    @Test func stdinIsRead() throws {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("workers.expvar.json")))
        let result = try run(["inspect", "-"], stdin: bytes)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("stdin: expvar"))
    }

    @Test func emptyStdinAndTruncatedJSONAreInputErrors() throws {
        let empty = try run(["inspect", "-"], stdin: [])
        #expect(empty.status == 4)
        #expect(empty.stderr.hasPrefix("error: stdin is empty"))
        let truncated = try run(["inspect", "-"], stdin: Array(#"{"HeapAlloc": 12, "HeapSys"#.utf8))
        #expect(truncated.status == 4)
        #expect(truncated.stderr.hasPrefix("error: stdin:1:27: not valid JSON: the text ends where"))
        #expect(truncated.stdout.isEmpty)
    }

    @Test func twoDumpsShowTheChange() throws {
        let result = try MemstatsBinary.run(["inspect", fixtures.appendingPathComponent("spike.memstats.json").path,
                                             fixtures.appendingPathComponent("tree.memstats.json").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("HeapAlloc"))
        #expect(result.stdout.contains("field  "))
    }

    @Test func pastedProcStatusGivesTheLedger() throws {
        let status = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-inspect-status-\(getpid())")
        try "Name:\tservice\nVmSize:\t 1300000 kB\nVmHWM:\t  190000 kB\nVmRSS:\t  180000 kB\nRssAnon:\t  170000 kB\nRssFile:\t   10000 kB\nRssShmem:\t       0 kB\nVmData:\t  200000 kB\nVmStk:\t     132 kB\n"
            .write(to: status, atomically: true, encoding: .utf8)
        let result = try MemstatsBinary.run(["inspect", fixtures.appendingPathComponent("service.memstats.json").path,
                                             "--status", status.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("== RSS ledger =="))
        #expect(result.stdout.contains("anonymous RSS beyond it"))
    }

    @Test func ownProcessLedgerByPid() throws {
        let result = try MemstatsBinary.run(["inspect", fixtures.appendingPathComponent("service.memstats.json").path,
                                             "--pid", "\(getpid())"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("VmRSS"))
    }
}

struct WatchCommandTests {
    @Test func refusedConnectionStopsWithStatus4UnlessKeepGoing() throws {
        let stopped = try MemstatsBinary.run(["watch", "127.0.0.1:1", "--count", "3", "--interval", "50ms"])
        #expect(stopped.status == 4)
        #expect(stopped.stdout.contains("connection refused: nothing listens on 127.0.0.1:1"))
        #expect(stopped.stdout.contains("0 readings, 1 failed poll"))
        #expect(stopped.stderr.contains("--keep-going"))
        let going = try MemstatsBinary.run(["watch", "127.0.0.1:1", "--count", "3", "--interval", "50ms", "--keep-going"])
        #expect(going.status == 0)
        #expect(going.stdout.contains("0 readings, 3 failed polls"))
    }

    @Test func ctrlCEndsWithASummary() throws {
        let process = Process()
        process.executableURL = MemstatsBinary.url
        process.arguments = ["watch", "127.0.0.1:1", "--interval", "100ms", "--keep-going"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        Thread.sleep(forTimeInterval: 0.6)
        process.interrupt()
        // Never hang the suite: a watcher that ignores Ctrl-C is killed after 20 s (and the test fails).
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { if process.isRunning { kill(pid, SIGKILL) } }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("(stopped by Ctrl-C)"))
    }

    @Test func aBadURLIsAUsageError() throws {
        let result = try MemstatsBinary.run(["watch", "https://example.com"])
        #expect(result.status == 2)
    }
}
