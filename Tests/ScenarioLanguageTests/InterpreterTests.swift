import FieldCatalogue
import Testing
@testable import ScenarioLanguage

/// Every call the backends receive, in order, across backends.
final class CallLog {
    var calls: [String] = []
}

struct FakeError: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

/// A backend that records its calls and answers from a script.
final class FakeBackend: ScenarioBackend {
    let kind: BackendKind
    let log: CallLog
    var availability: BackendAvailability = .available
    /// MemStats for each snapshot, in order (the last one repeats); nil: no MemStats (native).
    var readings: [MemStats]?
    /// Throw on the n-th call to perform or snapshot (counting from 1 over both).
    var failOnCall: Int?
    var notices: [String] = []
    var finishNotices: [String] = []
    private var calls = 0
    private var snapshots = 0

    init(_ kind: BackendKind, log: CallLog, readings: [MemStats]? = [MemStats()]) {
        self.kind = kind
        self.log = log
        self.readings = readings
    }

    func prepare(_ scenario: Scenario) -> BackendAvailability {
        log.calls.append("\(kind.rawValue).prepare")
        return availability
    }

    func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String] {
        log.calls.append("\(kind.rawValue).\(Self.name(operation))@\(span.start.line)")
        calls += 1
        if calls == failOnCall { throw FakeError() }
        return notices
    }

    func snapshot(label: String, at span: SourceSpan) throws -> BackendReading {
        log.calls.append("\(kind.rawValue).snapshot(\(label))")
        calls += 1
        if calls == failOnCall { throw BackendFailure(backend: kind, span: nil, message: "reading failed") }
        defer { snapshots += 1 }
        guard let readings else { return BackendReading(memStats: nil) }
        return BackendReading(memStats: readings[min(snapshots, readings.count - 1)])
    }

    func finish() -> [String] {
        log.calls.append("\(kind.rawValue).finish")
        return finishNotices
    }

    static func name(_ op: ScenarioOperation) -> String {
        switch op {
        case .alloc(let a): "alloc(\(a.count)x\(a.sizeBytes)\(a.group.map { " as " + $0 } ?? ""))"
        case .free(let g): "free(\(g))"
        case .freeKeeping(let g, let k): "free(\(g) 1/\(k))"
        case .gc: "gc"
        case .release: "release"
        case .sleep(let ns): "sleep(\(ns))"
        case .goroutines(let c, let s, let g): "goroutines(\(c)x\(s) as \(g))"
        case .exit(let g): "exit(\(g))"
        case .setGCPercent(let p): "gogc(\(p.map(String.init) ?? "off"))"
        case .setMemoryLimit(let b): "memlimit(\(b.map(String.init) ?? "off"))"
        }
    }
}

/// Counts operations without recording them (for runs of many statements).
final class CountingBackend: ScenarioBackend {
    let kind = BackendKind.simulator
    var operations = 0

    func prepare(_ scenario: Scenario) -> BackendAvailability { .available }
    func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String] {
        operations += 1
        return []
    }
    func snapshot(label: String, at span: SourceSpan) throws -> BackendReading { BackendReading(memStats: MemStats()) }
    func finish() -> [String] { [] }
}

@Suite struct InterpreterTests {
    private func scenario(_ source: String) throws -> Scenario {
        let c = compile(source)
        return try #require(c.scenario, "\(c.rendered())")
    }

