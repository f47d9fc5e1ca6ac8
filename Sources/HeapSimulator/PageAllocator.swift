// PageAllocator: the page heap: which 8 KiB pages of the mapped heap are in use, free, released.
//
// What it models: `mpagealloc.go`/`mheap.go`: an address-ordered first-fit allocator over
// bitmaps, one 512-page (4 MiB) chunk at a time, growing the mapping by whole chunks
// (`mheap.grow`: ask = roundup(npages, 512) pages) whose fresh pages count as released
// ("scavenged") until a span is carved from them; a scavenged bitmap beside the allocation
// bitmap; and per chunk the `scavChunkData` occupancy of the current and previous GC generation
// that the dense-chunk rule reads. With a randomised heap base (Go 1.26+), the first growth
// marks 0–511 pages at the base as padding, allocated and scavenged at once
// (`markRandomPaddingPages`).
//
// Why the real thing exists: the heap is mapped in large pieces, handed out in page runs to
// spans, stacks and workbufs, and the runtime must know which free pages still cost RSS
// (HeapIdle − HeapReleased) and which it gave back with madvise (HeapReleased).
//
// The P's page cache (`mpagecache.go`) is modelled: requests under 16 pages are carved from a
// 64-page aligned block taken whole from the page allocator at the lowest free address; pages
// in the cache count as free (and released, if they were) in the statistics, are in use for the
// dense-chunk rule, cannot be released, and freed spans never return to it. Its fragmentation is
// what makes real heaps grow by an extra chunk when stacks double.
//
// Simplification: one page cache (P0's) even with several Ps. Go's bitmaps (allocated,
// scavenged) and per-chunk occupancy are kept run-length encoded (`RunMap`: runs of pages with
// the same state, runs of chunks with the same occupancy), so the model costs O(runs), not
// O(pages or chunks), and a 64 TiB heap is a handful of runs; the radix summaries are replaced
// by binary search in those runs from a lowest-free hint. The heap is one contiguous mapping
// (arenas are counted for metadata only; no non-contiguous reservations); release works on
// whole 8 KiB runtime pages, not 4 KiB OS pages, and the THP widening of a release to 2 MiB is
// ignored. A third page attribute tracks residency (pages written since they were last
// released) for the process view; Go has no such bitmap, the OS does.

/// What the page allocator knows about one page.
struct PageState: Equatable {
    /// The page belongs to a span (heap, stack or workbuf) or to the P's page cache.
    var allocated: Bool
    /// A free page that is released to the OS (or never touched since mapped).
    var scavenged: Bool
    /// The page is resident (written, not released since).
    var resident: Bool
    /// The page was handed out at least once since it was mapped (for the heap map: released
    /// versus never touched; Go does not keep this).
    var used: Bool = false
}

/// One chunk's occupancy for the scavenger's dense-chunk rule (`scavChunkData`).
struct ChunkOccupancy: Equatable {
    /// Pages in use now.
    var inUse: UInt64 = 0
    /// Pages in use at the start of generation `generation`.
    var lastInUse: UInt64 = 0
    var generation: UInt32 = 0

    /// The occupancy after `delta` pages are taken (or given back, negative) in `current`.
    func adding(_ delta: Int64, generation current: UInt32) -> ChunkOccupancy {
        var next = self
        if next.generation != current { next.lastInUse = next.inUse; next.generation = current }
        next.inUse = UInt64(Int64(next.inUse) + delta)
        return next
    }
}

/// A run-length map over [0, end): maximal runs of equal values, in order. Costs O(log runs) to
/// find a position and O(runs touched) to change a range.
struct RunMap<Value: Equatable> {
    /// Start of each run; run i is starts[i] ..< starts[i+1] (the last ends at `end`).
    private(set) var starts: [UInt64] = []
    private(set) var values: [Value] = []
    private(set) var end: UInt64 = 0

    var runCount: Int { starts.count }
    func runEnd(_ i: Int) -> UInt64 { i + 1 < starts.count ? starts[i + 1] : end }

