// Predicted bands: what the simulator predicts when a mechanism whose real behaviour varies from
// run to run is given each of a few measured values in turn, instead of one.
//
// Real Go is not repeatable in every field. Where the model has a knob for such a mechanism, the
// same scenario is run on the simulator once per named variant (one value of the knob, from its
// measured range, with its provenance); per snapshot and field the band is [min, max] over the
// variants and the point (the model's default). The simulator's components know nothing of
// this: it is a runner over several simulations, deterministic (each variant is a fixed
// configuration) and bounded (at most `maximumVariants` runs besides the point).
//
// Mechanisms with a knob today:
// - where a mark ends at GOMAXPROCS > 1: the mark-termination latency, the time from the background
//   workers' end of scan work to the mark-termination stop (Calibration's
//   markTerminationLatencyNanoseconds and its figure for fewer CPUs than Ps, both set by a variant,
//   or a per-cycle sequence of it). Two variants give each cycle in turn one decile of its measured
//   distribution (runs that mix short and long marks), two hold its p25 or p90 for a whole run.
//   They were measured on a loaded machine: the point's latency is a quiet one's (a CPU per P, 0.08
//   ms; fewer CPUs than Ps, 1.1 ms), so on a machine with a CPU per P the band reaches from the
//   point up to how a busy machine runs the marks. At P = 1 it does nothing, so no variant of it
//   runs there. The scavenger's wake (20 µs instead of sysmon's 10 ms) was tried and moved no field
//   of the lessons or the held-out set at P = 1.
// - the random heap base (models of Go 1.26+): the padding pages the first growth marks at the
//   base (SimulatorConfiguration.heapBase), when the program is built with a random base. Go
//   draws them uniformly from 0–511 (its own rule, not a measurement); the point takes the middle
//   and two variants the ends of that range. They stay released (HeapReleased, HeapIdle), and
//   where the program's first chunk fills up they cost another 4 MiB chunk (HeapSys, Sys).
// - sysmon's preemption at GOMAXPROCS = 1 (Calibration.sysmonPreemptionDelayNanoseconds): in a
//   mark whose assists stop short of its scan work (heapScan missed objects), the fractional
//   worker does the rest when sysmon preempts the program, anywhere from 0 to 10 ms after it
//   could first have finished; the point takes 5 ms, two variants the ends (Go's forcePreemptNS
//   and sysmon's 10 ms polling, not a measurement). Marks the assists finish do not move.
// - the large-object zeroing race (profiles whose mallocgcLarge checks the trigger before it
//   zeroes a large pointer object on pages used before: GoProfile.LargeObjectZeroing): the point
//   lets the cycle that allocation starts mark the object unscanned; one variant lets the
//   zeroing set its type first, so that cycle scans it (SimulatorConfiguration.largeObjectRace).
// - the Ms real Go starts by timing at GOMAXPROCS > 1 (SimulatorConfiguration.extraMs): the point
//   starts P−1 at start-up (wakep, once per start-up goroutine readied while Ps are idle); one
//   variant starts one more (startTheWorldWithSema starts an M when a P has work and none is idle
//   at that instant, a race seen at some GCs of some runs), and with P−1 ≥ 2 one variant starts
//   one fewer (wakep starts none while another M spins). The model starts a variant's M at
//   start-up, whenever real Go started it: the stacks and heap objects are the same.
// The mechanisms' variants run one mechanism at a time (the others at the point), so a band is
// the union of each mechanism's spread, not of their combinations.
// Not yet knobs of the model (so not in the band): sysmon's wake timing for the scavenger, the
// random offset of the first arena chunk (Go 1.26+ also places the heap's start at a random
// 4 MiB chunk of its first 64 MiB arena, which moves when a new arena's metadata is mapped).

import FieldCatalogue
import HeapSimulator
import ScenarioLanguage

