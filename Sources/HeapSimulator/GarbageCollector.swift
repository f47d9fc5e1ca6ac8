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
// mcentral when a refill of the same span class needs a span (cacheSpan sweeps the class's next
// unswept span for each refill, keeping one found empty as a span for the mcache), (b) by every
// span the page heap hands out while the sweep is pending, large or small (mheap.alloc reclaims
// as many pages first: it takes the reclaim credit, the pages sweepone freed whole, before it
// scans the heap in address order, 512 pages at a time, sweeping every wholly dead span of a
// chunk and keeping the surplus as credit), and (c) proportionally to
// allocation (gcPaceSweeper/deductSweepCredit: every in-use heap page swept by the time heapLive
// reaches the next trigger, with Go's 1 MiB margin; pages swept by refills count against that
// debt), by sweepone, which walks the span classes in order (mheap.nextSpanForSweep): a heap of
// large live objects (class 0) takes the sweep's first pages, while refills keep the small
// classes' empty spans. Within a class both sweepone and cacheSpan pop its sets from the head
// (FIFO spanSets), where the spans that kept every object through the last sweep sit (that sweep
// pushed them back before the program filled most of the others), so a sweep first walks the
// class's long-lived spans, freeing nothing but paying the sweep debt, and each refill walks up
// to 101 of them (cacheSpan's spanBudget) before the first dead span, or grows the class by a
// fresh span when they use the budget up. Measured (go1.27.3, GOMAXPROCS 1, 3 runs: 10 000 live
// 1 KiB objects, three forced GCs, then 60 × 1 000 1 KiB objects of garbage with a reading after
// each): after the first reading of each cycle, Frees grows by exactly the objects allocated
// (one dead span swept and reused per refill) until near the sweep's end, where the rest is
// swept (GoRealRuntimeTests.theSweepWalksLongLivedSpansFirst checks it on another program).
// The reclaim credit shows in a go1.27.3 probe at GOMAXPROCS 1 (1 000 000
// dead 48-byte objects, then 160 live 8 KiB objects a step): with GOGC 100 the cycle's first
// steps free 86 019 objects every third step (a 512-page chunk of dead spans, its surplus paying
// the next refills); with GOGC 50, where sweepone frees the program's dead 24 MB slot slice
// (class 0, first in its order) at the cycle's end, Frees grows by one object a step for the next
// five (none of the dead 48-byte spans: that span's 2 930 pages paid the refills' reclaims as
// credit), then the proportional sweeper frees the rest. On the same program as a scenario the
// model does not show the chunks: it frees a steady ~74 000 a step from the third step after the
// cycle, where real Go's ~75 000 a step starts 18 steps after it (its sweep runs ahead of Go's
// there, not understood); ConcurrentCycleTests.reclaimTakesCreditThenWholeChunksInAddressOrder
// checks the reclaim's rules. Measured on held-out random-11-25 (100 × 256 KiB live, 24 B
// churn, go1.27.3 with newMarkBits counted by caller): 450–945 spans made anew per cycle
// (mheap.initSpan) against 3 500–4 300 swept; a sweep that took one unswept run per refill batch
// and ignored class order would make 2 000–2 300.
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
// measured start-up part reached through the stacks. A go1.22.10 runtime instrumented the same
// way (memory-limit, gc-pacing) scans the globals in one root job per 256 KiB of each section
// (its 392 KiB .bss is two jobs), the start-up objects between the two .bss jobs and nothing
// after the stacks: its last assist is the stacks' ~1.8 KiB and 240 B of heap, so go1.22's marks
// end ~2 KiB of work before the goal (StartupBaseline.globalsDataBytes, scanBytesAfterLaterBSSBlocks). Go's fractional worker, when sysmon
// preempts the mutator after 10 ms on the CPU, finishes some cycles early (gcpacertrace of
// gc-pacing: steady cycles end ~0.25 MB before the goal, as the model does, others 1–2 MB or
// 4–11 MB before it): at GOMAXPROCS=1 the model counts the mutator's allocation time since the
// trigger (the cost model's, at each statement's rate; time spent without allocating, as in a
// `keep 1 in K` loop, is not counted) and ends the mark when 10 ms slices, each followed by the
// worker's 3/7 of it, have scanned the cycle's work (GCController.fractionalWorkerAllocationNanoseconds). The
// extended goal uses the cycle's actual scan work rather than Go's upper bound heapScan +
// maxStackScan + globals while that bound covers the work. It does not always: heapScan
// (Pacer.heapScan) is the last cycle's scan work plus the scanAlloc flushed at small-span refills
// since, so it misses what the last mark allocated black, the large pointer objects allocated
// since the last refill, and on 1.22-1.26 all but 8 bytes of each small pointer array
// (golang/go#77573, GoProfile.smallPointerArrayScanAlloc). At GOMAXPROCS=1 the assists then stop
// once they have done that much, and the fractional worker ends the mark when sysmon next
// preempts the program, past the hard goal if the program allocates that far
// (GCController.assistWorkBeforeTheyStop). Cons/mark's
// utilization is 25 % plus an assist share computed from the cost model (`Calibration`: scan
// time / (scan time + the modelled time the mutator spent allocating since the cycle started)),
// not measured CPU time;
// Go adds the 25 % even when, as with GOMAXPROCS=1 and a busy mutator, the fractional worker
// did not run (gctrace: 0 ms background). gcpacertrace shows 26–46 % on memory-limit (27–33 %
// in steady cycles) and 26–50 % on gc-pacing; the model 33–49 % and 30–81 % (its first cycles,
// on a heap of a few MiB, are mostly assist). Scan work counts
// whole pointer-holding slots (Go scans up to the last pointer). A large pointer-holding object
// over 256 KiB on pages used before whose allocation starts a cycle is never scanned by that
// cycle (go1.27: GoProfile.largeObjectZeroing); in real Go it is a race between the zeroing and
// the mark's first look at the allocating goroutine's stack, which the object lost in 5 of 6
// runs at P=1 and 4 of 6 at P=2 of a probe program (Tutorials/held-out-fidelity.md); the
// predicted band's large-object-scanned variant takes the other outcome (LargeObjectRace). The proportional sweeper
// queues only spans whose liveness changed (clean spans free nothing); the other in-use pages
// count in its debt as Go's do: those taken while the last cycle marked as swept last (they
// are at the tail of Go's FIFO unswept lists), those that were clean at the previous mark as
// well first, the rest (filled since the previous mark) as spread evenly among the queued runs.
// A clean span on a partial list is taken as one at the head of the full list. Refills walk the
// head and then sweep only queued runs, never the other clean spans of their class. The reclaim
// scan goes straight to the next chunk with a dead span and costs no time. The sweep counts as
// done (the scavenger is readied) when the last queued run is swept, before Go would have
// walked the clean tail; a re-commit mid-sweep (SetGCPercent, SetMemoryLimit) takes all
// in-use pages again, not those not yet swept. bgsweep runs while the mutator works only with
// more than one P (it then has an idle P to itself), for as long as the mutator's modelled
// allocation time, one sweepone (one span, whatever its size) costing sweepNanosecondsPerSpan
// when it frees the span and liveSweepNanosecondsPerSpan when the span keeps objects (a clean
// span walked too), beside the program's own proportional sweeping; what it sweeps is not
// charged to the program's elapsed time. With one P, bgsweep gets the P only when the program blocks: sleeping (it sweeps to the end), in runtime.GC, or waiting for the
// goroutines it started or let exit, where it sweeps 10-span batches as the scheduler's queues
// give it turns (backgroundSweepBatches); sysmon's preemption of a program that runs 10 ms
// without blocking, which would also give it a batch, is not modelled, and the global run
// queue's turn every 61st schedule is taken as goroutines / 61 whole turns, whatever the
// schedtick's phase (a probe of 60 goroutines got two batches where the model gives one). A group freed or thinned while its spans are still unswept from the previous
// cycle is swept with its liveness at the moment of sweeping. Each mark takes the GC workbuf spans
// it needs (workbufSpansForMark) at its start; bgsweep frees them (freeSomeWbufs, after its sweep): with one P only when
// the program is idle or in runtime.GC(), which yields the P after each span it sweeps (measured,
// go1.27.3 at GOMAXPROCS=1, a 256-byte churn: the span is held across 17 cycles of churn, GCSys
// −32 768 B and HeapSys +32 768 B after a 100 ms sleep; runtime.GC() returned with it still held
// in 1 of 2 probe runs, where the program's sweepone found the sweep's end before bgsweep did,
// and a preemption by sysmon after the sweep would let bgsweep free it: neither modelled), and
// at mark termination with more than one
// (bgsweep on an idle P: real HeapSys at GOMAXPROCS=4, 20 runs of 30 held-out scenarios, never
// shows the span held at a reading, though the model's paced background sweep is not done by
// then). No GC CPU limiter. Stack shrinking is checked once per cycle per goroutine group (halving when less
// than a quarter is used). Pauses, pause ends and GC CPU come from a documented cost model
// (`Calibration`), labelled as modelled: they are not measurements.

