// SpanInventory: a read-only picture of the simulated heap for presentation (a heap map).
//
// What it models: what `GODEBUG` tooling or a heap dump would show: per span class, how many
// spans, pages, slots and live-or-unswept objects; the page heap's mapped, free and released
// pages per 4 MiB chunk; the stack spans.
//
// Why: a class should see *where* HeapInuse and HeapIdle are, not just their totals: partly
// empty spans after `keep 1 in K`, free chunks waiting for the scavenger, dense chunks.
//
// Simplification: aggregated per span class and per chunk; reading it changes nothing (no flush).

/// One span class's spans.
public struct SpanClassInventory: Sendable, Equatable {
    /// Size class (0 = large objects).
    public var sizeClass: Int
    public var hasPointers: Bool
    /// Bytes per slot (for large objects: the span's bytes).
    public var slotBytes: UInt64
    public var spans: UInt64
    public var pages: UInt64
    /// Slots in all those spans.
    public var slots: UInt64
    /// Allocated slots (live, or dead and not yet swept).
    public var allocatedSlots: UInt64
}

/// One 4 MiB chunk of the heap mapping.
public struct ChunkInventory: Sendable, Equatable {
    public var index: Int
    /// Pages in use (spans, stacks, the P's page cache).
    public var pagesInUse: UInt64
    /// Free pages released to the OS.
    public var releasedPages: UInt64
    /// Dense for the scavenger (≥ 496 of 512 pages in use this or the previous GC generation).
    public var isDense: Bool
}

/// The heap map.
public struct HeapInventory: Sendable, Equatable {
    public var spanClasses: [SpanClassInventory]
    public var chunks: [ChunkInventory]
    public var stackPages: UInt64
}

extension SimulatedHeap {
    /// The current heap map (does not flush caches).
    public func inventory() -> HeapInventory {
        var byClass: [Int: SpanClassInventory] = [:]
        for run in allspans.runs where !run.isFreed {
            let (c, pointers): (Int, Bool)
            switch run.kind {
            case .small(let sizeClass, let noscan): (c, pointers) = (sizeClass, !noscan)
            case .large(let noscan): (c, pointers) = (0, !noscan)
            case .stack: continue
            }
            let key = c * 2 + (pointers ? 1 : 0)
            var entry = byClass[key] ?? SpanClassInventory(sizeClass: c, hasPointers: pointers, slotBytes: c == 0 ? 0 : run.slotBytes,
                                                          spans: 0, pages: 0, slots: 0, allocatedSlots: 0)
            entry.spans += run.spanCount
            entry.pages += run.pages
            entry.slots += run.capacity * run.spanCount
            entry.allocatedSlots += run.allocatedPerSpan * run.spanCount
            byClass[key] = entry
        }
        var chunks: [ChunkInventory] = []
        let pages = mheap.pages
        for chunk in 0..<pages.chunkCount {
            chunks.append(ChunkInventory(index: chunk, pagesInUse: pages.pagesInUse(chunk: chunk),
                                         releasedPages: pages.releasedPages(inChunk: chunk),
                                         isDense: !pages.chunkMayBeScavenged(chunk, denseRule: true)))
        }
        return HeapInventory(spanClasses: byClass.keys.sorted().map { byClass[$0]! }, chunks: chunks,
                             stackPages: mheap.stackPages)
    }
}
