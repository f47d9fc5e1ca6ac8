// HeapMapView: a read-only picture of the page heap for presentation: which pages hold object
// spans (by size class), large objects or stacks, which are free and retained, released, or
// never touched since the heap grew.
//
// What it models: what the runtime's page bitmaps (`mpagealloc.go`: the allocation and
// scavenged bitmaps) and its spans say about every page of the heap mapping, laid out by
// address, as a heap-visualising debugger would show it.
//
// Why: HeapInuse, HeapIdle and HeapReleased are totals; a class should see where they are:
// free pages between live spans (fragmentation), the heap growing a 4 MiB chunk at a time,
// pages going back to the OS.
//
// Simplification: reading it changes nothing (no flush, no sweep). Stack pages are the
// allocated pages no heap span or GC workbuf span (MHeap) owns; the text and HTML pictures draw
// the workbuf spans with the stacks.
// Free pages in the P's page cache show as free, retained or released, as the statistics count
// them. "Never touched" comes from a page attribute the model keeps (handed out at least once),
// which Go does not keep: for Go both kinds are simply released. The random heap base's padding
// (allocated and scavenged: PageAllocator.markRandomPaddingPages) shows as never touched, which
// it is. Cost: O(page runs + spans).

import FieldCatalogue

extension SimulatedHeap {
    /// The heap mapping as runs of pages in one state (lowest address first).
    public func heapMap() -> HeapMap {
        var spans: [HeapPageRun] = []
        for run in allspans.runs where !run.isFreed {
            let state: HeapPageState
            switch run.kind {
            case .small(let sizeClass, let noscan): state = .smallObjects(sizeClass: sizeClass, hasPointers: !noscan)
            case .large(let noscan): state = .largeObject(hasPointers: !noscan)
            case .stack: state = .stacks
            }
            spans.append(HeapPageRun(firstPage: run.startPage, pageCount: run.pages, state: state,
                                     slots: run.capacity * run.spanCount,
                                     allocatedSlots: run.allocatedPerSpan * run.spanCount))
        }
        for start in mheap.workbufSpans {
            spans.append(HeapPageRun(firstPage: start, pageCount: Heap.workbufSpanPages, state: .gcWorkbufs))
        }
        spans.sort { $0.firstPage < $1.firstPage }
        var runs = HeapMapBuilder()
        var next = 0
        for free in mheap.pages.pageStates() {
            guard free.state == .stacks else {
                runs.append(free)
                continue
            }
            // Allocated pages: heap and workbuf spans where one owns them, stacks elsewhere.
            var page = free.firstPage
            while next < spans.count, spans[next].endPage <= page { next += 1 }
            while page < free.endPage {
                if next < spans.count, spans[next].firstPage <= page {
                    runs.append(spans[next])
                    page = spans[next].endPage
                    next += 1
                } else {
                    let end = min(free.endPage, next < spans.count ? spans[next].firstPage : free.endPage)
                    runs.append(HeapPageRun(firstPage: page, pageCount: end - page, state: .stacks))
                    page = end
                }
            }
        }
        return HeapMap(pageBytes: Heap.pageSize, chunkPages: Heap.chunkPages, runs: runs.runs)
    }
}

extension PageAllocator {
    /// Every mapped page as runs of `.stacks` (standing for "allocated"), `.idleRetained`,
    /// `.released` or `.neverTouched`.
    func pageStates() -> [HeapPageRun] {
        var runs = HeapMapBuilder()
        func pageState(allocated: Bool, released: Bool, used: Bool) -> HeapPageState {
            allocated ? .stacks : !released ? .idleRetained : used ? .released : .neverTouched
        }
        let cacheEnd = cacheFree == 0 ? cacheBase : cacheBase + 64
        forEachPageRun { start, end, state in
            // Outside the page cache's block a run is one state.
            var page = start
            if end <= cacheBase || start >= cacheEnd || cacheFree == 0 {
                runs.append(HeapPageRun(firstPage: start, pageCount: end - start,
                                        state: pageState(allocated: state.allocated && !state.scavenged,
                                                         released: state.scavenged, used: state.used)))
                return
            }
            // In it, the cache's free pages count as free (retained or released).
            while page < end {
                if page < cacheBase || page >= cacheEnd {
                    let stop = page < cacheBase ? min(end, cacheBase) : end
                    runs.append(HeapPageRun(firstPage: page, pageCount: stop - page,
                                            state: pageState(allocated: state.allocated && !state.scavenged,
                                                             released: state.scavenged, used: state.used)))
                    page = stop
                    continue
                }
                let mask: UInt64 = 1 << (page - cacheBase)
                let free = cacheFree & mask != 0
                let allocated = state.allocated && !free && !state.scavenged
                let released = !allocated && (state.scavenged || cacheReleased & mask != 0)
                runs.append(HeapPageRun(firstPage: page, pageCount: 1,
                                        state: pageState(allocated: allocated, released: released, used: state.used)))
                page += 1
            }
        }
        return runs.runs
    }
}

/// Appends runs, merging a run into the previous one when they are adjacent and alike.
struct HeapMapBuilder {
    var runs: [HeapPageRun] = []

    mutating func append(_ run: HeapPageRun) {
        if var last = runs.last, last.endPage == run.firstPage, last.state == run.state {
            last.pageCount += run.pageCount
            last.slots += run.slots
            last.allocatedSlots += run.allocatedSlots
            runs[runs.count - 1] = last
        } else {
            runs.append(run)
        }
    }
}
