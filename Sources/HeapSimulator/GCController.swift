// GCController: the GC's pacing and its phase: the pacer's inputs, the goal and trigger, the
// state of the mark in progress or of the sweep that follows it, and the GC statistics.
//
// What it models: `mgcpacer.go` (gcControllerState: heapLive, heapMarked, the goal, the
// trigger, assist pacing, endCycle's cons/mark), `mgc.go`'s phase (`gcphase`, `work`), and
// `mgcsweep.go`'s sweeper state (the unswept span sets and the proportional sweep's debt), with
// the GC statistics MemStats reports (NumGC, pauses, LastGC, GC CPU).
//
// Why the real thing exists: a concurrent collector must decide when to start (the trigger), how
// much the mutator pays while it marks (assists) and how fast the sweep must go; one owner of
// those numbers keeps them consistent.
//
// Component: `GCController` owns the pacer and the phase (`GCPhase`: idle, marking with its
// `MarkState`, sweeping with its `SweepState`); their fields can only change here. The cycle
// itself (sweep termination, marking the spans, mark termination, sweeping a span) is run by
// the coordinator (GarbageCollector.swift), which calls into this controller and into the
// other components. Allocation reports heap growth with `heapLiveGrew`, and `dueEvent` says
// which event that growth made due (`GCEvent`: the trigger reached, or the mark paid for); it
// also reports the scannable bytes it allocates (`scanAllocated`, the mcache's scanAlloc) and
// each small-span refill (`flushScanAlloc`), from which this controller keeps Go's heapScan.
//
// Simplification: see GarbageCollector.swift and Pacer.swift; marking is measured in heap
// bytes, not time, so the mark state holds where marking ends in bytes. At GOMAXPROCS > 1 the
// background mark workers are one decision per cycle, made when it starts: either they finish
// the scan work first (the mark ends a measured termination latency later, at the allocation
// rate of the statement that started the cycle) or the assists do (as with one P); real Go
// decides it cycle by cycle with the OS's scheduling of the idle Ps' threads. At GOMAXPROCS 1
// the assists stop short of a cycle's work that heapScan lacks (`assistWorkBeforeTheyStop`), or
// pace all of it while the fractional worker races them (`PacedFractionalWorker`); sysmon's
// preemption, which lets the worker run, comes one fixed delay
// (Calibration.sysmonPreemptionDelayNanoseconds) after the worker could finish, not on sysmon's
// clock, and a worker's slice that does not finish the mark is taken as on the assists' pace
// line (their utilization counts the pace line's work as theirs). A mark's CPU time has three
// rates (MarkState.scanNanoseconds): Green Tea's span path for 16-512-byte pointer objects
// (Calibration.spanScanRateRatio), the program's large pointer objects, mostly nil words
// (Calibration.largeObjectScanRateRatio), and one rate for everything else, the stacks included.
// Assists are paced as one stream of at least gcOverAssistWork each (where the last one starts
// sets the mark's end in heap bytes); only before a large object whose charge buys more than that
// does an assist's own budget decide whether the object is allocated inside the mark
// (`assistEndsMark`), and revise's ratio is taken as fixed through the cycle.

/// Why a cycle starts.
enum GCKind { case heap, forced, periodic }

/// A liveness change the program made while a cycle was marking, applied at its mark termination.
enum DroppedReferences {
    /// Every object of the cohort became unreachable.
    case all(Cohort)
    /// Only the positions that are multiples of `modulus` stay reachable.
    case thinned(Cohort, modulus: UInt64)
}

/// What the GC reports in MemStats.
struct GCStats {
    var numGC: UInt64 = 0
    var numForcedGC: UInt64 = 0
    var pauseTotal: UInt64 = 0
    var pauseNs = [UInt64](repeating: 0, count: 256)
    var pauseEnd = [UInt64](repeating: 0, count: 256)
    var lastGCUnix: UInt64 = 0
    /// Monotonic time of the end of the last cycle (nil before the first).
    var lastGCMonotonic: UInt64?
    var gcCPUNanoseconds: UInt64 = 0
}

/// What heap growth made due.
enum GCEvent: Equatable {
    case none
    /// heapLive reached the trigger: a cycle starts (gcTrigger.test).
    case triggerReached
    /// The assists have paid for the mark in progress: mark termination.
    case markDone
}

/// The GC's phase. Go: `gcphase` (_GCoff, _GCmark, _GCmarktermination) plus whether the sweep of
/// the last cycle is finished (`sweep.active`, `mheap_.sweepgen`).
enum GCPhase {
    /// No cycle marks and the last cycle's sweep is finished (or there was none).
    case idle
    /// A cycle marks: allocation is black, the mutator pays assists.
    case marking(MarkState)
    /// The last cycle's sweep is not finished: unswept spans are swept lazily and proportionally.
    case sweeping(SweepState)
}

/// Who finishes a mark's scan work, and so what ends it (Go: the assist that finds no work left
/// calls gcMarkDone itself; a background worker that finishes it calls gcMarkDone on its own P
/// while the mutator keeps running).
enum MarkCompletion: Equatable {
    /// The mutator's assists pay for the mark as it allocates; the assist that does the last of the
    /// work ends it (GOMAXPROCS=1, and at GOMAXPROCS > 1 when the background workers fall behind
    /// the assist pacing).
    case assists
    /// Background mark workers on the Ps the program leaves idle finish the scan work before the
    /// assists would, and the mark ends a termination latency later (GOMAXPROCS > 1).
    case backgroundWorkers
}

/// How the assists pay for a mark: scan work per byte of assist charge, and the least budget with
/// which one assist finishes the cycle's work.
struct AssistPacing {
    let scanWorkPerByte: Double
    let finishingBudget: UInt64
}

/// GOMAXPROCS = 1, a mark whose assists are paced to do all of its scan work: the fractional
/// worker runs only when sysmon preempts the program, and then until its time passes 1.2 × 25 %
/// of the mark's (`workerShare` = 3/7 of the program's time since its last turn, the assists'
/// scanning included), or until no work is left, which ends the mark. revise keeps the work done
/// (the assists' and the worker's) on the assists' pace line, so a slice the worker does early
/// only lowers what the assists do after it: the mark ends early only at a preemption whose slice
/// covers all the work the pace line has not reached. Program time P counts the allocation time
/// and the assists' scanning A (on the pace line); the worker could finish once
/// A + workerShare · min(P, preemptionPeriod) reaches the cycle's scan time T, and sysmon preempts
/// `preemptionDelay` of program time later: the mark ends at the first P at which that held
/// `preemptionDelay` before (the assists' scanning then taken at their share of program time).
struct PacedFractionalWorker {
    /// The worker's time per unit of the program's: 1.2 × 0.25 / (1 − 1.2 × 0.25) = 3/7.
    let workerShare: Double
    /// The cycle's scan time T and scan work (heap, stacks, globals).
    let totalScanNanoseconds: Double
    let totalWork: UInt64
    /// The assists' scan work per byte of charge (the cycle's work over the paced runway).
    let assistWorkPerChargedByte: Double
    /// Program time from the moment the worker could finish to sysmon's preemption.
    let preemptionDelay: Double
    /// Program time between two of sysmon's preemptions of a goroutine that never blocks.
    let preemptionPeriod: Double

    var scanNanosecondsPerWork: Double { totalWork > 0 ? totalScanNanoseconds / Double(totalWork) : 0 }

    func assistScanNanoseconds(charged: UInt64) -> Double {
        min(Double(charged) * assistWorkPerChargedByte, Double(totalWork)) * scanNanosecondsPerWork
    }

    /// The assists' scan time per byte charged.
    var assistScanNanosecondsPerByte: Double { assistWorkPerChargedByte * scanNanosecondsPerWork }

    /// The assists' share of program time while they pace, at `nanosecondsPerByte` of allocation.
    func assistShare(nanosecondsPerByte: Double) -> Double {
        let rate = assistScanNanosecondsPerByte
        return nanosecondsPerByte + rate > 0 ? rate / (nanosecondsPerByte + rate) : 0
    }

    /// Scan time still missing before the preemption that ends the mark (≤ 0: it has come).
    func deficit(charged: UInt64, mutatorNanoseconds: Double, nanosecondsPerByte: Double) -> Double {
        let assisted = assistScanNanoseconds(charged: charged)
        let assistShare = assisted < totalScanNanoseconds ? self.assistShare(nanosecondsPerByte: nanosecondsPerByte) : 0
        let program = mutatorNanoseconds + assisted
        let slice = workerShare * min(max(program - preemptionDelay, 0), preemptionPeriod)
        return totalScanNanoseconds - (assisted - assistShare * min(preemptionDelay, program)) - slice
    }

    /// Heap bytes the program can allocate, at `nanosecondsPerByte`, before the mark ends this way:
    /// the deficit falls linearly in program time in three stretches: until the delay has passed
    /// (the assists' part and its delay term cancel), while the worker's slice grows, after it is
    /// whole.
    func bytesBeforeDone(charged: UInt64, mutatorNanoseconds: Double, nanosecondsPerByte: Double,
                         assistChargePerHeapByte: Double) -> UInt64 {
        var missing = deficit(charged: charged, mutatorNanoseconds: mutatorNanoseconds, nanosecondsPerByte: nanosecondsPerByte)
        guard missing > 0 else { return 0 }
        let assistPerByte = assistScanNanosecondsPerByte * assistChargePerHeapByte
        let programPerByte = nanosecondsPerByte + assistPerByte
        guard programPerByte > 0 else { return UInt64(Int64.max) }
        let assistShare = self.assistShare(nanosecondsPerByte: nanosecondsPerByte)
        var program = mutatorNanoseconds + assistScanNanoseconds(charged: charged)
        var bytes = 0.0
        let stretches: [(end: Double, fall: Double)] = [
            (preemptionDelay, assistPerByte - assistShare * programPerByte),
            (preemptionDelay + preemptionPeriod, assistPerByte + workerShare * programPerByte),
            (Double.infinity, assistPerByte),
        ]
        for stretch in stretches where program < stretch.end {
            let length = (stretch.end - program) / programPerByte
            if stretch.fall > 0 && missing <= stretch.fall * length {
                bytes += missing / stretch.fall
                return UInt64(min(bytes.rounded(.up), Double(UInt64(Int64.max))))
            }
            missing -= stretch.fall * length
            bytes += length
            program = stretch.end
        }
        return UInt64(Int64.max)
    }
}

