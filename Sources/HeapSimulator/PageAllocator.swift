// PageAllocator: the page heap: which 8 KiB pages of the mapped heap are in use, free, released.
//
// What it models: `mpagealloc.go`/`mheap.go`: an address-ordered first-fit allocator over
// bitmaps, one 512-page (4 MiB) chunk at a time, growing the mapping by whole chunks
// (`mheap.grow`: ask = roundup(npages, 512) pages) whose fresh pages count as released
// ("scavenged") until a span is carved from them; a scavenged bitmap beside the allocation
// bitmap; and per chunk the `scavChunkData` occupancy of the current and previous GC generation
// that the dense-chunk rule reads.
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
// Simplification: one page cache (P0's) even with several Ps; the radix summaries are replaced by a linear scan from a lowest-free hint; the
// heap is one contiguous mapping (arenas are counted for metadata only; no non-contiguous
// reservations); release works on whole 8 KiB runtime pages, not 4 KiB OS pages, and the THP
// widening of a release to 2 MiB is ignored. A third bitmap tracks residency (pages written
// since they were last released) for the process view; Go has no such bitmap, the OS does.

struct PageAllocator {
    /// Pages in the heap mapping (a multiple of 512).
    private(set) var mappedPages: UInt64 = 0
    /// 1 = page belongs to a span (heap, stack or workbuf).
    private(set) var allocBits: [UInt64] = []
    /// 1 = free page that is released to the OS (or never touched since mapped).
    private(set) var scavBits: [UInt64] = []
    /// 1 = page is resident (written, not released since).
    private var residentBits: [UInt64] = []
    /// 1 = page was handed out at least once since it was mapped (for the heap map: released
    /// versus never touched; Go does not keep this).
    private(set) var usedBits: [UInt64] = []
    /// Per chunk: pages in use now, at the start of the current generation, generation stamp.
    private(set) var chunkInUse: [UInt32] = []
    private var chunkLastInUse: [UInt32] = []
    private var chunkGen: [UInt32] = []
    /// The scavenger generation; advances at every mark termination.
    var generation: UInt32 = 0
    /// scavengeIndex.freeHWM: one past the highest page freed in the current generation.
    var freeHighWater: UInt64 = 0
    /// scavengeIndex.searchAddrBg: the background scavenger searches pages below this (0: nothing
    /// to search until the next generation raises it).
    var backgroundSearchLimit: UInt64 = 0

    private(set) var allocatedPages: UInt64 = 0
    /// Free pages that are released.
    private(set) var releasedFreePages: UInt64 = 0
    private(set) var residentPages: UInt64 = 0
    /// Every page below this one is allocated.
    private var searchHint: UInt64 = 0
    /// The P's page cache: base page, free pages (bit i = base + i), which of them are released.
    private(set) var cacheBase: UInt64 = 0
    private(set) var cacheFree: UInt64 = 0
    private(set) var cacheReleased: UInt64 = 0
    /// Requests of fewer pages than this use the page cache.
    static let pageCacheMaxRequest: UInt64 = 16

    var freePages: UInt64 { mappedPages - allocatedPages }
    var freeRetainedPages: UInt64 { freePages - releasedFreePages }
    var chunkCount: Int { chunkInUse.count }

    // MARK: growth

    /// Maps `pages` more (a multiple of 512), all free and released. Returns the first new page.
    @discardableResult
    mutating func grow(pages: UInt64) -> UInt64 {
        precondition(pages % Heap.chunkPages == 0)
        let start = mappedPages
        let newWords = Int(pages / 64)
        allocBits.append(contentsOf: repeatElement(0, count: newWords))
        scavBits.append(contentsOf: repeatElement(~0, count: newWords))
        residentBits.append(contentsOf: repeatElement(0, count: newWords))
        usedBits.append(contentsOf: repeatElement(0, count: newWords))
        let newChunks = Int(pages / Heap.chunkPages)
        chunkInUse.append(contentsOf: repeatElement(0, count: newChunks))
        chunkLastInUse.append(contentsOf: repeatElement(0, count: newChunks))
        chunkGen.append(contentsOf: repeatElement(generation, count: newChunks))
        mappedPages += pages
        releasedFreePages += pages
        return start
    }

    // MARK: search

    /// The first free page at or after `from`, or nil.
    func nextFree(from: UInt64) -> UInt64? {
        var word = Int(from / 64)
        guard word < allocBits.count else { return nil }
        var bits = ~allocBits[word] & (~0 << (from % 64))
        while bits == 0 {
            word += 1
            if word == allocBits.count { return nil }
            bits = ~allocBits[word]
        }
        return UInt64(word) * 64 + UInt64(bits.trailingZeroBitCount)
    }

