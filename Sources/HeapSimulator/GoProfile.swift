// GoProfile: the per-version constants of the modelled Go runtime.
//
// What it models: everything that differs between Go releases and that the simulator needs as a
// number or a rule: how many objects fit in a span (in-span heap bitmaps since 1.22, inline mark
// bits since 1.26), the malloc-header rule, the small/large cut, the dense-chunk scavenging rule,
// the memory-limit headroom, how GC mark workers start, runtime struct sizes (mspan, mcache,
// heapArena, g, p, sudog, mark-worker node), the generated program's runtime-dependent sizes
// (GoProgramShape) and the measured start-up baseline.
//
// Why the real thing exists: the Go runtime is not one allocator but a series of them; the
// MemStats of the same program move by whole pages between 1.19, 1.22 and 1.27 because of these
// constants. Keeping them in one value per release (go1.19, go1.22, go1.23, go1.24, go1.25,
// go1.27; the three between are in GoProfileBetween.swift) keeps `if version`
// out of the mechanisms: a mechanism reads the rule it needs from the profile.
//
// Simplification: only linux/amd64 is described. Releases without a profile of their own
// (1.20, 1.21, 1.26) are modelled by the newest profile whose rules began at or before them
// (`GoProfile.nearest`: go1.19 for 1.20–1.21, go1.27 for 1.26), and
// the run says so. The start-up baseline is measured, not derived (see `StartupBaseline`). The
// Go 1.26+ random heap-base padding (0–511 permanently released pages) is modelled as one
// deterministic count (SimulatorConfiguration.heapBase: none for a fixed base, 256 for a random
// one, which is the command line's default).

import GoProgramContract

/// Which Go release the model imitates.
public struct GoProfile: Sendable, Hashable {
    /// `go1.27`: the name used in JSON output (`"model"`) and `--model`.
    public var name: String
    /// The Go release whose runtime source and measurements the values come from.
    public var measuredOn: String

    /// How objects-per-span is computed for a size class (by version, scan/noscan).
    public var objectsPerSpanRule: ObjectsPerSpanRule
    /// Pointer-holding objects larger than this get an 8-byte malloc header (1.22+); nil = no headers.
    public var mallocHeaderThreshold: UInt64?
    /// Objects larger than this are large objects with a span of their own.
    public var largeObjectThreshold: UInt64
    /// The 1.21+ scavenge index: background/growth scavenging skips chunks that were ≥ 496/512
    /// pages in use in the current or previous GC generation, and the background search reaches
    /// only pages freed before the last mark termination. false (1.19): freed pages are
    /// searchable at once and density does not matter.
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
    /// How gcBgMarkStartWorkers waits for a new mark worker.
    public var markWorkerStart: MarkWorkerStart
    /// Whether the background scavenger works toward 95 % of the memory limit. go1.19 computes
    /// that goal as `limit × (100 − 5)` (src/runtime/mgcscavenge.go), so it never applies there.
    public var backgroundScavengerHonoursMemoryLimit: Bool
    /// 1.26+: the heap base is randomised: the first growth leaves 0–511 padding pages released
    /// at the base (SimulatorConfiguration.heapBase; the command line's runs use Go's random base
    /// unless `--heap-base fixed` builds with GOEXPERIMENT=norandomizedheapbase64).
    public var randomizesHeapBase: Bool
    /// 1.26+ (Green Tea): the mark queues the spans of 16..512 B pointer-holding objects, not the
    /// objects, per P, spilling into rings each P keeps (SpanQueue.swift); follows the inline mark
    /// bits of those spans.
    public var greenTeaSpanQueue: Bool { objectsPerSpanRule == .inlineMarkBits }
    /// The generated program's runtime-dependent sizes on this release (hchan, closures, frames).
    public var program: GoProgramShape
    /// Measured start-up state of a fresh process.
    public var baseline: StartupBaseline
    /// Heap objects each M (OS thread) allocates besides its g0 and gsignal g structs (allocm:
    /// the m struct first, and since 1.23 its profiling stacks), for the extra Ms of GOMAXPROCS > 1
    /// (Scheduler.startExtraMs).
    public var perMHeapObjects: [RuntimeObject] = []
    /// How endCycle estimates cons/mark for the trigger's runway (Pacer.swift).
    public var consMarkEstimate: ConsMarkEstimate = .maximumOfLastFive
    /// When mallocgc zeroes a large pointer-holding object on memory used before (span.needzero).
    public var largeObjectZeroing: LargeObjectZeroing = .beforePublishing
    /// What a small pointer array without a malloc header adds to the mcache's scanAlloc, and so
    /// to heapScan (GCController.flushScanAlloc).
    public var smallPointerArrayScanAlloc: SmallPointerArrayScanAlloc = .wholeArray

