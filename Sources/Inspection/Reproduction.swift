// `memstats inspect … --reproduce`: a scenario whose simulation reproduces a dump's main
// fields, so "my service shows this" becomes a lesson that can be run, stepped and changed.
//
// The history is inferred, then fitted: the live set by size class (BySize's Mallocs − Frees;
// above 32 KiB, what HeapAlloc and HeapObjects leave), goroutines for StackInuse, a past peak
// for HeapSys, thinned spans for HeapInuse − HeapAlloc, and garbage (TotalAlloc minus the live
// set) split between "while the heap was small" and "after the live set" so the simulated GC
// count meets NumGC. Each knob is then corrected from the residual of a simulation (a few
// rounds), and the best round is kept. Every number in the scenario comes from the dump or from
// that fit; none is a constant tuned to a program. The model is the dump's Go release's (the
// nearest for a release without one of its own; `--model` chooses it for a dump that does not
// say its release), so a go1.19 dump is fitted on go1.19's size classes, start-up and pacer.
//
// Competing histories are fitted and the better kept: a past peak of heap objects or of
// goroutine stacks (a heap peak that large would have run cycles the dump does not count); a
// peak made without cycles, with a burst of garbage beside it or without one (then the peak
// alone sets HeapSys and the garbage's placement NumGC); a live set made before the steady
// garbage or grown with it in rounds (when HeapSys comes out above the dump's: the whole live
// set held under the garbage sets a higher goal); the gap (HeapInuse − HeapAlloc) made by
// thinning every size one in K, or the largest sizes to one object per span (the same gap with
// fewer slots in the groups' slices); and, when NextGC shows GOGC off, a live set made before
// the garbage or after GOGC was turned off; and, when a history runs too few cycles for its
// bytes or keeps a larger heap than the dump's, the garbage paced (pieces with the program idle
// between them, as a service between requests: at GOMAXPROCS > 1 a tight loop keeps allocating
// while the workers mark, so its marks end later, its cycles are fewer and its heap higher; a
// burst is not paced, so a history whose garbage is a burst is also paced from none).
// The scenario language holds each object by an 8 B slot in its group's slice; where those
// slices are large objects the dump has no counterpart for, objects of the largest packed sizes
// are left out (at most the slices' bytes), so HeapAlloc and HeapObjects miss by the same share.
// A burst beside a peak that ran cycles is made before the peak, whose cycles sweep it for reuse.
// Go 1.26+ starts the heap at a random base (0–511 released padding pages): when HeapSys is
// short of the dump's, the largest padding competes (SimulatorConfiguration.heapBase).
// Real Go starts Ms by timing: a StackInuse residual of whole 32 KiB signal-stack spans with no
// goroutines to take away moves the model's count of them (SimulatorConfiguration.extraMs).
// Go copies every environment variable to the heap before main, and the list of them twice:
// when the fitted simulation holds objects in a class beyond the dump's (which the per-class
// correction cannot take away), the variable count whose start-up leaves the fewest such objects
// competes (GoEnvironment.reference(count:), SimulatorConfiguration.environment).
// Tiny objects are read from Mallocs and Frees beyond BySize (Go counts each object combined
// into a 16 B block there and nowhere else).
//
// MemStats does not record the memory limit. When NextGC has no goal after cycles that were not
// forced, a limit lifted before the dump (GOGC off throughout) competes with GOGC turned off
// after the cycles; the limit is fitted to NumGC and HeapSys and kept only if it meets more
// targets, and the output says it is a guess.
//
// Simplification: one goroutine stack size; garbage of one object size (the dump's average
// freed object); forced GCs at the end; a memory limit still in force is not inferred (with a
// finite NextGC, MemStats does not tell its goal from GOGC's); more stack than the model's is
// read as goroutines, less as fewer Ms (a dump does not tell an extra M from a few goroutines);
// the environment is fitted by its variable count only, the reference's strings cut or padded
// with two-byte ones (the dump does not tell its strings from the program's);
// a grown live set grows in a fixed number of rounds and its thinned groups are made after
// them; paced garbage comes in pieces of a fixed share of the runway (ScenarioText.maxPieces at
// most); time since the last GC and the scavenger's progress are not modelled (HeapReleased is
// reported, not fitted).

import Backends
import Foundation
import FieldCatalogue
import GoProgramContract
import HeapSimulator
import ScenarioLanguage

/// The inferred history, as knobs.
public struct ReproductionPlan: Sendable, Equatable {
    /// Live objects per size: (object bytes, count). Sizes above 32 KiB are large objects.
    public var live: [(size: UInt64, count: UInt64)]
    public var gcPercent: UInt64
    public var memoryLimit: UInt64?
    /// Share of the live objects that sit in spans thinned to one in `thinK` (or as `thinning` says).
    public var thinShare: Double
    public var thinK: UInt64
    /// How thinned spans keep their objects.
    public var thinning: Thinning = .uniform

    public enum Thinning: String, Sendable {
        /// One in `thinK` of every size.
        case uniform
        /// The gap is made in the largest sizes first, each thinned to one object per span
        /// (keep 1 in the objects a span of its class holds). Every object thinned away keeps
        /// its 8 B slot (the group's slice stays), and a kept object of `size` leaves (K − 1) ×
        /// `size` free beside K slots: large objects and a large K make the gap with the fewest
        /// slots. MemStats does not say which sizes the gap is in. A class of one object per
        /// span cannot hold a gap (thinning frees whole spans).
        case largestSizesFirst
    }

    public var goroutines: UInt64
    /// The goroutines' stack: a power of two from 2 KiB, as Go's stacks are.
    public var stackBytes: UInt64
    /// Ms (threads) beyond or short of the model's rule (SimulatorConfiguration.extraMs): real Go
    /// starts them by timing, and each holds a 32 KiB gsignal stack span in StackInuse.
    public var extraMs = 0
    /// Released padding pages at a random heap base (Go 1.26+ draws 0–511; SimulatorConfiguration
    /// .heapBase), or nil for a fixed base. MemStats does not record the draw; HeapSys shows it
    /// when the padding costs the heap one more 4 MiB chunk.
    public var heapPaddingPages: UInt64?
    /// How many variables the program's environment held (GoEnvironment.reference(count:)): the
    /// runtime copies each to the heap before main, and the list twice. MemStats does not record
    /// it; a start-up the dump's classes cannot hold moves it.
    public var environmentVariableCount = GoEnvironment.reference.count
    /// The model the history is fitted on: the dump's Go release's profile where the dump says
    /// its version (GoProfile.nearest(toRelease:)), else the newest.
    public var profile: GoProfile = .newest
    public var peakBytes: UInt64
    public var garbageObjectBytes: UInt64
    public var garbageBytes: UInt64
    /// Where the garbage was made, from -1 to 1: below 0, that share of it was held as one
    /// group and dropped at once (a burst: few cycles); above 0, that share was made while the
    /// heap was small, before the live set (many cycles); the rest is steady garbage after the
    /// live set. The simulated GC count rises with it, so it is bisected to meet NumGC.
    public var garbagePlacement: Double
    /// The lowest placement the fit tries: -1 lets a burst make the garbage, 0 keeps it out
    /// (when a past peak is to set HeapSys alone).
    public var placementFloor = -1.0
    public var forcedGCs: UInt64
    /// Share of each size's objects allocated after the last collection: HeapAlloc beyond
    /// what the last cycle marked (NextGC ÷ (1 + GOGC/100)), objects a dump cannot tell from live ones.
    public var unsweptShare: Double
    /// Whether the live set was made before the steady garbage or grew while it was made.
    public var growth: Growth = .beforeTheGarbage
    /// The packed live objects hold pointers. MemStats does not say which objects do; Go keeps
    /// pointer-holding and pointer-free objects of a size in different spans, so in a small heap
    /// HeapInuse tells: the start-up's objects of most sizes hold pointers, and pointer-free live
    /// objects beside them take a span more in each of those sizes.
    public var livePointers = false
    /// Bytes of the live set the groups' slices stand in for. The scenario language holds each
    /// object by an 8 B slot in its group's slice; a program holds most of its objects through
    /// pointers inside other objects, which the dump counts in their classes already. Where the
    /// slices are large objects the dump has no counterpart for, objects of the largest packed
    /// sizes are left out (`leftOut`), fitted so that HeapAlloc and HeapObjects miss by as
    /// little as they can together.
    public var standInBytes: UInt64 = 0
    /// How the garbage was allocated: in one go, or paced with the program idle in between.
    public var pace: GarbagePace = .tight

    public enum GarbagePace: Sendable, Equatable {
        /// In one go, as a loop that does nothing else (the scenario's `alloc`). With more than
        /// one P the program keeps allocating while the background workers mark, so each mark
        /// ends past its trigger and a cycle takes more bytes.
        case tight
        /// In pieces of `pieceBytes` with the program idle `idleMilliseconds` between them, as a
        /// service between requests: the workers finish a mark before much more is allocated,
        /// so the same bytes run more cycles under a lower heap. MemStats does not say which;
        /// the fit tries this when the tight history runs too few cycles or keeps too large a heap.
        case paced(pieceBytes: UInt64, idleMilliseconds: UInt64)
    }

    public enum Growth: String, Sendable {
        /// The live set, then the steady garbage: the heap's goal is the whole live set's
        /// while the garbage is made.
        case beforeTheGarbage
        /// The live set grows in rounds with the garbage, the thinned spans thinned at the
        /// end: cycles run as the heap grows, and less garbage sits above the full live set.
        case withTheGarbage
    }

    /// What the past peak was made of: heap objects (which the GC counts toward its goal) or
    /// goroutine stacks (which leave their pages idle in the heap without a cycle).
    public var peakKind: PeakKind = .heapObjects
    /// GOGC was off when the dump was taken (NextGC is the "no goal" value): the cycles ran
    /// before it was turned off, and what was allocated since was never collected.
    public var gcOffAtEnd = false
    /// GOGC was off for the whole history: no cycle ran by itself (NumGC = NumForcedGC).
    public var gcOffThroughout = false
    /// With GOGC off at the end: whether the live set was made after it was turned off (so
    /// it is everything allocated since, never collected) rather than before the garbage.
    public var liveAfterGCOff = false
    /// Tiny allocations (noscan, under 16 B) combined into the live 16 B blocks: the object
    /// size and how many share one block. Nil when the dump shows none.
    public var tiny: (objectBytes: UInt64, perBlock: UInt64)?
    /// The memory limit is not the dump's (MemStats does not record it) but inferred: the dump
    /// ran more cycles than GOGC alone would for its heap, and the limit is fitted to NumGC.
    public var memoryLimitInferred = false
    /// With an inferred limit and NextGC's "no goal": the cycles ran under the limit with GOGC
    /// off, and the limit was lifted before the dump.
    public var memoryLimitOffAtEnd: Bool { memoryLimitInferred && gcOffAtEnd }

    public enum PeakKind: String, Sendable {
        /// Heap objects made while the collector ran: the peak also runs cycles.
        case heapObjects
        /// Heap objects made with the collector off: the peak sets HeapSys and runs no cycle.
        case heapObjectsWithoutCycles
        /// Goroutine stacks, given back when the goroutines exit: no cycle either.
        case stacks
    }

