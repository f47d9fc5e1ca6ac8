// The simulator adapter. The mapping (one operation → one heap call; errors → failures at the
// statement; snapshots → MemStats plus predicted rows) is checked against a recording heap.
// The suite at the bottom drives the real SimulatedHeap; it runs once HeapSimulator replaces
// its stub (whose init traps), and is skipped with that reason until then.

import FieldCatalogue
import Foundation
import HeapSimulator
import ScenarioLanguage
import Testing
@testable import Backends

private func span(_ line: Int) -> SourceSpan {
    SourceSpan(start: SourceLocation(file: "sim.scenario", line: line, column: 3), length: 4)
}

private func scenario(_ kinds: [StatementKind]) -> Scenario {
    Scenario(file: "sim.scenario", title: nil, about: [],
             statements: kinds.enumerated().map { Statement($1, span: span($0 + 1)) })
}

private func alloc(_ count: UInt64, _ size: UInt64, as group: String? = nil, pointers: Bool = false,
                   touched: Bool = true) -> ScenarioOperation {
    .alloc(Allocation(count: count, sizeBytes: size, group: group, hasPointers: pointers, isTouched: touched))
}

/// A heap that records every call and can be told to fail.
private final class RecordingHeap: SimulatedHeapDriving {
    var calls: [String] = []
    var failure: SimulatorError?
    var stats = MemStats()
    var view: (residentBytes: UInt64, virtualBytes: UInt64) = (0, 0)

    private func record(_ call: String) throws {
        calls.append(call)
        if let failure { throw failure }
    }

    func allocate(count: UInt64, size: UInt64, hasPointers: Bool, isTouched: Bool, group: String?) throws {
        try record("allocate(\(count), \(size), pointers: \(hasPointers), touched: \(isTouched), group: \(group ?? "nil"))")
    }
    func free(group: String) throws { try record("free(\(group))") }
    func free(group: String, keepingOneIn k: UInt64) throws { try record("free(\(group), keepingOneIn: \(k))") }
    func collectGarbage() { calls.append("collectGarbage()") }
    func freeOSMemory() { calls.append("freeOSMemory()") }
    func sleep(nanoseconds: UInt64) { calls.append("sleep(\(nanoseconds))") }
    func startGoroutines(count: UInt64, stackBytes: UInt64, group: String) throws {
        try record("startGoroutines(\(count), \(stackBytes), \(group))")
    }
    func exitGoroutines(group: String) throws { try record("exitGoroutines(\(group))") }
    func setGCPercent(_ percent: Int?) { calls.append("setGCPercent(\(percent.map(String.init) ?? "off"))") }
    func setMemoryLimit(_ bytes: UInt64?) { calls.append("setMemoryLimit(\(bytes.map(String.init) ?? "off"))") }
    func readMemStats() -> MemStats { calls.append("readMemStats()"); return stats }
    func predictedProcessView() -> (residentBytes: UInt64, virtualBytes: UInt64) { view }
    var unixNanoseconds: UInt64 { 0 }
    func heapMap() -> HeapMap { HeapMap(pageBytes: 8192, chunkPages: 512, runs: []) }
}

@Suite("SimulatorBackend mapping")
struct SimulatorBackendMappingTests {
    /// A backend whose heaps are recording heaps; `heaps` lists every heap it made.
    private final class Harness {
        var heaps: [RecordingHeap] = []
        var configurations: [SimulatorConfiguration] = []
        lazy var backend = SimulatorBackend(configuration: SimulatorConfiguration(gomaxprocs: 4)) { [unowned self] in
            self.configurations.append($0)
            let heap = RecordingHeap()
            self.heaps.append(heap)
            return heap
        }
    }

