// GarbageCollector: a GC cycle: trigger, concurrent mark (allocate-black), mark termination,
// lazy and proportional sweep, re-pace.
//
// What it models: `mgc.go`, `mgcmark.go`, `mgcsweep.go`, `mgcpacer.go` (endCycle): a cycle
// starts because heapLive crossed the trigger (automatic), because of runtime.GC() /
// FreeOSMemory (forced, counted in NumForcedGC) or because 2 minutes passed since the last one
// (periodic, only after a first GC, not forced). Sweep termination (start): the previous
// cycle's sweep is finished, the tiny block dropped, the central sudog cache dropped
// (clearpools), stacks of free Gs on the global list freed (markrootFreeGStacks); the mcaches
// are not flushed (gcStart only checks flushGen), so `triggered` counts the cached spans whole.
// Concurrent mark: the program keeps allocating; everything it allocates while the cycle marks
// is allocated black and survives this cycle (garbage allocated during mark is freed by the
// next one), and so does whatever it stops referencing while the cycle marks (`free`, `keep 1
// in K`): the deletion half of Go's hybrid write barrier shades the overwritten pointer. Mark
// ends when the bytes the mutator was charged since the trigger reach the goal the cycle started
// with (Go's assists pace the mutator so that the scan work is done when the heap reaches the
// goal, and extend the goal in proportion when the cycle's scan work exceeds the expected one,
// see endOfMark); mallocgc charges each allocation its requested size before making it. Mark
// termination: mcaches flushed, the scavenger generation advances, lastHeapInUse is recorded
// before sweeping, stack caches emptied, the starting stack size recomputed, heapLive reset to
// heapMarked, cons/mark measured (endCycle: (heapLive − triggered)·u / (scanWork·(1 − u)), the
// maximum of it and the last 4 measurements), then the pacer commits the next goal and trigger.
// Sweep: lazy. Frees are counted only when a span is swept; until then its dead objects stay in
// HeapAlloc, HeapInuse and HeapObjects (ReadMemStats does not sweep). Spans are swept (a) by
// mcentral when a refill of the same span class needs a span (cacheSpan sweeps unswept spans of
// its class first), (b) by large allocations, which reclaim wholly dead spans first
// (mheap.reclaim), and (c) proportionally to allocation (gcPaceSweeper/deductSweepCredit: every
// in-use heap page swept by the time heapLive reaches the next trigger, with Go's 1 MiB margin;
// pages swept by refills count against that debt).
// runtime.GC() sweeps to completion before returning; during `sleep` the idle program lets the
// background mark workers and bgsweep finish the cycle.
//
// Why the real thing exists: memory is reclaimed only by tracing what is still reachable;
// MemStats' Frees, NumGC, NextGC and most of HeapIdle's movements happen here.
//
// Simplification: marking is measured in heap bytes, not time: it ends exactly where assist
// pacing at a constant rate would end it, with work paid ahead in whole assists that stop
// between work units (see scanUnits and assistWorkBeforeLastAssist). A go1.27.3 runtime
// instrumented to print every assist and work unit (gc-pacing, steady cycles) gave the unit
// order: root jobs, then grey objects before Green Tea's span queue, so a large object's
// oblets come before small objects found later (153 842 B: globals and two spans; 151 088 B:
// 19 KiB of objects and the slot slice's first 128 KiB oblet; 65 536 B: its tail oblet;
// 131 072 B: its middle oblet; last, ~7.5 KiB: stack roots and start-up objects found through
// them). The model takes the small objects as one stream after the globals, except the
// measured start-up part reached through the stacks. Go's fractional worker, when sysmon
// preempts the mutator after 10 ms on the CPU, finishes some cycles early: that is a matter
// of time, which the model does not keep (gcpacertrace of gc-pacing: steady cycles end
// ~0.25 MB before the goal, as the model does, others 1–2 MB or 4–11 MB before it). The
// extended goal uses the cycle's actual scan work rather than Go's upper bound heapScan +
// maxStackScan + globals. Cons/mark's utilization is 25 % plus an assist share computed from
// the cost model (`Calibration`: scan time / (scan time + allocation time) for the
// allocation in progress), not measured CPU time;
// Go adds the 25 % even when, as with GOMAXPROCS=1 and a busy mutator, the fractional worker
// did not run (gctrace: 0 ms background). gcpacertrace shows 27–35 % on memory-limit and
// 26–50 % on gc-pacing, the model ~39–42 %. Scan work counts
// whole pointer-holding slots (Go scans up to the last pointer). The proportional sweeper
// queues only spans whose liveness changed (clean spans free nothing); the other in-use pages
// count in its debt as Go's do: those taken while the last cycle marked as swept last (they
// are at the tail of Go's FIFO unswept lists), the rest as spread evenly among the queued runs.
// Refills sweep only queued runs, never clean spans of their class, and the sweep counts as
// done (the scavenger is readied) when the last queued run is swept, before Go would have
// walked the clean tail; a re-commit mid-sweep (SetGCPercent, SetMemoryLimit) takes all
// in-use pages again, not those not yet swept. bgsweep running while the mutator works is
// not modelled. A group freed or thinned while its spans are still unswept from the previous
// cycle is swept with its liveness at the moment of sweeping. No GC work buffers, no GC CPU
// limiter. Stack shrinking is checked once per cycle per goroutine group (halving when less
// than a quarter is used). Pauses, pause ends and GC CPU come from a documented cost model
// (`Calibration`), labelled as modelled: they are not measurements.