    public static func == (a: ReproductionPlan, b: ReproductionPlan) -> Bool {
        a.live.map(\.size) == b.live.map(\.size) && a.live.map(\.count) == b.live.map(\.count) && a.gcPercent == b.gcPercent
            && a.thinShare == b.thinShare && a.thinK == b.thinK && a.thinning == b.thinning && a.goroutines == b.goroutines && a.peakBytes == b.peakBytes
            && a.garbagePlacement == b.garbagePlacement && a.placementFloor == b.placementFloor && a.forcedGCs == b.forcedGCs && a.peakKind == b.peakKind
            && a.gcOffAtEnd == b.gcOffAtEnd && a.liveAfterGCOff == b.liveAfterGCOff && a.tiny?.objectBytes == b.tiny?.objectBytes
            && a.memoryLimit == b.memoryLimit && a.memoryLimitInferred == b.memoryLimitInferred && a.extraMs == b.extraMs && a.heapPaddingPages == b.heapPaddingPages && a.growth == b.growth
            && a.environmentVariableCount == b.environmentVariableCount && a.profile == b.profile
            && a.standInBytes == b.standInBytes && a.pace == b.pace && a.livePointers == b.livePointers
    }
}

extension ReproductionPlan {
    /// The K of `free … keep 1 in K` for the thinned objects of `objectBytes` (pointer-free, as
    /// written, except the 8 B class).
    public func thinK(forObjectBytes objectBytes: UInt64) -> UInt64 {
        switch thinning {
        case .uniform: thinK
        case .largestSizesFirst: profile.objectsPerSpan(objectBytes: objectBytes, hasPointers: objectBytes < 16) ?? 1
        }
    }

    /// Live objects held through the last collection (the rest are made after it).
    func heldThroughLastGC(_ entry: (size: UInt64, count: UInt64)) -> UInt64 {
        entry.count - UInt64((Double(entry.count) * unsweptShare).rounded(.down))
    }

    /// Whether the objects of `entry` can sit in thinned spans: sizes BySize lists (up to
    /// `top`), not tiny blocks, and (largest first) classes of two objects a span or more.
    func thinnable(_ entry: (size: UInt64, count: UInt64), top: UInt64) -> Bool {
        entry.size <= top && !(tiny != nil && entry.size == 16) && (thinning == .uniform || thinK(forObjectBytes: entry.size) >= 2)
    }

    /// The gap (free slots in spans in use) a thinned share of 1 leaves, from the small sizes
    /// BySize lists (up to `top`).
    func gapPerThinShare(top: UInt64) -> Double {
        switch thinning {
        case .uniform:
            return live.filter { $0.size <= top }.reduce(0) { $0 + Double($1.size * $1.count) } * Double(thinK - 1)
        case .largestSizesFirst:
            return live.filter { thinnable($0, top: top) }.reduce(0) {
                $0 + Double(heldThroughLastGC($1) * $1.size) * Double(thinK(forObjectBytes: $1.size) - 1)
            }
        }
    }

    /// The free slots the thinned spans are planned to leave beside the objects they keep.
    func plannedGap(top: UInt64) -> Double {
        zip(live, thinnedKept(top: top)).reduce(0) { $0 + Double($1.1 * (thinK(forObjectBytes: $1.0.size) - 1) * $1.0.size) }
    }

    /// The objects left out of each entry of `live` for `standInBytes`: from the largest sizes
    /// BySize lists down, out of the objects held packed (not thinned, not tiny blocks).
    func leftOut(top: UInt64) -> [UInt64] {
        var left = [UInt64](repeating: 0, count: live.count)
        guard standInBytes > 0 else { return left }
        let kept = thinnedKept(top: top)
        var bytes = standInBytes
        for index in live.indices.sorted(by: { live[$0].size > live[$1].size }) where bytes > 0 {
            let entry = live[index]
            guard entry.size <= top, !(tiny != nil && entry.size == 16) else { continue }
            let packed = heldThroughLastGC(entry) - kept[index]
            left[index] = min(packed, (bytes + entry.size - 1) / entry.size)
            bytes -= min(bytes, left[index] * entry.size)
        }
        return left
    }

    /// The bytes of the groups' slot slices that are large objects (a slice of pointers past the
    /// model's large-object threshold, about 4096 slots), with every held object in its group:
    /// the most `standInBytes` can stand in for.
    func largeSlotBytes(top: UInt64) -> UInt64 {
        let kept = thinnedKept(top: top)
        let slots = live.indices.flatMap { index -> [UInt64] in
            let held = heldThroughLastGC(live[index])
            return [held - kept[index], kept[index] * thinK(forObjectBytes: live[index].size)]
        }
        return slots.filter { $0 * 8 > profile.largeObjectThreshold }.reduce(0) { $0 + $1 * 8 }
    }

    /// The objects kept in thinned spans, per entry of `live`.
    func thinnedKept(top: UInt64) -> [UInt64] {
        switch thinning {
        case .uniform:
            return live.map { thinnable($0, top: top) ? UInt64((Double(heldThroughLastGC($0)) * thinShare).rounded()) : 0 }
        case .largestSizesFirst:
            var kept = [UInt64](repeating: 0, count: live.count)
            var gap = thinShare * gapPerThinShare(top: top)
            for index in live.indices.sorted(by: { live[$0].size > live[$1].size }) where gap > 0 && thinnable(live[index], top: top) {
                let entry = live[index]
                let perKept = Double(entry.size * (thinK(forObjectBytes: entry.size) - 1))
                kept[index] = min(heldThroughLastGC(entry), UInt64((gap / perKept).rounded()))
                gap -= Double(kept[index]) * perKept
            }
            return kept
        }
    }
}

/// One row of the closeness table.
public struct ReproductionRow: Sendable, Equatable {
    public var field: MemStatsField
    public var dump: UInt64
    public var simulated: UInt64
    /// The band the field must meet, or nil for fields reported only.
    public var target: Target?

    public enum Target: Sendable, Equatable {
        case percent(Double)
        case cycles(Int)
    }

    public var relativeError: Double {
        dump == 0 ? (simulated == 0 ? 0 : 1) : abs(Double(simulated) - Double(dump)) / Double(dump)
    }

    public var meetsTarget: Bool? {
        switch target {
        case .percent(let p): relativeError * 100 <= p
        case .cycles(let n): abs(Int(simulated) - Int(dump)) <= n
        case nil: nil
        }
    }
}

public struct Reproduction: Sendable {
    public var scenarioText: String
    public var plan: ReproductionPlan
    public var rows: [ReproductionRow]
    /// What the reproduction could not explain (its words are Presentation's, in each language).
    public var unexplained: [Unexplained]
    public var rounds: Int
    /// GOMAXPROCS the simulation ran with (the dump's, or read from MCacheInuse): rerunning the
    /// scenario gives the table's numbers only with it.
    public var gomaxprocs: Int = 1

    /// The options `memstats run FILE` needs to simulate what the fit simulated (the plan's heap
    /// base, environment, Ms and model; Reproducer.runArguments): rerunning the scenario gives
    /// the table's numbers only with them.
    public var runArguments: [String] { Reproducer.runArguments(plan, gomaxprocs: gomaxprocs) }

    /// The simulator configuration the table was simulated with.
    public var configuration: SimulatorConfiguration { Reproducer.configuration(gomaxprocs: gomaxprocs, plan: plan) }

    public var meetsTargets: Bool { rows.allSatisfy { $0.meetsTarget != false } }

    /// The fields compared, with their bands (the issue's targets): 5 % on five fields, one cycle on NumGC.
    public static let compared: [(MemStatsField, ReproductionRow.Target?)] = [
        (.heapAlloc, .percent(5)), (.heapInuse, .percent(5)), (.heapIdle, nil), (.heapReleased, nil),
        (.heapSys, .percent(5)), (.stackInuse, .percent(5)), (.heapObjects, .percent(5)), (.numGC, .cycles(1)),
        (.nextGC, nil), (.totalAlloc, nil),
    ]
}

/// Something a reproduction could not explain.
public enum Unexplained: Sendable, Equatable {
    /// A field outside its band after the fit.
    case missesTarget(field: MemStatsField, relativeError: Double, cycles: Int, rounds: Int)
    /// HeapReleased depends on time since the last GC and the scavenger; not fitted.
    case heapReleasedNotFitted
    /// The dump is from a Go release the simulator has no model of: the nearest was used.
    case otherGoVersion(String, model: String)
    /// The dump is from another Go release than the model the user asked for (`--model`).
    case modelAsked(String, model: String)
    /// No BySize: the live set is one object size.
    case noBySize
    /// MemStats does not record the memory limit: the reproduction runs without one.
    case memoryLimitNotRecorded
    /// MemStats does not record the memory limit, but the cycles need one: the scenario's
    /// limit (bytes) is fitted to NumGC, not read.
    case memoryLimitInferred(UInt64)
    /// The history allocates more or less than the dump's TotalAlloc (more than 5 % off): the
    /// groups' slot slices (reallocated as a group grows in rounds), a peak and the thinned
    /// objects add bytes, or the fit cut the garbage so that HeapSys stays near the dump's; the
    /// cycle count then rests on other bytes than the program's.
    case totalAllocDiffers(simulated: UInt64, dump: UInt64)
}

public enum ReproductionError: Error, Sendable, Equatable {
    /// The dump lacks fields the reproduction needs.
    case missingFields([MemStatsField])
    /// The generated scenario did not compile (a defect; the diagnostics are attached).
    case scenarioRejected(String)
}

public enum Reproducer {
    public static let rounds = 16
    static let debugRounds = ProcessInfo.processInfo.environment["MEMSTATS_REPRODUCE_DEBUG"] == "1"