    /// Index of the run holding `position` (< end).
    func index(of position: UInt64) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= position { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    func value(at position: UInt64) -> Value { values[index(of: position)] }

    /// Extends the map by `count` positions of `value`.
    mutating func append(_ count: UInt64, _ value: Value) {
        guard count > 0 else { return }
        if let last = values.last, last == value {
            end += count
            return
        }
        starts.append(end)
        values.append(value)
        end += count
    }

    /// Makes `position` the start of a run; returns that run's index.
    private mutating func split(at position: UInt64) -> Int {
        if position >= end { return starts.count }
        let i = index(of: position)
        if starts[i] == position { return i }
        starts.insert(position, at: i + 1)
        values.insert(values[i], at: i + 1)
        return i + 1
    }

    /// Applies `change` to every run overlapping [lo, hi), then merges equal neighbours.
    mutating func update(_ lo: UInt64, _ hi: UInt64, _ change: (inout Value) -> Void) {
        guard lo < hi else { return }
        let first = split(at: lo)
        let last = split(at: hi)
        for i in first..<last { change(&values[i]) }
        // Merge equal neighbours among runs first - 1 ... last, in place.
        let from = max(0, first - 1), to = min(starts.count - 1, last)
        guard to > from else { return }
        var write = from
        for read in (from + 1)...to where values[read] != values[write] {
            write += 1
            starts[write] = starts[read]
            values[write] = values[read]
        }
        if write < to {
            starts.removeSubrange((write + 1)...to)
            values.removeSubrange((write + 1)...to)
        }
    }

    /// Calls `body` with each piece of a run overlapping [lo, hi): (start, end, value), in order.
    func forEach(_ lo: UInt64, _ hi: UInt64, _ body: (UInt64, UInt64, Value) -> Void) {
        guard lo < hi, lo < end else { return }
        var i = index(of: lo)
        while i < starts.count && starts[i] < hi {
            body(max(starts[i], lo), min(runEnd(i), hi), values[i])
            i += 1
        }
    }
}

struct PageAllocator {
    /// Pages in the heap mapping (a multiple of 512).
    private(set) var mappedPages: UInt64 = 0
    /// Every mapped page's state, run-length encoded.
    private var pageRuns = RunMap<PageState>()
    /// Every chunk's occupancy, run-length encoded (index = chunk).
    private var chunks = RunMap<ChunkOccupancy>()
    /// The scavenger generation; advances at every mark termination.
    var generation: UInt32 = 0
    /// scavengeIndex.freeHWM: one past the highest page freed in the current generation.
    var freeHighWater: UInt64 = 0
    /// scavengeIndex.searchAddrBg: the background scavenger searches pages below this (0: nothing
    /// to search until the next generation raises it).
    var backgroundSearchLimit: UInt64 = 0

    /// Pages allocated: spans, stacks, workbufs, the P's page cache's block, the heap base padding.
    private(set) var allocatedPages: UInt64 = 0
    /// Free pages that are released.
    private(set) var releasedFreePages: UInt64 = 0
    /// Go 1.26+'s random heap base padding (`markRandomPaddingPages`): pages at the base of the
    /// first chunk that are both allocated and scavenged, so no span ever takes them and they
    /// count in HeapReleased (and so in HeapIdle) for the life of the process.
    private(set) var paddingPages: UInt64 = 0
    private(set) var residentPages: UInt64 = 0
    /// Pages made resident so far (a page written after it was mapped or released: the OS faults
    /// it in and zeroes it). Only grows; the cost model charges its growth (Calibration).
    private(set) var faultedPages: UInt64 = 0
    /// Pages handed out for the first time since they were mapped (Go's zeroedBase: memory below
    /// it needs zeroing when reused, memory above it is fresh from the OS). Only grows.
    private(set) var firstUsedPages: UInt64 = 0
    /// Every page below this one is allocated.
    private var searchHint: UInt64 = 0
    /// Per request size (pages): no free run below this page is long enough for it. Lowered
    /// when a free or a growth makes a long enough run below it (Go's radix summaries serve the
    /// same purpose: a first fit that does not rescan small holes).
    private var fitHints: [UInt64: UInt64] = [:]
    /// The P's page cache: base page, free pages (bit i = base + i), which of them are released.
    private(set) var cacheBase: UInt64 = 0
    private(set) var cacheFree: UInt64 = 0
    private(set) var cacheReleased: UInt64 = 0
    /// Requests of fewer pages than this use the page cache.
    static let pageCacheMaxRequest: UInt64 = 16

