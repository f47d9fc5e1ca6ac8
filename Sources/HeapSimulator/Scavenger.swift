// Scavenger: returning free heap pages to the OS (HeapReleased).
//
// What it models: `mgcscavenge.go`, `mheap.go` (grow, allocSpan): after every GC two goals are
// set: the gcPercent goal, retain at most lastHeapInUse·(newGoal/lastGoal)·1.10 (rounded up to
// 4 KiB, off until the first GC and when already within 4 KiB of it) and the memory-limit goal
// (mappedReady ≤ 95 % of the limit). The background scavenger releases free, retained pages,
// highest address first, skipping chunks that are dense (≥ 496/512 pages in use) in the current
// or previous GC generation, paced to 1 % of GOMAXPROCS' CPU time. Growth-time scavenging:
// when the heap grows by G and retained + G exceeds the gcPercent goal, the excess (at most G)
// is released at once (dense rule applies). Allocation-time memory-limit scavenging: when
// mappedReady exceeds the limit, the excess is released ignoring density. FreeOSMemory releases
// everything (SimulatedHeap.freeOSMemory). Heap growth maps whole 4 MiB chunks counted as
// released, and adds arena/page-allocator metadata.
//
// Why the real thing exists: free pages cost RSS until the runtime tells the OS it may take
// them back; doing it too eagerly costs page faults later, hence goals, pacing and the
// dense-chunk rule (memory freed by GC N becomes releasable only after GC N+1).
//
// Waking (`mgcsweep.go`, `proc.go` sysmon): sweep termination (the start of the next GC) wakes
// the scavenger directly (with GOMAXPROCS > 1 it runs on a free P during the mark and is still
// awake after mark termination; with one P it looks at once and parks if nothing is eligible yet:
// measured with scavtrace on release-to-os, 1 P releases nothing during the sleep after the
// second GC, 2 Ps do). With one P and something eligible, in a cycle the program waits for
// (runtime.GC(), the periodic GC) it spends its first burst on the P while the cycle marks, before
// mark termination (GarbageCollector.markTermination): scavtrace of the go1.27.3 program of
// `alloc 2271914 x 24B; goroutines 10 stack 40KiB; gc; gc` (held-out seed 3, scenario 30) shows
// 12 288 KiB released in the second GC's cycle, whose mark took 1.3 ms: one 1 ms burst at the
// measured 323 ns a 4 KiB page. In a cycle the program's allocation started, the program keeps
// the P and the burst comes in its time after the mark. The end of a sweep (runtime.GC's, or the lazy sweep's last span) only
// asks sysmon to wake it. sysmon polls while the program runs (every 10 ms once it has found
// nothing to do for a while), but when every P is idle it
// sleeps until the next timer (at most forcegcperiod/2 = 1 min), so during a `sleep` that
// follows a GC the scavenger starts only when the sleep ends. It parks when nothing eligible is
// left.
//
// Simplification: pacing is a first burst of 1 ms (minScavWorkTime) when it is woken from its
// park, then a constant duty cycle (1 % × GOMAXPROCS of elapsed virtual time, at the measured
// 323 ns per 4 KiB page released (Calibration.nanosecondsPerReleasedPage): about 120 MiB per
// second of wall time with one P; 200 MiB take ~0.8 s with two Ps, 1.7 s with one), not Go's PI
// controller sleeping after each ≥ 1 ms burst; a wake with nothing eligible at that moment parks
// it at once. The burst is worth ~12 MiB:
// with 200 goroutines and 2 KiB garbage, real Go reaches its retained goal within a few GCs
// (HeapReleased 6.1–6.8 MiB), which even pacing from the start did not (3.1 MiB). The page
// cache of a P (whose pages FreeOSMemory cannot release) is not modelled.
//
// Component: `Scavenger` belongs to MHeap, which hands it the page allocator and the current
// retained and mappedReady bytes; its goals, credit and park state are its own. Time reaches it
// from sysmon (Sysmon.swift), wakes from the sweeper (GarbageCollector.swift) through MHeap.

