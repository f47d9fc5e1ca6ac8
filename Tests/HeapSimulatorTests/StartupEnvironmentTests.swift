// The environment's heap objects at start (StartupEnvironment.swift): the per-variable rule on
// chosen lengths (tiny strings, size-class strings, the two slices), and the whole start-up
// state against real readings of environments the inventories were not derived from.

import Testing
import FieldCatalogue
import GoProgramContract
@testable import HeapSimulator

@Suite("start-up environment")
struct StartupEnvironmentTests {
    static func startup(_ profile: GoProfile, _ environment: GoEnvironment) -> MemStats {
        SimulatedHeap(configuration: SimulatorConfiguration(profile: profile, environment: environment)).readMemStats()
    }

    static func lengths(_ count: Int, _ bytes: UInt64) -> [UInt64] { Array(repeating: bytes, count: count) }

    /// Real go1.27.3, go1.22.10 and go1.19.8 (the generated program of `snapshot "start"`,
    /// GOMAXPROCS=1 and nothing else, smallest of 5 runs, 2026-12-03): HeapObjects, Mallocs,
    /// HeapAlloc, mspans, HeapInuse, GCSys, OtherSys. The inventories (and GCSys, OtherSys) were
    /// derived from a 36- and a 37-variable environment, not from this one.
    @Test(arguments: [
        (GoProfile.go1_27, [UInt64(67), 70, 38_808, 76, 172_032, 1_472_784, 417_440]),
        (GoProfile.go1_22, [49, 51, 21_120, 75, 196_608, 1_449_664, 436_145]),
        (GoProfile.go1_19, [88, 90, 31_072, 74, 221_184, 7_778_032, 426_750]),
    ])
    func gomaxprocsAloneMatchesRealGo(profile: GoProfile, real: [UInt64]) {
        let (objects, mallocs, heapAlloc, mspans) = (real[0], real[1], real[2], real[3])
        let m = Self.startup(profile, .gomaxprocsOnly)
        #expect(m.heapInuse == real[4])
        // The span classes' spanSets move bytes from OtherSys to GCSys (StartupBaseline.spanSetBytes).
        #expect(m.gcSys == real[5])
        // OtherSys: real readings of one program differ by a byte or two from one environment
        // to another (GCSys + OtherSys: 1 890 224 B here, 1 890 223 with 36 variables).
        #expect(m.otherSys + 2 >= real[6] && m.otherSys <= real[6] + 2)
        #expect(m.heapObjects == objects)
        #expect(m.mallocs == mallocs)
        #expect(m.heapAlloc == heapAlloc)
        #expect(m.mSpanInuse == mspans * profile.mspanBytes)
    }

    /// go1.27.3 `MeasuredStartup` (what `memstats baseline` writes) is the GOMAXPROCS-only state.
    @Test func measuredStartupIsTheGomaxprocsOnlyState() {
        let m = Self.startup(.go1_27, .gomaxprocsOnly)
        let measured = MeasuredStartup.go1_27
        #expect(m.heapObjects == measured.heapObjects)
        #expect(m.mallocs == measured.mallocs)
        #expect(m.frees == measured.frees)
        #expect(m.mSpanInuse == measured.mspanInuseBytes)
    }

    /// Strings of 16 bytes or more are one object of their size class each; the two []string
    /// copies are one object each of 16 B per variable (pointer-full, with a malloc header above
    /// 512 B on 1.22+). Real go1.27.3, 10 × 24 B against GOMAXPROCS alone: +10 objects, 24-byte
    /// class +10, 16-byte class −2, 176-byte class +2, HeapAlloc +560.
    @Test func sizeClassStringsAndTheSlices() {
        let base = Self.startup(.go1_27, .gomaxprocsOnly)
        let m = Self.startup(.go1_27, GoEnvironment(variableBytes: Self.lengths(10, 24) + [12]))
        #expect(m.heapObjects - base.heapObjects == 10)
        #expect(m.mallocs - base.mallocs == 10)
        #expect(m.heapAlloc - base.heapAlloc == 560)
        #expect(m.bySize[3].mallocs - base.bySize[3].mallocs == 10)
        #expect(base.bySize[2].mallocs - m.bySize[2].mallocs == 2)
        #expect(m.bySize[13].mallocs - base.bySize[13].mallocs == 2)  // 176 B
        // 40 variables: 640 B slices get an 8-byte header on go1.27 (704 B class), none on go1.19.
        let forty = GoEnvironment(variableBytes: Self.lengths(40, 24))
        let i27 = StartupBaseline.go1_27.inventory(for: forty, profile: .go1_27)
        let i19 = StartupBaseline.go1_19.inventory(for: forty, profile: .go1_19)
        #expect(i27.objects.contains { $0.sizeClass == 29 && $0.hasPointers && $0.live == 2 })
        #expect(i19.objects.contains { $0.sizeClass == 28 && $0.hasPointers && $0.live >= 2 })
    }

