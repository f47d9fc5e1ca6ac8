// Malloc: mallocgc: how a small object finds a slot, and how large objects get their span.
//
// What it models: `malloc.go` (mallocgc), with `mcache.go` and `mcentral.go`: each P's mcache holds one
// current span per span class; when it is full, refill takes a partially free, swept span of
// that class from the mcentral, else a fresh span from the page heap; at refill the pacer's
// heapLive grows by the span's free bytes (whole span counted as about to be used) and the heap
// trigger is tested; at flush (ReadMemStats, GC) the unused slots are subtracted again. Large
// objects (> 32 760 B) get ⌈size/8 KiB⌉ pages of their own, counted at once in heapLive and
// tested against the trigger after each one; while a cycle marks, each is first charged its
// requested size against the assist credit, and the one that overruns it ends the mark first.
// Pointer-holding objects over 512 B carry an 8-byte malloc header (1.22+).
//
// Why the real thing exists: per-P caches make the common allocation lock-free; the central
// lists reuse free slots in partly empty spans before touching the page heap, which is why a
// heap with holes stops growing.
//
// Before a refill, the sweep credit is paid (proportional sweep), the class's long-lived spans at
// the head of its lists are walked and its unswept spans swept on demand, one for each refill of
// the batch (cacheSpan); every span taken fresh from the page heap, large or small, first
// reclaims wholly dead unswept spans (mheap.alloc's reclaim).
//
// Component: part of the coordinator, as mallocgc is the runtime's: it takes spans from the P's
// MCache, MCentral and MHeap, registers them in AllSpans, counts in Accounting, grows the
// pacer's heapLive and lets the GC act on it (gcProgress); it owns no state of its own.
//
// Simplification: bulk allocation: n identical objects are placed span by span in O(spans),
// never object by object; the next GC event (trigger, end of mark, or a proportional sweep
// step) is computed arithmetically (how many more spans or large objects until heapLive
// reaches it) and acted on after the span that crossed it is filled. Partial
// spans are reused lowest address first. The slot order inside a span is not modelled. The
// two garbage objects the program's sink keeps through the cycle they start are modelled for
// large objects only; for small ones they are two slots, which the model leaves dead.

/// Who allocates: the program's statements, or the runtime on its own behalf (goroutines, stacks,
/// sudogs, mark workers).
enum Allocator: Equatable { case program, runtime }

/// The allocation in progress, for the mutator's allocation rate.
enum AllocationInProgress: Equatable {
    case none
    /// The runtime's own allocation: its work counts as mutator time but sets no rate.
    case runtime
    /// A program statement's allocation: the work and bytes charged to it so far.
    case program(nanoseconds: UInt64, bytes: UInt64)
}

/// Running totals of what allocation costs (Calibration): objects, their bytes, OS pages faulted
/// in, runtime pages handed out for the first time.
struct AllocationWorkCounters: Equatable {
    var objects: UInt64 = 0
    var bytes: UInt64 = 0
    var faultedPages: UInt64 = 0
    var firstUsedPages: UInt64 = 0
}

extension SimulatedHeap {
    /// The allocation counters now.
    var allocationWorkCounters: AllocationWorkCounters {
        AllocationWorkCounters(objects: acct.mallocs, bytes: acct.totalAlloc, faultedPages: mheap.pages.faultedPages,
                               firstUsedPages: mheap.pages.firstUsedPages)
    }