    /// `model`: the profile to fit on, as the user chose it; nil: the dump's release's (profile(_:)).
    public static func reproduce(_ dump: Dump, model: GoProfile? = nil) throws(ReproductionError) -> Reproduction {
        let needed: [MemStatsField] = [.heapAlloc, .heapInuse, .heapSys, .heapObjects, .stackInuse, .numGC]
        let missing = needed.filter { !dump.has($0) }
        if !missing.isEmpty { throw .missingFields(missing) }
        let model = model ?? profile(dump)
        let start = initialPlan(dump, model: model)
        let configuration = Reproducer.configuration(gomaxprocs: gomaxprocs(dump, profile: model), plan: start)
        let heapPeak = try fit(start, dump: dump, configuration: configuration)
        var chosen = heapPeak
        /// Every history fitted so far, the first included.
        var fitted = [heapPeak]
        /// How an alternative history must beat the chosen one to replace it.
        enum Keep {
            /// A better score.
            case closer
            /// A history that adds a guess must earn it: fewer targets missed, or as many and
            /// fewer GC cycles off (the cycles are what the guess is made to explain).
            case earnsItsGuess
        }
        func cyclesOff(_ stats: MemStats) -> Int { abs(Int(stats.numGC) - Int(dump.stats.numGC)) }
        /// The `count` best histories fitted so far, one of each plan (or of each kind of peak).
        func best(_ count: Int, distinctPeaks: Bool = false) -> [Fit] {
            var distinct: [Fit] = []
            for fit in fitted.sorted(by: { $0.score < $1.score })
            where !distinct.contains(where: { distinctPeaks ? $0.plan.peakKind == fit.plan.peakKind : $0.plan == fit.plan }) {
                distinct.append(fit)
                if distinct.count == count { break }
            }
            return distinct
        }
        /// Fits an alternative history and keeps it if it fits better, as `keep` says.
        func consider(_ plan: ReproductionPlan, keep: Keep = .closer) throws(ReproductionError) {
            let alternative = try fit(plan, dump: dump, configuration: configuration)
            fitted.append(alternative)
            if debugRounds { print("DBG alt \(plan.peakKind) limit \(plan.memoryLimit ?? 0) inferred \(plan.memoryLimitInferred) -> \(alternative.score) gc \(alternative.stats.numGC) sys \(alternative.stats.heapSys) fitted limit \(alternative.plan.memoryLimit ?? 0); chosen \(chosen.score)") }
            let better: Bool
            switch keep {
            case .closer:
                better = alternative.score < chosen.score
            case .earnsItsGuess:
                let misses = alternative.score.rounded(.down), chosenMisses = chosen.score.rounded(.down)
                better = misses < chosenMisses
                    || (misses == chosenMisses && cyclesOff(alternative.stats) < cyclesOff(chosen.stats))
            }
            if better { chosen = alternative }
        }
        // A past peak of heap objects runs cycles of its own, which couples HeapSys to NumGC;
        // the same peak made without cycles decouples them. Fit both when HeapSys needs a peak,
        // or when a burst set it (a burst is the garbage placement, which also sets NumGC: one
        // knob for two fields; the quiet peak leaves the placement to NumGC alone).
        let sysShort = Double(dump.stats.heapSys) > Double(heapPeak.stats.heapSys) * 1.02
        if heapPeak.score > 0, heapPeak.plan.peakBytes > 0 || sysShort || heapPeak.plan.garbagePlacement < 0 {
            var quiet = start
            quiet.peakKind = .heapObjectsWithoutCycles
            try consider(quiet)
            if chosen.score > 0, heapPeak.plan.garbagePlacement < 0 {
                quiet.placementFloor = 0
                try consider(quiet)
            }
        }
        // Too many cycles with a past peak: a heap that large would have been collected on the
        // way up. Goroutine stacks leave the same idle pages without a cycle: try that history.
        if heapPeak.plan.peakBytes > 0, Int(heapPeak.stats.numGC) > Int(dump.stats.numGC) + 1 {
            var stacks = heapPeak.plan
            stacks.peakKind = .stacks
            try consider(stacks)
        }
        // HeapSys above the dump's: the whole live set held while the garbage was made sets
        // the heap's goal higher than the program's did. It may have grown with the garbage
        // instead (cycles ran as it grew): fit that history.
        if chosen.score > 0, !chosen.plan.gcOffAtEnd, Double(chosen.stats.heapSys) > Double(dump.stats.heapSys) * 1.05 {
            var grown = start
            grown.growth = .withTheGarbage
            try consider(grown)
        }
        // GOGC off at the end: the live set may have been made before the garbage (and kept
        // through its cycles) or after GOGC was turned off (nothing collected it). Fit both.
        if chosen.plan.gcOffAtEnd, !chosen.plan.gcOffThroughout, chosen.score > 0 {
            var after = start
            after.liveAfterGCOff = true
            try consider(after)
        }
        // Thinned spans keep the slots of the objects they drop (the group's slice stays): the
        // largest sizes thinned to one object per span leave the same gap with the fewest slots.
        // Fit that to the two best histories so far when they thin and the chosen one misses
        // (the runner-up may miss only on the slots' HeapAlloc).
        if chosen.score > 0 {
            for candidate in best(2)
            where candidate.plan.thinShare > 0 && candidate.plan.thinning == .uniform {
                var spread = candidate.plan
                spread.thinning = .largestSizesFirst
                let top = bySizeTop(dump)
                let perShare = spread.gapPerThinShare(top: top)
                if perShare > 0 { spread.thinShare = min(1, candidate.plan.plannedGap(top: top) / perShare) }
                try consider(spread)
            }
        }
        // Too few cycles for the bytes allocated, where the garbage's placement cannot add more,
        // or a heap larger than the dump's: the program allocated at a pace its mark workers kept
        // ahead of (a service between requests) rather than in a tight loop, so its marks ended
        // nearer their triggers. Fit the two best histories, and the best of the two best kinds of
        // peak, with their garbage paced (the pace is not tied to the history: a runner-up may be
        // the one it suits).
        if chosen.score > 0 {
            var candidates = best(2)
            for fit in best(2, distinctPeaks: true) where !candidates.contains(where: { $0.plan == fit.plan }) { candidates.append(fit) }
            for candidate in candidates where candidate.score > 0 {
                let tooFewCycles = Int(candidate.stats.numGC) < Int(dump.stats.numGC) - 1
                let heapTooLarge = Double(candidate.stats.heapSys) > Double(dump.stats.heapSys) * 1.05
                guard tooFewCycles || heapTooLarge, !candidate.plan.gcOffThroughout, case .tight = candidate.plan.pace else { continue }
                var paced = candidate.plan
                paced.pace = pace(dump, gcPercent: paced.gcPercent, garbageObjectBytes: paced.garbageObjectBytes)
                // The fit starts it without garbage made while the heap was small and moves
                // the placement up from there when NumGC needs more cycles.
                paced.garbagePlacement = min(paced.garbagePlacement, 0)
                try consider(paced)
                // A burst is not paced: a history whose garbage is a burst (cut, perhaps, so that
                // its heap stays the dump's) is also paced starting from none, with the dump's
                // garbage.
                if paced.garbagePlacement < 0 {
                    var whole = paced
                    whole.garbagePlacement = 0
                    whole.garbageBytes = start.garbageBytes
                    try consider(whole)
                }
            }
        }
        // HeapSys short of the dump's: Go 1.26+ starts the heap at a random base, up to 511
        // released padding pages, which can cost the heap one more 4 MiB chunk. MemStats does not
        // record the draw; fit the best history so far with the largest padding. Not for a dump
        // from a Go whose base is fixed (its release's profile says which).
        // A history that reaches the dump's HeapSys only by cutting the garbage (TotalAlloc
        // short) may be the padding's chunk explained the other way: fit it padded too (the fit
        // can give the garbage back once the padding holds the chunk). The runners-up short of
        // the dump's HeapSys are fitted padded too: the chosen history may reach HeapSys another
        // way (a larger peak) and pass it by the chunk the padding would have added.
        func shortOfHeapSys(_ fit: Fit) -> Bool { Double(fit.stats.heapSys) < Double(dump.stats.heapSys) * 0.98 }
        let garbageCut = dump.has(.totalAlloc) && Double(chosen.stats.totalAlloc) < Double(dump.stats.totalAlloc) * 0.95
        if chosen.score > 0, model.randomizesHeapBase {
            let candidates = best(3).filter {
                $0.plan.heapPaddingPages == nil && (shortOfHeapSys($0) || ($0.plan == chosen.plan && garbageCut))
            }
            for candidate in candidates where chosen.score > 0 {
                var padded = candidate.plan
                padded.heapPaddingPages = HeapBase.maximumPaddingPageCount
                try consider(padded)
            }
        }
        // NextGC's "no goal" after cycles that were not forced: GOGC was turned off after them,
        // or GOGC was off throughout and a memory limit ran them, lifted before the dump
        // (MemStats does not record the limit). Fit the limit to NumGC, from the footprint it
        // governs (Sys − HeapReleased). The limit is a guess the dump does not show, so it is
        // kept only when it earns that guess (Keep.earnsItsGuess). A limit still in force is not inferred: with a
        // finite NextGC nothing in MemStats tells its goal from GOGC's. It is tried when the
        // history with GOGC on misses a target or the cycle count.
        if dump.memoryLimit == nil, !dump.memoryLimitKnown, chosen.score >= 1 || cyclesOff(chosen.stats) > 0,
           chosen.plan.gcOffAtEnd, !chosen.plan.gcOffThroughout {
            var limited = start
            limited.memoryLimitInferred = true
            // Under a limit lifted before the dump, what HeapAlloc holds was allocated last,
            // after the garbage, and nothing collected it: the garbage comes first.
            limited.garbagePlacement = 1
            limited.memoryLimit = max(dump.stats.sys &- dump.stats.heapReleased, dump.stats.heapInuse + dump.stats.stackInuse)
            try consider(limited, keep: .earnsItsGuess)
        }
        // Objects the simulation holds beyond the dump's in some class, which no knob removes: the
        // model's start-up copies a reference environment (GoEnvironment.reference) and the
        // program's was another. Fit the best history with the variable count whose start-up
        // leaves the fewest such objects.
        if chosen.score > 0, dump.has(.bySize) {
            let choice = environmentVariableCount(dump, simulated: chosen.stats, plan: chosen.plan,
                                                  gomaxprocs: configuration.gomaxprocs)
            if debugRounds { print("DBG environment \(choice.count) variables, excess \(choice.current) -> \(choice.excess)") }
            if choice.excess < choice.current {
                var other = chosen.plan
                other.environmentVariableCount = choice.count
                try consider(other)
            }
        }
        // HeapInuse over the dump's past its target, by a span or more: the live objects may
        // hold pointers and share the start-up's spans (its objects of most sizes do). Fit the
        // chosen history (its environment fitted) with pointer-holding live objects.
        let inuse = ReproductionRow(field: .heapInuse, dump: dump.stats.heapInuse, simulated: chosen.stats.heapInuse,
                                    target: Reproduction.compared.first { $0.0 == .heapInuse }?.1)
        if chosen.score > 0, !chosen.plan.livePointers, inuse.meetsTarget == false,
           chosen.stats.heapInuse >= dump.stats.heapInuse + runtimePageBytes {
            var pointers = chosen.plan
            pointers.livePointers = true
            try consider(pointers)
        }
        let rows = Reproduction.compared.map { field, target in
            ReproductionRow(field: field, dump: dump.stats.integer(field) ?? 0, simulated: chosen.stats.integer(field) ?? 0,
                            target: dump.has(field) ? target : nil)
        }
        var unexplained: [Unexplained] = []
        for row in rows where row.meetsTarget == false {
            unexplained.append(.missesTarget(field: row.field, relativeError: row.relativeError,
                                             cycles: Int(row.simulated) - Int(row.dump), rounds: rounds))
        }
        if dump.has(.heapReleased) { unexplained.append(.heapReleasedNotFitted) }
        if let version = dump.goVersion {
            // The fit's model is the release's nearest unless --model asked for another.
            let nearest = GoProfile.nearest(toRelease: version)
            if nearest.profile != chosen.plan.profile {
                unexplained.append(.modelAsked(version, model: chosen.plan.profile.name))
            } else if !nearest.exact {
                unexplained.append(.otherGoVersion(version, model: chosen.plan.profile.name))
            }
        }
        if !dump.has(.bySize) { unexplained.append(.noBySize) }
        if let row = rows.first(where: { $0.field == .totalAlloc }), dump.has(.totalAlloc), row.relativeError > 0.05 {
            unexplained.append(.totalAllocDiffers(simulated: row.simulated, dump: row.dump))
        }
        if let limit = chosen.plan.memoryLimit, chosen.plan.memoryLimitInferred {
            unexplained.append(.memoryLimitInferred(limit))
        } else if dump.memoryLimit == nil, !dump.memoryLimitKnown {
            unexplained.append(.memoryLimitNotRecorded)
        }
        return Reproduction(scenarioText: ScenarioText.write(chosen.plan, dump: dump, rows: rows, gomaxprocs: configuration.gomaxprocs),
                            plan: chosen.plan, rows: rows, unexplained: unexplained, rounds: chosen.round,
                            gomaxprocs: configuration.gomaxprocs)
    }