/// GOMAXPROCS = 1: how the fractional worker can end a mark.
enum FractionalWorker {
    /// The assists pace all of the mark's work, and the worker races them.
    case racesThePacedAssists(PacedFractionalWorker)
    /// The assists stop short of the work (`MarkState.assistWorkBeforeStop`); the worker has
    /// finished the rest once the program has allocated for this long since the mark began.
    case finishesAfter(allocationNanoseconds: Double)
}

/// The mark in progress: from the trigger until heapLive reaches its end.
final class MarkState {
    /// heapLive when the cycle started (Go's `triggered`).
    let triggered: UInt64
    /// heapLive at which marking ends (the goal when the cycle started, at least triggered + 64 KiB).
    fileprivate(set) var markEnd: UInt64 = 0
    /// What ends the mark (set with markEnd).
    fileprivate(set) var completion: MarkCompletion = .assists
    /// Bytes the mutator has been charged for assists since the trigger (deductAssistCredit: the
    /// requested size of each large object, the refilled span bytes for small ones, 16 + (k − 1)
    /// × size for each tiny block of k objects). The mark ends when the charge passes markEnd −
    /// triggered, the credit its assists paid ahead.
    fileprivate(set) var assistChargedBytes: UInt64 = 0
    /// GOMAXPROCS = 1: the mutator's allocation time since the trigger.
    fileprivate(set) var mutatorNanoseconds: Double = 0
    /// The mutator's modelled allocation time (GCController.mutatorNanoseconds) when it started.
    let mutatorNanosecondsAtStart: UInt64
    /// Scan work of the cycle (heap part, stack part), known from what is reachable at its start.
    let heapScanWork: UInt64
    let stackScanWork: UInt64
    /// Of the heap scan work, the bytes Green Tea scans span by span (SweepContribution.spanScanBytes).
    let spanPathScanBytes: UInt64
    /// revise's maxScanWork, fixed when the cycle starts: Go's heapScan plus the stacks and globals.
    let maxScanWork: UInt64
    /// The scan work the assists do before they stop, when the cycle's work is more than revise
    /// expects at most (nil: the assists can do all of it; GCController.assistWorkBeforeTheyStop).
    fileprivate(set) var assistWorkBeforeStop: UInt64?
    /// When the assists pay for the whole mark: revise's scan work per byte charged and the least
    /// budget with which one assist finishes the cycle's work (GCController.assistPacing).
    fileprivate(set) var assistPacing: AssistPacing?
    /// The live large pointer-holding objects (size, count) at its start, scanned in oblets.
    let largeScanObjects: [(bytes: UInt64, count: UInt64)]
    /// Of their bytes, those of the program's own objects, whose words are mostly nil
    /// (`LargePointers.sparse`): the mark scans them at `Calibration.largeObjectScanRateRatio`.
    let sparseLargeScanBytes: UInt64
    /// Those of them grey before any root job: the program's garbage sink's, which the write
    /// barrier shades at the program's first pointer store after the cycle starts (the object
    /// before the one that started the cycle, and that one).
    let largeObjectsGreyAtStart: [(bytes: UInt64, count: UInt64)]
    /// What the program drops while marking: allocated black, dead from the next cycle on.
    private(set) var blackGarbage: Cohort?
    /// References the program dropped while marking (`free`, `keep 1 in K`): the deletion write
    /// barrier shaded what they pointed to, so the objects survive this cycle and die after it.
    private(set) var droppedWhileMarking: [DroppedReferences] = []

    /// The CPU time of `heapAndStacks` bytes of this cycle's heap and stack work and of `globals`
    /// bytes of globals: each path's share of the bytes (its share of the cycle's work) at its
    /// rate: Green Tea's span path (SweepContribution.spanScanBytes) at `scanBytesPerNanosecond` ×
    /// `spanScanRateRatio`, the program's large pointer objects (`sparseLargeScanBytes`) at
    /// `scanBytesPerNanosecond` × `largeObjectScanRateRatio`, the rest at `scanBytesPerNanosecond`.
    func scanNanoseconds(heapAndStacks: UInt64, calibration: Calibration, globals: UInt64) -> Double {
        let atObjectRate = calibration.scanNanoseconds(heapAndStacks: heapAndStacks, globals: globals)
        let work = heapScanWork + stackScanWork
        guard work > 0 else { return atObjectRate }
        let share = Double(heapAndStacks) / Double(work) / calibration.scanBytesPerNanosecond
        let spanPathBytes = Double(min(spanPathScanBytes, work))
        let largeBytes = min(Double(sparseLargeScanBytes), Double(work) - spanPathBytes)
        return atObjectRate - share * spanPathBytes * (1 - 1 / calibration.spanScanRateRatio)
            - share * largeBytes * (1 - 1 / calibration.largeObjectScanRateRatio)
    }

    fileprivate init(triggered: UInt64, mutatorNanosecondsAtStart: UInt64, heapScanWork: UInt64,
                     spanPathScanBytes: UInt64, stackScanWork: UInt64,
                     maxScanWork: UInt64, largeScanObjects: [(bytes: UInt64, count: UInt64)], sparseLargeScanBytes: UInt64,
                     largeObjectsGreyAtStart: [(bytes: UInt64, count: UInt64)], dropped: [DroppedReferences]) {
        self.triggered = triggered
        self.mutatorNanosecondsAtStart = mutatorNanosecondsAtStart
        self.heapScanWork = heapScanWork
        self.spanPathScanBytes = spanPathScanBytes
        self.stackScanWork = stackScanWork
        self.maxScanWork = maxScanWork
        self.largeScanObjects = largeScanObjects
        self.sparseLargeScanBytes = sparseLargeScanBytes
        self.largeObjectsGreyAtStart = largeObjectsGreyAtStart
        droppedWhileMarking = dropped
    }

    /// The assist credit left before the last assist.
    var remainingAssistCredit: UInt64 {
        let credit = markEnd - min(markEnd, triggered)
        return credit - min(credit, assistChargedBytes)
    }

    /// GOMAXPROCS = 1: how the fractional worker can end this mark (nil at GOMAXPROCS > 1).
    fileprivate(set) var fractionalWorker: FractionalWorker?

    /// A paced mark's worker, when the assists pace this mark.
    var pacedWorker: PacedFractionalWorker? {
        if case .racesThePacedAssists(let worker) = fractionalWorker { return worker }
        return nil
    }

    /// The scan time the assists have done: the work their charge paid for at the paced ratio.
    var pacedAssistScanNanoseconds: Double {
        guard let worker = pacedWorker else { return 0 }
        return worker.assistScanNanoseconds(charged: assistChargedBytes)
    }

    /// GOMAXPROCS = 1: the fractional worker can end this mark.
    var hasFractionalWorker: Bool { fractionalWorker != nil }

    /// The fractional worker has finished the scan work (alone, or with the assists' part), the
    /// program allocating at `nanosecondsPerByte`.
    func isDoneByFractionalWorker(nanosecondsPerByte: Double) -> Bool {
        switch fractionalWorker {
        case .racesThePacedAssists(let worker):
            worker.deficit(charged: assistChargedBytes, mutatorNanoseconds: mutatorNanoseconds,
                           nanosecondsPerByte: nanosecondsPerByte) <= 0
        case .finishesAfter(let allocationNanoseconds): mutatorNanoseconds >= allocationNanoseconds
        case nil: false
        }
    }

    /// The assists have paid for the whole mark, or the fractional worker has done it: it ends.
    func isDone(nanosecondsPerByte: Double) -> Bool {
        triggered + assistChargedBytes >= markEnd || isDoneByFractionalWorker(nanosecondsPerByte: nanosecondsPerByte)
    }

    /// Bytes of heapLive growth the mutator can still allocate before the mark ends, at
    /// `nanosecondsPerByte`, when each byte of growth is charged `assistChargePerHeapByte` bytes of
    /// assist debt (1 unless the allocation's charge differs from its growth: tiny objects).
    func bytesBeforeEnd(nanosecondsPerByte: Double, assistChargePerHeapByte: Double = 1) -> UInt64 {
        let credit = assistChargePerHeapByte == 1 ? remainingAssistCredit
            : UInt64((Double(remainingAssistCredit) / assistChargePerHeapByte).rounded(.up))
        switch fractionalWorker {
        case .racesThePacedAssists(let worker):
            let bytes = worker.bytesBeforeDone(charged: assistChargedBytes, mutatorNanoseconds: mutatorNanoseconds,
                                               nanosecondsPerByte: nanosecondsPerByte,
                                               assistChargePerHeapByte: assistChargePerHeapByte)
            return min(credit, bytes)
        case .finishesAfter(let done) where nanosecondsPerByte > 0:
            let left = max(0, done - mutatorNanoseconds) / nanosecondsPerByte
            return min(credit, UInt64(min(left.rounded(.up), Double(UInt64(Int64.max)))))
        case .finishesAfter, nil:
            return credit
        }
    }

    /// The cohort garbage allocated now belongs to (black: it survives this cycle).
    func blackGarbageCohort() -> Cohort {
        if let black = blackGarbage { return black }
        let black = Cohort(objectCount: UInt64(Int64.max))
        blackGarbage = black
        return black
    }

    /// The program dropped references while marking (applied at mark termination).
    func dropped(_ change: DroppedReferences) { droppedWhileMarking.append(change) }
}

