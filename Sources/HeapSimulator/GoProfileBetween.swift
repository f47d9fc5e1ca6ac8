// The profiles of Go 1.23, Go 1.24 and Go 1.25: the releases between go1.22 and go1.26 whose
// runtime shows a difference in MemStats that its neighbours' profiles do not have.
//
// What it models: what changed after 1.22 in the fields a program sees, as data on go1.22's
// profile: from 1.23 the GC starts its mark workers with a `ready` channel (a closure, an hchan,
// a sudog; src/runtime/mgc.go gcBgMarkStartWorkers of go1.23.9), hchan has a `timer` field, each
// M keeps two 1152-byte profiling stacks, the m struct moved to the 1792-byte class and the
// runtime starts one more 32 KiB stack before main; in 1.25 the profiling bucket hash is allocated
// at start (BuckHashSys 1 442 592 B on go1.25.5 against 2 350 B on go1.23.9), hchan has a
// `bubble` field (112 B), the mark worker's node is padded to 512 B (gcBgMarkWorkerNodePadded),
// mcache is 1208 B, the p struct is in the 9728-byte class and an updateMaxProcs goroutine
// starts with the program. Each start-up number is the difference between two real runtimes
// measured the same way, added to go1.22's: the generated program of `snapshot "start"; gc;
// snapshot "after gc"` run alone with GOMAXPROCS=1 and no other environment variable (the
// smallest of 7 runs), on go1.22.10, go1.23.9 and go1.25.5 (2026-12-03): BySize's Mallocs per
// class at the first reading and Frees after the first GC, Frees at start (tiny merges),
// MSpanInuse, GCSys, OtherSys, StackInuse, and readelf's .data + .bss of the built program.
//
// Why the real thing exists: each release adds runtime state (profiling, timers in channels,
// synctest bubbles, cgroup-aware GOMAXPROCS) and every piece of it is a heap object or metadata
// the program's MemStats count: a start-up difference of 17–19 objects is 1.7–1.9 % of the
// 1000-object floor the fidelity score uses, and 1.44 MiB of BuckHashSys is 19 % of Sys at start.
//
// Simplification: the differences are counts per size class; whether an object holds pointers
// is not measured (BySize does not say) and is taken from what the object is where known (m and
// p structs, g structs and profiling stacks) and from go1.27.3's heap dump of the same class
// otherwise; it moves which span a later object lands in, not the objects or the pages at start.
// Checked as for go1.19 and go1.22 (a pointer-free environment string adds a page at start unless
// its class already has a pointer-free span; GOMAXPROCS=1 plus one variable of 20–2000 bytes):
// on go1.23.9 and go1.25.5 only the 16-, 112-, 128- and 1152-byte classes have one, so their
// 96-, 160-, 224- and 1024-byte start-up objects are pointer objects.
// go1.24 (go1.24.11) is go1.23's start-up with the differences measured the same way against
// go1.23.9 (2026-12-05, 7 runs each, the smallest reading; `memstats baseline` for the start,
// BySize at start and after the first GC with GOMAXPROCS=1 and five more short variables on
// both): the same 68 objects at start, 74 Mallocs, 6 Frees and the same first GC (4 Mallocs, 11
// Frees), but the m structs back in the 2048-byte class (m is 1 832 B: one page, not the
// 1792-byte class's two: HeapInuse 196 608 against 204 800 B, MSpanInuse 12 000 against 12 160),
// five objects in a neighbouring class (go1.25.5 shows the same five moves against go1.22.10),
// OtherSys 118 B less, BuckHashSys 14 B more, .data + .bss 946 B more; g 440 B, p 8 952 B,
// mcache 1 208 B (DWARF, below); and the large-object rule of go1.25 (GoProfile.LargeObjectZeroing).
// The scavenger, the pacer's goals, the limiter, the size classes and the malloc-header rule are
// go1.23's: mgcscavenge.go, mgclimit.go and sizeclasses.go of go1.24.11 differ from go1.23.9's
// only in an import path, mgcpacer.go only in findRunnableGCWorker's early return when no worker
// is needed, and minSizeForMallocHeader and heapBitsInSpan (mbitmap.go) are unchanged.
// Its moved objects hold pointers as go1.25's do: on go1.24.11 one more variable of 150, 220, 440
// or 1000 B adds a page more at start than one of 100 B, so the 160-, 224-, 448- and 1024-byte
// classes have no pointer-free span there. Which flavour of 16-byte object go1.24 has one fewer
// of is not measured (the pointer-free one go1.23 added is taken).
// go1.26 is modelled by go1.27: go1.26.6 starts with 3 more objects
// (two of 8 B, one of 160 B: one more span class, HeapInuse +8 KiB, GCSys +6 656 B) and the same
// struct sizes except m; it does not move a lesson across a bar. 5-run sweep (2026-12-03), lessons
// within the bars: go1.23.9 10 of 13 on go1.23, go1.24.11 10 of 13 on go1.23 (the same three
// misses: release-to-os and gc-pacing HeapReleased, memory-limit), go1.25.5 13 of 13 on go1.25,
// go1.26.6 10 of 13 on go1.27 (goroutine-leak, release-to-os and gc-pacing HeapReleased).
// 20-run sweeps of the model at 9d47fb8 (2026-12-06, `memstats fidelity --go PATH --runs 20`,
// about 200 s each): go1.23.9 13 of 13 on go1.23 (12 of 13 in a run beside Swift builds:
// gc-pacing's HeapAlloc after churn p90 3.75 % and HeapReleased), go1.25.5 13 of 13 on go1.25,
// go1.26.6 12 of 13 on go1.27 (goroutine-leak HeapReleased median 5.47 %, bar 5 %).
// go1.24's own profile, two fresh 20-run sweeps of go1.24.11 (2026-12-05, `memstats fidelity --go
// PATH --runs 20`): 13 of 13 lessons within the bars with go1.24's profile and with go1.23's;
// (lesson, snapshot, field) cells inside the real 20-run range, go1.23's profile -> go1.24's on
// the same bands: 286 -> 317 and 298 -> 323 of 611 (HeapInuse outside 15 -> 5 and 13 -> 4,
// HeapIdle 15 -> 6 and 13 -> 5).
// Struct sizes are the DWARF byte sizes of the runtime's types in a program built by each release
// (g, sudog, p, m, mcache, hchan, heapArena, the mark-worker node; read with debug/dwarf from a
// small program built by each release, which GoStructSizeTests builds again with every toolchain
// present): g is 432 B on go1.23.9 and 440 B on go1.24.11 and go1.25.5 (all in the 448-byte
// class, as go1.22's 424), sudog 88 B on all three, p 8 944, 8 952 and 9 512 B, mcache 1 200,
// 1 208 and 1 208 B, m 1 760, 1 832 and 1 816 B, heapArena 68 624 B on go1.23.9 and go1.24.11
// and 69 648 B on go1.25.5, hchan 104, 104 and 112 B. Not re-measured (go1.22's): the binary's resident and
// virtual size and the scanned stack sizes.

