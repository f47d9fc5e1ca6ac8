// Scavenger: returning free heap pages to the OS (HeapReleased), and heap growth.
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
// awake after mark termination; with one P the mark worker has the P, the scavenger finds
// nothing eligible yet and parks: measured with scavtrace on release-to-os, 1 P releases
// nothing during the sleep after the second GC, 2 Ps do); the end of a sweep (runtime.GC's, or the lazy sweep's last span) only
// asks sysmon to wake it. sysmon polls while the program runs (every 10 ms once it has found
// nothing to do for a while), but when every P is idle it
// sleeps until the next timer (at most forcegcperiod/2 = 1 min), so during a `sleep` that
// follows a GC the scavenger starts only when the sleep ends. It parks when nothing eligible is
// left.
//
// Simplification: pacing is a first burst of 1 ms (minScavWorkTime) when it is woken from its
// park, then a constant duty cycle (1 % × GOMAXPROCS of elapsed virtual time, at a modelled
// 500 ns per 4 KiB page released: about 80 MiB per second of wall time with one P; 200 MiB take
// ~1.3 s with two Ps, 2.5 s with one), not Go's PI controller sleeping after each ≥ 1 ms burst;
// a wake with nothing eligible at that moment parks it at once. The burst is worth ~7.8 MiB:
// with 200 goroutines and 2 KiB garbage, real Go reaches its retained goal within a few GCs
// (HeapReleased 6.1–6.8 MiB), which even pacing from the start did not (3.1 MiB). The page
// cache of a P (whose pages FreeOSMemory cannot release) is not modelled.

struct ScavengerState {
    /// Retained-bytes goal from GOGC; nil = nothing to do for it.
    var gcPercentGoal: UInt64?
    /// mappedReady goal from the memory limit; nil = nothing to do for it.
    var memoryLimitGoal: UInt64?
    /// HeapInuse at the end of the last mark, before sweeping.
    var lastHeapInUse: UInt64 = 0
    /// Unspent work budget (ns) of the background scavenger.
    var credit: UInt64 = 0
    /// The background scavenger is parked (it parks when it finds nothing to release).
    var parked = true
    /// When someone asked sysmon to wake it (scavenger.ready(), at the end of a sweep).
    var sysmonWakeRequested: UInt64?
    /// sysmon's polling period in a busy program (its delay grows from 20 µs to at most 10 ms:
    /// the `delay > 10*1000` cap in `sysmon`, runtime/proc.go).
    static let sysmonMaxDelayNanoseconds: UInt64 = 10_000_000
    /// `minScavWorkTime`, runtime/mgcscavenge.go: a woken scavenger works this long before its first sleep.
    static let minimumWorkNanoseconds: UInt64 = 1_000_000
}

extension SimulatedHeap {
    /// gcPaceScavenger.
    func paceScavenger() {
        if let limit = pacer.memoryLimit {
            let goal = UInt64(Double(limit) * (Double(100 - GoConstants.reduceExtraPercent) / 100))
            scavenger.memoryLimitGoal = mappedReadyBytes <= goal ? nil : goal
        } else {
            scavenger.memoryLimitGoal = nil
        }
        guard pacer.lastHeapGoal > 0 else { scavenger.gcPercentGoal = nil; return }
        let ratio = Double(heapGoal) / Double(pacer.lastHeapGoal)
        var goal = UInt64(min(Double(UInt64(Int64.max)), Double(scavenger.lastHeapInUse) * ratio))
        goal += goal / (100 / GoConstants.retainExtraPercent)
        goal = (goal + Heap.physPageSize - 1) / Heap.physPageSize * Heap.physPageSize
        let retained = heapRetainedBytes
        scavenger.gcPercentGoal = retained <= goal || retained - goal < Heap.physPageSize ? nil : goal
    }

    /// Pages the background scavenger still wants to release.
    var scavengeBacklogPages: UInt64 {
        var bytes: UInt64 = 0
        if let goal = scavenger.gcPercentGoal, heapRetainedBytes > goal { bytes = heapRetainedBytes - goal }
        if let goal = scavenger.memoryLimitGoal, mappedReadyBytes > goal { bytes = max(bytes, mappedReadyBytes - goal) }
        return (bytes + Heap.pageSize - 1) / Heap.pageSize
    }

