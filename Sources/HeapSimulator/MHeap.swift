// MHeap: the page heap: the mapping, the page allocator, the off-heap metadata, the scavenger.
//
// What it models: `mheap.go` (`mheap_`): spans and stacks get runs of 8 KiB pages from the page
// allocator (PageAllocator.swift: the P's page cache for requests under 16 pages, else an
// address-ordered first fit); when nothing fits, the mapping grows by whole 4 MiB chunks
// (`mheap.grow`); every span needs an mspan struct (OffHeapMetadata.swift); the scavenger
// (Scavenger.swift) gives free pages back to the OS. It also keeps the page-level statistics
// (`memstats`: heapInUse, inStacks, inWorkBufs) and the byte views MemStats and the memory limit
// are built from (HeapSys, HeapInuse, HeapReleased, Sys, mappedReady).
//
// Why the real thing exists: one owner of the address space: everything that needs whole pages
// (spans of objects, stacks, workbufs) takes them here, so free pages can be reused by any of
// them and released to the OS in one place.
//
// Component: `MHeap` owns the page allocator, the metadata and the scavenger (private state);
// its callers (the allocator, the stack allocator through the coordinator, the GC) ask for spans
// and give them back, and tell it when a cycle ends; it knows nothing of objects.
//
// GC work buffers (`mgcwork.go`): a mark's gcWork takes its 2 KiB workbufs from 32 KiB manual
// spans (getempty: mheap_.allocManual(4 pages, spanAllocWorkBuf), counted in inWorkBufs, so in
// GCSys and not in HeapSys); mark termination moves them to work.wbufSpans.free
// (prepareFreeWorkbufs) and bgsweep gives them back to the page heap (freeSomeWbufs) once it has
// swept, and the next mark reuses a span still on the free list.
//
// Simplification: see PageAllocator.swift, OffHeapMetadata.swift and Scavenger.swift. How many
// workbuf spans a mark takes is computed once at its start from the program's groups
// (GarbageCollector's workbufSpansForMark), not from the mark's own progress.

import FieldCatalogue

final class MHeap {
    private let profile: GoProfile
    /// Every page of the mapping: in use, free, released.
    private(set) var pages = PageAllocator()
    /// mspans, mcaches, arenas, bitmaps: the runtime memory outside the heap.
    private(set) var meta: OffHeapMetadata
    /// Releases free pages to the OS.
    let scavenger: Scavenger
    /// Pages of in-use heap spans (HeapInuse / 8 KiB).
    private(set) var heapSpanPages: UInt64 = 0
    /// Pages of stack spans (StackInuse / 8 KiB).
    private(set) var stackPages: UInt64 = 0
    /// Pages of GC workbuf spans.
    private(set) var workbufPages: UInt64 = 0
    /// The GC workbuf spans (first page of each), busy or waiting for bgsweep to free them.
    private(set) var workbufSpans: [UInt64] = []

    init(profile: GoProfile, gomaxprocs: Int, calibration: Calibration) {
        self.profile = profile
        meta = OffHeapMetadata(profile: profile, gomaxprocs: gomaxprocs)
        scavenger = Scavenger(denseRule: profile.denseChunkRule,
                              honoursMemoryLimit: profile.backgroundScavengerHonoursMemoryLimit, gomaxprocs: gomaxprocs,
                              nanosecondsPerReleasedPage: calibration.nanosecondsPerReleasedPage)
    }

    // MARK: byte views (memstats)

