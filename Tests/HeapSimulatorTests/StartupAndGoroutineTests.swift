// The measured start-up baseline, the first cycle's runtime work, and what goroutines cost,
// against go1.27.3 readings of the generated scenario program (GOMAXPROCS=1, heap base fixed).
// Each expected number is a real reading quoted in the test's comment; the model gets there by
// mechanism (start-up inventory, mark workers, newproc order, sudog caches), not by fitting.

import Testing
import FieldCatalogue
@testable import HeapSimulator

@Suite("start-up and goroutines")
struct StartupAndGoroutineTests {
    /// Real: `snapshot; gc; snapshot` — the first cycle frees 13 objects (11 package-init
    /// temporaries, the mark worker's `go` closure and its `ready` channel) and allocates 4 (the
    /// channel, the closure, the worker's g and its 512 B node); four start-up spans empty out
    /// and the node needs a fresh noscan span: HeapInuse 229 376 → 204 800.
    @Test func firstCycleFreesStartupGarbageAndStartsAMarkWorker() {
        let heap = SimulatedHeap()
        let start = heap.readMemStats()
        heap.collectGarbage()
        let m = heap.readMemStats()
        #expect(m.mallocs - start.mallocs == 4)
        #expect(m.frees - start.frees == 13)
        #expect(m.heapInuse == 204_800)
        #expect(m.bySize[25].mallocs - start.bySize[25].mallocs == 1) // the worker's g
        #expect(m.bySize[26].mallocs - start.bySize[26].mallocs == 1) // its node
        // Later cycles start no more workers (one per P).
        heap.collectGarbage()
        #expect(heap.readMemStats().mallocs == m.mallocs)
    }

