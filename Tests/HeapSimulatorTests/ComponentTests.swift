// The simulator's components: the GC's phase moves idle → marking → sweeping → idle as Go's
// gcphase and sweep do, per-P state has one entry per P, and each component's invariants are
// checked (debug builds check them after every operation; these tests call them directly).

import Testing
@testable import HeapSimulator

struct ComponentTests {
    /// A cycle started by garbage marks, then its sweep is pending until the sweep finishes:
    /// idle → marking(MarkState) → sweeping(SweepState) → idle.
    @Test func theGCPhaseFollowsACycle() throws {
        let heap = SimulatedHeap()
        guard case .idle = heap.gc.phase else { Issue.record("a fresh heap is not idle"); return }
        try heap.allocate(count: 2000, size: 1024, hasPointers: false, isTouched: true, group: "live")
        var steps = 0
        while !heap.gc.isMarking && steps < 10_000 {
            try heap.allocate(count: 1, size: 8192, hasPointers: false, isTouched: true, group: nil)
            steps += 1
        }
        let mark = try #require(heap.gc.marking, "garbage reaches the trigger and a cycle marks")
        #expect(mark.triggered <= heap.gc.pacer.heapLive && mark.remainingAssistCredit > 0)
        while heap.gc.isMarking && steps < 20_000 {
            try heap.allocate(count: 1, size: 8192, hasPointers: false, isTouched: true, group: nil)
            steps += 1
        }
        let sweep = try #require(heap.gc.sweeping, "mark termination leaves the cycle's sweep pending")
        #expect(sweep.triggered == mark.triggered)
        heap.finishSweep()
        guard case .idle = heap.gc.phase else { Issue.record("a finished sweep leaves the GC idle"); return }
        #expect(heap.gc.unsweptPages == 0)
        try heap.checkInvariants()
    }

    /// runtime.GC marks, terminates and sweeps to completion before it returns.
    @Test func aForcedGCEndsIdle() throws {
        let heap = SimulatedHeap()
        try heap.allocate(count: 1000, size: 512, hasPointers: true, isTouched: true, group: nil)
        heap.collectGarbage()
        guard case .idle = heap.gc.phase else { Issue.record("runtime.GC returned with the GC not idle"); return }
        #expect(heap.gc.stats.numGC == 1 && heap.gc.stats.numForcedGC == 1)
    }

    /// Per-P state has one entry per P (the model allocates on P 0).
    @Test func perPStateHasOneEntryPerP() throws {
        var configuration = SimulatorConfiguration()
        configuration.gomaxprocs = 4
        let heap = SimulatedHeap(configuration: configuration)
        #expect(heap.mcaches.count == 4)
        try heap.startGoroutines(count: 100, stackBytes: 8 << 10, group: "g")
        heap.collectGarbage()
        try heap.checkInvariants()
        #expect(heap.scheduler.checkInvariants() == nil && heap.mheap.checkInvariants() == nil)
    }

    /// With a memory limit the mark workers' allocations start no cycle (m.locks is held in
    /// gcBgMarkStartWorkers): one worker per P, one cycle where there was one trigger.
    @Test func markWorkersStartNoCycleUnderAMemoryLimit() throws {
        let heap = SimulatedHeap()
        heap.setMemoryLimit(16 << 20)
        while heap.gc.stats.numGC == 0 {
            try heap.allocate(count: 100, size: 4096, hasPointers: false, isTouched: true, group: nil)
        }
        #expect(heap.scheduler.checkInvariants() == nil, "more mark workers than Ps")
        #expect(heap.gc.stats.numGC == 1)
    }
}
