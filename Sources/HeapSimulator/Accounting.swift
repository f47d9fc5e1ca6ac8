// Accounting: the runtime's object counters, and readmemstats_m turning them into MemStats.
//
// What it models: `mstats.go`: per-class small alloc/free counts, large alloc/free counts and
// bytes, tinyAllocs (added to both Mallocs and Frees); with MHeap's page-level split of the heap
// mapping into heap spans (heapInUse), stacks (inStacks), workbufs (inWorkBufs), free retained
// (heapFree) and free released (heapReleased) memory, the field formulas of §3.2.
//
// Why the real thing exists: MemStats is a view over these counters; understanding which
// counter feeds which field is most of understanding MemStats.
//
// Component: `Accounting` holds the object counters, updated by the allocator (mcache, tiny
// allocator, large objects) and the sweeper; the page-level counters belong to MHeap.
//
// Simplification: Go batches small-object counts in each P's mcache and only publishes them at
// refill or flush; ReadMemStats flushes first, so counting at allocation time gives the same
// readings. Frees are counted when a span is swept, which after an automatic cycle is
// lazy, so HeapAlloc, HeapInuse and HeapObjects include unswept garbage as in Go. GCSys adds
// inWorkBufs, the GC workbuf spans MHeap holds (HeapSys leaves them out).

import FieldCatalogue

struct Accounting {
    var smallAllocs = [UInt64](repeating: 0, count: SizeClasses.count)
    var smallFrees = [UInt64](repeating: 0, count: SizeClasses.count)
    var largeAllocs: UInt64 = 0
    var largeAllocBytes: UInt64 = 0
    var largeFrees: UInt64 = 0
    var largeFreeBytes: UInt64 = 0
    var tinyAllocs: UInt64 = 0

    var totalAlloc: UInt64 {
        var total = largeAllocBytes
        for c in 1..<SizeClasses.count { total += smallAllocs[c] * SizeClasses.objectSize[c] }
        return total
    }
    var totalFree: UInt64 {
        var total = largeFreeBytes
        for c in 1..<SizeClasses.count { total += smallFrees[c] * SizeClasses.objectSize[c] }
        return total
    }
    var heapAlloc: UInt64 { totalAlloc - totalFree }
    var mallocs: UInt64 { largeAllocs + smallAllocs.reduce(0, +) + tinyAllocs }
    var frees: UInt64 { largeFrees + smallFrees.reduce(0, +) + tinyAllocs }
}

extension SimulatedHeap {
    /// readmemstats_m: the field formulas over the (already flushed) counters.
    func composeMemStats() -> MemStats {
        var m = MemStats()
        let totalAlloc = acct.totalAlloc
        let totalFree = acct.totalFree
        m.totalAlloc = totalAlloc
        m.heapAlloc = totalAlloc - totalFree
        m.alloc = m.heapAlloc
        m.mallocs = acct.mallocs
        m.frees = acct.frees
        m.heapObjects = m.mallocs - m.frees
        m.heapSys = mheap.heapSysBytes
        m.heapInuse = mheap.heapInuseBytes
        m.heapIdle = m.heapSys - m.heapInuse
        m.heapReleased = mheap.heapReleasedBytes
        m.stackInuse = mheap.stackInuseBytes
        m.stackSys = m.stackInuse
        let meta = mheap.meta
        m.mSpanInuse = meta.mspanInuseBytes
        m.mSpanSys = meta.mspanSysBytes
        m.mCacheInuse = meta.mcacheInuseBytes
        m.mCacheSys = meta.mcacheSysBytes
        m.buckHashSys = meta.buckHash
        m.gcSys = meta.gcSysBytes + mheap.workbufBytes
        m.otherSys = meta.otherSysBytes
        m.sys = m.heapSys + m.stackSys + m.mSpanSys + m.mCacheSys + m.buckHashSys + m.gcSys + m.otherSys
        let gcStats = gc.stats
        m.nextGC = gc.reportedHeapGoal
        m.lastGC = gcStats.lastGCUnix
        m.pauseTotalNs = gcStats.pauseTotal
        m.pauseNs = gcStats.pauseNs
        m.pauseEnd = gcStats.pauseEnd
        m.numGC = UInt32(truncatingIfNeeded: gcStats.numGC)
        m.numForcedGC = UInt32(truncatingIfNeeded: gcStats.numForcedGC)
        let elapsed = Double(clock.now) * Double(configuration.gomaxprocs)
        m.gcCPUFraction = gcStats.numGC == 0 || elapsed == 0 ? 0 : min(1, Double(gcStats.gcCPUNanoseconds) / elapsed)
        m.enableGC = true
        m.debugGC = false
        for c in 0..<61 {
            m.bySize[c] = SizeClassStats(size: UInt32(SizeClasses.objectSize[c]),
                                         mallocs: c == 0 ? 0 : acct.smallAllocs[c],
                                         frees: c == 0 ? 0 : acct.smallFrees[c])
        }
        return m
    }
}
