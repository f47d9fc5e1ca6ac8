// SizeClasses: Go's 67 small-object size classes and the objects-per-span rule of each version.
//
// What it models: `internal/runtime/gc/sizeclasses.go` (1.27): the class sizes, the pages per
// span, and how many objects a span holds, which since 1.22 depends on the Go version and on
// whether the objects hold pointers (scan) or not (noscan), because some bytes at the end of a
// one-page span are reserved for the heap bitmap (1.22+) and inline mark bits (1.26+).
//
// Why the real thing exists: rounding every request up to one of a few sizes lets a span hold
// objects of one size only, so allocation is a bitmap search and fragmentation is bounded
// (at most 12.5% per object for most classes).
//
// Simplification: none in the table itself (it is byte-for-byte the generated table). The
// size → class lookup is a binary search instead of Go's two-level lookup table; the result is
// the same (smallest class that fits).

enum SizeClasses {
    /// Bytes per object, index = class (0 = large).
    static let objectSize: [UInt64] = [
        0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
        352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048,
        2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240,
        10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
    ]
    /// Pages (8 KiB) per span, index = class.
    static let pagesPerSpan: [UInt64] = [
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1,
        3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9,
        7, 5, 8, 3, 10, 7, 4,
    ]
    static let count = 68
    /// The tiny allocator's block class (16 B).
    static let tinyClass = 2

