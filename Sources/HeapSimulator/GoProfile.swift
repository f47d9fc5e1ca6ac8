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
// goroutines, the p struct, os/strconv/time package init) is taken as an inventory of live and
// dead objects per span class, the stack spans and off-heap byte counts, read from a real go1.27.3
// process shaped like the generated scenario program, with GOMAXPROCS=1 (see `StartupBaseline`). The Go 1.26+ random heap-base padding
// (0–511 permanently released pages) is modelled as the deterministic choice of 0 pages.

import GoProgramContract

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
    /// Bytes of a GC mark worker's node (gcBgMarkWorkerNodePadded, pointer-free, never freed).
    public var markWorkerNodeBytes: UInt64
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
        sudogBytes: 104,
        markWorkerNodeBytes: 512,
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
/// Source: go1.27.3, linux/amd64, GOMAXPROCS=1, GOEXPERIMENT=norandomizedheapbase64, a `main`
/// with the generated scenario program's imports (math, os, runtime, runtime/debug, strconv,
/// sync, syscall, time, unsafe; no fmt, no encoding/json), first statement. Read with
/// runtime.ReadMemStats (BySize) and debug.WriteHeapDump written through a raw openat, before
/// and after a first runtime.GC(): the dump lists every span's objects, so the live and the
/// dead objects of each span class (scan/noscan) are known, not guessed. In 15 of 20 direct
/// runs (and in most runs under `memstats`) the process looks like this; in the others the
/// runtime has started one more M before main (6 more objects, one more 32 KiB signal stack):
/// that is real Go's own start-up variation, not modelled.
///
/// Generated, not typed: stackSpanPages comes from MeasuredStartup.go1_27 (GoProgramContract),
/// which `memstats baseline --write` writes from real Go and a Go-backed test re-measures. The
/// rest stays typed for now: the object inventory, tinyMerges, mspanStructs, GCSys and OtherSys
/// depend on the size of the process environment (go1.27.3 puts one heap object per variable at
/// start: 69 objects with 2 variables, 102 with 36, 402 with 336; GCSys + OtherSys stays
/// 1 890 224 B), and the values here are those of a ~36-variable environment; the others need a
/// heap dump, gcpacertrace or an instrumented runtime.
public struct StartupBaseline: Sendable, Hashable {
    /// Start-up objects per span class: live ones, and garbage that the first GC frees.
    public var objects: [StartupObjects]
    /// Goroutines in allgs at start (main, forcegc, bgsweep, bgscavenge, updateMaxProcs,
    /// runFinalizers), measured from the heap dump's goroutine records, and allgs' capacity.
    public var allgsLength: UInt64
    public var allgsCapacity: UInt64
    /// sudogs in the P's sudog cache at start (main blocked once in gcenable during init).
    public var cachedSudogs: UInt64
    /// Stack pool spans at start: (order, stacks handed out of the span's slots).
    public var stackPoolSpans: [StackPoolSpanUse]
    /// Tiny allocations merged into existing blocks before main (count in Mallocs and Frees).
    public var tinyMerges: UInt64
    /// Dedicated stack spans in use at start, in pages (the 32 KiB signal stacks of the Ms).
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
    /// Bytes of pointer-bearing globals (.data + .bss) that the pacer counts (globalsScan):
    /// readelf on the generated programs gives 150 826–152 042 B, gcpacertrace 150 890–150 954.
    public var globalsBytes: UInt64
    /// Stack bytes the GC scans on the runtime's own goroutines at start (lastStackScan input):
    /// each is parked with a blocked goroutine's frame (GoProgramShape.blockedGoroutineScanBytes);
    /// gcpacertrace shows 1 688–2 128 B of stack work per cycle with main and the mark worker.
    public var systemGoroutineStackBytes: UInt64
    /// Number of runtime goroutines alive at start (main, forcegc, bgsweep, bgscavenge, finalizer…).
    public var systemGoroutines: UInt64
    /// Scan work of start-up objects that a cycle reaches only after the stack roots (so the
    /// last assist does it): a go1.27.3 runtime printing every assist and work unit shows
    /// 7.5 KiB left after the last oblet on gc-pacing, 1.7 KiB of it stacks. Checked on a
    /// second program (32 MiB limit, 20 000 live objects, 4 KiB churn): its marks end ~41 KiB
    /// of work before the goal, and the model's last assist (tail oblet, stacks, these) is 40.9.
    public var scanBytesAfterStackRoots: UInt64
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
            .init(sizeClass: 1, live: 7, garbage: 1, hasPointers: true),
            .init(sizeClass: 2, live: 11, garbage: 1), .init(sizeClass: 2, live: 4, garbage: 3, hasPointers: true),
            .init(sizeClass: 3, live: 6), .init(sizeClass: 3, live: 3, hasPointers: true),
            .init(sizeClass: 4, live: 7), .init(sizeClass: 4, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 5, live: 5), .init(sizeClass: 5, live: 5, hasPointers: true),
            .init(sizeClass: 6, live: 6), .init(sizeClass: 6, live: 1, hasPointers: true),
            .init(sizeClass: 7, live: 2), .init(sizeClass: 8, live: 4, hasPointers: true),
            .init(sizeClass: 9, live: 1),
            .init(sizeClass: 10, live: 0, garbage: 1),
            .init(sizeClass: 15, live: 1), .init(sizeClass: 15, live: 2, hasPointers: true),
            .init(sizeClass: 18, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 25, live: 11, hasPointers: true),
            .init(sizeClass: 26, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 28, live: 2, hasPointers: true),
            .init(sizeClass: 33, live: 6, garbage: 2), .init(sizeClass: 33, live: 1, hasPointers: true),
            .init(sizeClass: 38, live: 2, hasPointers: true),
            .init(sizeClass: 59, live: 1, hasPointers: true),
        ],
        allgsLength: 6,
        allgsCapacity: 8,
        cachedSudogs: 1,
        stackPoolSpans: [.init(order: 0, used: 6), .init(order: 3, used: 2)],
        tinyMerges: 4,
        // StackInuse at start less the two stack pool spans: the Ms' 32 KiB (4-page) signal stacks.
        stackSpanPages: Array(repeating: 4, count: Int(MeasuredStartup.go1_27.stackInuseBytes / (32 << 10)) - 2),
        mspanStructs: 83,
        gcMiscSysBytes: 1_519_376 - 69_648,
        firstGCMetadataBytes: 286_176,
        otherSysBytes: 370_847,
        buckHashSysBytes: 1_442_513,
        globalsBytes: 150_954,
        systemGoroutineStackBytes: 6 * GoProgramShape.go1_27.blockedGoroutineScanBytes,
        systemGoroutines: 6,
        scanBytesAfterStackRoots: 5_800,
        binaryResidentBytes: 1_744 * 1024,
        binaryVirtualBytes: 1_227_064 * 1024 - 7_559_432 - 60 * 1024 * 1024,
        startupNanoseconds: 1_000_000
    )
}

/// Start-up objects of one span class (size class × scan/noscan).
public struct StartupObjects: Sendable, Hashable {
    public var sizeClass: Int
    /// Objects still reachable at the first GC.
    public var live: UInt64
    /// Objects allocated during start-up that the first GC frees (package-init temporaries).
    public var garbage: UInt64
    public var hasPointers: Bool
    public init(sizeClass: Int, live: UInt64, garbage: UInt64 = 0, hasPointers: Bool = false) {
        self.sizeClass = sizeClass
        self.live = live
        self.garbage = garbage
        self.hasPointers = hasPointers
    }
}

/// A 32 KiB stack pool span in use at start: its order and how many of its stacks are taken.
public struct StackPoolSpanUse: Sendable, Hashable {
    public var order: Int
    public var used: Int
    public init(order: Int, used: Int) { self.order = order; self.used = used }
}