    /// The scan size mallocgc records for a small array of pointers (`make([]*T, n)`, the
    /// scenario language's pointer objects and its groups' slot slices) that has no malloc header.
    public enum SmallPointerArrayScanAlloc: Sendable, Hashable {
        /// Its whole size: go1.19's mallocgc (`dataSize - typ.Size_ + typ.PtrBytes`) and go1.27.3's
        /// writeHeapBitsSmall ("This object is all pointers, so scanSize is just dataSize").
        case wholeArray
        /// One pointer: go1.22.10 to go1.26.6 writeHeapBitsSmall starts scanSize at typ.PtrBytes (8)
        /// and adds typ.Size_ per further element only for element types larger than a pointer
        /// (golang/go#77573), so heapScan undercounts such arrays. go1.22's profile and those
        /// made from it (1.23-1.25); go1.26 runs on go1.27's profile, which counts them whole.
        case firstWord
    }

    /// When mallocgc zeroes a large pointer-holding object whose pages were used before, relative
    /// to the heap trigger's check and to publishing the object's type to the GC.
    public enum LargeObjectZeroing: Sendable, Hashable {
        /// Before the trigger is checked, its type set once it is zeroed: go1.19–1.22 zero a
        /// pointer-holding large object inside mallocgc (go1.22.10 malloc.go: `memclrNoHeapPointers
        /// (x, size)`), go1.23 in 256 KiB chunks with the type unpublished but still before the
        /// trigger (go1.23.9 malloc.go, mallocgc: `memclrNoHeapPointersChunked` under
        /// delayedZeroing, then heapSetType, then `gcTrigger{kind: gcTriggerHeap}`): a cycle the
        /// allocation starts finds the object's type and scans it. Probe (the program of
        /// ConcurrentCycleTests' largePointerObject… test: 655 360 garbage 128-byte pointer objects,
        /// then a 40.9 MB []unsafe.Pointer on their pages; whether the next cycle's expected work,
        /// gcpacertrace, holds the slice's 40.9 MB): scanned by the cycle it started in 6 of 6 runs
        /// of go1.22.10 and of go1.23.9 at GOMAXPROCS 1 and again at 2 (2026-12-05).
        case beforePublishing
        /// mallocgcLarge (go1.24.11, go1.25.5, go1.26.6 and go1.27.3 malloc.go, the same order in
        /// each): span.largeType is nil ("Tell the GC not to look at this yet"), the trigger is
        /// checked and gcStart may run, then the object is zeroed in 256 KiB chunks with a
        /// preemption check before each (memclrNoHeapPointersChunked), and only then is its type
        /// set. A mark worker that scans the allocating goroutine's stack meanwhile (on another P,
        /// or on this one once sysmon or the GC preempts the goroutine) greys the object, and
        /// scanobject finds no type: the cycle marks the object but does no scan work for it. The
        /// same probe, the same day, on a busy machine: unscanned by the cycle it started in 3, 2,
        /// 6, 6 of 6 runs of go1.24.11, go1.25.5, go1.26.6, go1.27.3 at GOMAXPROCS 1 and in 3, 6,
        /// 0, 0 of 6 at 2: a race, which the model's point always lets the object lose (the
        /// predicted band's large-object-scanned variant lets it win: LargeObjectRace). Profiles
        /// go1.24, go1.25 and go1.27 (go1.26 runs on go1.27's).
        case chunkedAfterTrigger
    }

    /// A heap object the runtime allocates for itself.
    public struct RuntimeObject: Sendable, Hashable {
        public var bytes: UInt64
        public var hasPointers: Bool
        public init(bytes: UInt64, hasPointers: Bool) {
            self.bytes = bytes
            self.hasPointers = hasPointers
        }
    }