    /// Background scavenging during `nanoseconds` of elapsed time.
    func runBackgroundScavenger(for nanoseconds: UInt64) {
        guard !scavenger.parked else { return }
        let backlog = scavengeBacklogPages
        guard backlog > 0 else { parkScavenger(); return }
        scavenger.credit += nanoseconds / (100 / GoConstants.scavengePercent) * UInt64(configuration.gomaxprocs)
        let costPerPage = GoConstants.physPagesPerPage * calibration.nanosecondsPerReleasedPage
        let budget = scavenger.credit / costPerPage
        guard budget > 0 else { return }
        let released = pages.scavenge(maxPages: min(budget, backlog), force: false, denseRule: profile.denseChunkRule)
        scavenger.credit -= min(scavenger.credit, released * costPerPage)
        if released < min(budget, backlog) { parkScavenger() } // nothing eligible left: it parks
    }

    func parkScavenger() {
        scavenger.credit = 0
        scavenger.parked = true
    }

    /// scavenger.wake(). `concurrentWithMark`: woken at sweep termination with another P free,
    /// it runs while the cycle marks and is still awake when mark termination makes more memory
    /// eligible; otherwise it looks for work at once and parks if nothing is eligible now.
    func wakeScavenger(concurrentWithMark: Bool = false) {
        scavenger.sysmonWakeRequested = nil
        let wasParked = scavenger.parked
        scavenger.parked = false
        // A woken scavenger works at least minScavWorkTime (1 ms) before it first sleeps, then
        // sleeps long enough to average 1 %: its first burst comes at once.
        if wasParked { scavenger.credit = max(scavenger.credit, ScavengerState.minimumWorkNanoseconds) }
        if concurrentWithMark { return }
        if scavengeBacklogPages == 0 || pages.scavengeablePages(denseRule: profile.denseChunkRule) == 0 { parkScavenger() }
    }

    /// scavenger.ready(): the end of a sweep asks sysmon to wake it.
    func readyScavenger() {
        if scavenger.sysmonWakeRequested == nil { scavenger.sysmonWakeRequested = clock.now }
    }

    /// Time passes: the background scavenger works, and the periodic GC runs when due.
    /// `idle`: the program sleeps (all Ps idle): sysmon then sleeps until the program's timer
    /// (at most forcegcperiod/2), so a pending wake reaches the scavenger only then.
    func advanceTime(by nanoseconds: UInt64, idle: Bool = false) {
        var left = nanoseconds
        while left > 0 {
            var step = left
            if let requested = scavenger.sysmonWakeRequested {
                // The next sysmon look: the end of the sleep (idle, at most forcegcperiod/2), or
                // its polling period while the program runs.
                let period = idle ? Heap.forcedGCPeriodNanoseconds / 2 : ScavengerState.sysmonMaxDelayNanoseconds
                let due = requested + period
                if due <= clock.now { wakeScavenger() } else { step = min(step, due - clock.now) }
            }
            if pacer.gcPercent != nil, let last = gcStats.lastGCMonotonic {
                let due = last + Heap.forcedGCPeriodNanoseconds
                if due <= clock.now {
                    collect(kind: .periodic)
                    continue
                }
                step = min(step, due - clock.now)
            }
            runBackgroundScavenger(for: step)
            clock.advance(by: step)
            left -= step
            // sysmon wakes at the end of the program's sleep (the timer it slept until).
            if idle && left == 0 && scavenger.sysmonWakeRequested != nil { wakeScavenger() }
        }
    }

    /// mheap.grow: maps `count` more pages (whole chunks), counted as released.
    func growHeap(pages count: UInt64) {
        pages.grow(pages: count)
        meta.heapMapped(pages.mappedPages * Heap.pageSize)
        // Growth-time scavenging toward the gcPercent goal.
        if let goal = scavenger.gcPercentGoal {
            let growth = count * Heap.pageSize
            let retained = heapRetainedBytes
            if retained + growth > goal {
                let todo = min(growth, retained + growth - goal)
                _ = pages.scavenge(maxPages: (todo + Heap.pageSize - 1) / Heap.pageSize, force: false,
                                   denseRule: profile.denseChunkRule)
            }
        }
    }

    /// Allocation-time scavenging for the memory limit (ignores density).
    func memoryLimitScavenge(reusedReleasedPages: UInt64) {
        guard let limit = pacer.memoryLimit else { return }
        let ready = mappedReadyBytes
        if ready > limit {
            _ = pages.scavenge(maxPages: (ready - limit + Heap.pageSize - 1) / Heap.pageSize, force: true,
                               denseRule: profile.denseChunkRule)
        }
    }
}