import GoProgramContract

/// A measured change of one span class's start-up objects from one release to the next.
public struct StartupObjectsChange: Sendable, Hashable {
    public var sizeClass: Int
    public var hasPointers: Bool
    public var live: Int
    public var garbage: Int

    public init(sizeClass: Int, live: Int = 0, garbage: Int = 0, hasPointers: Bool = false) {
        self.sizeClass = sizeClass
        self.hasPointers = hasPointers
        self.live = live
        self.garbage = garbage
    }
}

extension StartupBaseline {
    /// The inventory with `changes` added span class by span class; a class left with no object
    /// is dropped. A change that would take a count below zero is a profile defect (a test runs
    /// every profile).
    func objects(changedBy changes: [StartupObjectsChange]) -> [StartupObjects] {
        var result = objects
        for change in changes {
            if let index = result.firstIndex(where: { $0.sizeClass == change.sizeClass && $0.hasPointers == change.hasPointers }) {
                result[index].live = UInt64(max(0, Int(result[index].live) + change.live))
                result[index].garbage = UInt64(max(0, Int(result[index].garbage) + change.garbage))
            } else {
                result.append(StartupObjects(sizeClass: change.sizeClass, live: UInt64(max(0, change.live)),
                                             garbage: UInt64(max(0, change.garbage)), hasPointers: change.hasPointers))
            }
        }
        return result.filter { $0.live + $0.garbage > 0 }.sorted {
            ($0.sizeClass, $0.hasPointers ? 1 : 0) < ($1.sizeClass, $1.hasPointers ? 1 : 0)
        }
    }