    public static let go1_27 = GoProfile(
        name: "go1.27",
        measuredOn: "go1.27.3",
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
        markWorkerStart: .readyChannel,
        backgroundScavengerHonoursMemoryLimit: true,
        randomizesHeapBase: true,
        program: .go1_27,
        baseline: .go1_27,
        // The m struct (runtime.m, 1832 B: GoStructSizeTests; with its malloc header in size
        // class 2048), profStack and mLockProfile.stack (1152 B each), and one small object.
        // Measured on go1.27.3 as BySize at the spike lesson's first snapshot at GOMAXPROCS 2
        // and 4 less the model's (3 runs each; one M per run at 2, two or three at 4, 10 in all):
        // per M one object of 2048 B and two of 1152 B. Checked at GOMAXPROCS 2 on a program of
        // 64 B and 4 KiB objects by GoRealRuntimeTests.extraMsHeapObjectsAreRealGos.
        // Simplification: the 16-byte object stands for small objects that are not all per M:
        // real Go holds one of 8 × GOMAXPROCS bytes (allp's size; procresize makes it) and one
        // of 8 B per M after the first. 16 B per M has the same bytes at GOMAXPROCS 2 and at 4
        // with three Ms, and 8 B fewer at 4 with two (BySize differs: 16-byte objects where real
        // Go has 8 and 32; whether they hold pointers was not read).
        perMHeapObjects: [.init(bytes: 1832, hasPointers: true), .init(bytes: 1152, hasPointers: false),
                          .init(bytes: 1152, hasPointers: false), .init(bytes: 16, hasPointers: true)],
        largeObjectZeroing: .chunkedAfterTrigger
    )

    /// Go 1.22 (measured on go1.22.10): allocation headers and in-span heap bitmaps, no inline
    /// mark bits; struct sizes from go-runtime-facts §3.4 (go/types on the 1.22.10 tree, mspan
    /// and mcache checked against MSpanSys/MCacheSys); sudog 88 B and the 32 B pointer-free mark
    /// worker node from src/runtime/runtime2.go and mgc.go of go1.22.10.
    public static let go1_22 = GoProfile(
        name: "go1.22",
        measuredOn: "go1.22.10",
        objectsPerSpanRule: .heapBitsInSpan,
        mallocHeaderThreshold: 512,
        largeObjectThreshold: 32_760,
        denseChunkRule: true,
        mspanBytes: 160,
        mcacheBytes: 1200,
        heapArenaMetadataBytes: 68_624,
        gStructBytes: 424,
        pStructBytes: 8_944,
        sudogBytes: 88,
        markWorkerNodeBytes: 32,
        memoryLimitHeadroomPercent: 3,
        markWorkerStart: .note,
        backgroundScavengerHonoursMemoryLimit: true,
        randomizesHeapBase: false,
        program: .go1_22,
        baseline: .go1_22,
        // The m struct (runtime.m, 2024 B: GoStructSizeTests; with its malloc header in size
        // class 2048). Measured on go1.22.10 as BySize at the spike lesson's first snapshot at
        // GOMAXPROCS 2 and 4 less the model's (3 runs each): one 2048-byte object per M.
        // Simplification: the small objects that also move (allp's 8 × GOMAXPROCS bytes, and one
        // object from the 208- to the 224-byte class) are not made.
        perMHeapObjects: [.init(bytes: 2024, hasPointers: true)],
        smallPointerArrayScanAlloc: .firstWord
    )

    /// Go 1.19 (measured on Debian's go1.19.8): no allocation headers, classic objects per span,
    /// the small/large cut at 32 768, a per-arena 2 MiB heap bitmap inside heapArena (GCSys), no
    /// dense-chunk rule, a flat 1 MiB memory-limit headroom (mgcpacer.go: percent 0 here, the
    /// 1 MiB minimum applies), and the broken background memory-limit goal.
    public static let go1_19 = GoProfile(
        name: "go1.19",
        measuredOn: "go1.19.8",
        objectsPerSpanRule: .classic,
        mallocHeaderThreshold: nil,
        largeObjectThreshold: 32_768,
        denseChunkRule: false,
        mspanBytes: 144,
        mcacheBytes: 1200,
        heapArenaMetadataBytes: 2_165_776,
        gStructBytes: 392,
        pStructBytes: 8_912,
        sudogBytes: 88,
        markWorkerNodeBytes: 32,
        memoryLimitHeadroomPercent: 0,
        markWorkerStart: .note,
        backgroundScavengerHonoursMemoryLimit: false,
        randomizesHeapBase: false,
        program: .go1_19,
        baseline: .go1_19,
        // The m struct (runtime.m, 1008 B: GoStructSizeTests; no malloc headers, size class
        // 1024). Measured on go1.19.8 as for go1.22 (3 runs each at GOMAXPROCS 2 and 4): one
        // 1024-byte object per M. Simplification: as go1.22's.
        perMHeapObjects: [.init(bytes: 1008, hasPointers: true)],
        consMarkEstimate: .piController
    )

