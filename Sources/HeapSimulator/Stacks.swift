// Stacks: goroutine stacks, g structs, sudogs and the free-G lists.
//
// What it models: `stack.go`, `proc.go`, `chan.go`, `mgc.go`: `go f(x)` allocates a 16-byte
// closure (garbage once the goroutine runs), then newproc1 takes a G from the free-G lists or
// makes one (malg: a 480-byte g struct, never freed, then a 2 KiB stack; then allgs = append(…),
// growing like append with size classes), in program order, so g-struct spans and stack pool
// spans interleave in the address space. Reused Gs without a stack get the adaptive
// startingStackSize. Growth doubles the stack, allocating the new one and freeing the old one at
// once. Stacks of 2–16 KiB come from the P's stack cache, which refills 16 KiB at a time from
// per-order pools of 32 KiB (4-page) spans and trims itself to 16 KiB when it reaches 32 KiB; a
// pool span that becomes entirely free goes back to the heap at once. Stacks of 32 KiB and more
// get a dedicated span. With GOMAXPROCS=1 the new goroutines run one after another once main
// blocks: each grows to its size and blocks on its group's channel holding a sudog (104 B; from
// the P's sudog cache, up to 128, overflow half to a central list that every GC drops; a new one
// when both are empty, allocated at the moment it blocks); main itself waits with one sudog
// (sync.WaitGroup) and gives it back. At exit a G goes to the P's free list with its stack if the
// stack has the starting size (else the stack is freed); past 64 free Gs, Gs move to the global
// list until 32 remain, and the next GC frees the stacks of Gs on the global list. Each group
// has its channel (an hchan, GoProgramShape.hchanBytes) while it exists. The first GC starts
// one mark worker per P (a G, its closure, a 512-byte node kept for ever, and a `ready` channel
// that is garbage at once). Stack spans are StackInuse and leave HeapSys.
//
// Why the real thing exists: goroutines are cheap because stacks start tiny and grow by copying;
// the price shows up as StackInuse, as HeapSys falling when stacks grow, and as heap objects.
//
// Simplification: goroutine `stack SIZE` means the stack grows to the power of two S ≥ SIZE, and
// the GC scans GoProgramShape.scannedStackBytes of it: max(SIZE − 2 KiB, S/2) + 32 bytes (the
// generated program's frames; 296 B for a goroutine that does not recurse; both measured
// through NextGC). The goroutines run in creation order (Go runs the newest
// first, then its run queue; the stacks freed are the same, only the order of the 2 KiB frees
// differs). New Gs are made in batches that end where an allocator must take pages, so the page
// layout is Go's, in O(spans) steps; growth and sudogs are per goroutine. One P's caches even
// when gomaxprocs > 1. The start-up stack spans (g0/gsignal of the Ms, the start-up goroutines)
// are measured (GoProfile.baseline) and held for ever. The large-stack cache used during a GC
// and per-M stacks of extra threads are not modelled.

/// One stack: a slot of a pool span, or a dedicated span.
enum StackRef {
    case pool(PoolSpan, order: Int)
    case dedicated(start: UInt64, pages: UInt64)

    var bytes: UInt64 {
        switch self {
        case .pool(_, let order): return Heap.stackMin << UInt64(order)
        case .dedicated(_, let pages): return pages * Heap.pageSize
        }
    }
}

/// A 32 KiB span carved into stacks of one order.
final class PoolSpan {
    let start: UInt64
    let slots: Int
    /// Slots handed out (to goroutines or to the P's cache).
    var inUse = 0
    init(start: UInt64, slots: Int) { self.start = start; self.slots = slots }
}

struct StackAllocator {
    /// Pool spans with free slots, per order (the last is used first).
    var pools: [[PoolSpan]] = Array(repeating: [], count: Heap.stackOrders)
    /// The P's stack cache, per order.
    var cache: [[PoolSpan]] = Array(repeating: [], count: Heap.stackOrders)
    /// Start-up stack spans (held for ever).
    var permanentSpans: [(start: UInt64, pages: UInt64)] = []
    /// Stacks of the GC mark workers (held for ever).
    var permanentWorkerStacks: [StackRef] = []
    /// Starting size of stacks allocated for reused Gs (adaptive, recomputed at each GC).
    var startingStackSize: UInt64 = Heap.stackMin
}

/// A G on a free list, with or without a stack.
struct FreeG { var stack: StackRef? }

