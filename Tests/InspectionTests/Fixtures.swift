// The committed dumps from real Go runs (Tests/InspectionTests/Fixtures, written by GoDumps/main.go)
// and the Go toolchain gate shared by the Go-backed tests.

import Backends
import Foundation
import Testing
@testable import Inspection

enum InspectionFixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let directory = testsDirectory.appendingPathComponent("Fixtures")
    static let goProgram = testsDirectory.appendingPathComponent("GoDumps")
    /// The Go workloads. sessions and chunks were added after the reproduction's first inference
    /// was built, as programs it had not seen; their results were watched while the later
    /// mechanisms were added (no constant is fitted to them), so they are held out only loosely.
    /// queue and logs were added after the memory-limit inference and are reported, not tuned on.
    static let workloads = ["service", "cache", "workers", "spike", "tree", "sessions", "chunks", "queue", "logs"]
    static let forms: [(suffix: String, form: DumpForm)] = [
        (".memstats.json", .memStatsJSON), (".expvar.json", .expvar), (".heap.txt", .heapProfile),
        (".metrics.txt", .metricsText), (".metrics.json", .metricsJSON), (".gctrace.log", .gctrace),
    ]

    static func bytes(_ name: String, in folder: URL = directory) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func dump(_ name: String) throws -> Dump {
        try DumpReader.read(bytes(name), source: name)
    }
}

/// Whether Go-backed tests run: they skip without a toolchain, unless MEMSTATS_REQUIRE_GO=1
/// (CI), where a missing toolchain fails them.
enum GoGate {
    static let location = GoToolchain.locate(explicitPath: nil, environment: ProcessInfo.processInfo.environment)
    static var required: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REQUIRE_GO"] == "1" }

    static var goPath: String? {
        if case .found(let toolchain) = location { return toolchain.executable }
        return nil
    }

    /// True when the test should run; records a failure when Go is required and missing.
    static func shouldRun() -> Bool {
        if goPath != nil { return true }
        if required {
            Issue.record("MEMSTATS_REQUIRE_GO=1 but no Go toolchain was found")
        } else {
            print("Go-backed inspection test skipped: no Go toolchain")
        }
        return false
    }

    /// The environment for running `go` offline with a private cache.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GOTOOLCHAIN"] = "local"
        env["GOFLAGS"] = "-mod=mod"
        if env["GOCACHE"] == nil {
            env["GOCACHE"] = FileManager.default.temporaryDirectory.path + "/memstats-inspect-gocache"
        }
        return env
    }

    /// Builds GoDumps/main.go once per test process; returns the binary's path.
    static let dumpsBinary: String? = {
        guard let go = goPath else { return nil }
        let output = FileManager.default.temporaryDirectory.path + "/memstats-inspect-dumps-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: go)
        process.arguments = ["build", "-trimpath", "-o", output, "."]
        process.currentDirectoryURL = InspectionFixtures.goProgram
        process.environment = environment
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return nil
        }
        return process.terminationStatus == 0 ? output : nil
    }()
}