    /// Every profile, oldest first; the last is the default without Go.
    public static let all: [GoProfile] = [.go1_19, .go1_22, .go1_23, .go1_24, .go1_25, .go1_27]
    public static var newest: GoProfile { all[all.count - 1] }

    /// The profile named `go1.22` (or `1.22`), if there is one.
    public static func named(_ text: String) -> GoProfile? {
        let name = text.hasPrefix("go") ? text : "go" + text
        return all.first { $0.name == name }
    }

    /// (major, minor) of a release name: `go1.22.10`, `go1.27.3-X:…`, `go1.22` → (1, 22).
    public static func release(_ text: String) -> (major: Int, minor: Int)? {
        let digits = text.hasPrefix("go") ? text.dropFirst(2) : Substring(text)
        let parts = digits.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// The earliest release whose allocator this profile's rules describe: go1.27's (Green Tea
    /// inline mark bits, random heap base) arrived in 1.26 (go-runtime-facts §9), and the sweep of
    /// go1.26.6 scored 10 of 13 lessons within the bars with go1.27 (8 with go1.25, 0 with go1.22).
    public var firstRelease: (major: Int, minor: Int) {
        name == "go1.27" ? (1, 26) : (GoProfile.release(name) ?? (1, 0))
    }

    /// The profile for a toolchain's release: its own, else the newest profile whose rules began
    /// at or before it (the oldest for a release before every profile). `exact` is false when
    /// the release has no profile of its own.
    public static func nearest(toRelease version: String) -> (profile: GoProfile, exact: Bool) {
        guard let wanted = release(version) else { return (newest, false) }
        var best = all[0]
        for profile in all {
            if let r = release(profile.name), (r.major, r.minor) == (wanted.major, wanted.minor) { return (profile, true) }
            if profile.firstRelease <= (wanted.major, wanted.minor) { best = profile }
        }
        return (best, false)
    }

    /// The size class a g struct (a goroutine's or an M's g0 and gsignal) takes: BySize's row
    /// that counts goroutines ever made.
    public var gStructClassBytes: UInt64 {
        SizeClasses.objectSize[SizeClasses.sizeClass(forSlotSize: gStructBytes)]
    }

    /// How many objects of a small size class one span holds under this release's rule: the
    /// class that `bytes` rounds up to, scan (`hasPointers`) or noscan. Nil above the small sizes.
    public func objectsPerSpan(objectBytes bytes: UInt64, hasPointers: Bool) -> UInt64? {
        guard bytes > 0, bytes <= largeObjectThreshold else { return nil }
        return SizeClasses.objectsPerSpan(SizeClasses.sizeClass(forSlotSize: bytes), hasPointers: hasPointers, rule: objectsPerSpanRule)
    }
}

/// How the runtime starts a GC mark worker goroutine (gcBgMarkStartWorkers, src/runtime/mgc.go).
public enum MarkWorkerStart: Sendable, Hashable {
    /// 1.19 and 1.22: `go gcBgMarkWorker()` and a sleep on work.bgMarkReady: no closure, no
    /// channel, no sudog.
    case note
    /// 1.23 and later (src/runtime/mgc.go of go1.23.9, go1.25.5, go1.27.3): `go
    /// gcBgMarkWorker(ready)` with a `ready` channel main receives from: a closure, an hchan
    /// (garbage once the workers are up) and main's sudog.
    case readyChannel
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
/// rest stays typed for now: the others need a heap dump, gcpacertrace or an instrumented runtime.
///
/// The environment: objects, tinyMerges and mspanStructs are those of a process with no
/// environment variable at all; the runtime's copy of the environment is added per variable by
/// `environmentCopy` (StartupEnvironment.swift). They were measured with GoEnvironment.reference
/// (36 variables; go1.19 and go1.22 with a 37-variable one of the same shell: 8 strings under
/// 16 bytes, 7 of 17–24, 7 of 25–32, 6 of 33–48, 6 of 49–64, 2 of 65–80, 1 of 193–208) and those
/// variables' objects (pointer-free strings, two pointer-full slices) taken out; the result agrees
/// class by class with BySize of the same program run with GOMAXPROCS=1 alone (go1.27.3: 67
/// objects, 70 mallocs, 76 mspans; go1.22.10: 49, 51, 75; go1.19.8: 88, 90, 74), which a test
/// checks. GCSys + OtherSys does not depend on the environment (1 890 224 B on go1.27.3).
public struct StartupBaseline: Sendable, Hashable {
    /// Start-up objects per span class of an environment-free process: live ones, and garbage
    /// that the first GC frees.
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
    /// gcMiscSys at start minus heapArena metadata of the first arena and the span classes'
    /// spanSets (spanSetBytes each; the reading's classes are those of its start-up model: 26 on
    /// go1.27 with the reference environment, 25 and 26 on go1.22 and go1.19 with theirs).
    public var gcMiscSysBytes: UInt64
    /// GCSys bytes the first GC persistentallocs besides what the model makes itself (the gcBits
    /// arena of the new epoch and a spine and block for each span class whose spans survive,
    /// OffHeapMetadata and MCentral): Green Tea's per-P ptrBuf (8 KiB, go1.26+). The first GC of
    /// `snapshot; gc; snapshot` (GOMAXPROCS=1) adds exactly 65 536 + 8 192 + 23 × 6 656 =
    /// 226 816 B on go1.27.3, 65 536 + 15 × 6 168 and 65 536 + 21 × 6 168 on go1.22.10 (two
    /// programs), 65 536 + 16 × 6 656 on go1.25.5, 65 536 + 22 × 6 168 on go1.19.8.
    public var firstGCMetadataBytes: UInt64
    /// OtherSys at start (persistentalloc remainder, allspans array of 64 KiB, itabs), plus the
    /// spanSets' bytes that the start-up's span classes take out of it.
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
    /// How the runtime copies the environment to the heap at start (StartupEnvironment.swift).
    public var environmentCopy: EnvironmentCopyRule
    /// GCSys of one span class in use at start: the first push of a span into its mcentral's
    /// spanSet persistentallocs a spine of 256 pointers and a 512-entry block (mspanset.go),
    /// out of the chunk whose remainder is OtherSys. gcMiscSysBytes and otherSysBytes above are
    /// without them. Measured: GOMAXPROCS=1 plus one 24-byte variable (one more class) moves
    /// 6 656 B from OtherSys to GCSys on go1.27.3; the 37 variables (7 more classes) 43 176 B on
    /// go1.22.10 and (6 more) 37 008 B on go1.19.8: 6 168 B each.
    public var spanSetBytes: UInt64 = 6_656
    /// Bytes left in the P's 256 KiB persistentalloc block at start before the start-up span
    /// classes' spanSets are carved out of it (PersistentAlloc in OffHeapMetadata.swift); nil
    /// where not measured: OtherSys then moves only with the start-up spanSets and allspans.
    public var persistentBlockRemainingBytes: UInt64? = nil
    /// Bytes of `globalsBytes` in .data (the rest is .bss): markroot scans each section in root
    /// jobs of at most 256 KiB (nDataRoots, nBSSRoots), so a .bss over 256 KiB makes a second
    /// .bss job that assists meet after the heap objects the first one leads to
    /// (GCController.scanUnits). readelf of the memory-limit lesson's program: .data 18 610 B
    /// (.bss 132 280) on go1.27.3, 16 272 B (.bss 392 080) on go1.22.10, 30 704 B (.bss 192 704)
    /// on go1.19.8.
    public var globalsDataBytes: UInt64 = 0
    /// Scan work of heap objects that the .bss root jobs after the first lead to (nothing where
    /// .bss is one job): a go1.22.10 runtime instrumented to print every assist and root job
    /// (memory-limit, five cycles) shows 240 B of heap scan between the second .bss job
    /// (129 936 B) and the stack roots, the rest of the 21 048 B of heap scan work before it.
    public var scanBytesAfterLaterBSSBlocks: UInt64 = 0

