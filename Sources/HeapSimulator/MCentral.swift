// MCentral: the central lists of span classes: the partial lists a refill takes spans from, and
// the spanSets that hold every in-use span of the class between sweeps.
//
// What it models: `mcentral.go`: an mcache refill (`cacheSpan`) takes a partly free, swept span
// of its class before asking the page heap for a fresh one; the sweeper and `uncacheSpan` put
// spans with free slots back. Unswept spans of the class are swept on demand first (the
// sweeper's part, in GarbageCollector.swift). And `mspanset.go`: each mcentral keeps its spans
// in four spanSets, partial[2] and full[2], swept and unswept by the parity of sweepgen
// (sweepgen/2 % 2 is the swept one): a refill pushes the full span it gives back on full-swept,
// uncacheSpan pushes a span with free slots on partial-swept, a large object's span goes on its
// class-0 full-swept set (so the sweeper sees it), and cacheSpan pops partial-swept, then
// partial-unswept. Mark termination adds 2 to sweepgen, so the swept sets become the unswept
// ones; the sweep pops every span off them and pushes each survivor on a swept set; sweep
// termination (finishsweep_m) resets the drained unswept sets. A spanSet is a spine of block
// pointers (256 at first, doubled when full; the old spine is leaked) and 512-entry blocks; a
// block is taken when a push reaches a new block and given back to the global
// spanSetBlockPool when all its 512 entries were popped, or at reset (the part-popped head
// block); the pool's blocks are reused by any set. Spines and pool misses are persistentalloc'd
// and charged to gcMiscSys (GCSys), out of the block whose rest is OtherSys
// (OffHeapMetadata.swift): a span class's first push takes a spine and a block (2 048 + 4 608 B
// on go1.25+, whose block header is padded to tagAlign = 512 B and aligned to it; 2 048 + 4 120
// B, aligned to the 64 B cache line, before), each further 512 spans on a set one more block.
//
// Why the real thing exists: reusing the free slots of partly empty spans is why a heap with
// holes stops growing; the spanSets let the sweeper and the allocators find a class's spans
// without locks, and must live off the GC'd heap they describe.
//
// Component: `MCentral` owns the partial lists (private), one table for all span classes
// (Go has one mcentral per class); spans enter with `addPartial` and leave with `takePartial`.
// It also owns the spanSets' counts and the block pool: the coordinator reports each push, pop,
// sweep and phase change, and gets back the persistentalloc requests to charge (MHeap).
//
// Simplification: partial spans are reused lowest address first (Go's spanSets are FIFO
// queues); a list drops entries lazily (spans taken, freed or filled since they were listed).
// The spanSets are counts (head and tail of each set), not the spans themselves, so which span
// a pop returns is the model's choice (the partial list's), and a pop takes from the swept set
// before the unswept one. Spans the model's mark finds clean (nothing to free) are not swept one
// by one: when the sweep ends they move from the unswept sets to the swept ones in one step, pops
// and pushes interleaved as the sweeper does them. The mcache's spans flushed at mark
// termination (after sweepgen moved) are swept right after the mark, as Go's uncacheSpan sweeps
// them at once, and go through no unswept set. The start-up spans' sets are
// those of the measured start-up (StartupBaseline.spanSetBytes per class, in the first reading's
// GCSys), less the partial-swept sets the first flush creates (a class whose only span is cached
// has none until then: a program whose first statement is runtime.GC never makes them).

final class MCentral {
    /// Partial swept spans per span class, highest address first (the lowest is taken first).
    private var partial: [Int: [SpanRun]] = [:]
    /// The four spanSets of each span class key (class·2 + noscan; class 0: large objects).
    private var sets: [Int: CentralSpanSets] = [:]
    /// mheap_.sweepgen: +2 at each mark termination; sweepgen/2 % 2 picks the swept sets.
    private(set) var sweepgen: UInt64 = 0
    /// spanSetBlockPool: blocks given back, reused before persistentalloc is asked for one.
    private(set) var pooledBlocks: UInt64 = 0
    /// Blocks persistentalloc'd so far (never freed).
    private(set) var blocksAllocated: UInt64 = 0
    /// Spans the mcache gave back at mark termination, per class key and set kind: Go's
    /// uncacheSpan finds them stale and sweeps them at once, so they never enter an unswept set.
    /// Here they wait, on no set, for their sweep (right after the mark), which takes them before
    /// the unswept sets' spans and pushes the survivors on the swept sets.
    private var flushed: [Int: [SetKind: UInt64]] = [:]
    /// Bytes of one spanSetBlock, and its alignment.
    let blockBytes: UInt64
    let blockAlignment: UInt64