/// Why a cycle starts.
enum GCKind { case heap, forced, periodic }

/// A liveness change the program made while a cycle was marking, applied at its mark termination.
enum DroppedReferences {
    /// Every object of the cohort became unreachable.
    case all(Cohort)
    /// Only the positions that are multiples of `modulus` stay reachable.
    case thinned(Cohort, modulus: UInt64)
}

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

/// The phase of the current cycle: marking (trigger → end of mark) and the lazy sweep after it.
struct GCCycle {
    /// A cycle is marking: allocation is black.
    var marking = false
    /// heapLive when the cycle started (Go's `triggered`).
    var triggered: UInt64 = 0
    /// heapLive at which marking ends (the goal when the cycle started, at least triggered + 64 KiB).
    var markEnd: UInt64 = 0
    /// Bytes the mutator has been charged for assists since the trigger (deductAssistCredit: the
    /// requested size of each large object, the refilled span bytes for small ones). The mark
    /// ends when the charge passes markEnd − triggered, the credit its assists paid ahead.
    var assistChargedBytes: UInt64 = 0
    /// The assist credit left before the last assist.
    var remainingAssistCredit: UInt64 {
        let credit = markEnd - min(markEnd, triggered)
        return credit - min(credit, assistChargedBytes)
    }
    /// Scan work of the cycle (heap part, stack part), known from what is reachable at its start.
    var heapScanWork: UInt64 = 0
    var stackScanWork: UInt64 = 0
    /// The live large pointer-holding objects (size, count) at its start, scanned in oblets.
    var largeScanObjects: [(bytes: UInt64, count: UInt64)] = []
    /// Modelled mutator CPU per heap byte of the allocation in progress (Calibration costs).
    var mutatorNanosecondsPerByte: Double = 0
    /// What the program drops while marking: allocated black, dead from the next cycle on.
    var blackGarbage: Cohort?
    /// References the program dropped while marking (`free`, `keep 1 in K`): the deletion write
    /// barrier shaded what they pointed to, so the objects survive this cycle and die after it.
    var droppedWhileMarking: [DroppedReferences] = []
    /// Runs marked at the last mark termination whose frees are not counted yet, per span class key.
    var unswept: [Int: [SpanRun]] = [:]
    /// Pages of those runs.
    var unsweptPages: UInt64 = 0
    /// Sweep pacing, set at commit: Go's sweep debt (all in-use heap pages, pagesInUse), heapLive
    /// then, and the heap distance (trigger − heapLive − 1 MiB, at least a page) by which they
    /// must all be swept.
    var sweepPagesAtCommit: UInt64 = 0
    /// In-use pages at commit that free nothing when swept and lie among the queued runs in
    /// sweep order (clean spans older than the last mark), and how many of them count as swept.
    var sweepCleanPages: UInt64 = 0
    var cleanPagesSweptSinceCommit: UInt64 = 0
    /// heapLive when the last mark ended: spans taken while marking were allocated after the
    /// previous sweep and come last in the unswept lists.
    var heapLiveAtMarkEnd: UInt64 = 0
    var sweepHeapLiveBasis: UInt64 = 0
    var sweepDistance: UInt64 = Heap.pageSize
    /// A mark termination happened and the end of its sweep has not readied the scavenger yet.
    var sweepReadyPending = false
    /// Unswept pages swept since commit (by any path).
    var pagesSweptSinceCommit: UInt64 = 0
}

