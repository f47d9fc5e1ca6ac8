// How close the simulator comes to real Go: pure arithmetic over readings, with no simulator
// and no Go inside (FidelityRun.swift gathers the readings).
//
// Real Go is not repeatable in every field (the randomised heap base moves HeapSys/HeapIdle by
// 4 MiB, automatic GCs land at slightly different moments, the background scavenger follows
// sysmon's sleep), so a simulated value is scored against the band [min, max] of N real runs,
// per snapshot and field (../shared/specs/fidelity-scoring.md, issue 5):
//
//   error = 0                                             inside the band
//         = distance to the nearer edge / max(edge, 4 MiB)  byte fields
//         = distance to the nearer edge / max(edge, 1000)   object counts
//         = distance to the nearer edge, in cycles          NumGC
//
// With one real run the band is that run's value and the error is |sim − real| / max(real, …).
// Each field is summarised over all snapshots by its median (mean of the two middle values for
// an even count), 90th percentile (nearest rank: the ⌈0.9·n⌉-th smallest) and maximum, and
// judged against the bars below. Real Go's own variation is reported next to it: the band's
// width (normalised the same way, by the lower edge) and the leave-one-out score of each real
// run against the band of the others — what "as good as real Go" looks like for that field.
//
// With predicted bands (PredictedBands.swift: the simulator under a few measured variants of a
// mechanism that varies between real runs), each score also has a band error: 0 when the
// predicted band [min, max] overlaps the real band, else the gap between the two bands divided
// as above by the real band's nearer edge. It is reported beside the point's error, never
// instead of it.

import FieldCatalogue

/// What one unit of a scored field is, which decides how an error is normalised.
public enum FidelityMeasure: String, Sendable, Equatable, Codable {
    /// Normalised by max(edge, 4 MiB).
    case bytes
    /// Normalised by max(edge, 1000).
    case objects
    /// Not normalised: a difference in GC cycles.
    case cycles

    /// The smallest denominator: an error on a tiny value is judged against this much.
    public var floor: Double {
        switch self {
        case .bytes: 4 * 1024 * 1024
        case .objects: 1000
        case .cycles: 1
        }
    }
}

/// The most a field's median and maximum error may be (fractions; cycles for NumGC).
public struct FidelityBar: Sendable, Equatable, Codable {
    public var median: Double
    public var max: Double

    public init(median: Double, max: Double) {
        self.median = median
        self.max = max
    }
}

/// Median, 90th percentile and maximum of a list of errors.
public struct FidelitySummary: Sendable, Equatable, Codable {
    public var median: Double
    public var p90: Double
    public var max: Double

    public init(median: Double, p90: Double, max: Double) {
        self.median = median
        self.p90 = p90
        self.max = max
    }

    /// nil for an empty list.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        let rank = Int((0.9 * Double(n)).rounded(.up))
        p90 = sorted[Swift.max(0, Swift.min(n, rank) - 1)]
        max = sorted[n - 1]
    }
}

public enum Fidelity {
    /// The fields with a bar, in the order reports list them.
    public static let scoredFields: [MemStatsField] = [
        .heapAlloc, .heapInuse, .heapObjects, .totalAlloc, .mallocs, .frees, .stackInuse,
        .heapSys, .heapIdle, .sys, .nextGC, .heapReleased, .numGC,
    ]

    /// The bars of issue 5: object-level fields median ≤ 1 %, max ≤ 3 %; page-level fields
    /// median ≤ 3 %, max ≤ 10 %; HeapReleased median ≤ 5 %, max ≤ 20 %; NumGC within 1 cycle.
    public static func bar(for field: MemStatsField) -> FidelityBar {
        switch field {
        case .heapAlloc, .heapInuse, .heapObjects, .totalAlloc, .mallocs, .frees, .stackInuse:
            FidelityBar(median: 0.01, max: 0.03)
        case .heapReleased:
            FidelityBar(median: 0.05, max: 0.20)
        case .numGC, .numForcedGC:
            FidelityBar(median: 1, max: 1)
        default:
            FidelityBar(median: 0.03, max: 0.10)
        }
    }

    /// How a field's error is normalised.
    public static func measure(of field: MemStatsField) -> FidelityMeasure {
        switch field.unit {
        case .objects: .objects
        case .cycles: .cycles
        default: .bytes
        }
    }

    /// The error of `simulated` against the real band `[low, high]` (see the top of this file).
    public static func error(simulated: Double, low: Double, high: Double, measure: FidelityMeasure) -> Double {
        let (lo, hi) = low <= high ? (low, high) : (high, low)
        if simulated >= lo && simulated <= hi { return 0 }
        let edge = simulated < lo ? lo : hi
        let distance = abs(simulated - edge)
        switch measure {
        case .cycles: return distance
        case .bytes, .objects: return distance / Swift.max(edge, measure.floor)
        }
    }