extension SimulatedHeap {
    /// The cohort that objects allocated for `cohort` belong to: garbage is black while marking.
    func owner(_ cohort: Cohort) -> Cohort {
        guard cohort === garbage, let mark = gc.marking else { return cohort }
        return mark.blackGarbageCohort()
    }

    /// heapGoalInternal: with a memory limit the goal (and the trigger, or the end of the mark)
    /// follows the current mapped, free and allocated bytes.
    func refreshMemoryLimitGoal() {
        guard gc.pacer.memoryLimit != nil else { return }
        gc.refreshMemoryLimitGoal(mappedReady: mheap.mappedReadyBytes, heapFree: mheap.heapFreeBytes,
                                  heapAlloc: acct.heapAlloc)
    }

    /// After heapLive grew: start a cycle at the trigger, end marking at the goal, sweep.
    func gcProgress() {
        chargeAllocationWork()
        refreshMemoryLimitGoal()
        if gc.dueEvent == .triggerReached {
            startCycle()
        }
        if gc.dueEvent == .markDone {
            markTermination(kind: .heap)
        }
        sweepProportionally(extra: 0)
    }

    /// runtime.GC() / FreeOSMemory / the periodic GC: a whole cycle, nothing allocated while it
    /// marks, then the sweep is finished and the workbuf spans freed: runtime.GC yields the P
    /// (Gosched) after each span it sweeps, so bgsweep sweeps alongside and frees them
    /// (freeSomeWbufs) before runtime.GC returns; FreeOSMemory's blocking cycle frees them itself;
    /// the periodic GC runs while the program sleeps, when bgsweep has the P.
    func collect(kind: GCKind) {
        // gcWaitOnMark: a cycle that is marking completes first.
        if gc.isMarking { markTermination(kind: .heap) }
        startCycle()
        markTermination(kind: kind)
        finishSweep()
        mheap.freeWorkbufsAndDeadSpanRings()
        backgroundSweeper = .parked
    }