    /// SimulatorConfiguration.extraMs moves the rule's count of Ms (Scheduler.startExtraMs).
    /// At P=2 the rule starts one M at start-up and none at a GC; one fewer leaves P=1's start-up
    /// stacks; one more at P=1 starts at start-up with a gsignal span and a g0 that needs a
    /// fresh 32 KiB pool span, and its g0 and gsignal g structs in the 480 B class. Never fewer
    /// than none.
    @Test func extraMsMoveTheRulesCountOfMs() {
        func readings(_ gomaxprocs: Int, _ extraMs: ExtraMs) -> (start: MemStats, afterGC: MemStats) {
            var configuration = SimulatorConfiguration(gomaxprocs: gomaxprocs)
            configuration.extraMs = extraMs
            let heap = SimulatedHeap(configuration: configuration)
            let start = heap.readMemStats()
            heap.collectGarbage()
            return (start, heap.readMemStats())
        }
        let gStructs = 25 // BySize index of the 480 B class
        let rule = readings(2, .rule), fewer = readings(2, .moved(by: -1)), one = readings(1, .rule)
        #expect(rule.start.stackInuse == one.start.stackInuse + 65536)
        #expect(fewer.start.stackInuse == one.start.stackInuse)
        #expect(rule.start.bySize[gStructs].mallocs - fewer.start.bySize[gStructs].mallocs == 2)
        #expect(rule.afterGC.stackInuse - rule.start.stackInuse == fewer.afterGC.stackInuse - fewer.start.stackInuse,
                "a GC starts no M")
        let more = readings(1, .moved(by: 1))
        #expect(more.start.stackInuse == one.start.stackInuse + 65536)
        #expect(more.start.bySize[gStructs].mallocs - one.start.bySize[gStructs].mallocs == 2)
        #expect(readings(1, .moved(by: -1)).afterGC == one.afterGC)
        #expect(readings(2, .moved(by: -5)).afterGC.stackInuse == fewer.afterGC.stackInuse)
        #expect(ExtraMs.ruleCount(gomaxprocs: 1) == 0 && ExtraMs.ruleCount(gomaxprocs: 4) == 3)
    }

    /// At main's first statement nothing has flushed P0's mcache: heapLive counts the cached
    /// spans whole (their free slots too), as after any refill; ReadMemStats flushes, and only
    /// then does heapLive fall back to HeapAlloc.
    @Test func startupHeapLiveCountsTheCachedSpansFreeSlots() {
        let heap = SimulatedHeap()
        let cachedFree = heap.mcache.freeBytes
        #expect(!heap.mcache.isEmpty && cachedFree > 0)
        #expect(heap.gc.pacer.heapLive == heap.acct.heapAlloc + cachedFree)
        let m = heap.readMemStats()
        #expect(heap.mcache.isEmpty)
        #expect(heap.gc.pacer.heapLive == m.heapAlloc)
    }

    /// Real (large-objects, gcpacertrace): `alloc 100 x 40000B` triggers at 4 014 080 B and the
    /// first cycle's mark ends at 4 177 920 B, before the 100th object: NumGC 1 and NextGC
    /// 7.7 MiB at the snapshot. With the start-up mcache flushed the model's mark ended only at
    /// the 100th object and the snapshot still saw NumGC 0, NextGC 4 MiB.
    @Test func firstAutomaticCycleOfLargeObjectsCompletesBeforeTheSnapshot() throws {
        let heap = SimulatedHeap()
        try heap.allocate(count: 100, size: 40_000, hasPointers: false, isTouched: true, group: "big")
        let m = heap.readMemStats()
        #expect(m.numGC == 1, "NumGC \(m.numGC) (real 1)")
        #expect(m.nextGC > 7 << 20, "NextGC \(m.nextGC) (real 7.7 MiB)")
    }

    /// Real (goroutine-leak): 10 000 goroutines at 8 KiB, blocked, then `gc`: HeapObjects
    /// 20 093, Mallocs 30 124, Frees 10 031 (the 16 B closures die once their goroutine runs;
    /// g structs and 104 B sudogs stay), StackInuse 82 182 144, NextGC 74.0 MB (the 10 000
    /// stacks' scanned ≈ 6 KiB each count in the goal).
    @Test func blockedGoroutinesHoldGAndSudogButNotTheirClosure() throws {
        let heap = SimulatedHeap()
        try heap.startGoroutines(count: 10_000, stackBytes: 8192, group: "leaked")
        heap.collectGarbage()
        let m = heap.readMemStats()
        #expect(m.heapObjects == 20_093)
        #expect(m.mallocs == 30_124)
        #expect(m.frees == 10_031)
        #expect(m.stackInuse == 82_182_144)
        #expect(near(m.nextGC, 74_012_050, within: 0.02))
        #expect(m.bySize[9].mallocs == 2 + 10_002) // sudogs, the group's and the GC's channels
    }

    /// Real (stack-growth): 1 000 goroutines grown 2 → 64 KiB map a 17th chunk (Sys 75.0 MB,
    /// HeapReleased 2.72–2.79 MB): the 2 KiB pool spans, freed as the stacks grow, are 4-page
    /// holes between g-struct spans that no 8-page stack fits; StackInuse 65 765 376; allgs
    /// grows through arrays of 128, 256, 512, 1152, 2304, 4864 and 8192 B.
    @Test func growingStacksLeaveHolesBetweenGStructSpans() throws {
        let heap = SimulatedHeap()
        let start = heap.readMemStats()
        try heap.startGoroutines(count: 1_000, stackBytes: 64 << 10, group: "workers")
        let m = heap.readMemStats()
        #expect(m.stackInuse == 65_765_376)
        #expect(m.heapSys + m.stackInuse == 17 * (4 << 20))
        #expect(near(m.heapReleased, 2_752_512, within: 0.05))
        for (c, n) in [(2, 1_000), (9, 1_001), (10, 1), (18, 1), (25, 1_000), (26, 1), (33, 1), (39, 1), (45, 1), (51, 1)] {
            #expect(m.bySize[c].mallocs - start.bySize[c].mallocs == UInt64(n), "class \(c)")
        }
        try heap.exitGoroutines(group: "workers")
        let e = heap.readMemStats()
        #expect(e.stackInuse == start.stackInuse)
        #expect(e.heapIdle - e.heapReleased > 64 << 20)
    }

    /// `goroutines 10 stack 8KiB as pool` twice, then `exit pool`: valid in the language and in
    /// the generated program (it reuses the group's channel). Real BySize steps: +10 closures,
    /// +11 class-112 objects (10 sudogs and the channel), +10 g structs; then +10 sudogs only.
    @Test func goroutinesCanBeAddedToAGroup() throws {
        let heap = SimulatedHeap()
        let start = heap.readMemStats()
        try heap.startGoroutines(count: 10, stackBytes: 8192, group: "pool")
        let ten = heap.readMemStats()
        try heap.startGoroutines(count: 10, stackBytes: 8192, group: "pool")
        let twenty = heap.readMemStats()
        #expect(ten.bySize[9].mallocs - start.bySize[9].mallocs == 11)
        #expect(twenty.bySize[9].mallocs - ten.bySize[9].mallocs == 10)
        #expect(twenty.stackInuse == 393_216)
        try heap.exitGoroutines(group: "pool")
        #expect(heap.readMemStats().stackInuse == start.stackInuse)
        #expect(throws: SimulatorError.unknownGroup("pool")) { try heap.exitGoroutines(group: "pool") }
        try heap.allocate(count: 1, size: 8, hasPointers: false, isTouched: true, group: "objs")
        #expect(throws: SimulatorError.groupIsNotGoroutines("objs")) {
            try heap.startGoroutines(count: 1, stackBytes: 2048, group: "objs")
        }
    }

    /// growslice with size classes and the malloc header (go1.27 allgs growth, measured).
    @Test func appendGrowthRoundsToSizeClasses() {
        var capacity: UInt64 = 8
        var sizes: [UInt64] = []
        while capacity < 1_000 {
            let grown = Slices.grow(oldCapacity: capacity, newLength: capacity + 1, elementBytes: 8,
                                    hasPointers: true, profile: .go1_27)
            sizes.append(grown.bytes + (grown.bytes > 512 ? 8 : 0))
            capacity = grown.capacity
        }
        #expect(sizes == [128, 256, 512, 1152, 2304, 4864, 8192])
        #expect(capacity == 1_023)
    }

    /// With one P, bgsweep runs only while the program waits for the goroutines it readied: one
    /// batch of 10 spans (sweepBatchSize) after the first goroutine when it sat in runnext since
    /// the last mark termination, one more per 61 schedules (the global run queue's turn), none
    /// with a single goroutine (the program is readied into runnext). Real go1.27.3 (GOMAXPROCS=1,
    /// 15 872 x 4 KiB garbage then `goroutines N stack 2KiB`, 3 runs each): Frees grew by 16–18
    /// for N=1, 56 for N=10 and 218–220 for N=200 (2 of 3 runs; the third began its wait in another
    /// sweep); the model before bgsweep ran here: 14, 32, 148. With two Ps bgsweep has its own P
    /// and the wait adds nothing.
    @Test func waitingForGoroutinesLetsBgsweepSweepWithOneP() throws {
        func sweepPending(gomaxprocs: Int = 1) throws -> SimulatedHeap {
            let heap = SimulatedHeap(configuration: SimulatorConfiguration(gomaxprocs: gomaxprocs))
            // Churn until a few cycles have run and one's sweep is pending (no mark running).
            try heap.allocate(count: 6_000, size: 4096, hasPointers: false, isTouched: true, group: nil)
            while heap.gc.isMarking || heap.gc.unsweptPages < 200 {
                try heap.allocate(count: 16, size: 4096, hasPointers: false, isTouched: true, group: nil)
            }
            return heap
        }
        func freedWhileWaiting(_ heap: SimulatedHeap, for goroutines: UInt64) -> UInt64 {
            let before = heap.readMemStats().frees
            heap.programWaited(whileRunning: goroutines)
            return heap.readMemStats().frees - before
        }
        // Each 4 KiB span holds two dead objects: a batch of 10 spans frees up to 20 (the start-up's
        // long-lived spans, at the heads of the lower classes' lists, take the first turns).
        #expect(try freedWhileWaiting(sweepPending(), for: 1) == 0)
        let heap = try sweepPending()
        #expect((1...20).contains(freedWhileWaiting(heap, for: 10)))
        #expect(freedWhileWaiting(heap, for: 60) == 0) // now in the global run queue
        // Three and four batches: clean spans among the queued ones take sweepone turns too.
        #expect((2 * 20 + 1...3 * 20).contains(freedWhileWaiting(heap, for: 200)))
        #expect(try (3 * 20 + 1...4 * 20).contains(freedWhileWaiting(sweepPending(), for: 200)))
        #expect(try freedWhileWaiting(sweepPending(gomaxprocs: 2), for: 200) == 0)
    }
}
