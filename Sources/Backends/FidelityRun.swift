// Gathers the readings a fidelity report scores: the simulator's (from a provider closure, so
// this file does not depend on how the simulator is driven) and N real Go runs of the same
// scenario (one build, N runs), then hands them to Fidelity.score.

import FieldCatalogue
import ScenarioLanguage

extension Fidelity {
    /// The default number of real runs per band. The fidelity spec asks for at least 5 and says
    /// 20 gives stable bands: where automatic GCs land mid-step, real Go's spread is wide (gc-pacing:
    /// HeapAlloc 88–111 MiB after the churn) and a 5-run band covers only part of it. Measured
    /// against 40 real runs, a 5-run band missed the model on gc-pacing 31–53 % of the time and on
    /// memory-limit 11–18 %; a 20-run band 0.25 % and 0 %.
    public static let defaultRealRuns = 20
    /// The fewest runs the fidelity spec counts as a band; reports on fewer say so.
    public static let minimumBandRuns = 5

    /// Runs `scenario` `realRuns` times on real Go through `go` and scores the simulator's
    /// readings against the bands. `simulatedReadings` returns one reading per snapshot taken,
    /// in order (repeats unrolled), as the interpreter would collect them. Never throws: a
    /// missing toolchain, a failed run or a simulator error gives an `.unscored` report that
    /// says why. `predictedBands`, given the scenario and the simulator's readings, returns the
    /// predicted bands to score beside the point.
    public static func report(scenario: Scenario, realRuns: Int = defaultRealRuns, go: GoBackend,
                              fields: [MemStatsField] = scoredFields,
                              predictedBands: ((Scenario, [MemStats]) -> PredictedBands)? = nil,
                              simulatedReadings: (Scenario) throws -> [BackendReading]) -> FidelityReport {
        let empty = FidelityReport(scenario: scenario.file, title: scenario.title, goVersion: nil, realRuns: 0)
        let outputs: [GoRunOutput]
        do {
            outputs = try go.runs(scenario, count: max(1, realRuns))
        } catch {
            return empty.unscored("real Go: " + error.message)
        }
        let simulated: [BackendReading]
        do {
            simulated = try simulatedReadings(scenario)
        } catch {
            return empty.unscored("simulator: \(error)")
        }
        let stats = simulated.compactMap(\.memStats)
        guard stats.count == simulated.count else {
            return empty.unscored("simulator: a reading has no MemStats")
        }
        let snapshots = outputs[0].readings.map { (label: $0.label, line: $0.line) }
        return score(scenario: scenario.file, title: scenario.title, goVersion: outputs[0].goVersion,
                     snapshots: snapshots, simulated: stats, real: outputs.map { $0.readings.map(\.memStats) },
                     fields: fields, bands: predictedBands?(scenario, stats))
    }
}