    /// The program is idle (`sleep`): idle mark workers finish a marking cycle, bgsweep the sweep
    /// and then frees the workbuf spans (freeSomeWbufs).
    func runIdleGCWork() {
        if gc.isMarking { markTermination(kind: .heap) }
        finishSweep()
        mheap.freeWorkbufsAndDeadSpanRings()
        backgroundSweeper = .parked
    }

    /// How many of bgsweep's batches (sweepBatchSize = 10 spans, then goschedIfBusy, which with one
    /// P always yields to the global run queue) run while the program waits for `goroutines` it
    /// readied (newproc and goready put each in runnext, pushing the one before to the local run
    /// queue's tail): from runnext, bgsweep lands at the local queue's head with the second
    /// goroutine and runs one batch after the first goroutine; from the global queue it runs only
    /// when schedule() checks that queue, every 61st schedtick. The last goroutine readies the
    /// program into runnext, so with one goroutine bgsweep does not run.
    func backgroundSweepBatches(whileRunning goroutines: UInt64) -> UInt64 {
        switch backgroundSweeper {
        case .parked: return 0
        case .runNext: return goroutines >= 2 ? 1 + goroutines / 61 : 0
        case .globalRunQueue: return goroutines / 61
        }
    }

    /// bgsweep's `batches` batches of 10 spans from the pending sweep; it parks when the sweep is
    /// done, else waits in the global run queue (the caller frees the workbuf spans).
    func sweepInBackground(batches: UInt64) {
        guard batches > 0 else { return }
        guard let sweepState = gc.sweeping, sweepState.unsweptPages > 0 else {
            backgroundSweeper = .parked
            return
        }
        sweepState.sweepSpans(batches * GoConstants.sweepBatchSpans) { run, spans in sweep(run, spans: spans) }
        if sweepState.unsweptPages == 0 {
            finishSweep()
            backgroundSweeper = .parked
        } else {
            backgroundSweeper = .globalRunQueue
        }
    }