    @Test func everyOperationIsOneHeapCallAndSaysNothing() throws {
        let harness = Harness()
        let backend = harness.backend
        #expect(backend.kind == .simulator)
        #expect(backend.prepare(scenario([])) == .available)
        let operations: [ScenarioOperation] = [
            alloc(1000, 1024, as: "burst"), alloc(5, 64, pointers: true, touched: false),
            .freeKeeping(group: "burst", oneIn: 8), .free(group: "burst"), .gc, .release,
            .sleep(nanoseconds: 2_000_000_000), .goroutines(count: 10, stackBytes: 8192, group: "w"),
            .exit(group: "w"), .setGCPercent(50), .setGCPercent(nil), .setMemoryLimit(bytes: 64 << 20),
            .setMemoryLimit(bytes: nil),
        ]
        for (line, operation) in operations.enumerated() {
            #expect(try backend.perform(operation, at: span(line + 1)) == [])
        }
        #expect(harness.heaps.count == 1)
        #expect(harness.heaps[0].calls == [
            "allocate(1000, 1024, pointers: false, touched: true, group: burst)",
            "allocate(5, 64, pointers: true, touched: false, group: nil)",
            "free(burst, keepingOneIn: 8)", "free(burst)", "collectGarbage()", "freeOSMemory()",
            "sleep(2000000000)", "startGoroutines(10, 8192, w)", "exitGoroutines(w)", "setGCPercent(50)",
            "setGCPercent(off)", "setMemoryLimit(67108864)", "setMemoryLimit(off)",
        ])
    }

    @Test func aSnapshotIsTheModelsMemStatsAndItsLabelledPredictions() throws {
        let harness = Harness()
        let backend = harness.backend
        _ = backend.prepare(scenario([]))
        let heap = harness.heaps[0]
        heap.stats.heapAlloc = 123_456
        heap.stats.heapSys = 4 << 20
        heap.view = (residentBytes: 9 << 20, virtualBytes: 700 << 20)
        let reading = try backend.snapshot(label: "now", at: span(1))
        #expect(reading.memStats?.heapAlloc == 123_456)
        #expect(reading.memStats?.heapSys == 4 << 20)
        #expect(reading.analogies.isEmpty)
        let process = try #require(reading.process)
        #expect(process.values.map(\.metric.jsonKey) == ["predicted.VmRSS", "predicted.VmSize"])
        #expect(process.values.map(\.bytes) == [9 << 20, 700 << 20])
        #expect(process.values.allSatisfy { $0.metric.source == .prediction })
        #expect(process.unavailable.isEmpty)
    }

    @Test(arguments: [
        (SimulatorError.unknownGroup("ghost"), "no group 'ghost' exists at this point"),
        (.groupIsNotObjects("w"), "'w' is a group of goroutines, not of objects"),
        (.groupIsNotGoroutines("burst"), "'burst' is a group of objects, not of goroutines"),
    ])
    func modelErrorsBecomeFailuresAtTheStatement(_ error: SimulatorError, _ message: String) {
        let harness = Harness()
        let backend = harness.backend
        _ = backend.prepare(scenario([]))
        harness.heaps[0].failure = error
        #expect(throws: BackendFailure(backend: .simulator, span: span(9), message: message)) {
            try backend.perform(.free(group: "x"), at: span(9))
        }
    }

    @Test func eachPrepareStartsAFreshHeapWithTheConfiguration() throws {
        let harness = Harness()
        let backend = harness.backend
        _ = backend.prepare(scenario([]))
        _ = try backend.perform(.gc, at: span(1))
        _ = backend.prepare(scenario([]))
        _ = try backend.perform(.release, at: span(1))
        #expect(harness.heaps.map(\.calls) == [["collectGarbage()"], ["freeOSMemory()"]])
        #expect(harness.configurations.map(\.gomaxprocs) == [4, 4])
        #expect(harness.configurations.map(\.profile) == [.go1_27, .go1_27])
        #expect(backend.configuration.gomaxprocs == 4)
    }

    @Test func beforePrepareAndAfterFinishThereIsNoHeap() {
        let harness = Harness()
        let backend = harness.backend
        let notPrepared = BackendFailure(backend: .simulator, span: span(2),
                                         message: "the simulator was not prepared for this scenario")
        #expect(throws: notPrepared) { try backend.perform(.gc, at: span(2)) }
        _ = backend.prepare(scenario([]))
        #expect(backend.finish() == [])
        #expect(throws: notPrepared) { try backend.snapshot(label: "late", at: span(2)) }
    }

    @Test func theSimulatorRunsWhatTheRealBackendsRefuse() {
        // No cap: a 1 TiB scenario is only a model.
        let harness = Harness()
        let huge = scenario([.operation(alloc(1 << 20, 1 << 20, as: "g"))])
        #expect(harness.backend.prepare(huge) == .available)
    }
}