/// The sweep of the last cycle: the runs it marked with dead objects, and the proportional
/// sweeper's debt.
final class SweepState {
    /// heapLive when the marked cycle started and when its mark ended: spans taken while it
    /// marked were allocated after the previous sweep and come last in the unswept lists.
    let triggered: UInt64
    let heapLiveAtMarkEnd: UInt64
    /// Runs marked at the last mark termination whose frees are not counted yet, per span class key.
    private var unswept: [Int: [SpanRun]] = [:]
    /// Pages of those runs.
    private(set) var unsweptPages: UInt64 = 0
    /// Sweep pacing, set at commit: Go's sweep debt (all in-use heap pages, pagesInUse), heapLive
    /// then, and the heap distance (trigger − heapLive − 1 MiB, at least a page) by which they
    /// must all be swept.
    private(set) var pagesAtCommit: UInt64 = 0
    /// In-use pages at commit that free nothing when swept (clean spans); how many have been
    /// walked since commit. Per span class key, those not yet walked: the pages of spans that
    /// kept every object through the last sweep, at the head of the class's lists
    /// (`headCleanByKey`, with their spans: sweepone and cacheSpan take a span at a time, a large
    /// object's of many pages), and the pages of spans filled since the last mark, among the
    /// class's queued runs (`cleanPagesByKey`).
    private(set) var cleanPages: UInt64 = 0
    private var headCleanByKey: [Int: SpanPages] = [:]
    private var cleanPagesByKey: [Int: UInt64] = [:]
    private var cleanPagesSweptSinceCommit: UInt64 = 0
    /// Per span class key: the runs this mark found clean that took objects since the previous
    /// mark (noted by markAll), and the head walked so far in this sweep.
    private var freshCleanByKey: [Int: SpanPages] = [:]
    private var headCleanWalkedByKey: [Int: SpanPages] = [:]
    private var heapLiveBasis: UInt64 = 0
    private(set) var distance: UInt64 = Heap.pageSize
    /// mheap.reclaimCredit, reclaimIndex (a page) and whether the reclaim scan has passed the last
    /// dead span; the wholly dead queued runs in address order from the index (built at the first
    /// reclaim), the next one to look at, and the tails sweeping split off (requeued).
    private var reclaimCredit: UInt64 = 0
    private var reclaimIndex: UInt64 = 0
    private var reclaimDone = false
    private var reclaimQueue: [SpanRun]?
    private var reclaimCursor = 0
    private var reclaimTails: [SpanRun] = []
    /// Unswept pages swept since commit (by any path).
    private var pagesSweptSinceCommit: UInt64 = 0
    /// GOMAXPROCS > 1: the time bgsweep has spent sweeping on its own P since the sweep began; the
    /// program's proportional sweeping is on top of it.
    private var backgroundNanosecondsSpent: UInt64 = 0
    /// GOMAXPROCS > 1: the mutator's modelled allocation time (GCController.mutatorNanoseconds)
    /// when the sweep began. bgsweep then runs on a P the program leaves idle: it yields only
    /// when no P is idle (goschedIfBusy, every 10 spans), so it sweeps at its own rate while the
    /// program allocates. nil with one P, where it runs only when the program does not.
    let backgroundSweepFrom: UInt64?

    init(triggered: UInt64, heapLiveAtMarkEnd: UInt64, backgroundSweepFrom: UInt64? = nil) {
        self.triggered = triggered
        self.heapLiveAtMarkEnd = heapLiveAtMarkEnd
        self.backgroundSweepFrom = backgroundSweepFrom
    }

    /// The mark left `run` unswept, on the list of span class `key`.
    func queue(_ run: SpanRun, key: Int) {
        unswept[key, default: []].append(run)
        unsweptPages += run.pages
    }

    /// The mark found `pages` pages of span class `key` clean in runs that took objects since the
    /// previous mark: they went on the swept sets as the program filled them, among the spans
    /// that are garbage now.
    func noteFreshClean(pages: UInt64, spans: UInt64, key: Int) {
        freshCleanByKey[key, default: SpanPages()] += SpanPages(pages: pages, spans: spans)
    }

    /// A piece split off a queued run stays queued (its pages are already counted).
    func requeue(_ tail: SpanRun, key: Int) {
        unswept[key, default: []].append(tail)
        reclaimTails.append(tail)
    }

    /// `pages` queued pages were swept.
    func swept(pages: UInt64) {
        unsweptPages -= pages
        pagesSweptSinceCommit += pages
    }

    /// The next unswept run of span class `key` (nil when the class is swept).
    func nextUnswept(key: Int) -> SpanRun? {
        while let run = unswept[key]?.last {
            if run.isUnswept { return run }
            unswept[key]!.removeLast()
        }
        return nil
    }

    /// The next unswept run in Go's sweep order (span class order).
    func nextUnswept() -> SpanRun? {
        for key in unswept.keys.sorted() {
            if let run = nextUnswept(key: key) { return run }
            unswept[key] = nil
        }
        return nil
    }

    /// sweepone's next place in span class order: the lowest class with clean pages left or a
    /// queued run, its head and interleaved clean pages left and its next queued run.
    private func nextInSweepOrder() -> (key: Int, head: UInt64, clean: UInt64, run: SpanRun?)? {
        let keys = Set(unswept.keys).union(cleanPagesByKey.keys).union(headCleanByKey.keys).sorted()
        for key in keys {
            let run = nextUnswept(key: key)
            if run == nil { unswept[key] = nil }
            let head = headCleanByKey[key].map { $0.spans > 0 ? $0.pages : 0 } ?? 0
            if head == 0 { headCleanByKey[key] = nil }
            let clean = cleanPagesByKey[key] ?? 0
            if clean == 0 { cleanPagesByKey[key] = nil }
            if head > 0 || clean > 0 || run != nil { return (key, head, clean, run) }
        }
        return nil
    }

    /// Queued pages of span class `key`.
    private func queuedPages(key: Int) -> UInt64 { queuedSpans(key: key).pages }

    /// Queued pages and spans of span class `key`.
    private func queuedSpans(key: Int) -> SpanPages {
        (unswept[key] ?? []).reduce(SpanPages()) { $1.isUnswept ? $0 + SpanPages(pages: $1.pages, spans: $1.spanCount) : $0 }
    }

    /// `pages` clean pages of class `key` walked by sweepone.
    private func walkClean(_ pages: UInt64, key: Int) {
        let taken = min(pages, cleanPagesByKey[key] ?? 0)
        cleanPagesByKey[key] = (cleanPagesByKey[key] ?? 0) - taken
        cleanPagesSweptSinceCommit += taken
    }

    /// `spans` spans of class `key`'s head walked (by sweepone or cacheSpan), with their pages
    /// (the head's mean span's when its spans differ in size).
    private func walkHead(spans: UInt64, key: Int) {
        guard let head = headCleanByKey[key], head.spans > 0 else { return }
        let taken = head.taking(spans: spans)
        headCleanByKey[key] = head - taken
        headCleanWalkedByKey[key, default: SpanPages()] += taken
        cleanPagesSweptSinceCommit += taken.pages
    }

    /// The spans of class `key`'s head that hold `pages` pages (at least one).
    private func headSpans(holding pages: UInt64, key: Int) -> UInt64 {
        guard let head = headCleanByKey[key], head.pages > 0 else { return 0 }
        return max(1, (pages * head.spans + head.pages - 1) / head.pages)
    }

    /// cacheSpan pops the class's full-unswept set from its head and sweeps up to `budget` spans
    /// (its spanBudget) looking for one with a free slot: the clean spans there free nothing.
    /// Walks them and returns true when they used up the budget, so the refill takes a fresh span
    /// (mcentral.grow); false when the refill goes on to the class's queued runs.
    func walkHeadForRefill(key: Int, budget: UInt64) -> Bool {
        let spans = headCleanByKey[key]?.spans ?? 0
        guard spans > 0, unsweptPages > 0 else { return false }
        walkHead(spans: min(spans, budget), key: key)
        return spans >= budget
    }

    /// mheap.reclaim, before the page heap hands out `wanted` pages: takes the reclaim credit
    /// first (pages sweepone freed whole, and earlier reclaims' surplus); then scans the heap in
    /// address order, 512 pages at a time (pagesPerReclaimerChunk) from where the last scan
    /// stopped, sweeping (through `sweep(run, spans)`) every wholly dead queued span that starts in
    /// the chunk, until the chunks have freed what the credit lacked; their surplus becomes
    /// credit. Once the scan passes the last dead span, reclaim is done for this sweep.
    func reclaim(pages wanted: UInt64, sweep: (SpanRun, UInt64) -> Void) {
        let fromCredit = min(reclaimCredit, wanted)
        reclaimCredit -= fromCredit
        var missing = wanted - fromCredit
        guard missing > 0, !reclaimDone else { return }
        var queue = reclaimQueue ?? unswept.values.joined().filter { $0.isUnsweptAndEmpty && $0.startPage >= reclaimIndex }
            .sorted { $0.startPage < $1.startPage }
        if reclaimQueue != nil { insertReclaimTails(into: &queue) }
        reclaimTails = []
        while missing > 0 {
            while reclaimCursor < queue.count && !queue[reclaimCursor].isUnsweptAndEmpty { reclaimCursor += 1 }
            guard reclaimCursor < queue.count else {
                reclaimDone = true
                queue = []
                break
            }
            let chunkPages = GoConstants.pagesPerReclaimerChunk
            let chunkEnd = max(reclaimIndex, queue[reclaimCursor].startPage / chunkPages * chunkPages) + chunkPages
            var found: UInt64 = 0
            while reclaimCursor < queue.count, queue[reclaimCursor].startPage < chunkEnd {
                let run = queue[reclaimCursor]
                reclaimCursor += 1
                guard run.isUnsweptAndEmpty else { continue }
                let spans = min(run.spanCount, (chunkEnd - run.startPage + run.pagesPerSpan - 1) / run.pagesPerSpan)
                found += spans * run.pagesPerSpan
                sweep(run, spans)
                // The spans past the chunk stay queued as a new run, next in address order.
                insertReclaimTails(into: &queue)
            }
            reclaimIndex = chunkEnd
            if found <= missing {
                missing -= found
            } else {
                reclaimCredit += found - missing
                missing = 0
            }
        }
        reclaimQueue = queue
    }