struct Scheduler {
    var gFreeLocal: [FreeG] = []
    var gFreeGlobal: [FreeG] = []
    var liveGoroutines: UInt64 = 0
    /// Sum of the used stack bytes of live goroutines in groups.
    var liveStackUsedBytes: UInt64 = 0
    var systemGoroutines: UInt64 = 0
    var systemStackBytes: UInt64 = 0
    /// GC mark worker goroutines started (one per P, at the first GC).
    var markWorkers: Int = 0
    /// allgs: length and capacity of the slice, and its current backing array.
    var allgsCount: UInt64 = 0
    var allgsCapacity: UInt64 = 0
    var allgsArray: Cohort?
    /// sudogs: one cohort; positions in the P's cache and the central cache.
    let sudogs = Cohort(objectCount: .max)
    /// Runtime objects that live for ever (mark worker nodes).
    let runtimeObjects = Cohort(objectCount: .max)
    var nextSudog: UInt64 = 0
    var sudogLocal: [UInt64] = []
    var sudogCentral: [UInt64] = []
}

/// The goroutines of one group (one or more `goroutines … as G` statements), and its channel.
final class GoroutineGroup {
    var stacks: [StackRef] = []
    var sudogs: [UInt64] = []
    /// Runs of goroutines (in `stacks` order) that use the same number of stack bytes.
    var usedBytes: [(count: Int, bytes: UInt64)] = []
    /// The group's `quit` channel (an hchan, live while the group exists).
    let channel: Cohort
    init(channel: Cohort) { self.channel = channel }

    var totalUsedBytes: UInt64 { usedBytes.reduce(0) { $0 + UInt64($1.count) * $1.bytes } }
}

extension SimulatedHeap {
    // MARK: stack allocator

    func stackAlloc(_ bytes: UInt64) -> StackRef {
        if bytes < Heap.stackPoolSpanBytes {
            let order = (bytes / Heap.stackMin).trailingZeroBitCount
            if stacks.cache[order].isEmpty {
                // stackcacherefill: half the cache capacity from the global pool.
                let count = Int(Heap.stackCacheBytes / 2 / bytes)
                for _ in 0..<count { stacks.cache[order].append(stackPoolAlloc(order: order)) }
            }
            return .pool(stacks.cache[order].removeLast(), order: order)
        }
        let pages = bytes / Heap.pageSize
        let piece = acquirePages(count: 1, pages: pages, forStacks: true, touched: true)[0]
        return .dedicated(start: piece.start, pages: pages)
    }

    func stackFree(_ stack: StackRef) {
        switch stack {
        case .pool(let span, let order):
            stacks.cache[order].append(span)
            let bytes = Heap.stackMin << UInt64(order)
            if UInt64(stacks.cache[order].count) * bytes >= Heap.stackCacheBytes {
                // stackcacherelease: down to half the capacity.
                while UInt64(stacks.cache[order].count) * bytes > Heap.stackCacheBytes / 2 {
                    stackPoolFree(stacks.cache[order].removeLast(), order: order)
                }
            }
        case .dedicated(let start, let pages):
            releasePages(start: start, count: pages, spans: 1, forStacks: true)
        }
    }

    private func stackPoolAlloc(order: Int) -> PoolSpan {
        if let span = stacks.pools[order].last {
            span.inUse += 1
            if span.inUse == span.slots { stacks.pools[order].removeLast() }
            return span
        }
        let piece = acquirePages(count: 1, pages: Heap.stackPoolSpanBytes / Heap.pageSize, forStacks: true, touched: true)[0]
        let span = PoolSpan(start: piece.start, slots: Int(Heap.stackPoolSpanBytes / (Heap.stackMin << UInt64(order))))
        span.inUse = 1
        stacks.pools[order].append(span)
        return span
    }

    private func stackPoolFree(_ span: PoolSpan, order: Int) {
        if span.inUse == span.slots { stacks.pools[order].append(span) }
        span.inUse -= 1
        if span.inUse == 0 {
            stacks.pools[order].removeAll { $0 === span }
            releasePages(start: span.start, count: Heap.stackPoolSpanBytes / Heap.pageSize, spans: 1, forStacks: true)
        }
    }

    /// stackcache_clear (at ReadMemStats and at every GC).
    func stackCacheClear() {
        for order in 0..<Heap.stackOrders {
            while let span = stacks.cache[order].popLast() { stackPoolFree(span, order: order) }
        }
    }