/// A mechanism whose real behaviour varies from run to run and that a variant sets.
public enum BandMechanism: String, Sendable, Equatable, Codable, CaseIterable {
    /// GOMAXPROCS > 1: how long after the workers' scan work the mark-termination stop comes.
    case markTerminationLatency = "mark-termination latency"
    /// Go 1.26+: how many padding pages the random heap base leaves released at the base.
    case randomHeapBase = "random heap base"
    /// Go 1.24+: whether the cycle a large pointer object's allocation starts meets it before its
    /// zeroing has set its type.
    case largeObjectRace = "large-object zeroing race"
    /// GOMAXPROCS = 1: when sysmon preempts the program so that the fractional worker finishes a
    /// mark the assists stopped short of.
    case sysmonPreemption = "sysmon's preemption"
    /// GOMAXPROCS > 1: how many Ms (threads, each with its g0 and signal stacks) Go starts by timing.
    case msByTiming = "Ms started by timing"
}

/// One deterministic variant: a mechanism given one value from its measured range.
public struct SimulatorVariant: Sendable, Equatable, Codable {
    /// Short and stable: `latency-p25`.
    public var name: String
    public var mechanism: BandMechanism
    /// The knob's value (nanoseconds for a latency, for a sequence its first element; pages for
    /// the heap base's padding).
    public var value: UInt64
    /// Per-cycle values, used in turn from the first (nil: `value` for every cycle).
    public var sequence: [UInt64]?
    /// Where the value comes from.
    public var provenance: String

    public init(name: String, mechanism: BandMechanism, value: UInt64, sequence: [UInt64]? = nil, provenance: String) {
        self.name = name
        self.mechanism = mechanism
        self.value = sequence?.first ?? value
        self.sequence = sequence
        self.provenance = provenance
    }

    /// The value as people read it (`1.4 ms`; a sequence: `0.17–6.8 ms per cycle`).
    public var valueText: String {
        switch mechanism {
        case .markTerminationLatency:
            guard let sequence, let low = sequence.min(), let high = sequence.max() else { return Self.milliseconds(value) }
            return rangeText(low, high) + " per cycle"
        case .randomHeapBase:
            return "\(value) pages"
        case .largeObjectRace:
            return "scanned by its cycle"
        case .sysmonPreemption:
            return Self.milliseconds(value) + " late"
        case .msByTiming:
            return "\(value) M\(value == 1 ? "" : "s") beyond one P's"
        }
    }

    /// `configuration` with this variant's value.
    public func applied(to configuration: SimulatorConfiguration) -> SimulatorConfiguration {
        var copy = configuration
        switch mechanism {
        case .markTerminationLatency:
            // A variant is a measured latency, whichever machine runs the program: it replaces
            // the point's latency with a CPU per P and with fewer CPUs than Ps alike (the P=4
            // values were measured at P=4 on 2 CPUs).
            copy.calibration.markTerminationLatencyNanoseconds = value
            copy.calibration.markTerminationLatencyOversubscribedNanoseconds = value
            copy.calibration.markTerminationLatencySequenceNanoseconds = sequence ?? []
        case .randomHeapBase:
            copy.heapBase = .random(paddingPageCount: value)
        case .largeObjectRace:
            copy.largeObjectRace = .zeroingFirst
        case .sysmonPreemption:
            copy.calibration.sysmonPreemptionDelayNanoseconds = value
        case .msByTiming:
            copy.extraMs = .moved(by: Int(value) - ExtraMs.ruleCount(gomaxprocs: configuration.gomaxprocs))
        }
        return copy
    }

    /// A sequence's range without words (`0.17–6.8 ms`); nil for a single value.
    public var sequenceRangeText: String? {
        guard let sequence, let low = sequence.min(), let high = sequence.max() else { return nil }
        return rangeText(low, high)
    }

    private func rangeText(_ low: UInt64, _ high: UInt64) -> String {
        Self.milliseconds(low).dropLast(3) + "–" + Self.milliseconds(high)
    }

    /// `1.4 ms`.
    public static func milliseconds(_ nanoseconds: UInt64) -> String {
        let ms = Double(nanoseconds) / 1_000_000
        let rounded = (ms * 100).rounded() / 100
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + " ms"
    }
}