    var freePages: UInt64 { mappedPages - allocatedPages }
    var freeRetainedPages: UInt64 { freePages - releasedFreePages }
    var chunkCount: Int { Int(mappedPages / Heap.chunkPages) }
    /// Runs the page map and the chunk map hold (the model's cost grows with these).
    var runCounts: (pages: Int, chunks: Int) { (pageRuns.runCount, chunks.runCount) }

    // MARK: growth

    /// Maps `pages` more (a multiple of 512), all free and released. Returns the first new page.
    @discardableResult
    mutating func grow(pages: UInt64) -> UInt64 {
        precondition(pages % Heap.chunkPages == 0)
        let start = mappedPages
        pageRuns.append(pages, PageState(allocated: false, scavenged: true, resident: false))
        chunks.append(pages / Heap.chunkPages, ChunkOccupancy(generation: generation))
        mappedPages += pages
        releasedFreePages += pages
        let trailing = trailingFreePages
        lowerFitHints(runStart: mappedPages - trailing, runLength: trailing)
        return start
    }

    /// markRandomPaddingPages: the first `count` pages of a heap that has grown once and holds
    /// nothing yet become padding (allocated for the page allocator and the dense-chunk rule,
    /// released for the statistics).
    mutating func markRandomPaddingPages(count: UInt64) {
        precondition(allocatedPages == 0 && paddingPages == 0 && count < mappedPages,
                     "heap base padding goes into a fresh first chunk")
        guard count > 0 else { return }
        pageRuns.update(0, count) { state in
            state.allocated = true
            state.scavenged = true
        }
        occupy(0, count, 1)
        allocatedPages += count
        releasedFreePages -= count
        paddingPages = count
        searchHint = count
    }

    // MARK: search

    /// The first free page at or after `from`, or nil.
    func nextFree(from: UInt64) -> UInt64? {
        guard from < mappedPages else { return nil }
        var i = pageRuns.index(of: from)
        while i < pageRuns.runCount {
            if !pageRuns.values[i].allocated { return max(from, pageRuns.starts[i]) }
            i += 1
        }
        return nil
    }

    /// The first allocated page at or after `from` (mappedPages if none).
    func nextAllocated(from: UInt64) -> UInt64 {
        guard from < mappedPages else { return mappedPages }
        var i = pageRuns.index(of: from)
        while i < pageRuns.runCount {
            if pageRuns.values[i].allocated { return max(from, pageRuns.starts[i]) }
            i += 1
        }
        return mappedPages
    }

    /// Address-ordered first fit for up to `count` runs of `pages` pages each, taken without
    /// growing: returns (start, spans) pieces; each piece is contiguous. The caller takes them all.
    mutating func firstFit(count: UInt64, pages: UInt64) -> [(start: UInt64, spans: UInt64)] {
        var pieces: [(start: UInt64, spans: UInt64)] = []
        var remaining = count
        var position = max(searchHint, fitHints[pages] ?? 0)
        defer { fitHints[pages] = pieces.first?.start ?? mappedPages }
        while remaining > 0, let free = nextFree(from: position) {
            let end = nextAllocated(from: free)
            let fits = (end - free) / pages
            if fits > 0 {
                let take = min(fits, remaining)
                pieces.append((free, take))
                remaining -= take
            }
            position = end
            if end >= mappedPages { break }
        }
        return pieces
    }

    /// Free pages at the end of the mapping (they merge with the next growth).
    var trailingFreePages: UInt64 {
        guard mappedPages > 0 else { return 0 }
        var i = pageRuns.runCount - 1
        while i >= 0 {
            if pageRuns.values[i].allocated { return mappedPages - pageRuns.runEnd(i) }
            i -= 1
        }
        return mappedPages
    }

    // MARK: allocate / free

    /// Pages of [start, start+count) for which `test` holds.
    private func countPages(_ start: UInt64, _ count: UInt64, _ test: (PageState) -> Bool) -> UInt64 {
        var n: UInt64 = 0
        pageRuns.forEach(start, start + count) { lo, hi, state in if test(state) { n += hi - lo } }
        return n
    }