    /// Charges the allocation work done since the last charge: `nanosecondsPerObject` per object,
    /// `nanosecondsPerFreshPage` per 4 KiB OS page faulted in (pages written for the first time
    /// since they were mapped or released; reused resident memory faults nothing), and
    /// `zeroingNanosecondsPerKiB` for the bytes allocated in memory used before (Go zeroes it:
    /// span.needzero; memory fresh from the OS is zero already). The work is the current
    /// operation's elapsed time and the mutator's allocation time (cons/mark); during a program
    /// statement it also sets the mutator's allocation rate.
    func chargeAllocationWork() {
        let now = allocationWorkCounters
        let last = chargedAllocationWork
        guard now != last else { return }
        chargedAllocationWork = now
        let bytes = now.bytes - last.bytes
        let freshBytes = (now.firstUsedPages - last.firstUsedPages) * Heap.pageSize
        let zeroedBytes = bytes - min(bytes, freshBytes)
        let work = allocationNanoseconds(objects: now.objects - last.objects,
                                         faultedPages: now.faultedPages - last.faultedPages, zeroedBytes: zeroedBytes)
        pendingWork += work
        gc.mutatorAllocated(nanoseconds: work)
        if case .program(let nanoseconds, let total) = allocationInProgress {
            allocationInProgress = .program(nanoseconds: nanoseconds + work, bytes: total + bytes)
            if total + bytes > 0 { gc.allocating(nanosecondsPerByte: Double(nanoseconds + work) / Double(total + bytes)) }
        }
    }

    /// The allocation work of `objects` objects that fault in `faultedPages` runtime pages and
    /// zero `zeroedBytes` bytes of memory used before (the costs chargeAllocationWork charges).
    func allocationNanoseconds(objects: UInt64, faultedPages: UInt64, zeroedBytes: UInt64) -> UInt64 {
        objects * calibration.nanosecondsPerObject
            + faultedPages * GoConstants.physPagesPerPage * calibration.nanosecondsPerFreshPage
            + zeroedBytes * calibration.zeroingNanosecondsPerKiB / 1024
    }

    /// What the next large objects of `pages` pages will cost, per byte, and how many of them the
    /// page heap's free retained pages can hold at that cost. Retained free pages were used
    /// before: they are zeroed. Once they are taken, the objects take released or fresh pages,
    /// which fault in when written (and cost no zeroing: fresh memory is zero already).
    /// Simplification: the free retained pages count as one run (a hole too small for an object
    /// is counted as if it could hold part of one), and released pages that were used before are
    /// charged as fresh ones (their zeroing is left out).
    func largeObjectCost(pages npages: UInt64, touched: Bool) -> (nanosecondsPerByte: Double, objectsAtThatCost: UInt64?) {
        let bytes = npages * Heap.pageSize
        let retainedObjects = mheap.pages.freeRetainedPages / npages
        if retainedObjects > 0 {
            let work = allocationNanoseconds(objects: 1, faultedPages: 0, zeroedBytes: bytes)
            return (Double(work) / Double(bytes), retainedObjects)
        }
        let work = allocationNanoseconds(objects: 1, faultedPages: touched ? npages : 0, zeroedBytes: 0)
        return (Double(work) / Double(bytes), nil)
    }

    /// A mark the fractional worker ends by the program's allocation time is in progress and the
    /// program's statement has not been charged yet: its rate is still the statement before's, so
    /// it takes one span first, and the rate measured on it paces the rest (large objects are
    /// counted at what the memory they take costs instead: `largeObjectCost`).
    var ratePending: Bool {
        guard gc.marking?.hasFractionalWorker == true, case .program(_, let bytes) = allocationInProgress else { return false }
        return bytes == 0
    }

    /// Runs `body` as the runtime's own allocation.
    func runtimeAllocation(_ body: () -> Void) {
        chargeAllocationWork()
        let outer = allocationInProgress
        allocationInProgress = .runtime
        body()
        chargeAllocationWork()
        allocationInProgress = outer
    }

