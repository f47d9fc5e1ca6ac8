// GarbageCollector: a GC cycle: mark from the live groups, sweep, re-pace.
//
// What it models: `mgc.go`, `mgcmark.go`, `mgcsweep.go`: a cycle starts because heapLive
// crossed the trigger (automatic), because of runtime.GC() / FreeOSMemory (forced, counted in
// NumForcedGC) or because 2 minutes passed since the last one (periodic, only after a first
// GC, not forced). Start: mcaches flushed, the tiny block dropped, the central sudog cache
// dropped (clearpools), stacks of free Gs on the global list freed (markrootFreeGStacks).
// Mark: an object is reachable iff its cohort says so (groups from package-level variables,
// runtime objects always). Mark termination: the scavenger generation advances,
// lastHeapInUse is recorded before sweeping, stack caches are emptied, the adaptive starting
// stack size is recomputed. Sweep: frees are counted per class (large: per object and pages),
// empty spans return to the page heap (HeapIdle, retained), partly empty spans go to the
// mcentral partial lists. Then the pacer commits the next goal and trigger and the scavenger
// its goals.
//
// Why the real thing exists: memory is reclaimed only by tracing what is still reachable;
// MemStats' Frees, NumGC, NextGC and most of HeapIdle's movements happen here.
//
// Simplification: a cycle is instantaneous: mark and sweep complete at the trigger point
// (no allocate-black during a concurrent mark, no lazy or proportional sweep, no mark assists,
// no GC CPU limiter). Consequences measured against go1.27.3 at GOMAXPROCS=1: heap growth to
// 200 MiB takes the same 6 cycles and NextGC is within 2.3 %; fast growth in small objects can
// take one or two cycles more than Go (which marks black while the heap grows); in pure
// garbage churn cycles are ~12 % fewer (Go's measured cons/mark lowers its trigger) and
// HeapAlloc right after churn lacks Go's unswept garbage. Stack
// shrinking is checked once per cycle per goroutine group (halving when less than a quarter
// is used). Pauses, pause ends and GC CPU come from a documented cost model
// (`OperationCosts`), labelled as modelled: they are not measurements.

/// Why a cycle starts.
enum GCKind { case heap, forced, periodic }

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

extension SimulatedHeap {
    func collect(kind: GCKind) {
        // Sweep termination (STW) and start of the cycle.
        startMarkWorkers()
        flushMCache()
        tiny = nil
        clearSudogCentralCache()
        freeGlobalFreeGStacks()
        // Mark termination.
        pages.generation &+= 1
        scavenger.lastHeapInUse = heapInuseBytes
        stackCacheClear()
        let stackScan = scannedStackBytes()
        updateStartingStackSize()
        // Sweep everything.
        let result = sweepAll()
        shrinkStacks()
        // Pacing for the next cycle.
        pacer.lastHeapGoal = heapGoal
        pacer.heapMarked = result.markedBytes
        pacer.heapLive = result.markedBytes
        pacer.lastHeapScan = result.scanBytes
        pacer.lastStackScan = stackScan
        commitPacer()
        meta.firstGCDone = true
        meta.gcBitsNeeded(result.bitmapBytes)
        // Modelled time and pauses.
        let goroutines = sched.liveGoroutines + sched.systemGoroutines
        let pause = OperationCosts.pauseNanoseconds + goroutines / 1000 * OperationCosts.pauseNanosecondsPerThousandGoroutines
        let markWork = (result.scanBytes + stackScan + pacer.globalsScan) / OperationCosts.scanBytesPerNanosecond
        let work = OperationCosts.gcFixedNanoseconds + markWork + result.spans * OperationCosts.sweepNanosecondsPerSpan
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

    /// Sweeps the dirty heap spans: counts frees, returns empty spans to the page heap, puts
    /// partly free spans on the partial lists. Clean runs keep their last result.
    func sweepAll() -> SweepResult {
        var newPartial: Set<Int> = []
        let toSweep = dirtyRuns
        dirtyRuns = []
        var freedRuns = 0
        for run in toSweep where !run.isFreed && run.isDirty {
            // Pieces of the run with a uniform live count per span.
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
                    heapRuns.append(tail)
                    tails.append(tail)
                }
                pieces.append((run, counts[0]))
                for (tail, b) in zip(tails.reversed(), boundaries) { pieces.append((tail, counts[b])) }
            }
            for (piece, live) in pieces {
                let freed = (piece.allocatedPerSpan - live) * piece.spanCount
                var contribution = SweepContribution(spans: piece.spanCount)
                switch piece.kind {
                case .small(let c, let noscan):
                    acct.smallFrees[c] += freed
                    if live == 0 {
                        piece.isFreed = true
                        freedRuns += 1
                        releasePages(start: piece.startPage, count: piece.pages, spans: piece.spanCount, forStacks: false)
                        continue
                    }
                    contribution.markedBytes = live * piece.spanCount * piece.slotBytes
                    if !noscan { contribution.scanBytes = contribution.markedBytes }
                    contribution.bitmapBytes = piece.spanCount * ((piece.capacity + 63) / 64 * 8)
                    piece.allocatedPerSpan = live
                    piece.occupants.removeAll { o in
                        o.cohort.liveUnits(o.baseUnit, o.baseUnit + o.perSpan * piece.spanCount) == 0
                    }
                    if live < piece.capacity && !piece.inPartial && !piece.isCached {
                        let key = Self.spanClassKey(c, noscan: noscan)
                        partial[key, default: []].append(piece)
                        piece.inPartial = true
                        newPartial.insert(key)
                    }
                case .large(let noscan):
                    acct.largeFrees += freed
                    acct.largeFreeBytes += freed * piece.slotBytes
                    if live == 0 {
                        piece.isFreed = true
                        freedRuns += 1
                        releasePages(start: piece.startPage, count: piece.pages, spans: piece.spanCount, forStacks: false)
                        continue
                    }
                    contribution.markedBytes = piece.spanCount * piece.slotBytes
                    if !noscan { contribution.scanBytes = contribution.markedBytes }
                    contribution.bitmapBytes = piece.spanCount * 8
                case .stack:
                    break
                }
                piece.isDirty = false
                piece.contribution = contribution
                settled += contribution
            }
        }
        for key in newPartial { partial[key]!.sort { $0.startPage > $1.startPage } }
        if freedRuns > 64 && freedRuns * 2 > heapRuns.count { heapRuns.removeAll { $0.isFreed } }
        return settled
    }

    /// gcControllerCommit + gcPaceScavenger: next goal, trigger and scavenger goals.
    func commitPacer() {
        let limitGoal = pacer.memoryLimitGoal(mappedReady: mappedReadyBytes, heapFree: heapFreeBytes,
                                              heapAlloc: acct.heapAlloc,
                                              headroomPercent: profile.memoryLimitHeadroomPercent)
        heapGoal = min(pacer.gcPercentGoal, limitGoal)
        heapTrigger = pacer.gcPercent == nil && pacer.memoryLimit == nil ? UInt64(Int64.max) : pacer.trigger(goal: heapGoal)
        if pacer.gcPercent == nil && pacer.memoryLimit == nil {
            // GOGC=off and no limit: NextGC shows MaxInt64 minus the pacer's overheads.
            heapGoal = UInt64(Int64.max) / 100 * 97
        }
        paceScavenger()
    }
}