    @Test func callsBackendsInStatementOrderAndUnrollsRepeats() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log)
        let go = FakeBackend(.go, log: log)
        let record = ScenarioInterpreter(backends: [sim, go]).run(try scenario("""
        step "one"
        alloc 2 x 1KiB as g
        repeat 2
          gc
          repeat 2
            sleep 1ms
          end
        end
        snapshot "after"
        free g
        """))
        #expect(log.calls == [
            "simulator.prepare", "go.prepare",
            "simulator.alloc(2x1024 as g)@2", "go.alloc(2x1024 as g)@2",
            "simulator.gc@4", "go.gc@4",
            "simulator.sleep(1000000)@6", "go.sleep(1000000)@6",
            "simulator.sleep(1000000)@6", "go.sleep(1000000)@6",
            "simulator.gc@4", "go.gc@4",
            "simulator.sleep(1000000)@6", "go.sleep(1000000)@6",
            "simulator.sleep(1000000)@6", "go.sleep(1000000)@6",
            "simulator.snapshot(after)", "go.snapshot(after)",
            "simulator.free(g)@10", "go.free(g)@10",
            "simulator.finish", "go.finish",
        ])
        #expect(record.requestedBackends == [.simulator, .go])
        #expect(record.activeBackends == [.simulator, .go])
        let snapshot = try #require(record.snapshots.first)
        #expect(snapshot.label == "after")
        #expect(snapshot.step == "one")
        #expect(snapshot.span.start.line == 9)
        #expect(Set(snapshot.readings.keys) == [.simulator, .go])
    }

    @Test func eventsComeInOrderAndTheObserverSeesEachAsItHappens() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log)
        sim.notices = ["did it"]
        sim.finishNotices = ["bye"]
        var seen: [String] = []
        let interpreter = ScenarioInterpreter(backends: [sim]) { event in
            // The observer runs before the next statement: the log shows how far the run got.
            seen.append("\(Self.describe(event)) after \(log.calls.count) calls")
        }
        let record = interpreter.run(try scenario("""
        step "s1"
        note "hello"
        gc
        snapshot "a"
        """))
        #expect(record.events.map(Self.describe) == ["step s1", "note hello", "notice simulator: did it", "snapshot a", "notice simulator: bye"])
        #expect(seen == [
            "step s1 after 1 calls", "note hello after 1 calls", "notice simulator: did it after 2 calls",
            "snapshot a after 3 calls", "notice simulator: bye after 4 calls",
        ])
    }

    @Test func expectationsPassFailOrAreNotChecked() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log, readings: [
            memStats([.heapAlloc: 100 << 20, .heapSys: 300 << 20, .heapInuse: 120 << 20, .heapIdle: 180 << 20, .heapReleased: 50 << 20]),
        ])
        let native = FakeBackend(.native, log: log, readings: nil)
        let record = ScenarioInterpreter(backends: [sim, native]).run(try scenario("""
        expect HeapAlloc > 0
        snapshot "s"
        expect HeapSys == HeapInuse + HeapIdle
        expect HeapIdle - HeapReleased > 100MiB
        expect HeapAlloc ~ 105MiB within 5%
        expect HeapAlloc ~ 110MiB within 5%
        expect HeapAlloc < 1000
        """))
        let results = record.expectations.map { "\($0.span.start.line) \($0.backend.rawValue) \(Self.describe($0.outcome))" }
        #expect(results == [
            "1 simulator not checked: no snapshot has been taken yet",
            "1 native not checked: no snapshot has been taken yet",
            "3 simulator passed 314572800 vs 314572800",
            "3 native not checked: the native backend has no MemStats",
            "4 simulator passed 136314880 vs 104857600",
            "4 native not checked: the native backend has no MemStats",
            "5 simulator passed 104857600 vs 110100480",
            "5 native not checked: the native backend has no MemStats",
            "6 simulator failed 104857600 vs 115343360",
            "6 native not checked: the native backend has no MemStats",
            "7 simulator failed 104857600 vs 1000",
            "7 native not checked: the native backend has no MemStats",
        ])
        #expect(record.hasFailedExpectation)
        #expect(record.expectations[2].snapshotLabel == "s")
        #expect(record.expectations[2].text == "HeapSys == HeapInuse + HeapIdle")
    }

    @Test func expectationsUseTheLatestSnapshotOfEachBackend() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log, readings: [memStats([.numGC: 0]), memStats([.numGC: 3])])
        let record = ScenarioInterpreter(backends: [sim]).run(try scenario("""
        snapshot "before"
        expect NumGC == 0
        snapshot "after"
        expect NumGC == 3
        """))
        #expect(record.expectations.map(\.snapshotLabel) == ["before", "after"])
        #expect(!record.hasFailedExpectation)
    }

    @Test func anUnavailableBackendSitsOut() throws {
        let log = CallLog()
        let go = FakeBackend(.go, log: log)
        go.availability = .unavailable(reason: "no Go toolchain; install Go or use --backend simulator")
        let sim = FakeBackend(.simulator, log: log)
        let record = ScenarioInterpreter(backends: [go, sim]).run(try scenario("gc\nsnapshot \"s\"\nexpect NumGC >= 0"))
        #expect(log.calls == ["go.prepare", "simulator.prepare", "simulator.gc@1", "simulator.snapshot(s)", "simulator.finish"])
        #expect(record.activeBackends == [.simulator])
        #expect(record.requestedBackends == [.go, .simulator])
        guard case .unavailable(.go, let reason) = record.events.first else { Issue.record("no unavailable event"); return }
        #expect(reason.contains("install Go"))
        // The claim is listed for go too, as not checked, with the reason.
        #expect(record.expectations.map(\.backend) == [.go, .simulator])
        #expect(record.expectations.first?.outcome == .notChecked(reason: "go did not run"))
    }

    @Test func aRequiredBackendThatCannotRunHaltsTheRunBeforeAnyStatement() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log)
        let native = FakeBackend(.native, log: log)
        native.availability = .unavailable(reason: "above the cap")
        let go = FakeBackend(.go, log: log)
        let record = ScenarioInterpreter(backends: [sim, native, go], required: [.simulator, .native, .go])
            .run(try scenario("gc\nsnapshot \"s\"\nexpect NumGC >= 0"))
        #expect(log.calls == ["simulator.prepare", "native.prepare", "simulator.finish"], "go is never prepared")
        #expect(record.haltedBy == .native)
        #expect(record.snapshots.isEmpty && record.expectations.isEmpty)
    }

    @Test func snapshotsAndExpectationsInsideRepeatKnowTheirPass() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log, readings: Array(repeating: MemStats(), count: 6))
        let record = ScenarioInterpreter(backends: [sim]).run(try scenario("""
            repeat 2
              repeat 3
                snapshot "tick"
              end
              expect NumGC >= 0
            end
            """))
        #expect(record.snapshots.map { $0.passes.map { "\($0.number)/\($0.count)@\($0.line)" } } == [
            ["1/2@1", "1/3@2"], ["1/2@1", "2/3@2"], ["1/2@1", "3/3@2"],
            ["2/2@1", "1/3@2"], ["2/2@1", "2/3@2"], ["2/2@1", "3/3@2"],
        ])
        #expect(record.expectations.map { RepeatPass.describe($0.passes) } == ["pass 1 of 2", "pass 2 of 2"])
        #expect(RepeatPass.describe(record.snapshots[4].passes) == "pass 2 of 2, 2 of 3")
    }

    @Test func aFailingBackendIsDroppedAndTheOthersGoOn() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log)
        let native = FakeBackend(.native, log: log)
        native.failOnCall = 2 // the second gc
        let record = ScenarioInterpreter(backends: [sim, native]).run(try scenario("gc\ngc\nsnapshot \"s\"\ngc\nexpect NumGC >= 0"))
        #expect(log.calls == [
            "simulator.prepare", "native.prepare",
            "simulator.gc@1", "native.gc@1",
            "simulator.gc@2", "native.gc@2",
            "simulator.snapshot(s)",
            "simulator.gc@4",
            "simulator.finish", "native.finish",
        ])
        let failures = record.events.compactMap { if case .failure(let f) = $0 { f } else { nil } }
        #expect(failures == [BackendFailure(backend: .native, span: SourceSpan(start: SourceLocation(file: testFile, line: 2, column: 1), length: 2),
                                            message: "disk on fire")])
        #expect(record.activeBackends == [.simulator])
        #expect(record.snapshots.first.map { Array($0.readings.keys) } == [.simulator])
        #expect(record.expectations.map(\.backend) == [.simulator, .native])
        #expect(record.expectations.last?.outcome == .notChecked(reason: "native failed at line 2"))
    }

    @Test func aBackendFailingAfterTheFirstSnapshotStillCountsAsActive() throws {
        let log = CallLog()
        let sim = FakeBackend(.simulator, log: log)
        sim.failOnCall = 2
        let record = ScenarioInterpreter(backends: [sim]).run(try scenario("snapshot \"a\"\nsnapshot \"b\""))
        #expect(record.activeBackends == [.simulator])
        let failures = record.events.compactMap { if case .failure(let f) = $0 { f } else { nil } }
        #expect(failures.map(\.message) == ["reading failed"])
        #expect(failures.first?.span?.start.line == 2)
        #expect(record.snapshots.count == 2)
        #expect(record.snapshots[1].readings.isEmpty)
    }

    @Test func aRunWithNoBackendStillNarrates() throws {
        let record = ScenarioInterpreter(backends: []).run(try scenario("step \"x\"\ngc\nsnapshot \"s\"\nexpect NumGC > 0"))
        #expect(record.events.map(Self.describe) == ["step x", "snapshot s"])
        #expect(record.expectations.isEmpty)
    }

    @Test func deepNestingRunsEveryPassWithoutRecursion() throws {
        let depth = ScenarioLimits.default.maximumNesting
        let source = String(repeating: "repeat 2\n", count: depth) + "gc\n" + String(repeating: "end\n", count: depth)
            + "snapshot \"done\""
        let counter = CountingBackend()
        let record = ScenarioInterpreter(backends: [counter]).run(try scenario(source))
        #expect(counter.operations == 1 << depth)
        #expect(record.snapshots.count == 1)
    }

    @Test func theResultFormOfTheParser() throws {
        let ok = try ScenarioParser.parse(source: "gc\nsnapshot \"s\"", file: "f.scenario").get()
        #expect(ok.statements.count == 2)
        guard case .failure(let list) = ScenarioParser.parse(source: "gc x", file: "f.scenario") else {
            Issue.record("expected a failure")
            return
        }
        #expect(list.diagnostics.map(\.message) == ["unexpected 'x' after the end of the 'gc' statement"])
        #expect(list.description.hasPrefix("f.scenario:1:4: error: unexpected 'x'"))
    }

    static func describe(_ event: RunEvent) -> String {
        switch event {
        case .step(let name, _): "step \(name)"
        case .note(let text, _): "note \(text)"
        case .notice(let backend, let text, _): "notice \(backend.rawValue): \(text)"
        case .unavailable(let backend, _): "unavailable \(backend.rawValue)"
        case .snapshot(let s): "snapshot \(s.label)"
        case .expectation(let e): "expect \(e.text)"
        case .failure(let f): "failure \(f.backend.rawValue)"
        }
    }

    static func describe(_ outcome: ExpectationResult.Outcome) -> String {
        switch outcome {
        case .passed(let l, let r): "passed \(UInt64(l)) vs \(UInt64(r))"
        case .failed(let l, let r): "failed \(UInt64(l)) vs \(UInt64(r))"
        case .notChecked(let reason): "not checked: \(reason)"
        }
    }
}