    /// `spanSetBytes`: a spine of 256 pointers plus one block (StartupBaseline.spanSetBytes).
    init(spanSetBytes: UInt64) {
        blockBytes = spanSetBytes - SpanSet.initialSpineCapacity * 8
        // go1.25+ pads the block header to tagAlign (512 B) and aligns the block to it; before,
        // blocks are aligned to the 64-byte cache line.
        blockAlignment = blockBytes % SpanSet.tagAlign == 0 ? SpanSet.tagAlign : SpanSet.cacheLineBytes
    }

    /// Puts a swept span with free slots on its class's partial list (address order).
    func addPartial(_ run: SpanRun, key: Int) {
        let index = partial[key]?.firstIndex { $0.startPage < run.startPage } ?? partial[key]?.count ?? 0
        partial[key, default: []].insert(run, at: index)
        run.state = .partial
    }

    /// The lowest partial span of `key` with free slots. Stale entries are dropped; a listed span
    /// that is unswept (it was on the list when its cycle marked it) is handed to `sweep` first.
    func lowestPartial(_ key: Int, sweep: (SpanRun) -> Void) -> SpanRun? {
        while let run = partial[key]?.last, run.state != .partial || run.freePerSpan == 0 {
            if run.isUnswept { sweep(run); continue }
            partial[key]!.removeLast()
        }
        return partial[key]?.last
    }

    /// Takes the lowest partial span of `key` (from `lowestPartial`); `rest`, when given, is the
    /// part of it not taken, which stays listed in its place.
    func takePartial(_ key: Int, leaving rest: SpanRun?) {
        if let rest {
            rest.state = .partial
            partial[key]![partial[key]!.count - 1] = rest
        } else {
            partial[key]!.removeLast()
        }
    }

    /// The lists' own invariants (nil when they hold): each list is in address order; each
    /// spanSet's head is not past its tail and it holds the blocks its entries need.
    func checkInvariants() -> String? {
        for (key, list) in partial {
            for i in list.indices.dropFirst() where list[i - 1].startPage < list[i].startPage {
                return "mcentral partial list of class key \(key) is not in address order"
            }
        }
        for (key, central) in sets {
            for set in central.partial + central.full where set.head > set.tail || set.spineLength * SpanSet.blockEntries < set.tail {
                return "a spanSet of class key \(key) has head \(set.head), tail \(set.tail), \(set.spineLength) blocks"
            }
        }
        return nil
    }

    // MARK: spanSets

    /// Which of a class's spanSets (partial or full).
    enum SetKind { case partial, full }
    /// Swept or unswept at the current sweepgen.
    enum SweepRole { case swept, unswept }

    private func index(_ role: SweepRole) -> Int {
        let swept = Int(sweepgen / 2 % 2)
        return role == .swept ? swept : 1 - swept
    }

    private func withSet<R>(_ key: Int, _ kind: SetKind, _ role: SweepRole, _ body: (inout SpanSet) -> R) -> R {
        let i = index(role)
        switch kind {
        case .partial: return body(&sets[key, default: CentralSpanSets()].partial[i])
        case .full: return body(&sets[key, default: CentralSpanSets()].full[i])
        }
    }

    /// Spans in a set (tail − head); the unswept ones include the spans flushed at mark termination.
    func count(_ key: Int, _ kind: SetKind, _ role: SweepRole) -> UInt64 {
        let waiting = role == .unswept ? flushed[key]?[kind] ?? 0 : 0
        guard let central = sets[key] else { return waiting }
        let i = index(role)
        return waiting + (kind == .partial ? central.partial[i].count : central.full[i].count)
    }

    /// Mark termination's mcache flush (after sweepgen moved): `count` spans of `key`, to be swept
    /// from `kind`, go on no set.
    func pushFlushed(_ key: Int, _ kind: SetKind, count: UInt64) {
        flushed[key, default: [:]][kind, default: 0] += count
    }