final class Scavenger {
    /// Retained-bytes goal from GOGC; nil = nothing to do for it. It starts at 0, not nil: Go's
    /// `scavenge.gcPercentGoal` is a zero atomic until the first gcControllerCommit (a GC's mark
    /// termination, debug.SetGCPercent, debug.SetMemoryLimit; gcController.init's commit does not
    /// pace the scavenger), so until then every heap growth scavenges up to the growth. On 1.21+
    /// that finds nothing (the scavenge index searches nothing before the first mark termination,
    /// `denseRule`); on go1.19 (src/runtime/mheap.go allocSpan, mgcscavenge.go) it releases the
    /// free pages, highest first: real go1.19.8 shows HeapReleased 1.57–1.74 MB of 1.97 MB idle
    /// after stack growth with no GC (stack-growth lesson, 20 runs).
    private(set) var gcPercentGoal: UInt64? = 0
    /// mappedReady goal from the memory limit; nil = nothing to do for it.
    private(set) var memoryLimitGoal: UInt64?
    /// HeapInuse at the end of the last mark, before sweeping.
    private(set) var lastHeapInUse: UInt64 = 0
    /// Unspent work budget (ns) of the background scavenger.
    private var credit: UInt64 = 0
    /// The background scavenger is parked (it parks when it finds nothing to release).
    private(set) var parked = true
    /// When someone asked sysmon to wake it (scavenger.ready(), at the end of a sweep).
    private(set) var sysmonWakeRequested: UInt64?
    /// sysmon's polling period in a busy program (its delay grows from 20 µs to at most 10 ms:
    /// the `delay > 10*1000` cap in `sysmon`, runtime/proc.go).
    static let sysmonMaxDelayNanoseconds: UInt64 = 10_000_000
    /// `minScavWorkTime`, runtime/mgcscavenge.go: a woken scavenger works this long before its first sleep.
    static let minimumWorkNanoseconds: UInt64 = 1_000_000

    private let denseRule: Bool
    /// GoProfile.backgroundScavengerHonoursMemoryLimit.
    private let honoursMemoryLimit: Bool
    private let gomaxprocs: UInt64
    private let nanosecondsPerReleasedPage: UInt64

    init(denseRule: Bool, honoursMemoryLimit: Bool = true, gomaxprocs: Int, nanosecondsPerReleasedPage: UInt64) {
        self.denseRule = denseRule
        self.honoursMemoryLimit = honoursMemoryLimit
        self.gomaxprocs = UInt64(gomaxprocs)
        self.nanosecondsPerReleasedPage = nanosecondsPerReleasedPage
    }

    /// Mark termination records HeapInuse before the sweep (the base of the gcPercent goal).
    func recordHeapInUse(_ bytes: UInt64) { lastHeapInUse = bytes }

    /// gcPaceScavenger.
    func pace(heapGoal: UInt64, lastHeapGoal: UInt64, memoryLimit: UInt64?, mappedReady: UInt64, retained: UInt64) {
        // go1.19 computes this goal as limit × (100 − 5) (GoProfile.backgroundScavengerHonoursMemoryLimit):
        // it is never reached, so the background scavenger does not work toward the limit there.
        if let limit = memoryLimit, honoursMemoryLimit {
            let goal = UInt64(Double(limit) * (Double(100 - GoConstants.reduceExtraPercent) / 100))
            memoryLimitGoal = mappedReady <= goal ? nil : goal
        } else {
            memoryLimitGoal = nil
        }
        guard lastHeapGoal > 0 else { gcPercentGoal = nil; return }
        let ratio = Double(heapGoal) / Double(lastHeapGoal)
        var goal = UInt64(min(Double(UInt64(Int64.max)), Double(lastHeapInUse) * ratio))
        goal += goal / (100 / GoConstants.retainExtraPercent)
        goal = (goal + Heap.physPageSize - 1) / Heap.physPageSize * Heap.physPageSize
        gcPercentGoal = retained <= goal || retained - goal < Heap.physPageSize ? nil : goal
    }