    /// Adds `delta` in-use pages per page of [start, start+count) to the chunks' occupancy.
    private mutating func occupy(_ start: UInt64, _ count: UInt64, _ sign: Int64) {
        let end = start + count
        var page = start
        let generation = generation
        while page < end {
            let chunk = page / Heap.chunkPages
            let chunkEnd = (chunk + 1) * Heap.chunkPages
            if page % Heap.chunkPages == 0 && end >= chunkEnd {
                // Whole chunks: one range update.
                let wholeEnd = end / Heap.chunkPages
                chunks.update(chunk, wholeEnd) { $0 = $0.adding(sign * Int64(Heap.chunkPages), generation: generation) }
                page = wholeEnd * Heap.chunkPages
            } else {
                let n = min(end, chunkEnd) - page
                chunks.update(chunk, chunk + 1) { $0 = $0.adding(sign * Int64(n), generation: generation) }
                page += n
            }
        }
    }

    /// Marks [start, start+count) allocated. Returns the number of those pages that were released.
    mutating func allocate(start: UInt64, count: UInt64, touched: Bool) -> UInt64 {
        let released = countPages(start, count) { $0.scavenged }
        if touched { fault(countPages(start, count) { !$0.resident }) }
        firstUsedPages += countPages(start, count) { !$0.used }
        pageRuns.update(start, start + count) { state in
            state.allocated = true
            state.scavenged = false
            state.used = true
            if touched { state.resident = true }
        }
        releasedFreePages -= released
        allocatedPages += count
        occupy(start, count, 1)
        if start == searchHint { searchHint = start + count }
        return released
    }

    /// Marks [start, start+count) free and retained (not released).
    mutating func free(start: UInt64, count: UInt64) {
        pageRuns.update(start, start + count) { $0.allocated = false }
        allocatedPages -= count
        occupy(start, count, -1)
        searchHint = min(searchHint, start)
        freeHighWater = max(freeHighWater, start + count)
        // The free run now holding the freed pages.
        var i = pageRuns.index(of: start)
        while i > 0 && !pageRuns.values[i - 1].allocated { i -= 1 }
        let runStart = pageRuns.starts[i]
        lowerFitHints(runStart: runStart, runLength: nextAllocated(from: start) - runStart)
    }

    /// A free run [runStart, runStart + runLength) exists now: requests it fits may start there.
    private mutating func lowerFitHints(runStart: UInt64, runLength: UInt64) {
        for (pages, hint) in fitHints where hint > runStart && runLength >= pages { fitHints[pages] = runStart }
    }

    /// scavengeIndex.nextGen (mark termination): a new generation; the background search may now
    /// reach the highest page freed during the one that ended.
    mutating func nextGeneration() {
        generation &+= 1
        backgroundSearchLimit = max(backgroundSearchLimit, freeHighWater)
        freeHighWater = 0
    }

    // MARK: page cache

    /// The pages of the 64-page block at `base` for which `test` holds, as a bit mask.
    private func mask(_ base: UInt64, _ test: (PageState) -> Bool) -> UInt64 {
        var bits: UInt64 = 0
        pageRuns.forEach(base, base + 64) { lo, hi, state in
            guard test(state) else { return }
            let n = hi - lo
            bits |= (n == 64 ? ~0 : (1 << n) - 1) << (lo - base)
        }
        return bits
    }

    /// allocToCache: takes the 64-page block holding the lowest free page. False if none is free.
    mutating func refillCache() -> Bool {
        guard let first = nextFree(from: searchHint) else { return false }
        cacheBase = first / 64 * 64
        cacheFree = mask(cacheBase) { !$0.allocated }
        cacheReleased = mask(cacheBase) { $0.scavenged } & cacheFree
        pageRuns.update(cacheBase, cacheBase + 64) { state in
            guard !state.allocated else { return }
            state.allocated = true
            state.scavenged = false
        }
        let chunk = cacheBase / Heap.chunkPages
        let generation = generation
        let taken = Int64(cacheFree.nonzeroBitCount)
        chunks.update(chunk, chunk + 1) { $0 = $0.adding(taken, generation: generation) }
        if first >= searchHint { searchHint = max(searchHint, cacheBase + 64) }
        return true
    }