    /// The first allocated page at or after `from` (mappedPages if none).
    func nextAllocated(from: UInt64) -> UInt64 {
        var word = Int(from / 64)
        guard word < allocBits.count else { return mappedPages }
        var bits = allocBits[word] & (~0 << (from % 64))
        while bits == 0 {
            word += 1
            if word == allocBits.count { return mappedPages }
            bits = allocBits[word]
        }
        return UInt64(word) * 64 + UInt64(bits.trailingZeroBitCount)
    }

    /// Address-ordered first fit for up to `count` runs of `pages` pages each, taken without
    /// growing: returns (start, spans) pieces; each piece is contiguous.
    func firstFit(count: UInt64, pages: UInt64) -> [(start: UInt64, spans: UInt64)] {
        var pieces: [(start: UInt64, spans: UInt64)] = []
        var remaining = count
        var position = searchHint
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
        var page = mappedPages
        while page > 0 {
            let word = Int((page - 1) / 64)
            let bitsBelow = page - UInt64(word) * 64
            let mask: UInt64 = bitsBelow == 64 ? ~0 : (1 << bitsBelow) - 1
            let used = allocBits[word] & mask
            if used != 0 { return mappedPages - (UInt64(word) * 64 + UInt64(63 - used.leadingZeroBitCount) + 1) }
            page = UInt64(word) * 64
        }
        return mappedPages
    }

    // MARK: allocate / free

    /// Marks [start, start+count) allocated. Returns the number of those pages that were released.
    mutating func allocate(start: UInt64, count: UInt64, touched: Bool) -> UInt64 {
        let released = Self.countBits(scavBits, start, count)
        Self.setBits(&allocBits, start, count)
        Self.setBits(&usedBits, start, count)
        Self.clearBits(&scavBits, start, count)
        releasedFreePages -= released
        allocatedPages += count
        if touched {
            let before = Self.countBits(residentBits, start, count)
            Self.setBits(&residentBits, start, count)
            residentPages += count - before
        }
        Self.forEachChunk(start, count) { chunk, n in
            if chunkGen[chunk] != generation { chunkLastInUse[chunk] = chunkInUse[chunk]; chunkGen[chunk] = generation }
            chunkInUse[chunk] += UInt32(n)
        }
        if start == searchHint { searchHint = start + count }
        return released
    }

    /// Marks [start, start+count) free and retained (not released).
    mutating func free(start: UInt64, count: UInt64) {
        Self.clearBits(&allocBits, start, count)
        allocatedPages -= count
        Self.forEachChunk(start, count) { chunk, n in
            if chunkGen[chunk] != generation { chunkLastInUse[chunk] = chunkInUse[chunk]; chunkGen[chunk] = generation }
            chunkInUse[chunk] -= UInt32(n)
        }
        searchHint = min(searchHint, start)
        freeHighWater = max(freeHighWater, start + count)
    }

    /// scavengeIndex.nextGen (mark termination): a new generation; the background search may now
    /// reach the highest page freed during the one that ended.
    mutating func nextGeneration() {
        generation &+= 1
        backgroundSearchLimit = max(backgroundSearchLimit, freeHighWater)
        freeHighWater = 0
    }

    // MARK: page cache

