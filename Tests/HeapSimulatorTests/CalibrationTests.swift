// Fidelity: the model against real Go 1.27.3 measurements.
//
// Sources: go-runtime-measurements.txt and go-runtime-facts.md (shared reference; rows named
// below), plus, where marked "measured here", runs of small Go 1.27.3 programs on this
// machine (GOMAXPROCS=1, 2026-11-26). Tolerances follow the project's fidelity bars: byte
// fields relative to max(real, 4 MiB), object counts relative to max(real, 1000); each test
// says why its tolerance is what it is. Nothing here was used to fit a constant: the model's
// constants are the runtime's (sizes, thresholds, ratios) plus the measured start-up baseline.

import Testing
import FieldCatalogue
@testable import HeapSimulator

/// |model − real| ≤ fraction × max(real, floor).
func near(_ model: UInt64, _ real: UInt64, within fraction: Double, floor: UInt64 = 4 << 20) -> Bool {
    let diff = model > real ? model - real : real - model
    return Double(diff) <= fraction * Double(max(real, floor))
}

@Suite("calibration against go1.27.3")
struct CalibrationTests {
    /// The start-up state is built from the measured inventory (GoProfile.baseline, generated
    /// from the scenario program's own first snapshot), so comparing the model's start with that
    /// snapshot would compare the baseline with itself. Checked here instead: what follows from
    /// Go's mechanisms given the inventory (one 4 MiB chunk mapped; whole pages per span class;
    /// fixalloc's 16 KiB chunks of 160-byte mspans; the 4 MiB heap minimum), and the reference's
    /// tiny program (measurements.txt "go1.27.3 baseline", P=1: HeapAlloc 46 392), a different
    /// program the inventory was not read from.
    @Test func freshProcessBaseline() {
        let m = SimulatedHeap().readMemStats()
        #expect(m.heapSys + m.stackInuse == 4 << 20)
        #expect(m.heapInuse == 229_376 && m.stackInuse == 229_376)
        // A different program (its own imports and init): the band is its distance, ~10 %.
        #expect(near(m.heapAlloc, 46_392, within: 0.12, floor: 0), "HeapAlloc \(m.heapAlloc)")
        #expect(m.mSpanSys == 16_320 && m.mSpanInuse == 13_280)
        #expect(m.mCacheInuse == 2_296 && m.mCacheSys == 16_072)
        #expect(m.nextGC == 4_194_304 && m.numGC == 0)
    }

    /// measurements.txt P=2 start row: per-P metadata is mechanistic (mcache, p struct).
    @Test func baselineScalesWithGOMAXPROCS() {
        let m = SimulatedHeap(configuration: .init(gomaxprocs: 2)).readMemStats()
        #expect(m.mCacheInuse == 4_592 && m.mCacheSys == 16_072)
        let m8 = SimulatedHeap(configuration: .init(gomaxprocs: 8)).readMemStats()
        #expect(m8.mCacheInuse == 18_368 && m8.mCacheSys == 32_144)
    }

    /// facts §1 tiny allocator: 100 000 × new([5]byte): Mallocs +100 000, Frees +66 667,
    /// HeapObjects +33 334, HeapAlloc +533 344. The model starts a fresh block after the
    /// snapshot, so the real run's one merge into a pre-existing block is one object off:
    /// tolerance ±1 object, ±16 B.
    @Test func tinyAllocatorCounts() throws {
        let heap = SimulatedHeap()
        heap.setGCPercent(nil)
        let before = heap.readMemStats()
        try heap.allocate(count: 100_000, size: 5, hasPointers: false, isTouched: true, group: nil)
        let after = heap.readMemStats()
        #expect(after.mallocs - before.mallocs == 100_000)
        #expect(abs(Int(after.frees - before.frees) - 66_667) <= 1)
        #expect(abs(Int(after.heapObjects - before.heapObjects) - 33_334) <= 1)
        #expect(abs(Int(after.heapAlloc - before.heapAlloc) - 533_344) <= 16)
    }