extension SimulatedHeap {
    /// The cohort that objects allocated for `cohort` belong to: garbage is black while marking.
    func owner(_ cohort: Cohort) -> Cohort {
        guard cohort === garbage, cycle.marking else { return cohort }
        if let black = cycle.blackGarbage { return black }
        let black = Cohort(objectCount: UInt64(Int64.max))
        cycle.blackGarbage = black
        return black
    }

    /// heapLive at which the next GC event (trigger, or end of mark) happens.
    var nextGCEvent: UInt64 { cycle.marking ? pacer.heapLive + cycle.remainingAssistCredit : heapTrigger }

    /// heapGoalInternal: with a memory limit the goal is recomputed from the current mapped,
    /// free and allocated bytes whenever it is consulted, and the trigger with it.
    func refreshMemoryLimitGoal() {
        guard pacer.memoryLimit != nil else { return }
        let limitGoal = pacer.memoryLimitGoal(mappedReady: mheap.mappedReadyBytes, heapFree: mheap.heapFreeBytes,
                                              heapAlloc: acct.heapAlloc,
                                              headroomPercent: profile.memoryLimitHeadroomPercent)
        heapGoal = min(pacer.gcPercentGoal, limitGoal)
        if cycle.marking {
            cycle.markEnd = endOfMark()
        } else {
            heapTrigger = pacer.trigger(goal: heapGoal)
        }
    }

    /// After heapLive grew: start a cycle at the trigger, end marking at the goal, sweep.
    func gcProgress() {
        refreshMemoryLimitGoal()
        if !cycle.marking && pacer.heapLive >= heapTrigger {
            startCycle()
        }
        if cycle.marking && cycle.triggered + cycle.assistChargedBytes >= cycle.markEnd {
            markTermination(kind: .heap)
        }
        sweepProportionally(extra: 0)
    }

    /// runtime.GC() / FreeOSMemory / the periodic GC: a whole cycle, nothing allocated while it
    /// marks, then the sweep is finished.
    func collect(kind: GCKind) {
        // gcWaitOnMark: a cycle that is marking completes first.
        if cycle.marking { markTermination(kind: .heap) }
        startCycle()
        markTermination(kind: kind)
        finishSweep()
    }

    /// The program is idle (`sleep`): idle mark workers finish a marking cycle, bgsweep the sweep.
    func runIdleGCWork() {
        if cycle.marking { markTermination(kind: .heap) }
        finishSweep()
    }

    /// gcBgMarkStartWorkers with m.locks held: the workers' allocations start no cycle.
    func startMarkWorkers() {
        guard !scheduler.markWorkersStarted else { return }
        let savedTrigger = heapTrigger
        heapTrigger = UInt64(Int64.max)
        defer { heapTrigger = savedTrigger }
        scheduler.startMarkWorkers(memory: self)
    }

    /// Sweep termination and the start of marking.
    func startCycle() {
        finishSweep(atSweepTermination: true)
        startMarkWorkers()
        mcache.setTiny(nil)
        scheduler.clearSudogCentralCache(memory: self)
        scheduler.freeGlobalFreeGStacks(memory: self)
        cycle.marking = true
        cycle.triggered = pacer.heapLive
        cycle.assistChargedBytes = 0
        if let sink = pendingSink {
            // The sink's two objects survive this cycle and die at its mark termination.
            pendingSink = nil
            cycle.droppedWhileMarking.append(.all(sink))
        }
        cycle.heapScanWork = reachableScanBytes()
        cycle.stackScanWork = scheduler.scannedStackBytes
        // Runs returned to the page heap leave the list, so each cycle walks only live runs.
        allspans.dropFreed()
        cycle.largeScanObjects = liveLargeScanObjects()
        cycle.markEnd = endOfMark()
        cycle.blackGarbage = nil
    }