    var heapSysBytes: UInt64 { (pages.mappedPages - stackPages - workbufPages) * Heap.pageSize }
    var heapInuseBytes: UInt64 { heapSpanPages * Heap.pageSize }
    var heapReleasedBytes: UInt64 { (pages.releasedFreePages + pages.paddingPages) * Heap.pageSize }
    var heapFreeBytes: UInt64 { pages.freeRetainedPages * Heap.pageSize }
    var stackInuseBytes: UInt64 { stackPages * Heap.pageSize }
    var workbufBytes: UInt64 { workbufPages * Heap.pageSize }
    /// heapInUse + heapFree: what the scavenger's gcPercent goal is compared with.
    var heapRetainedBytes: UInt64 { heapInuseBytes + heapFreeBytes }
    var sysBytes: UInt64 {
        heapSysBytes + stackInuseBytes + meta.mspanSysBytes + meta.mcacheSysBytes
            + meta.buckHash + meta.gcSysBytes + workbufBytes + meta.otherSysBytes
    }
    /// Sys − HeapReleased: what the memory limit compares with.
    var mappedReadyBytes: UInt64 { sysBytes - heapReleasedBytes }
    /// Resident metadata (what Linux would count of the off-heap structures).
    var metadataResidentBytes: UInt64 {
        meta.mspanSysBytes + meta.mcacheSysBytes + meta.gcBitsArenas * Heap.gcBitsArenaBytes + meta.otherSysBytes
    }
    /// Address space reserved for arenas beyond the mapping.
    var unmappedArenaReservationBytes: UInt64 {
        let reserved = meta.arenas * Heap.arenaBytes
        return reserved - min(reserved, pages.mappedPages * Heap.pageSize)
    }

    // MARK: growth and spans

    /// mheap.grow: maps `count` more pages (whole chunks), counted as released; the scavenger
    /// releases what the growth puts over its gcPercent goal.
    func grow(pages count: UInt64) {
        pages.grow(pages: count)
        meta.heapMapped(pages.mappedPages * Heap.pageSize)
        scavenger.scavengeForGrowth(bytes: count * Heap.pageSize, retained: heapRetainedBytes, pages: &pages)
    }

    /// The random heap base's padding (Go 1.26+): the first `count` pages of the fresh first chunk
    /// are never used and stay released.
    func markRandomPaddingPages(count: UInt64) { pages.markRandomPaddingPages(count: count) }

    /// Takes `count` runs of `pages` pages (first fit, growing the mapping by whole chunks when
    /// nothing fits), for heap spans or stack spans, and their mspans. With a memory limit
    /// (`memoryLimit`), allocation-time scavenging brings mappedReady back under it.
    func allocSpans(count: UInt64, pages perSpan: UInt64, forStacks: Bool, touched: Bool, memoryLimit: UInt64?)
        -> [(start: UInt64, spans: UInt64)] {
        allocSpans(count: count, pages: perSpan, use: forStacks ? .stack : .heap, touched: touched, memoryLimit: memoryLimit)
    }

    /// What a span's pages are counted as (mheap's spanAllocType).
    private enum SpanUse { case heap, stack, workbuf }

