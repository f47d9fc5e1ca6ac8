// The random heap base (Go 1.26+): padding pages at the base of the first chunk are allocated for
// the page allocator and released for the statistics, for the life of the heap; profiles with a
// fixed base ignore it; a fixed base and zero padding are the same heap.

import FieldCatalogue
import Testing
@testable import HeapSimulator

@Suite("random heap base")
struct HeapBaseTests {
    static let page: UInt64 = 8192
    static let chunk: UInt64 = 4 << 20

    /// A small churn, a GC, the live set freed and returned to the OS, then a spike that reuses the
    /// released pages: padding must never be handed out.
    static func run(_ heapBase: HeapBase, profile: GoProfile = .go1_27) throws -> (stats: [MemStats], heap: SimulatedHeap) {
        var configuration = SimulatorConfiguration(profile: profile)
        configuration.heapBase = heapBase
        let heap = SimulatedHeap(configuration: configuration)
        var stats = [heap.readMemStats()]
        try heap.allocate(count: 3000, size: 1024, hasPointers: true, isTouched: true, group: "live")
        try heap.allocate(count: 200_000, size: 256, hasPointers: false, isTouched: true, group: nil)
        heap.collectGarbage()
        stats.append(heap.readMemStats())
        try heap.free(group: "live")
        heap.collectGarbage()
        heap.freeOSMemory()
        stats.append(heap.readMemStats())
        try heap.allocate(count: 400, size: 64 << 10, hasPointers: false, isTouched: true, group: "spike")
        stats.append(heap.readMemStats())
        try heap.checkInvariants()
        return (stats, heap)
    }

    @Test func aFixedBaseAndZeroPaddingAreTheSameHeap() throws {
        #expect(try Self.run(.fixed).stats == Self.run(.random(paddingPageCount: 0)).stats)
    }

    @Test func profilesWithAFixedBaseIgnoreThePadding() throws {
        #expect(!GoProfile.go1_22.randomizesHeapBase)
        #expect(try Self.run(.fixed, profile: .go1_22).stats == Self.run(.random(paddingPageCount: 300), profile: .go1_22).stats)
    }

    @Test(arguments: [UInt64(1), 100, 256, 511])
    func paddingStaysReleasedAndIsNeverHandedOut(_ padding: UInt64) throws {
        let (stats, heap) = try Self.run(.random(paddingPageCount: padding))
        let fixed = try Self.run(.fixed).stats
        for (k, s) in stats.enumerated() {
            // Released and idle, every snapshot: no span, stack or cache ever took a padding page.
            #expect(s.heapReleased >= padding * Self.page, "snapshot \(k): HeapReleased \(s.heapReleased)")
            #expect(s.heapIdle >= s.heapReleased)
            // The padding only takes room: the heap is as big as without it, or one chunk bigger
            // (whole chunks only), and the objects are the same.
            #expect(s.heapSys == fixed[k].heapSys || s.heapSys == fixed[k].heapSys + Self.chunk,
                    "snapshot \(k): \(s.heapSys) vs fixed \(fixed[k].heapSys)")
            #expect(s.heapAlloc == fixed[k].heapAlloc && s.heapObjects == fixed[k].heapObjects)
        }
        // The heap map shows the padding as never touched, at the base.
        let map = heap.heapMap()
        let first = try #require(map.runs.first)
        #expect(first.state == .neverTouched && first.firstPage == 0 && first.pageCount >= padding)
        #expect(map.pages { $0 == .released || $0 == .neverTouched } * map.pageBytes == heap.readMemStats().heapReleased)
    }

    /// With the most padding Go draws, the start-up's spans no longer fit beside it in the first
    /// chunk: the heap starts with two chunks, as a real run with such a base does.
    @Test func theLargestPaddingCostsTheStartupASecondChunk() throws {
        let fixed = try Self.run(.fixed).stats[0]
        let most = try Self.run(.random(paddingPageCount: HeapBase.maximumPaddingPageCount)).stats[0]
        #expect(most.heapSys == fixed.heapSys + Self.chunk)
        #expect(most.heapReleased == fixed.heapReleased + Self.chunk)
        #expect(most.heapInuse == fixed.heapInuse)
    }

    @Test func randomTakesTheMiddleOfGosRange() {
        #expect(HeapBase.random.paddingPageCount == 256)
        #expect(HeapBase.fixed.paddingPageCount == 0)
        #expect(HeapBase.random(paddingPageCount: 9999).paddingPageCount == HeapBase.maximumPaddingPageCount)
    }
}