/// One field's predicted band at one snapshot.
public struct FieldBand: Sendable, Equatable, Codable {
    public var field: MemStatsField
    /// The model's default configuration's value.
    public var point: UInt64
    public var min: UInt64
    public var max: UInt64
    /// The variant that gave `min` / `max` (`point` when the default did).
    public var minVariant: String
    public var maxVariant: String

    public init(field: MemStatsField, point: UInt64, min: UInt64, max: UInt64, minVariant: String, maxVariant: String) {
        self.field = field
        self.point = point
        self.min = min
        self.max = max
        self.minVariant = minVariant
        self.maxVariant = maxVariant
    }

    /// The band's width normalised as fidelity errors are (Fidelity.bandWidth): a fraction of
    /// max(lower edge, 4 MiB) for bytes, of max(lower edge, 1000) for objects; cycles for NumGC.
    public var relativeWidth: Double {
        Fidelity.bandWidth(low: Double(min), high: Double(max), measure: Fidelity.measure(of: field))
    }

    /// Wide enough to show as a range: more than 1 % (the object fields' median bar) for bytes
    /// and objects, 1 cycle or more for NumGC.
    public var isWide: Bool {
        Fidelity.measure(of: field) == .cycles ? relativeWidth >= 1 : relativeWidth > PredictedBands.wideFraction
    }
}

/// The bands of one scenario: per snapshot, the fields whose variants differ from the point.
public struct PredictedBands: Sendable, Equatable {
    /// At most this many variants run besides the point (the most any configuration has: at
    /// GOMAXPROCS > 2 with a random heap base, 4 latencies, the large-object race, 2 paddings and
    /// 2 counts of Ms).
    public static let maximumVariants = 9
    /// A band wider than this fraction (bytes, objects) is shown as a range in text.
    public static let wideFraction = 0.01
    /// The name of the default configuration among the variants.
    public static let pointName = "point"

    /// The variants that ran besides the point (empty: no mechanism's knob matters here).
    public var variants: [SimulatorVariant]
    /// Per snapshot, in order: the fields whose band is not just the point.
    public var snapshots: [[FieldBand]]

    public init(variants: [SimulatorVariant], snapshots: [[FieldBand]]) {
        self.variants = variants
        self.snapshots = snapshots
    }

    /// The band of `field` at snapshot `index`, nil where it is the point.
    public func band(_ field: MemStatsField, snapshot index: Int) -> FieldBand? {
        guard snapshots.indices.contains(index) else { return nil }
        return snapshots[index].first { $0.field == field }
    }

    /// The mechanisms the variants set.
    public var mechanisms: [BandMechanism] {
        BandMechanism.allCases.filter { m in variants.contains { $0.mechanism == m } }
    }

    /// The variants worth running for `configuration`: each one changes a knob that can move
    /// the result there.
    public static func variants(for configuration: SimulatorConfiguration) -> [SimulatorVariant] {
        markTerminationVariants(for: configuration) + sysmonPreemptionVariants(for: configuration)
            + largeObjectRaceVariants(for: configuration) + heapBaseVariants(for: configuration)
            + msVariants(for: configuration)
    }

    /// GOMAXPROCS > 1: one M more than the point's (a GC's start-the-world found no idle M), and
    /// with two or more start-up Ms one fewer (a wakep found an M spinning).
    static func msVariants(for configuration: SimulatorConfiguration) -> [SimulatorVariant] {
        guard configuration.gomaxprocs > 1 else { return [] }
        let rule = ExtraMs.ruleCount(gomaxprocs: configuration.gomaxprocs)
        let point = max(0, rule + configuration.extraMs.offset)
        let source = "go1.27.3 with newm printing its caller, a 24 B and a pointer churn: "
        var variants = [SimulatorVariant(name: "ms-\(point + 1)", mechanism: .msByTiming, value: UInt64(point + 1),
                                         provenance: source + "startTheWorldWithSema started one more M at the 6th or 7th "
                                             + "of 82 short GCs in 2 of 4 runs at GOMAXPROCS 2, in none of 4 runs of 30 longer ones")]
        if point >= 2 {
            variants.append(SimulatorVariant(name: "ms-\(point - 1)", mechanism: .msByTiming, value: UInt64(point - 1),
                                             provenance: source + "at start-up wakep starts an M only while none spins, "
                                                 + "so with 2 or more idle Ps it may start fewer than one per idle P"))
        }
        return variants
    }