    /// Puts the dead runs split off since the last look (requeued by any sweeper) into `queue` in
    /// address order, ahead of the scan only.
    private func insertReclaimTails(into queue: inout [SpanRun]) {
        for tail in reclaimTails where tail.isUnsweptAndEmpty {
            var lo = reclaimCursor, hi = queue.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if queue[mid].startPage < tail.startPage { lo = mid + 1 } else { hi = mid }
            }
            queue.insert(tail, at: lo)
        }
        reclaimTails = []
    }

    /// sweepone sweeps `spans` spans of `run`: a span it frees whole adds its pages to the
    /// reclaim credit (those pages can now be used for span allocation).
    private func sweepone(_ run: SpanRun, _ spans: UInt64, _ sweep: (SpanRun, UInt64) -> Void) {
        if run.isUnsweptAndEmpty { reclaimCredit += min(spans, run.spanCount) * run.pagesPerSpan }
        sweep(run, spans)
    }

    /// gcPaceSweeper: the pages still to sweep must be swept by the time heapLive reaches the
    /// trigger. The debt is Go's sweepDistancePages: every in-use heap page (`inUsePages`, per
    /// span class key in `inUseByKey`, with their spans), not only those with dead objects. Spans
    /// taken while the last cycle marked sit at the tail of the unswept lists (FIFO spanSets, appended after
    /// the previous sweep), so the runs with dead objects are all swept before them: they count
    /// in the debt only. The spans that kept every object through the last sweep were pushed
    /// back on the swept sets as that sweep walked them, before the spans filled after it: they
    /// sit at the head of their class's lists, where sweepone and cacheSpan walk them first. The
    /// other clean spans were filled since the last mark, among the queued runs of their class,
    /// and take their share as sweepone reaches that class.
    func pace(inUsePages: UInt64, inUseByKey: [Int: SpanPages], heapLive: UInt64, trigger: UInt64) {
        let inUse = max(inUsePages, unsweptPages)
        let allocatedWhileMarking = heapLiveAtMarkEnd > triggered ? (heapLiveAtMarkEnd - triggered) / Heap.pageSize : 0
        // Per class: its in-use pages less its queued ones, split into the head (clean through the
        // last sweep, less what this sweep has walked of it) and those filled since the last mark;
        // the spans taken while marking sit at the tails of their lists (after everything sweepone
        // walks first), taken out of the latter in proportion.
        var head: [Int: SpanPages] = [:]
        var fresh: [Int: UInt64] = [:]
        for (key, inUse) in inUseByKey {
            let queued = queuedSpans(key: key)
            guard inUse.pages > queued.pages else { continue }
            let clean = inUse - queued.clamped(to: inUse)
            let f = (freshCleanByKey[key] ?? SpanPages()).clamped(to: clean)
            if f.pages > 0 { fresh[key] = f.pages }
            let h = clean - f
            let left = h - (headCleanWalkedByKey[key] ?? SpanPages()).clamped(to: h)
            if left.pages > 0 && left.spans > 0 { head[key] = left }
        }
        let total = fresh.values.reduce(0, +)
        let keep = total - min(total, allocatedWhileMarking)
        headCleanByKey = head
        cleanPagesByKey = total == 0 ? [:] : fresh.mapValues { UInt64((Double($0) * Double(keep) / Double(total)).rounded(.down)) }
        cleanPages = cleanPagesByKey.values.reduce(0, +) + head.values.reduce(0) { $0 + $1.pages }
        cleanPagesSweptSinceCommit = 0
        pagesAtCommit = inUse
        pagesSweptSinceCommit = 0
        heapLiveBasis = heapLive
        var d = trigger > heapLive ? trigger - heapLive : 0
        d = d > GoConstants.sweepMinHeapDistance ? d - GoConstants.sweepMinHeapDistance : 0
        distance = max(d, Heap.pageSize)
    }

    /// bgsweep's sweepone `spans` times: each class's head of clean spans, then the spans of its
    /// queued runs and its other clean spans among them in proportion (each clean page taken as
    /// one span).
    func sweepSpans(_ spans: UInt64, sweep: (SpanRun, UInt64) -> Void) {
        _ = sweepInOrder(budget: spans, freedSpan: 1, keptSpan: 1, sweep: sweep)
    }

    /// bgsweep at GOMAXPROCS > 1 has had `nanoseconds` on its own P since the sweep began, beside
    /// what the program sweeps itself: sweeps, in sweepone's order, what that time has not paid
    /// for yet. A span whose objects all died costs `freedSpan` (it goes back to the page heap); a
    /// span that keeps objects, or a clean page walked, costs `keptSpan`.
    func sweepInBackground(forNanoseconds nanoseconds: UInt64, freedSpan: UInt64, keptSpan: UInt64,
                           sweep: (SpanRun, UInt64) -> Void) {
        guard nanoseconds > backgroundNanosecondsSpent else { return }
        backgroundNanosecondsSpent += sweepInOrder(budget: nanoseconds - backgroundNanosecondsSpent,
                                                   freedSpan: freedSpan, keptSpan: keptSpan, sweep: sweep)
    }

    /// sweepone in its order until `budget` is spent: each span of a queued run costs `freedSpan`
    /// when nothing in it was marked and `keptSpan` otherwise, each clean page walked `keptSpan`
    /// (each clean page taken as one span; each span of a class's head as one); within a class
    /// the head comes first, then the other clean pages take their part of the spans walked.
    /// Always sweeps at least one span once started, so it may overspend by one. Returns what it
    /// spent.
    private func sweepInOrder(budget: UInt64, freedSpan: UInt64, keptSpan: UInt64,
                              sweep: (SpanRun, UInt64) -> Void) -> UInt64 {
        let keptCost = max(1, keptSpan)
        var spent: UInt64 = 0
        while spent < budget, unsweptPages > 0, let next = nextInSweepOrder() {
            let left = budget - spent
            if next.head > 0 {
                let spans = max(1, left / keptCost)
                let available = headCleanByKey[next.key]?.spans ?? 0
                walkHead(spans: spans, key: next.key)
                spent += min(spans, available) * keptCost
                continue
            }
            guard let run = next.run else {
                let pages = min(next.clean, max(1, left / keptCost))
                walkClean(pages, key: next.key)
                spent += pages * keptCost
                continue
            }
            let cost = run.isUnsweptAndEmpty ? max(1, freedSpan) : keptCost
            // The class's queued and clean spans are interleaved in its lists: the spans the budget
            // walks there, at their mean cost, split between them in that proportion.
            let queued = queuedPages(key: next.key)
            let walked = Double(left) * Double(queued + next.clean)
                / (Double(queued) * Double(cost) + Double(next.clean) * Double(keptCost))
            let dirty = max(1, UInt64((walked * Double(queued) / Double(queued + next.clean)).rounded(.up)))
            let clean = min((left - min(left, dirty * cost)) / keptCost, next.clean)
            walkClean(clean, key: next.key)
            let taken = min(dirty, run.spanCount)
            sweepone(run, taken, sweep)
            spent += taken * cost + clean * keptCost
        }
        return spent
    }

    /// deductSweepCredit with heapLive at `live`: sweeps (through `sweep(run, spans)`) until the
    /// debt due at this heapLive is paid.
    func sweepProportionally(heapLive live: UInt64, sweep: (SpanRun, UInt64) -> Void) {
        let progress = live > heapLiveBasis ? live - heapLiveBasis : 0
        let target = progress >= distance ? pagesAtCommit
            : UInt64(Double(pagesAtCommit) * Double(progress) / Double(distance))
        while pagesSweptSinceCommit + cleanPagesSweptSinceCommit < target, unsweptPages > 0, let next = nextInSweepOrder() {
            let missing = target - pagesSweptSinceCommit - cleanPagesSweptSinceCommit
            // sweepone walks the classes in order, each class's head first, then its other clean
            // spans among its queued ones: they take their share of the debt.
            if next.head > 0 {
                walkHead(spans: headSpans(holding: min(missing, next.head), key: next.key), key: next.key)
                continue
            }
            guard let run = next.run else {
                walkClean(min(missing, next.clean), key: next.key)
                continue
            }
            let queued = queuedPages(key: next.key)
            let dirtyShare = max(1, UInt64((Double(missing) * Double(queued) / Double(queued + next.clean)).rounded(.up)))
            walkClean(missing - min(dirtyShare, missing), key: next.key)
            sweepone(run, (dirtyShare + run.pagesPerSpan - 1) / run.pagesPerSpan, sweep)
        }
    }
}

/// Pages and the spans that hold them (of one span class's lists, or in use).
struct SpanPages: Equatable {
    var pages: UInt64 = 0
    var spans: UInt64 = 0

    static func + (a: SpanPages, b: SpanPages) -> SpanPages { SpanPages(pages: a.pages + b.pages, spans: a.spans + b.spans) }
    static func += (a: inout SpanPages, b: SpanPages) { a = a + b }
    /// `a` less `b`, where `b` is at most `a` in both.
    static func - (a: SpanPages, b: SpanPages) -> SpanPages { SpanPages(pages: a.pages - b.pages, spans: a.spans - b.spans) }

    /// This, at most `limit` in pages and in spans.
    func clamped(to limit: SpanPages) -> SpanPages { SpanPages(pages: min(pages, limit.pages), spans: min(spans, limit.spans)) }

    /// `n` of these spans (all when n reaches their count) and their pages, the mean span's when
    /// they differ in size.
    func taking(spans n: UInt64) -> SpanPages {
        if n >= spans { return self }
        return SpanPages(pages: pages * n / spans, spans: n)
    }
}