    /// Allocates `count` objects of `size` bytes owned by `cohort` (positions from `positionBase`),
    /// for `allocator`: the program's allocations set the mutator's allocation rate, the runtime's
    /// do not. Large pointer objects hold `largePointers`.
    func allocateObjects(count: UInt64, size: UInt64, hasPointers: Bool, touched: Bool, cohort: Cohort,
                         positionBase: UInt64, group: ObjectGroup? = nil, by allocator: Allocator = .program,
                         largePointers: LargePointers = .everyWord) {
        guard count > 0, size > 0 else { return }
        chargeAllocationWork()
        if allocator == .program { gc.allocating(objectBytes: size) }
        let outer = allocationInProgress
        allocationInProgress = allocator == .program ? .program(nanoseconds: 0, bytes: 0) : .runtime
        defer {
            chargeAllocationWork()
            allocationInProgress = outer
        }
        if !hasPointers && size < Heap.tinyBlockBytes {
            allocTiny(count: count, size: size, cohort: cohort, positionBase: positionBase, group: group)
            return
        }
        if size > profile.largeObjectThreshold {
            let npages = (size + Heap.pageSize - 1) / Heap.pageSize
            allocLarge(count: count, size: size, pages: npages, noscan: !hasPointers, cohort: cohort, touched: touched,
                       pointers: largePointers)
            return
        }
        var slot = size
        var scanBytes: UInt64?
        if hasPointers, let threshold = profile.mallocHeaderThreshold {
            if size > threshold {
                slot += 8
            } else if allocator == .program, profile.smallPointerArrayScanAlloc == .firstWord {
                // The program's pointer objects and slot slices are arrays of pointers.
                scanBytes = 8
            }
        }
        let sizeClass = SizeClasses.sizeClass(forSlotSize: slot)
        allocSmall(sizeClass: sizeClass, noscan: !hasPointers, units: count, cohort: cohort, firstUnit: 0,
                   touched: touched, scanBytesPerObject: scanBytes)
    }

    static func spanClassKey(_ sizeClass: Int, noscan: Bool) -> Int { sizeClass * 2 + (noscan ? 1 : 0) }

    /// Spans (each adding `bytesPerSpan` to heapLive and, while a cycle marks, charging
    /// `assistChargePerSpan` bytes of assist debt, by default the same) that can be taken before
    /// the next GC event; the last of them crosses it.
    func spansUntilTrigger(_ bytesPerSpan: UInt64, assistChargePerSpan: UInt64? = nil) -> UInt64 {
        refreshMemoryLimitGoal()
        if ratePending { return 1 }
        let chargePerHeapByte = assistChargePerSpan.map { Double($0) / Double(max(1, bytesPerSpan)) } ?? 1
        var limit = gc.nextEventHeapLive(assistChargePerHeapByte: chargePerHeapByte)
        let heapLive = gc.pacer.heapLive
        // While a sweep is pending, allocate in steps so that proportional sweeping keeps pace.
        if gc.unsweptPages > 0 {
            limit = min(limit, heapLive + max(sweepStep, bytesPerSpan))
        }
        if limit >= UInt64(Int64.max) { return .max }
        if heapLive >= limit { return 1 }
        // A memory-limit goal moves as the heap grows: approach it in halving steps, none past
        // the event itself (a step's floor only keeps steps from getting tiny).
        if gc.pacer.memoryLimit != nil {
            let step = max((limit - heapLive) / calibration.limitGoalStepDivisor, calibration.limitGoalStepFloorBytes)
            limit = heapLive + min(limit - heapLive, step)
        }
        return (limit - heapLive + bytesPerSpan - 1) / max(1, bytesPerSpan)
    }

