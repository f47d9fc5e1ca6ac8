// Scheduler: goroutines (g structs, allgs, the free-G lists), sudogs, and the stack allocator.
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
// through NextGC). With one P the goroutines run in the order Go's run queues give
// (Scheduler.runOrder: the newest from runnext, then the local queue, then what overflowed to the
// global queue), so which stack pool spans empty, and when, is Go's: with 500 goroutines growing
// 16 KiB stacks real Go leaves 4 MiB of 4-page holes that 8-page spans cannot use (measured:
// 64 × 64 KiB objects then grow the heap by a chunk, 64 × 32 KiB ones do not), which creation
// order did not reproduce. Exit runs them in runOrder of the reverse of the order they blocked
// (closechan readies them from a gList). New Gs are made in batches that end where an allocator must take pages, so the page
// layout is Go's, in O(spans) steps; growth and sudogs are per goroutine. One P's caches even
// when gomaxprocs > 1. The start-up stack spans (g0/gsignal of the Ms, the start-up goroutines)
// are measured (GoProfile.baseline, with GOMAXPROCS=1) and held for ever. With more Ps, real Go
// starts more Ms, and how many depends on timing: the model starts P−1 at start-up (wakep, once
// per start-up goroutine readied while Ps are idle), each with its g0 (16 KiB) and gsignal
// (32 KiB) stacks, their two g structs and the m's own heap objects (GoProfile.perMHeapObjects).
// Real Go starts further Ms in races the model does not run (startTheWorldWithSema starts one
// when a P has work and no M is idle at that instant; go1.27.3 with newm printing its caller,
// on a 24 B churn at P=2, did so at the 6th or 7th of 82 short GCs in 2 of 4 runs, and in none
// of 4 runs of a pointer churn's 30 longer GCs); on the held-out `fidelity --random` seed-11
// set (20 real runs a scenario) the rule's StackInuse is the band's lower edge in 105 of 123
// snapshots at P=2 and within 32 KiB of the band in all of them at P=2 and P=4. The races are a
// predicted-band variant (PredictedBands.msVariants); the
// configuration may move the count (SimulatorConfiguration.extraMs: inspect --reproduce fits it
// to a dump's StackInuse, where real Go started one M more or fewer than the rule). The
// large-stack cache used during a GC is not modelled.
//
// Component: `Scheduler` owns all of this state (private); it takes heap objects and stack pages
// through `SchedulerMemory` (implemented by the coordinator, SimulatedHeap) and hands back the
// virtual time its work cost. The GC calls its hooks (`gcStart`, `gcMarkTermination`). P-local
// state (free Gs, sudog cache, stack cache) is per P (`SchedulerP`); the model runs on P 0.

import GoProgramContract

/// What the scheduler needs from the rest of the runtime; the coordinator (SimulatedHeap)
/// implements it by calling the allocator and the page heap.
protocol SchedulerMemory: AnyObject {
    /// Objects nothing refers to (a `go` statement's closure once its goroutine runs).
    var garbage: Cohort { get }
    /// mallocgc on the scheduler's behalf (g-related objects, channels, closures; written at once).
    func allocateRuntimeObjects(count: UInt64, size: UInt64, hasPointers: Bool, cohort: Cohort)
    /// `units` pointer-holding slots of `sizeClass` for units `firstUnit…` of `cohort`.
    func allocateRuntimeSlots(sizeClass: Int, units: UInt64, cohort: Cohort, firstUnit: UInt64)
    /// Free slots of the P's current span of a pointer-holding size class (0 when none is cached).
    func cachedFreeSlots(sizeClass: Int) -> UInt64
    /// A span of `pages` pages for stacks (stackpoolalloc, stackalloc of a large stack); its first page.
    func acquireStackSpan(pages: UInt64) -> UInt64
    /// Gives a stack span back to the page heap.
    func releaseStackSpan(start: UInt64, pages: UInt64)
    /// Every object of the cohort became unreachable.
    func cohortDied(_ cohort: Cohort)
    /// Some objects of the cohort became unreachable (its runs must be marked again).
    func cohortChanged(_ cohort: Cohort)
}

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
    /// Slots handed out (to goroutines or to a P's cache).
    fileprivate(set) var inUse = 0
    fileprivate init(start: UInt64, slots: Int) { self.start = start; self.slots = slots }
}