/// The GC controller: pacer, goal and trigger, phase, statistics.
final class GCController {
    private let profile: GoProfile
    private let calibration: Calibration
    /// GOMAXPROCS: how many Ps the background mark workers can use besides the program's.
    private let gomaxprocs: Int
    /// The machine has fewer CPUs than Ps (SimulatorConfiguration.cpuCount).
    private let oversubscribed: Bool
    /// The pacer's inputs and measurements (GOGC, the limit, heapLive, heapMarked, cons/mark).
    private(set) var pacer = Pacer()
    /// The goal committed for GOGC or the memory limit (the smaller), and the trigger of the next
    /// automatic cycle.
    private(set) var committedHeapGoal: UInt64 = Heap.heapMinimum
    /// The memory limit's goal is below GOGC's: the goal takes no runway.
    private var goalIsMemoryLimits = false
    /// heapLive when the cycle in progress started (Go's `triggered`), until endCycle has recorded
    /// its goal (resetLive).
    private(set) var lastTriggered: UInt64?
    /// Go's heapGoal() (heapGoalInternal): NextGC, the goal revise paces the assists toward and
    /// endCycle records. In Go, while a cycle marks outside the memory limit's regime, it is at
    /// least minRunway (64 KiB) above the heapLive at which the cycle started: when the allocation
    /// that crossed the trigger also crossed the committed goal (a large object), the mark has a
    /// goal above its trigger, which revise extends when the cycle finds more scan work than
    /// expected. Simplification: the pacing here keeps the committed goal, without minRunway:
    /// with minRunway the point scored worse on the seed-3 20-run P=1 bands of 2026-12-05 (HeapSys
    /// p90 2.09 -> 3.51 %, NextGC 4.45 -> 7.54 %, Tutorials/held-out-fidelity.md). NextGC
    /// (`reportedHeapGoal`), the first assist of a cycle whose assists stop short
    /// (`assistWorkBeforeTheyStop`) and a large object's assist (`assistPacing`) take Go's.
    var heapGoal: UInt64 { committedHeapGoal }
    /// What NextGC reports: Go's heapGoal(), at least minRunway above the heapLive at which the
    /// cycle in progress started (outside the memory limit's regime), whatever `heapGoal` takes
    /// for the point's pacing.
    var reportedHeapGoal: UInt64 {
        guard let triggered = lastTriggered, !goalIsMemoryLimits else { return heapGoal }
        return max(heapGoal, triggered + GoConstants.minRunway)
    }
    private(set) var heapTrigger: UInt64 = UInt64(Int64.max)
    private(set) var phase: GCPhase = .idle
    private(set) var stats = GCStats()
    /// heapLive when the last mark ended.
    private(set) var heapLiveAtLastMarkEnd: UInt64 = 0
    /// The sweep of the last cycle (kept after it ends, for reading its pacing).
    private(set) var lastSweep: SweepState?
    /// Modelled mutator CPU per heap byte of the program's allocation in progress (Calibration
    /// costs, measured over the statement so far); the runtime's own allocations do not set it.
    private(set) var mutatorNanosecondsPerByte: Double = 0
    /// The mutator's modelled allocation time so far (Calibration costs of every allocation, the
    /// program's and the runtime's it makes on the program's behalf). Only grows.
    private(set) var mutatorNanoseconds: UInt64 = 0
    /// No cycle may start (`withoutTrigger`).
    private var triggerHeld = false
    /// The mcache's scanAlloc: scannable bytes allocated since its last flush (Go adds each small
    /// object's scan size and each large pointer object's whole span; a small-span refill
    /// flushes it).
    private var scanAllocPending: UInt64 = 0
    /// The size of the objects the program is allocating: the first assist of a cycle is charged
    /// one of them (deductAssistCredit).
    private var allocationObjectBytes: UInt64 = 0

    init(profile: GoProfile, calibration: Calibration, gomaxprocs: Int = 1, cpuCount: Int? = nil) {
        self.profile = profile
        self.calibration = calibration
        self.gomaxprocs = max(1, gomaxprocs)
        oversubscribed = cpuCount.map { $0 < max(1, gomaxprocs) } ?? false
        pacer.consMarkEstimate = profile.consMarkEstimate
    }

    /// The mark in progress, if any.
    var marking: MarkState? { if case .marking(let m) = phase { m } else { nil } }
    /// The sweep in progress, if any.
    var sweeping: SweepState? { if case .sweeping(let s) = phase { s } else { nil } }
    var isMarking: Bool { marking != nil }
    /// Pages the sweep has still to sweep (0 when no sweep is pending).
    var unsweptPages: UInt64 { sweeping?.unsweptPages ?? 0 }

    // MARK: inputs

    /// debug.SetGCPercent (nil = off).
    func setGCPercent(_ percent: Int?) { pacer.gcPercent = percent.map { max(0, $0) } }
    /// debug.SetMemoryLimit (nil = off).
    func setMemoryLimit(_ bytes: UInt64?) { pacer.memoryLimit = bytes }
    /// The start-up state: globals to scan, heapLive and heapScan at main's first statement (the
    /// runtime's start-up allocations refilled many spans: their scan bytes are taken as flushed).
    func adoptStartup(globalsScan: UInt64, heapLive: UInt64, heapScan: UInt64) {
        pacer.globalsScan = globalsScan
        pacer.heapLive = heapLive
        pacer.heapScan = heapScan
        scanAllocPending = 0
    }
    /// The program allocates objects of `bytes` each. A cycle that the last object of the statement
    /// before started has its first assist charged one of these.
    func allocating(objectBytes bytes: UInt64) {
        allocationObjectBytes = bytes
        if let mark = marking, mark.assistChargedBytes == 0 { mark.markEnd = endOfMark(mark) }
    }
    /// `bytes` of scannable objects were allocated (mcache.scanAlloc).
    func scanAllocated(_ bytes: UInt64) { scanAllocPending += bytes }
    /// A small-span refill flushes scanAlloc (gcController.update): into heapScan between
    /// cycles; while a cycle marks, heapScan is fixed and the flushed bytes are dropped.
    func flushScanAlloc() {
        if marking == nil { pacer.heapScan += scanAllocPending }
        scanAllocPending = 0
    }
    /// The cost of the allocation in progress, per byte (for cons/mark's assist share).
    func allocating(nanosecondsPerByte: Double) { mutatorNanosecondsPerByte = nanosecondsPerByte }
    /// The mutator spent `nanoseconds` allocating (for cons/mark's assist share).
    func mutatorAllocated(nanoseconds: UInt64) { mutatorNanoseconds += nanoseconds }

    /// heapLive grew by `bytes` (an mcache refill or large objects); while marking, the mutator is
    /// charged `assistCharge` bytes against its assist credit.
    func heapLiveGrew(by bytes: UInt64, assistCharge: UInt64) {
        pacer.heapLive += bytes
        if let mark = marking {
            mark.assistChargedBytes += assistCharge
            mark.mutatorNanoseconds += Double(bytes) * mutatorNanosecondsPerByte
            if mark.isDoneByFractionalWorker(nanosecondsPerByte: mutatorNanosecondsPerByte)
                && mark.triggered + mark.assistChargedBytes < mark.markEnd {
                mark.completion = .backgroundWorkers
            }
        }
    }

    /// Unused slots of uncached spans leave heapLive.
    func heapLiveShrank(by bytes: UInt64) { pacer.heapLive -= min(pacer.heapLive, bytes) }

    /// heapLive at which the next GC event (trigger, or end of mark) happens, for an allocation
    /// charged `assistChargePerHeapByte` bytes of assist debt per byte heapLive grows by.
    func nextEventHeapLive(assistChargePerHeapByte: Double = 1) -> UInt64 {
        if let mark = marking { return pacer.heapLive + markBytesLeft(mark, assistChargePerHeapByte: assistChargePerHeapByte) }
        return heapTrigger
    }

    /// Bytes the mutator can still allocate before `mark` ends, at `nanosecondsPerByte` (by default
    /// the current statement's cost so far).
    func markBytesLeft(_ mark: MarkState, nanosecondsPerByte: Double? = nil, assistChargePerHeapByte: Double = 1) -> UInt64 {
        mark.bytesBeforeEnd(nanosecondsPerByte: nanosecondsPerByte ?? mutatorNanosecondsPerByte,
                            assistChargePerHeapByte: assistChargePerHeapByte)
    }

    /// Nothing starts a cycle while `body` runs (m.locks held: gcBgMarkStartWorkers; gcStart
    /// returns at once when `mp.locks > 1`), not even when a memory-limit goal moves the trigger.
    func withoutTrigger(_ body: () -> Void) {
        let savedTrigger = heapTrigger
        let wasHeld = triggerHeld
        heapTrigger = UInt64(Int64.max)
        triggerHeld = true
        defer {
            heapTrigger = savedTrigger
            triggerHeld = wasHeld
        }
        body()
    }

    /// The event heapLive's growth made due now.
    var dueEvent: GCEvent {
        if let mark = marking { return mark.isDone(nanosecondsPerByte: mutatorNanosecondsPerByte) ? .markDone : .none }
        return pacer.heapLive >= heapTrigger ? .triggerReached : .none
    }

    // MARK: goal and trigger

    /// gcControllerCommit: the next goal and trigger, given the process's current mapped-and-ready,
    /// heapFree and heapAlloc bytes.
    func commit(mappedReady: UInt64, heapFree: UInt64, heapAlloc: UInt64) {
        let limitGoal = pacer.memoryLimitGoal(mappedReady: mappedReady, heapFree: heapFree, heapAlloc: heapAlloc,
                                              headroomPercent: profile.memoryLimitHeadroomPercent)
        committedHeapGoal = min(pacer.gcPercentGoal, limitGoal)
        goalIsMemoryLimits = limitGoal < pacer.gcPercentGoal
        // GOGC=off and no limit: NextGC is the goal of the MaxInt64 limit (Pacer.memoryLimitGoal).
        heapTrigger = pacer.gcPercent == nil && pacer.memoryLimit == nil ? UInt64(Int64.max) : pacer.trigger(goal: committedHeapGoal)
    }

    /// heapGoalInternal: with a memory limit the goal is recomputed from the current mapped,
    /// free and allocated bytes whenever it is consulted, and the trigger (or the end of the
    /// mark in progress) with it.
    func refreshMemoryLimitGoal(mappedReady: UInt64, heapFree: UInt64, heapAlloc: UInt64) {
        guard pacer.memoryLimit != nil else { return }
        let limitGoal = pacer.memoryLimitGoal(mappedReady: mappedReady, heapFree: heapFree, heapAlloc: heapAlloc,
                                              headroomPercent: profile.memoryLimitHeadroomPercent)
        committedHeapGoal = min(pacer.gcPercentGoal, limitGoal)
        goalIsMemoryLimits = limitGoal < pacer.gcPercentGoal
        if let mark = marking {
            mark.markEnd = endOfMark(mark)
        } else if !triggerHeld {
            heapTrigger = pacer.trigger(goal: committedHeapGoal)
        }
    }