    public static let go1_27 = StartupBaseline(
        objects: [
            .init(sizeClass: 1, live: 7, garbage: 1, hasPointers: true),
            .init(sizeClass: 2, live: 3, garbage: 1), .init(sizeClass: 2, live: 4, garbage: 3, hasPointers: true),
            .init(sizeClass: 3, live: 3, hasPointers: true),
            .init(sizeClass: 4, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 5, live: 5, hasPointers: true),
            .init(sizeClass: 6, live: 1, hasPointers: true),
            .init(sizeClass: 8, live: 4, hasPointers: true),
            .init(sizeClass: 9, live: 1),
            .init(sizeClass: 10, live: 0, garbage: 1),
            .init(sizeClass: 15, live: 2, hasPointers: true),
            .init(sizeClass: 18, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 25, live: 11, hasPointers: true),
            .init(sizeClass: 26, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 33, live: 6, garbage: 2), .init(sizeClass: 33, live: 1, hasPointers: true),
            .init(sizeClass: 38, live: 2, hasPointers: true),
            .init(sizeClass: 59, live: 1, hasPointers: true),
        ],
        allgsLength: 6,
        allgsCapacity: 8,
        cachedSudogs: 1,
        stackPoolSpans: [.init(order: 0, used: 6), .init(order: 3, used: 2)],
        tinyMerges: 3,
        // StackInuse at start less the two stack pool spans: the Ms' 32 KiB (4-page) signal stacks.
        stackSpanPages: Array(repeating: 4, count: Int(MeasuredStartup.go1_27.stackInuseBytes / (32 << 10)) - 2),
        mspanStructs: 83 - 8,
        gcMiscSysBytes: 1_519_376 - 69_648 - 26 * 6_656,
        firstGCMetadataBytes: 8_192,
        otherSysBytes: 370_847 + 26 * 6_656,
        buckHashSysBytes: 1_442_513,
        globalsBytes: 150_954,
        systemGoroutineStackBytes: 6 * GoProgramShape.go1_27.blockedGoroutineScanBytes,
        systemGoroutines: 6,
        scanBytesAfterStackRoots: 5_800,
        binaryResidentBytes: 1_744 * 1024,
        binaryVirtualBytes: 1_227_064 * 1024 - 7_559_432 - 60 * 1024 * 1024,
        startupNanoseconds: 1_000_000,
        environmentCopy: .init(sliceCopies: 2, firstTinyAfterEnvironmentBytes: 8,
                               spanClassesBeforeEnvironment: [.init(sizeClass: 2, hasPointers: true),
                                                              .init(sizeClass: 25, hasPointers: true)]),
        // Measured on go1.27.3, GOMAXPROCS=1, with a program (not a scenario) that keeps 8 KiB
        // objects with GC off and prints OtherSys/MSpanSys/GCSys whenever one moves: after main
        // started, 7 spanSets (6 656 B each, new span classes) and one 16 320 B mspan chunk =
        // 62 912 B were carved out of the block; the next 6 656 B took a new one (OtherSys
        // +255 488 = 262 144 - 6 656). So 62 912 ≤ rest at main < 69 568; the lower bound is
        // taken. Its start GCSys (1 519 376 B) is the reference's: 26 start-up spanSets, which
        // came out of the same rest here. The second block then held 248 008 B before a 16 320 B
        // chunk overflowed it, as the mechanism predicts. Checked on spike, fragmentation,
        // sys-accounting and heap-in-spans (go and simulator backends) and OffHeapMetadataTests.
        persistentBlockRemainingBytes: 62_912 + 26 * 6_656,
        globalsDataBytes: 18_610
    )
}

extension StartupBaseline {
    /// go1.22.10 and go1.19.8 start-up, measured on the generated program of the scenario
    /// `snapshot "start"; gc; snapshot "after gc"` (memstats run --backend go, GOMAXPROCS=1, a
    /// 37-variable environment), 2026-12-03,
    /// the most common of 6 runs (others: one more M, or one or four objects more), less the
    /// environment's objects (see StartupBaseline):
    /// - objects per size class: BySize Mallocs at the first reading; live = Mallocs − Frees after
    ///   the first runtime.GC(), less what that GC itself allocated (one g, one 32 B mark-worker
    ///   node); garbage = the rest. The allgs array (64 B) and the cached sudog (96 B class) are
    ///   taken out of their classes (the simulator makes them itself). Frees at start = tinyMerges.
    /// - scan/noscan: BySize does not say. HeapInuse at start is 8 pages more than one span per
    ///   class, so eight classes have both a scan and a noscan span; they are taken to be the
    ///   eight with three or more objects besides the g and sudog classes (16, 24, 32, 48, 64,
    ///   80, 208, 640 B), split about like go1.27.3's heap dump; g, p and m structs are scan,
    ///   other single-span classes noscan; the environment's strings are the noscan objects of
    ///   their classes (24, 32, 48, 64, 80, 208 B) and its slices the 640 B pointer objects. On
    ///   go1.22 both slices are pointer objects, so the eighth class with two spans is another:
    ///   taken to be 96 B (one pointer-free object), which keeps HeapInuse at start right with
    ///   GOMAXPROCS alone (196 608 B) and with the 37 variables (253 952 B). Checked: a
    ///   pointer-free environment string adds a page at start unless its class already has a
    ///   pointer-free span, which on go1.22.10 only the 16-, 96- and 112-byte classes have
    ///   (GOMAXPROCS=1 plus one variable of 20–9000 bytes); the 192-, 384- and 896-byte objects
    ///   are therefore pointer objects.
    ///   Simplification: a guess where a heap dump would know; it moves which span a later
    ///   object of that class lands in, not the pages at start.
    /// - stacks: StackInuse 196 608 = two pool spans (5 goroutine stacks of 2 KiB; 2 g0 stacks of
    ///   16 KiB) and four 32 KiB signal stacks (one fewer M than go1.27.3 starts).
    /// - GCSys, OtherSys, BuckHashSys, MSpanInuse / mspan size: the first reading; the first GC's
    ///   metadata: GCSys after it minus before.
    /// - globals: .data + .bss of the built program (readelf; 1.19: 223 280–223 408 B over 14
    ///   scenario programs, 1.22: 408 352–408 480 B), the pacer's globalsScan.
    /// - binary: RssFile at the first reading; VmSize − Sys − the 60 MiB unmapped arena rest.
    /// Typed from go1.27.3 (not re-measured): startupNanoseconds.
    public static let go1_22 = StartupBaseline(
        objects: [
            .init(sizeClass: 1, live: 4, garbage: 1, hasPointers: true),
            .init(sizeClass: 2, live: 3, garbage: 1), .init(sizeClass: 2, live: 3, garbage: 3, hasPointers: true),
            .init(sizeClass: 3, live: 1, hasPointers: true),
            .init(sizeClass: 4, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 5, live: 3, hasPointers: true),
            .init(sizeClass: 7, live: 1, hasPointers: true),
            .init(sizeClass: 8, live: 1), .init(sizeClass: 8, live: 3, hasPointers: true),
            .init(sizeClass: 9, live: 0, garbage: 1),
            .init(sizeClass: 14, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 15, live: 2, hasPointers: true),
            .init(sizeClass: 22, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 24, live: 10, hasPointers: true),
            .init(sizeClass: 31, live: 1, hasPointers: true),
            .init(sizeClass: 38, live: 2, hasPointers: true),
            .init(sizeClass: 52, live: 1, hasPointers: true),
        ],
        allgsLength: 5,
        allgsCapacity: 8,
        cachedSudogs: 1,
        stackPoolSpans: [.init(order: 0, used: 5), .init(order: 3, used: 2)],
        tinyMerges: 2,
        stackSpanPages: [4, 4, 4, 4],
        mspanStructs: 13_120 / 160 - 8,
        gcMiscSysBytes: 1_492_840 - 68_624 - 25 * 6_168,
        firstGCMetadataBytes: 0,
        otherSysBytes: 392_968 + 25 * 6_168,
        buckHashSysBytes: 6_384,
        globalsBytes: 408_384,
        systemGoroutineStackBytes: 5 * GoProgramShape.go1_22.blockedGoroutineScanBytes,
        systemGoroutines: 5,
        // The instrumented go1.22.10 runtime (see scanBytesAfterLaterBSSBlocks): no heap scan work
        // after the six stack root jobs (1 760 B) in any of the five cycles of memory-limit.
        scanBytesAfterStackRoots: 0,
        binaryResidentBytes: 921_600,
        binaryVirtualBytes: 1_254_555_648 - 6_118_416 - 60 * 1024 * 1024,
        startupNanoseconds: StartupBaseline.go1_27.startupNanoseconds,
        environmentCopy: .init(sliceCopies: 2, firstTinyAfterEnvironmentBytes: 8,
                               spanClassesBeforeEnvironment: [.init(sizeClass: 2, hasPointers: true),
                                                              .init(sizeClass: 24, hasPointers: true)]),
        spanSetBytes: 6_168,
        // Measured on go1.22.10 (2026-12-04, GOMAXPROCS=1) with the scenario `set gogc off`, then
        // 200 times `alloc 16 x 8KiB` and a snapshot: after the first reading, two spanSets
        // (2 x 6 168 B) and four 16 320 B mspan chunks = 77 616 B were carved out of the block; the
        // fifth chunk took a new one (OtherSys +245 824 = 262 144 - 16 320), so 77 616 ≤ rest <
        // 93 936; the lower bound is taken, plus the 25 start-up spanSets. The second block then
        // held 247 008 B before a chunk overflowed it (262 136 - 247 008 < 16 320), as the
        // mechanism predicts.
        persistentBlockRemainingBytes: 77_616 + 25 * 6_168,
        globalsDataBytes: 16_272,
        scanBytesAfterLaterBSSBlocks: 240
    )