    private func allocSpans(count: UInt64, pages perSpan: UInt64, use: SpanUse, touched: Bool, memoryLimit: UInt64?)
        -> [(start: UInt64, spans: UInt64)] {
        let written = touched || use != .heap
        var result: [(start: UInt64, spans: UInt64)] = []
        func add(_ piece: (start: UInt64, spans: UInt64)) {
            if let last = result.last, last.start + last.spans * perSpan == piece.start {
                result[result.count - 1].spans += piece.spans
            } else {
                result.append(piece)
            }
        }
        var remaining = count
        while remaining > 0 {
            if perSpan < PageAllocator.pageCacheMaxRequest {
                if let piece = pages.refillAndTakeWholeBlocks(count: remaining, pages: perSpan,
                                                              touched: written) {
                    countPages(piece.spans * perSpan, use: use)
                    add(piece)
                    remaining -= piece.spans
                    continue
                }
                if pages.cacheIsEmpty && !pages.refillCache() {
                    grow(pages: (remaining * perSpan + Heap.chunkPages - 1) / Heap.chunkPages * Heap.chunkPages)
                    continue
                }
                let taken = pages.allocateFromCache(count: remaining, pages: perSpan, touched: written)
                for piece in taken {
                    countPages(piece.spans * perSpan, use: use)
                    add(piece)
                    remaining -= piece.spans
                }
                if remaining == 0 || pages.cacheIsEmpty { continue }
                // The cache is not empty but nothing fits: the page allocator serves the rest.
            }
            let found = pages.firstFit(count: remaining, pages: perSpan)
            for piece in found {
                takePages(piece.start, piece.spans * perSpan, use: use, touched: touched)
                add(piece)
                remaining -= piece.spans
            }
            if remaining > 0 {
                let needed = remaining * perSpan
                let trailing = pages.trailingFreePages
                let growth = (perSpan + Heap.chunkPages - 1) / Heap.chunkPages * Heap.chunkPages
                let grows = needed > trailing ? (needed - trailing + growth - 1) / growth : 1
                grow(pages: grows * growth)
                let more = pages.firstFit(count: remaining, pages: perSpan)
                for piece in more {
                    takePages(piece.start, piece.spans * perSpan, use: use, touched: touched)
                    add(piece)
                    remaining -= piece.spans
                }
                precondition(remaining == 0, "page heap growth did not make room")
            }
        }
        meta.acquireMSpans(count)
        if let limit = memoryLimit, mappedReadyBytes > limit {
            scavenger.scavengeForMemoryLimit(limit, mappedReady: mappedReadyBytes, pages: &pages)
        }
        return result
    }

    private func countPages(_ n: UInt64, use: SpanUse) {
        switch use {
        case .heap: heapSpanPages += n
        case .stack: stackPages += n
        case .workbuf: workbufPages += n
        }
    }

    private func takePages(_ start: UInt64, _ n: UInt64, use: SpanUse, touched: Bool) {
        _ = pages.allocate(start: start, count: n, touched: touched || use != .heap)
        countPages(n, use: use)
    }

    /// Returns `spans` spans' pages [start, start + count) to the page heap (free, retained).
    func freeSpans(start: UInt64, count: UInt64, spans: UInt64, forStacks: Bool) {
        pages.free(start: start, count: count)
        if forStacks { stackPages -= count } else { heapSpanPages -= count }
        meta.releaseMSpans(spans)
    }

    /// Objects were written into pages of an existing span (they are resident now).
    func touch(start: UInt64, count: UInt64) { pages.touch(start: start, count: count) }

    // MARK: GC work buffers

    /// A mark needs `spans` workbuf spans (getempty): it reuses those bgsweep has not freed yet
    /// and takes the rest as 32 KiB manual spans (written at once: the workbufs are sliced out of them).
    func gcWorkbufsNeeded(spans: UInt64, memoryLimit: UInt64?) {
        guard spans > UInt64(workbufSpans.count) else { return }
        let taken = allocSpans(count: spans - UInt64(workbufSpans.count), pages: Heap.workbufSpanPages, use: .workbuf,
                               touched: true, memoryLimit: memoryLimit)
        for piece in taken {
            for i in 0..<piece.spans { workbufSpans.append(piece.start + i * Heap.workbufSpanPages) }
        }
    }

    /// A mark's span queues made rings and left older ones dead (SpanQueue.swift).
    func spanQueueRingsMade(_ madeBytes: [UInt64], deadBytes: UInt64) {
        meta.spanQueueRingsMade(madeBytes, deadBytes: deadBytes)
    }

    /// bgsweep after its sweep (freeSomeWbufs, then freeDeadSpanSPMCs), or a forced GC's eager
    /// sweep: the workbuf spans go back to the page heap (free, retained) and the span queues'
    /// dead rings to the OS.
    func freeWorkbufsAndDeadSpanRings() {
        meta.freeDeadSpanQueueRings()
        for start in workbufSpans {
            pages.free(start: start, count: Heap.workbufSpanPages)
            workbufPages -= Heap.workbufSpanPages
            meta.releaseMSpans(1)
        }
        workbufSpans.removeAll()
    }

    // MARK: start-up and GC