    // MARK: phases

    /// Marking starts (the sweep of the last cycle is finished): `dropped` holds what the program
    /// dropped as the cycle started (the sink's objects).
    func beginMark(heapScanWork: UInt64, spanPathScanBytes: UInt64, stackScanWork: UInt64, scannableStackBytes: UInt64,
                   largeScanObjects: [(bytes: UInt64, count: UInt64)], sparseLargeScanBytes: UInt64 = 0,
                   largeObjectsGreyAtStart: [(bytes: UInt64, count: UInt64)] = [], dropped: [DroppedReferences]) {
        precondition(sweeping == nil || sweeping!.unsweptPages == 0, "a cycle starts before the last sweep ended")
        let mark = MarkState(triggered: pacer.heapLive, mutatorNanosecondsAtStart: mutatorNanoseconds,
                             heapScanWork: heapScanWork, spanPathScanBytes: spanPathScanBytes,
                             stackScanWork: stackScanWork,
                             maxScanWork: pacer.heapScan + scannableStackBytes + pacer.globalsScan,
                             largeScanObjects: largeScanObjects, sparseLargeScanBytes: sparseLargeScanBytes,
                             largeObjectsGreyAtStart: largeObjectsGreyAtStart,
                             dropped: dropped)
        phase = .marking(mark)
        lastTriggered = mark.triggered
        mark.markEnd = endOfMark(mark)
    }

    /// Mark termination: the mark ends (heapLive was `heapLiveAtEnd` before the mcaches were
    /// flushed) and the sweep `sweep` begins. Returns the mark that ended.
    func endMark(heapLiveAtEnd: UInt64, sweep: SweepState) -> MarkState {
        guard let mark = marking else { preconditionFailure("mark termination without a mark") }
        heapLiveAtLastMarkEnd = heapLiveAtEnd
        lastSweep = sweep
        phase = .sweeping(sweep)
        return mark
    }

    /// endCycle and the pacer's next inputs: cons/mark of the cycle that ended (when the program
    /// allocated while it marked: `allocatedDuringMark` > 0), heapMarked, the scan work.
    func recordCycle(mark: MarkState, allocatedDuringMark: UInt64, markedBytes: UInt64, stackScan: UInt64) {
        let scanWork = mark.heapScanWork + mark.stackScanWork + pacer.globalsScan
        if allocatedDuringMark > 0 && scanWork > 0 {
            // With the program running all the time, the mark work is done by assists: their
            // share of the mark phase's CPU is scan time / (scan time + allocation time), in
            // the model's cost units (the allocation time the mutator spent since the cycle
            // started); Go adds it to the 25 % it assumes for the background worker.
            let scanTime = mark.scanNanoseconds(heapAndStacks: mark.heapScanWork + mark.stackScanWork, calibration: calibration,
                                                       globals: pacer.globalsScan)
            let allocTime = Double(mutatorNanoseconds - mark.mutatorNanosecondsAtStart)
            // A mark the fractional worker ended before the assists had paid for it: the assists
            // did their part of the scan, the worker the rest.
            var assistScan = scanTime
            if mark.pacedWorker != nil && mark.triggered + mark.assistChargedBytes < mark.markEnd {
                assistScan = min(mark.pacedAssistScanNanoseconds, scanTime)
            }
            var assist = scanTime + allocTime > 0 ? assistScan / (scanTime + allocTime) : 0
            // endCycle divides the assist time by the mark's duration times GOMAXPROCS; when the
            // background workers did the work, the mutator did not assist.
            switch mark.completion {
            case .assists: assist /= Double(gomaxprocs)
            case .backgroundWorkers: if mark.pacedWorker == nil { assist = 0 }
            }
            pacer.recordConsMark(allocatedDuringMark: allocatedDuringMark, scanWork: scanWork,
                                 utilization: min(Pacer.backgroundUtilization + assist, calibration.utilizationCap))
        }
        pacer.lastHeapGoal = heapGoal
        lastTriggered = nil
        pacer.heapMarked = markedBytes
        pacer.heapLive = markedBytes
        pacer.lastHeapScan = mark.heapScanWork
        // gcMark drops every mcache's scanAlloc; resetLive sets heapScan to the cycle's work.
        pacer.heapScan = mark.heapScanWork
        scanAllocPending = 0
        pacer.lastStackScan = stackScan
    }

    /// The cycle's pause and work are recorded (NumGC, PauseNs, PauseEnd, LastGC, GC CPU).
    func recordPause(_ pause: UInt64, work: UInt64, kind: GCKind, monotonicNow: UInt64, unixNow: UInt64, gomaxprocs: Int) {
        let slot = Int(stats.numGC % 256)
        stats.pauseNs[slot] = pause
        stats.pauseEnd[slot] = unixNow
        stats.pauseTotal += pause
        stats.numGC += 1
        if kind == .forced { stats.numForcedGC += 1 }
        stats.lastGCUnix = unixNow
        stats.lastGCMonotonic = monotonicNow
        stats.gcCPUNanoseconds += work + pause * UInt64(gomaxprocs)
    }

    /// The sweep is finished: nothing is left to sweep.
    func endSweep() {
        precondition(marking == nil, "the sweep ends while a cycle marks")
        phase = .idle
    }

    // MARK: assist pacing

    /// Where marking ends: where the assists' pacing ends it, unless background mark workers on
    /// other Ps finish the scan work first (GOMAXPROCS > 1).
    private func endOfMark(_ mark: MarkState) -> UInt64 {
        var paced = assistPacedEndOfMark(mark)
        mark.assistWorkBeforeStop = assistWorkBeforeTheyStop(mark)
        mark.assistPacing = nil
        // The assists stop short of the work: nothing they do ends the mark.
        if mark.assistWorkBeforeStop != nil { paced = UInt64(Int64.max) }
        if let background = backgroundWorkersEndOfMark(mark, assistPacedEnd: paced) {
            mark.completion = .backgroundWorkers
            return background
        }
        if let worker = pacedFractionalWorker(mark, pacedEnd: paced) {
            mark.fractionalWorker = .racesThePacedAssists(worker)
        } else if let done = fractionalWorkerAllocationNanoseconds(mark) {
            mark.fractionalWorker = .finishesAfter(allocationNanoseconds: done)
        }
        let workerEndsIt = mark.isDoneByFractionalWorker(nanosecondsPerByte: mutatorNanosecondsPerByte)
        mark.completion = workerEndsIt ? .backgroundWorkers : .assists
        if mark.completion == .assists && mark.assistWorkBeforeStop == nil { mark.assistPacing = assistPacing(mark) }
        return paced
    }

    /// revise's pacing when the assists pay for the whole mark. An assist's budget is its
    /// allocation's charge times the scan work expected per byte of runway (E over Go's goal,
    /// at least minRunway above the trigger outside the memory limit's regime: the ratio
    /// gcpacertrace prints at the cycle's start; revise keeps it as it extends the goal), and it
    /// stops only between units, so it finishes the cycle when its budget reaches the work, or
    /// reaches into the last unit when that one is whole. nil when the extended goal would pass
    /// the hard goal (revise then spreads the rest over less runway).
    private func assistPacing(_ mark: MarkState) -> AssistPacing? {
        let expected = expectedScanWork
        let goal = goalIsMemoryLimits ? heapGoal : max(heapGoal, mark.triggered + GoConstants.minRunway)
        guard expected > 0, goal > mark.triggered else { return nil }
        let perByte = Double(expected) / Double(goal - mark.triggered)
        let work = mark.heapScanWork + mark.stackScanWork + pacer.globalsScan
        let hard = (1 + Double(pacer.gcPercent ?? 100_000) / 100) * Double(goal)
        guard Double(mark.triggered) + Double(work) / perByte <= hard else { return nil }
        var budget = work
        if let last = scanUnits(of: mark)?.last(where: { $0.bytes > 0 }), last.isWhole {
            budget = work - min(work, last.bytes) + 1
        }
        return AssistPacing(scanWorkPerByte: perByte, finishingBudget: budget)
    }

    /// Whether the assist before a large object of `size` bytes ends the mark (gcAssistAlloc runs
    /// at mallocgc's start, before the object exists). An assist does at least gcOverAssistWork;
    /// where the object's charge buys more work than that, the assist pays the whole charge, and
    /// when that budget stops short of the cycle's work the object is allocated black while the
    /// mark goes on, and the next allocation's assist ends it. Measured (go1.27.3 built with
    /// gcAssistAlloc1's budget and work printed, GOMAXPROCS=1, gcpacertrace, held-out
    /// random-11-10: 1 MiB pointer garbage after 10 goroutines of 16 KiB): the first cycle's ratio
    /// 2.30 gave the first assist 2 415 264 B of the 2 431 754 B of work; the next object was
    /// allocated during the mark (heapLive 4 291 216 -> 5 339 792 B), and that cycle's cons/mark
    /// set every later trigger (30 cycles where the rule without the budget gave 21; real 29-30).
    func assistEndsMark(_ mark: MarkState, beforeLargeObjectOf size: UInt64) -> Bool {
        let left = markBytesLeft(mark)
        if left >= size { return false }
        guard left > 0, let pacing = mark.assistPacing,
              Double(size) * pacing.scanWorkPerByte > Double(Self.overAssistWork) else { return true }
        return Double(mark.assistChargedBytes + size) * pacing.scanWorkPerByte >= Double(pacing.finishingBudget)
    }

    /// The fractional worker's share of the mark's time when it stops (pollFractionalWorkerExit).
    static let fractionalWorkerTimeShare = GoConstants.fractionalWorkerOvershoot * Pacer.backgroundUtilization