/// True once HeapSimulator's stub (whose init traps with "not yet implemented") is replaced.
/// Read from the source tree, so the gate lifts itself when the real simulator is merged.
private let realSimulatorIsPresent: Bool = {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/HeapSimulator/SimulatedHeap.swift")
    guard let text = try? String(contentsOf: source, encoding: .utf8) else { return true }
    return !text.contains("fatalError(\"not yet implemented\")")
}()

@Suite("SimulatorBackend on the real SimulatedHeap",
       .enabled(if: realSimulatorIsPresent, "SimulatedHeap is still the stub whose init traps; runs once HeapSimulator lands"))
struct SimulatorBackendRealHeapTests {
    @Test func aHeldBurstShowsInHeapAllocAndGoesAfterFreeAndGC() throws {
        let backend = SimulatorBackend()
        #expect(backend.prepare(scenario([])) == .available)
        let start = try #require(backend.snapshot(label: "start", at: span(1)).memStats)
        _ = try backend.perform(alloc(100_000, 1024, as: "burst"), at: span(2))
        let held = try backend.snapshot(label: "held", at: span(3))
        _ = try backend.perform(.free(group: "burst"), at: span(4))
        _ = try backend.perform(.gc, at: span(5))
        let collected = try #require(backend.snapshot(label: "after gc", at: span(6)).memStats)
        let heldStats = try #require(held.memStats)

        let burst: UInt64 = 100_000 * 1024
        #expect(heldStats.heapAlloc >= start.heapAlloc + burst)
        #expect(heldStats.heapAlloc <= start.heapAlloc + burst + burst / 10)
        #expect(collected.heapAlloc + burst / 2 < heldStats.heapAlloc)
        for stats in [start, heldStats, collected] {
            #expect(stats.heapSys == stats.heapInuse + stats.heapIdle)
            #expect(stats.heapReleased <= stats.heapIdle)
        }
        // The predicted RSS covers at least the touched, live burst.
        let rss = try #require(held.process?[ProcessMetric(.prediction, "VmRSS")])
        let size = try #require(held.process?[ProcessMetric(.prediction, "VmSize")])
        #expect(rss >= burst)
        #expect(size >= rss)
        // The snapshot carries the heap map of the same moment.
        let map = try #require(held.heapMap)
        #expect(map.pages { $0.isInUse && $0 != .stacks } * map.pageBytes == heldStats.heapInuse)
        _ = backend.finish()
    }

    @Test func releaseReturnsIdleMemory() throws {
        let backend = SimulatorBackend()
        _ = backend.prepare(scenario([]))
        _ = try backend.perform(alloc(50_000, 1024, as: "burst"), at: span(1))
        _ = try backend.perform(.free(group: "burst"), at: span(2))
        _ = try backend.perform(.gc, at: span(3))
        let kept = try #require(backend.snapshot(label: "kept", at: span(4)).memStats)
        _ = try backend.perform(.release, at: span(5))
        let released = try #require(backend.snapshot(label: "released", at: span(6)).memStats)
        #expect(released.heapReleased > kept.heapReleased)
        #expect(released.heapIdle - released.heapReleased < kept.heapIdle - kept.heapReleased)
        _ = backend.finish()
    }

    @Test func freeingAnUnknownGroupIsAFailureNotACrash() {
        let backend = SimulatorBackend()
        _ = backend.prepare(scenario([]))
        #expect(throws: BackendFailure.self) { try backend.perform(.free(group: "ghost"), at: span(1)) }
        _ = backend.finish()
    }
}
