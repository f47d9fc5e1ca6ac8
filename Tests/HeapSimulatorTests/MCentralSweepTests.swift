// MCentral's sweep of a spanSet in bulk (whole blocks at once) gives what sweeping it one span at
// a time gives: the same blocks pooled and allocated, the same persistentalloc requests, the same
// counts on every set.

import Testing
@testable import HeapSimulator

@Suite struct MCentralSweepTests {
    /// Spans on a class's unswept full set, then a sweep of them onto its swept full set.
    static func central(unswept: UInt64, sweptAlready: UInt64) -> MCentral {
        let central = MCentral(spanSetBytes: 6656)
        _ = central.push(7, .full, .swept, count: unswept)
        central.gcSweepStarted()          // the swept set becomes the unswept one
        _ = central.push(7, .full, .swept, count: sweptAlready)
        return central
    }

    @Test(arguments: [(5_000, 0), (100_000, 300), (1_000_000, 513), (2_000, 1_023)] as [(UInt64, UInt64)])
    func aBulkSweepIsTheSpanBySpanOne(unswept: UInt64, sweptAlready: UInt64) {
        let bulk = Self.central(unswept: unswept, sweptAlready: sweptAlready)
        let single = Self.central(unswept: unswept, sweptAlready: sweptAlready)
        // Some blocks in the pool first, as a sweep in progress has (a partial pop of another class).
        for c in [bulk, single] {
            _ = c.push(9, .full, .swept, count: 2048)
            c.pop(9, .full, .swept, count: 2048)
        }
        #expect(bulk.pooledBlocks == 4)
        let bulkRequests = bulk.sweep(7, from: .full, to: .full, spans: unswept)
        var singleRequests: [PersistentAllocRequest] = []
        for _ in 0..<unswept { singleRequests += single.sweep(7, from: .full, to: .full, spans: 1) }
        #expect(bulkRequests == singleRequests)
        #expect(bulk.pooledBlocks == single.pooledBlocks && bulk.blocksAllocated == single.blocksAllocated)
        for role in [MCentral.SweepRole.swept, .unswept] {
            #expect(bulk.count(7, .full, role) == single.count(7, .full, role))
        }
        #expect(bulk.count(7, .full, .swept) == unswept + sweptAlready)
        #expect(bulk.checkInvariants() == nil)
    }
}