    /// GOMAXPROCS = 1: the fractional mark worker (startCycle: no dedicated worker, a fractional
    /// utilization goal of 0.25) runs only when the mutator leaves the P; a goroutine that keeps
    /// allocating leaves it when sysmon preempts it (`PacedFractionalWorker`: every 2 ×
    /// forcePreemptNS of its time). The worker then marks until its share of the mark's time passes
    /// 1.2 × 0.25 (pollFractionalWorkerExit), i.e. 3/7 of the program's time since the mark began,
    /// and its gcMarkDone ends the mark on its own P when no work is left. For a mark the assists
    /// pace through (`assistWorkBeforeStop` nil): the worker that races them
    /// (`PacedFractionalWorker`). nil when the assists stop short (`fractionalWorkerAllocationNanoseconds`)
    /// and at GOMAXPROCS > 1.
    private func pacedFractionalWorker(_ mark: MarkState, pacedEnd: UInt64) -> PacedFractionalWorker? {
        guard gomaxprocs == 1, mark.assistWorkBeforeStop == nil else { return nil }
        let share = Self.fractionalWorkerTimeShare
        let work = mark.heapScanWork + mark.stackScanWork + pacer.globalsScan
        let runway = pacedEnd > mark.triggered ? pacedEnd - mark.triggered : 0
        return PacedFractionalWorker(
            workerShare: share / (1 - share),
            totalScanNanoseconds: mark.scanNanoseconds(heapAndStacks: mark.heapScanWork + mark.stackScanWork,
                                                       calibration: calibration, globals: pacer.globalsScan),
            totalWork: work,
            assistWorkPerChargedByte: runway > 0 ? Double(work) / Double(runway) : 0,
            preemptionDelay: Double(calibration.sysmonPreemptionDelayNanoseconds),
            preemptionPeriod: Double(GoConstants.sysmonPreemptionPeriodNanoseconds))
    }

    /// A mark whose assists stop short of its work (`assistWorkBeforeTheyStop`): the worker does
    /// the rest, its turns' time adding up to 3/7 of the program's time since the mark began (the
    /// assists' scanning counted in it). The program's allocation time after which it has, plus
    /// sysmon's preemption delay. nil when the assists pace the whole mark, and at GOMAXPROCS > 1.
    private func fractionalWorkerAllocationNanoseconds(_ mark: MarkState) -> Double? {
        guard gomaxprocs == 1 else { return nil }
        let share = Self.fractionalWorkerTimeShare
        let work = mark.heapScanWork + mark.stackScanWork
        guard let assisted = mark.assistWorkBeforeStop else { return nil }
        // The assists stopped short of the work. Each time sysmon preempts the program, the worker
        // runs until its time passes 1.2 × 25 % of the cycle's (3/7 of the program's, assists
        // included), so the first preemption at or after the program time at which 3/7 of it
        // covers the rest of the work ends the mark: `sysmonPreemptionDelay` after that time.
        let globals = min(assisted, pacer.globalsScan)
        let assistNanoseconds = mark.scanNanoseconds(heapAndStacks: assisted - globals, calibration: calibration, globals: globals)
        let rest = mark.scanNanoseconds(heapAndStacks: work + pacer.globalsScan - assisted, calibration: calibration, globals: 0)
        let finishable = rest * (1 - share) / share
        return max(1, finishable + Double(calibration.sysmonPreemptionDelayNanoseconds) - assistNanoseconds)
    }

    /// revise (mgcpacer.go): the assists pace the expected work E (the last cycle's heap and stack
    /// scan work plus the globals); once the work done passes E, the expected work becomes
    /// maxScanWork (heapScan plus the stacks and globals, fixed when the cycle started), and once
    /// it passes that too, scanWorkRemaining is clamped at 1000 units: an assist's 64 KiB of work
    /// then buys heapRemaining/1000 bytes of credit each, and the mutator assists no more this
    /// cycle. heapScan misses the objects allocated black in the last mark and, until a small-span
    /// refill flushes the mcache's scanAlloc, the large pointer objects allocated since, so a heap
    /// grown that way holds more scan work than maxScanWork. The work the assists do before they
    /// stop: max(E, maxScanWork), plus the assist that passes it (at most gcOverAssistWork past
    /// it) and the next, which still does gcOverAssistWork before it is paid that credit, so at
    /// most 2 × gcOverAssistWork past it; or all of the first
    /// assist's (one object's charge times E per byte of runway, at least gcOverAssistWork) if
    /// more; nil when that covers the cycle's work, and at GOMAXPROCS > 1,
    /// where the model keeps its one decision per cycle between the assists and the workers on
    /// the other Ps (the file header's simplification). The model takes the most the assists can
    /// do past the threshold (2 × gcOverAssistWork, not 1: where the crossing assist starts is
    /// not modelled). The lower end was tried first and stalled held-out random-3-7's fourth
    /// cycle (73 KB of work past maxScanWork) for a whole worker delay, where all 20 real runs
    /// ran the point's earlier cycle count (NumGC 6 at s2); the choice rests on that one case.
    /// Measured (go1.27.3, GOMAXPROCS=1, gcpacertrace, held-out random-3-29: 116 untouched
    /// 256 KiB pointer objects after 200 goroutines): cycle 2 expected 4.0 MB and found 14.6 MB;
    /// the mark ended 8.5-14 ms later at 29-40 MB (3 runs), at or past the 29 MB hard goal, after
    /// 5.3-5.8 ms of assists and 2.2-2.8 ms of worker. A probe timing each of the same allocations
    /// saw one 4.3 ms assist, then 55 allocations of 0.4 µs with none (Tutorials/held-out-fidelity.md).
    private func assistWorkBeforeTheyStop(_ mark: MarkState) -> UInt64? {
        guard gomaxprocs == 1 else { return nil }
        let work = mark.heapScanWork + mark.stackScanWork + pacer.globalsScan
        let expected = expectedScanWork
        // The first assist's ratio is revise's, with Go's goal (at least triggered + minRunway
        // outside the memory limit's regime), whatever the point takes for where paced marks end.
        let goal = goalIsMemoryLimits ? heapGoal : max(heapGoal, mark.triggered + GoConstants.minRunway)
        let firstAssist: UInt64
        if goal > mark.triggered && expected > 0 {
            let perByte = Double(expected) / Double(goal - mark.triggered)
            firstAssist = UInt64(min(Double(work), max(Double(Self.overAssistWork), Double(allocationObjectBytes) * perByte)))
        } else {
            firstAssist = work
        }
        let assisted = max(max(expected, mark.maxScanWork) + 2 * Self.overAssistWork, firstAssist)
        return assisted < work ? assisted : nil
    }

    /// GOMAXPROCS > 1: the program's one running goroutine holds a P; the other P − 1 run mark
    /// workers (startCycle: one dedicated worker per 4 Ps, a fractional one below that, and idle
    /// workers on every P with nothing else to do, up to GOMAXPROCS − dedicated), which scan
    /// while the mutator allocates at its modelled rate. If they finish the cycle's scan work
    /// before the assist pacing would, the mutator steals their credit instead of assisting; once
    /// the work is done, revise clamps the remaining work at 1000 units, so each unit of credit
    /// buys heapRemaining/1000 bytes and the mutator allocates unpaced until the worker's
    /// gcMarkDone (ragged barrier, then the mark-termination stop) takes effect, a latency later
    /// (`Calibration.markTerminationLatency(cycle:oversubscribed:)`: longer when the machine has fewer
    /// CPUs than Ps). The mark then ends at heapLive =
    /// triggered + (scan time + latency) · allocation rate, which may pass the goal; at most the
    /// hard goal (1 + GOGC/100) · goal. nil when the workers fall behind the pacing (the assists
    /// finish the mark, as with one P) or nothing is allocating.
    private func backgroundWorkersEndOfMark(_ mark: MarkState, assistPacedEnd paced: UInt64) -> UInt64? {
        guard gomaxprocs > 1, mutatorNanosecondsPerByte > 0 else { return nil }
        let workerPs = Double(gomaxprocs - 1)
        let scanNanoseconds = mark.scanNanoseconds(heapAndStacks: mark.heapScanWork + mark.stackScanWork, calibration: calibration,
                                                          globals: pacer.globalsScan) / workerPs
        let bytesPerNanosecond = 1 / mutatorNanosecondsPerByte
        let triggered = Double(mark.triggered)
        if triggered + scanNanoseconds * bytesPerNanosecond >= Double(paced) { return nil }
        let latency = calibration.markTerminationLatency(cycle: stats.numGC, oversubscribed: oversubscribed)
        let grown = (scanNanoseconds + Double(latency)) * bytesPerNanosecond
        let end = min(triggered + grown, hardGoal, Double(UInt64(Int64.max)))
        return max(UInt64(end), mark.triggered + calibration.minimumMarkBytes)
    }

    /// revise's scanWorkExpected at a cycle's start: the last cycle's heap and stack scan work plus
    /// the globals.
    private var expectedScanWork: UInt64 { pacer.lastHeapScan + pacer.lastStackScan + pacer.globalsScan }

    /// revise's hard goal, the furthest a cycle's goal is pushed back when it finds more work
    /// than expected: (1 + GOGC/100) · goal (GOGC off: a practically unbounded one).
    private var hardGoal: Double {
        (1 + Double(pacer.gcPercent ?? 100_000) / 100) * Double(heapGoal)
    }

    /// Where marking ends when the assists pay for it (the assist pacing of `revise`): assists
    /// make the mutator pay scan work per byte allocated so that the expected work E (last
    /// cycle's heap scan + stack scan + globals) is done when heapLive reaches the goal; when the
    /// cycle's real work W exceeds E, the goal is extended in proportion (extHeapGoal), at most to
    /// the hard goal (1 + GOGC/100)·goal. Work is paid ahead in whole assists, so marking ends
    /// where the assist that does the last of W starts: at triggered + (goal − triggered)·D/E, D
    /// the work done before that assist (see assistWorkBeforeLastAssist).
    private func assistPacedEndOfMark(_ mark: MarkState) -> UInt64 {
        let triggered = mark.triggered
        var end = heapGoal
        let expected = expectedScanWork
        if expected > 0 && heapGoal > triggered {
            let paced = assistWorkBeforeLastAssist(of: mark)
            let extended = Double(heapGoal - triggered) * Double(paced) / Double(expected) + Double(triggered)
            end = UInt64(min(extended, hardGoal, Double(UInt64(Int64.max))))
        }
        return max(end, triggered + calibration.minimumMarkBytes)
    }