    /// allocToCache: takes the 64-page block holding the lowest free page. False if none is free.
    mutating func refillCache() -> Bool {
        guard let first = nextFree(from: searchHint) else { return false }
        let word = Int(first / 64)
        cacheBase = UInt64(word) * 64
        cacheFree = ~allocBits[word]
        cacheReleased = scavBits[word] & cacheFree
        allocBits[word] = ~0
        scavBits[word] &= ~cacheFree
        let chunk = word / 8
        if chunkGen[chunk] != generation { chunkLastInUse[chunk] = chunkInUse[chunk]; chunkGen[chunk] = generation }
        chunkInUse[chunk] += UInt32(cacheFree.nonzeroBitCount)
        if first >= searchHint { searchHint = max(searchHint, cacheBase + 64) }
        return true
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
                usedBits[Int(cacheBase / 64)] |= mask
                releasedFreePages -= released
                allocatedPages += taken
                let start = cacheBase + bit
                if touched {
                    let before = Self.countBits(residentBits, start, taken)
                    Self.setBits(&residentBits, start, taken)
                    residentPages += taken - before
                }
                pieces.append((start, fits))
                remaining -= fits
            }
            bit += runLength
        }
        return pieces
    }

    var cacheIsEmpty: Bool { cacheFree == 0 }

    // MARK: scavenging

    /// `shouldScavenge` of `scavChunkData`: may the background scavenger take from `chunk`?
    func chunkMayBeScavenged(_ chunk: Int, denseRule: Bool) -> Bool {
        guard denseRule else { return true }
        let dense = UInt32(Heap.denseChunkPages)
        if chunkGen[chunk] == generation {
            return chunkInUse[chunk] < dense && chunkLastInUse[chunk] < dense
        }
        return chunkInUse[chunk] < dense
    }

    /// Releases up to `maxPages` free retained pages, highest address first, skipping dense
    /// chunks unless `force`. Returns pages released.
    mutating func scavenge(maxPages: UInt64, force: Bool, denseRule: Bool) -> UInt64 {
        guard maxPages > 0, freeRetainedPages > 0 else { return 0 }
        var done: UInt64 = 0
        let limit = force ? UInt64(chunkCount) * Heap.chunkPages : min(backgroundSearchLimit, UInt64(chunkCount) * Heap.chunkPages)
        var chunk = Int((limit + Heap.chunkPages - 1) / Heap.chunkPages) - 1
        while chunk >= 0 && done < maxPages {
            if force || chunkMayBeScavenged(chunk, denseRule: denseRule) {
                let base = Int(chunk) * 8
                var word = base + 7
                while word >= base && done < maxPages {
                    var candidates = ~allocBits[word] & ~scavBits[word] & Self.below(limit, word: word)
                    while candidates != 0 && done < maxPages {
                        let bit = 63 - candidates.leadingZeroBitCount
                        let mask: UInt64 = 1 << UInt64(bit)
                        candidates &= ~mask
                        scavBits[word] |= mask
                        if residentBits[word] & mask != 0 { residentBits[word] &= ~mask; residentPages -= 1 }
                        done += 1
                    }
                    word -= 1
                }
            }
            chunk -= 1
        }
        releasedFreePages += done
        // find() found nothing more below the cursor: the background cursor is cleared.
        if !force && done < maxPages { backgroundSearchLimit = 0 }
        return done
    }

    /// Mask of the pages of `word` below page `limit`.
    static func below(_ limit: UInt64, word: Int) -> UInt64 {
        let first = UInt64(word) * 64
        if limit >= first + 64 { return ~0 }
        if limit <= first { return 0 }
        return (1 << (limit - first)) - 1
    }

    /// Free retained pages the background scavenger may take now.
    func scavengeablePages(denseRule: Bool) -> UInt64 {
        var total: UInt64 = 0
        for chunk in 0..<chunkCount where chunkMayBeScavenged(chunk, denseRule: denseRule) {
            for word in chunk * 8 ..< chunk * 8 + 8 {
                total += UInt64((~allocBits[word] & ~scavBits[word] & Self.below(backgroundSearchLimit, word: word)).nonzeroBitCount)
            }
        }
        return total
    }

    /// Marks pages resident (written) without allocating them (e.g. zeroing of reused memory).
    mutating func touch(start: UInt64, count: UInt64) {
        let before = Self.countBits(residentBits, start, count)
        Self.setBits(&residentBits, start, count)
        residentPages += count - before
    }

    /// Free released pages in `chunk` (the page cache's released pages excluded).
    func releasedPages(inChunk chunk: Int) -> UInt64 {
        var n: UInt64 = 0
        for word in chunk * 8 ..< chunk * 8 + 8 { n += UInt64((~allocBits[word] & scavBits[word]).nonzeroBitCount) }
        return n
    }

    func isAllocated(_ page: UInt64) -> Bool { allocBits[Int(page / 64)] & (1 << (page % 64)) != 0 }

    // MARK: bit helpers

    private static func forEachChunk(_ start: UInt64, _ count: UInt64, _ body: (Int, UInt64) -> Void) {
        var page = start
        let end = start + count
        while page < end {
            let chunk = page / Heap.chunkPages
            let chunkEnd = min(end, (chunk + 1) * Heap.chunkPages)
            body(Int(chunk), chunkEnd - page)
            page = chunkEnd
        }
    }

    private static func forEachWord(_ start: UInt64, _ count: UInt64, _ body: (Int, UInt64) -> Void) {
        var page = start
        let end = start + count
        while page < end {
            let word = page / 64
            let lo = page % 64
            let hi = min(64, end - word * 64)
            let mask: UInt64 = (hi == 64 ? ~0 : (1 << hi) - 1) & (~0 << lo)
            body(Int(word), mask)
            page = word * 64 + hi
        }
    }
    private static func setBits(_ bits: inout [UInt64], _ start: UInt64, _ count: UInt64) {
        forEachWord(start, count) { bits[$0] |= $1 }
    }
    private static func clearBits(_ bits: inout [UInt64], _ start: UInt64, _ count: UInt64) {
        forEachWord(start, count) { bits[$0] &= ~$1 }
    }
    private static func countBits(_ bits: [UInt64], _ start: UInt64, _ count: UInt64) -> UInt64 {
        var n: UInt64 = 0
        forEachWord(start, count) { n += UInt64((bits[$0] & $1).nonzeroBitCount) }
        return n
    }
}
