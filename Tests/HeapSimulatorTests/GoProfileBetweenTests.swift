// go1.23, go1.24 and go1.25 against go1.22: the model's start-up and first GC differ from go1.22's
// model by what real go1.23.9, go1.24.11 and go1.25.5 differ from real go1.22.10. The readings
// (2026-12-03; go1.24.11 on 2026-12-05 with `memstats baseline`, the first GC's Mallocs and Frees
// from the same program run with five more variables beside go1.23.9's, which moved alike): the
// generated program of `snapshot "start"; gc; snapshot "after gc"`, run alone with GOMAXPROCS=1
// and no environment variable, the smallest of 7 runs of each release; the model runs with the
// same environment (GOMAXPROCS=1 alone). Differences from go1.22 are compared.

import Testing
import FieldCatalogue
import GoProgramContract
@testable import HeapSimulator

@Suite("Go 1.23, 1.24 and 1.25 profiles")
struct GoProfileBetweenTests {
    /// One release's readings: at start, then after the first runtime.GC().
    struct Real: Sendable, CustomTestStringConvertible {
        var release: String
        var heapObjects: UInt64, mallocs: UInt64, frees: UInt64, heapInuse: UInt64, stackInuse: UInt64
        var mspanInuse: UInt64, mcacheInuse: UInt64, gcSys: UInt64, otherSys: UInt64, buckHashSys: UInt64, sys: UInt64
        var mallocsAfterGC: UInt64, freesAfterGC: UInt64
        var testDescription: String { release }

        var start: [Int64] {
            [heapObjects, mallocs, frees, stackInuse, mspanInuse, mcacheInuse, gcSys, otherSys, buckHashSys, sys].map { Int64($0) }
        }
    }

    static let go1_22 = Real(release: "go1.22.10", heapObjects: 49, mallocs: 51, frees: 2, heapInuse: 196_608,
                             stackInuse: 196_608, mspanInuse: 12_000, mcacheInuse: 1_200, gcSys: 1_449_664,
                             otherSys: 436_145, buckHashSys: 6_383, sys: 6_118_416, mallocsAfterGC: 53, freesAfterGC: 11)
    static let go1_23 = Real(release: "go1.23.9", heapObjects: 68, mallocs: 74, frees: 6, heapInuse: 204_800,
                             stackInuse: 229_376, mspanInuse: 12_160, mcacheInuse: 1_200, gcSys: 1_449_664,
                             otherSys: 440_178, buckHashSys: 2_350, sys: 6_118_416, mallocsAfterGC: 78, freesAfterGC: 17)
    static let go1_24 = Real(release: "go1.24.11", heapObjects: 68, mallocs: 74, frees: 6, heapInuse: 196_608,
                             stackInuse: 229_376, mspanInuse: 12_000, mcacheInuse: 1_208, gcSys: 1_449_664,
                             otherSys: 440_060, buckHashSys: 2_364, sys: 6_118_416, mallocsAfterGC: 78, freesAfterGC: 17)
    static let go1_25 = Real(release: "go1.25.5", heapObjects: 66, mallocs: 69, frees: 3, heapInuse: 196_608,
                             stackInuse: 229_376, mspanInuse: 12_000, mcacheInuse: 1_208, gcSys: 1_466_128,
                             otherSys: 424_384, buckHashSys: 1_442_592, sys: 7_559_432, mallocsAfterGC: 73, freesAfterGC: 16)

    static func readings(_ profile: GoProfile) -> (start: MemStats, afterGC: MemStats) {
        let heap = SimulatedHeap(configuration: SimulatorConfiguration(profile: profile, environment: .gomaxprocsOnly))
        let start = heap.readMemStats()
        heap.collectGarbage()
        return (start, heap.readMemStats())
    }

    static func startNumbers(_ m: MemStats) -> [Int64] {
        [m.heapObjects, m.mallocs, m.frees, m.stackInuse, m.mSpanInuse, m.mCacheInuse, m.gcSys, m.otherSys, m.buckHashSys,
         m.sys].map { Int64($0) }
    }