    /// The scan work done before the assist that completes the cycle that has just started.
    private func assistWorkBeforeLastAssist(of mark: MarkState) -> UInt64 {
        if let units = scanUnits(of: mark) {
            return Self.assistWorkBeforeLastAssist(units: units)
        }
        return Self.assistWorkBeforeLastAssist(work: mark.heapScanWork + mark.stackScanWork + pacer.globalsScan,
                                               globals: pacer.globalsScan,
                                               globalsData: min(profile.baseline.globalsDataBytes, pacer.globalsScan),
                                               smallHeapAfterLaterBSSBlocks: profile.baseline.scanBytesAfterLaterBSSBlocks)
    }

    /// The scan work of the cycle that has just started, in the order assists meet it (nil: more
    /// units than are worth walking).
    private func scanUnits(of mark: MarkState) -> [ScanUnit]? {
        let large = mark.largeScanObjects
        let largeBytes = large.reduce(0) { $0 + $1.bytes * $1.count }
        let small = mark.heapScanWork - min(largeBytes, mark.heapScanWork)
        let afterStacks = min(small, profile.baseline.scanBytesAfterStackRoots)
        // The objects grey at the start are among the live ones: the rest are met after the roots.
        var later = large
        for object in mark.largeObjectsGreyAtStart {
            if let i = later.lastIndex(where: { $0.bytes == object.bytes && $0.count > 0 }) {
                later[i].count -= min(later[i].count, object.count)
            }
        }
        return Self.scanUnits(globals: pacer.globalsScan,
                              globalsData: min(profile.baseline.globalsDataBytes, pacer.globalsScan),
                              smallHeap: small, largeObjects: later,
                              largeObjectsGreyAtStart: mark.largeObjectsGreyAtStart,
                              stacks: mark.stackScanWork,
                              smallHeapAfterStacks: afterStacks,
                              smallHeapAfterLaterBSSBlocks: min(small - afterStacks,
                                                                profile.baseline.scanBytesAfterLaterBSSBlocks),
                              maxWalkedScanUnits: calibration.maxWalkedScanUnits)
    }

    /// `gcOverAssistWork`, runtime/mgcmark.go: the least scan work an assist does.
    static let overAssistWork: UInt64 = 64 << 10
    /// `rootBlockBytes`, runtime/mgcmark.go: globals are scanned in root jobs of at most this many bytes.
    static let rootBlockBytes: UInt64 = 256 << 10

    /// `maxObletBytes`, runtime/mgcmark.go: a large object is scanned in oblets of at most this many bytes.
    static let obletBytes: UInt64 = 128 << 10

    /// A piece of mark work as an assist meets it: a root job or an oblet is done whole; small
    /// objects and stack frames come in pieces small enough to stop between.
    struct ScanUnit {
        var bytes: UInt64
        var isWhole: Bool
    }

    /// The mark work of a cycle in the order assists meet it (gcDrainN prefers grey heap objects
    /// and takes a root job only when it has none, and its work buffers are LIFO):
    /// 0. the large objects the write barrier greyed before the first assist
    ///    (`largeObjectsGreyAtStart`: the program's garbage sink stores the next object before it
    ///    allocates again, shading the one it held and the one it stores), the last greyed first;
    /// 1. the globals, one root job per 256 KiB block of .data, then of .bss (markroot's
    ///    nDataRoots and nBSSRoots, counted per section), the first .bss block at once followed by
    /// 2. the small pointer-holding objects the globals lead to: the runtime's (their variables
    ///    come later in .bss, so they were greyed last and are scanned first), then the program's;
    ///    their variables sit in the first 256 KiB of .bss, so a later .bss block (a .bss over
    ///    256 KiB, go1.22) comes after them, followed by the part it leads to
    ///    (`smallHeapAfterLaterBSSBlocks`, measured);
    /// 3. each large pointer-holding object (the slot slices), the last greyed first: its first
    ///    128 KiB oblet, then the queued oblets, last one first (scanobject pushes them in order);
    /// 4. the goroutine stacks (stack root jobs come after the data and bss jobs), then the
    ///    start-up objects reached only through them (`smallHeapAfterStacks`, measured).
    /// nil when the cycle has more units than are worth walking (then 64 KiB steps are used).
    static func scanUnits(globals: UInt64, globalsData: UInt64 = 0, smallHeap: UInt64,
                          largeObjects: [(bytes: UInt64, count: UInt64)],
                          largeObjectsGreyAtStart: [(bytes: UInt64, count: UInt64)] = [],
                          stacks: UInt64, smallHeapAfterStacks: UInt64 = 0, smallHeapAfterLaterBSSBlocks: UInt64 = 0,
                          maxWalkedScanUnits: Int = Calibration.standard.maxWalkedScanUnits) -> [ScanUnit]? {
        func blocks(_ bytes: UInt64) -> [ScanUnit] {
            stride(from: 0, to: bytes, by: Int(rootBlockBytes)).map {
                ScanUnit(bytes: min(rootBlockBytes, bytes - $0), isWhole: true)
            }
        }
        // A large object: its first oblet, then its queued oblets, last one first.
        var units: [ScanUnit] = []
        func appendObjects(_ objects: [(bytes: UInt64, count: UInt64)]) -> Bool {
            for object in objects.reversed() where object.bytes > 0 {
                let oblets = (object.bytes + obletBytes - 1) / obletBytes
                let (needed, overflow) = object.count.multipliedReportingOverflow(by: oblets)
                guard !overflow, needed <= UInt64(max(0, maxWalkedScanUnits - units.count)) else { return false }
                for _ in 0..<object.count {
                    units.append(ScanUnit(bytes: min(object.bytes, obletBytes), isWhole: true))
                    var k = oblets
                    while k > 1 {
                        k -= 1
                        units.append(ScanUnit(bytes: min(obletBytes, object.bytes - k * obletBytes), isWhole: true))
                    }
                }
            }
            return true
        }
        guard appendObjects(largeObjectsGreyAtStart) else { return nil }
        let data = min(globalsData, globals)
        let bss = blocks(globals - data)
        units += blocks(data) + bss.prefix(1)
        let beforeStacks = smallHeap - min(smallHeapAfterStacks, smallHeap)
        let afterLaterBSS = bss.count > 1 ? min(smallHeapAfterLaterBSSBlocks, beforeStacks) : 0
        if beforeStacks > afterLaterBSS {
            units.append(ScanUnit(bytes: beforeStacks - afterLaterBSS, isWhole: false))
        }
        units += bss.dropFirst()
        if afterLaterBSS > 0 { units.append(ScanUnit(bytes: afterLaterBSS, isWhole: false)) }
        guard appendObjects(largeObjects) else { return nil }
        if stacks > 0 { units.append(ScanUnit(bytes: stacks, isWhole: false)) }
        if smallHeapAfterStacks > 0 { units.append(ScanUnit(bytes: smallHeapAfterStacks, isWhole: false)) }
        return units
    }

    /// Scan work done before the assist that completes the mark (gcAssistAlloc / gcDrainN).
    /// An assist does at least gcOverAssistWork (64 KiB) and banks the surplus as credit, so the
    /// mutator pays ahead and allocates on credit until its next assist. It stops only between
    /// work units (a root job, an object, an oblet), once it has done 64 KiB. The assist that takes
    /// the last unit finds no work left and finishes the mark, and the mark ends where it starts.
    static func assistWorkBeforeLastAssist(units: [ScanUnit]) -> UInt64 {
        var done: UInt64 = 0
        var lastAssistStart: UInt64 = 0
        var inAssist: UInt64 = 0
        var started = false
        for unit in units {
            var left = unit.bytes
            if left == 0 { continue }
            if unit.isWhole {
                if !started || inAssist >= overAssistWork {
                    lastAssistStart = done
                    inAssist = 0
                    started = true
                }
                done += left
                inAssist += left
                continue
            }
            // A divisible unit: the assist in progress takes what it still owes, then each new
            // assist takes 64 KiB (the last one the rest), in closed form.
            if started && inAssist < overAssistWork {
                let take = min(left, overAssistWork - inAssist)
                done += take
                inAssist += take
                left -= take
            }
            if left > 0 {
                let assists = (left + overAssistWork - 1) / overAssistWork
                lastAssistStart = done + (assists - 1) * overAssistWork
                inAssist = left - (assists - 1) * overAssistWork
                done += left
                started = true
            }
        }
        return lastAssistStart
    }

    /// The same with the heap and stack work as one stream after the globals (no oblets); by
    /// default all of it after the last .bss job.
    static func assistWorkBeforeLastAssist(work: UInt64, globals: UInt64, globalsData: UInt64 = 0,
                                           smallHeapAfterLaterBSSBlocks: UInt64 = .max) -> UInt64 {
        let g = min(globals, work)
        let units = scanUnits(globals: g, globalsData: min(globalsData, g), smallHeap: work - g, largeObjects: [],
                              stacks: 0, smallHeapAfterLaterBSSBlocks: smallHeapAfterLaterBSSBlocks) ?? []
        return assistWorkBeforeLastAssist(units: units)
    }


    /// The controller's own invariants (nil when they hold).
    func checkInvariants() -> String? {
        switch phase {
        case .idle:
            break
        case .marking(let mark):
            if mark.markEnd < mark.triggered { return "the mark ends at heapLive \(mark.markEnd), below its trigger \(mark.triggered)" }
        case .sweeping(let sweep):
            if sweep.unsweptPages > sweep.pagesAtCommit {
                return "\(sweep.unsweptPages) pages unswept, more than the sweep's debt \(sweep.pagesAtCommit)"
            }
        }
        return nil
    }
}