    /// gcBgMarkStartWorkers with m.locks held: the workers' allocations start no cycle.
    func startMarkWorkers() {
        guard !scheduler.markWorkersStarted else { return }
        gc.withoutTrigger { scheduler.startMarkWorkers(memory: self) }
    }

    /// Sweep termination and the start of marking.
    func startCycle() {
        finishSweep(atSweepTermination: true)
        mcentral.resetUnswept()
        startMarkWorkers()
        mcache.setTiny(nil)
        scheduler.clearSudogCentralCache(memory: self)
        scheduler.freeGlobalFreeGStacks(memory: self)
        var dropped: [DroppedReferences] = []
        var greyAtStart: [(bytes: UInt64, count: UInt64)] = []
        if let sink = pendingSink {
            // The sink's two objects survive this cycle and die at its mark termination. The
            // barrier greys them before the first assist, which scans them before any root job.
            pendingSink = nil
            dropped.append(.all(sink))
            for run in sink.runs where !run.isFreed {
                if case .large(noscan: false) = run.kind { greyAtStart.append((run.slotBytes, run.spanCount)) }
            }
        }
        let reachable = reachableScanWork()
        var heapScanWork = reachable.bytes
        let live = liveLargeScanObjects()
        var largeScanObjects = live.objects
        var sparseLargeScanBytes = live.sparseBytes
        // A large pointer-holding object whose allocation starts this cycle is still being zeroed,
        // its type unpublished, when a mark worker scans the allocating goroutine's stack (the
        // goroutine yields at a 256 KiB chunk once preempted): the object is marked, not scanned,
        // and the next cycle expects only the rest of this one's work (Go: lastHeapScan).
        if let run = largeObjectBeingZeroed,
           let i = largeScanObjects.lastIndex(where: { $0.bytes == run.slotBytes && $0.count > 0 }) {
            largeScanObjects[i].count -= 1
            if run.largePointers == .sparse { sparseLargeScanBytes -= min(sparseLargeScanBytes, run.slotBytes) }
            heapScanWork -= min(heapScanWork, run.slotBytes)
            largeObjectBeingZeroed = nil
        }
        let stackScanWork = scheduler.scannedStackBytes
        // Runs returned to the page heap leave the list, so each cycle walks only live runs.
        allspans.dropFreed()
        chargeAllocationWork()
        gc.beginMark(heapScanWork: heapScanWork, spanPathScanBytes: min(reachable.spanPathBytes, heapScanWork),
                     stackScanWork: stackScanWork,
                     scannableStackBytes: scheduler.scannableStackBytes,
                     largeScanObjects: largeScanObjects, sparseLargeScanBytes: sparseLargeScanBytes,
                     largeObjectsGreyAtStart: greyAtStart, dropped: dropped)
        mheap.gcWorkbufsNeeded(spans: workbufSpansForMark(), memoryLimit: gc.pacer.memoryLimit)
    }