    // MARK: goroutines

    /// A new group: its channel is made (`make(chan struct{})`, an element-less hchan).
    func newGoroutineGroup() -> GoroutineGroup {
        let channel = Cohort(objectCount: 1)
        allocateObjects(count: 1, size: configuration.program.hchanBytes, hasPointers: false, touched: true, cohort: channel,
                        positionBase: 0)
        return GoroutineGroup(channel: channel)
    }

    /// acquireSudog: from the P's cache, refilled from the central cache, else a new sudog.
    private func acquireSudog(newSudogs: inout UInt64) -> UInt64 {
        if sched.sudogLocal.isEmpty {
            while sched.sudogLocal.count < Heap.sudogCacheCapacity / 2, let s = sched.sudogCentral.popLast() {
                sched.sudogLocal.append(s)
            }
        }
        if let s = sched.sudogLocal.popLast() { return s }
        let s = sched.nextSudog
        sched.nextSudog += 1
        newSudogs += 1
        return s
    }

    /// releaseSudog: back to the P's cache; a full cache moves half of itself to the central cache.
    private func releaseSudog(_ sudog: UInt64) {
        if sched.sudogLocal.count == Heap.sudogCacheCapacity {
            let half = Heap.sudogCacheCapacity / 2
            sched.sudogCentral.append(contentsOf: sched.sudogLocal.suffix(half))
            sched.sudogLocal.removeLast(half)
        }
        sched.sudogLocal.append(sudog)
    }

    /// Allocates the sudogs numbered [first, first + count) (new(sudog), never freed while cached).
    private func allocateSudogs(first: UInt64, count: UInt64) {
        guard count > 0 else { return }
        let sudogClass = SizeClasses.sizeClass(forSlotSize: profile.sudogBytes)
        allocSmall(sizeClass: sudogClass, noscan: false, units: count, cohort: sched.sudogs,
                   firstUnit: first, touched: true)
    }

    /// `go f(x)` for `count` goroutines, in program order: the closure (`closureBytes`, garbage
    /// once the goroutine runs; 0 = none), then newproc1: a G from the free lists (with its
    /// stack, or a stack of startingStackSize) or a new G (malg: the g struct, then its 2 KiB
    /// stack; then the allgs append). Returns the stacks. New Gs are processed in batches that
    /// end where any of these allocators must take pages (a fresh span for g structs or
    /// closures, a stack-cache refill, an allgs growth), so g-struct spans and stack pool spans
    /// interleave in the address space as they do in Go, in O(spans) steps.
    private func newGoroutines(count: UInt64, closureBytes: UInt64) -> [StackRef] {
        var initial: [StackRef] = []
        initial.reserveCapacity(Int(min(count, 1 << 24)))
        let gClass = SizeClasses.sizeClass(forSlotSize: profile.gStructBytes)
        let gKey = Self.spanClassKey(gClass, noscan: false)
        let closureKey = closureBytes > 0
            ? Self.spanClassKey(SizeClasses.sizeClass(forSlotSize: closureBytes), noscan: false) : nil
        var remaining = count
        while remaining > 0 {
            if sched.gFreeLocal.isEmpty && !sched.gFreeGlobal.isEmpty {
                let n = min(Heap.gFreeLocalKeep, sched.gFreeGlobal.count)
                sched.gFreeLocal.append(contentsOf: sched.gFreeGlobal.suffix(n))
                sched.gFreeGlobal.removeLast(n)
            }
            if !sched.gFreeLocal.isEmpty {
                let k = min(remaining, UInt64(sched.gFreeLocal.count))
                if closureBytes > 0 {
                    allocateObjects(count: k, size: closureBytes, hasPointers: true, touched: true, cohort: garbage,
                                    positionBase: 0)
                }
                for _ in 0..<k {
                    let g = sched.gFreeLocal.removeLast()
                    initial.append(g.stack ?? stackAlloc(stacks.startingStackSize))
                }
                remaining -= k
                continue
            }
            var k = remaining
            k = min(k, max(1, mcache[gKey]?.freePerSpan ?? 0))
            if let key = closureKey { k = min(k, max(1, mcache[key]?.freePerSpan ?? 0)) }
            k = min(k, max(1, UInt64(stacks.cache[0].count)))
            if sched.allgsCapacity > sched.allgsCount { k = min(k, sched.allgsCapacity - sched.allgsCount) } else { k = 1 }
            if closureBytes > 0 {
                allocateObjects(count: k, size: closureBytes, hasPointers: true, touched: true, cohort: garbage,
                                positionBase: 0)
            }
            allocSmall(sizeClass: gClass, noscan: false, units: k, cohort: Cohort(objectCount: k),
                       firstUnit: 0, touched: true)
            for _ in 0..<k { initial.append(stackAlloc(Heap.stackMin)) }
            growAllgs(by: k)
            remaining -= k
        }
        return initial
    }

