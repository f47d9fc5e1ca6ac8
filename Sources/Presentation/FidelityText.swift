// The text of `memstats fidelity`: per snapshot and field, the simulated value against the
// band of real Go runs and the error; then per field the median, 90th percentile and max
// against the project's bars, and how much real Go itself varied. With predicted bands (at
// GOMAXPROCS > 1), the simulator's band and its overlap error stand beside the point's.

import Backends
import FieldCatalogue
import Foundation

public enum FidelityText {
    /// With `width`, every line is fitted to it (tables wrap their cells, nothing is cut).
    public static func render(_ reports: [FidelityReport], showsSnapshots: Bool = true, width: Int? = nil) -> String {
        fitted(lines(reports, showsSnapshots: showsSnapshots, width: width), width: width)
    }

    /// Lines longer than `width` wrapped under their own indent (plus two).
    static func fitted(_ lines: [String], width: Int?) -> String {
        guard let width else { return lines.joined(separator: "\n") + "\n" }
        return lines.flatMap { line -> [String] in
            guard TextLayout.displayWidth(line) > width else { return [line] }
            let lead = String(line.prefix { $0 == " " })
            return TextLayout.wrap(String(line.dropFirst(lead.count)), width: width, firstIndent: lead, restIndent: lead + "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func lines(_ reports: [FidelityReport], showsSnapshots: Bool, width: Int?) -> [String] {
        var out: [String] = []
        for report in reports {
            out.append("\(report.title ?? report.scenario)  (\(report.scenario); "
                       + (report.model.map { "model: \($0); " } ?? "") + "real: \(report.goVersion ?? "?"), "
                       + "\(report.realRuns) run\(report.realRuns == 1 ? "" : "s"))")
            if let reason = report.unscoredReason {
                out.append("  not scored: \(reason)")
                out.append("")
                continue
            }
            if report.realRuns < Fidelity.minimumBandRuns {
                let runs = report.realRuns == 1 ? "1 real run makes" : "\(report.realRuns) real runs make"
                out.append("  note: \(runs) a narrow band; the fidelity spec asks for at least "
                           + "\(Fidelity.minimumBandRuns), and \(Fidelity.defaultRealRuns) give stable bands")
            }
            out += variantLines(report)
            if showsSnapshots {
                for snapshot in report.snapshots {
                    out.append("  ● \(snapshot.label) (line \(snapshot.line))")
                    let banded = report.bandVariants != nil
                    var rows = [["field", "simulated", "real min", "real max", "error"]
                                + (banded ? ["predicted band", "band error"] : [])]
                    for score in snapshot.scores {
                        let measure = Fidelity.measure(of: score.field)
                        var row = [score.field.goName, value(score.simulated, measure), value(score.realMin, measure),
                                   value(score.realMax, measure), error(score.error, measure)]
                        if banded {
                            let (lo, hi) = (score.predictedMin ?? score.simulated, score.predictedMax ?? score.simulated)
                            row += [lo == hi ? "=" : value(lo, measure) + "–" + value(hi, measure),
                                    score.bandError.map { error($0, measure) } ?? "—"]
                        }
                        rows.append(row)
                    }
                    out += TextLayout.table(rows, indent: "    ", width: width)
                }
            }
            out += fieldLines(report, width: width)
            out.append("  verdict: \(report.verdict.rawValue)")
            out.append("")
        }
        let scored = reports.filter { $0.verdict != .unscored }
        let passed = scored.filter { $0.verdict == .pass }
        out.append("\(passed.count) of \(scored.count) scored scenario\(scored.count == 1 ? "" : "s") "
                   + "\(passed.count == 1 ? "meets" : "meet") the bars"
                   + (reports.count > scored.count ? "; \(reports.count - scored.count) not scored" : ""))
        return out
    }

    /// The per-field table of a report: median, p90 and max error against the bars, real spread.
    static func fieldLines(_ report: FidelityReport, width: Int?) -> [String] {
        var out = ["  per field (error: 0 inside the real band; bars from the project's fidelity contract):"]
        let banded = report.fields.contains { $0.bandError != nil }
        if banded {
            out.append("  band (median/p90/max): the predicted band's error, 0 where it overlaps the real band")
        }
        var rows = [["field", "median", "p90", "max", "bar (median/max)", "verdict", "real spread (median/max)"]
                    + (banded ? ["band (median/p90/max)"] : [])]
        for summary in report.fields {
            let m = summary.measure
            var row = [summary.field.goName, error(summary.error.median, m), error(summary.error.p90, m),
                       error(summary.error.max, m), "\(error(summary.bar.median, m)) / \(error(summary.bar.max, m))",
                       summary.passes ? "ok" : "MISS",
                       "\(error(summary.realSpread.median, m)) / \(error(summary.realSpread.max, m))"]
            if banded {
                row.append(summary.bandError.map {
                    "\(error($0.median, m)) / \(error($0.p90, m)) / \(error($0.max, m))"
                } ?? "—")
            }
            rows.append(row)
        }
        return out + TextLayout.table(rows, indent: "    ", width: width)
    }

    /// `fidelity --random`: the scores of every snapshot of `scenarios` scenarios taken together.
    public static func renderPooled(_ pooled: FidelityReport, scenarios: Int, width: Int? = nil) -> String {
        var out = ["all \(scenarios) scenarios pooled (\(pooled.snapshots.count) snapshots; "
                   + (pooled.model.map { "model: \($0); " } ?? "") + "real: \(pooled.goVersion ?? "?"), "
                   + "\(pooled.realRuns) runs per band)"]
        out += variantLines(pooled)
        out += fieldLines(pooled, width: width)
        out.append("  verdict: \(pooled.verdict.rawValue)")
        return fitted(out, width: width)
    }

    /// Which variants the predicted bands ran, one line (nothing without bands).
    static func variantLines(_ report: FidelityReport) -> [String] {
        guard let variants = report.bandVariants, !variants.isEmpty else { return [] }
        let list = variants.map { "\($0.name) \($0.valueText)" }.joined(separator: ", ")
        let mechanisms = Set(variants.map(\.mechanism.rawValue)).sorted().joined(separator: ", ")
        return ["  predicted band: the simulator's point and \(variants.count) variant\(variants.count == 1 ? "" : "s") "
                + "of \(mechanisms) (\(list))"]
    }

    static func value(_ v: UInt64, _ measure: FidelityMeasure) -> String {
        TextLayout.unbreakable(measure == .bytes ? ByteCount(v).description : String(v))
    }

    static func error(_ e: Double, _ measure: FidelityMeasure) -> String {
        switch measure {
        case .cycles: String(Int(e.rounded()))
        default: e == 0 ? "0" : String(format: "%.2f%%", e * 100)
        }
    }
}

