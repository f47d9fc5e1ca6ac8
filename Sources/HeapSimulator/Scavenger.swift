// Scavenger: returning free heap pages to the OS (HeapReleased).
//
// What it models: `mgcscavenge.go`, `mheap.go` (grow, allocSpan): after every GC two goals are
// set: the gcPercent goal, retain at most lastHeapInUse·(newGoal/lastGoal)·1.10 (rounded up to
// 4 KiB, off until the first GC and when already within 4 KiB of it) and the memory-limit goal
// (mappedReady ≤ 95 % of the limit). The background scavenger releases free, retained pages,
// highest address first, skipping chunks that are dense (≥ 496/512 pages in use) in the current
// or previous GC generation, paced by Go's controller to 1 % of GOMAXPROCS' CPU time:
// bgscavenge works in bursts of at least 1 ms (minScavWorkTime: 64 KiB at a time, checking its
// goals before each), then sleeps worked / sleepRatio; after each sleep a PI controller
// (kp 0.3375, ti 3.2 ms, tt 1 s, ratio 0.001–1000) moves sleepRatio toward a measured CPU
// fraction of 1 %. The ratio starts at 0.001, so the first burst is followed by a 1 s sleep,
// the second by ~330 ms, and the controller, having integrated that long shortfall, then runs
// bursts ~1 ms apart until it overshoots and drops back to 1 s sleeps: real go1.27.3 with
// 200 MiB freed, `gc; gc` and 100 ms sleeps (5 runs) reads HeapReleased 10–23 MB after the first
// sleep, one more 10–21 MB step about 1 s later and the rest within 0.3–0.5 s of that (two runs
// waited up to 1.7 s). A burst that releases nothing parks it; a wake (sweep termination,
// sysmon) readies a parked or sleeping scavenger, ending the sleep early. Growth-time scavenging:
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
// Simplification: a burst's work is its pages at the measured 323 ns per 4 KiB page released
// (Calibration.nanosecondsPerReleasedPage: 1 ms is ~12.1 MiB), not a measured time; the burst
// happens at the instant it starts and its sleep begins when its work would end. With one P a
// runnable scavenger is taken to get the P at once (it does not wait for the program to block
// or be preempted). The page cache of a P (whose pages FreeOSMemory cannot release) is not
// modelled.

