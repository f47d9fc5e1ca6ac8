// MCache: a P's cache of spans: one current span per span class, and the tiny block.
//
// What it models: `mcache.go`: each P allocates small objects from its own current span of each
// span class without locks; when that span is full, `refill` brings another from the mcentral
// (or the page heap) and the pacer's heapLive grows by the new span's free bytes; `releaseAll`
// (ReadMemStats, GC) gives every current span back to its mcentral, and their unused slots leave
// heapLive again. The tiny allocator's current 16-byte block lives here too (`mcache.tiny`).
//
// Why the real thing exists: per-P caches make the common allocation lock-free.
//
// Component: `MCache` owns which span is current per class and the tiny block (private); the
// allocation path (Malloc.swift, mallocgc) fills the spans and moves them in and out; the
// coordinator keeps one MCache per P (`SimulatedHeap.mcaches`).
//
// Simplification: the model runs every goroutine on P 0, so only its mcache is used; the
// per-P batching of local counts is not modelled, Accounting counts at allocation time
// (ReadMemStats flushes first, so readings agree). The one batched number the pacer reads,
// `mcache.scanAlloc` (flushed into heapScan at each small-span refill), is kept by GCController
// (scanAllocated, flushScanAlloc).

/// The tiny allocator's current block.
struct TinyBlock {
    /// Bytes used in the current block.
    var offset: UInt64
}

final class MCache {
    /// The current span of each span class (key = class·2 + noscan).
    private var current: [Int: SpanRun] = [:]
    /// The tiny allocator's current block (nil after a flush or GC).
    private(set) var tiny: TinyBlock?

    /// The current span of span class `key`, if one is cached.
    func span(_ key: Int) -> SpanRun? { current[key] }

    /// The current spans.
    var spans: [SpanRun] { Array(current.values) }

    var isEmpty: Bool { current.isEmpty }

    /// The span classes (keys) with a current span, in key order.
    var spanClassKeys: [Int] { current.keys.sorted() }

    /// Free bytes of the current spans (counted in heapLive since their refill).
    var freeBytes: UInt64 { current.values.reduce(0) { $0 + $1.freePerSpan * $1.slotBytes } }

    /// The current span of `key` is full: it stays in use, on no list.
    func spanFilled(_ key: Int) {
        guard let run = current.removeValue(forKey: key) else { return }
        run.state = .inUse
    }

    /// `run` becomes the current span of `key`; returns the span it replaces (to be uncached).
    func install(_ run: SpanRun, key: Int) -> SpanRun? {
        let previous = current[key]
        run.state = .cached
        current[key] = run
        return previous
    }

    /// releaseAll: every current span leaves the cache (the caller gives them to their mcentral).
    func releaseAll() -> [(key: Int, run: SpanRun)] {
        let spans = current.map { (key: $0.key, run: $0.value) }
        current.removeAll(keepingCapacity: true)
        return spans
    }

    /// Sets or drops (nil) the tiny block.
    func setTiny(_ block: TinyBlock?) { tiny = block }

    /// The cache's own invariants (nil when they hold).
    func checkInvariants() -> String? {
        for (key, run) in current {
            if run.state != .cached { return "the mcache's span of class key \(key) is not in the cached state" }
            if run.freePerSpan == 0 { return "the mcache's span of class key \(key) is full" }
        }
        if let block = tiny, block.offset > Heap.tinyBlockBytes { return "the tiny block is over-full" }
        return nil
    }
}