/// The stack allocator (`stack.go`): per-order pools of 32 KiB spans, each P's stack cache, and
/// dedicated spans for stacks of 32 KiB and more.
final class StackAllocator {
    /// Pool spans with free slots, per order (the last is used first).
    private var pools: [[PoolSpan]] = Array(repeating: [], count: Heap.stackOrders)
    /// Each P's stack cache, per order.
    private var caches: [[[PoolSpan]]]
    /// Start-up stack spans (held for ever).
    private var permanentSpans: [(start: UInt64, pages: UInt64)] = []
    /// Pages of all stack spans (pool spans, dedicated and start-up spans).
    private(set) var spanPages: UInt64 = 0

    init(gomaxprocs: Int) {
        caches = Array(repeating: Array(repeating: [], count: Heap.stackOrders), count: max(1, gomaxprocs))
    }

    /// Stacks of one order in P `p`'s cache.
    func cachedStacks(order: Int, p: Int) -> Int { caches[p][order].count }

    /// stackalloc on P `p`.
    func alloc(_ bytes: UInt64, p: Int, memory: SchedulerMemory) -> StackRef {
        if bytes < Heap.stackPoolSpanBytes {
            let order = (bytes / Heap.stackMin).trailingZeroBitCount
            if caches[p][order].isEmpty {
                // stackcacherefill: half the cache capacity from the global pool.
                let count = Int(Heap.stackCacheBytes / 2 / bytes)
                for _ in 0..<count {
                    let span = poolAlloc(order: order, memory: memory)
                    caches[p][order].append(span)
                }
            }
            return .pool(caches[p][order].removeLast(), order: order)
        }
        let pages = bytes / Heap.pageSize
        return .dedicated(start: acquire(pages: pages, memory: memory), pages: pages)
    }

    /// stackfree on P `p`.
    func free(_ stack: StackRef, p: Int, memory: SchedulerMemory) {
        switch stack {
        case .pool(let span, let order):
            caches[p][order].append(span)
            let bytes = Heap.stackMin << UInt64(order)
            if UInt64(caches[p][order].count) * bytes >= Heap.stackCacheBytes {
                // stackcacherelease: down to half the capacity.
                while UInt64(caches[p][order].count) * bytes > Heap.stackCacheBytes / 2 {
                    let span = caches[p][order].removeLast()
                    poolFree(span, order: order, memory: memory)
                }
            }
        case .dedicated(let start, let pages):
            release(start: start, pages: pages, memory: memory)
        }
    }

    /// stackcache_clear of every P (at ReadMemStats and at every GC).
    func clearCaches(memory: SchedulerMemory) {
        for p in caches.indices {
            for order in 0..<Heap.stackOrders {
                while let span = caches[p][order].popLast() { poolFree(span, order: order, memory: memory) }
            }
        }
    }

    /// A start-up pool span of `order` with `used` slots taken.
    func adoptStartupPoolSpan(order: Int, used: Int, memory: SchedulerMemory) {
        let start = acquire(pages: Heap.stackPoolSpanBytes / Heap.pageSize, memory: memory)
        let span = PoolSpan(start: start, slots: Int(Heap.stackPoolSpanBytes / (Heap.stackMin << UInt64(order))))
        span.inUse = used
        if span.inUse < span.slots { pools[order].append(span) }
    }

    /// A start-up dedicated stack span (g0 and gsignal stacks), held for ever.
    func adoptStartupSpan(pages: UInt64, memory: SchedulerMemory) {
        permanentSpans.append((acquire(pages: pages, memory: memory), pages))
    }

    private func acquire(pages: UInt64, memory: SchedulerMemory) -> UInt64 {
        spanPages += pages
        return memory.acquireStackSpan(pages: pages)
    }

    private func release(start: UInt64, pages: UInt64, memory: SchedulerMemory) {
        spanPages -= pages
        memory.releaseStackSpan(start: start, pages: pages)
    }