    /// Many refills in one step: when the cache is empty, the lowest free page starts a whole
    /// free 64-page block and the request would take every page of several such blocks in a row
    /// (`pages` divides 64), the refills and takes are done at once over the whole free stretch,
    /// with the same effect as one refill and take per block. Returns the piece taken, or nil
    /// when fewer than two whole blocks qualify (the caller then refills one block).
    mutating func refillAndTakeWholeBlocks(count: UInt64, pages n: UInt64, touched: Bool) -> (start: UInt64, spans: UInt64)? {
        guard cacheFree == 0, n > 0, 64 % n == 0, let first = nextFree(from: searchHint), first % 64 == 0 else { return nil }
        let freeEnd = nextAllocated(from: first)
        let blocks = min((freeEnd - first) / 64, count * n / 64)
        guard blocks >= 2 else { return nil }
        let taken = blocks * 64
        releasedFreePages -= countPages(first, taken) { $0.scavenged }
        if touched { fault(countPages(first, taken) { !$0.resident }) }
        firstUsedPages += countPages(first, taken) { !$0.used }
        pageRuns.update(first, first + taken) { state in
            state.allocated = true
            state.scavenged = false
            state.used = true
            if touched { state.resident = true }
        }
        occupy(first, taken, 1)
        allocatedPages += taken
        cacheBase = first + taken - 64
        cacheReleased = 0
        searchHint = max(searchHint, first + taken)
        return (first, taken / n)
    }

    /// pageCache.alloc repeated: up to `count` runs of `pages` pages from the cache, first fit.
    mutating func allocateFromCache(count: UInt64, pages n: UInt64, touched: Bool) -> [(start: UInt64, spans: UInt64)] {
        var pieces: [(start: UInt64, spans: UInt64)] = []
        var remaining = count
        var bit: UInt64 = 0
        while remaining > 0 && bit < 64 {
            let free = cacheFree >> bit
            if free == 0 { break }
            bit += UInt64(free.trailingZeroBitCount)
            let runLength = UInt64((~(cacheFree >> bit)).trailingZeroBitCount)
            let fits = min(runLength / n, remaining)
            if fits > 0 {
                let taken = fits * n
                let mask: UInt64 = (taken == 64 ? ~0 : (1 << taken) - 1) << bit
                let released = UInt64((cacheReleased & mask).nonzeroBitCount)
                cacheFree &= ~mask
                cacheReleased &= ~mask
                releasedFreePages -= released
                allocatedPages += taken
                let start = cacheBase + bit
                firstUsedPages += countPages(start, taken) { !$0.used }
                pageRuns.update(start, start + taken) { $0.used = true }
                if touched { touch(start: start, count: taken) }
                pieces.append((start, fits))
                remaining -= fits
            }
            bit += runLength
        }
        return pieces
    }

    var cacheIsEmpty: Bool { cacheFree == 0 }

    // MARK: scavenging

    /// `shouldScavenge` of `scavChunkData`: may the background scavenger take from chunks in this state?
    func mayBeScavenged(_ c: ChunkOccupancy, denseRule: Bool) -> Bool {
        guard denseRule else { return true }
        if c.generation == generation {
            return c.inUse < Heap.denseChunkPages && c.lastInUse < Heap.denseChunkPages
        }
        return c.inUse < Heap.denseChunkPages
    }

    func chunkMayBeScavenged(_ chunk: Int, denseRule: Bool) -> Bool {
        mayBeScavenged(chunks.value(at: UInt64(chunk)), denseRule: denseRule)
    }

    /// Pages in use in `chunk` (spans, stacks, the P's page cache).
    func pagesInUse(chunk: Int) -> UInt64 { chunks.value(at: UInt64(chunk)).inUse }

    /// The free, retained page ranges below `limit` in chunks the scavenger may take from (all
    /// chunks when `force`), highest address first, each range highest page first.
    private func scavengeCandidates(below limit: UInt64, force: Bool, denseRule: Bool,
                                    _ body: (_ lo: UInt64, _ hi: UInt64) -> Bool) {
        guard limit > 0, mappedPages > 0 else { return }
        var i = pageRuns.index(of: min(limit, mappedPages) - 1)
        while i >= 0 {
            let state = pageRuns.values[i]
            let lo = pageRuns.starts[i]
            var top = min(pageRuns.runEnd(i), limit)
            if !state.allocated && !state.scavenged {
                while top > lo {
                    let chunkRun = chunks.index(of: (top - 1) / Heap.chunkPages)
                    let runLow = max(lo, chunks.starts[chunkRun] * Heap.chunkPages)
                    if force || mayBeScavenged(chunks.values[chunkRun], denseRule: denseRule) {
                        if !body(runLow, top) { return }
                    }
                    top = runLow
                }
            }
            i -= 1
        }
    }