    /// go1.19.8: measured as go1_22 above, except scan/noscan: a pointer-free environment string
    /// of each class adds a page at start unless the class already has a pointer-free span, which
    /// on go1.19.8 only the 16-, 96- and 112-byte classes have (GOMAXPROCS=1 plus one variable of
    /// 20–8000 bytes); the other classes' start-up objects are taken to be pointer objects.
    public static let go1_19 = StartupBaseline(
        objects: [
            .init(sizeClass: 1, live: 5, garbage: 1, hasPointers: true),
            .init(sizeClass: 2, live: 32), .init(sizeClass: 2, live: 4, garbage: 3, hasPointers: true),
            .init(sizeClass: 3, live: 2, hasPointers: true),
            .init(sizeClass: 4, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 5, live: 7, hasPointers: true),
            .init(sizeClass: 7, live: 1, hasPointers: true),
            .init(sizeClass: 8, live: 1), .init(sizeClass: 8, live: 3, hasPointers: true),
            .init(sizeClass: 9, live: 0, garbage: 1),
            .init(sizeClass: 12, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 15, live: 3, hasPointers: true),
            .init(sizeClass: 20, live: 0, garbage: 1, hasPointers: true),
            .init(sizeClass: 23, live: 10, hasPointers: true),
            .init(sizeClass: 28, live: 1, hasPointers: true),
            .init(sizeClass: 32, live: 2, hasPointers: true),
            .init(sizeClass: 37, live: 2, hasPointers: true),
            .init(sizeClass: 51, live: 1, hasPointers: true),
            .init(sizeClass: 52, live: 1, hasPointers: true),
        ],
        allgsLength: 5,
        allgsCapacity: 8,
        cachedSudogs: 1,
        stackPoolSpans: [.init(order: 0, used: 5), .init(order: 3, used: 2)],
        tinyMerges: 2,
        stackSpanPages: [4, 4, 4, 4],
        mspanStructs: 11_520 / 144 - 7,
        gcMiscSysBytes: 7_815_040 - 2_165_776 - 26 * 6_168,
        firstGCMetadataBytes: 0,
        otherSysBytes: 389_741 + 26 * 6_168,
        buckHashSysBytes: 3_491,
        globalsBytes: 223_312,
        systemGoroutineStackBytes: 5 * GoProgramShape.go1_19.blockedGoroutineScanBytes,
        systemGoroutines: 5,
        scanBytesAfterStackRoots: StartupBaseline.go1_27.scanBytesAfterStackRoots,
        binaryResidentBytes: 1_036_288,
        binaryVirtualBytes: 727_973_888 - 12_434_448 - 60 * 1024 * 1024,
        startupNanoseconds: StartupBaseline.go1_27.startupNanoseconds,
        environmentCopy: .init(sliceCopies: 2, firstTinyAfterEnvironmentBytes: nil,
                               spanClassesBeforeEnvironment: [.init(sizeClass: 2, hasPointers: true),
                                                              .init(sizeClass: 23, hasPointers: true),
                                                              .init(sizeClass: 28, hasPointers: true)]),
        spanSetBytes: 6_168,
        // Measured on go1.19.8 as on go1.22.10 (2026-12-04): two spanSets and four 16 272 B
        // mspan chunks = 77 424 B before the fifth chunk took a new block (OtherSys +245 872), so
        // 77 424 ≤ rest < 93 696 (the lower bound taken, plus the 26 start-up spanSets); the second
        // block held 250 456 B before a chunk overflowed it.
        persistentBlockRemainingBytes: 77_424 + 26 * 6_168,
        globalsDataBytes: 30_704
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