    private func poolAlloc(order: Int, memory: SchedulerMemory) -> PoolSpan {
        if let span = pools[order].last {
            span.inUse += 1
            if span.inUse == span.slots { pools[order].removeLast() }
            return span
        }
        let start = acquire(pages: Heap.stackPoolSpanBytes / Heap.pageSize, memory: memory)
        let span = PoolSpan(start: start, slots: Int(Heap.stackPoolSpanBytes / (Heap.stackMin << UInt64(order))))
        span.inUse = 1
        pools[order].append(span)
        return span
    }

    private func poolFree(_ span: PoolSpan, order: Int, memory: SchedulerMemory) {
        if span.inUse == span.slots { pools[order].append(span) }
        span.inUse -= 1
        if span.inUse == 0 {
            pools[order].removeAll { $0 === span }
            release(start: span.start, pages: Heap.stackPoolSpanBytes / Heap.pageSize, memory: memory)
        }
    }

    /// The allocator's own invariants (nil when they hold).
    func checkInvariants() -> String? {
        for (order, list) in pools.enumerated() {
            for span in list where span.inUse <= 0 || span.inUse >= span.slots {
                return "stack pool span of order \(order) is listed with \(span.inUse) of \(span.slots) slots in use"
            }
        }
        for cache in caches {
            for (order, list) in cache.enumerated()
            where UInt64(list.count) * (Heap.stackMin << UInt64(order)) >= Heap.stackCacheBytes {
                return "a P's stack cache of order \(order) holds \(list.count) stacks, over its capacity"
            }
        }
        return nil
    }
}

/// A G on a free list, with or without a stack.
struct FreeG { var stack: StackRef? }

/// The scheduler's state on one P: its free Gs and its sudog cache.
struct SchedulerP {
    var gFree: [FreeG] = []
    var sudogCache: [UInt64] = []
}

/// The goroutines of one group (one or more `goroutines … as G` statements), and its channel.
final class GoroutineGroup {
    fileprivate(set) var stacks: [StackRef] = []
    fileprivate(set) var sudogs: [UInt64] = []
    /// Runs of goroutines (in `stacks` order) that use the same number of stack bytes.
    fileprivate(set) var usedBytes: [(count: Int, bytes: UInt64)] = []
    /// The group's `quit` channel (an hchan, live while the group exists).
    let channel: Cohort
    /// Groups are numbered in the order they started: allgs order, in which the GC visits
    /// (and shrinks) their stacks.
    let startOrder: Int
    fileprivate init(channel: Cohort, startOrder: Int) {
        self.channel = channel
        self.startOrder = startOrder
    }

    var totalUsedBytes: UInt64 { usedBytes.reduce(0) { $0 + UInt64($1.count) * $1.bytes } }
}

/// Goroutines, their stacks and sudogs (`proc.go`, `stack.go`, `chan.go`).
final class Scheduler {
    private let profile: GoProfile
    private let program: GoProgramShape
    private let gomaxprocs: Int
    private let extraMsRule: ExtraMs
    /// The stack allocator.
    let stacks: StackAllocator
    /// Per-P state; the model runs everything on `runningP`.
    private var ps: [SchedulerP]
    private let runningP = 0
    /// sched.gFree: the global free-G list.
    private var gFreeGlobal: [FreeG] = []
    private(set) var liveGoroutines: UInt64 = 0
    /// Sum of the used stack bytes of live goroutines in groups.
    private var liveStackUsedBytes: UInt64 = 0
    /// Sum of the stack sizes of live goroutines in groups (gcController.addScannableStack).
    private var liveStackAllocatedBytes: UInt64 = 0
    private(set) var systemGoroutines: UInt64 = 0
    private var systemStackBytes: UInt64 = 0
    /// GC mark worker goroutines started (one per P, at the first GC).
    private var markWorkers: Int = 0
    /// Stacks of the GC mark workers (held for ever).
    private var markWorkerStacks: [StackRef] = []
    /// allgs: length and capacity of the slice, and its current backing array.
    private var allgsCount: UInt64 = 0
    private var allgsCapacity: UInt64 = 0
    private var allgsArray: Cohort?
    /// Starting size of stacks allocated for reused Gs (adaptive, recomputed at each GC).
    private(set) var startingStackSize: UInt64 = Heap.stackMin
    private var groupsStarted = 0
    /// sudogs: one cohort; positions in the P's cache and the central cache.
    private let sudogs = Cohort(objectCount: .max)
    /// Runtime objects that live for ever (mark worker nodes).
    private let runtimeObjects = Cohort(objectCount: .max)
    private var nextSudog: UInt64 = 0
    /// sched.sudogcache: the central sudog cache.
    private var sudogCentral: [UInt64] = []