    /// Puts `units` units of `cohort` (from `firstUnit`) into size-class spans.
    /// `scanBytesPerObject`: what each object adds to scanAlloc (default: its slot).
    /// `assistChargePerUnit`: the assist debt each unit's allocation charges while a cycle marks;
    /// by default the refill charges what it adds to heapLive.
    func allocSmall(sizeClass c: Int, noscan: Bool, units n: UInt64, cohort: Cohort, firstUnit: UInt64,
                    touched: Bool, scanBytesPerObject: UInt64? = nil, assistChargePerUnit: UInt64? = nil) {
        let key = Self.spanClassKey(c, noscan: noscan)
        let slot = SizeClasses.objectSize[c]
        let scanPerObject = noscan ? 0 : scanBytesPerObject ?? slot
        let pagesPerSpan = SizeClasses.pagesPerSpan[c]
        let spanBytes = pagesPerSpan * Heap.pageSize
        let capacity = SizeClasses.objectsPerSpan(c, hasPointers: !noscan, rule: profile.objectsPerSpanRule)
        var remaining = n
        var unit = firstUnit
        var sweptForRefill = false
        // Empty spans the refill's sweep kept for the mcache (no fresh bitmaps when taken again).
        var keptEmptySpans: UInt64 = 0
        while remaining > 0 {
            let cohort = owner(cohort)
            if let current = mcache.span(key) {
                let take = min(current.freePerSpan, remaining)
                place(take, of: cohort, from: unit, into: current, touched: touched)
                gc.scanAllocated(take * scanPerObject)
                acct.smallAllocs[c] += take
                unit += take
                remaining -= take
                if current.freePerSpan == 0 {
                    // The next refill gives the full span back: uncacheSpan pushes it on full-swept.
                    mcache.spanFilled(key)
                    charge(mcentral.push(key, .full, count: 1))
                }
                continue
            }
            var runs: [SpanRun] = []
            var spansTaken: UInt64 = 0
            var refillBytes: UInt64 = 0
            var refillCharge: UInt64 = 0
            let freshSpanCharge = assistChargePerUnit.map { capacity * $0 }
            if !sweptForRefill {
                // deductSweepCredit, then mcentral.cacheSpan sweeps unswept spans of this class.
                sweepProportionally(extra: min(spansUntilTrigger(spanBytes, assistChargePerSpan: freshSpanCharge),
                                               (remaining + capacity - 1) / capacity) * spanBytes)
            }
            // The partial list drops its entries lazily: runs taken, freed or full since they were put there.
            let partialRun = mcentral.lowestPartial(key) { sweep($0, spans: 1) }
            // cacheSpan walks the clean spans at the head of the class's full-unswept set first; when
            // they use up its budget the refill grows the class by one fresh span.
            let budgetSpent = partialRun == nil && !sweptForRefill
                && gc.sweeping?.walkHeadForRefill(key: key, budget: GoConstants.cacheSpanSweepBudget) == true
            if partialRun == nil && !sweptForRefill && !budgetSpent, nextUnswept(key: key) != nil {
                // Each refill of the batch is a cacheSpan that sweeps the class's next unswept
                // span with preserve set: a span found empty stays a span and goes to the mcache
                // with its bitmaps (here it is freed and taken anew just below, as kept); one that
                // keeps live objects is the refill's partial span (the next turn takes it).
                sweptForRefill = true
                let needed = (remaining + capacity - 1) / capacity
                let wanted = min(needed, spansUntilTrigger(spanBytes, assistChargePerSpan: freshSpanCharge))
                var swept: UInt64 = 0
                while swept < wanted, let run = nextUnswept(key: key) {
                    let count = min(run.spanCount, wanted - swept)
                    guard case .unswept(markedLivePerSpan: 0, _) = run.state else {
                        sweep(run, spans: count)
                        break
                    }
                    keptEmptySpans += count
                    sweep(run, spans: count)
                    swept += count
                }
                continue
            }
            if let run = partialRun {
                markDirty(run)
                let perSpanBytes = spanBytes - run.allocatedPerSpan * slot
                let needed = (remaining + run.freePerSpan - 1) / run.freePerSpan
                let k = min(run.spanCount, needed,
                            spansUntilTrigger(perSpanBytes, assistChargePerSpan: assistChargePerUnit.map { run.freePerSpan * $0 }))
                var rest: SpanRun?
                if k < run.spanCount {
                    let tail = run.split(at: k)
                    register(tail)
                    rest = tail
                }
                mcentral.takePartial(key, leaving: rest)
                mcentral.popPartial(key, count: k)
                run.state = .inUse
                if touched { mheap.touch(start: run.startPage, count: run.pages) }
                runs = [run]
                spansTaken = k
                refillBytes = k * perSpanBytes
                refillCharge = assistChargePerUnit.map { k * run.freePerSpan * $0 } ?? refillBytes
            } else {
                let needed = (remaining + capacity - 1) / capacity
                let k = budgetSpent ? 1 : min(needed, spansUntilTrigger(spanBytes, assistChargePerSpan: freshSpanCharge))
                let kept = min(k, keptEmptySpans)
                keptEmptySpans -= kept
                // mcentral.grow: mheap.alloc reclaims as many pages as it takes while a sweep is pending.
                reclaim(pages: (k - kept) * pagesPerSpan)
                mheap.spansCreated(count: k - kept, bitmapBytesPerSpan: (capacity + 63) / 64 * 8)
                for piece in acquirePages(count: k, pages: pagesPerSpan, forStacks: false, touched: touched) {
                    let run = SpanRun(startPage: piece.start, spanCount: piece.spans, pagesPerSpan: pagesPerSpan,
                                      kind: .small(sizeClass: c, noscan: noscan), capacity: capacity,
                                      slotBytes: slot, touched: touched)
                    register(run)
                    runs.append(run)
                }
                spansTaken = k
                refillBytes = k * spanBytes
                refillCharge = freshSpanCharge.map { k * $0 } ?? refillBytes
            }
            // mcache.refill flushes scanAlloc; each span filled here was flushed by the refill after it.
            gc.flushScanAlloc()
            for run in runs {
                // Fill whole spans; the last span, if not filled, becomes the mcache's current span.
                let free = run.freePerSpan
                let full = min(run.spanCount, remaining / free)
                var partlyFilled: SpanRun?
                if full < run.spanCount {
                    if full > 0 {
                        let last = run.split(at: full)
                        register(last)
                        partlyFilled = last
                    } else {
                        partlyFilled = run
                    }
                }
                if full > 0 {
                    place(free, of: cohort, from: unit, into: run, touched: touched)
                    gc.scanAllocated(free * full * scanPerObject)
                    gc.flushScanAlloc()
                    acct.smallAllocs[c] += free * full
                    unit += free * full
                    remaining -= free * full
                    // Each was the mcache's span until it filled; the refill after it pushed it on full-swept.
                    charge(mcentral.push(key, .full, count: full))
                }
                if let last = partlyFilled {
                    precondition(last.spanCount == 1)
                    if remaining > 0 {
                        let take = min(remaining, last.freePerSpan)
                        place(take, of: cohort, from: unit, into: last, touched: touched)
                        gc.scanAllocated(take * scanPerObject)
                        acct.smallAllocs[c] += take
                        unit += take
                        remaining -= take
                    }
                    if last.freePerSpan > 0, let previous = mcache.install(last, key: key) {
                        uncache(previous, key: key, .current)
                    }
                }
            }
            _ = spansTaken
            sweptForRefill = false
            gc.heapLiveGrew(by: refillBytes, assistCharge: refillCharge)
            gcProgress()
        }
    }