    /// The error of the predicted band `[predictedLow, predictedHigh]` against the real band:
    /// 0 when they overlap, else the gap normalised like `error` (by the real band's nearer edge).
    public static func overlapError(predictedLow: Double, predictedHigh: Double, low: Double, high: Double,
                                    measure: FidelityMeasure) -> Double {
        let (plo, phi) = predictedLow <= predictedHigh ? (predictedLow, predictedHigh) : (predictedHigh, predictedLow)
        let (lo, hi) = low <= high ? (low, high) : (high, low)
        if phi < lo { return error(simulated: phi, low: lo, high: hi, measure: measure) }
        if plo > hi { return error(simulated: plo, low: lo, high: hi, measure: measure) }
        return 0
    }

    /// The band's width as a fraction (bytes, objects: of max(lower edge, floor)) or in cycles.
    public static func bandWidth(low: Double, high: Double, measure: FidelityMeasure) -> Double {
        let width = abs(high - low)
        return measure == .cycles ? width : width / Swift.max(Swift.min(low, high), measure.floor)
    }

    /// Scores simulated readings against real runs. `real[r][k]` is run r's reading at snapshot
    /// k; every run and the simulation must have one reading per entry of `snapshots`. With
    /// `bands` (whose variants are not empty), every score also gets its band error.
    public static func score(scenario: String, title: String?, goVersion: String?,
                             snapshots: [(label: String, line: Int)], simulated: [MemStats],
                             real: [[MemStats]], fields: [MemStatsField] = scoredFields,
                             bands: PredictedBands? = nil) -> FidelityReport {
        var report = FidelityReport(scenario: scenario, title: title, goVersion: goVersion, realRuns: real.count)
        let bands = bands.flatMap { $0.variants.isEmpty || $0.snapshots.count != snapshots.count ? nil : $0 }
        report.bandVariants = bands?.variants
        guard !real.isEmpty else { return report.unscored("no real Go run to compare with") }
        guard simulated.count == snapshots.count, real.allSatisfy({ $0.count == snapshots.count }) else {
            return report.unscored("the simulator took \(simulated.count) readings and real Go "
                + real.map { String($0.count) }.joined(separator: "/") + "; the scenario takes \(snapshots.count)")
        }
        var errors: [MemStatsField: [Double]] = [:]
        var bandErrors: [MemStatsField: [Double]] = [:]
        var widths: [MemStatsField: [Double]] = [:]
        var selfScores: [MemStatsField: [Double]] = [:]
        for (k, snapshot) in snapshots.enumerated() {
            var scores: [FidelityReport.FieldScore] = []
            for field in fields {
                guard let sim = simulated[k].integer(field) else { continue }
                let values = real.compactMap { $0[k].integer(field) }
                guard let lo = values.min(), let hi = values.max() else { continue }
                let m = measure(of: field)
                let e = error(simulated: Double(sim), low: Double(lo), high: Double(hi), measure: m)
                var score = FidelityReport.FieldScore(field: field, simulated: sim, realMin: lo, realMax: hi, error: e)
                if let bands {
                    let band = bands.band(field, snapshot: k)
                    let (plo, phi) = (band?.min ?? sim, band?.max ?? sim)
                    let be = overlapError(predictedLow: Double(plo), predictedHigh: Double(phi),
                                          low: Double(lo), high: Double(hi), measure: m)
                    (score.predictedMin, score.predictedMax, score.bandError) = (plo, phi, be)
                    bandErrors[field, default: []].append(be)
                }
                scores.append(score)
                errors[field, default: []].append(e)
                widths[field, default: []].append(bandWidth(low: Double(lo), high: Double(hi), measure: m))
                if values.count >= 2 {
                    for r in values.indices {
                        var others = values
                        others.remove(at: r)
                        selfScores[field, default: []].append(error(
                            simulated: Double(values[r]), low: Double(others.min()!), high: Double(others.max()!), measure: m))
                    }
                }
            }
            report.snapshots.append(.init(label: snapshot.label, line: snapshot.line, scores: scores))
        }
        for field in fields {
            guard let summary = FidelitySummary(errors[field] ?? []) else { continue }
            let bar = bar(for: field)
            report.fields.append(.init(
                field: field, measure: measure(of: field), error: summary, bar: bar,
                passes: summary.median <= bar.median && summary.max <= bar.max,
                realSpread: FidelitySummary(widths[field] ?? []) ?? FidelitySummary(median: 0, p90: 0, max: 0),
                realSelfScore: FidelitySummary(selfScores[field] ?? []),
                bandError: bandErrors[field].flatMap(FidelitySummary.init)))
        }
        report.verdict = report.fields.allSatisfy(\.passes) ? .pass : .fail
        return report
    }
}