    /// Where marking ends (the assist pacing of `revise`): assists make the mutator pay scan
    /// work per byte allocated so that the expected work E (last cycle's heap scan + stack scan +
    /// globals) is done when heapLive reaches the goal; when the cycle's real work W exceeds E,
    /// the goal is extended in proportion (extHeapGoal), at most to the hard goal
    /// (1 + GOGC/100)·goal. Work is paid ahead in whole assists, so marking ends where the assist
    /// that does the last of W starts: at triggered + (goal − triggered)·D/E, D the work done
    /// before that assist (see assistWorkBeforeLastAssist).
    func endOfMark() -> UInt64 {
        let triggered = cycle.triggered
        var end = heapGoal
        let expected = pacer.lastHeapScan + pacer.lastStackScan + pacer.globalsScan
        if expected > 0 && heapGoal > triggered {
            let paced = cycleAssistWorkBeforeLastAssist()
            let extended = Double(heapGoal - triggered) * Double(paced) / Double(expected) + Double(triggered)
            let percent = Double(pacer.gcPercent ?? 100_000)
            let hardGoal = (1 + percent / 100) * Double(heapGoal)
            end = UInt64(min(extended, hardGoal, Double(UInt64(Int64.max))))
        }
        return max(end, triggered + calibration.minimumMarkBytes)
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
    /// 1. the globals, one root job per 256 KiB block (nothing is grey at the trigger);
    /// 2. the small pointer-holding objects the globals lead to: the runtime's (their variables
    ///    come later in .bss, so they were greyed last and are scanned first), then the program's;
    /// 3. each large pointer-holding object (the slot slices), the last greyed first: its first
    ///    128 KiB oblet, then the queued oblets, last one first (scanobject pushes them in order);
    /// 4. the goroutine stacks (stack root jobs come after the data and bss jobs), then the
    ///    start-up objects reached only through them (`smallHeapAfterStacks`, measured).
    /// nil when the cycle has more units than are worth walking (then 64 KiB steps are used).
    static func scanUnits(globals: UInt64, smallHeap: UInt64, largeObjects: [(bytes: UInt64, count: UInt64)],
                          stacks: UInt64, smallHeapAfterStacks: UInt64 = 0,
                          maxWalkedScanUnits: Int = Calibration.standard.maxWalkedScanUnits) -> [ScanUnit]? {
        var units: [ScanUnit] = []
        var g = globals
        while g > 0 {
            let block = min(g, rootBlockBytes)
            units.append(ScanUnit(bytes: block, isWhole: true))
            g -= block
        }
        if smallHeap > smallHeapAfterStacks {
            units.append(ScanUnit(bytes: smallHeap - smallHeapAfterStacks, isWhole: false))
        }
        for object in largeObjects.reversed() where object.bytes > 0 {
            let oblets = (object.bytes + obletBytes - 1) / obletBytes
            let (needed, overflow) = object.count.multipliedReportingOverflow(by: oblets)
            guard !overflow, needed <= UInt64(maxWalkedScanUnits - units.count) else { return nil }
            for _ in 0..<object.count {
                units.append(ScanUnit(bytes: min(object.bytes, obletBytes), isWhole: true))
                var k = oblets
                while k > 1 {
                    k -= 1
                    units.append(ScanUnit(bytes: min(obletBytes, object.bytes - k * obletBytes), isWhole: true))
                }
            }
        }
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

    /// The same with the heap and stack work as one stream after the globals (no oblets).
    static func assistWorkBeforeLastAssist(work: UInt64, globals: UInt64) -> UInt64 {
        let g = min(globals, work)
        let units = scanUnits(globals: g, smallHeap: work - g, largeObjects: [], stacks: 0) ?? []
        return assistWorkBeforeLastAssist(units: units)
    }

    /// The scan work of the cycle that has just started, in the order assists meet it.
    func cycleAssistWorkBeforeLastAssist() -> UInt64 {
        let large = cycle.largeScanObjects
        let largeBytes = large.reduce(0) { $0 + $1.bytes * $1.count }
        let small = cycle.heapScanWork - min(largeBytes, cycle.heapScanWork)
        if let units = Self.scanUnits(globals: pacer.globalsScan, smallHeap: small, largeObjects: large,
                                      stacks: cycle.stackScanWork,
                                      smallHeapAfterStacks: min(small, profile.baseline.scanBytesAfterStackRoots),
                                      maxWalkedScanUnits: calibration.maxWalkedScanUnits) {
            return Self.assistWorkBeforeLastAssist(units: units)
        }
        return Self.assistWorkBeforeLastAssist(work: cycle.heapScanWork + cycle.stackScanWork + pacer.globalsScan,
                                               globals: pacer.globalsScan)
    }

    /// The live large pointer-holding objects at the start of a cycle (size, count), in heap order.
    func liveLargeScanObjects() -> [(bytes: UInt64, count: UInt64)] {
        var objects: [(bytes: UInt64, count: UInt64)] = []
        for run in allspans.runs where !run.isFreed {
            guard case .large(let noscan) = run.kind, !noscan else { continue }
            var live: UInt64
            if case .marked(let livePerSpan, _) = run.mark {
                live = livePerSpan * run.spanCount
            } else if run.liveIsUniform {
                live = run.liveObjects(inSpan: 0) * run.spanCount
            } else {
                live = 0
                for i in 0..<run.spanCount { live += run.liveObjects(inSpan: i) }
            }
            if live > 0 { objects.append((run.slotBytes, live)) }
        }
        return objects
    }

    /// Heap scan work of a cycle starting now: the pointer-holding bytes reachable at its start
    /// (objects allocated black during the cycle are not scanned).
    func reachableScanBytes() -> UInt64 {
        var bytes = allspans.settled.scanBytes
        for run in allspans.dirty where run.mark == .stale && !run.isFreed {
            let noscan: Bool
            switch run.kind {
            case .small(_, let n): noscan = n
            case .large(let n): noscan = n
            case .stack: continue
            }
            if noscan { continue }
            var live: UInt64 = 0
            if run.liveIsUniform {
                live = run.liveObjects(inSpan: 0) * run.spanCount
            } else {
                for i in 0..<run.spanCount { live += run.liveObjects(inSpan: i) }
            }
            bytes += live * run.slotBytes
        }
        return bytes
    }

    /// Mark termination: marks, cons/mark, next goal and trigger; the sweep is left pending.
    func markTermination(kind: GCKind) {
        // endCycle reads heapLive before the mcaches are flushed (prepareForSweep comes after it).
        let heapLiveAtEnd = pacer.heapLive
        flushMCache()
        mcache.setTiny(nil)
        cycle.heapLiveAtMarkEnd = heapLiveAtEnd
        mheap.gcMarkTerminated()
        scheduler.stacks.clearCaches(memory: self)
        let stackScan = scheduler.scannedStackBytes
        scheduler.updateStartingStackSize()
        let result = markAll()
        cycle.marking = false
        cycle.sweepReadyPending = true
        if let black = cycle.blackGarbage {
            cycle.blackGarbage = nil
            kill(black)
        }
        let dropped = cycle.droppedWhileMarking
        cycle.droppedWhileMarking = []
        for change in dropped { apply(change) }
        scheduler.shrinkStacks(of: goroutineGroups, memory: self)
        // endCycle: cons/mark of this cycle (only when the program allocated while it marked).
        let scanWork = cycle.heapScanWork + cycle.stackScanWork + pacer.globalsScan
        if kind == .heap && heapLiveAtEnd > cycle.triggered && scanWork > 0 {
            // With the program running all the time, the mark work is done by assists: their
            // share of the mark phase's CPU is scan time / (scan time + allocation time), in
            // the model's cost units; Go adds it to the 25 % it assumes for the background worker.
            let allocated = heapLiveAtEnd - cycle.triggered
            let scanTime = Double(scanWork) / Double(calibration.scanBytesPerNanosecond)
            let allocTime = Double(allocated) * cycle.mutatorNanosecondsPerByte
            let assist = scanTime + allocTime > 0 ? scanTime / (scanTime + allocTime) : 0
            pacer.recordConsMark(allocatedDuringMark: allocated, scanWork: scanWork,
                                 utilization: min(Pacer.backgroundUtilization + assist, calibration.utilizationCap))
        }
        // Pacing for the next cycle.
        pacer.lastHeapGoal = heapGoal
        pacer.heapMarked = result.markedBytes
        pacer.heapLive = result.markedBytes
        pacer.lastHeapScan = cycle.heapScanWork
        pacer.lastStackScan = stackScan
        commitPacer()
        mheap.gcMarked(bitmapBytes: result.bitmapBytes)
        // Modelled time and pauses.
        let goroutines = scheduler.goroutineCount
        let pause = calibration.pauseNanoseconds + goroutines / 1000 * calibration.pauseNanosecondsPerThousandGoroutines
        let markWork = scanWork / calibration.scanBytesPerNanosecond
        let work = calibration.gcFixedNanoseconds + markWork + result.spans * calibration.sweepNanosecondsPerSpan
        clock.advance(by: work + pause)
        let slot = Int(gcStats.numGC % 256)
        gcStats.pauseNs[slot] = pause
        gcStats.pauseEnd[slot] = clock.unixNanoseconds
        gcStats.pauseTotal += pause
        gcStats.numGC += 1
        if kind == .forced { gcStats.numForcedGC += 1 }
        gcStats.lastGCUnix = clock.unixNanoseconds
        gcStats.lastGCMonotonic = clock.now
        gcStats.gcCPUNanoseconds += work + pause * UInt64(configuration.gomaxprocs)
    }

    typealias SweepResult = SweepContribution

    /// Marks the runs whose liveness changed: records each piece's live count (splitting runs
    /// into pieces with a uniform live count per span) and queues pieces with dead objects for
    /// the sweep. Clean runs keep their last result. Returns the totals over all runs.
    func markAll() -> SweepResult {
        let toMark = allspans.takeDirty()
        for run in toMark where !run.isFreed && run.mark == .stale {
            var pieces: [(SpanRun, UInt64)] = []
            if run.liveIsUniform {
                pieces.append((run, run.liveObjects(inSpan: 0)))
            } else {
                var counts = [UInt64](repeating: 0, count: Int(run.spanCount))
                for i in 0..<Int(run.spanCount) { counts[i] = run.liveObjects(inSpan: UInt64(i)) }
                var boundaries: [Int] = []
                for i in 1..<counts.count where counts[i] != counts[i - 1] { boundaries.append(i) }
                var tails: [SpanRun] = []
                for b in boundaries.reversed() {
                    let tail = run.split(at: UInt64(b))
                    allspans.adoptSplitBeingMarked(tail)
                    tails.append(tail)
                }
                pieces.append((run, counts[0]))
                for (tail, b) in zip(tails.reversed(), boundaries) { pieces.append((tail, counts[b])) }
            }
            for (piece, live) in pieces {
                var contribution = SweepContribution(spans: piece.spanCount)
                switch piece.kind {
                case .small(_, let noscan):
                    if live > 0 {
                        contribution.markedBytes = live * piece.spanCount * piece.slotBytes
                        if !noscan { contribution.scanBytes = contribution.markedBytes }
                        contribution.bitmapBytes = piece.spanCount * ((piece.capacity + 63) / 64 * 8)
                    } else {
                        contribution = SweepContribution()
                    }
                case .large(let noscan):
                    if live > 0 {
                        contribution.markedBytes = piece.spanCount * piece.slotBytes
                        if !noscan { contribution.scanBytes = contribution.markedBytes }
                        contribution.bitmapBytes = piece.spanCount * 8
                    } else {
                        contribution = SweepContribution()
                    }
                case .stack:
                    break
                }
                piece.mark = .marked(livePerSpan: live, contribution: contribution)
                allspans.settle(contribution)
                if live < piece.allocatedPerSpan {
                    let onPartialList: Bool
                    switch piece.state {
                    case .partial: onPartialList = true
                    case .unswept(_, let listed): onPartialList = listed
                    case .inUse, .cached, .freed: onPartialList = false
                    }
                    piece.state = .unswept(markedLivePerSpan: live, onPartialList: onPartialList)
                    cycle.unswept[sweepKey(piece), default: []].append(piece)
                    cycle.unsweptPages += piece.pages
                }
            }
        }
        return allspans.settled
    }

    /// The span class key a run is swept under (large objects: class 0, as in Go).
    func sweepKey(_ run: SpanRun) -> Int {
        switch run.kind {
        case .small(let c, let noscan): return Self.spanClassKey(c, noscan: noscan)
        case .large(let noscan): return Self.spanClassKey(0, noscan: noscan)
        case .stack: return -1
        }
    }

    /// Sweeps a marked run: counts its frees, returns it to the page heap when nothing in it
    /// was marked, else keeps the marked objects and offers its free slots to its mcentral.
    func sweep(_ run: SpanRun) {
        guard case .unswept(let live, let onPartialList) = run.state else { return }
        run.state = onPartialList ? .partial : .inUse
        cycle.unsweptPages -= run.pages
        cycle.pagesSweptSinceCommit += run.pages
        let freed = (run.allocatedPerSpan - live) * run.spanCount
        switch run.kind {
        case .small(let c, let noscan):
            acct.smallFrees[c] += freed
            if live == 0 {
                run.state = .freed
                releasePages(start: run.startPage, count: run.pages, spans: run.spanCount, forStacks: false)
                return
            }
            run.allocatedPerSpan = live
            run.occupants.removeAll { o in
                o.cohort.liveUnits(o.baseUnit, o.baseUnit + o.perSpan * run.spanCount) == 0
            }
            if live < run.capacity && !onPartialList {
                mcentral.addPartial(run, key: Self.spanClassKey(c, noscan: noscan))
            }
        case .large:
            acct.largeFrees += freed
            acct.largeFreeBytes += freed * run.slotBytes
            if live == 0 {
                run.state = .freed
                releasePages(start: run.startPage, count: run.pages, spans: run.spanCount, forStacks: false)
            }
        case .stack:
            break
        }
    }

    /// Sweeps the first `count` spans of an unswept run (the rest stays queued).
    func sweep(_ run: SpanRun, spans count: UInt64) {
        guard run.isUnswept else { return }
        if count > 0 && count < run.spanCount {
            let tail = run.split(at: count)
            allspans.adoptSplit(tail)
            cycle.unswept[sweepKey(tail), default: []].append(tail)
        }
        sweep(run)
    }

    /// The next unswept run of span class `key` (nil when the class is swept).
    func nextUnswept(key: Int) -> SpanRun? {
        while let run = cycle.unswept[key]?.last {
            if run.isUnswept { return run }
            cycle.unswept[key]!.removeLast()
        }
        return nil
    }

    /// The next unswept run in Go's sweep order (span class order).
    func nextUnswept() -> SpanRun? {
        for key in cycle.unswept.keys.sorted() {
            if let run = nextUnswept(key: key) { return run }
            cycle.unswept[key] = nil
        }
        return nil
    }

    /// Sweeps everything still unswept (runtime.GC, idle: sweepone, which readies the scavenger
    /// when it sweeps the last span; at sweep termination finishsweep_m wakes it instead).
    func finishSweep(atSweepTermination: Bool = false) {
        let pending = cycle.unsweptPages > 0
        while cycle.unsweptPages > 0, let run = nextUnswept() { sweep(run) }
        cycle.unswept = [:]
        if atSweepTermination {
            mheap.wakeScavenger(concurrentWithMark: configuration.gomaxprocs > 1)
        } else if pending || cycle.sweepReadyPending {
            mheap.scavenger.ready(now: clock.now)
        }
        cycle.sweepReadyPending = false
    }

    /// deductSweepCredit: keeps the sweep ahead of allocation so it is done by the next trigger
    /// (`extra`: bytes about to be added to heapLive).
    func sweepProportionally(extra: UInt64) {
        guard cycle.unsweptPages > 0, !cycle.marking else { return }
        let live = pacer.heapLive + extra
        let progress = live > cycle.sweepHeapLiveBasis ? live - cycle.sweepHeapLiveBasis : 0
        let target = progress >= cycle.sweepDistance ? cycle.sweepPagesAtCommit
            : UInt64(Double(cycle.sweepPagesAtCommit) * Double(progress) / Double(cycle.sweepDistance))
        while cycle.pagesSweptSinceCommit + cycle.cleanPagesSweptSinceCommit < target, let run = nextUnswept() {
            let missing = target - cycle.pagesSweptSinceCommit - cycle.cleanPagesSweptSinceCommit
            // sweepone walks clean spans among the queued ones: they take their share of the debt.
            let cleanLeft = cycle.sweepCleanPages - min(cycle.cleanPagesSweptSinceCommit, cycle.sweepCleanPages)
            let queued = cycle.unsweptPages
            let dirtyShare = max(1, UInt64((Double(missing) * Double(queued) / Double(queued + cleanLeft)).rounded(.up)))
            cycle.cleanPagesSweptSinceCommit += min(missing - min(dirtyShare, missing), cleanLeft)
            sweep(run, spans: (dirtyShare + run.pagesPerSpan - 1) / run.pagesPerSpan)
        }
        if cycle.unsweptPages == 0 { finishSweep() }
    }

    /// mheap.reclaim: before a large allocation, sweep wholly dead spans until `pages` are freed.
    func reclaim(pages wanted: UInt64) {
        guard cycle.unsweptPages > 0, !cycle.marking else { return }
        var freed: UInt64 = 0
        for key in cycle.unswept.keys.sorted() where freed < wanted {
            guard let list = cycle.unswept[key] else { continue }
            for run in list.reversed() where freed < wanted && run.isUnsweptAndEmpty {
                let spans = min(run.spanCount, (wanted - freed + run.pagesPerSpan - 1) / run.pagesPerSpan)
                freed += spans * run.pagesPerSpan
                sweep(run, spans: spans)
            }
        }
    }

    /// Heap bytes between proportional sweep steps while a sweep is pending (Calibration).
    var sweepStep: UInt64 {
        max(cycle.sweepDistance / calibration.sweepStepDivisor, calibration.sweepStepFloorBytes)
    }

    /// gcPaceSweeper: the pages still to sweep must be swept by the time heapLive reaches the trigger.
    /// The debt is Go's sweepDistancePages: every in-use heap page, not only those with dead
    /// objects. Spans taken while the last cycle marked sit at the tail of the unswept lists
    /// (FIFO spanSets, appended after the previous sweep), so the runs with dead objects are
    /// all swept before them: they count in the debt only. Other clean spans lie among the queued
    /// runs and take their share as the sweep goes (sweepProportionally).
    func paceSweeper() {
        let inUse = max(mheap.heapSpanPages, cycle.unsweptPages)
        let clean = inUse - cycle.unsweptPages
        let allocatedWhileMarking = cycle.heapLiveAtMarkEnd > cycle.triggered
            ? (cycle.heapLiveAtMarkEnd - cycle.triggered) / Heap.pageSize : 0
        cycle.sweepCleanPages = clean - min(clean, allocatedWhileMarking)
        cycle.cleanPagesSweptSinceCommit = 0
        cycle.sweepPagesAtCommit = inUse
        cycle.pagesSweptSinceCommit = 0
        cycle.sweepHeapLiveBasis = pacer.heapLive
        var distance = heapTrigger > pacer.heapLive ? heapTrigger - pacer.heapLive : 0
        distance = distance > GoConstants.sweepMinHeapDistance ? distance - GoConstants.sweepMinHeapDistance : 0
        cycle.sweepDistance = max(distance, Heap.pageSize)
    }

    /// gcControllerCommit + gcPaceScavenger: next goal, trigger and scavenger goals.
    func commitPacer() {
        let limitGoal = pacer.memoryLimitGoal(mappedReady: mheap.mappedReadyBytes, heapFree: mheap.heapFreeBytes,
                                              heapAlloc: acct.heapAlloc,
                                              headroomPercent: profile.memoryLimitHeadroomPercent)
        heapGoal = min(pacer.gcPercentGoal, limitGoal)
        heapTrigger = pacer.gcPercent == nil && pacer.memoryLimit == nil ? UInt64(Int64.max) : pacer.trigger(goal: heapGoal)
        if pacer.gcPercent == nil && pacer.memoryLimit == nil {
            // GOGC=off and no limit: NextGC shows MaxInt64 minus the pacer's overheads.
            heapGoal = UInt64(Int64.max) / 100 * 97
        }
        mheap.paceScavenger(heapGoal: heapGoal, lastHeapGoal: pacer.lastHeapGoal, memoryLimit: pacer.memoryLimit)
        if !cycle.marking { paceSweeper() }
    }
}