    /// Records that each span of `run` received `perSpan` units of `cohort`, consecutively from `unit`.
    func place(_ perSpan: UInt64, of cohort: Cohort, from unit: UInt64, into run: SpanRun, touched: Bool) {
        guard perSpan > 0 else { return }
        markDirty(run)
        if !cohort.isDead && cohort.runs.last !== run { cohort.runs.append(run) }
        run.occupants.append(Occupant(cohort: cohort, baseUnit: unit, perSpan: perSpan))
        run.allocatedPerSpan += perSpan
        if touched && !run.touched {
            run.touched = true
            mheap.touch(start: run.startPage, count: run.pages)
        }
    }

    /// Large objects of `size` bytes: one span of `pages` pages each. While a cycle marks, each
    /// object is charged its requested size before it is allocated (deductAssistCredit), so the
    /// object whose charge would overrun the assist credit starts the last assist: the mark ends
    /// before it, not after.
    func allocLarge(count n: UInt64, size: UInt64, pages npages: UInt64, noscan: Bool, cohort: Cohort,
                    touched: Bool, pointers: LargePointers = .everyWord) {
        let bytes = npages * Heap.pageSize
        var remaining = n
        var unit: UInt64 = 0
        while remaining > 0 {
            if let mark = gc.marking {
                refreshMemoryLimitGoal()
                if gc.assistEndsMark(mark, beforeLargeObjectOf: size) {
                    markTermination(kind: .heap)
                    sweepProportionally(extra: 0)
                }
            }
            // While a cycle marks, the objects the program can allocate before the fractional
            // worker ends it are counted at what the next ones will cost, not at the statement's
            // rate so far: a batch that leaves reused memory for fresh pages costs more a byte.
            var k = gc.marking.map { mark in
                guard mark.hasFractionalWorker else { return min(remaining, max(1, gc.markBytesLeft(mark) / size)) }
                let cost = largeObjectCost(pages: npages, touched: touched)
                let beforeEnd = max(1, gc.markBytesLeft(mark, nanosecondsPerByte: cost.nanosecondsPerByte) / size)
                return min(remaining, beforeEnd, cost.objectsAtThatCost ?? .max)
            } ?? min(remaining, spansUntilTrigger(bytes))
            var target = owner(cohort)
            // The program's garbage goes through a package-level sink. When an object crosses the
            // trigger, the sink still holds the one before it, and storing the new one shades both
            // (the hybrid barrier shades the old pointer, and the new one while the stack is grey):
            // the two garbage objects nearest the trigger survive the cycle they start.
            if cohort === garbage && !gc.isMarking && gc.heapTrigger < UInt64(Int64.max)
                && gc.pacer.heapLive + k * bytes >= gc.heapTrigger {
                if k > 2 {
                    k -= 2
                } else {
                    let sink = Cohort(objectCount: 2)
                    if k == 1, let previous = lastLargeGarbage { keepInSink(previous, sink) }
                    pendingSink = sink
                    target = sink
                }
            }
            sweepProportionally(extra: k * bytes)
            reclaim(pages: k * npages)
            mheap.spansCreated(count: k, bitmapBytesPerSpan: 8)
            let freshPagesBefore = mheap.pages.firstUsedPages
            var lastRun: SpanRun?
            for piece in acquirePages(count: k, pages: npages, forStacks: false, touched: touched) {
                let run = SpanRun(startPage: piece.start, spanCount: piece.spans, pagesPerSpan: npages,
                                  kind: .large(noscan: noscan), capacity: 1, slotBytes: bytes, touched: touched)
                // The sink's units follow the objects it already holds.
                let base = target === pendingSink ? UInt64(target.runs.count) : unit
                run.occupants = [Occupant(cohort: target, baseUnit: base, perSpan: 1)]
                run.allocatedPerSpan = 1
                run.largePointers = pointers
                register(run)
                if !target.isDead { target.runs.append(run) }
                unit += piece.spans
                lastLargeGarbage = cohort === garbage ? run : nil
                lastRun = run
            }
            // allocLarge puts the spans on their class-0 full-swept set, where the sweeper finds them.
            charge(mcentral.push(Self.spanClassKey(0, noscan: noscan), .full, count: k))
            acct.largeAllocs += k
            acct.largeAllocBytes += k * bytes
            // heapSetTypeLarge adds the whole span to scanAlloc; on a profile that checks the
            // trigger first, the last object's comes after the cycle it may start has started.
            let typeSetAfterTrigger = profile.largeObjectZeroing == .chunkedAfterTrigger
            if !noscan { gc.scanAllocated((typeSetAfterTrigger ? k - 1 : k) * bytes) }
            remaining -= k
            gc.heapLiveGrew(by: k * bytes, assistCharge: k * size)
            // The batch's last object is the one whose trigger check may start a cycle. The page
            // allocator takes free pages lowest first, so pages used before (Go's zeroedBase:
            // span.needzero) go to the batch's first objects: the last needs zeroing when fewer
            // than its own pages were fresh.
            let freshPages = mheap.pages.firstUsedPages - freshPagesBefore
            if case .chunkedAfterTrigger = profile.largeObjectZeroing, configuration.largeObjectRace == .gcFirst, !noscan,
               size > Self.memclrChunkBytes, freshPages < npages, let run = lastRun, !target.isDead {
                largeObjectBeingZeroed = run
            }
            gcProgress()
            largeObjectBeingZeroed = nil
            if !noscan && typeSetAfterTrigger { gc.scanAllocated(bytes) }
            // No cycle started after all: the sink's objects are garbage again.
            if let sink = pendingSink {
                pendingSink = nil
                apply(.all(sink))
            }
        }
    }

