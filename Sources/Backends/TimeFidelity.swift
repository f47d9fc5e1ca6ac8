// How close the simulator's time-driven fields come to real Go: the pause per cycle (PauseNs,
// PauseTotalNs / NumGC) and GCCPUFraction. These rest on the model's virtual-time costs
// (Calibration), not on Go's algorithms, so they are compared as ratios to real Go's median
// rather than scored against the page-level bars: a ratio of 1 is the real median, 2 is twice it.
// `inside` says whether the simulated value lies in the band [min, max] of the real runs.
//
// Pure arithmetic over readings, like FidelityScore.swift.

import FieldCatalogue

public struct TimeFidelity: Sendable, Equatable, Codable {
    /// One time field at one snapshot.
    public struct Point: Sendable, Equatable, Codable {
        public var snapshot: Int
        public var simulated: Double
        public var realMin: Double
        public var realMedian: Double
        public var realMax: Double
        /// simulated / real median (nil when the real median is 0).
        public var ratio: Double? { realMedian > 0 ? simulated / realMedian : nil }
        public var inside: Bool { simulated >= realMin && simulated <= realMax }
    }

    /// Mean pause per cycle (PauseTotalNs / NumGC), at snapshots after at least one cycle everywhere.
    public var pausePerCycle: [Point] = []
    /// The last cycle's pause (PauseNs[(NumGC+255)%256]), same snapshots.
    public var lastPause: [Point] = []
    /// GCCPUFraction, same snapshots.
    public var gcCPUFraction: [Point] = []

    /// The comparison of `simulated` (one reading per snapshot) with `real` (runs × snapshots).
    public static func compare(simulated: [MemStats], real: [[MemStats]]) -> TimeFidelity {
        var result = TimeFidelity()
        for (k, sim) in simulated.enumerated() {
            let runs = real.compactMap { $0.indices.contains(k) ? $0[k] : nil }
            guard !runs.isEmpty, sim.numGC > 0, runs.allSatisfy({ $0.numGC > 0 }) else { continue }
            func point(_ value: (MemStats) -> Double) -> Point {
                let values = runs.map(value)
                let summary = FidelitySummary(values)!
                return Point(snapshot: k, simulated: value(sim), realMin: values.min()!, realMedian: summary.median,
                             realMax: summary.max)
            }
            result.pausePerCycle.append(point { Double($0.pauseTotalNs) / Double($0.numGC) })
            result.lastPause.append(point { Double($0.pauseNs[Int(($0.numGC + 255) % 256)]) })
            result.gcCPUFraction.append(point { $0.gcCPUFraction })
        }
        return result
    }

    /// The median of the ratios of `points` (nil without any).
    public static func medianRatio(_ points: [Point]) -> Double? {
        FidelitySummary(points.compactMap(\.ratio))?.median
    }
}
