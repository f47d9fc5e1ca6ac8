// TinyAllocator: pointer-free objects under 16 bytes share 16-byte blocks.
//
// What it models: `mallocgcTiny` (`malloc.go`): one current 16-byte block per P; an object is
// aligned to 8, 4 or 2 bytes (by its size) and goes into the block if it fits; otherwise a new
// block is taken from the 16-byte noscan class and replaces the current one only if it leaves
// more room. Counting: every block is one class-2 allocation (HeapAlloc, TotalAlloc,
// HeapObjects grow by 16 B / 1); each object merged into an existing block bumps tinyAllocs,
// which ReadMemStats adds to both Mallocs and Frees. A flush or a GC drops the current block.
// While a cycle marks, each object is charged its size against the mutator's assist credit and
// the object that opens a block also the block's rest (mallocgc's charge for internal
// fragmentation): a block of k objects charges 16 + (k − 1)·size bytes, where it adds 16 to
// heapLive, so the assists pay for a mark after less heap growth than other objects do.
//
// Why the real thing exists: short strings and small pointer-free values are common; packing
// them saves most of the 16-byte slot they would otherwise each waste.
//
// Simplification: bulk: for n objects of one size the per-block pattern is computed once
// (k objects per block) and applied arithmetically. Objects that fit into a block opened by an
// earlier statement count as merged but their liveness follows that block's cohort. A block
// lives while any of its objects does (exact for `keep 1 in K`, see Cohort). Objects merged into
// a block an earlier statement opened are not charged to the assists.
//
// Component: part of mallocgc (the coordinator); the current block is the P's MCache's.

extension SimulatedHeap {
    func allocTiny(count n: UInt64, size s: UInt64, cohort: Cohort, positionBase: UInt64, group: ObjectGroup?) {
        let align: UInt64 = s % 8 == 0 ? 8 : s % 4 == 0 ? 4 : s % 2 == 0 ? 2 : 1
        func alignUp(_ x: UInt64) -> UInt64 { (x + align - 1) / align * align }
        // Objects per fresh block, and the offset after the last of them.
        var perBlock: UInt64 = 0
        var offset: UInt64 = 0
        while alignUp(offset) + s <= Heap.tinyBlockBytes {
            offset = alignUp(offset) + s
            perBlock += 1
        }
        var remaining = n
        var merged: UInt64 = 0
        if var block = mcache.tiny {
            while remaining > 0 && alignUp(block.offset) + s <= Heap.tinyBlockBytes {
                block.offset = alignUp(block.offset) + s
                remaining -= 1
                merged += 1
            }
            mcache.setTiny(block)
        }
        guard remaining > 0 else {
            acct.tinyAllocs += merged
            return
        }
        let blocks = (remaining + perBlock - 1) / perBlock
        merged += remaining - blocks
        acct.tinyAllocs += merged
        let objectsInLast = remaining - (blocks - 1) * perBlock
        var lastOffset: UInt64 = 0
        for _ in 0..<objectsInLast { lastOffset = alignUp(lastOffset) + s }
        let blockCohort: Cohort
        if cohort === garbage {
            blockCohort = garbage
        } else {
            blockCohort = Cohort(positionBase: positionBase + (n - remaining), objectCount: remaining,
                                 objectsPerUnit: perBlock)
            if let group {
                // The statement's cohort is replaced by the block cohort (same positions).
                if let index = group.cohorts.firstIndex(where: { $0 === cohort }) { group.cohorts[index] = blockCohort }
            }
        }
        // While a cycle marks, each object is charged its size against the assist credit, and the
        // one that opens a block also the rest of the block (mallocgc's charge for internal
        // fragmentation, elemsize − size): 16 + (k − 1)·size per block of k, more than the 16
        // bytes the block adds to heapLive when k > 1 (24 for two 8-byte objects).
        allocSmall(sizeClass: SizeClasses.tinyClass, noscan: true, units: blocks, cohort: blockCohort, firstUnit: 0,
                   touched: true, assistChargePerUnit: Heap.tinyBlockBytes + (perBlock - 1) * s)
        // The new block replaces the current one when it has more room left.
        let newRoom = Heap.tinyBlockBytes - lastOffset
        if let block = mcache.tiny, Heap.tinyBlockBytes - block.offset >= newRoom, blocks == 1 {
            mcache.setTiny(block)
        } else {
            mcache.setTiny(TinyBlock(offset: lastOffset))
        }
    }
}