    /// `chunkBytes` of memclrNoHeapPointersChunked, runtime/malloc.go: a large object is zeroed in
    /// pieces of this size with a preemption check before each.
    static let memclrChunkBytes: UInt64 = 256 << 10

    /// The last object of `run` (the sink's previous garbage object) becomes an object of `sink`.
    func keepInSink(_ run: SpanRun, _ sink: Cohort) {
        guard !run.isFreed, !run.isUnswept else { return }
        var last = run
        if run.spanCount > 1 {
            last = run.split(at: run.spanCount - 1)
            allspans.adoptSplit(last)
        }
        last.occupants = [Occupant(cohort: sink, baseUnit: 0, perSpan: 1)]
        sink.runs.append(last)
        markDirty(last)
        lastLargeGarbage = nil
    }

    /// When an mcache span goes back to its mcentral.
    enum Uncaching {
        /// Swept in the current sweepgen (a refill replacing it, a ReadMemStats flush): it goes on
        /// its swept set.
        case current
        /// At mark termination, after sweepgen moved: stale, it goes on no set until swept.
        case stale
    }

    /// mcache releaseAll: every current span goes back to its mcentral; unused slots leave heapLive.
    @discardableResult
    func flushMCache(_ moment: Uncaching = .current) -> [SpanRun] {
        let released = mcache.releaseAll()
        for (key, run) in released { uncache(run, key: key, moment) }
        return released.map(\.run)
    }