    func spawnGoroutines(count: UInt64, stackBytes: UInt64, into group: GoroutineGroup) {
        let target = configuration.program.stackBytes(requested: stackBytes)
        let used = configuration.program.scannedStackBytes(requested: stackBytes)
        group.stacks.reserveCapacity(group.stacks.count + Int(min(count, 1 << 24)))
        // newproc for every goroutine: a G (reused or new), its starting stack, its closure
        // (`go goroutineMain(group)`: garbage once the goroutine has started).
        let initial = newGoroutines(count: count, closureBytes: configuration.program.goStatementClosureBytes)
        // main blocks in spawnReady.Wait (a sudog); each goroutine runs: its stack doubles up to
        // the target, then it blocks on the channel (a sudog); the last Done wakes main, whose
        // sudog goes back to the cache.
        // New sudogs are allocated as the goroutines block: pending ones are placed when they
        // fill the current sudog span, so a fresh sudog span is taken between the right stacks.
        var newSudogs: UInt64 = 0
        var firstNewSudog = sched.nextSudog
        let sudogKey = Self.spanClassKey(SizeClasses.sizeClass(forSlotSize: profile.sudogBytes), noscan: false)
        func placePendingSudogs(force: Bool) {
            guard newSudogs > 0 else { return }
            if force || newSudogs >= max(1, mcache[sudogKey]?.freePerSpan ?? 0) {
                allocateSudogs(first: firstNewSudog, count: newSudogs)
                firstNewSudog += newSudogs
                newSudogs = 0
            }
        }
        let mainSudog = acquireSudog(newSudogs: &newSudogs)
        placePendingSudogs(force: true)
        for var stack in initial {
            var size = stack.bytes
            while size < target {
                let bigger = stackAlloc(size * 2)
                stackFree(stack)
                stack = bigger
                size *= 2
            }
            group.stacks.append(stack)
            group.sudogs.append(acquireSudog(newSudogs: &newSudogs))
            placePendingSudogs(force: false)
        }
        placePendingSudogs(force: true)
        releaseSudog(mainSudog)
        if let last = group.usedBytes.last, last.bytes == used {
            group.usedBytes[group.usedBytes.count - 1].count += Int(count)
        } else {
            group.usedBytes.append((Int(count), used))
        }
        sched.liveGoroutines += count
        sched.liveStackUsedBytes += count * used
        pendingWork += count * 1_000
    }

    func exitGoroutines(_ group: GoroutineGroup) {
        for (stack, sudog) in zip(group.stacks, group.sudogs) {
            releaseSudog(sudog)
            // gfput.
            var g = FreeG(stack: stack)
            if stack.bytes != stacks.startingStackSize {
                stackFree(stack)
                g.stack = nil
            }
            sched.gFreeLocal.append(g)
            if sched.gFreeLocal.count >= Heap.gFreeLocalMax {
                while sched.gFreeLocal.count >= Heap.gFreeLocalKeep {
                    sched.gFreeGlobal.append(sched.gFreeLocal.removeLast())
                }
            }
        }
        // close(quit) and running.Wait(): main blocks once more (a cached sudog, given back).
        var newSudogs: UInt64 = 0
        let firstNewSudog = sched.nextSudog
        releaseSudog(acquireSudog(newSudogs: &newSudogs))
        allocateSudogs(first: firstNewSudog, count: newSudogs)
        kill(group.channel)
        let count = UInt64(group.stacks.count)
        sched.liveGoroutines -= count
        sched.liveStackUsedBytes -= group.totalUsedBytes
        group.stacks = []
        group.sudogs = []
        group.usedBytes = []
        pendingWork += count * 500
    }