    /// Strings under 16 bytes share tiny blocks. Real go1.27.3 (and 1.22, 1.19), 10 × 7 B then
    /// GOMAXPROCS=1: +5 objects, +10 mallocs, +5 frees (two 7-byte strings per block); 10 × 5 B:
    /// +3 objects, +7 frees (three per block, and the init's first 8-byte tiny allocation fits in
    /// the last block on 1.27).
    @Test func tinyStringsShareBlocks() {
        let base = Self.startup(.go1_27, .gomaxprocsOnly)
        let sevens = Self.startup(.go1_27, GoEnvironment(variableBytes: Self.lengths(10, 7) + [12]))
        #expect(sevens.heapObjects - base.heapObjects == 5)
        #expect(sevens.mallocs - base.mallocs == 10)
        #expect(sevens.frees - base.frees == 5)
        let fives = Self.startup(.go1_27, GoEnvironment(variableBytes: Self.lengths(10, 5) + [12]))
        #expect(fives.heapObjects - base.heapObjects == 3)
        #expect(fives.frees - base.frees == 7)
        var packing = TinyPacking()
        for size: UInt64 in [12, 4, 12, 3] { packing.place(size) }
        #expect(packing == TinyPacking(blocks: 2, merges: 2, currentOffset: 15))
    }

    /// The init's first tiny allocation after goenvs (8 B on go1.27.3) lands in the environment's
    /// last block when that block has 8 aligned bytes free. Real go1.27.3, GOMAXPROCS=1 then one
    /// variable of 8 bytes: 0 more objects, 1 more free; of 9 bytes: 1 more object.
    @Test func theInitsFirstTinyAllocationCanLandInTheEnvironmentsBlock() {
        let base = Self.startup(.go1_27, .gomaxprocsOnly)
        let eight = Self.startup(.go1_27, GoEnvironment(variableBytes: [12, 8]))
        let nine = Self.startup(.go1_27, GoEnvironment(variableBytes: [12, 9]))
        #expect(eight.heapObjects == base.heapObjects && eight.frees == base.frees + 1)
        #expect(nine.heapObjects == base.heapObjects + 1 && nine.frees == base.frees)
    }

    /// Each span goenvs starts takes an mspan struct of its own (no P yet). Real go1.27.3: one
    /// 24-byte variable besides GOMAXPROCS: +2 mspans (the 24-byte noscan span, the 32-byte
    /// pointer span of the slices).
    @Test func environmentSpansTakeTheirOwnMSpans() {
        let base = Self.startup(.go1_27, .gomaxprocsOnly)
        let m = Self.startup(.go1_27, GoEnvironment(variableBytes: [24, 12]))
        #expect(m.mSpanInuse - base.mSpanInuse == 2 * GoProfile.go1_27.mspanBytes)
    }

    /// Past 2 047 variables the slices are large objects; the model still starts.
    @Test func hugeEnvironmentsMakeLargeSlices() {
        let huge = GoEnvironment(variableBytes: Self.lengths(2100, 30))
        let inventory = StartupBaseline.go1_27.inventory(for: huge, profile: .go1_27)
        #expect(inventory.largeObjectBytes == [33_600, 33_600])
        let base = Self.startup(.go1_27, .empty)
        let m = Self.startup(.go1_27, huge)
        #expect(m.heapObjects - base.heapObjects == 2102)
    }

    /// The reference environment reproduces the inventory the go1.27.3 heap dump gave (36
    /// variables: the numbers every golden and lesson shows).
    @Test func referenceEnvironmentIsTheMeasuredInventory() {
        let inventory = StartupBaseline.go1_27.inventory(for: .reference, profile: .go1_27)
        #expect(inventory.objectCount == 99)
        #expect(inventory.tinyMerges == 4)
        #expect(inventory.mspanStructs == 83)
        #expect(GoEnvironment.reference.count == 36)
    }
}