    /// The workbuf spans a mark starting now holds at its busiest: scanobject greys every pointer
    /// of one 128 KiB oblet of a group's slot slice (16 384 slots) before the drain scans what it
    /// queued, and each grey object that is not left to Green Tea's span queue (scannable and
    /// outside 16..512 bytes; without Green Tea, every scannable object) takes a workbuf slot
    /// (253 per 2 KiB workbuf); the gcWork holds one more workbuf, and a span holds 16. The
    /// objects the group's slots point to are taken as spread evenly over its oblets. Measured
    /// (go1.27.3, GOMAXPROCS=1, the workbuf spans as the heap mapping minus HeapSys and
    /// StackInuse during churn): 1 span for 256-byte objects, 5 for a slice of 100 000 live 1 KiB
    /// pointer arrays (16 384 grey: 65 workbufs + 1).
    func workbufSpansForMark() -> UInt64 {
        let spanQueue = profile.greenTeaSpanQueue
        let slotsPerOblet = Heap.maxObletBytes / configuration.program.slotBytes
        var peak: UInt64 = 0
        for case .objects(let g) in groups.values where g.count > 0 {
            var grey: UInt64 = 0
            for cohort in g.cohorts where !cohort.isDead {
                guard let run = cohort.runs.first else { continue }
                switch run.kind {
                case .small(_, noscan: true), .large(noscan: true), .stack: continue
                case .small, .large: break
                }
                if spanQueue && SpanQueue.queuesSpan(slotBytes: run.slotBytes) { continue }
                grey += cohort.liveUnits(0, cohort.unitCount)
            }
            peak = max(peak, grey * min(g.count, slotsPerOblet) / g.count)
        }
        let workbufs = (peak + Heap.workbufObjects - 1) / Heap.workbufObjects + 1
        return (workbufs + Heap.workbufsPerSpan - 1) / Heap.workbufsPerSpan
    }