    private func uncache(_ run: SpanRun, key: Int, _ moment: Uncaching) {
        precondition(run.state == .cached)
        run.state = .inUse
        let unused = run.freePerSpan * run.slotBytes
        gc.heapLiveShrank(by: unused)
        if run.freePerSpan > 0 { mcentral.addPartial(run, key: key) }
        let kind: MCentral.SetKind = run.freePerSpan > 0 ? .partial : .full
        switch moment {
        case .stale: mcentral.pushFlushed(key, kind, count: run.spanCount)
        case .current: charge(mcentral.push(key, kind, count: run.spanCount))
        }
    }

    /// Spans from the page heap (memory-limit scavenging as the pacer's limit says).
    func acquirePages(count: UInt64, pages perSpan: UInt64, forStacks: Bool, touched: Bool)
        -> [(start: UInt64, spans: UInt64)] {
        mheap.allocSpans(count: count, pages: perSpan, forStacks: forStacks, touched: touched,
                         memoryLimit: gc.pacer.memoryLimit)
    }

    /// Returns a run's pages to the page heap (free, retained).
    func releasePages(start: UInt64, count: UInt64, spans: UInt64, forStacks: Bool) {
        mheap.freeSpans(start: start, count: count, spans: spans, forStacks: forStacks)
    }
}