    /// go1.23.9 against go1.22.10 (see the file header): 19 more objects at start.
    static let go1_23Changes: [StartupObjectsChange] = [
        .init(sizeClass: 1, live: 4, hasPointers: true),
        // Frees after the first GC: +1 in this class is the mark workers' `go` closure.
        .init(sizeClass: 2, live: 5),
        .init(sizeClass: 5, live: 2, hasPointers: true),
        .init(sizeClass: 6, live: 2, hasPointers: true),
        .init(sizeClass: 7, live: -1, hasPointers: true),
        // go1.22.10's pointer-free 96-byte object holds pointers here (see below).
        .init(sizeClass: 8, live: -1), .init(sizeClass: 8, live: 1, hasPointers: true),
        // The first GC frees one 112-byte object, as on go1.22.10, but it also made the `ready`
        // channel (104 B, garbage when the workers are up): the start-up one stays.
        .init(sizeClass: 9, live: 1, garbage: -1),
        .init(sizeClass: 10, garbage: 1),
        // mProfStackInit: profStack and mLockProfile.stack of m0 and the two Ms started before main.
        .init(sizeClass: 33, live: 6),
        // The two m structs: 2048-byte class on go1.22.10, 1792-byte class on go1.23.9.
        .init(sizeClass: 37, live: 2, hasPointers: true),
        .init(sizeClass: 38, live: -2, hasPointers: true),
    ]

    /// go1.25.5 against go1.22.10 (see the file header): 17 more objects at start.
    static let go1_25Changes: [StartupObjectsChange] = [
        .init(sizeClass: 1, live: 2, hasPointers: true),
        // 16-byte class: the same at start; the one more free after the first GC is the closure.
        .init(sizeClass: 3, live: 2, hasPointers: true),
        .init(sizeClass: 5, live: 2, hasPointers: true),
        .init(sizeClass: 6, live: 1, hasPointers: true),
        .init(sizeClass: 7, live: -1, hasPointers: true),
        .init(sizeClass: 8, live: -1), .init(sizeClass: 8, live: 1, hasPointers: true),  // as go1.23's
        .init(sizeClass: 9, live: 1, garbage: -1),   // as go1.23's: the `ready` channel is the free
        .init(sizeClass: 10, garbage: 1),
        .init(sizeClass: 12, live: 1, hasPointers: true),
        .init(sizeClass: 14, garbage: -1, hasPointers: true),
        .init(sizeClass: 16, garbage: 1, hasPointers: true),
        .init(sizeClass: 22, garbage: -1, hasPointers: true),
        // The updateMaxProcs goroutine's g (and one more 448-byte object the first GC frees).
        .init(sizeClass: 24, live: 1, garbage: 1, hasPointers: true),
        .init(sizeClass: 31, live: -1, hasPointers: true),
        .init(sizeClass: 32, live: 1, hasPointers: true),
        // Profiling stacks of m0 and the Ms started before main.
        .init(sizeClass: 33, live: 6, garbage: 2),
        // The p struct: 9472-byte class on go1.22.10, 9728-byte class on go1.25.5.
        .init(sizeClass: 52, live: -1, hasPointers: true),
        .init(sizeClass: 53, live: 1, hasPointers: true),
    ]

