// Green Tea's span queues (SpanQueue.swift): when a P spills its local ring into a chain of rings,
// how the rings grow, and the GCSys they hold. The expected rings are those a go1.27.3 runtime
// printing each newSpanSPMC and its free made for the same number of spans (SpanQueue.swift).

import FieldCatalogue
import Testing
@testable import HeapSimulator

@Suite("Green Tea span queues")
struct SpanQueueTests {
    /// 40 spans a cycle (5 000 objects of 64 B): the first mark never reaches the 64th put; the
    /// second reaches it with 24 spans queued and spills 12 into its first ring (real: no ring after
    /// one GC, a ring after two).
    @Test func theSpillCounterCarriesAcrossCycles() {
        var q = SpanQueue()
        let first = q.mark(puts: 40)
        #expect(first.made.isEmpty && q.putsSinceDrain == 40)
        let second = q.mark(puts: 40)
        #expect(second.made == [1024] && second.dead.isEmpty)
        #expect(q.headRingCapacity == 1024 && q.putsSinceDrain == 16)
        // Further cycles reuse the ring (it is emptied by the scan).
        for _ in 0..<10 { #expect(q.mark(puts: 40).made.isEmpty) }
    }

    /// The 64th put finds fewer than 10 spans queued: no spill, and the count starts again.
    @Test func aCheckWithFewSpansQueuedDoesNotSpill() {
        var q = SpanQueue()
        _ = q.mark(puts: 63)
        let next = q.mark(puts: 9)
        #expect(next.made.isEmpty && q.putsSinceDrain == 8 && q.headRingCapacity == 0)
        // 79 spans in one mark (10 000 objects of 64 B): the first check finds 64 queued.
        var fresh = SpanQueue()
        #expect(fresh.mark(puts: 79).made == [1024])
    }

    /// 3 456 spans queued before the first is scanned (442 368 objects of 64 B): the local ring
    /// fills and spills half at a time into a 1024-entry ring, then a 2048 and a 4096 one; the two
    /// older ones are left dead (real: the same three made, the first two freed).
    @Test func ringsDoubleWhenTheChainOutgrowsThem() {
        var q = SpanQueue()
        let result = q.mark(puts: 3456)
        #expect(result.made == [1024, 2048, 4096] && result.dead == [1024, 2048])
        #expect(q.headRingCapacity == 4096)
        // A later, smaller mark fits the ring the P kept.
        #expect(q.mark(puts: 3000).made.isEmpty)
    }

    /// Rings stop doubling at 1 MiB of entries.
    @Test func ringsStopGrowingAtOneMebibyte() {
        var q = SpanQueue()
        let result = q.mark(puts: 2_000_000)
        #expect(result.made.last == SpanQueue.maxRingCapacity)
        #expect(result.made.filter { $0 == SpanQueue.maxRingCapacity }.count > 1)
    }

    /// With more Ps the spans are shared: 3 456 over 2 Ps is 1 728 each, a 1024 and then a 2048
    /// ring on both (real go1.27.3 at GOMAXPROCS=2: the same four made, both 1024s freed).
    @Test func morePsShareTheSpans() {
        var queues = GCSpanQueues(gomaxprocs: 2)
        let result = queues.mark(queuedSpans: 3456)
        #expect(result.madeBytes.sorted() == [8192, 8192, 16384, 16384])
        #expect(result.deadBytes == 2 * 8192)
        #expect(queues.queues.map(\.headRingCapacity) == [2048, 2048])
    }

    /// The simulator: a slice of 442 368 pointer objects of 64 B marked by a forced GC keeps the
    /// 4096-entry ring (32 KiB, sysAlloc'd: GCSys and Sys) and the spanSPMC header chunk; the forced
    /// GC's eager sweep frees the dead rings. A release without Green Tea makes none.
    @Test func theHeapKeepsTheLargestRing() throws {
        func run(_ profile: GoProfile) throws -> (MemStats, SimulatedHeap) {
            let heap = SimulatedHeap(configuration: SimulatorConfiguration(profile: profile))
            try heap.allocate(count: 442_368, size: 64, hasPointers: true, isTouched: true, group: "g")
            heap.collectGarbage()
            try heap.checkInvariants()
            return (heap.readMemStats(), heap)
        }
        let (_, heap) = try run(.go1_27)
        #expect(heap.mheap.meta.spanQueueRingBytes == 4096 * 8)
        #expect(heap.mheap.meta.deadSpanQueueRingBytes == 0)
        #expect(heap.mheap.meta.spanSPMCChunkTaken)
        let (_, older) = try run(.go1_22)
        #expect(older.spanQueues == nil && older.mheap.meta.spanQueueRingBytes == 0)
    }

    /// The first ring (1024 entries, 8 KiB) is sysAlloc'd: GCSys and Sys grow by it. Its header
    /// comes from the spanSPMC fixalloc, whose 16 352-byte chunk persistentalloc moves from
    /// OtherSys to GCSys (Sys moves only if that takes a fresh 256 KiB block). Compared with the
    /// same heap with its span queues taken away.
    @Test func theFirstRingAndItsHeaderChunkAreGCSys() throws {
        func run(withSpanQueues: Bool) throws -> MemStats {
            let heap = SimulatedHeap(configuration: SimulatorConfiguration(profile: .go1_27))
            if !withSpanQueues { heap.spanQueues = nil }
            try heap.allocate(count: 10_000, size: 64, hasPointers: true, isTouched: true, group: "g")
            heap.collectGarbage()
            return heap.readMemStats()
        }
        let with = try run(withSpanQueues: true), without = try run(withSpanQueues: false)
        let ring: Int64 = 1024 * 8, chunk: Int64 = 16_384 / 56 * 56
        #expect(chunk == 16_352)
        #expect(Int64(with.gcSys) - Int64(without.gcSys) == ring + chunk)
        let block: Int64 = 256 << 10
        let otherSys = Int64(with.otherSys) - Int64(without.otherSys)
        #expect(otherSys == -chunk || otherSys == block - chunk)
        #expect(Int64(with.sys) - Int64(without.sys) == ring + otherSys + chunk)
        #expect(with.heapAlloc == without.heapAlloc && with.numGC == without.numGC)
    }
}