    /// Smallest class whose objects are ≥ `size` bytes (size must be ≤ 32768).
    static func sizeClass(forSlotSize size: UInt64) -> Int {
        var lo = 1, hi = count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if objectSize[mid] >= size { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Objects per span for `sizeClass` under `rule`, scan (`hasPointers`) or noscan.
    static func objectsPerSpan(_ sizeClass: Int, hasPointers: Bool, rule: ObjectsPerSpanRule) -> UInt64 {
        let size = objectSize[sizeClass]
        let spanBytes = pagesPerSpan[sizeClass] * Heap.pageSize
        switch rule {
        case .classic:
            return spanBytes / size
        case .heapBitsInSpan:
            if hasPointers && size <= 512 { return (Heap.pageSize - 128) / size }
            return spanBytes / size
        case .inlineMarkBits:
            if hasPointers {
                if size == 8 { return (Heap.pageSize - 128) / size }
                if size <= 512 { return (Heap.pageSize - 256) / size }
                return spanBytes / size
            }
            if size >= 16 && size <= 512 { return (Heap.pageSize - 128) / size }
            return spanBytes / size
        }
    }
}

/// Runtime-wide constants of linux/amd64 that no supported version changes. Each is Go's own,
/// named in its comment as in Go's source with the file it comes from (paths of go1.27.3).
enum Heap {
    /// `PageSize` (1 << `PageShift`), internal/runtime/gc/sizeclasses.go.
    static let pageSize: UInt64 = 8192
    /// `physPageSize`, runtime/malloc.go (read from the OS at start; 4 KiB on linux/amd64).
    static let physPageSize: UInt64 = 4096
    /// `pallocChunkPages`, runtime/mpagealloc.go.
    static let chunkPages: UInt64 = 512
    /// `pallocChunkBytes`, runtime/mpagealloc.go.
    static let chunkBytes: UInt64 = 4 << 20
    /// `heapArenaBytes`, runtime/malloc.go.
    static let arenaBytes: UInt64 = 64 << 20
    /// `scavChunkHiOccPages` (`scavChunkHiOccFrac` × `pallocChunkPages`), runtime/mgcscavenge.go.
    static let denseChunkPages: UInt64 = 496
    /// `defaultHeapMinimum`, runtime/mgcpacer.go.
    static let heapMinimum: UInt64 = 4 << 20
    /// `maxTinySize` (`_TinySize`), runtime/malloc.go.
    static let tinyBlockBytes: UInt64 = 16
    /// `stackMin` (`fixedStack` on linux), runtime/stack.go.
    static let stackMin: UInt64 = 2048
    /// `stackGuard` (`stackNosplit` 800 + `stackSystem` 0 + `abi.StackSmall` 128), runtime/stack.go.
    static let stackGuard: UInt64 = 928
    /// `_StackCacheSize`: the size of a stack pool span, runtime/malloc.go.
    static let stackPoolSpanBytes: UInt64 = 32 << 10
    /// `_StackCacheSize`: a P's stack cache capacity per order, runtime/malloc.go.
    static let stackCacheBytes: UInt64 = 32 << 10
    /// `_NumStackOrders`, runtime/malloc.go.
    static let stackOrders = 4
    /// `workbufAlloc` (32 KiB) / `pageSize`: the pages of a GC workbuf span, runtime/mgcwork.go.
    static let workbufSpanPages: UInt64 = (32 << 10) / pageSize
    /// `workbufAlloc` / `_WorkbufSize` (2 KiB): workbufs per workbuf span, runtime/mgcwork.go.
    static let workbufsPerSpan: UInt64 = (32 << 10) / 2048
    /// len(workbuf.obj): (`_WorkbufSize` − the 24-byte workbufhdr) / 8, runtime/mgcwork.go.
    static let workbufObjects: UInt64 = (2048 - 24) / 8
    /// `maxObletBytes`: larger objects are scanned 128 KiB at a time, runtime/mgcmark.go.
    static let maxObletBytes: UInt64 = 128 << 10
    /// `_FixAllocChunk`, runtime/malloc.go.
    static let fixAllocChunk: UInt64 = 16 << 10
    /// `gcBitsChunkBytes`, runtime/mheap.go.
    static let gcBitsArenaBytes: UInt64 = 64 << 10
    /// `forcegcperiod`, runtime/proc.go.
    static let forcedGCPeriodNanoseconds: UInt64 = 120_000_000_000
    /// len(`p.mspancache.buf`), runtime/runtime2.go.
    static let mspanCacheCapacity: UInt64 = 128
    /// `allocMSpanLocked` refills half of it, runtime/mheap.go.
    static let mspanCacheRefill: UInt64 = 64
    /// cap(`p.sudogbuf`), runtime/runtime2.go.
    static let sudogCacheCapacity = 128
    /// `gfput` moves Gs to the global list while the P holds this many, runtime/proc.go.
    static let gFreeLocalMax = 64
    /// … until this many remain, runtime/proc.go (`gfput`).
    static let gFreeLocalKeep = 32
    /// A P's local run queue (`p.runq`, runtime/runtime2.go: [256]guintptr).
    static let localRunQueueCapacity = 256
}

/// Go's own constants used by the pacing mechanisms, named as in Go's source.
enum GoConstants {
    /// OS pages per runtime page (`pageSize` / `physPageSize`): a released runtime page is two madvised OS pages.
    static let physPagesPerPage: UInt64 = Heap.pageSize / Heap.physPageSize
    /// `sweepBatchSize`, runtime/mgcsweep.go (bgsweep): spans bgsweep sweeps between yields.
    static let sweepBatchSpans: UInt64 = 10
    /// `spanBudget` (100), runtime/mcentral.go (cacheSpan): its sweep loops run while the budget
    /// is >= 0, so a refill sweeps up to 101 unswept spans before it grows the class.
    static let cacheSpanSweepBudget: UInt64 = 101
    /// `pagesPerReclaimerChunk`, runtime/mheap.go: the pages one mheap.reclaim scan claims.
    static let pagesPerReclaimerChunk: UInt64 = 512
    /// `sweepMinHeapDistance`, runtime/mgc.go: the sweeper's margin before the trigger.
    static let sweepMinHeapDistance: UInt64 = 1 << 20
    /// `scavengePercent`, runtime/mgcscavenge.go: the background scavenger's CPU share.
    static let scavengePercent: UInt64 = 1
    /// `retainExtraPercent`, runtime/mgcscavenge.go: the gcPercent scavenge goal's overhead.
    static let retainExtraPercent: UInt64 = 10
    /// `reduceExtraPercent`, runtime/mgcscavenge.go: the memory-limit scavenge goal is this far below the limit.
    static let reduceExtraPercent: UInt64 = 5
    /// `forcePreemptNS`, runtime/proc.go: sysmon preempts a goroutine that has run this long.
    static let forcePreemptNanoseconds: UInt64 = 10_000_000
    /// sysmon (proc.go) preempts a goroutine once it has seen the same schedtick for
    /// forcePreemptNS; it notes a new schedtick at a check (schedwhen) and, asleep 10 ms between
    /// checks while the program runs, preempts at the check after next: a goroutine that never
    /// blocks is preempted every 2 × forcePreemptNS of its time.
    static let sysmonPreemptionPeriodNanoseconds: UInt64 = 2 * forcePreemptNanoseconds
    /// The 1.2 of `pollFractionalWorkerExit`, runtime/mgc.go: the fractional worker stops once its
    /// share of the mark's time passes 1.2 × fractionalUtilizationGoal.
    static let fractionalWorkerOvershoot = 1.2
    /// `minRunway`, runtime/mgcpacer.go (heapGoalInternal): outside the memory limit's regime the
    /// goal is at least this far above the heapLive at which the last cycle started.
    static let minRunway: UInt64 = 64 << 10
}