    /// go1.24.11 against go1.23.9 (see the file header): the same 68 objects at start, five of
    /// them in a neighbouring class, and the m structs back in the 2048-byte class.
    static let go1_24Changes: [StartupObjectsChange] = [
        .init(sizeClass: 2, live: -1),
        .init(sizeClass: 12, live: 1, hasPointers: true),
        // BySize at start and after the first GC: 192 and 384 B freed by it on go1.23.9,
        // 224 and 448 B on go1.24.11.
        .init(sizeClass: 14, garbage: -1, hasPointers: true),
        .init(sizeClass: 16, garbage: 1, hasPointers: true),
        .init(sizeClass: 22, garbage: -1, hasPointers: true),
        .init(sizeClass: 24, garbage: 1, hasPointers: true),
        .init(sizeClass: 31, live: -1, hasPointers: true),
        .init(sizeClass: 32, live: 1, hasPointers: true),
        // The two m structs (1 832 B): 2048-byte class, as on go1.22.10.
        .init(sizeClass: 37, live: -2, hasPointers: true),
        .init(sizeClass: 38, live: 2, hasPointers: true),
    ]

    /// go1.23.9: go1.22.10's start-up with the measured differences.
    public static let go1_23: StartupBaseline = {
        var b = StartupBaseline.go1_22
        b.scanBytesAfterStackRoots = StartupBaseline.go1_27.scanBytesAfterStackRoots  // typed, not measured here
        b.objects = b.objects(changedBy: go1_23Changes)
        b.tinyMerges += 4                   // Frees at start: 6 against 2
        b.mspanStructs += 1                 // MSpanInuse: 12 160 against 12 000 B
        b.stackSpanPages.append(4)          // StackInuse: 229 376 against 196 608 B
        b.otherSysBytes += 440_178 - 436_145
        b.buckHashSysBytes -= 6_383 - 2_350
        b.globalsBytes -= 408_320 - 150_224 // .data + .bss: 150 224 against 408 320 B
        b.persistentBlockRemainingBytes = nil  // not measured on this release
        return b
    }()

    /// go1.24.11: go1.23.9's start-up with the measured differences.
    public static let go1_24: StartupBaseline = {
        var b = StartupBaseline.go1_23
        b.objects = b.objects(changedBy: go1_24Changes)
        b.mspanStructs -= 1                 // MSpanInuse: 12 000 against 12 160 B
        // OtherSys 440 060 and BuckHashSys 2 364 B against go1.23.9's 440 178 and 2 350 (a byte
        // moves between the two from run to run; their sum does not).
        b.otherSysBytes -= 440_178 - 440_060
        b.buckHashSysBytes += 2_364 - 2_350
        b.globalsBytes += 151_138 - 150_192 // .data + .bss of the same program: 151 138 against 150 192 B
        return b
    }()

    /// go1.25.5: go1.22.10's start-up with the measured differences.
    public static let go1_25: StartupBaseline = {
        var b = StartupBaseline.go1_22
        b.scanBytesAfterStackRoots = StartupBaseline.go1_27.scanBytesAfterStackRoots  // typed, not measured here
        b.objects = b.objects(changedBy: go1_25Changes)
        b.tinyMerges += 1                   // Frees at start: 3 against 2
        b.stackSpanPages.append(4)          // StackInuse: 229 376 against 196 608 B
        b.stackPoolSpans = b.stackPoolSpans.map { $0.order == 0 ? StackPoolSpanUse(order: 0, used: $0.used + 1) : $0 }
        b.allgsLength += 1                  // updateMaxProcs (src/runtime/proc.go of go1.25.5)
        b.systemGoroutines += 1
        b.systemGoroutineStackBytes += GoProgramShape.go1_25.blockedGoroutineScanBytes
        // spanSets are 6 656 B per span class from 1.25 (its block is aligned to 512 B, as on
        // go1.27.3; 6 168 B on go1.22.10): the measured GCSys difference holds 18 classes of that.
        b.spanSetBytes = 6_656
        b.persistentBlockRemainingBytes = nil  // not measured on this release
        // The measured GCSys difference also holds the first arena's larger heapArena (69 648 B
        // against 68 624 B; GoProfile.go1_25): gcMiscSysBytes is GCSys less that arena.
        b.gcMiscSysBytes += 1_466_128 - 1_449_664 - 18 * (6_656 - 6_168) - (69_648 - 68_624)
        b.otherSysBytes -= 436_145 - 424_384 - 18 * (6_656 - 6_168)
        b.buckHashSysBytes += 1_442_592 - 6_383
        b.globalsBytes -= 408_320 - 152_890 // .data + .bss: 152 890 against 408 320 B
        return b
    }()
}