    @Test(arguments: [(GoProfile.go1_23, go1_23), (.go1_24, go1_24), (.go1_25, go1_25)])
    func startAndFirstGCDifferFromGo122AsRealGoDoes(_ profile: GoProfile, _ real: Real) {
        let base = Self.readings(.go1_22), model = Self.readings(profile)
        let realChange = zip(real.start, Self.go1_22.start).map { $0 - $1 }
        let modelChange = zip(Self.startNumbers(model.start), Self.startNumbers(base.start)).map { $0 - $1 }
        // HeapObjects, Mallocs, Frees, StackInuse, MSpanInuse, MCacheInuse, GCSys, OtherSys, BuckHashSys, Sys.
        #expect(modelChange == realChange, "\(profile.name): model \(modelChange), real \(realChange)")
        // Which span class a start-up object is in is not measured: HeapInuse within one page.
        let heapInuse = (Int64(model.start.heapInuse) - Int64(base.start.heapInuse)) - (Int64(real.heapInuse) - Int64(Self.go1_22.heapInuse))
        #expect(abs(heapInuse) <= 8192, "\(profile.name): HeapInuse change off by \(heapInuse) B")
        // The first GC: what it allocates (the mark worker's g, node, `go` closure and `ready`
        // channel: 4 on both) and what it frees.
        #expect(model.afterGC.mallocs - model.start.mallocs == real.mallocsAfterGC - real.mallocs, "\(profile.name)")
        #expect(model.afterGC.frees - model.start.frees == real.freesAfterGC - real.frees, "\(profile.name)")
    }

    /// The measured changes apply to go1.22's inventory without taking a class below zero: the
    /// object count moves by exactly the measured 19 and 17; go1.24's apply to go1.23's and keep
    /// its count.
    @Test func changesApplyWithoutClamping() {
        func count(_ b: StartupBaseline) -> UInt64 { b.objects.reduce(0) { $0 + $1.live + $1.garbage } }
        #expect(count(.go1_23) == count(.go1_22) + 19)
        #expect(count(.go1_25) == count(.go1_22) + 17)
        #expect(count(.go1_24) == count(.go1_23))
        for change in StartupBaseline.go1_24Changes {
            let before = StartupBaseline.go1_23.objects.first { $0.sizeClass == change.sizeClass && $0.hasPointers == change.hasPointers }
            #expect(Int(before?.live ?? 0) + change.live >= 0 && Int(before?.garbage ?? 0) + change.garbage >= 0,
                    "go1.24: class \(change.sizeClass) pointers \(change.hasPointers)")
        }
        for change in StartupBaseline.go1_23Changes + StartupBaseline.go1_25Changes {
            let before = StartupBaseline.go1_22.objects.first { $0.sizeClass == change.sizeClass && $0.hasPointers == change.hasPointers }
            #expect(Int(before?.live ?? 0) + change.live >= 0 && Int(before?.garbage ?? 0) + change.garbage >= 0,
                    "class \(change.sizeClass) pointers \(change.hasPointers)")
        }
    }

    /// A second P's p struct goes in the class real Go uses: go1.25.5 with GOMAXPROCS=2 shows two
    /// Mallocs in the 9728-byte class and none in 10240 at start (p is 9 512 B, plus its 8-byte
    /// malloc header); go1.22.10 two in 9472 (8 944 + 8); go1.24.11 two in 9472 (8 952 + 8;
    /// measured 2026-12-05).
    @Test(arguments: [(GoProfile.go1_25, 53), (.go1_22, 52), (.go1_23, 52), (.go1_24, 52)])
    func extraPStructsLandInTheMeasuredClass(_ profile: GoProfile, _ sizeClass: Int) {
        let one = SimulatedHeap(configuration: SimulatorConfiguration(profile: profile, gomaxprocs: 1)).readMemStats()
        let two = SimulatedHeap(configuration: SimulatorConfiguration(profile: profile, gomaxprocs: 2)).readMemStats()
        #expect(two.bySize[sizeClass].mallocs == one.bySize[sizeClass].mallocs + 1, "\(profile.name)")
        #expect(two.bySize[sizeClass + 1].mallocs == one.bySize[sizeClass + 1].mallocs, "\(profile.name)")
    }

    @Test func releasesBetweenTakeTheNearestProfile() {
        #expect(GoProfile.nearest(toRelease: "go1.23.9") == (.go1_23, true))
        #expect(GoProfile.nearest(toRelease: "go1.24.11") == (.go1_24, true))
        #expect(GoProfile.nearest(toRelease: "go1.25.5") == (.go1_25, true))
        #expect(GoProfile.nearest(toRelease: "go1.26.6") == (.go1_27, false))
        #expect(GoProfile.all.map(\.name) == ["go1.19", "go1.22", "go1.23", "go1.24", "go1.25", "go1.27"])
    }
}