// Component: `Scavenger` belongs to MHeap, which hands it the page allocator and the current
// retained and mappedReady bytes; its goals, controller and park or sleep state are its own. Time reaches it
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
    /// The background scavenger goroutine (bgscavenge): parked, runnable or asleep between bursts.
    private(set) var state: BackgroundState = .parked
    /// scavengerState.sleepRatio: work time over sleep time, set by `controller` after each sleep.
    private(set) var sleepRatio = Scavenger.startingSleepRatio
    /// scavengerState.sleepController.
    private var controller = SleepController()
    /// scavengerState.controllerCooldown (ns): after a controller failure the ratio is held.
    private var controllerCooldown: Double = 0
    /// When someone asked sysmon to wake it (scavenger.ready(), at the end of a sweep).
    private(set) var sysmonWakeRequested: UInt64?
    /// sysmon's polling period in a busy program (its delay grows from 20 µs to at most 10 ms:
    /// the `delay > 10*1000` cap in `sysmon`, runtime/proc.go).
    static let sysmonMaxDelayNanoseconds: UInt64 = 10_000_000
    /// `minScavWorkTime`, runtime/mgcscavenge.go: a burst works at least this long before it sleeps.
    static let minimumWorkNanoseconds: Double = 1_000_000
    /// `startingScavSleepRatio`: the sleep ratio before the controller's first sample (a 1 ms
    /// burst is followed by a 1 s sleep) and after a controller failure.
    static let startingSleepRatio = 0.001
    /// `scavengeQuantum` (64 KiB) in runtime pages: the burst releases this much at a time and
    /// checks its goals before each.
    static let quantumPages: UInt64 = (64 << 10) / Heap.pageSize

    var parked: Bool { state == .parked }

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

    /// Background scavenging from `now` during `nanoseconds` of elapsed time: a runnable
    /// scavenger bursts at once, a sleeping one when its timer fires (scavengerState.run, sleep).
    func runBackground(from now: UInt64, for nanoseconds: UInt64, pages: inout PageAllocator, retained: UInt64,
                       mappedReady: UInt64) {
        let end = now + nanoseconds
        var at = now, retained = retained, mappedReady = mappedReady
        while true {
            switch state {
            case .parked:
                return
            case .runnable:
                break
            case .sleeping(let since, let until, let worked):
                guard until <= end else { return }
                at = max(until, at)
                resume(slept: Double(at - since), worked: worked)
            }
            let released = burst(at: at, pages: &pages, retained: retained, mappedReady: mappedReady) * Heap.pageSize
            retained -= min(retained, released)
            mappedReady -= min(mappedReady, released)
        }
    }

    /// scavengerState.run and sleep: 64 KiB at a time until 1 ms of work, the goals are met
    /// (shouldStop, checked before each quantum) or nothing eligible is left; with nothing
    /// released it parks, else it sleeps worked / sleepRatio. Returns the pages released.
    private func burst(at now: UInt64, pages: inout PageAllocator, retained: UInt64, mappedReady: UInt64) -> UInt64 {
        let backlog = backlogPages(retained: retained, mappedReady: mappedReady)
        let nanosecondsPerPage = Double(GoConstants.physPagesPerPage * nanosecondsPerReleasedPage)
        let quantumNanoseconds = Double(Scavenger.quantumPages) * nanosecondsPerPage
        let quantaForMinimumWork = UInt64((Scavenger.minimumWorkNanoseconds / quantumNanoseconds).rounded(.up))
        let quantaForGoal = (backlog + Scavenger.quantumPages - 1) / Scavenger.quantumPages
        let released = backlog == 0 ? 0 : pages.scavenge(maxPages: min(quantaForMinimumWork, quantaForGoal) * Scavenger.quantumPages,
                                                         force: false, denseRule: denseRule)
        guard released > 0 else {
            state = .parked
            return 0
        }
        // sleep(worked): the timer starts when the work is done; the controller is told at least
        // minScavWorkTime (scavengeCostRatio is 0 on Linux).
        let worked = Double(released) * nanosecondsPerPage
        let charged = max(worked, Scavenger.minimumWorkNanoseconds)
        let since = now + UInt64(worked)
        state = .sleeping(since: since, until: since + UInt64(charged / sleepRatio), worked: charged)
        return released
    }

    /// The end of a sleep of `slept` ns after `worked` ns of work: the controller's new sample
    /// (the CPU fraction of all GOMAXPROCS' time against scavengePercent).
    private func resume(slept: Double, worked: Double) {
        state = .runnable
        if controllerCooldown > 0 {
            controllerCooldown = slept + worked > controllerCooldown ? 0 : controllerCooldown - (slept + worked)
            return
        }
        let cpuFraction = worked / ((slept + worked) * Double(gomaxprocs))
        if let ratio = controller.next(input: cpuFraction, setpoint: Double(GoConstants.scavengePercent) / 100,
                                       period: slept + worked) {
            sleepRatio = ratio
        } else {
            sleepRatio = Scavenger.startingSleepRatio
            controllerCooldown = 5e9
        }
    }

    /// scavenger.wake() at `now`: a parked or sleeping scavenger becomes runnable (a sleep ends
    /// early). `concurrentWithMark`: woken at sweep termination with another P free, it runs
    /// while the cycle marks and is still awake when mark termination makes more memory
    /// eligible; otherwise it looks for work at once and parks if nothing is eligible now.
    func wake(now: UInt64, concurrentWithMark: Bool, pages: PageAllocator, retained: UInt64, mappedReady: UInt64) {
        sysmonWakeRequested = nil
        switch state {
        case .runnable:
            break
        case .parked:
            state = .runnable
        case .sleeping(let since, _, let worked):
            guard now >= since else { return } // still working its burst
            resume(slept: Double(now - since), worked: worked)
        }
        if concurrentWithMark { return }
        if backlogPages(retained: retained, mappedReady: mappedReady) == 0
            || pages.scavengeablePages(denseRule: denseRule) == 0 { state = .parked }
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

/// Where the background scavenger goroutine is.
enum BackgroundState: Equatable {
    /// Parked until a wake (it found nothing to release).
    case parked
    /// Woken: its next burst comes at the next moment of elapsed time (injectglist).
    case runnable
    /// Asleep after a burst: the timer runs from `since` (the burst's end) to `until`; `worked`
    /// is the work time the controller is told (at least minScavWorkTime).
    case sleeping(since: UInt64, until: UInt64, worked: Double)
}

/// The scavenger's piController (runtime/mgcscavenge.go) with its tuning: input the CPU
/// fraction measured over a burst and its sleep, output the next sleep ratio.
struct SleepController {
    static let kp = 0.3375
    static let ti = 3.2e6
    static let tt = 1e9
    static let minimum = 0.001
    static let maximum = 1000.0
    private(set) var errIntegral = 0.0

    /// piController.next: nil when the integral overflowed (the controller resets).
    mutating func next(input: Double, setpoint: Double, period: Double) -> Double? {
        let rawOutput = Self.kp * (setpoint - input) + errIntegral
        guard rawOutput.isFinite else { errIntegral = 0; return nil }
        let output = min(max(rawOutput, Self.minimum), Self.maximum)
        errIntegral += (Self.kp * period / Self.ti) * (setpoint - input) + (period / Self.tt) * (output - rawOutput)
        guard errIntegral.isFinite else { errIntegral = 0; return nil }
        return output
    }
}