    /// allgs = append(allgs, gp): the backing array grows like append (growslice); the old one is garbage.
    private func growAllgs(by n: UInt64) {
        let needed = sched.allgsCount + n
        if needed > sched.allgsCapacity {
            let grown = Slices.grow(oldCapacity: sched.allgsCapacity, newLength: needed, elementBytes: 8,
                                    hasPointers: true, profile: profile)
            let array = Cohort(objectCount: 1)
            allocateObjects(count: 1, size: grown.bytes, hasPointers: true, touched: true, cohort: array,
                            positionBase: 0)
            if let old = sched.allgsArray { kill(old) }
            sched.allgsArray = array
            sched.allgsCapacity = grown.capacity
        }
        sched.allgsCount = needed
    }

    /// gcBgMarkStartWorkers (at the start of a cycle): one mark worker goroutine per P that has
    /// none yet. Each costs a G (g struct, allgs slot, 2 KiB stack), the `go` closure (garbage at
    /// once) and a 512 B node kept for ever; the `ready` channel is garbage when they are up, and
    /// main waits on it with a sudog. Allocations here never start a cycle (m.locks is held).
    func startMarkWorkers() {
        let missing = configuration.gomaxprocs - sched.markWorkers
        guard missing > 0 else { return }
        let savedTrigger = heapTrigger
        heapTrigger = UInt64(Int64.max)
        defer { heapTrigger = savedTrigger }
        let count = UInt64(missing)
        allocateObjects(count: 1, size: configuration.program.hchanBytes, hasPointers: false, touched: true, cohort: garbage,
                        positionBase: 0)
        var newSudogs: UInt64 = 0
        let firstNewSudog = sched.nextSudog
        for _ in 0..<count {
            let stack = newGoroutines(count: 1, closureBytes: configuration.program.goStatementClosureBytes)[0]
            stacks.permanentWorkerStacks.append(stack)
            releaseSudog(acquireSudog(newSudogs: &newSudogs))
        }
        allocateObjects(count: count, size: profile.markWorkerNodeBytes, hasPointers: false, touched: true,
                        cohort: sched.runtimeObjects, positionBase: 0)
        allocateSudogs(first: firstNewSudog, count: newSudogs)
        sched.markWorkers += missing
        sched.systemGoroutines += count
        sched.systemStackBytes += count * configuration.program.blockedGoroutineScanBytes
    }

    // MARK: GC hooks

    /// clearpools: the central sudog cache is dropped (its sudogs become garbage).
    func clearSudogCentralCache() {
        for s in sched.sudogCentral { sched.sudogs.deadUnitRanges.append(s..<(s + 1)) }
        sched.sudogCentral.removeAll()
        // Merge adjacent dead ranges to keep liveness queries short.
        let sorted = sched.sudogs.deadUnitRanges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<UInt64>] = []
        for r in sorted {
            if let last = merged.last, last.upperBound >= r.lowerBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        sched.sudogs.deadUnitRanges = merged
        cohortChanged(sched.sudogs)
    }

    /// markrootFreeGStacks: Gs on the global free list lose their stacks.
    func freeGlobalFreeGStacks() {
        for i in sched.gFreeGlobal.indices {
            if let stack = sched.gFreeGlobal[i].stack {
                stackFree(stack)
                sched.gFreeGlobal[i].stack = nil
            }
        }
    }

    /// Bytes of stack the GC scans (used part of every live goroutine's stack).
    func scannedStackBytes() -> UInt64 { sched.liveStackUsedBytes + sched.systemStackBytes }

    /// gcComputeStartingStackSize (adaptive stack start, on by default since 1.19).
    func updateStartingStackSize() {
        let count = sched.liveGoroutines + sched.systemGoroutines
        guard count > 0 else { stacks.startingStackSize = Heap.stackMin; return }
        let average = scannedStackBytes() / count + Heap.stackGuard
        var size = Heap.stackMin
        while size < average { size *= 2 }
        stacks.startingStackSize = size
    }

    /// shrinkstack: goroutines using less than a quarter of their stack get it halved.
    func shrinkStacks() {
        for case .goroutines(let group) in groups.values {
            var i = 0
            for run in group.usedBytes {
                for j in i..<(i + run.count) {
                    let size = group.stacks[j].bytes
                    if size > Heap.stackMin && run.bytes + 800 < size / 4 {
                        let smaller = stackAlloc(size / 2)
                        stackFree(group.stacks[j])
                        group.stacks[j] = smaller
                    }
                }
                i += run.count
            }
        }
        stackCacheClear()
    }
}
