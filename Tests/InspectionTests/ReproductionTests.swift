// `--reproduce` on dumps from real Go: the committed workload dumps (programs the model was not
// built on) and, when Go is present, the last snapshot of each bundled lesson run by real Go.
// The closeness table is printed (it goes into the report); the assertions are relations that
// must hold whatever the numbers: the written scenario compiles, rerunning it gives the numbers
// the table shows, and the fit is no worse than the history read straight from the dump. The
// share of targets met must not fall below what the inference reaches today (a floor, not a
// goal: raise it when the inference improves).

import Backends
import BundledScenarios
import FieldCatalogue
import GoProgramContract
import Foundation
import HeapSimulator
import ScenarioLanguage
import Testing
@testable import Inspection

private func table(_ name: String, _ r: Reproduction) -> String {
    let cells = r.rows.filter { $0.target != nil }.map { row -> String in
        let off = row.field == .numGC ? "\(Int(row.simulated) - Int(row.dump))" : String(format: "%.1f%%", row.relativeError * 100)
        return off + (row.meetsTarget == true ? "" : "✗")
    }
    return "| \(name) | " + cells.joined(separator: " | ") + " |"
}

private let header = "| dump | HeapAlloc | HeapInuse | HeapSys | StackInuse | HeapObjects | NumGC (cycles) |\n|---|---|---|---|---|---|---|"

