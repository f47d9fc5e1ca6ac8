// GoProfile: the per-version constants of the modelled Go runtime.
//
// What it models: everything that differs between Go releases and that the simulator needs as a
// number or a rule: how many objects fit in a span (in-span heap bitmaps since 1.22, inline mark
// bits since 1.26), the malloc-header rule, the small/large cut, the dense-chunk scavenging rule,
// runtime struct sizes (mspan, mcache, heapArena, g, p, sudog) and the measured start-up baseline.
//
// Why the real thing exists: the Go runtime is not one allocator but a series of them; the
// MemStats of the same program move by whole pages between 1.19, 1.22 and 1.27 because of these
// constants. Keeping them in one value lets go1.22 / go1.19 be added later as new values, without
// touching the mechanisms.
//
// Simplification: only linux/amd64 is described, and only go1.27 is filled in. The start-up
// baseline is measured, not derived: the runtime's own initialisation (module data, the first
// goroutines, the p struct, fmt/json/os package init) is taken as an inventory of live objects
// per size class, a number of stack spans and off-heap byte counts, read from a real go1.27.3
// process with GOMAXPROCS=1 (see `StartupBaseline`). The Go 1.26+ random heap-base padding
// (0–511 permanently released pages) is modelled as the deterministic choice of 0 pages.

/// Which Go release the model imitates. Go 1.22 and 1.19 profiles follow later as more values.
public struct GoProfile: Sendable, Hashable {
    /// `go1.27`: the name used in JSON output (`"model"`) and `--model`.
    public var name: String

    /// How objects-per-span is computed for a size class (by version, scan/noscan).
    public var objectsPerSpanRule: ObjectsPerSpanRule
    /// Pointer-holding objects larger than this get an 8-byte malloc header (1.22+); nil = no headers.
    public var mallocHeaderThreshold: UInt64?
    /// Objects larger than this are large objects with a span of their own.
    public var largeObjectThreshold: UInt64
    /// 1.21+: background/growth scavenging skips chunks that were ≥ 496/512 pages in use in the
    /// current or previous GC generation.
    public var denseChunkRule: Bool
    /// Bytes of one mspan struct (fixalloc'd, MSpanInuse/MSpanSys).
    public var mspanBytes: UInt64
    /// Bytes of one mcache struct (one per P, MCacheInuse/MCacheSys).
    public var mcacheBytes: UInt64
    /// Bytes of heapArena metadata per 64 MiB arena (GCSys).
    public var heapArenaMetadataBytes: UInt64
    /// Bytes of a `g` struct (a heap object, never freed).
    public var gStructBytes: UInt64
    /// Bytes of a `p` struct (a heap object per P).
    public var pStructBytes: UInt64
    /// Bytes of a `sudog` (a heap object per blocked goroutine, cached and reused).
    public var sudogBytes: UInt64
    /// Memory-limit heap-goal headroom: percent of the limit-derived goal (minimum 1 MiB).
    public var memoryLimitHeadroomPercent: UInt64
    /// Measured start-up state of a fresh process.
    public var baseline: StartupBaseline

    public static let go1_27 = GoProfile(
        name: "go1.27",
        objectsPerSpanRule: .inlineMarkBits,
        mallocHeaderThreshold: 512,
        largeObjectThreshold: 32_760,
        denseChunkRule: true,
        mspanBytes: 160,
        mcacheBytes: 2296,
        heapArenaMetadataBytes: 69_648,
        gStructBytes: 456,
        pStructBytes: 15_920,
        sudogBytes: 96,
        memoryLimitHeadroomPercent: 3,
        baseline: .go1_27
    )
    public static let all: [GoProfile] = [.go1_27]
}

/// How many objects fit in a span, by Go version (see go-runtime-facts §2).
public enum ObjectsPerSpanRule: Sendable, Hashable {
    /// ≤ 1.21: ⌊span bytes / size⌋ for every span.
    case classic
    /// 1.22–1.25: scan spans of ≤ 512-byte objects keep a 128-byte heap bitmap at the span end.
    case heapBitsInSpan
    /// 1.26+: plus 128 bytes of inline mark bits in every 16..512-byte span (Green Tea GC).
    case inlineMarkBits
}