    /// spanSet.push, before a new block: a full spine doubles (the first holds 256 blocks),
    /// persistentalloc'd.
    private static func growSpineIfFull(_ set: inout SpanSet, _ requests: inout [PersistentAllocRequest]) {
        guard set.spineLength == set.spineCapacity else { return }
        set.spineCapacity = set.spineCapacity == 0 ? SpanSet.initialSpineCapacity : set.spineCapacity * 2
        requests.append(PersistentAllocRequest(bytes: set.spineCapacity * 8, alignment: SpanSet.cacheLineBytes))
    }

    /// spanSetBlockPool.alloc: a pooled block, else a new one from persistentalloc.
    private func takeBlock(_ requests: inout [PersistentAllocRequest]) {
        if pooledBlocks > 0 {
            pooledBlocks -= 1
        } else {
            blocksAllocated += 1
            requests.append(PersistentAllocRequest(bytes: blockBytes, alignment: blockAlignment))
        }
    }

    /// spanSet.push of `count` spans: a push that reaches a new block takes one (and grows the spine
    /// first when it is full). Returns what persistentalloc must provide.
    func push(_ key: Int, _ kind: SetKind, _ role: SweepRole = .swept, count: UInt64) -> [PersistentAllocRequest] {
        guard count > 0 else { return [] }
        var requests: [PersistentAllocRequest] = []
        withSet(key, kind, role) { set in
            let newTail = set.tail + count
            while set.spineLength * SpanSet.blockEntries < newTail {
                Self.growSpineIfFull(&set, &requests)
                takeBlock(&requests)
                set.spineLength += 1
            }
            set.tail = newTail
        }
        return requests
    }

    /// spanSet.pop of up to `count` spans (fewer when the set holds fewer); a block whose 512
    /// entries have all been popped goes back to the pool. Returns the spans popped.
    @discardableResult
    func pop(_ key: Int, _ kind: SetKind, _ role: SweepRole, count: UInt64) -> UInt64 {
        var waiting: UInt64 = 0
        if role == .unswept, let n = flushed[key]?[kind], n > 0 {
            waiting = min(count, n)
            flushed[key]![kind] = n - waiting
        }
        return waiting + withSet(key, kind, role) { set in
            let n = min(count - waiting, set.count)
            pooledBlocks += (set.head + n) / SpanSet.blockEntries - set.head / SpanSet.blockEntries
            set.head += n
            return n
        }
    }

    /// cacheSpan takes `count` partial spans: from partial-swept, then partial-unswept.
    func popPartial(_ key: Int, count: UInt64) {
        let fromSwept = pop(key, .partial, .swept, count: count)
        pop(key, .partial, .unswept, count: count - fromSwept)
    }

    /// The sweeper pops `count` spans off an unswept set and pushes the survivors on the swept
    /// set `to` (nil: they were freed), one span at a time (pop, then push), so a block the pops
    /// empty can serve the pushes.
    func sweep(_ key: Int, from: SetKind, to: SetKind?, spans: UInt64) -> [PersistentAllocRequest] {
        guard let to else {
            pop(key, from, .unswept, count: spans)
            return []
        }
        var requests: [PersistentAllocRequest] = []
        var left = spans
        while left > 0 {
            if let skipped = sweepWholeBlocks(key, from: from, to: to, left: left, requests: &requests) {
                left -= skipped
                continue
            }
            let available = count(key, from, .unswept)
            let room = withSet(key, to, .swept) { $0.spineLength * SpanSet.blockEntries - $0.tail }
            let headInBlock = withSet(key, from, .unswept) { $0.head % SpanSet.blockEntries }
            // Pairs until a pop empties a block or a push needs a new one (at least one pair).
            var step = min(left, room, SpanSet.blockEntries - headInBlock)
            if available > 0 { step = min(step, available) }
            step = max(step, 1)
            pop(key, from, .unswept, count: step)
            requests += push(key, to, .swept, count: step)
            left -= step
        }
        return requests
    }