    typealias Fit = (score: Double, plan: ReproductionPlan, stats: MemStats, round: Int)

    /// Simulates the plan, corrects its knobs from the residuals, and keeps the best round.
    static func fit(_ start: ReproductionPlan, dump: Dump, configuration: SimulatorConfiguration) throws(ReproductionError) -> Fit {
        var best = try fit(start, dump: dump, configuration: configuration, knobs: .all, rounds: rounds)
        // The peak and the garbage placement pull on each other (a peak of heap objects adds
        // cycles, the placement moves HeapSys): then bisect each alone from the best round so
        // far, in turn, each with fresh brackets.
        var spent = best.round
        for knobs in [Knobs.peak, .placement, .peak] where best.score > 0 {
            let next = try fit(best.plan, dump: dump, configuration: configuration, knobs: knobs, rounds: rounds / 2)
            if next.score < best.score { best = (next.score, next.plan, next.stats, spent + next.round) }
            spent += rounds / 2
        }
        return best
    }

    enum Knobs { case all, peak, placement }

    static func fit(_ start: ReproductionPlan, dump: Dump, configuration: SimulatorConfiguration, knobs: Knobs,
                    rounds: Int) throws(ReproductionError) -> Fit {
        var plan = start
        var best: Fit?
        var brackets = Brackets()
        brackets.placementLow = max(brackets.placementLow, plan.placementFloor)
        for round in 1...rounds {
            let text = ScenarioText.write(plan, dump: dump)
            let stats = try simulate(text, configuration: self.configuration(gomaxprocs: configuration.gomaxprocs, plan: plan))
            let score = self.score(stats, dump)
            if debugRounds { print("round \(round) score \(score) stack \(stats.stackInuse) g \(plan.goroutines)x\(plan.stackBytes) gc \(stats.numGC) place \(plan.garbagePlacement) sys \(stats.heapSys) peak \(plan.peakBytes) \(plan.peakKind) thin \(plan.thinShare) alloc \(stats.heapAlloc) objects \(stats.heapObjects) limit \(plan.memoryLimit ?? 0) gcoff \(plan.gcOffAtEnd)") }
            if best == nil || score < best!.score { best = (score, plan, stats, round) }
            if score == 0 { break }
            switch knobs {
            case .all: correct(&plan, from: stats, dump: dump, brackets: &brackets)
            case .peak: correctPeak(&plan, from: stats, dump: dump, brackets: &brackets)
            case .placement: correctPlacement(&plan, from: stats, dump: dump, brackets: &brackets)
            }
        }
        return best!
    }

    /// Bisection brackets: the GC count rises with the garbage placement, HeapSys with the peak.
    struct Brackets {
        var placementLow = -1.0, placementHigh = 1.0
        var limitLow: UInt64 = 0
        var limitHigh: UInt64?
        var peakLow: UInt64 = 0
        var peakHigh: UInt64?
    }

    /// The largest object size BySize reports (Go's MemStats.BySize stops at the 61st size
    /// class, 19 072 B, though small objects go up to 32 KiB); above it, the dump's objects are
    /// known only through HeapAlloc and HeapObjects.
    static func bySizeTop(_ dump: Dump) -> UInt64 {
        UInt64(dump.has(.bySize) ? dump.stats.bySize.map(\.size).max() ?? 32768 : 32768)
    }

    /// The size of the objects BySize does not list, from their bytes and count: small ones
    /// (up to 32 KiB) as they are, large ones in whole pages (at least 5: 40 KiB is the
    /// smallest span that cannot hold a small object).
    static func beyondBySizeObjectBytes(_ bytes: UInt64, count: UInt64) -> UInt64 {
        let average = bytes / max(count, 1)
        return average <= 32768 ? max(average, 8) : max(5, (average + 4095) / 8192) * 8192
    }

    /// The model of the dump's Go release (the nearest where the simulator has none of its own),
    /// else the newest.
    static func profile(_ dump: Dump) -> GoProfile {
        dump.goVersion.map { GoProfile.nearest(toRelease: $0).profile } ?? .newest
    }

    /// The history read straight from the dump, before any fitting, on `model` (default: the
    /// dump's release's, profile(_:)).
    static func initialPlan(_ dump: Dump, model: GoProfile? = nil) -> ReproductionPlan {
        let model = model ?? profile(dump)
        let s = dump.stats
        var live: [(size: UInt64, count: UInt64)] = []
        var smallBytes: UInt64 = 0, smallCount: UInt64 = 0
        if dump.has(.bySize) {
            for entry in s.bySize where entry.size > 0 && entry.mallocs > entry.frees {
                live.append((UInt64(entry.size), entry.mallocs - entry.frees))
                smallBytes += UInt64(entry.size) * (entry.mallocs - entry.frees)
                smallCount += entry.mallocs - entry.frees
            }
            if s.heapObjects > smallCount, s.heapAlloc > smallBytes {
                let count = s.heapObjects - smallCount
                live.append((beyondBySizeObjectBytes(s.heapAlloc - smallBytes, count: count), count))
            }
        } else if s.heapObjects > 0 {
            live.append((max(8, s.heapAlloc / s.heapObjects), s.heapObjects))
        }
        let liveBytes = live.reduce(0) { $0 + $1.size * $1.count }
        let gap = Double(s.heapInuse) - Double(s.heapAlloc)
        let ratio = max(0, gap / Double(max(s.heapAlloc, 1)))
        let thinK = ratio > 1 ? UInt64(ratio.rounded(.up)) + 1 : 2
        let freedObjects = dump.has(.frees) ? s.frees : 0
        let freedBytes = dump.has(.totalAlloc) && s.totalAlloc > s.heapAlloc ? s.totalAlloc - s.heapAlloc : 0
        var garbageObject: UInt64 = freedObjects > 0 ? freedBytes / freedObjects : 1024
        garbageObject = min(max(garbageObject, 16), 32 * 1024)
        let stackExtra = s.stackInuse > 256 * 1024 ? s.stackInuse - 256 * 1024 : 0
        var stackBytes: UInt64 = 8192
        var goroutines = stackExtra / stackBytes
        if let count = dump.goroutines, count > 8, stackExtra > 0 {
            goroutines = count - 8
            stackBytes = goStackBytes(stackExtra / goroutines)
        } else if stackExtra > 0, let made = goroutinesEverMade(dump, profile: model), made > 0 {
            // Exited goroutines leave their g too, but only live ones hold a stack (2 KiB at
            // least): no more than StackInuse beyond the runtime's own can hold.
            goroutines = min(made, max(1, stackExtra / 2048))
            stackBytes = goStackBytes(stackExtra / goroutines)
        }
        let gcOff = dump.has(.nextGC) && s.nextGC >= noGoal
        var plan = ReproductionPlan(
            live: live, gcPercent: dump.gcPercent ?? 100, memoryLimit: dump.memoryLimit,
            thinShare: min(1, ratio / Double(thinK - 1)), thinK: thinK, goroutines: goroutines, stackBytes: stackBytes,
            peakBytes: 0, garbageObjectBytes: garbageObject,
            garbageBytes: dump.has(.totalAlloc) && s.totalAlloc > liveBytes ? s.totalAlloc - liveBytes : 0,
            garbagePlacement: 0, forcedGCs: dump.has(.numForcedGC) ? UInt64(s.numForcedGC) : 0,
            unsweptShare: gcOff ? 0 : unswept(dump))
        plan.gcOffAtEnd = gcOff
        plan.gcOffThroughout = gcOff && (!dump.has(.numForcedGC) || s.numGC <= s.numForcedGC)
        plan.tiny = tinyAllocations(dump)
        plan.profile = model
        return plan
    }

    /// The environment's variable count (GoEnvironment.reference(count:), 0 to three times the
    /// reference's) that leaves the fewest objects beyond the dump's in its classes: the fitted
    /// simulation's BySize with that count's start-up in place of the plan's. Ties go to the
    /// count nearest the reference's. Returns the count, its excess and the plan's own excess.
    static func environmentVariableCount(_ dump: Dump, simulated: MemStats, plan: ReproductionPlan,
                                         gomaxprocs: Int) -> (count: Int, excess: UInt64, current: UInt64) {
        func startUp(_ count: Int) -> [Int64] {
            var trial = plan
            trial.environmentVariableCount = count
            return SimulatedHeap(configuration: configuration(gomaxprocs: gomaxprocs, plan: trial)).readMemStats()
                .bySize.map { Int64($0.mallocs) - Int64($0.frees) }
        }
        let base = startUp(plan.environmentVariableCount)
        let held = simulated.bySize.map { Int64($0.mallocs) - Int64($0.frees) }
        let real = dump.stats.bySize.map { Int64($0.mallocs) - Int64($0.frees) }
        func excess(_ start: [Int64]) -> UInt64 {
            var total: UInt64 = 0
            for c in 0..<min(held.count, real.count, start.count, base.count) {
                let predicted = held[c] + start[c] - base[c]
                if predicted > real[c] { total += UInt64(predicted - real[c]) }
            }
            return total
        }
        let current = excess(base), reference = GoEnvironment.reference.count
        var best = (count: plan.environmentVariableCount, excess: current)
        guard current > 0 else { return (best.count, 0, 0) }
        for count in 0...3 * reference {
            let e = excess(startUp(count))
            if e < best.excess || (e == best.excess && abs(count - reference) < abs(best.count - reference)) {
                best = (count, e)
            }
        }
        return (best.count, best.excess, current)
    }

    /// The paced garbage for a dump: pieces of 1/32 of a cycle's runway (NextGC less the heap
    /// the last cycle marked), so a mark that starts at the trigger (at least 70 % of the way,
    /// Go's pacer) sees a few pieces at most; the program idle between pieces for as long as the
    /// model's background worker takes to scan the marked heap (Calibration.scanBytesPerNanosecond),
    /// at least 1 ms. The 32 is a choice, not a measurement: the cycles settle as the pieces
    /// shrink. Measured on a reproduction of the logs workload (r1 of 2026-12-06, its 79 MB of
    /// garbage moved after the live set, GOMAXPROCS 2): 4, 9 and 35 pieces a runway ran 30, 31
    /// and 32 cycles on the model, and real Go ran 31 (both runs) at 4 and 30 (both) at 35. Checked
    /// where it was not measured: the reproduction table's other dumps (release-to-os, at
    /// GOMAXPROCS 1, NumGC −5 → 0) and ReproductionTests.
    static func pace(_ dump: Dump, gcPercent: UInt64, garbageObjectBytes: UInt64) -> ReproductionPlan.GarbagePace {
        let s = dump.stats
        let goal = dump.has(.nextGC) && s.nextGC < noGoal ? Double(s.nextGC) : Double(max(s.heapAlloc, 4 << 20))
        let marked = goal / (1 + Double(gcPercent) / 100)
        let piece = max(UInt64((goal - marked) / 32), garbageObjectBytes)
        let scan = Calibration.standard.scanNanoseconds(heapAndStacks: UInt64(marked), globals: 0)
        return .paced(pieceBytes: piece, idleMilliseconds: max(1, UInt64((scan / 1e6).rounded(.up))))
    }