    /// facts §2 calibration table (go1.27 column, GC off): ΔHeapInuse per workload. Noscan rows:
    /// ±1 span, because the start-up span of the class may absorb the first objects in one run
    /// and not the other; pointer rows: +0..4 pages of print noise in the real harness.
    @Test(arguments: [
        (100_000, 8, false, 811_008), (100_000, 16, false, 1_622_016), (100_000, 24, false, 2_433_024),
        (100_000, 48, false, 4_874_240), (10_000, 1024, false, 10_240_000),
        (100_000, 8, true, 851_968), (100_000, 16, true, 1_687_552), (20_000, 64, true, 1_359_872),
        (10_000, 512, true, 5_496_832), (10_000, 1024, true, 11_739_136),
    ] as [(UInt64, UInt64, Bool, UInt64)])
    func objectsPerSpan(count: UInt64, size: UInt64, pointers: Bool, realDelta: UInt64) throws {
        let heap = SimulatedHeap()
        heap.setGCPercent(nil)
        let before = heap.readMemStats()
        try heap.allocate(count: count, size: size, hasPointers: pointers, isTouched: true, group: nil)
        let delta = heap.readMemStats().heapInuse - before.heapInuse
        if pointers {
            #expect(delta <= realDelta && realDelta - delta <= 5 * 8192, "Δ\(delta) vs \(realDelta)")
        } else {
            #expect(near(delta, realDelta, within: 0, floor: 0) || (delta > realDelta ? delta - realDelta : realDelta - delta) <= 8192,
                    "Δ\(delta) vs \(realDelta)")
        }
    }

    /// facts §1: a 1024-byte pointer object gets the 8-byte header and lands in 1152 B:
    /// HeapAlloc +11 520 000 for 10 000 of them (exact: slot sizes are deterministic).
    @Test func mallocHeader() throws {
        let heap = SimulatedHeap()
        heap.setGCPercent(nil)
        let before = heap.readMemStats()
        try heap.allocate(count: 10_000, size: 1024, hasPointers: true, isTouched: true, group: nil)
        #expect(heap.readMemStats().heapAlloc - before.heapAlloc == 11_520_000)
    }

    /// facts §5: large objects are counted at page granularity: 40 000 B → 40 960,
    /// 1 048 577 B → 1 056 768, 32 769 B → 40 960 (exact).
    @Test(arguments: [(40_000, 40_960), (1_048_577, 1_056_768), (32_769, 40_960), (32_761, 32_768)] as [(UInt64, UInt64)])
    func largeObjectBytes(size: UInt64, bytes: UInt64) throws {
        let heap = SimulatedHeap()
        let before = heap.readMemStats()
        try heap.allocate(count: 1, size: size, hasPointers: false, isTouched: true, group: nil)
        let after = heap.readMemStats()
        #expect(after.heapAlloc - before.heapAlloc == bytes)
        #expect(after.bySize.reduce(0) { $0 + $1.mallocs } == before.bySize.reduce(0) { $0 + $1.mallocs })
    }

    /// proc.go's run queues with one P: 500 goroutines made ready by one goroutine run as the
    /// newest (runnext), then the local queue (256 long) from its head, then what overflowed to
    /// the global queue (runqputslow moved the first 128 and the newcomer each time it was full).
    @Test func goroutinesRunInRunQueueOrder() {
        func runs(_ order: [Int]) -> [ClosedRange<Int>] {
            var result: [ClosedRange<Int>] = []
            for g in order {
                if let last = result.last, last.upperBound + 1 == g {
                    result[result.count - 1] = last.lowerBound...g
                } else {
                    result.append(g...g)
                }
            }
            return result
        }
        #expect(runs(Scheduler.runOrder(count: 500)) == [499...499, 257...384, 386...498, 0...127, 256...256, 128...255, 385...385])
        #expect(runs(Scheduler.runOrder(count: 200)) == [199...199, 0...198])
        #expect(Scheduler.runOrder(count: 1) == [0])
        #expect(Set(Scheduler.runOrder(count: 10_000)) == Set(0..<10_000))
    }

    /// Measured on go1.27.3 at GOMAXPROCS 1 (the generated program, 3 runs, identical): after 1184 ×
    /// 32 KiB objects, 500 goroutines with 4 KiB stacks and 500 with 16 KiB, HeapSys is 42 MiB with
    /// 4 268 032 B idle; 64 × 64 KiB objects then grow HeapSys by a 4 MiB chunk and leave HeapIdle
    /// as it was, and 2 × 64 × 32 KiB objects fill the idle pages without growing: the stack pool
    /// spans freed while the stacks grew left 4-page holes. With the goroutines run in creation
    /// order the model left one free 4 MiB run that the 64 KiB objects used (held-out seed 1,
    /// scenario 5: HeapSys 50.0 MiB against real 53.9–54.0).
    @Test func stackPoolHolesTakeFourPageSpansNotEightPageOnes() throws {
        let heap = SimulatedHeap(configuration: .init(gomaxprocs: 1))
        try heap.allocate(count: 1184, size: 32 << 10, hasPointers: false, isTouched: true, group: "g1")
        try heap.startGoroutines(count: 500, stackBytes: 4 << 10, group: "h2")
        try heap.startGoroutines(count: 500, stackBytes: 16 << 10, group: "h3")
        let s1 = heap.readMemStats()
        #expect(s1.heapSys == 44_040_192 && s1.heapIdle == 4_268_032, "HeapSys \(s1.heapSys), HeapIdle \(s1.heapIdle)")
        try heap.allocate(count: 64, size: 64 << 10, hasPointers: false, isTouched: true, group: "g4")
        let large = heap.readMemStats()
        #expect(large.heapSys == s1.heapSys + (4 << 20), "HeapSys \(large.heapSys)")
        #expect(large.heapIdle == s1.heapIdle, "HeapIdle \(large.heapIdle)")
        try heap.allocate(count: 128, size: 32 << 10, hasPointers: false, isTouched: true, group: "g5")
        let filled = heap.readMemStats()
        #expect(filled.heapSys == large.heapSys, "HeapSys \(filled.heapSys)")
        #expect(filled.heapIdle == 73_728, "HeapIdle \(filled.heapIdle)")
    }

    /// measurements.txt "go1.27.3 1000 goroutines, each grows stack to 64 KiB" (P=2) and
    /// measured here at P=1 (recursion to ~61 KiB of frames). StackInuse within the 1 % bar of
    /// 65 798 144; growth maps at least the 64 MiB of stacks (HeapSys + StackInuse: 68 MiB
    /// measured here at P=1, 72 MiB in the reference run with a padded heap base; the model maps
    /// 64 MiB: it under-predicts the page-cache fragmentation, a known gap). On exit the
    /// 64 KiB stacks go back to HeapIdle at once (+65 536 000 B, exact in both real runs).
    @Test func thousandGoroutinesAt64KiB() throws {
        let heap = SimulatedHeap(configuration: .init(gomaxprocs: 2))
        let before = heap.readMemStats()
        try heap.startGoroutines(count: 1000, stackBytes: 64 << 10, group: "g")
        let grown = heap.readMemStats()
        #expect(near(grown.stackInuse, 65_798_144, within: 0.01))
        let mapped = grown.heapSys + grown.stackInuse
        #expect(mapped >= 64 << 20 && mapped <= 72 << 20, "mapped \(mapped)")
        #expect(grown.sys >= before.sys + 62_000_000)
        #expect(near(grown.heapAlloc - before.heapAlloc, 626_592, within: 0.01), "Δ\(grown.heapAlloc - before.heapAlloc)")
        #expect(near(grown.heapObjects - before.heapObjects, 3_023, within: 0.03, floor: 1000))
        try heap.exitGoroutines(group: "g")
        let exited = heap.readMemStats()
        #expect(exited.stackInuse == before.stackInuse)
        #expect(exited.heapIdle - grown.heapIdle == 65_536_000)
        heap.collectGarbage()
        let gc1 = heap.readMemStats()
        // Measured here at P=1: HeapObjects 106 → 1205 after the GC (g structs, cached sudogs).
        #expect(near(gc1.heapObjects - before.heapObjects, 1_099, within: 0.03, floor: 1000))
        #expect(near(gc1.heapAlloc - before.heapAlloc, 497_696, within: 0.01))
    }

    /// facts §8: 2 KiB goroutines that exit keep their stacks cached on the G until a GC frees
    /// those on the global free list: StackInuse stays at exit (2.29 MB measured) and drops
    /// after the next GC (0.52–0.79 MB measured at P=2): band check.
    @Test func twoKiBGoroutinesKeepStacksUntilGC() throws {
        let heap = SimulatedHeap(configuration: .init(gomaxprocs: 2))
        try heap.startGoroutines(count: 1000, stackBytes: 1024, group: "g")
        let spawned = heap.readMemStats()
        #expect(near(spawned.stackInuse, 2_293_760, within: 0.01))
        try heap.exitGoroutines(group: "g")
        #expect(heap.readMemStats().stackInuse == spawned.stackInuse)
        heap.collectGarbage()
        let gc1 = heap.readMemStats()
        #expect(gc1.stackInuse >= 262_144 && gc1.stackInuse <= 800_000, "StackInuse \(gc1.stackInuse)")
    }

    /// facts §7 and measurements.txt scav-go1.27.3-g1/g2 (P=2): 200 × 1 MiB allocated, dropped,
    /// one GC: nothing released in 40 s (dense chunks); two GCs: all released within ~2 s
    /// (0.75 s measured for 1.27, 1.76 s for 1.22), not instantly (21 MiB at 0.25 s).
    /// Tolerance: a 2.5 s window, and at 0.25 s more than 8 MiB released but not all of it, because
    /// the scavenger's bursts follow its PI controller and sysmon's wakes, whose timing varies.
    @Test func releaseTimingAfterOneAndTwoGCs() throws {
        let heap = SimulatedHeap(configuration: .init(gomaxprocs: 2))
        try heap.allocate(count: 200, size: 1 << 20, hasPointers: false, isTouched: true, group: "b")
        let allocated = heap.readMemStats()
        #expect(allocated.numGC == 6, "NumGC \(allocated.numGC) (measured 6)")
        try heap.free(group: "b")
        heap.collectGarbage()
        let gc1 = heap.readMemStats()
        heap.sleep(nanoseconds: 40_000_000_000)
        let after40s = heap.readMemStats()
        #expect(after40s.heapReleased - gc1.heapReleased < 2 << 20)
        heap.collectGarbage()
        let gc2 = heap.readMemStats()
        heap.sleep(nanoseconds: 250_000_000)
        let quarter = heap.readMemStats()
        #expect(quarter.heapReleased > gc1.heapReleased + (8 << 20) && quarter.heapReleased < 150 << 20,
                "released \(quarter.heapReleased) at 0.25 s (after the second gc: \(gc2.heapReleased))")
        heap.sleep(nanoseconds: 2_250_000_000)
        let done = heap.readMemStats()
        #expect(done.heapIdle - done.heapReleased < 1536 << 10, "retained \(done.heapIdle - done.heapReleased)")
        #expect(near(done.heapReleased, 213_237_760, within: 0.05))
    }

    /// measurements.txt "go1.27.3 FreeOSMemory after 100 x 1 MiB garbage" (P=2): 100 × 1 MiB
    /// allocated and held (HeapSys 108 789 760 with NumGC 5 on the way), then dropped and
    /// FreeOSMemory: HeapIdle − HeapReleased is 24 KiB afterwards (page-cache pages; the model's
    /// page cache may keep up to 64 pages: ≤ 512 KiB), NumForcedGC = 1, HeapSys within the
    /// 3 % bar, HeapReleased within the 5 % bar, NumGC within 1.
    @Test func freeOSMemoryAfterGarbage() throws {
        let heap = SimulatedHeap(configuration: .init(gomaxprocs: 2))
        try heap.allocate(count: 100, size: 1 << 20, hasPointers: false, isTouched: true, group: "g")
        let allocated = heap.readMemStats()
        #expect(abs(Int(allocated.numGC) - 5) <= 1, "NumGC \(allocated.numGC)")
        #expect(near(allocated.heapSys, 108_789_760, within: 0.03), "HeapSys \(allocated.heapSys)")
        try heap.free(group: "g")
        heap.freeOSMemory()
        let m = heap.readMemStats()
        #expect(m.numForcedGC == 1)
        #expect(m.heapIdle - m.heapReleased <= 512 << 10)
        #expect(near(m.heapReleased, 108_486_656, within: 0.05), "HeapReleased \(m.heapReleased)")
        #expect(m.heapInuse < 400_000)
    }

    /// facts §6: idle NextGC is 4 MiB × GOGC/100 (2, 4, 8 MiB measured); GOGC=off shows
    /// MaxInt64·0.97; GOGC=off + 64 MiB limit gives 61.1 MB (measured, 1.27): 1 % bar.
    @Test func pacerGoals() {
        for (percent, goal) in [(50, 2 << 20), (100, 4 << 20), (200, 8 << 20)] {
            let heap = SimulatedHeap()
            heap.setGCPercent(percent)
            #expect(heap.readMemStats().nextGC == UInt64(goal))
        }
        let off = SimulatedHeap()
        off.setGCPercent(nil)
        #expect(near(off.readMemStats().nextGC, 8_946_670_875_745_436_618, within: 0.001))
        off.setMemoryLimit(64 << 20)
        #expect(near(off.readMemStats().nextGC, 61_100_000, within: 0.01), "NextGC \(off.readMemStats().nextGC)")
    }
}