/// The scoreboard of one scenario: per snapshot and field, and per field over all snapshots.
/// Codable with stable snake_case keys (`memstats fidelity --format json`).
public struct FidelityReport: Sendable, Equatable, Codable {
    public var scenario: String
    public var title: String?
    /// `go1.27.3`, from the real runs.
    public var goVersion: String?
    /// The simulator's model (`go1.19`), when the caller says which one scored.
    public var model: String?
    /// How many real Go runs form each band.
    public var realRuns: Int
    /// The simulator variants whose readings, with the point's, make the predicted bands the
    /// band errors score (nil: the point alone was scored).
    public var bandVariants: [SimulatorVariant]?
    public var verdict: Verdict
    /// Why nothing was scored (no toolchain, a failed run, …); nil when scored.
    public var unscoredReason: String?
    public var snapshots: [SnapshotScore]
    public var fields: [FieldSummary]

    public init(scenario: String, title: String?, goVersion: String?, realRuns: Int, verdict: Verdict = .unscored,
                unscoredReason: String? = nil, snapshots: [SnapshotScore] = [], fields: [FieldSummary] = []) {
        self.scenario = scenario
        self.title = title
        self.goVersion = goVersion
        self.realRuns = realRuns
        self.verdict = verdict
        self.unscoredReason = unscoredReason
        self.snapshots = snapshots
        self.fields = fields
    }

    public enum Verdict: String, Sendable, Equatable, Codable {
        /// Every field meets its bar.
        case pass
        case fail
        /// Nothing could be compared; `unscoredReason` says why.
        case unscored
    }

    public struct SnapshotScore: Sendable, Equatable, Codable {
        public var label: String
        public var line: Int
        public var scores: [FieldScore]

        public init(label: String, line: Int, scores: [FieldScore]) {
            self.label = label
            self.line = line
            self.scores = scores
        }
    }

    public struct FieldScore: Sendable, Equatable, Codable {
        public var field: MemStatsField
        public var simulated: UInt64
        public var realMin: UInt64
        public var realMax: UInt64
        /// 0 inside the band; a fraction (bytes, objects) or cycles (NumGC) outside.
        public var error: Double
        /// The predicted band (with bands only; equal to `simulated` where no variant moved it).
        public var predictedMin: UInt64?
        public var predictedMax: UInt64?
        /// 0 when the predicted band overlaps the real band, else as `error` (with bands only).
        public var bandError: Double?

        public init(field: MemStatsField, simulated: UInt64, realMin: UInt64, realMax: UInt64, error: Double,
                    predictedMin: UInt64? = nil, predictedMax: UInt64? = nil, bandError: Double? = nil) {
            self.field = field
            self.simulated = simulated
            self.realMin = realMin
            self.realMax = realMax
            self.error = error
            self.predictedMin = predictedMin
            self.predictedMax = predictedMax
            self.bandError = bandError
        }

        enum CodingKeys: String, CodingKey {
            case field, simulated, realMin = "real_min", realMax = "real_max", error
            case predictedMin = "predicted_min", predictedMax = "predicted_max", bandError = "band_error"
        }
    }

    public struct FieldSummary: Sendable, Equatable, Codable {
        public var field: MemStatsField
        public var measure: FidelityMeasure
        /// The simulator's errors over all snapshots.
        public var error: FidelitySummary
        public var bar: FidelityBar
        public var passes: Bool
        /// Real Go's band widths over all snapshots: how much real Go itself varies.
        public var realSpread: FidelitySummary
        /// Each real run scored against the band of the others (nil with fewer than 2 runs).
        public var realSelfScore: FidelitySummary?
        /// The predicted band's overlap errors over all snapshots (with bands only).
        public var bandError: FidelitySummary? = nil

        enum CodingKeys: String, CodingKey {
            case field, measure, error, bar, passes, realSpread = "real_spread", realSelfScore = "real_self_score"
            case bandError = "band_error"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field)
            try c.encode(measure, forKey: .measure)
            try c.encode(error, forKey: .error)
            try c.encode(bar, forKey: .bar)
            try c.encode(passes, forKey: .passes)
            try c.encode(realSpread, forKey: .realSpread)
            try c.encode(realSelfScore, forKey: .realSelfScore)
            try c.encodeIfPresent(bandError, forKey: .bandError)
        }
    }

    enum CodingKeys: String, CodingKey {
        case scenario, title, goVersion = "go_version", realRuns = "real_runs", verdict
        case unscoredReason = "unscored_reason", snapshots, fields, bandVariants = "band_variants"
    }

    /// Always writes every key (null where there is no value), so the JSON shape is stable.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(title, forKey: .title)
        try c.encode(goVersion, forKey: .goVersion)
        try c.encode(realRuns, forKey: .realRuns)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(unscoredReason, forKey: .unscoredReason)
        try c.encode(snapshots, forKey: .snapshots)
        try c.encode(fields, forKey: .fields)
        try c.encodeIfPresent(bandVariants, forKey: .bandVariants)
    }

    func unscored(_ reason: String) -> FidelityReport {
        var copy = self
        copy.verdict = .unscored
        copy.unscoredReason = reason
        copy.snapshots = []
        copy.fields = []
        copy.bandVariants = nil
        return copy
    }
}