    /// GOMAXPROCS = 1: sysmon preempts the program, and the fractional worker finishes a mark the
    /// assists stopped short of, as soon as it could or 10 ms later (the point: 5 ms).
    static func sysmonPreemptionVariants(for configuration: SimulatorConfiguration) -> [SimulatorVariant] {
        guard configuration.gomaxprocs == 1 else { return [] }
        let point = configuration.calibration.sysmonPreemptionDelayNanoseconds
        let range = Calibration.sysmonPreemptionDelayRangeNanoseconds
        return [range.lowerBound, range.upperBound].filter { $0 != point }.map { delay in
            SimulatorVariant(name: "preempt-\(delay / 1_000_000)ms", mechanism: .sysmonPreemption, value: delay,
                             provenance: "Go's own constants: sysmon preempts a goroutine after forcePreemptNS "
                                 + "(10 ms) on the CPU and looks every 10 ms once idle, so the fractional worker "
                                 + "finishes the work the assists have not done 0-10 ms after it could; "
                                 + (delay == 0 ? "the earliest" : "the latest"))
        }
    }

    /// A profile that zeroes a large pointer object after the trigger check: the object wins the
    /// race and is scanned by the cycle its allocation starts (LargeObjectRace).
    static func largeObjectRaceVariants(for configuration: SimulatorConfiguration) -> [SimulatorVariant] {
        guard case .chunkedAfterTrigger = configuration.profile.largeObjectZeroing,
              configuration.largeObjectRace == .gcFirst else { return [] }
        return [SimulatorVariant(name: "large-object-scanned", mechanism: .largeObjectRace, value: 1,
                                 provenance: "gcpacertrace of a 40.9 MB pointer slice allocated on reused pages, go1.27.3: "
                                     + "the cycle it started scanned it in 1 of 6 and 0 of 6 runs at GOMAXPROCS 1, "
                                     + "2 of 6 and 6 of 6 at 2")]
    }


    /// A program built with a random heap base on a profile that randomises it: the ends of Go's
    /// 0–511 padding pages (the point's own value left out).
    static func heapBaseVariants(for configuration: SimulatorConfiguration) -> [SimulatorVariant] {
        guard configuration.profile.randomizesHeapBase, case .random(let point) = configuration.heapBase else { return [] }
        return [UInt64(0), HeapBase.maximumPaddingPageCount].filter { $0 != point }.map { pages in
            SimulatorVariant(name: "heap-base-\(pages)", mechanism: .randomHeapBase, value: pages,
                             provenance: "Go's own rule (\(configuration.profile.name) mheap.grow): padding drawn "
                                 + "uniformly from 0–511 pages at the first growth; \(pages == 0 ? "the bottom" : "the top") of that range")
        }
    }