    /// The live large pointer-holding objects at the start of a cycle (size, count), in heap order,
    /// and the bytes of those among them that are the program's own (`LargePointers.sparse`).
    func liveLargeScanObjects() -> (objects: [(bytes: UInt64, count: UInt64)], sparseBytes: UInt64) {
        var objects: [(bytes: UInt64, count: UInt64)] = []
        var sparseBytes: UInt64 = 0
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
            guard live > 0 else { continue }
            objects.append((run.slotBytes, live))
            if run.largePointers == .sparse { sparseBytes += run.slotBytes * live }
        }
        return (objects, sparseBytes)
    }

    /// Heap scan work of a cycle starting now: the pointer-holding bytes reachable at its start
    /// (objects allocated black during the cycle are not scanned).
    func reachableScanBytes() -> UInt64 { reachableScanWork().bytes }

    /// The same, and of it the bytes Green Tea scans span by span.
    func reachableScanWork() -> (bytes: UInt64, spanPathBytes: UInt64) {
        var work = (bytes: allspans.settled.scanBytes, spanPathBytes: allspans.settled.spanScanBytes)
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
            work.bytes += live * run.slotBytes
            if profile.greenTeaSpanQueue, case .small = run.kind, SpanQueue.queuesSpan(slotBytes: run.slotBytes) {
                work.spanPathBytes += live * run.slotBytes
            }
        }
        return work
    }

    /// Mark termination: marks, cons/mark, next goal and trigger; the sweep is left pending.
    func markTermination(kind: GCKind) {
        guard let marking = gc.marking else { preconditionFailure("mark termination without a mark") }
        let markWork = UInt64(marking.scanNanoseconds(heapAndStacks: marking.heapScanWork + marking.stackScanWork, calibration: calibration,
                                                           globals: gc.pacer.globalsScan))
        let work = calibration.gcFixedNanoseconds + markWork
        // With one P, a scavenger that sweep termination woke with something to release takes its
        // turn on the P while the cycle marks, before mark termination moves its generation on.
        if configuration.gomaxprocs == 1 && kind != .heap { mheap.runBackgroundScavenger(from: clock.now, for: work) }
        // endCycle reads heapLive before the mcaches are flushed (prepareForSweep comes after it).
        let heapLiveAtEnd = gc.pacer.heapLive
        // gcSweep: sweepgen += 2; the spanSets' swept and unswept roles swap. Then the mcaches
        // are flushed (prepareForSweep): their spans are stale and swept straight onto swept sets.
        mcentral.gcSweepStarted()
        let flushed = flushMCache(.stale)
        mcache.setTiny(nil)
        mheap.gcMarkTerminated()
        scheduler.stacks.clearCaches(memory: self)
        let stackScan = scheduler.scannedStackBytes
        scheduler.updateStartingStackSize()
        let sweepState = SweepState(triggered: marking.triggered, heapLiveAtMarkEnd: heapLiveAtEnd,
                                    backgroundSweepFrom: configuration.gomaxprocs > 1 ? gc.mutatorNanoseconds : nil)
        let (result, deadBitmapBytes) = markAll(queueingUnsweptIn: sweepState)
        let mark = gc.endMark(heapLiveAtEnd: heapLiveAtEnd, sweep: sweepState)
        // gcSweep readies a parked bgsweep into the P's runnext.
        if backgroundSweeper == .parked { backgroundSweeper = .runNext }
        if let black = mark.blackGarbage { kill(black) }
        for change in mark.droppedWhileMarking { apply(change) }
        // uncacheSpan sweeps the stale spans at once: survivors onto the swept sets, the empty freed
        // (a span the mark found clean goes onto the swept set of its kind).
        for run in flushed {
            if run.isUnswept {
                sweep(run)
            } else if !run.isFreed {
                let kind: MCentral.SetKind = run.freePerSpan > 0 ? .partial : .full
                charge(mcentral.sweep(sweepKey(run), from: kind, to: kind, spans: run.spanCount))
            }
        }
        scheduler.shrinkStacks(of: goroutineGroups, memory: self)
        // endCycle: cons/mark of this cycle (only when the program allocated while it marked).
        let allocated = kind == .heap && heapLiveAtEnd > mark.triggered ? heapLiveAtEnd - mark.triggered : 0
        gc.recordCycle(mark: mark, allocatedDuringMark: allocated, markedBytes: result.markedBytes, stackScan: stackScan)
        commitPacer()
        // gcSweep starts a gcBits epoch; sweeping gives every span alive at the mark, the dead ones
        // too, fresh mark bits from it.
        mheap.gcMarked(sweptBitmapBytes: result.bitmapBytes + deadBitmapBytes)
        if let rings = spanQueues?.mark(queuedSpans: result.spanQueueSpans) {
            mheap.spanQueueRingsMade(rings.madeBytes, deadBytes: rings.deadBytes)
        }
        // With more than one P, bgsweep on an idle P frees the workbuf spans before the program's
        // next reading; with one it waits for the P until the program is idle (runIdleGCWork).
        if configuration.gomaxprocs > 1 { mheap.freeWorkbufsAndDeadSpanRings() }
        // Modelled time and pauses.
        let goroutines = scheduler.goroutineCount
        let pause = calibration.pauseNanoseconds + goroutines / 1000 * calibration.pauseNanosecondsPerThousandGoroutines
        clock.advance(by: work + pause)
        gc.recordPause(pause, work: work, kind: kind, monotonicNow: clock.now, unixNow: clock.unixNanoseconds,
                       gomaxprocs: configuration.gomaxprocs)
    }

    typealias SweepResult = SweepContribution

    /// Marks the runs whose liveness changed: records each piece's live count (splitting runs
    /// into pieces with a uniform live count per span) and queues pieces with dead objects for
    /// the sweep (`sweep`). Clean runs keep their last result. Returns the totals over all runs
    /// and the mark-bitmap bytes of the spans found dead (each is swept once more before it is freed).
    func markAll(queueingUnsweptIn sweep: SweepState) -> (SweepResult, deadBitmapBytes: UInt64) {
        let toMark = allspans.takeDirty()
        var deadBitmapBytes: UInt64 = 0
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
                        if !noscan && SpanQueue.queuesSpan(slotBytes: piece.slotBytes) {
                            contribution.spanQueueSpans = piece.spanCount
                            if profile.greenTeaSpanQueue { contribution.spanScanBytes = contribution.markedBytes }
                        }
                        contribution.bitmapBytes = piece.spanCount * ((piece.capacity + 63) / 64 * 8)
                    } else {
                        deadBitmapBytes += piece.spanCount * ((piece.capacity + 63) / 64 * 8)
                        contribution = SweepContribution()
                    }
                case .large(let noscan):
                    if live > 0 {
                        contribution.markedBytes = piece.spanCount * piece.slotBytes
                        if !noscan { contribution.scanBytes = contribution.markedBytes }
                        contribution.bitmapBytes = piece.spanCount * 8
                    } else {
                        deadBitmapBytes += piece.spanCount * 8
                        contribution = SweepContribution()
                    }
                case .stack:
                    break
                }
                piece.mark = .marked(livePerSpan: live, contribution: contribution)
                allspans.settle(contribution)
                if live == piece.allocatedPerSpan, live > 0, piece.kind != .stack {
                    sweep.noteFreshClean(pages: piece.pages, spans: piece.spanCount, key: sweepKey(piece))
                }
                if live < piece.allocatedPerSpan {
                    let onPartialList: Bool
                    switch piece.state {
                    case .partial: onPartialList = true
                    case .unswept(_, let listed): onPartialList = listed
                    case .inUse, .cached, .freed: onPartialList = false
                    }
                    piece.state = .unswept(markedLivePerSpan: live, onPartialList: onPartialList)
                    sweep.queue(piece, key: sweepKey(piece))
                }
            }
        }
        return (allspans.settled, deadBitmapBytes)
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
        guard let sweepState = gc.sweeping else { preconditionFailure("an unswept span outside a sweep") }
        run.state = onPartialList ? .partial : .inUse
        sweepState.swept(pages: run.pages)
        let freed = (run.allocatedPerSpan - live) * run.spanCount
        // A span with nothing marked goes back to the page heap: elapsed time of whoever sweeps
        // it (the allocating mutator or bgsweep), never GC CPU (Go's GCCPUFraction counts the
        // mark and the pauses only: work.cpuStats, mgc.go).
        if live == 0 && run.kind != .stack { pendingWork += run.spanCount * calibration.sweepNanosecondsPerSpan }
        // Popped off its unswept set; a survivor goes on the swept set of its kind.
        let survivors: MCentral.SetKind?
        switch run.kind {
        case .small: survivors = live == 0 ? nil : live < run.capacity ? .partial : .full
        case .large: survivors = live == 0 ? nil : .full
        case .stack: survivors = nil
        }
        if run.kind != .stack {
            charge(mcentral.sweep(sweepKey(run), from: onPartialList ? .partial : .full, to: survivors,
                                  spans: run.spanCount))
        }
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
            gc.sweeping?.requeue(tail, key: sweepKey(tail))
        }
        sweep(run)
    }

    /// The next unswept run of span class `key` (nil when the class is swept or no sweep is pending).
    func nextUnswept(key: Int) -> SpanRun? { gc.sweeping?.nextUnswept(key: key) }

    /// Sweeps everything still unswept (runtime.GC, idle: sweepone, which readies the scavenger
    /// when it sweeps the last span; at sweep termination finishsweep_m wakes it instead).
    func finishSweep(atSweepTermination: Bool = false) {
        if let sweepState = gc.sweeping {
            while sweepState.unsweptPages > 0, let run = sweepState.nextUnswept() { sweep(run) }
            charge(mcentral.sweepFinished())
            gc.endSweep()
            if !atSweepTermination { mheap.scavenger.ready(now: clock.now) }
        }
        if atSweepTermination { mheap.wakeScavenger(now: clock.now, concurrentWithMark: configuration.gomaxprocs > 1) }
    }

    /// deductSweepCredit: keeps the sweep ahead of allocation so it is done by the next trigger
    /// (`extra`: bytes about to be added to heapLive). With more than one P, bgsweep on an idle P
    /// has meanwhile swept for as long as the program has allocated since the mark ended, one
    /// span per sweepone whatever its size, `sweepNanosecondsPerSpan` for a span it frees and
    /// `liveSweepNanosecondsPerSpan` for one that keeps objects, beside the program's share.
    func sweepProportionally(extra: UInt64) {
        guard let sweepState = gc.sweeping, sweepState.unsweptPages > 0 else { return }
        var backgroundNanoseconds: UInt64 = 0
        if let from = sweepState.backgroundSweepFrom {
            backgroundNanoseconds = gc.mutatorNanoseconds - min(from, gc.mutatorNanoseconds)
        }
        // The program's own share first (its time), then bgsweep's on its P (not the program's time).
        sweepState.sweepProportionally(heapLive: gc.pacer.heapLive + extra) { run, spans in sweep(run, spans: spans) }
        if backgroundNanoseconds > 0 {
            let programWork = pendingWork
            sweepState.sweepInBackground(forNanoseconds: backgroundNanoseconds, freedSpan: calibration.sweepNanosecondsPerSpan,
                                         keptSpan: calibration.liveSweepNanosecondsPerSpan) { run, spans in sweep(run, spans: spans) }
            pendingWork = programWork
        }
        if sweepState.unsweptPages == 0 { finishSweep() }
    }

    /// mheap.reclaim: before a large allocation, sweep wholly dead spans until `pages` are freed.
    func reclaim(pages wanted: UInt64) {
        guard let sweepState = gc.sweeping, sweepState.unsweptPages > 0 else { return }
        sweepState.reclaim(pages: wanted) { run, spans in sweep(run, spans: spans) }
    }

    /// Heap bytes between proportional sweep steps while a sweep is pending (Calibration).
    var sweepStep: UInt64 {
        max((gc.sweeping?.distance ?? Heap.pageSize) / calibration.sweepStepDivisor, calibration.sweepStepFloorBytes)
    }

    /// gcControllerCommit + gcPaceScavenger + gcPaceSweeper: next goal, trigger, scavenger goals
    /// and the sweep's pace. `paceScavenger` false: gcController.init's commit, which leaves the
    /// scavenger's goals as they start (Scavenger.gcPercentGoal).
    func commitPacer(paceScavenger: Bool = true) {
        gc.commit(mappedReady: mheap.mappedReadyBytes, heapFree: mheap.heapFreeBytes, heapAlloc: acct.heapAlloc)
        if paceScavenger {
            mheap.paceScavenger(heapGoal: gc.heapGoal, lastHeapGoal: gc.pacer.lastHeapGoal, memoryLimit: gc.pacer.memoryLimit)
        }
        if let sweeping = gc.sweeping {
            var byKey: [Int: SpanPages] = [:]
            for run in allspans.runs where !run.isFreed {
                if case .stack = run.kind { continue }
                byKey[sweepKey(run), default: SpanPages()] += SpanPages(pages: run.pages, spans: run.spanCount)
            }
            sweeping.pace(inUsePages: mheap.heapSpanPages, inUseByKey: byKey, heapLive: gc.pacer.heapLive, trigger: gc.heapTrigger)
        }
    }
}


/// Where bgsweep is while the program runs on the only P: parked (nothing to sweep), in runnext
/// (readied by the last mark termination), or in the global run queue (it yielded after a batch).
enum BackgroundSweeperPlace: Sendable, Equatable {
    case parked
    case runNext
    case globalRunQueue
}