private func checkRelations(_ dump: Dump, _ r: Reproduction) throws {
    let compilation = ScenarioCompiler.compile(source: r.scenarioText, file: "reproduction.scenario")
    #expect(!compilation.hasErrors, "\(compilation.rendered())")
    let rerun = try Reproducer.simulate(r.scenarioText, configuration: r.configuration)
    for row in r.rows { #expect(rerun.integer(row.field) == row.simulated, "\(dump.source) \(row.field)") }
    let first = try Reproducer.simulate(ScenarioText.write(Reproducer.initialPlan(dump), dump: dump),
                                        configuration: .init(gomaxprocs: Reproducer.gomaxprocs(dump)))
    #expect(Reproducer.score(rerun, dump) <= Reproducer.score(first, dump))
}

/// The reproduction of a committed dump, checked: its relations hold, it meets every target, and
/// its garbage is paced (nil, with the issue recorded, when it is not).
private func reproducedPaced(_ fixture: String) throws -> Reproduction? {
    let dump = try InspectionFixtures.dump(fixture)
    let r = try Reproducer.reproduce(dump)
    try checkRelations(dump, r)
    for row in r.rows where row.meetsTarget != nil {
        #expect(row.meetsTarget == true, "\(row)")
    }
    guard case .paced = r.plan.pace else {
        Issue.record("the chosen history is not paced: \(r.plan.pace)")
        return nil
    }
    return r
}

struct ReproductionTests {
    @Test func workloadDumpsFromProgramsTheModelWasNotBuiltOn() throws {
        var lines = [header]
        var met = 0, total = 0
        for workload in InspectionFixtures.workloads {
            let dump = try InspectionFixtures.dump(workload + ".memstats.json")
            let r = try Reproducer.reproduce(dump)
            try checkRelations(dump, r)
            lines.append(table(workload, r))
            met += r.rows.filter { $0.meetsTarget == true }.count
            total += r.rows.filter { $0.meetsTarget != nil }.count
        }
        print((lines + ["\(met) of \(total) targets met"]).joined(separator: "\n"))
        // Deterministic for one simulator: committed dumps. Measured: 47 of 54 (38 of 42 on the
        // first seven, 9 of 12 on queue and logs, held out: on three fresh real-Go runs of those
        // two, 28 of 36); 45 after the start-up model moved (the spike dump's StackInuse, the
        // cache dump's NumGC), 46 with the Ms fitted to StackInuse (spike's StackInuse met, its
        // NumGC now 2 off), 48 with a live set grown with the garbage (cache HeapSys 25.2 % ->
        // 0.0 %, sessions 58.0 % -> 0.1 %), 49 with a past peak made without cycles fitted
        // without a burst beside it (service NumGC -3 -> +0), 50 with the gap made in the
        // largest sizes, one object per span (logs HeapAlloc 5.6 % -> 1.0 %), 51 with that tried
        // on the runner-up history too (sessions HeapSys 58.0 % -> 0.1 %), 54 with objects left
        // out for the large slot slices, the thinned groups made after a grown live set's rounds,
        // paced garbage and a burst before a peak that ran cycles (on three fresh draws of the
        // same programs: 142 -> 154 of 162). The floor leaves two targets for simulator changes
        // elsewhere.
        #expect(total == 54)
        #expect(met >= 52, "the reproduction meets fewer targets than it did (54 of 54)")
    }

    /// Thinning the largest sizes to one object per span (ReproductionPlan.Thinning) plans the
    /// same gap as thinning every size one in K, with fewer objects thinned away, so fewer 8 B
    /// slots in the groups' slices: the same objects held, a lower HeapAlloc.
    @Test func theLargestSizesThinnedToOneObjectPerSpanMakeTheGapWithFewerSlots() throws {
        let dump = try InspectionFixtures.dump("logs.memstats.json")
        let configuration = SimulatorConfiguration(gomaxprocs: Reproducer.gomaxprocs(dump))
        let top = Reproducer.bySizeTop(dump)
        let uniform = Reproducer.initialPlan(dump)
        var largest = uniform
        largest.thinning = .largestSizesFirst
        largest.thinShare = uniform.plannedGap(top: top) / largest.gapPerThinShare(top: top)
        func plannedGap(_ plan: ReproductionPlan) -> Double { plan.plannedGap(top: top) }
        func thinnedAway(_ plan: ReproductionPlan) -> UInt64 {
            zip(plan.live, plan.thinnedKept(top: top)).reduce(0) { $0 + $1.1 * (plan.thinK(forObjectBytes: $1.0.size) - 1) }
        }
        #expect(plannedGap(uniform) > 0)
        #expect(abs(plannedGap(largest) - plannedGap(uniform)) < plannedGap(uniform) * 0.01, "\(plannedGap(largest)) \(plannedGap(uniform))")
        #expect(thinnedAway(largest) * 2 < thinnedAway(uniform), "\(thinnedAway(largest)) \(thinnedAway(uniform))")
        let text = ScenarioText.write(largest, dump: dump)
        #expect(text.contains("thinned to one object each"))
        let a = try Reproducer.simulate(ScenarioText.write(uniform, dump: dump), configuration: configuration)
        let b = try Reproducer.simulate(text, configuration: configuration)
        #expect(b.heapAlloc < a.heapAlloc, "\(b.heapAlloc) \(a.heapAlloc)")
        #expect(abs(Int(b.heapObjects) - Int(a.heapObjects)) < 100, "\(b.heapObjects) \(a.heapObjects)")
    }

    /// A live set grown with the garbage (ReproductionPlan.Growth.withTheGarbage) makes the same
    /// objects in rounds: the same live set at the end, under a lower heap than with the whole
    /// live set held while the garbage is made (the goal grows with the live set).
    @Test func aLiveSetGrownWithTheGarbageHoldsTheSameObjectsUnderALowerHeap() throws {
        let dump = try InspectionFixtures.dump("cache.memstats.json")
        let configuration = SimulatorConfiguration(gomaxprocs: Reproducer.gomaxprocs(dump))
        var plan = Reproducer.initialPlan(dump)
        let before = try Reproducer.simulate(ScenarioText.write(plan, dump: dump), configuration: configuration)
        plan.growth = .withTheGarbage
        let text = ScenarioText.write(plan, dump: dump)
        #expect(text.contains("repeat \(ScenarioText.growthRounds)"))
        let grown = try Reproducer.simulate(text, configuration: configuration)
        #expect(grown.heapSys < before.heapSys, "\(grown.heapSys) \(before.heapSys)")
        #expect(abs(Double(grown.heapAlloc) - Double(before.heapAlloc)) < Double(before.heapAlloc) * 0.01,
                "\(grown.heapAlloc) \(before.heapAlloc)")
        #expect(abs(Int(grown.heapObjects) - Int(before.heapObjects)) < 100, "\(grown.heapObjects) \(before.heapObjects)")
    }

    /// Each simulated goroutine also leaves heap objects, so a fit that holds more objects than
    /// the dump halves its goroutines and doubles their stacks: the same StackInuse. A single
    /// goroutine stays (none would hold no stack at all): a lesson's small last snapshot (spike,
    /// large-objects) otherwise lost the one stack it fitted, and the fit then left objects out.
    @Test func halvingTheGoroutinesKeepsTheLastOne() throws {
        let dump = try InspectionFixtures.dump("service.memstats.json")
        func corrected(goroutines: UInt64) throws -> ReproductionPlan {
            var plan = Reproducer.initialPlan(dump)
            plan.goroutines = goroutines
            plan.stackBytes = 32768
            var sim = try Reproducer.simulate(ScenarioText.write(plan, dump: dump),
                                              configuration: .init(gomaxprocs: Reproducer.gomaxprocs(dump)))
            sim.heapObjects = dump.stats.heapObjects * 2
            sim.stackInuse = dump.stats.stackInuse
            var brackets = Reproducer.Brackets()
            Reproducer.correct(&plan, from: sim, dump: dump, brackets: &brackets)
            return plan
        }
        let one = try corrected(goroutines: 1)
        #expect(one.goroutines == 1 && one.stackBytes == 32768, "\(one.goroutines) x \(one.stackBytes)")
        let two = try corrected(goroutines: 2)
        #expect(two.goroutines == 1 && two.stackBytes == 65536, "\(two.goroutines) x \(two.stackBytes)")
    }

    /// The same garbage paced (ReproductionPlan.GarbagePace.paced: pieces with the program idle
    /// between them) runs more cycles than in one tight loop at the dump's GOMAXPROCS (2): the
    /// background workers finish each mark before the program allocates far past the trigger.
    /// The bytes are the same.
    @Test func pacedGarbageRunsMoreCyclesForTheSameBytes() throws {
        let dump = try InspectionFixtures.dump("logs.memstats.json")
        let configuration = SimulatorConfiguration(gomaxprocs: Reproducer.gomaxprocs(dump))
        #expect(configuration.gomaxprocs > 1)
        let tight = Reproducer.initialPlan(dump)
        var paced = tight
        paced.pace = Reproducer.pace(dump, gcPercent: tight.gcPercent, garbageObjectBytes: tight.garbageObjectBytes)
        let text = ScenarioText.write(paced, dump: dump)
        #expect(text.contains("sleep") && text.contains("as a service between requests"))
        let a = try Reproducer.simulate(ScenarioText.write(tight, dump: dump), configuration: configuration)
        let b = try Reproducer.simulate(text, configuration: configuration)
        #expect(b.numGC >= a.numGC + 3, "\(b.numGC) \(a.numGC)")
        #expect(abs(Double(b.totalAlloc) - Double(a.totalAlloc)) < Double(a.totalAlloc) * 0.01, "\(b.totalAlloc) \(a.totalAlloc)")
    }

    /// Pacing is fitted to the runners-up too, not only to the best history: in this real draw
    /// (the release-to-os lesson's last snapshot on go1.27.3, GOMAXPROCS 1, 2026-12-06, the fourth
    /// of five collections) the best tight history is a peak of stacks whose HeapSys is 23 % over
    /// the dump's, and the history that meets every target is the runner-up (a peak of heap
    /// objects made without cycles) with its garbage paced.
    @Test func theRunnerUpHistoryIsPacedToo() throws {
        guard let r = try reproducedPaced("draws/lesson-release-to-os-r4.memstats.json") else { return }
        #expect(r.plan.peakKind != .stacks, "\(r.plan.peakKind)")
    }

    /// Paced garbage may also be made while the heap was small: in this real draw (the GoDumps
    /// queue workload on go1.27.3, GOMAXPROCS 2, 2026-12-07, the reproduction table's first of
    /// five collections, Fixtures/draws/; NumGC 26) the paced history with all its garbage after
    /// the live set ran 24 cycles, and the tight one that ran 26 grew HeapSys to 49.9 MB where the
    /// dump reads 37.3 MB. Paced, with part of the garbage first, it meets every target.
    @Test func pacedGarbageIsPlacedWhileTheHeapWasSmallToo() throws {
        guard let r = try reproducedPaced("draws/queue-r1.memstats.json") else { return }
        #expect(r.plan.garbagePlacement > 0, "\(r.plan.garbagePlacement)")
        #expect(r.scenarioText.contains("Garbage while the heap was small"))
    }

    /// A history whose garbage is a burst is also paced starting without the burst, all its
    /// garbage in pieces (the fit may then bring part of a burst back): in this real draw (the
    /// GoDumps sessions workload on go1.27.3, GOMAXPROCS 2, 2026-12-07, the reproduction table's
    /// third of five collections, Fixtures/draws/; NumGC 12) the best history held its garbage as
    /// one burst, cut so that HeapSys stayed the dump's, and ran 9 cycles; pacing it kept the
    /// whole burst, which is not paced.
    @Test func aBurstHistoryIsPacedWithoutItsBurstToo() throws {
        guard let r = try reproducedPaced("draws/sessions-12-07-r3.memstats.json") else { return }
        #expect(r.plan.garbagePlacement > -1, "\(r.plan.garbagePlacement)")
        #expect(r.scenarioText.contains("as a service between requests"))
    }

    /// A burst beside a past peak that ran cycles is written first, so the peak's cycles sweep its
    /// spans and the peak reuses them: HeapSys stays below the peak and the burst together (after
    /// the peak, nothing collected would make room for the burst).
    @Test func aBurstBesideAPeakThatRanCyclesIsReusedByThePeak() throws {
        let dump = try InspectionFixtures.dump("spike.memstats.json")
        var plan = Reproducer.initialPlan(dump)
        plan.peakKind = .heapObjects
        plan.peakBytes = 64 << 20
        plan.garbageBytes = 64 << 20 + 32 << 20
        plan.garbagePlacement = -1
        let text = ScenarioText.write(plan, dump: dump)
        let burst = try #require(text.range(of: " as burst")), peak = try #require(text.range(of: " as peak"))
        #expect(burst.lowerBound < peak.lowerBound)
        let stats = try Reproducer.simulate(text, configuration: .init(gomaxprocs: Reproducer.gomaxprocs(dump)))
        #expect(stats.heapSys < 64 << 20 + 24 << 20, "\(stats.heapSys)")
    }

    /// The groups' slot slices stand in for pointers a program keeps inside other objects: the fit
    /// leaves out objects for them (ReproductionPlan.standInBytes) only up to the slices that are
    /// large objects, says so in the scenario, and leaves nothing out where no slice is large.
    @Test func objectsAreLeftOutOnlyForSlotSlicesThatAreLargeObjects() throws {
        let dump = try InspectionFixtures.dump("sessions.memstats.json")
        let r = try Reproducer.reproduce(dump)
        let top = Reproducer.bySizeTop(dump)
        #expect(r.plan.standInBytes > 0)
        #expect(r.plan.standInBytes <= r.plan.largeSlotBytes(top: top))
        let left = r.plan.leftOut(top: top)
        #expect(left.reduce(0, +) > 0)
        #expect(r.scenarioText.contains("are left out: HeapAlloc and HeapObjects then miss by as little as they can together"))
        // Small groups only: a few thousand objects, slot slices under 32 KiB.
        var small = Reproducer.initialPlan(dump)
        small.live = [(64, 3000), (256, 2000)]
        small.thinShare = 0
        #expect(small.largeSlotBytes(top: top) == 0)
        // One group of more than 4096 held objects: its slice is a large object, counted whole.
        small.live = [(64, 3000), (64, 20000)]
        let held = small.heldThroughLastGC((64, 20000))
        #expect(held > 4096)
        #expect(small.largeSlotBytes(top: top) == held * 8)
    }

    /// A live set grown in rounds makes its thinned groups after the rounds and thins them there:
    /// a gap made in an earlier round would be refilled by the later rounds' objects of its class.
    @Test func aGrownLiveSetThinsAfterItsRounds() throws {
        let dump = try InspectionFixtures.dump("sessions.memstats.json")
        var plan = Reproducer.initialPlan(dump)
        plan.growth = .withTheGarbage
        #expect(plan.thinShare > 0)
        let lines = ScenarioText.write(plan, dump: dump).split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("repeat \(ScenarioText.growthRounds)") })
        let end = try #require(lines[start...].firstIndex { $0 == "end" })
        #expect(!lines[start...end].contains { $0.contains("thin") })
        let thinned = lines[end...].filter { $0.hasPrefix("alloc ") && $0.contains(" as thin") }
        let frees = lines[end...].filter { $0.hasPrefix("free thin") }
        #expect(!thinned.isEmpty && thinned.count == frees.count)
    }

    /// TotalAlloc is reported beside the fitted fields, and a history that allocates more than
    /// 5 % more or less than the dump says so (the sessions fixture's fit cuts its garbage to keep
    /// HeapSys; the spike fixture's history allocates what the program did).
    @Test func aHistoryThatAllocatesOtherBytesThanTheDumpSaysSo() throws {
        let sessions = try Reproducer.reproduce(try InspectionFixtures.dump("sessions.memstats.json"))
        let row = try #require(sessions.rows.first { $0.field == .totalAlloc })
        #expect(row.target == nil && row.simulated < row.dump * 95 / 100, "\(row)")
        #expect(sessions.unexplained.contains(.totalAllocDiffers(simulated: row.simulated, dump: row.dump)))
        let spike = try Reproducer.reproduce(try InspectionFixtures.dump("spike.memstats.json"))
        let spikeRow = try #require(spike.rows.first { $0.field == .totalAlloc })
        #expect(spikeRow.relativeError <= 0.05, "\(spikeRow)")
        #expect(!spike.unexplained.contains { if case .totalAllocDiffers = $0 { true } else { false } })
    }

    /// A dump whose HeapSys is one 4 MiB chunk above what any fixed-base history maps reads as
    /// a random heap base's padding (Go 1.26+ draws 0–511 released pages at the base). The dump
    /// is a real draw: the sessions workload of GoDumps/main.go on go1.27.3, 2026-12-06, the
    /// third of four collections (Fixtures/draws/); its HeapSys was 29.1 MB where the other three
    /// read 24.9 MB.
    @Test func aHeapOneChunkAboveTheHistoryIsReadAsARandomBasesPadding() throws {
        let dump = try InspectionFixtures.dump("draws/sessions-r3.memstats.json")
        let r = try Reproducer.reproduce(dump)
        try checkRelations(dump, r)
        #expect(r.plan.heapPaddingPages == 511)
        let heapSys = try #require(r.rows.first { $0.field == .heapSys })
        #expect(heapSys.meetsTarget == true, "\(heapSys)")
        #expect(r.scenarioText.contains("--heap-base random --heap-padding 511"))
        // The same history on a fixed base maps a chunk less.
        var fixed = r.plan
        fixed.heapPaddingPages = nil
        let unpadded = try Reproducer.simulate(ScenarioText.write(fixed, dump: dump),
                                               configuration: Reproducer.configuration(gomaxprocs: r.gomaxprocs, plan: fixed))
        #expect(unpadded.heapSys + 4 << 20 <= heapSys.simulated, "\(unpadded.heapSys) \(heapSys.simulated)")
        // A dump from a Go before 1.26 had a fixed base: no padding is fitted.
        var older = dump
        older.goVersion = "go1.25.5"
        #expect(try Reproducer.reproduce(older).plan.heapPaddingPages == nil)
    }

    /// The padding's chunk can hide behind another history: the fragmentation lesson's dump
    /// reads one 4 MiB chunk above the other draws, and the best fixed-base history reaches its
    /// HeapSys with a larger peak that maps a chunk too many (66.9 MB against 62.7), while the
    /// runner-up, a chunk short (58.5 MB), is the one the padding completes. The dump is a real
    /// draw: the fragmentation lesson's last snapshot on go1.27.3 (GOMAXPROCS 1, 2026-12-07, the
    /// reproduction table's first of five collections, Fixtures/draws/); two of the five read
    /// 62.7 MB, three 58.5 MB.
    @Test func theRunnerUpShortOfHeapSysIsFittedPaddedToo() throws {
        let dump = try InspectionFixtures.dump("draws/lesson-fragmentation-r1.memstats.json")
        let r = try Reproducer.reproduce(dump)
        try checkRelations(dump, r)
        #expect(r.plan.heapPaddingPages == 511)
        for field in [MemStatsField.heapSys, .heapAlloc, .heapObjects] {
            let row = try #require(r.rows.first { $0.field == field })
            #expect(row.meetsTarget == true, "\(row)")
        }
        let cycles = try #require(r.rows.first { $0.field == .numGC })
        #expect(cycles.meetsTarget == true, "\(cycles)")
    }

    /// A small dump whose live objects share the start-up's spans: Go keeps pointer-holding and
    /// pointer-free objects of a size in different spans, and the start-up's objects of most sizes
    /// hold pointers, so pointer-free live objects beside them take a span more in each size. The
    /// dump is a real draw: the spike lesson's last snapshot on go1.27.3 (GOMAXPROCS 1,
    /// 2026-12-07, the reproduction table's second of five collections, Fixtures/draws/), 25
    /// spans (HeapInuse 204 800 B); its history fitted with pointer-free live objects held 28.
    @Test func liveObjectsThatHoldPointersShareTheStartUpsSpans() throws {
        let dump = try InspectionFixtures.dump("draws/lesson-spike-r2.memstats.json")
        let r = try Reproducer.reproduce(dump)
        try checkRelations(dump, r)
        #expect(r.plan.livePointers)
        for field in [MemStatsField.heapInuse, .heapObjects, .heapAlloc] {
            let row = try #require(r.rows.first { $0.field == field })
            #expect(row.meetsTarget == true, "\(row)")
        }
        // The packed live groups are written pointer-holding, sizes of 16 B and more included
        // (below 16 B an object holds a pointer anyway: the tiny allocator takes the others).
        let liveLines = r.scenarioText.split(separator: "\n").filter { $0.hasPrefix("alloc ") && $0.contains(" as live") }
        let wide = liveLines.filter { line in
            guard let size = line.split(separator: " ").dropFirst(3).first.flatMap({ UInt64($0.dropLast()) }) else { return false }
            return size >= 16
        }
        #expect(!wide.isEmpty && wide.allSatisfy { $0.hasSuffix(" pointers") }, "\(liveLines)")
        // The same history with pointer-free live objects takes more spans.
        var noscan = r.plan
        noscan.livePointers = false
        let apart = try Reproducer.simulate(ScenarioText.write(noscan, dump: dump),
                                            configuration: Reproducer.configuration(gomaxprocs: r.gomaxprocs, plan: noscan))
        let inuse = try #require(r.rows.first { $0.field == .heapInuse })
        #expect(apart.heapInuse > inuse.simulated, "\(apart.heapInuse) \(inuse.simulated)")
    }

    /// A small dump whose start-up objects are not the model's: Go copies every environment
    /// variable to the heap before main (and the list of them twice), and a program started from
    /// another shell holds other strings and its lists in another size class. The dump is a real
    /// draw: the spike lesson's last snapshot on go1.27.3 (GOMAXPROCS 1), 2026-12-06, collected
    /// from a shell of about 40 variables (its two lists in the 704 B class; the model's reference
    /// environment puts them in the 640 B class, which the dump does not hold).
    @Test func aStartUpTheDumpCannotHoldMovesTheEnvironmentsVariableCount() throws {
        let dump = try InspectionFixtures.dump("draws/lesson-spike-r5.memstats.json")
        let r = try Reproducer.reproduce(dump)
        try checkRelations(dump, r)
        #expect(r.plan.environmentVariableCount != GoEnvironment.reference.count)
        for field in [MemStatsField.heapInuse, .heapObjects] {
            let row = try #require(r.rows.first { $0.field == field })
            #expect(row.meetsTarget == true, "\(row)")
        }
        #expect(r.scenarioText.contains("--go-environment reference:\(r.plan.environmentVariableCount)"))
        #expect(r.runArguments.contains("reference:\(r.plan.environmentVariableCount)"))
        // The same history from the reference environment holds objects the dump has not: its
        // two 640 B lists keep a span the dump does not have.
        var reference = r.plan
        reference.environmentVariableCount = GoEnvironment.reference.count
        let withReference = try Reproducer.simulate(ScenarioText.write(reference, dump: dump),
                                                    configuration: Reproducer.configuration(gomaxprocs: r.gomaxprocs, plan: reference))
        let inuse = try #require(r.rows.first { $0.field == .heapInuse })
        #expect(withReference.heapInuse > inuse.simulated, "\(withReference.heapInuse) \(inuse.simulated)")
        #expect(withReference.heapObjects > r.rows.first { $0.field == .heapObjects }!.simulated)
        // A dump where no other count fits better keeps the reference (the cache workload's
        // excess objects are not the environment's: 9 with the reference, 7 at best).
        let cache = try Reproducer.reproduce(try InspectionFixtures.dump("cache.memstats.json"))
        #expect(cache.plan.environmentVariableCount == GoEnvironment.reference.count)
    }

    /// The fit runs on the model of the dump's Go release (runtime.Version() in the dump), the
    /// nearest one where the simulator has none of its own, and says which.
    @Test func theDumpsGoReleaseChoosesTheModel() throws {
        var dump = try InspectionFixtures.dump("tree.memstats.json")
        #expect(try Reproducer.reproduce(dump).plan.profile == .go1_27)
        dump.goVersion = "go1.22.5"
        let r = try Reproducer.reproduce(dump)
        #expect(r.plan.profile == .go1_22)
        #expect(r.configuration.profile == .go1_22)
        #expect(!r.unexplained.contains { if case .otherGoVersion = $0 { true } else { false } })
        #expect(r.runArguments.suffix(2) == ["--model", "go1.22"])
        #expect(r.scenarioText.contains("fitted on the go1.22 model"))
        // A real go1.22.10 runtime/metrics JSON (the tree workload, 2026-12-06) says its release.
        let metrics = try InspectionFixtures.dump("draws/tree-go1.22.metrics.json")
        #expect(metrics.goVersion == "go1.22.10")
        #expect(Reproducer.initialPlan(metrics).profile == .go1_22)
        dump.goVersion = "go1.20.3"
        let nearest = try Reproducer.reproduce(dump)
        #expect(nearest.plan.profile == .go1_19)
        #expect(nearest.unexplained.contains(.otherGoVersion("go1.20.3", model: "go1.19")))
        // A model asked for that is not the dump's release's is said as such.
        let asked = try Reproducer.reproduce(dump, model: .go1_27)
        #expect(asked.plan.profile == .go1_27)
        #expect(asked.unexplained.contains(.modelAsked("go1.20.3", model: "go1.27")))
        #expect(!asked.unexplained.contains(.otherGoVersion("go1.20.3", model: "go1.27")))
    }

    /// MemStats does not record GOMEMLIMIT. A dump whose cycles ran with GOGC off under a limit
    /// (the memory-limit lesson's last snapshot, from the simulator) gets a limit fitted to its
    /// NumGC, and the reproduction says the limit is a guess; a dump with no such evidence says
    /// the form does not record one.
    @Test func aMemoryLimitIsInferredFromTheCyclesAndSaidToBeAGuess() throws {
        let lesson = try #require(BundledScenarios.all.first { $0.name == "memory-limit" })
        let scenario = try #require(ScenarioCompiler.compile(source: lesson.source, file: lesson.displayPath).scenario)
        let record = ScenarioInterpreter(backends: [SimulatorBackend(configuration: .init())]).run(scenario)
        var dump = Dump(source: "memory-limit", form: .memStatsJSON)
        dump.stats = try #require(record.snapshots.last?.readings[.simulator]?.memStats)
        dump.present = MemStatsField.allCases
        let r = try Reproducer.reproduce(dump)
        let limit = try #require(r.plan.memoryLimit)
        #expect(r.plan.memoryLimitInferred)
        #expect(r.unexplained.contains(.memoryLimitInferred(limit)))
        #expect(!r.unexplained.contains(.memoryLimitNotRecorded))
        // The lesson's limit is 64 MiB; the fit lands near it.
        let lessonLimit = 64.0 * 1024 * 1024
        let off = abs(Double(limit) - lessonLimit) / lessonLimit
        #expect(off < 0.15, "\(limit)")
        #expect(r.rows.first { $0.field == .numGC }?.meetsTarget == true)
        #expect(r.scenarioText.contains("set memlimit \(limit)B"))
        #expect(r.scenarioText.contains("set memlimit off"))

        let tree = try Reproducer.reproduce(try InspectionFixtures.dump("tree.memstats.json"))
        #expect(tree.unexplained.contains(.memoryLimitNotRecorded))
        #expect(tree.plan.memoryLimit == nil)
    }

    @Test func aDumpWithoutTheHeapFieldsIsRefused() throws {
        let dump = try InspectionFixtures.dump("service.gctrace.log")
        #expect(throws: ReproductionError.self) { try Reproducer.reproduce(dump) }
    }

    @Test func bundledLessonsRunByRealGo() throws {
        guard GoGate.shouldRun() else { return }
        let go = GoBackend(goPath: GoGate.goPath, gomaxprocs: 1, maxSleepNanoseconds: 200_000_000,
                           environment: GoGate.environment,
                           allocationCap: RealAllocationCap(limitBytes: 2 << 30, origin: "test"))
        var lines = [header]
        var met = 0, total = 0
        for bundled in BundledScenarios.all {
            let compilation = ScenarioCompiler.compile(source: bundled.source, file: bundled.displayPath)
            let scenario = try #require(compilation.scenario)
            let output = try #require(try go.runs(scenario, count: 1).first)
            let last = try #require(output.readings.last)
            var dump = Dump(source: bundled.name, form: .memStatsJSON)
            dump.stats = last.memStats
            dump.present = MemStatsField.allCases
            let r = try Reproducer.reproduce(dump)
            try checkRelations(dump, r)
            lines.append(table(bundled.name, r))
            met += r.rows.filter { $0.meetsTarget == true }.count
            total += r.rows.filter { $0.meetsTarget != nil }.count
        }
        print((lines + ["\(met) of \(total) targets met"]).joined(separator: "\n"))
        // The dumps are fresh real-Go runs, and real Go moves from run to run: the same
        // reproduction met 70, 70, 74, 75 and 75 of 78 on fresh runs after the memory-limit inference
        // (68–75 before it; the spread is mostly StackInuse, 32 KiB per M that real Go starts or
        // not by timing, and the peaks that follow from it); 77, 78, 75 and 76 on four fresh
        // draws after the changes of 54 of 54 above (75, 76 and 73 before them), 77 in this
        // test's run that day, 73, 72 and 71 in three clean-clone CI runs (spike, large-objects
        // and release-to-os HeapInuse 8-19 % and HeapObjects 5-14 %, gc-timeline HeapSys 5.8 %).
        // Beside the suite's other Go programs the runtime of a lesson's program can start one
        // more M and two more goroutines: large-objects run beside the GoDumps workloads ended
        // with StackInuse +32 KiB (a gsignal span) and HeapObjects 95 -> 101 (BySize: one more
        // object of 8 B, two of 480 B, the g's class, two of 1152 B, one of 2048 B), which the
        // fit reads as goroutines; alone, or beside three busy loops, the test read
        // 77. Most of those CI misses were the environment: CI's shell is not the model's
        // reference, and a lesson's last snapshot is small enough for its copies to matter. With
        // the environment's variable count fitted (ReproductionPlan.environmentVariableCount) the
        // test read 77, 76 and 77 here and 78 in a clean-clone CI run (2026-12-06). The floor sits
        // two below the least.
        #expect(met >= 74, "the reproduction meets fewer targets than it did (76–78 of 78)")
    }
}