    init(profile: GoProfile, program: GoProgramShape, gomaxprocs: Int, extraMs: ExtraMs = .rule) {
        self.profile = profile
        self.program = program
        self.gomaxprocs = gomaxprocs
        self.extraMsRule = extraMs
        stacks = StackAllocator(gomaxprocs: gomaxprocs)
        ps = Array(repeating: SchedulerP(), count: max(1, gomaxprocs))
    }

    /// Goroutines alive (the program's and the runtime's).
    var goroutineCount: UInt64 { liveGoroutines + systemGoroutines }

    // MARK: start-up

    /// The start-up goroutines: allgs (its backing array), the sudogs cached on the P since init,
    /// the runtime's goroutines and their scanned stack bytes.
    func adoptStartupState(_ b: StartupBaseline, memory: SchedulerMemory) {
        let allgs = Cohort(objectCount: 1)
        memory.allocateRuntimeObjects(count: 1, size: b.allgsCapacity * 8, hasPointers: true, cohort: allgs)
        allgsArray = allgs
        allgsCapacity = b.allgsCapacity
        allgsCount = b.allgsLength
        if b.cachedSudogs > 0 {
            let sudogClass = SizeClasses.sizeClass(forSlotSize: profile.sudogBytes)
            memory.allocateRuntimeSlots(sizeClass: sudogClass, units: b.cachedSudogs, cohort: sudogs, firstUnit: 0)
            ps[runningP].sudogCache = Array(0..<b.cachedSudogs)
            nextSudog = b.cachedSudogs
        }
        systemGoroutines = b.systemGoroutines
        systemStackBytes = b.systemGoroutineStackBytes
    }

    // MARK: goroutines

    /// A new group: its channel is made (`make(chan struct{})`, an element-less hchan).
    func newGroup(memory: SchedulerMemory) -> GoroutineGroup {
        let channel = Cohort(objectCount: 1)
        memory.allocateRuntimeObjects(count: 1, size: program.hchanBytes, hasPointers: false, cohort: channel)
        groupsStarted += 1
        return GoroutineGroup(channel: channel, startOrder: groupsStarted)
    }

    /// acquireSudog: from the P's cache, refilled from the central cache, else a new sudog.
    private func acquireSudog(newSudogs: inout UInt64) -> UInt64 {
        if ps[runningP].sudogCache.isEmpty {
            while ps[runningP].sudogCache.count < Heap.sudogCacheCapacity / 2, let s = sudogCentral.popLast() {
                ps[runningP].sudogCache.append(s)
            }
        }
        if let s = ps[runningP].sudogCache.popLast() { return s }
        let s = nextSudog
        nextSudog += 1
        newSudogs += 1
        return s
    }

    /// releaseSudog: back to the P's cache; a full cache moves half of itself to the central cache.
    private func releaseSudog(_ sudog: UInt64) {
        if ps[runningP].sudogCache.count == Heap.sudogCacheCapacity {
            let half = Heap.sudogCacheCapacity / 2
            sudogCentral.append(contentsOf: ps[runningP].sudogCache.suffix(half))
            ps[runningP].sudogCache.removeLast(half)
        }
        ps[runningP].sudogCache.append(sudog)
    }

    /// Allocates the sudogs numbered [first, first + count) (new(sudog), never freed while cached).
    private func allocateSudogs(first: UInt64, count: UInt64, memory: SchedulerMemory) {
        guard count > 0 else { return }
        let sudogClass = SizeClasses.sizeClass(forSlotSize: profile.sudogBytes)
        memory.allocateRuntimeSlots(sizeClass: sudogClass, units: count, cohort: sudogs, firstUnit: first)
    }