    /// The stack a goroutine that uses `bytes` runs on: Go's stacks are powers of two from
    /// 2 KiB (stackalloc), so a goroutine grows to the next one.
    static func goStackBytes(_ bytes: UInt64) -> UInt64 {
        var stack: UInt64 = 2048
        while stack < bytes, stack < 1 << 30 { stack *= 2 }
        return stack
    }

    /// Goroutines the program made beyond the runtime's own, from their g objects: Go allocates
    /// one per goroutine ever created and never frees it (go-runtime-facts.md §3.4: 456 B in
    /// 1.27, the 480 B size class; GoProfile.gStructClassBytes for the model's release). The
    /// class holds other objects too, so this is an upper bound; the fit corrects it from the
    /// stack residual. The runtime's own are what the model holds in that class at start.
    static func goroutinesEverMade(_ dump: Dump, profile: GoProfile) -> UInt64? {
        let gBytes = profile.gStructClassBytes
        guard dump.has(.bySize), let entry = dump.stats.bySize.first(where: { UInt64($0.size) == gBytes }), entry.mallocs > entry.frees,
              let start = try? simulate("snapshot \"start\"\n", configuration: SimulatorConfiguration(profile: profile)),
              let atStart = start.bySize.first(where: { UInt64($0.size) == gBytes }) else { return nil }
        let own = atStart.mallocs > atStart.frees ? atStart.mallocs - atStart.frees : 0
        let live = entry.mallocs - entry.frees
        return live > own ? live - own : 0
    }

    /// The stack span each M holds beyond the pooled ones: mpreinit's 32 KiB signal stack
    /// (`malg(32 * 1024)`, os_linux.go), a dedicated span (its g0's 16 KiB shares pool spans).
    static let mStackSpanBytes: UInt64 = 32 << 10

    /// Go's page (`_PageSize`, malloc.go): a span of the smallest sizes is one page.
    static let runtimePageBytes: UInt64 = 8 << 10

    /// NextGC at or above this is Go's "no goal" (GOGC=off without a memory limit: the goal is
    /// near the largest int64).
    static let noGoal: UInt64 = 1 << 62

    /// Tiny allocations (noscan objects under 16 B). Go combines them into 16 B blocks: the
    /// block is counted in BySize's 16 B class, each object combined into a block only in
    /// Mallocs and Frees (tinyAllocs, added to both). So Frees beyond BySize's frees is the
    /// tiny count plus the large objects freed, whose number the freed bytes beyond the small
    /// classes bound. The share per block gives the objects' size.
    static func tinyAllocations(_ dump: Dump) -> (objectBytes: UInt64, perBlock: UInt64)? {
        let s = dump.stats
        guard dump.has(.bySize), dump.has(.mallocs), dump.has(.frees), dump.has(.totalAlloc), s.totalAlloc >= s.heapAlloc,
              let blocks = s.bySize.first(where: { $0.size == 16 })?.mallocs, blocks > 0 else { return nil }
        let classFrees = s.bySize.reduce(0) { $0 + $1.frees }
        let classFreedBytes = s.bySize.reduce(0) { $0 + UInt64($1.size) * $1.frees }
        guard s.frees >= classFrees else { return nil }
        let largeFreedBytes = s.totalAlloc - s.heapAlloc > classFreedBytes ? s.totalAlloc - s.heapAlloc - classFreedBytes : 0
        // The freed large objects are taken to be as large as the live ones on average (else
        // the smallest large span, 40 KiB).
        let classLive = s.bySize.reduce((bytes: UInt64(0), count: UInt64(0))) {
            let held = $1.mallocs > $1.frees ? $1.mallocs - $1.frees : 0
            return ($0.bytes + UInt64($1.size) * held, $0.count + held)
        }
        let liveLargeCount = s.heapObjects > classLive.count ? s.heapObjects - classLive.count : 0
        let liveLargeBytes = s.heapAlloc > classLive.bytes ? s.heapAlloc - classLive.bytes : 0
        let largeSize = liveLargeCount > 0 ? max(40960, liveLargeBytes / liveLargeCount) : 40960
        let largeFrees = largeFreedBytes == 0 ? 0 : max(1, largeFreedBytes / largeSize)
        let combined = s.frees - classFrees > largeFrees ? s.frees - classFrees - largeFrees : 0
        let perBlock = Double(combined + blocks) / Double(blocks)
        guard perBlock >= 1.5 else { return nil }
        let size = min(15, max(1, UInt64(16 / perBlock)))
        return (size, tinyObjectsPerBlock(size))
    }

    /// How many objects of `size` bytes Go's tiny allocator fits in one 16 B block (mallocgc
    /// aligns the offset to 8, 4 or 2 bytes when the size is a multiple of it).
    static func tinyObjectsPerBlock(_ size: UInt64) -> UInt64 {
        let align: UInt64 = size % 8 == 0 ? 8 : size % 4 == 0 ? 4 : size % 2 == 0 ? 2 : 1
        var offset: UInt64 = 0, count: UInt64 = 0
        while offset + size <= 16 {
            count += 1
            offset = (offset + size + align - 1) / align * align
        }
        return max(count, 1)
    }

    static func unswept(_ dump: Dump) -> Double {
        let s = dump.stats
        guard dump.has(.nextGC), s.heapAlloc > 0 else { return 0 }
        let marked = Double(s.nextGC) / (1 + Double(dump.gcPercent ?? 100) / 100)
        return min(0.9, max(0, (Double(s.heapAlloc) - marked) / Double(s.heapAlloc)))
    }

    /// How far a simulation is from the dump: first the number of targets it misses (the
    /// issue's bands: 5 % on five fields, one cycle on NumGC), then the largest relative error
    /// over the five fields plus 2 % for every GC cycle of difference.
    static func score(_ simulated: MemStats, _ dump: Dump) -> Double {
        var worst = 0.0
        var missed = 0
        for (field, target) in Reproduction.compared {
            guard case .percent(let band)? = target, let want = dump.stats.integer(field), let got = simulated.integer(field) else { continue }
            let error = want == 0 ? (got == 0 ? 0 : 1) : abs(Double(got) - Double(want)) / Double(want)
            worst = max(worst, error)
            if error * 100 > band { missed += 1 }
        }
        let cycles = abs(Int(simulated.numGC) - Int(dump.stats.numGC))
        if cycles > 1 { missed += 1 }
        return Double(missed) + min(worst, 0.99) * 0.5 + min(0.02 * Double(cycles), 0.49)
    }

    /// Moves each knob against its residual.
    static func correct(_ plan: inout ReproductionPlan, from sim: MemStats, dump: Dump, brackets: inout Brackets) {
        let s = dump.stats
        // Live objects per class: remove what the simulation has beyond the dump (start-up
        // objects, group slices, goroutine closures), add what it lacks.
        if dump.has(.bySize) {
            let leftOut = plan.leftOut(top: bySizeTop(dump))
            for i in plan.live.indices where plan.live[i].size <= bySizeTop(dump) {
                guard let entry = s.bySize.first(where: { UInt64($0.size) == plan.live[i].size }),
                      let simEntry = sim.bySize.first(where: { UInt64($0.size) == plan.live[i].size }) else { continue }
                let want = Int64(entry.mallocs) - Int64(entry.frees)
                let got = Int64(simEntry.mallocs) - Int64(simEntry.frees) + Int64(leftOut[i])
                plan.live[i].count = UInt64(max(0, Int64(plan.live[i].count) + want - got))
            }
            // Large objects: what HeapAlloc and HeapObjects hold beyond the small classes, in the
            // dump and in the simulation (whose group slices can be large objects too).
            func beyondClasses(_ stats: MemStats) -> (bytes: Int64, count: Int64) {
                let small = stats.bySize.filter { $0.size > 0 }
                let bytes = small.reduce(Int64(0)) { $0 + Int64($1.size) * (Int64($1.mallocs) - Int64($1.frees)) }
                let count = small.reduce(Int64(0)) { $0 + Int64($1.mallocs) - Int64($1.frees) }
                return (Int64(stats.heapAlloc) - bytes, Int64(stats.heapObjects) - count)
            }
            // Their size stays the dump's average; their count follows the bytes, which HeapAlloc
            // weighs (the count of large objects is a small part of HeapObjects).
            let want = beyondClasses(s), got = beyondClasses(sim)
            let top = bySizeTop(dump)
            if want.count > 0, want.bytes > Int64(top) {
                let size = Int64(beyondBySizeObjectBytes(UInt64(want.bytes), count: UInt64(want.count)))
                let index = plan.live.indices.first(where: { plan.live[$0].size > top })
                let current = index.map { Int64(plan.live[$0].count) } ?? 0
                let count = UInt64(max(0, current + ((want.bytes - got.bytes) / size)))
                if let index { plan.live[index] = (UInt64(size), count) } else { plan.live.append((UInt64(size), count)) }
            }
            // Slices the dump's own large objects cannot absorb: trade HeapAlloc against
            // HeapObjects by the objects left out, so that both miss by the same share, and
            // leave out no more than the slices that are large objects hold.
            let large = plan.live.first(where: { $0.size > top })?.count ?? 0
            let slotBytes = Double(plan.largeSlotBytes(top: top))
            if large == 0 || plan.standInBytes > 0 {
                let allocError = (Double(sim.heapAlloc) - Double(s.heapAlloc)) / Double(max(s.heapAlloc, 1))
                let objectError = (Double(sim.heapObjects) - Double(s.heapObjects)) / Double(max(s.heapObjects, 1))
                let before = plan.leftOut(top: top).reduce(0, +)
                // Leaving out B bytes more moves the errors by B/HeapAlloc and by the objects
                // they are (leftOut's mix of sizes)/HeapObjects: bisect B to meet them at
                // allocError' = −objectError'.
                func sum(_ bytes: Double) -> Double {
                    var trial = plan
                    trial.standInBytes = UInt64(max(0, Double(plan.standInBytes) + bytes))
                    let objects = Double(trial.leftOut(top: top).reduce(0, +)) - Double(before)
                    let moved = Double(trial.standInBytes) - Double(plan.standInBytes)
                    return (allocError - moved / Double(max(s.heapAlloc, 1))) + (objectError - objects / Double(max(s.heapObjects, 1)))
                }
                var low = -Double(plan.standInBytes), high = max(low, slotBytes - Double(plan.standInBytes))
                if sum(low) <= 0 { high = low }
                for _ in 0..<48 where high - low > 1 {
                    let middle = (low + high) / 2
                    if sum(middle) > 0 { low = middle } else { high = middle }
                }
                plan.standInBytes = UInt64(max(0, Double(plan.standInBytes) + (low + high) / 2))
            }
        } else if let only = plan.live.indices.first {
            let scale = Double(s.heapAlloc) / Double(max(sim.heapAlloc, 1))
            plan.live[only].count = UInt64(Double(plan.live[only].count) * scale)
        }
        // Goroutines: scale the count by the stack residual beyond the start-up stacks, in
        // whole stacks of the size they run on.
        let stackResidual = Int64(s.stackInuse) - Int64(sim.stackInuse)
        // An M holds a 32 KiB gsignal span and half a pool span (its 16 KiB g0) on average, at
        // most a fresh pool span: two Ms hold at most four 32 KiB spans.
        let mBytes = Int64(mStackSpanBytes) * 3 / 2
        let twoMsAtMost = 4 * Int64(mStackSpanBytes)
        let ps = gomaxprocs(dump, profile: plan.profile)
        if ps > 1, plan.goroutines == 0, stackResidual >= mBytes, stackResidual <= twoMsAtMost {
            // Less stack than the dump by an M or two, several Ps and no goroutines: real Go
            // started Ms beyond the model's rule (it starts them by timing, as at a GC's
            // start-the-world when no M is idle).
            plan.extraMs += Int(stackResidual / mBytes)
        } else if plan.goroutines > 0 || stackResidual >= Int64(mStackSpanBytes) {
            let delta = Double(stackResidual) / Double(goStackBytes(plan.stackBytes))
            plan.goroutines = UInt64(max(0, Double(plan.goroutines) + (delta * 0.9).rounded()))
        } else if stackResidual <= -Int64(mStackSpanBytes) {
            // More stack than the dump and no goroutines to take away: real Go started fewer
            // Ms than the model's rule (it starts them by timing). Each holds a gsignal span.
            // Not below none at all.
            let ruleMs = ExtraMs.ruleCount(gomaxprocs: ps)
            plan.extraMs = max(-ruleMs, plan.extraMs - Int(-stackResidual / Int64(mStackSpanBytes)))
        }
        // Goroutine count: each simulated goroutine also leaves heap objects (its closure); when
        // the simulation holds more objects than the dump, fewer goroutines with larger stacks
        // explain the same StackInuse (one goroutine stays: none would hold no stack at all).
        if plan.goroutines > 1, sim.heapObjects > s.heapObjects + s.heapObjects / 50, plan.stackBytes < 1 << 20 {
            plan.stackBytes *= 2
            plan.goroutines /= 2
        }
        // Fragmentation: the share of thinned spans follows the HeapInuse − HeapAlloc residual.
        let wantGap = Double(s.heapInuse) - Double(s.heapAlloc)
        let gotGap = Double(sim.heapInuse) - Double(sim.heapAlloc)
        let gapPerShare = plan.gapPerThinShare(top: bySizeTop(dump))
        if gapPerShare > 0 {
            let step = (wantGap - gotGap) / gapPerShare
            if plan.thinShare >= 1, step > 0.02 {
                // Every span is thinned already: thin them harder.
                plan.thinK += 1
            } else {
                plan.thinShare = min(1, max(0, plan.thinShare + step))
            }
        }
        correctPlacement(&plan, from: sim, dump: dump, brackets: &brackets)
        correctPeak(&plan, from: sim, dump: dump, brackets: &brackets)
    }