    /// Releases up to `maxPages` free retained pages, highest address first. `denseRule` is the
    /// 1.21+ scavenge index (GoProfile.denseChunkRule): dense chunks are skipped unless `force`,
    /// and the background search reaches only what the last generation freed; without it (1.19)
    /// a freed page is searchable at once (scavengeIndex.mark raises searchAddr). Returns pages released.
    mutating func scavenge(maxPages: UInt64, force: Bool, denseRule: Bool) -> UInt64 {
        guard maxPages > 0, freeRetainedPages > 0 else { return 0 }
        var done: UInt64 = 0
        let limit = force || !denseRule ? mappedPages : min(backgroundSearchLimit, mappedPages)
        var taken: [(UInt64, UInt64)] = []
        scavengeCandidates(below: limit, force: force, denseRule: denseRule) { lo, hi in
            let n = min(hi - lo, maxPages - done)
            taken.append((hi - n, hi))
            done += n
            return done < maxPages
        }
        for (lo, hi) in taken {
            residentPages -= countPages(lo, hi - lo) { $0.resident }
            pageRuns.update(lo, hi) { state in
                state.scavenged = true
                state.resident = false
            }
        }
        releasedFreePages += done
        // find() found nothing more below the cursor: the background cursor is cleared.
        if !force && done < maxPages { backgroundSearchLimit = 0 }
        return done
    }

    /// Free retained pages the background scavenger may take now.
    func scavengeablePages(denseRule: Bool) -> UInt64 {
        var total: UInt64 = 0
        scavengeCandidates(below: denseRule ? min(backgroundSearchLimit, mappedPages) : mappedPages, force: false,
                           denseRule: denseRule) { lo, hi in
            total += hi - lo
            return true
        }
        return total
    }

    /// Marks pages resident (written) without allocating them (e.g. zeroing of reused memory).
    mutating func touch(start: UInt64, count: UInt64) {
        fault(countPages(start, count) { !$0.resident })
        pageRuns.update(start, start + count) { $0.resident = true }
    }

    /// `pages` pages become resident.
    private mutating func fault(_ pages: UInt64) {
        residentPages += pages
        faultedPages += pages
    }

    /// Free released pages in `chunk` (the page cache's released pages excluded).
    func releasedPages(inChunk chunk: Int) -> UInt64 {
        let base = UInt64(chunk) * Heap.chunkPages
        return countPages(base, Heap.chunkPages) { !$0.allocated && $0.scavenged }
    }

    func isAllocated(_ page: UInt64) -> Bool { pageRuns.value(at: page).allocated }

    /// Calls `body` with every run of pages in one state, lowest first (pages of the P's page
    /// cache show as allocated here; `cacheFree` and `cacheReleased` say which are free).
    func forEachPageRun(_ body: (_ start: UInt64, _ end: UInt64, _ state: PageState) -> Void) {
        pageRuns.forEach(0, mappedPages, body)
    }

    /// Checks the run maps' own invariants: counters agree with the runs, runs are maximal.
    func checkInvariants() -> String? {
        var allocated: UInt64 = 0, released: UInt64 = 0, resident: UInt64 = 0
        pageRuns.forEach(0, mappedPages) { lo, hi, state in
            if state.allocated { allocated += hi - lo }
            if state.scavenged { released += hi - lo }
            if state.resident { resident += hi - lo }
        }
        let cached = UInt64(cacheFree.nonzeroBitCount)
        if allocated != allocatedPages + cached { return "page runs hold \(allocated) allocated pages, counters \(allocatedPages) + \(cached) cached" }
        if released + UInt64(cacheReleased.nonzeroBitCount) != releasedFreePages + paddingPages {
            return "released pages disagree with the runs"
        }
        if resident != residentPages { return "resident pages disagree with the runs" }
        if pageRuns.end != mappedPages || chunks.end * Heap.chunkPages != mappedPages { return "run maps do not cover the mapping" }
        for i in 1..<max(1, pageRuns.runCount) where pageRuns.values[i] == pageRuns.values[i - 1] {
            return "page runs \(i - 1) and \(i) are equal and not merged"
        }
        return nil
    }
}