    /// The order in which `count` goroutines made ready one after another by a running goroutine
    /// (`go` statements, or close of the channel they wait on) run once it blocks, with one P
    /// (`proc.go`: runqput with next = true puts each in runnext and moves the one there to the
    /// tail of the local run queue; a full queue (256) sends its first half and the newcomer to the
    /// global queue (runqputslow); schedule takes runnext, then the local queue from its head,
    /// then, when that is empty, the global queue in batches, first in first out
    /// (globrunqgetbatch)). Indices into the made-ready order.
    /// Simplification: schedule's look at the global queue every 61st scheduler tick is left out:
    /// it depends on how many goroutines ran before, which the model does not count (with start
    /// ticks 0, 7 and 30 the layout of random scenario 5 of seed 1 and of goroutine-leak moved by
    /// at most one 64 KiB release).
    static func runOrder(count: Int) -> [Int] {
        guard count > 1 else { return Array(0..<count) }
        let capacity = Heap.localRunQueueCapacity
        var local = [Int](), localHead = 0
        var global = [Int]()
        local.reserveCapacity(min(count, capacity * 2))
        var runnext = 0
        for g in 1..<count {
            let previous = runnext
            runnext = g
            if local.count - localHead < capacity {
                local.append(previous)
            } else {
                global.append(contentsOf: local[localHead..<(localHead + capacity / 2)])
                global.append(previous)
                localHead += capacity / 2
            }
            if localHead > capacity * 4 { local.removeFirst(localHead); localHead = 0 }
        }
        var order = [runnext]
        order.reserveCapacity(count)
        order.append(contentsOf: local[localHead...])
        order.append(contentsOf: global)
        return order
    }

    /// `go f(x)` for `count` goroutines, in program order: the closure (`closureBytes`, garbage
    /// once the goroutine runs; 0 = none), then newproc1: a G from the free lists (with its
    /// stack, or a stack of startingStackSize) or a new G (malg: the g struct, then its 2 KiB
    /// stack; then the allgs append). Returns the stacks. New Gs are processed in batches that
    /// end where any of these allocators must take pages (a fresh span for g structs or
    /// closures, a stack-cache refill, an allgs growth), so g-struct spans and stack pool spans
    /// interleave in the address space as they do in Go, in O(spans) steps.
    private func newGoroutines(count: UInt64, closureBytes: UInt64, memory: SchedulerMemory) -> [StackRef] {
        var initial: [StackRef] = []
        initial.reserveCapacity(Int(min(count, 1 << 24)))
        let gClass = SizeClasses.sizeClass(forSlotSize: profile.gStructBytes)
        let closureClass = closureBytes > 0 ? SizeClasses.sizeClass(forSlotSize: closureBytes) : nil
        var remaining = count
        while remaining > 0 {
            if ps[runningP].gFree.isEmpty && !gFreeGlobal.isEmpty {
                let n = min(Heap.gFreeLocalKeep, gFreeGlobal.count)
                ps[runningP].gFree.append(contentsOf: gFreeGlobal.suffix(n))
                gFreeGlobal.removeLast(n)
            }
            if !ps[runningP].gFree.isEmpty {
                let k = min(remaining, UInt64(ps[runningP].gFree.count))
                if closureBytes > 0 {
                    memory.allocateRuntimeObjects(count: k, size: closureBytes, hasPointers: true, cohort: memory.garbage)
                }
                for _ in 0..<k {
                    let g = ps[runningP].gFree.removeLast()
                    initial.append(g.stack ?? stacks.alloc(startingStackSize, p: runningP, memory: memory))
                }
                remaining -= k
                continue
            }
            var k = remaining
            k = min(k, max(1, memory.cachedFreeSlots(sizeClass: gClass)))
            if let c = closureClass { k = min(k, max(1, memory.cachedFreeSlots(sizeClass: c))) }
            k = min(k, max(1, UInt64(stacks.cachedStacks(order: 0, p: runningP))))
            if allgsCapacity > allgsCount { k = min(k, allgsCapacity - allgsCount) } else { k = 1 }
            if closureBytes > 0 {
                memory.allocateRuntimeObjects(count: k, size: closureBytes, hasPointers: true, cohort: memory.garbage)
            }
            memory.allocateRuntimeSlots(sizeClass: gClass, units: k, cohort: Cohort(objectCount: k), firstUnit: 0)
            for _ in 0..<k { initial.append(stacks.alloc(Heap.stackMin, p: runningP, memory: memory)) }
            growAllgs(by: k, memory: memory)
            remaining -= k
        }
        return initial
    }

