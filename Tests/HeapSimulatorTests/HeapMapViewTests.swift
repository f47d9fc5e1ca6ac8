// The heap map agrees with MemStats page for page, covers the mapping once, and changes nothing.

import FieldCatalogue
import Testing
@testable import HeapSimulator

@Suite("heap map view")
struct HeapMapViewTests {
    /// Every mapped page is in exactly one run, in address order, and the runs' states add up to
    /// HeapInuse, StackInuse, HeapIdle − HeapReleased and HeapReleased.
    static func checkAgainstMemStats(_ heap: SimulatedHeap) -> HeapMap {
        let stats = heap.readMemStats()
        let map = heap.heapMap()
        var page: UInt64 = 0
        for run in map.runs {
            #expect(run.firstPage == page)
            #expect(run.pageCount > 0)
            page = run.endPage
        }
        let bytes = { (include: (HeapPageState) -> Bool) in map.pages(where: include) * map.pageBytes }
        // The GC workbuf spans are allocated pages outside HeapSys and StackInuse.
        let workbufs = heap.mheap.workbufBytes
        #expect(map.mappedPages * map.pageBytes == stats.heapSys + stats.stackInuse + workbufs)
        #expect(bytes { $0 == .gcWorkbufs } == workbufs)
        #expect(bytes { if case .smallObjects = $0 { true } else if case .largeObject = $0 { true } else { false } }
                == stats.heapInuse)
        #expect(bytes { $0 == .stacks } == stats.stackInuse)
        #expect(bytes { $0 == .idleRetained } == stats.heapIdle - stats.heapReleased)
        #expect(bytes { $0 == .released || $0 == .neverTouched } == stats.heapReleased)
        #expect(map.mappedPages % map.chunkPages == 0)
        return map
    }

    @Test func aFreshHeapIsMostlyNeverTouched() {
        let heap = SimulatedHeap()
        let map = Self.checkAgainstMemStats(heap)
        #expect(map.pages { $0 == .neverTouched } > 0)
        #expect(map.pages { $0 == .released } == 0)
        #expect(map.runs.first?.state.isInUse == true)
    }

    /// Large objects appear as large spans; after free, GC and FreeOSMemory their pages are
    /// released (not "never touched"), and the map still agrees with MemStats.
    @Test func largeObjectsThenReleaseToTheOS() throws {
        let heap = SimulatedHeap()
        try heap.allocate(count: 20, size: 1 << 20, hasPointers: false, isTouched: true, group: "big")
        let grown = Self.checkAgainstMemStats(heap)
        #expect(grown.pages { $0 == .largeObject(hasPointers: false) } == 20 * 128)
        try heap.free(group: "big")
        heap.freeOSMemory()
        let released = Self.checkAgainstMemStats(heap)
        #expect(released.pages { $0 == .largeObject(hasPointers: false) } == 0)
        #expect(released.pages { $0 == .released } >= 20 * 128)
        #expect(released.mappedPages == grown.mappedPages)
    }

    /// After keep 1 in 4, spans stay in use with a quarter of their slots allocated: the map
    /// reports the slots, so a picture can show the spans as sparse.
    @Test func sparseSpansCarryTheirOccupancy() throws {
        let heap = SimulatedHeap()
        try heap.allocate(count: 40_000, size: 1024, hasPointers: false, isTouched: true, group: "g")
        try heap.free(group: "g", keepingOneIn: 4)
        heap.collectGarbage()
        let map = Self.checkAgainstMemStats(heap)
        let sizeClass = SizeClasses.sizeClass(forSlotSize: 1024)
        let class1024 = map.runs.filter { $0.state == .smallObjects(sizeClass: sizeClass, hasPointers: false) }
        let slots = class1024.reduce(0) { $0 + $1.slots }
        let allocated = class1024.reduce(0) { $0 + $1.allocatedSlots }
        #expect(slots >= 40_000 - 8)
        #expect(allocated * 3 < slots)
    }

    /// Goroutine stacks show as stacks; reading the map twice gives the same map and leaves
    /// MemStats as they were.
    @Test func stacksAndReadOnly() throws {
        let heap = SimulatedHeap()
        try heap.startGoroutines(count: 1_000, stackBytes: 16 << 10, group: "workers")
        let map = Self.checkAgainstMemStats(heap)
        #expect(map.pages { $0 == .stacks } * map.pageBytes >= 1_000 * (16 << 10))
        let before = heap.readMemStats()
        #expect(heap.heapMap() == map)
        #expect(heap.readMemStats() == before)
    }
}