    /// GC count: bisect where the garbage was made; with an inferred memory limit, the limit
    /// (a lower limit runs more cycles).
    static func correctPlacement(_ plan: inout ReproductionPlan, from sim: MemStats, dump: Dump, brackets: inout Brackets) {
        let s = dump.stats
        if plan.memoryLimitInferred, let limit = plan.memoryLimit {
            // A lower limit runs more cycles and caps the heap lower: bisect it on NumGC, and
            // once the cycles agree, lower it while HeapSys is above the dump's (a step function
            // of the limit: whole chunks). HeapSys short with the cycles agreeing is raised only
            // below a limit already tried with HeapSys above (limitHigh), where the cycles
            // were also tried; otherwise it is left to the peak (correctPeak): raising the limit
            // past what was tried could run fewer cycles.
            let tolerance = s.heapSys / 50
            let agree = sim.numGC == s.numGC
            let lower = sim.numGC < s.numGC || (agree && sim.heapSys > s.heapSys + tolerance)
            let raise = sim.numGC > s.numGC || (agree && sim.heapSys + tolerance < s.heapSys && brackets.limitHigh != nil)
            // Not below half the live heap: a limit the live heap alone exceeds collects without end.
            let floor = max(brackets.limitLow, s.heapAlloc / 2)
            if lower {
                brackets.limitHigh = limit
                plan.memoryLimit = (floor + limit) / 2
            } else if raise {
                brackets.limitLow = limit
                plan.memoryLimit = brackets.limitHigh.map { (limit + $0) / 2 } ?? limit * 2
            }
            return
        }
        if sim.numGC < s.numGC { brackets.placementLow = plan.garbagePlacement }
        else if sim.numGC > s.numGC { brackets.placementHigh = plan.garbagePlacement }
        if sim.numGC != s.numGC { plan.garbagePlacement = (brackets.placementLow + brackets.placementHigh) / 2 }
    }

    static func correctPeak(_ plan: inout ReproductionPlan, from sim: MemStats, dump: Dump, brackets: inout Brackets) {
        let s = dump.stats
        // HeapSys: a past peak makes up what the history so far does not reach. The heap maps
        // whole 4 MiB chunks, so HeapSys is a step function of the peak: bisect it.
        let sysError = Int64(s.heapSys) - Int64(sim.heapSys)
        let tolerance = Int64(s.heapSys / 50)
        if sysError > tolerance {
            brackets.peakLow = plan.peakBytes
            plan.peakBytes = brackets.peakHigh.map { (plan.peakBytes + $0) / 2 } ?? plan.peakBytes + UInt64(sysError)
        } else if sysError < -tolerance, plan.peakBytes > 0 {
            brackets.peakHigh = plan.peakBytes
            plan.peakBytes = (brackets.peakLow + plan.peakBytes) / 2
            // Below one 64 KiB object the scenario has no peak: say so, so the burst can shrink next.
            if plan.peakBytes < 65536 { plan.peakBytes = 0 }
        } else if sysError < -tolerance, plan.garbagePlacement < 0 {
            // The heap grew higher than the dump's: the burst was smaller than all the garbage.
            plan.garbageBytes = UInt64(Double(plan.garbageBytes) * Double(s.heapSys) / Double(sim.heapSys))
        }
    }

    /// GOMAXPROCS: as the dump says (runtime/metrics, gctrace), else from MCacheInuse, which
    /// holds one mcache per P: the model's mcache bytes for one P, read from a simulation.
    static func gomaxprocs(_ dump: Dump, profile: GoProfile? = nil) -> Int {
        if let p = dump.gomaxprocs { return Int(min(max(p, 1), 256)) }
        guard dump.has(.mCacheInuse),
              let one = try? simulate("snapshot \"start\"\n", configuration: SimulatorConfiguration(profile: profile ?? Self.profile(dump))),
              one.mCacheInuse > 0 else { return 1 }
        return Int(min(max((Double(dump.stats.mCacheInuse) / Double(one.mCacheInuse)).rounded(), 1), 256))
    }

    /// The options `memstats run FILE` needs to simulate what `configuration(gomaxprocs:plan:)`
    /// simulates: the simulator alone, the plan's heap base and environment (not run's defaults),
    /// the dump's Ps, the plan's Ms and model.
    static func runArguments(_ plan: ReproductionPlan, gomaxprocs: Int) -> [String] {
        ["--backend", "simulator"]
            + (plan.heapPaddingPages.map { ["--heap-base", "random", "--heap-padding", "\($0)"] } ?? ["--heap-base", "fixed"])
            + ["--go-environment", plan.environmentVariableCount == GoEnvironment.reference.count
                ? "reference" : "reference:\(plan.environmentVariableCount)"]
            + (gomaxprocs > 1 ? ["--gomaxprocs", "\(gomaxprocs)"] : [])
            + (plan.extraMs != 0 ? ["--extra-ms", "\(plan.extraMs)"] : [])
            + ["--model", plan.profile.name]
    }

    /// The plan's model at the dump's GOMAXPROCS, with the plan's Ms, heap base and environment.
    public static func configuration(gomaxprocs: Int, plan: ReproductionPlan) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(profile: plan.profile, gomaxprocs: gomaxprocs)
        configuration.extraMs = plan.extraMs == 0 ? .rule : .moved(by: plan.extraMs)
        configuration.heapBase = plan.heapPaddingPages.map { .random(paddingPageCount: $0) } ?? .fixed
        configuration.environment = .reference(count: plan.environmentVariableCount)
        return configuration
    }

    static func simulate(_ text: String, configuration: SimulatorConfiguration) throws(ReproductionError) -> MemStats {
        let compilation = ScenarioCompiler.compile(source: text, file: "reproduction.scenario")
        guard let scenario = compilation.scenario, !compilation.hasErrors else {
            throw .scenarioRejected(compilation.rendered())
        }
        let record = ScenarioInterpreter(backends: [SimulatorBackend(configuration: configuration)]).run(scenario)
        return record.snapshots.last?.readings[.simulator]?.memStats ?? MemStats()
    }
}

/// Writes a plan as a .scenario with notes saying what each part stands for.
enum ScenarioText {
    /// The rounds a live set grown with the garbage is made in (ReproductionPlan.Growth): enough
    /// for the heap's goal to follow it (a cycle or more per round), few enough for a short scenario.
    static let growthRounds: UInt64 = 8
    /// The most pieces one paced allocation of garbage is cut into (ReproductionPlan.GarbagePace):
    /// a bound on the scenario's length and on the idle time a real Go run of it sleeps.
    static let maxPieces: UInt64 = 1024

    /// The stack size of the goroutines standing for a past peak: 64 KiB, larger when that
    /// would take more than a thousand goroutines (each leaves a g object on the heap).
    static func peakStackBytes(_ peak: UInt64) -> UInt64 {
        var stack: UInt64 = 65536
        while peak / stack > 1000, stack < 1 << 30 { stack *= 2 }
        return stack
    }