extension GoProfile {
    /// Go 1.23 (measured on go1.23.9): go1.22's rules; the mark workers start
    /// with a ready channel; hchan 104 B; start-up as StartupBaseline.go1_23.
    public static let go1_23: GoProfile = {
        var profile = GoProfile.go1_22
        profile.name = "go1.23"
        profile.measuredOn = "go1.23.9"
        profile.markWorkerStart = .readyChannel
        // go1.23.9 malloc.go, mallocgc: a large object is zeroed (delayedZeroing) and its type
        // set before the heap trigger is checked, as in go1.22 (LargeObjectZeroing).
        profile.largeObjectZeroing = .beforePublishing
        profile.gStructBytes = 432
        profile.program = .go1_23
        profile.baseline = .go1_23
        // Not measured on go1.23 to go1.25: their m struct differs from go1.22's and since 1.23
        // each M also holds profiling stacks (go1.27's list has them).
        profile.perMHeapObjects = []
        return profile
    }()

    /// Go 1.24 (measured on go1.24.11): go1.23's, with go1.25's large-object rule, g 440 B, p 8 952 B
    /// (the 9472-byte class with its malloc header, as go1.23's), mcache 1 208 B and start-up as
    /// StartupBaseline.go1_24.
    public static let go1_24: GoProfile = {
        var profile = GoProfile.go1_23
        profile.name = "go1.24"
        profile.measuredOn = "go1.24.11"
        profile.gStructBytes = 440
        profile.pStructBytes = 8_952
        profile.mcacheBytes = 1_208
        profile.baseline = .go1_24
        // go1.24.11 malloc.go, mallocgcLarge (line 1524): `span.largeType = nil // Tell the GC not
        // to look at this yet` (1543), the heap trigger's check and gcStart (1591), then
        // memclrNoHeapPointersChunked (1600) and only then heapSetTypeLarge (1614): go1.25.5's
        // order (LargeObjectZeroing).
        profile.largeObjectZeroing = .chunkedAfterTrigger
        return profile
    }()

    /// Go 1.25 (measured on go1.25.5): go1.23's, with the 512-byte padded mark-worker node, mcache
    /// 1208 B (MCacheInuse at start), g 440 B, the p struct 9 512 B (with its malloc header in the
    /// 9728-byte class, as BySize at start shows), heapArena 69 648 B, hchan 112 B and start-up as
    /// StartupBaseline.go1_25.
    public static let go1_25: GoProfile = {
        var profile = GoProfile.go1_23
        profile.name = "go1.25"
        profile.measuredOn = "go1.25.5"
        profile.markWorkerNodeBytes = 512
        profile.mcacheBytes = 1_208
        profile.pStructBytes = 9_512
        profile.gStructBytes = 440
        profile.heapArenaMetadataBytes = 69_648
        profile.program = .go1_25
        profile.baseline = .go1_25
        // go1.25.5 malloc.go, mallocgcLarge: the heap trigger is checked before a large object on
        // reused pages is zeroed and its type set, as in go1.27.3 (LargeObjectZeroing).
        profile.largeObjectZeroing = .chunkedAfterTrigger
        return profile
    }()
}