    /// Pages the background scavenger still wants to release.
    func backlogPages(retained: UInt64, mappedReady: UInt64) -> UInt64 {
        var bytes: UInt64 = 0
        if let goal = gcPercentGoal, retained > goal { bytes = retained - goal }
        if let goal = memoryLimitGoal, mappedReady > goal { bytes = max(bytes, mappedReady - goal) }
        return (bytes + Heap.pageSize - 1) / Heap.pageSize
    }

    /// Background scavenging during `nanoseconds` of elapsed time.
    func runBackground(for nanoseconds: UInt64, pages: inout PageAllocator, retained: UInt64, mappedReady: UInt64) {
        guard !parked else { return }
        let backlog = backlogPages(retained: retained, mappedReady: mappedReady)
        guard backlog > 0 else { park(); return }
        credit += nanoseconds / (100 / GoConstants.scavengePercent) * gomaxprocs
        let costPerPage = GoConstants.physPagesPerPage * nanosecondsPerReleasedPage
        let budget = credit / costPerPage
        guard budget > 0 else { return }
        let released = pages.scavenge(maxPages: min(budget, backlog), force: false, denseRule: denseRule)
        credit -= min(credit, released * costPerPage)
        if released < min(budget, backlog) { park() } // nothing eligible left: it parks
    }

    private func park() {
        credit = 0
        parked = true
    }

    /// scavenger.wake(). `concurrentWithMark`: woken at sweep termination with another P free,
    /// it runs while the cycle marks and is still awake when mark termination makes more memory
    /// eligible; otherwise it looks for work at once and parks if nothing is eligible now.
    func wake(concurrentWithMark: Bool, pages: PageAllocator, retained: UInt64, mappedReady: UInt64) {
        sysmonWakeRequested = nil
        let wasParked = parked
        parked = false
        // A woken scavenger works at least minScavWorkTime (1 ms) before it first sleeps, then
        // sleeps long enough to average 1 %: its first burst comes at once.
        if wasParked { credit = max(credit, Scavenger.minimumWorkNanoseconds) }
        if concurrentWithMark { return }
        if backlogPages(retained: retained, mappedReady: mappedReady) == 0
            || pages.scavengeablePages(denseRule: denseRule) == 0 { park() }
    }

    /// scavenger.ready(): the end of a sweep asks sysmon to wake it.
    func ready(now: UInt64) {
        if sysmonWakeRequested == nil { sysmonWakeRequested = now }
    }

    /// Growth-time scavenging toward the gcPercent goal: the heap grew by `bytes`.
    func scavengeForGrowth(bytes growth: UInt64, retained: UInt64, pages: inout PageAllocator) {
        guard let goal = gcPercentGoal, retained + growth > goal else { return }
        let todo = min(growth, retained + growth - goal)
        _ = pages.scavenge(maxPages: (todo + Heap.pageSize - 1) / Heap.pageSize, force: false, denseRule: denseRule)
    }

    /// Allocation-time scavenging for the memory limit (ignores density).
    func scavengeForMemoryLimit(_ limit: UInt64, mappedReady: UInt64, pages: inout PageAllocator) {
        guard mappedReady > limit else { return }
        _ = pages.scavenge(maxPages: (mappedReady - limit + Heap.pageSize - 1) / Heap.pageSize, force: true,
                           denseRule: denseRule)
    }

    /// debug.FreeOSMemory: every free page is released. Returns the pages released.
    func releaseAll(pages: inout PageAllocator) -> UInt64 {
        pages.scavenge(maxPages: .max, force: true, denseRule: denseRule)
    }
}