    static func write(_ plan: ReproductionPlan, dump: Dump, rows: [ReproductionRow] = [], gomaxprocs: Int = 1) -> String {
        var lines: [String] = []
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "'") + "\"" }
        /// A text with its Chinese clause, as the scenario language writes translated narration.
        func quote(_ text: String, _ chinese: String) -> String { quote(text) + " zh " + quote(chinese) }
        let name = dump.source.split(separator: "/").last.map(String.init) ?? dump.source
        lines.append("title \(quote("Reproduction of \(name)", "\(name) 的重现"))")
        lines.append("about \(quote("A history inferred from the dump (\(dump.form.rawValue)) by memstats inspect --reproduce.", "memstats inspect --reproduce 从转储（\(dump.form.rawValue)）推断出的一段历史。"))")
        lines.append("about \(quote("Each part is a guess the numbers allow, fitted on the \(plan.profile.name) model; change it and rerun.", "每一部分都是这些数字允许的一种猜测，在 \(plan.profile.name) 模型上拟合；改动它再运行。"))")
        if !rows.isEmpty {
            lines.append("")
            lines.append("# How close the simulation of this file comes to the dump (memstats run FILE "
                         + Reproducer.runArguments(plan, gomaxprocs: gomaxprocs).joined(separator: " ") + "):")
            for row in rows {
                let band = row.meetsTarget.map { $0 ? "within target" : "MISSES target" } ?? "reported only"
                lines.append("#   \(row.field.rawValue): dump \(row.dump), simulated \(row.simulated)"
                             + " (\(String(format: "%.1f", row.relativeError * 100)) %, \(band))")
            }
        }
        lines.append("")
        lines.append("step \(quote("Settings", "设置"))")
        if plan.gcOffThroughout {
            lines.append("note \(quote("NextGC has no goal and every cycle was forced: GOGC was off throughout.", "NextGC 没有目标，且每个周期都是强制的：GOGC 一直是关闭的。"))")
            lines.append("set gogc off")
        } else if plan.memoryLimitOffAtEnd {
            lines.append("note \(quote("NextGC has no goal, yet cycles ran that were not forced: here GOGC was off and a memory limit ran them, lifted before the dump.", "NextGC 没有目标，却运行过非强制的周期：这里 GOGC 是关闭的，由内存上限触发了它们，取转储之前上限被取消了。"))")
            lines.append("set gogc off")
        } else {
            lines.append("note \(quote(dump.gcPercent != nil ? "GOGC as the dump reports it." : "GOGC is not in the dump; 100 is Go's default.", dump.gcPercent != nil ? "GOGC 取转储报告的值。" : "转储里没有 GOGC；100 是 Go 的默认值。"))")
            lines.append("set gogc \(plan.gcPercent)")
        }
        if plan.extraMs != 0 {
            let count = abs(plan.extraMs), more = plan.extraMs > 0
            lines.append("note \(quote("StackInuse shows real Go started \(count) M\(count == 1 ? "" : "s") (threads) \(more ? "more" : "fewer") than the model's rule (Go starts them by timing; each holds a 32 KiB signal stack): run with --extra-ms \(plan.extraMs).", "StackInuse 显示真实 Go 比模型的规则\(more ? "多" : "少")启动了 \(count) 个 M（线程）（Go 按时机启动它们；每个持有一个 32 KiB 的信号栈）：运行时加 --extra-ms \(plan.extraMs)。"))")
        }
        if let pages = plan.heapPaddingPages {
            lines.append("note \(quote("HeapSys shows one 4 MiB chunk more than a fixed heap base gives: Go 1.26+ starts the heap at a random base, with 0-511 released padding pages below it, and MemStats does not record the draw. Run with --heap-base random --heap-padding \(pages).", "HeapSys 比固定堆基址多出一个 4 MiB 的块：Go 1.26+ 把堆放在随机基址上，下面有 0-511 个已归还的填充页，而 MemStats 不记录抽到的值。运行时加 --heap-base random --heap-padding \(pages)。"))")
        }
        if plan.environmentVariableCount != GoEnvironment.reference.count {
            let count = plan.environmentVariableCount, reference = GoEnvironment.reference.count
            lines.append("note \(quote("BySize holds fewer of some small objects than the model's start-up makes: Go copies every environment variable to the heap before main (and the list of them twice), and this program's environment was not the model's reference (\(reference) variables). The fit takes \(count) (the reference's first \(min(count, reference))\(count > reference ? " and \(count - reference) more of two bytes" : "")); the live set holds the rest. Run with --go-environment reference:\(count).", "BySize 中某些小对象比模型启动时创建的少：Go 在 main 之前把每个环境变量（以及它们的列表两次）复制到堆上，而这个程序的环境不是模型的参考环境（\(reference) 个变量）。拟合取 \(count) 个（参考环境的前 \(min(count, reference)) 个\(count > reference ? "，再加 \(count - reference) 个两字节的" : "")）；其余的由存活集合持有。运行时加 --go-environment reference:\(count)。"))")
        }
        if let limit = plan.memoryLimit {
            if plan.memoryLimitInferred {
                lines.append("note \(quote("MemStats does not record GOMEMLIMIT. The dump ran more cycles than GOGC alone runs for this heap, as a memory limit would: this limit is fitted to NumGC, a guess, not the dump's.", "MemStats 不记录 GOMEMLIMIT。转储运行的周期比单靠 GOGC 对这个堆运行的多，就像有内存上限时那样：这个上限是按 NumGC 拟合的，是猜测，不是转储里的值。"))")
            }
            lines.append("set memlimit \(limit)B")
        }
        // TotalAlloc counts every byte ever allocated once: the thinned-away objects and a peak
        // of heap objects are part of it, so the garbage is what they leave.
        let top = Reproducer.bySizeTop(dump)
        let thinnedKept = plan.thinnedKept(top: top)
        let thinnedAway: UInt64
        switch plan.thinning {
        case .uniform:
            thinnedAway = plan.live.filter { $0.size <= top && !(plan.tiny != nil && $0.size == 16) }.reduce(UInt64(0)) {
                $0 + UInt64((Double($1.count) * (1 - plan.unsweptShare) * plan.thinShare).rounded()) * (plan.thinK - 1) * $1.size
            }
        case .largestSizesFirst:
            thinnedAway = plan.live.indices.reduce(UInt64(0)) {
                $0 + thinnedKept[$1] * (plan.thinK(forObjectBytes: plan.live[$1].size) - 1) * plan.live[$1].size
            }
        }
        let peakGarbage = plan.peakKind != .stacks && plan.peakBytes >= 65536 ? plan.peakBytes / 65536 * 65536 : 0
        let netGarbage = plan.garbageBytes > thinnedAway + peakGarbage ? plan.garbageBytes - thinnedAway - peakGarbage : 0
        let garbageObjects = netGarbage / plan.garbageObjectBytes
        let moved = UInt64(Double(garbageObjects) * min(1, abs(plan.garbagePlacement)))
        let late = garbageObjects - moved
        /// The burst, held and dropped at once.
        func burst() {
            lines.append("")
            lines.append("step \(quote("A burst, dropped", "一次突发，随后丢弃"))")
            lines.append("note \(quote("Part of what was allocated (TotalAlloc minus the live set) was held for a while and dropped at once.", "分配的一部分（TotalAlloc 减去存活集合）被持有了一阵，然后一次性丢弃。"))")
            lines.append("alloc \(moved) x \(plan.garbageObjectBytes)B as burst")
            lines.append("free burst")
        }
        // A burst beside a peak that ran cycles comes first: its spans are swept and reused as the
        // peak grows, as a program's garbage is while its heap grows (after the peak, nothing
        // collected would make room for it, and the heap would grow by the burst).
        let burstFirst = moved > 0 && plan.garbagePlacement < 0 && plan.peakBytes >= 65536 && plan.peakKind == .heapObjects
        if burstFirst { burst() }
        if plan.peakBytes >= 65536 {
            lines.append("")
            switch plan.peakKind {
            case .heapObjects:
                lines.append("step \(quote("A past peak", "过去的峰值"))")
                lines.append("note \(quote("HeapSys (\(ByteCount(dump.stats.heapSys))) is more than the rest of the history needs: the heap was once larger.", "HeapSys（\(ByteCount(dump.stats.heapSys))）比历史的其余部分需要的多：堆曾经更大。"))")
                lines.append("alloc \(plan.peakBytes / 65536) x 64KiB as peak")
                lines.append("free peak")
            case .heapObjectsWithoutCycles:
                lines.append("step \(quote("A past peak", "过去的峰值"))")
                lines.append("note \(quote("HeapSys (\(ByteCount(dump.stats.heapSys))) is more than the rest of the history needs: the heap was once larger.", "HeapSys（\(ByteCount(dump.stats.heapSys))）比历史的其余部分需要的多：堆曾经更大。"))")
                lines.append("note \(quote("The collector is off while the peak is made (a peak that ran cycles fits the dump less well), so it sets HeapSys and leaves the cycle count to the garbage below.", "制造峰值时回收器是关闭的（运行了周期的峰值与转储吻合得更差），所以它只决定 HeapSys，周期数留给下面的垃圾。"))")
                lines.append("set gogc off")
                lines.append("alloc \(plan.peakBytes / 65536) x 64KiB as peak")
                lines.append("free peak")
                lines.append(plan.gcOffThroughout || plan.memoryLimitOffAtEnd ? "set gogc off" : "set gogc \(plan.gcPercent)")
            case .stacks:
                let stack = peakStackBytes(plan.peakBytes)
                lines.append("step \(quote("A past peak of goroutine stacks", "过去的 goroutine 栈峰值"))")
                lines.append("note \(quote("HeapSys (\(ByteCount(dump.stats.heapSys))) is more than the rest of the history needs, and too few cycles ran for heap objects to have filled it: goroutine stacks held those pages and gave them back when they exited.", "HeapSys（\(ByteCount(dump.stats.heapSys))）比历史的其余部分需要的多，而运行的周期太少，不可能是堆对象占满过它：是 goroutine 栈占过这些页，退出时还了回来。"))")
                lines.append("goroutines \(max(1, plan.peakBytes / stack)) stack \(stack)B as peak")
                lines.append("exit peak")
            }
        }
        /// The lines that allocate `count` objects of garbage, at the plan's pace (at most
        /// `maxPieces` pieces, so a dump of many cycles still makes a scenario of bounded length).
        func garbage(_ count: UInt64) -> [String] {
            let line = "alloc \(count) x \(plan.garbageObjectBytes)B"
            guard case .paced(let pieceBytes, let idle) = plan.pace else { return [line] }
            let perPiece = max(pieceBytes / plan.garbageObjectBytes, (count + ScenarioText.maxPieces - 1) / ScenarioText.maxPieces, 1)
            guard count / perPiece >= 2 else { return [line] }
            var lines = ["repeat \(count / perPiece)", "  alloc \(perPiece) x \(plan.garbageObjectBytes)B", "  sleep \(idle)ms", "end"]
            if count % perPiece > 0 { lines.append("alloc \(count % perPiece) x \(plan.garbageObjectBytes)B") }
            return lines
        }
        func paceNote() {
            guard case .paced(let pieceBytes, let idle) = plan.pace else { return }
            let piece = ByteCount(pieceBytes)
            lines.append("note \(quote("The garbage comes in pieces of about \(piece) with the program idle \(idle) ms between them, as a service between requests: the mark workers finish each cycle before much more is allocated, so the same bytes run more cycles than one tight loop would.", "垃圾分成约 \(piece) 的小块产生，块与块之间程序空闲 \(idle) 毫秒，就像服务处理请求的间隙：标记 worker 在分配更多之前就完成了每个周期，所以同样的字节比一个紧凑循环运行更多周期。"))")
        }
        if moved > 0, plan.garbagePlacement < 0 {
            if !burstFirst { burst() }
        } else if moved > 0 {
            lines.append("")
            lines.append("step \(quote("Garbage while the heap was small", "堆还小时的垃圾"))")
            lines.append("note \(quote("Part of the garbage (TotalAlloc minus the live set) was made before the live set grew; it sets how many cycles ran.", "一部分垃圾（TotalAlloc 减去存活集合）产生在存活集合长大之前；它决定运行了多少个周期。"))")
            paceNote()
            lines += garbage(moved)
        }
        func steadyGarbage() {
            guard late > 0 else { return }
            lines.append("")
            lines.append("step \(quote("Steady garbage", "持续的垃圾"))")
            if moved == 0 || plan.garbagePlacement < 0 { paceNote() }
            lines += garbage(late)
        }
        func gcOff() {
            lines.append("")
            if plan.memoryLimitOffAtEnd {
                lines.append("step \(quote("Limit off", "取消上限"))")
                lines.append("note \(quote("NextGC has no goal: with GOGC off, the limit was lifted before the dump, so what was allocated since was never collected.", "NextGC 没有目标：GOGC 关闭时，上限在取转储之前被取消了，所以此后分配的从未被回收。"))")
                lines.append("set memlimit off")
                return
            }
            lines.append("step \(quote("GOGC off", "关闭 GOGC"))")
            lines.append("note \(quote("NextGC has no goal: GOGC was off when the dump was taken, so what was allocated since was never collected.", "NextGC 没有目标：取转储时 GOGC 是关闭的，所以此后分配的从未被回收。"))")
            lines.append("set gogc off")
        }
        if plan.gcOffAtEnd, !plan.gcOffThroughout, plan.liveAfterGCOff {
            steadyGarbage()
            gcOff()
        }
        lines.append("")
        lines.append("step \(quote("The live set", "存活集合"))")
        lines.append("note \(quote("Objects by size from BySize (Mallocs − Frees), and what HeapAlloc and HeapObjects leave for large objects.", "按大小的对象来自 BySize（Mallocs − Frees），HeapAlloc 与 HeapObjects 剩下的归为大对象。"))")
        let standIn = zip(plan.live, plan.leftOut(top: top)).filter { $0.1 > 0 }
        if !standIn.isEmpty {
            let objects = standIn.reduce(UInt64(0)) { $0 + $1.1 }
            let sizes = standIn.map { "\($0.0.size) B" }.joined(separator: ", ")
            lines.append("note \(quote("Each group's slice holds its objects by 8 B slots, where a program holds most of its objects through pointers inside other objects (counted in BySize already). The slices add bytes the dump does not show, so \(objects) objects (\(sizes)) are left out: HeapAlloc and HeapObjects then miss by as little as they can together.", "每个组的切片用 8 B 的槽位持有它的对象，而程序多半是通过其他对象里的指针持有对象（已计入 BySize）。这些切片多出了转储里没有的字节，所以这里少分配 \(objects) 个对象（\(sizes)）：这样 HeapAlloc 和 HeapObjects 合起来偏差最小。"))")
        }
        if plan.livePointers {
            lines.append("note \(quote("The live objects hold pointers: Go keeps them in other spans than pointer-free objects of the same size, and here they share the start-up's (HeapInuse says so; MemStats does not say which objects hold pointers).", "存活对象含指针：Go 把它们和同样大小的无指针对象放在不同的 span 里，这里它们与启动时的对象共用 span（HeapInuse 这样表明；MemStats 不说明哪些对象含指针）。"))")
        }
        if let tiny = plan.tiny {
            lines.append("note \(quote("Mallocs and Frees count \(tiny.perBlock) tiny objects per 16 B block of BySize: they are \(tiny.objectBytes) B objects the tiny allocator combined.", "Mallocs 和 Frees 显示 BySize 的每个 16 B 块里有 \(tiny.perBlock) 个极小对象：它们是被 tiny 分配器合并的 \(tiny.objectBytes) B 对象。"))")
        }
        func afterLastGC(_ entry: (size: UInt64, count: UInt64)) -> UInt64 {
            UInt64((Double(entry.count) * plan.unsweptShare).rounded(.down))
        }
        /// An allocation of `count` objects of the entry's size, held in `group` or garbage; 16 B
        /// blocks of tiny objects are allocated as the tiny objects they hold. An object of the
        /// 8 B class holds a pointer: Go's tiny allocator combines every pointer-free object under
        /// 16 B into a 16 B block (mallocgc's maxTinySize), so only a pointer keeps one in its class.
        func alloc(_ count: UInt64, _ entry: (size: UInt64, count: UInt64), as group: String? = nil,
                   pointers: Bool = false) -> String {
            let held = group.map { " as \($0)" } ?? ""
            if let tiny = plan.tiny, entry.size == 16 { return "alloc \(count * tiny.perBlock) x \(tiny.objectBytes)B" + held }
            return "alloc \(count) x \(entry.size)B" + held + (entry.size < 16 || pointers ? " pointers" : "")
        }
        /// Each allocation of the live set: how many, its line for a count, and for a thinned
        /// group the free that thins it.
        var allocations: [(count: UInt64, line: (UInt64) -> String, free: String?)] = []
        let leftOut = plan.leftOut(top: top)
        for (index, entry) in plan.live.enumerated() where entry.count > 0 {
            let held = entry.count - afterLastGC(entry)
            let thinned = thinnedKept[index]
            let packed = held - thinned - leftOut[index]
            if packed > 0 {
                allocations.append((packed, { alloc($0, entry, as: "live\(index)", pointers: plan.livePointers) }, nil))
            }
            if thinned > 0 {
                let k = plan.thinK(forObjectBytes: entry.size)
                allocations.append((thinned * k, { alloc($0, entry, as: "thin\(index)") }, "free thin\(index) keep 1 in \(k)"))
            }
        }
        let interleaved = plan.growth == .withTheGarbage && !plan.gcOffAtEnd
        if interleaved {
            // The live set grows while the steady garbage is made, in rounds (cycles run as the
            // heap grows); the thinned spans are thinned once it has grown.
            lines.append("note \(quote("It grew while the garbage was made, in \(ScenarioText.growthRounds) rounds: the heap's goal grew with it.", "它是在产生垃圾的同时分 \(ScenarioText.growthRounds) 轮长大的：堆的目标随之增长。"))")
            // The thinned groups are made once the rounds are done and thinned at once: a gap
            // made earlier is refilled by the later rounds' objects of the same classes (Go
            // sweeps the free slots back into use), and thinned objects held through the rounds
            // would count toward every goal on the way (a program drops them as it goes).
            let rounds = ScenarioText.growthRounds
            let grown = allocations.filter { $0.free == nil } + (late > 0 ? [(late, { garbage($0).joined(separator: "\n") }, nil)] : [])
            if late > 0 { paceNote() }
            lines.append("repeat \(rounds)")
            for a in grown where a.count / rounds > 0 { lines.append("  " + a.line(a.count / rounds).replacingOccurrences(of: "\n", with: "\n  ")) }
            lines.append("end")
            for a in grown where a.count % rounds > 0 { lines.append(a.line(a.count % rounds)) }
            for a in allocations where a.free != nil { lines.append(a.line(a.count)) }
            lines += allocations.compactMap(\.free)
        } else {
            for a in allocations {
                lines.append(a.line(a.count))
                if let free = a.free { lines.append(free) }
            }
        }
        if plan.thinShare > 0 {
            let gap = ByteCount(dump.stats.heapInuse &- dump.stats.heapAlloc)
            switch plan.thinning {
            case .uniform:
                lines.append("note \(quote("Some spans were thinned (keep 1 in \(plan.thinK)): HeapInuse − HeapAlloc is \(gap).", "有些 span 被稀疏化了（每 \(plan.thinK) 个留 1 个）：HeapInuse − HeapAlloc 是 \(gap)。"))")
            case .largestSizesFirst:
                lines.append("note \(quote("Spans of the largest sizes were thinned to one object each (keep 1 in the objects such a span holds): HeapInuse − HeapAlloc is \(gap). Which sizes hold the gap MemStats does not say; these make it with the fewest slots in the groups' slices.", "最大几种大小的 span 被稀疏化到每个只剩一个对象（按这种 span 能容纳的对象数，每这么多个留 1 个）：HeapInuse − HeapAlloc 是 \(gap)。MemStats 不说明空隙在哪些大小里；这样做在组切片里用的槽位最少。"))")
            }
        }
        if plan.goroutines > 0 {
            lines.append("")
            lines.append("step \(quote("Goroutines", "goroutine"))")
            lines.append("note \(quote("StackInuse (\(ByteCount(dump.stats.stackInuse))) beyond the runtime's own stacks.", "StackInuse（\(ByteCount(dump.stats.stackInuse))）中超出运行时自身栈的部分。"))")
            lines.append("goroutines \(plan.goroutines) stack \(plan.stackBytes)B as workers")
        }
        if !(plan.gcOffAtEnd && plan.liveAfterGCOff), !interleaved { steadyGarbage() }
        if plan.gcOffAtEnd, !plan.gcOffThroughout, !plan.liveAfterGCOff { gcOff() }
        // Under a limit lifted before the dump, the objects since the last cycle were never
        // collected: no final collection beyond the forced ones.
        let finalGCs = plan.memoryLimitOffAtEnd ? min(plan.forcedGCs, 1000) : max(1, min(plan.forcedGCs, 1000))
        if finalGCs > 0 {
            lines.append("")
            lines.append("step \(quote("The last collection", "最后一次回收"))")
            let forcedNote = plan.forcedGCs > 0 ? ", standing for the program's runtime.GC calls (NumForcedGC)" : ""
            let forcedNoteZh = plan.forcedGCs > 0 ? "，代表程序的 runtime.GC 调用（NumForcedGC）" : ""
            lines.append("note \(quote("A dump cannot tell live objects from garbage not yet swept, so all of them are held above; a final collection ends the history\(forcedNote).", "转储分不清存活对象和尚未清扫的垃圾，所以上面全部持有；最后一次回收结束这段历史\(forcedNoteZh)。"))")
            for _ in 0..<finalGCs { lines.append("gc") }
        }
        if plan.unsweptShare > 0 {
            lines.append("")
            lines.append("step \(quote("Since the last collection", "最后一次回收之后"))")
            lines.append("note \(quote("HeapAlloc is above what the last cycle marked (about NextGC ÷ (1 + GOGC/100)): objects allocated since, live or not yet found dead. Until the next cycle both count alike, so they are made here as garbage, which needs no slot in a group's slice.", "HeapAlloc 高于上一个周期标记的量（约 NextGC ÷ (1 + GOGC/100)）：此后分配的对象，存活的或尚未被发现已死的。在下一个周期之前两者计数相同，所以这里把它们作为垃圾分配，不需要组切片里的槽位。"))")
            for entry in plan.live where afterLastGC(entry) > 0 {
                lines.append(alloc(afterLastGC(entry), entry))
            }
        }
        lines.append("")
        lines.append("snapshot \(quote("as the dump", "如同转储")) focus HeapAlloc HeapInuse HeapSys StackInuse HeapObjects NumGC")
        return lines.joined(separator: "\n") + "\n"
    }
}