/// The runtime's own state at the first ReadMemStats in `main`, measured (not derived).
///
/// Source: go1.27.3, linux/amd64, GOMAXPROCS=1, a `main` importing fmt, encoding/json, os,
/// runtime and runtime/debug (the shape of the generated scenario program), first
/// ReadMemStats; BySize gives the live objects per class (no large objects, 4 tiny merges).
/// The reference harness of go-runtime-measurements.txt (P=1) shows the same Sys and a few KiB
/// less HeapAlloc, because it imports less.
public struct StartupBaseline: Sendable, Hashable {
    /// Live start-up objects as (size class, count, pointer-holding).
    public var objects: [StartupObjects]
    /// Tiny allocations merged into existing blocks before main (count in Mallocs and Frees).
    public var tinyMerges: UInt64
    /// Heap pages in use at start beyond the spans the objects above need (the other scan/noscan
    /// variant of several classes: the split is not observable through MemStats).
    public var extraHeapSpans: [Int]
    /// Stack spans in use at start, in pages (g0/gsignal of the Ms, main and system goroutines).
    public var stackSpanPages: [UInt64]
    /// Number of mspan structs fixalloc'd at start (live spans + the P's mspan cache).
    public var mspanStructs: UInt64
    /// gcMiscSys at start minus heapArena metadata of the first arena.
    public var gcMiscSysBytes: UInt64
    /// GCSys bytes added at the first GC (Green Tea span-queue rings, per-P ptrBuf, first gcBits
    /// arena rotation); measured 286 176 B on go1.27.3.
    public var firstGCMetadataBytes: UInt64
    /// OtherSys at start (persistentalloc remainder, allspans array of 64 KiB, itabs).
    public var otherSysBytes: UInt64
    /// BuckHashSys: 1.27 samples the first allocation and allocates the bucket hash at start.
    public var buckHashSysBytes: UInt64
    /// Bytes of pointer-bearing globals (.data + .bss) that the pacer counts (globalsScan).
    public var globalsBytes: UInt64
    /// Stack bytes in use by the runtime's own goroutines at start (lastStackScan input).
    public var systemGoroutineStackBytes: UInt64
    /// Number of runtime goroutines alive at start (main, forcegc, bgsweep, bgscavenge, finalizer…).
    public var systemGoroutines: UInt64
    /// Resident bytes of the binary and libc that are not Go heap/metadata: RssFile of the
    /// measured program at start (1 744 kB; its VmRSS was 2 524 kB, RssAnon 780 kB).
    public var binaryResidentBytes: UInt64
    /// Mapped bytes not in Sys and not heap-arena reservation: VmSize at start (1 227 064 kB)
    /// minus Sys minus the 60 MiB unmapped rest of the first arena (the runtime's PROT_NONE
    /// reservations such as the 32 MiB arena L2 map, plus the binary and libc).
    public var binaryVirtualBytes: UInt64
    /// Virtual time from process start to the first statement of main.
    public var startupNanoseconds: UInt64

    public static let go1_27 = StartupBaseline(
        objects: [
            .init(sizeClass: 1, count: 9), .init(sizeClass: 2, count: 33), .init(sizeClass: 3, count: 11),
            .init(sizeClass: 4, count: 8), .init(sizeClass: 5, count: 10), .init(sizeClass: 6, count: 10),
            .init(sizeClass: 7, count: 2), .init(sizeClass: 8, count: 4), .init(sizeClass: 9, count: 2),
            .init(sizeClass: 10, count: 2), .init(sizeClass: 12, count: 1), .init(sizeClass: 15, count: 3),
            .init(sizeClass: 18, count: 1), .init(sizeClass: 20, count: 2), .init(sizeClass: 21, count: 4),
            .init(sizeClass: 25, count: 13, hasPointers: true), .init(sizeClass: 26, count: 1),
            .init(sizeClass: 28, count: 2), .init(sizeClass: 33, count: 11), .init(sizeClass: 38, count: 3),
            .init(sizeClass: 59, count: 1, hasPointers: true),
        ],
        tinyMerges: 4,
        extraHeapSpans: [1, 2, 3, 4, 5, 6, 8, 10, 21],
        stackSpanPages: [4, 4, 4, 4, 4, 4, 4, 4],
        mspanStructs: 83,
        gcMiscSysBytes: 1_519_376 - 69_648,
        firstGCMetadataBytes: 286_176,
        otherSysBytes: 370_833,
        buckHashSysBytes: 1_442_527,
        globalsBytes: 154_912,
        systemGoroutineStackBytes: 5 * 1024,
        systemGoroutines: 5,
        binaryResidentBytes: 1_744 * 1024,
        binaryVirtualBytes: 1_227_064 * 1024 - 7_559_432 - 60 * 1024 * 1024,
        startupNanoseconds: 1_000_000
    )
}

/// Live start-up objects of one size class.
public struct StartupObjects: Sendable, Hashable {
    public var sizeClass: Int
    public var count: UInt64
    public var hasPointers: Bool
    public init(sizeClass: Int, count: UInt64, hasPointers: Bool = false) {
        self.sizeClass = sizeClass
        self.count = count
        self.hasPointers = hasPointers
    }
}