    /// The start-up mspan count (GoProfile.baseline): at least one per span, the rest spare in the P's cache.
    func adoptStartupMSpans(structs: UInt64, spans: UInt64) { meta.adoptStartup(structs: structs, spans: spans) }

    /// The mcentral spanSets of the span classes in use at start (GCSys, out of OtherSys's chunk).
    func adoptStartupSpanSets(count: UInt64, madeByFirstFlush: UInt64, bytesEach: UInt64) {
        meta.adoptStartupSpanSets(count: count, madeByFirstFlush: madeByFirstFlush, bytesEach: bytesEach)
    }

    /// GOMAXPROCS > 1: the program runs on a P other than the start-up's (OffHeapMetadata).
    func programMovedToAnotherP() { meta.programMovedToAnotherP() }

    /// The mcentral spanSets took spines or blocks from persistentalloc (GCSys, out of OtherSys's block).
    func spanSetsGrew(_ requests: [PersistentAllocRequest]) {
        if !requests.isEmpty { meta.spanSetsGrew(requests) }
    }

    /// Mark termination: the scavenger's generation advances and it records HeapInuse before the sweep.
    func gcMarkTerminated() {
        pages.nextGeneration()
        scavenger.recordHeapInUse(heapInuseBytes)
    }

    /// After a mark: the first GC's one-off metadata and the spans' bitmaps.
    func gcMarked(sweptBitmapBytes: UInt64) {
        meta.gcMarked(sweptBitmapBytes: sweptBitmapBytes)
    }

    /// `count` fresh heap spans were initialised, each with alloc and mark bits of `bitmapBytesPerSpan`.
    func spansCreated(count: UInt64, bitmapBytesPerSpan: UInt64) {
        meta.spansCreated(count: count, bitmapBytesPerSpan: bitmapBytesPerSpan)
    }

    // MARK: scavenger

    /// gcPaceScavenger: the scavenger's goals after a commit of the pacer.
    func paceScavenger(heapGoal: UInt64, lastHeapGoal: UInt64, memoryLimit: UInt64?) {
        scavenger.pace(heapGoal: heapGoal, lastHeapGoal: lastHeapGoal, memoryLimit: memoryLimit,
                       mappedReady: mappedReadyBytes, retained: heapRetainedBytes)
    }

    /// debug.FreeOSMemory's release of every free page; returns the pages released.
    func releaseAllFreePages() -> UInt64 { scavenger.releaseAll(pages: &pages) }

    /// The background scavenger from `now` during `nanoseconds` of elapsed time.
    func runBackgroundScavenger(from now: UInt64, for nanoseconds: UInt64) {
        scavenger.runBackground(from: now, for: nanoseconds, pages: &pages, retained: heapRetainedBytes,
                                mappedReady: mappedReadyBytes)
    }

    /// scavenger.wake() at `now` (see Scavenger.wake).
    func wakeScavenger(now: UInt64, concurrentWithMark: Bool = false) {
        scavenger.wake(now: now, concurrentWithMark: concurrentWithMark, pages: pages, retained: heapRetainedBytes,
                       mappedReady: mappedReadyBytes)
    }

    /// The page heap's own invariants (nil when they hold).
    func checkInvariants() -> String? {
        if pages.mappedPages % Heap.chunkPages != 0 { return "heap mapping \(pages.mappedPages) pages is not whole 4 MiB chunks" }
        if pages.allocatedPages != heapSpanPages + stackPages + workbufPages + pages.paddingPages {
            return "page allocator has \(pages.allocatedPages) pages allocated, spans \(heapSpanPages) + stacks \(stackPages) "
                + "+ workbufs \(workbufPages) + heap base padding \(pages.paddingPages)"
        }
        if meta.mspanInuseBytes > meta.mspanSysBytes || meta.mcacheInuseBytes > meta.mcacheSysBytes {
            return "metadata in use exceeds its Sys"
        }
        if let broken = pages.checkInvariants() { return "page allocator: \(broken)" }
        return nil
    }
}