    /// GOMAXPROCS > 1: where the background workers end a mark.
    static func markTerminationVariants(for configuration: SimulatorConfiguration) -> [SimulatorVariant] {
        guard configuration.gomaxprocs > 1 else { return [] }
        // Measured with GODEBUG=gctrace=1 on the generated program of `alloc 2000 x 1KiB as live;
        // alloc 400000 x 256B` (go1.27.3, AMD EPYC, 2 CPUs under load; Calibration.swift and
        // Tutorials/held-out-fidelity.md): the concurrent-mark wall time of cycles the background
        // workers ended, less the ~0.1 ms of scan. First sample (5 runs each): p25 1.0 ms at P=2,
        // 0.89 ms at P=4. Second sample: p90 7.2 ms at P=2, 11 ms at P=4.
        // P > 4 uses P=4's figures (not measured there).
        let four = configuration.gomaxprocs >= 3
        let low: UInt64 = four ? 800_000 : 900_000
        let p90: UInt64 = four ? 11_000_000 : 7_200_000
        let at = four ? "P=4" : "P=2"
        let source = "gctrace of a 256 B churn over a 2 MiB live heap, go1.27.3, 2 loaded CPUs"
        // Third sample (2026-12-03, 10 runs each, load 7-10): the 5th, 15th, …, 95th percentiles of
        // the same wall time less 0.1 ms of scan, of the 130 (P=2) and 80 (P=4) cycles the
        // workers ended; used in an order that spreads them (each window of a few cycles holds
        // short and long ones), from two phases: runs that mix short and long marks as real runs do.
        let deciles: [UInt64] = four
            ? [700_000, 1_000_000, 1_600_000, 2_200_000, 3_000_000, 4_000_000, 5_900_000, 7_900_000, 9_900_000, 19_900_000]
            : [170_000, 250_000, 320_000, 620_000, 750_000, 1_100_000, 1_400_000, 2_000_000, 3_300_000, 6_800_000]
        let order = [0, 5, 2, 7, 4, 9, 1, 6, 3, 8]
        let spread = order.map { deciles[$0] }
        let mixes = [0, 2].map { phase in
            SimulatorVariant(name: "latency-mix-\(phase)", mechanism: .markTerminationLatency, value: 0,
                             sequence: Array(spread[phase...] + spread[..<phase]),
                             provenance: "deciles of measured mark-termination latency at \(at), per cycle in turn "
                                 + "from phase \(phase) (\(source))")
        }
        // Two mixed runs, then the ends of the range held for a whole run: constant p25 (many
        // short marks) and constant p90 (every mark slow, which bounds the heap's growth from above;
        // no real run is that slow throughout, so this end is wider than real Go's spread).
        return Array(mixes.prefix(2)) + [
            SimulatorVariant(name: "latency-p25", mechanism: .markTerminationLatency, value: low,
                             provenance: "p25 of measured mark-termination latency at \(at), every cycle (\(source))"),
            SimulatorVariant(name: "latency-p90", mechanism: .markTerminationLatency, value: p90,
                             provenance: "p90 of measured mark-termination latency at \(at), every cycle (\(source))"),
        ].filter { $0.sequence != nil || $0.value != configuration.calibration.markTerminationLatencyNanoseconds }
    }

    /// Per snapshot and field, [min, max] over the point and the variants' readings. A variant
    /// whose snapshot count differs from the point's is left out (it cannot be lined up).
    public static func assemble(point: [MemStats], variants: [(variant: SimulatorVariant, readings: [MemStats])],
                                fields: [MemStatsField] = MemStatsField.allCases) -> PredictedBands {
        let usable = variants.filter { $0.readings.count == point.count }
        var snapshots: [[FieldBand]] = []
        for (k, stats) in point.enumerated() {
            var bands: [FieldBand] = []
            for field in fields {
                guard let p = stats.integer(field) else { continue }
                var band = FieldBand(field: field, point: p, min: p, max: p, minVariant: pointName, maxVariant: pointName)
                for (variant, readings) in usable {
                    guard let v = readings[k].integer(field) else { continue }
                    if v < band.min { (band.min, band.minVariant) = (v, variant.name) }
                    if v > band.max { (band.max, band.maxVariant) = (v, variant.name) }
                }
                if band.min != band.max { bands.append(band) }
            }
            snapshots.append(bands)
        }
        return PredictedBands(variants: usable.map(\.variant), snapshots: snapshots)
    }

    /// Runs `scenario` on the simulator under each variant for `configuration` and assembles
    /// the bands around `point` (the default configuration's readings, one per snapshot). A
    /// variant that fails is left out.
    public static func predict(_ scenario: Scenario, configuration: SimulatorConfiguration,
                               point: [MemStats]) -> PredictedBands {
        let runs = variants(for: configuration).prefix(maximumVariants).compactMap {
            variant -> (variant: SimulatorVariant, readings: [MemStats])? in
            let record = ScenarioInterpreter(backends: [SimulatorBackend(configuration: variant.applied(to: configuration))])
                .run(scenario)
            let readings = record.snapshots.compactMap { $0.readings[.simulator]?.memStats }
            return readings.count == record.snapshots.count ? (variant, readings) : nil
        }
        return assemble(point: point, variants: runs)
    }
}
