// persistentalloc's blocks: how OtherSys and MSpanSys move together.

import Testing
@testable import HeapSimulator

@Suite("off-heap metadata")
struct OffHeapMetadataTests {
    /// A block's rest holds whole requests; the one that does not fit takes a fresh 256 KiB block
    /// (8 bytes of which stay unused), and every request's bytes leave OtherSys.
    @Test func persistentBlocks() {
        var p = PersistentAlloc(remainingBytes: 62_912)
        for _ in 0..<3 { p.alloc(16_320) }
        #expect(p.blocksTaken == 0 && p.otherSysDelta == -3 * 16_320 && p.remainingBytes == 13_952)
        p.alloc(16_320)
        #expect(p.blocksTaken == 1 && p.otherSysDelta == 262_144 - 4 * 16_320)
        // (262 144 - 8) / 16 320 = 16 chunks per block: 15 more fit, the 17th does not.
        for _ in 0..<15 { p.alloc(16_320) }
        #expect(p.blocksTaken == 1)
        p.alloc(16_320)
        #expect(p.blocksTaken == 2 && p.otherSysDelta == 2 * 262_144 - 20 * 16_320)
    }

    /// go1.27.3: each 16 KiB chunk of mspans moves 16 320 B from OtherSys to MSpanSys until the
    /// start-up block is spent; after that OtherSys + MSpanSys grows in whole 256 KiB blocks.
    /// Real go1.27.3 (8 KiB objects, GC off, GOMAXPROCS=1) shows the same steps (GoProfile.swift).
    @Test func mspanChunksComeFromPersistentBlocks() throws {
        let heap = SimulatedHeap()
        heap.setGCPercent(nil)
        let start = heap.readMemStats()
        try heap.allocate(count: 150, size: 8192, hasPointers: false, isTouched: true, group: "a")
        let early = heap.readMemStats()
        #expect(early.mSpanSys > start.mSpanSys)
        #expect(start.otherSys - early.otherSys == early.mSpanSys - start.mSpanSys)
        try heap.allocate(count: 3_000, size: 8192, hasPointers: false, isTouched: true, group: "b")
        let late = heap.readMemStats()
        let grown = (late.otherSys + late.mSpanSys) - (start.otherSys + start.mSpanSys)
        #expect(grown > 0 && grown % (256 << 10) == 0)
        #expect(late.sys - start.sys == (late.heapSys - start.heapSys) + (late.gcSys - start.gcSys)
                + (late.stackSys - start.stackSys) + grown)
    }
}