    /// `sweep`'s pairs in bulk, with the same result as one block at a time: while a block is
    /// pooled and the unswept set holds every span left (none waiting from the flush), each run of
    /// 512 pairs empties exactly one block of the unswept set and fills exactly one of the swept
    /// set (or none, where the swept set has room), a pop's free and a push's take at most one
    /// apart, so the pool never runs dry and no block is requested; only the swept set's spine
    /// grows (doubling when full, a request each).
    /// Skips whole runs of 512 but leaves at least 512 pairs to the block-at-a-time loop; nil when
    /// it cannot skip.
    private func sweepWholeBlocks(_ key: Int, from: SetKind, to: SetKind, left: UInt64,
                                  requests: inout [PersistentAllocRequest]) -> UInt64? {
        let block = SpanSet.blockEntries
        guard left > 2 * block, pooledBlocks >= 1, (flushed[key]?[from] ?? 0) == 0 else { return nil }
        let available = withSet(key, from, .unswept) { $0.count }
        guard available >= left else { return nil }
        let periods = (left - block) / block
        let pairs = periods * block
        let freed = withSet(key, from, .unswept) { set -> UInt64 in
            let before = set.head / block
            set.head += pairs
            return set.head / block - before
        }
        let taken = withSet(key, to, .swept) { set -> UInt64 in
            set.tail += pairs
            var blocks: UInt64 = 0
            while set.spineLength * block < set.tail {
                Self.growSpineIfFull(&set, &requests)
                set.spineLength += 1
                blocks += 1
            }
            return blocks
        }
        // freed == periods; taken == periods too unless the swept set had room for more than a block.
        pooledBlocks = pooledBlocks + freed - taken
        return pairs
    }

    /// The sweep is done: the spans left on the unswept sets (those the model's mark found clean)
    /// are swept onto the swept sets of their kind, in the sweeper's order (span class, full
    /// before partial).
    func sweepFinished() -> [PersistentAllocRequest] {
        var requests: [PersistentAllocRequest] = []
        for key in Set(sets.keys).union(flushed.keys).sorted() {
            for kind in [SetKind.full, .partial] {
                let left = count(key, kind, .unswept)
                if left > 0 { requests += sweep(key, from: kind, to: kind, spans: left) }
            }
        }
        return requests
    }

    /// finishsweep_m: the unswept sets, empty now, are reset; the block their head was in goes
    /// back to the pool.
    func resetUnswept() {
        precondition(flushed.values.allSatisfy { $0.values.allSatisfy { $0 == 0 } }, "flushed spans left unswept")
        flushed = [:]
        for key in sets.keys {
            for kind in [SetKind.full, .partial] {
                withSet(key, kind, .unswept) { set in
                    precondition(set.head >= set.tail, "reset of a spanSet that is not empty")
                    if set.head % SpanSet.blockEntries != 0 && set.head / SpanSet.blockEntries < set.spineLength {
                        pooledBlocks += 1
                    }
                    set.head = 0
                    set.tail = 0
                    set.spineLength = 0
                }
            }
        }
    }

    /// gcSweep at mark termination: sweepgen += 2, so the swept sets become the unswept ones.
    func gcSweepStarted() { sweepgen += 2 }

    /// The start-up: of the span classes whose current span is cached, those with no
    /// partial-swept set yet: the first flush creates it (a ReadMemStats: at the current
    /// sweepgen; a GC's mark termination: the sweep's new swept set).
    func setsTheFirstFlushCreates(cachedClassKeys: [Int]) -> UInt64 {
        UInt64(cachedClassKeys.filter { key in withSet(key, .partial, .swept) { $0.spineCapacity == 0 } }.count)
    }
}

/// A persistentalloc call a spanSet needs (mspanset.go: a spine, or a block the pool lacked).
struct PersistentAllocRequest: Equatable {
    var bytes: UInt64
    var alignment: UInt64
}

/// One spanSet, as counts: entries head..<tail are in it (indices into the concatenation of its
/// blocks since the last reset); spineLength blocks have been added since the last reset (the
/// ones below head / 512 are back in the pool); the spine has room for spineCapacity.
struct SpanSet: Equatable {
    static let blockEntries: UInt64 = 512
    static let initialSpineCapacity: UInt64 = 256
    static let tagAlign: UInt64 = 512
    static let cacheLineBytes: UInt64 = 64

    var head: UInt64 = 0
    var tail: UInt64 = 0
    var spineLength: UInt64 = 0
    var spineCapacity: UInt64 = 0

    var count: UInt64 { tail - head }
}

/// An mcentral's partial[2] and full[2].
struct CentralSpanSets: Equatable {
    var partial = [SpanSet(), SpanSet()]
    var full = [SpanSet(), SpanSet()]
}
