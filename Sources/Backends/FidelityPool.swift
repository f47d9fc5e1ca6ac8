// Scores of several scenarios taken together (`memstats fidelity --random`): every snapshot of
// every scored report in one list, each field summarised over all of them as Fidelity.score does
// for one scenario, so "HeapReleased p90 over 30 held-out scenarios" is one number.

import FieldCatalogue

extension Fidelity {
    /// The fields a held-out score reports: the scored ones plus the off-heap metadata fields.
    public static let heldOutFields: [MemStatsField] = scoredFields + [.gcSys, .otherSys]

    /// One report whose snapshots are those of every scored report (labels prefixed with the
    /// scenario) and whose field summaries are over all of them. Real Go's self-score is left out
    /// (it needs the runs, not the bands).
    public static func pooled(_ reports: [FidelityReport], fields: [MemStatsField] = heldOutFields) -> FidelityReport {
        let scored = reports.filter { $0.verdict != .unscored }
        var pooled = FidelityReport(scenario: "pooled", title: nil, goVersion: scored.first?.goVersion,
                                    realRuns: scored.map(\.realRuns).min() ?? 0)
        pooled.model = scored.first?.model
        pooled.bandVariants = scored.first { $0.bandVariants != nil }?.bandVariants
        guard !scored.isEmpty else { return pooled.unscored("no scenario was scored") }
        for report in scored {
            for snapshot in report.snapshots {
                pooled.snapshots.append(.init(label: report.scenario + ": " + snapshot.label, line: snapshot.line,
                                              scores: snapshot.scores))
            }
        }
        for field in fields {
            let scores = pooled.snapshots.flatMap { $0.scores.filter { $0.field == field } }
            guard let summary = FidelitySummary(scores.map(\.error)) else { continue }
            let m = measure(of: field)
            let bar = bar(for: field)
            pooled.fields.append(.init(
                field: field, measure: m, error: summary, bar: bar,
                passes: summary.median <= bar.median && summary.max <= bar.max,
                realSpread: FidelitySummary(scores.map { bandWidth(low: Double($0.realMin), high: Double($0.realMax), measure: m) })!,
                realSelfScore: nil,
                bandError: FidelitySummary(scores.compactMap(\.bandError))))
        }
        pooled.verdict = pooled.fields.allSatisfy(\.passes) ? .pass : .fail
        return pooled
    }
}