    /// `goroutines COUNT stack SIZE` into `group`; returns the virtual nanoseconds it cost.
    func spawn(count: UInt64, stackBytes: UInt64, into group: GoroutineGroup, memory: SchedulerMemory) -> UInt64 {
        let target = program.stackBytes(requested: stackBytes)
        let used = program.scannedStackBytes(requested: stackBytes)
        group.stacks.reserveCapacity(group.stacks.count + Int(min(count, 1 << 24)))
        // newproc for every goroutine: a G (reused or new), its starting stack, its closure
        // (`go goroutineMain(group)`: garbage once the goroutine has started).
        let initial = newGoroutines(count: count, closureBytes: program.goStatementClosureBytes, memory: memory)
        // main blocks in spawnReady.Wait (a sudog); each goroutine runs: its stack doubles up to
        // the target, then it blocks on the channel (a sudog); the last Done wakes main, whose
        // sudog goes back to the cache.
        // New sudogs are allocated as the goroutines block: pending ones are placed when they
        // fill the current sudog span, so a fresh sudog span is taken between the right stacks.
        var newSudogs: UInt64 = 0
        var firstNewSudog = nextSudog
        let sudogClass = SizeClasses.sizeClass(forSlotSize: profile.sudogBytes)
        func placePendingSudogs(force: Bool) {
            guard newSudogs > 0 else { return }
            if force || newSudogs >= max(1, memory.cachedFreeSlots(sizeClass: sudogClass)) {
                allocateSudogs(first: firstNewSudog, count: newSudogs, memory: memory)
                firstNewSudog += newSudogs
                newSudogs = 0
            }
        }
        let mainSudog = acquireSudog(newSudogs: &newSudogs)
        placePendingSudogs(force: true)
        for index in Scheduler.runOrder(count: initial.count) {
            var stack = initial[index]
            var size = stack.bytes
            while size < target {
                let bigger = stacks.alloc(size * 2, p: runningP, memory: memory)
                stacks.free(stack, p: runningP, memory: memory)
                stack = bigger
                size *= 2
            }
            group.stacks.append(stack)
            liveStackAllocatedBytes += stack.bytes
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
        liveGoroutines += count
        liveStackUsedBytes += count * used
        return count * 1_000
    }

    /// `exit GROUP`: every goroutine of the group returns; returns the virtual nanoseconds it cost.
    func exit(_ group: GoroutineGroup, memory: SchedulerMemory) -> UInt64 {
        // close(quit) takes the blocked goroutines from the channel's queue (the order they
        // blocked) onto a gList, which pops the last first, and readies each through runnext:
        // they run, and free their stacks, in runOrder of that reversed order.
        let last = group.stacks.count - 1
        for index in Scheduler.runOrder(count: group.stacks.count) {
            let stack = group.stacks[last - index], sudog = group.sudogs[last - index]
            releaseSudog(sudog)
            // gfput.
            var g = FreeG(stack: stack)
            if stack.bytes != startingStackSize {
                stacks.free(stack, p: runningP, memory: memory)
                g.stack = nil
            }
            ps[runningP].gFree.append(g)
            if ps[runningP].gFree.count >= Heap.gFreeLocalMax {
                while ps[runningP].gFree.count >= Heap.gFreeLocalKeep {
                    gFreeGlobal.append(ps[runningP].gFree.removeLast())
                }
            }
        }
        // close(quit) and running.Wait(): main blocks once more (a cached sudog, given back).
        var newSudogs: UInt64 = 0
        let firstNewSudog = nextSudog
        releaseSudog(acquireSudog(newSudogs: &newSudogs))
        allocateSudogs(first: firstNewSudog, count: newSudogs, memory: memory)
        memory.cohortDied(group.channel)
        let count = UInt64(group.stacks.count)
        liveGoroutines -= count
        liveStackUsedBytes -= group.totalUsedBytes
        liveStackAllocatedBytes -= group.stacks.reduce(0) { $0 + $1.bytes }
        group.stacks = []
        group.sudogs = []
        group.usedBytes = []
        return count * 500
    }

    /// allgs = append(allgs, gp): the backing array grows like append (growslice); the old one is garbage.
    private func growAllgs(by n: UInt64, memory: SchedulerMemory) {
        let needed = allgsCount + n
        if needed > allgsCapacity {
            let grown = Slices.grow(oldCapacity: allgsCapacity, newLength: needed, elementBytes: 8,
                                    hasPointers: true, profile: profile)
            let array = Cohort(objectCount: 1)
            memory.allocateRuntimeObjects(count: 1, size: grown.bytes, hasPointers: true, cohort: array)
            if let old = allgsArray { memory.cohortDied(old) }
            allgsArray = array
            allgsCapacity = grown.capacity
        }
        allgsCount = needed
    }

    /// gcBgMarkStartWorkers (at the start of a cycle): one mark worker goroutine per P that has
    /// none yet. Each costs a G (g struct, allgs slot, 2 KiB stack) and a node kept for ever
    /// (GoProfile.markWorkerNodeBytes). How main waits for it is the profile's markWorkerStart:
    /// with a `ready` channel (1.27) the `go` closure is garbage at once, the channel when the
    /// workers are up, and main waits on it with a sudog; with a note (1.19, 1.22) there is no
    /// closure, channel or sudog. The caller makes sure these allocations start no cycle
    /// (m.locks is held).
    func startMarkWorkers(memory: SchedulerMemory) {
        let missing = gomaxprocs - markWorkers
        guard missing > 0 else { return }
        let count = UInt64(missing)
        let readyChannel = profile.markWorkerStart == .readyChannel
        if readyChannel {
            memory.allocateRuntimeObjects(count: 1, size: program.hchanBytes, hasPointers: false, cohort: memory.garbage)
        }
        var newSudogs: UInt64 = 0
        let firstNewSudog = nextSudog
        for _ in 0..<count {
            let stack = newGoroutines(count: 1, closureBytes: readyChannel ? program.goStatementClosureBytes : 0,
                                      memory: memory)[0]
            markWorkerStacks.append(stack)
            if readyChannel { releaseSudog(acquireSudog(newSudogs: &newSudogs)) }
        }
        memory.allocateRuntimeObjects(count: count, size: profile.markWorkerNodeBytes, hasPointers: false,
                                      cohort: runtimeObjects)
        allocateSudogs(first: firstNewSudog, count: newSudogs, memory: memory)
        markWorkers += missing
        systemGoroutines += count
        systemStackBytes += count * program.blockedGoroutineScanBytes
    }

    /// True when the mark workers of every P have been started.
    var markWorkersStarted: Bool { markWorkers >= gomaxprocs }

    // MARK: Ms (threads)

    /// allocm's g0 stack on linux without cgo: `malg(16384 * sys.StackGuardMultiplier)` (proc.go).
    static let g0StackBytes: UInt64 = 16 << 10
    /// mpreinit's signal stack: `malg(32 * 1024)` (os_linux.go).
    static let gsignalStackBytes: UInt64 = 32 << 10

    /// Ms started beyond those of the start-up baseline (measured with GOMAXPROCS=1).
    private(set) var extraMs = 0
    /// Their g0 and gsignal stacks, held for ever (the program's Ms never exit).
    private var extraMStacks: [StackRef] = []

    /// The Ms a process with more than one P starts that one with a single P does not: one per
    /// extra P at start-up (runtime.main's start-up goroutines become runnable while Ps are idle,
    /// and wakep starts an M for each). Each costs its g0 and gsignal stacks, allocated on the
    /// running P. Later Ms come from races the model does not run (startTheWorldWithSema starts
    /// one when a P has work and no M is idle at that instant), so they are a band variant, not
    /// the point; the configuration moves the start-up count (ExtraMs.moved).
    func startExtraMs(memory: SchedulerMemory) {
        let target = max(0, ExtraMs.ruleCount(gomaxprocs: gomaxprocs) + extraMsRule.offset)
        guard extraMs < target else { return }
        let count = UInt64(target - extraMs)
        // allocm: the m struct and what it carries (the profile's per-M objects), then malg for
        // g0 and for gsignal: a g struct each and its stack.
        for object in profile.perMHeapObjects {
            memory.allocateRuntimeObjects(count: count, size: object.bytes, hasPointers: object.hasPointers,
                                          cohort: runtimeObjects)
        }
        memory.allocateRuntimeObjects(count: 2 * count, size: profile.gStructBytes, hasPointers: true,
                                      cohort: runtimeObjects)
        while extraMs < target {
            extraMStacks.append(stacks.alloc(Self.g0StackBytes, p: runningP, memory: memory))
            extraMStacks.append(stacks.alloc(Self.gsignalStackBytes, p: runningP, memory: memory))
            extraMs += 1
        }
    }

    // MARK: GC hooks

    /// clearpools: the central sudog cache is dropped (its sudogs become garbage).
    func clearSudogCentralCache(memory: SchedulerMemory) {
        for s in sudogCentral { sudogs.deadUnitRanges.append(s..<(s + 1)) }
        sudogCentral.removeAll()
        // Merge adjacent dead ranges to keep liveness queries short.
        let sorted = sudogs.deadUnitRanges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<UInt64>] = []
        for r in sorted {
            if let last = merged.last, last.upperBound >= r.lowerBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        sudogs.deadUnitRanges = merged
        memory.cohortChanged(sudogs)
    }

    /// markrootFreeGStacks: Gs on the global free list lose their stacks.
    func freeGlobalFreeGStacks(memory: SchedulerMemory) {
        for i in gFreeGlobal.indices {
            if let stack = gFreeGlobal[i].stack {
                stacks.free(stack, p: runningP, memory: memory)
                gFreeGlobal[i].stack = nil
            }
        }
    }

    /// Bytes of stack the GC scans (used part of every live goroutine's stack).
    var scannedStackBytes: UInt64 { liveStackUsedBytes + systemStackBytes }
    /// Go's maxStackScan: the whole stacks of the live goroutines, which revise takes as the most
    /// stack scan work a cycle can find. Simplification: the runtime's own goroutines count
    /// their used part, as in `scannedStackBytes`.
    var scannableStackBytes: UInt64 { liveStackAllocatedBytes + systemStackBytes }

    /// gcComputeStartingStackSize (adaptive stack start, on by default since 1.19).
    func updateStartingStackSize() {
        let count = liveGoroutines + systemGoroutines
        guard count > 0 else { startingStackSize = Heap.stackMin; return }
        let average = scannedStackBytes / count + Heap.stackGuard
        var size = Heap.stackMin
        while size < average { size *= 2 }
        startingStackSize = size
    }

    /// shrinkstack: goroutines using less than a quarter of their stack get it halved; then the
    /// stack caches are emptied.
    func shrinkStacks(of groups: [GoroutineGroup], memory: SchedulerMemory) {
        for group in groups.sorted(by: { $0.startOrder < $1.startOrder }) {
            var i = 0
            for run in group.usedBytes {
                for j in i..<(i + run.count) {
                    let size = group.stacks[j].bytes
                    if size > Heap.stackMin && run.bytes + 800 < size / 4 {
                        let smaller = stacks.alloc(size / 2, p: runningP, memory: memory)
                        stacks.free(group.stacks[j], p: runningP, memory: memory)
                        group.stacks[j] = smaller
                        liveStackAllocatedBytes -= size - size / 2
                    }
                }
                i += run.count
            }
        }
        stacks.clearCaches(memory: memory)
    }

    /// The scheduler's own invariants (nil when they hold).
    func checkInvariants() -> String? {
        if allgsCount > allgsCapacity { return "allgs holds \(allgsCount) Gs in a capacity of \(allgsCapacity)" }
        if markWorkers > gomaxprocs { return "\(markWorkers) mark workers for \(gomaxprocs) Ps" }
        for (i, p) in ps.enumerated() {
            if p.sudogCache.count > Heap.sudogCacheCapacity { return "P \(i)'s sudog cache holds \(p.sudogCache.count) sudogs" }
            if p.gFree.count >= Heap.gFreeLocalMax { return "P \(i)'s free-G list holds \(p.gFree.count) Gs" }
        }
        return stacks.checkInvariants()
    }
}
