// A run as CSV (for spreadsheets and plots) and as Markdown (for slides and notes).
//
// CSV: a header, then one row per snapshot × backend × value: every MemStats field that is one
// number (exact, in Go's unit) and every Linux metric (bytes), so a plot needs no parsing.
//     snapshot,line,pass,step,backend,field,value,unit
// Markdown: the scenario's title and narration, one table per snapshot (its focus fields, each
// backend a column, the meaning last), the Linux rows, the expectations and the closing lines.

import FieldCatalogue
import Foundation
import ScenarioLanguage

public enum RunExport {
    public static let csvHeader = ["snapshot", "line", "pass", "step", "backend", "field", "value", "unit"]

    /// The run as CSV with a header; rows in the order the snapshots were taken, backends in the
    /// order asked for, MemStats fields in Go's order, then the Linux metrics.
    public static func csv(_ record: RunRecord) -> String {
        var rows = [csvHeader]
        let backends = record.requestedBackends
        for snapshot in record.snapshots {
            let pass = snapshot.passes.map { "\($0.number)/\($0.count)" }.joined(separator: " ")
            for kind in backends {
                guard let reading = snapshot.readings[kind] else { continue }
                let lead = [snapshot.label, String(snapshot.span.start.line), pass, snapshot.step ?? "", kind.rawValue]
                if let stats = reading.memStats {
                    for field in MemStatsField.allCases where field.isScalar {
                        guard let value = stats.number(field) else { continue }
                        rows.append(lead + [field.goName, number(value), field.unit.rawValue])
                    }
                }
                for (metric, bytes) in reading.process?.values ?? [] {
                    rows.append(lead + [metric.jsonKey, String(bytes), "bytes"])
                }
            }
        }
        return rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A value exactly: integers without separators, fractions as Swift prints them.
    static func number(_ value: Double) -> String {
        value == value.rounded() && value.magnitude < 1e18 ? String(Int64(value)) : String(value)
    }

    /// The run as Markdown, in `style.language` (the scenario's translations where it has them).
    public static func markdown(_ record: RunRecord, model: String, style: OutputStyle, showsAllFields: Bool = false,
                                backendChoice: String? = nil, summary: (MemStatsField) -> String) -> String {
        let language = style.language
        let words = RunWords(language: language)
        let scenario = record.scenario
        let translations = scenario.translationsByLine
        func narration(_ english: String, _ span: SourceSpan) -> String {
            (translations[span.start.line] ?? Translations()).text(english, in: language)
        }
        var plain = style
        plain.usesColor = false
        var out: [String] = ["# " + cell(scenario.title(in: language) ?? scenario.file), ""]
        out.append("`\(scenario.file)` · model \(model)")
        out.append("")
        if !scenario.about.isEmpty { out += [scenario.aboutParagraph(in: language), ""] }
        out += [words.backends(RunSummary.backendsLine(record, choice: backendChoice, language: language)), ""]
        var previous: [BackendKind: MemStats] = [:]
        var previousProcess: [BackendKind: ProcessReading] = [:]
        for event in record.events {
            switch event {
            case .step(let name, let span):
                out += ["## " + cell(narration(name, span)), ""]
            case .note(let text, let span):
                out += ["> " + narration(text, span), ""]
            case .notice(let backend, let text, _):
                out += ["*[\(backend.rawValue)] \(text)*", ""]
            case .unavailable(let backend, let reason):
                out += [words.notTakingPart(backend.rawValue, reason), ""]
            case .failure(let failure):
                out += [words.failed(failure.backend.rawValue, line: failure.span?.start.line, failure.message), ""]
            case .snapshot(let snapshot):
                let label = narration(snapshot.label, snapshot.span)
                out += ["### " + words.snapshot(label, pass: RepeatPass.describe(snapshot.passes),
                                                line: snapshot.span.start.line).dropFirst(2), ""]
                let kinds = record.activeBackends.filter { snapshot.readings[$0]?.memStats != nil }
                if !kinds.isEmpty {
                    let fields = showsAllFields ? MemStatsField.allCases
                        : (snapshot.focus.isEmpty ? RunTextRenderer.defaultFields : snapshot.focus)
                    var rows = [[words.field] + kinds.map(\.rawValue) + [words.meaning]]
                    for field in fields {
                        rows.append([field.goName] + kinds.map { kind in
                            let reading = snapshot.readings[kind]!
                            return TextLayout.printed(ValueText.cell(field, reading.memStats!, previous: previous[kind],
                                                                     style: plain, takenAt: reading.takenAtUnixNanoseconds))
                        } + [summary(field)])
                    }
                    out += table(rows) + [""]
                }
                let processKinds = record.activeBackends.filter { snapshot.readings[$0]?.process != nil }
                if !processKinds.isEmpty {
                    var rows = [[words.metric] + processKinds.map(\.rawValue) + [words.meaning]]
                    for (key, meaning) in words.essentialProcessRows {
                        let cells = processKinds.map { kind -> String in
                            guard let entry = RunTextRenderer.processEntry(key, in: snapshot.readings[kind]!.process!) else { return "—" }
                            let old = previousProcess[kind].flatMap { RunTextRenderer.processEntry(key, in: $0) }?.bytes
                            return (entry.metric.source == .prediction ? "≈" : "")
                                + TextLayout.printed(ValueText.bytes(entry.bytes, previous: old, style: plain))
                        }
                        if cells.contains(where: { $0 != "—" }) { rows.append([key] + cells + [meaning]) }
                    }
                    out += ["*" + words.linuxHeading(hasPrediction: processKinds.contains(.simulator))
                        .trimmingCharacters(in: .whitespaces) + "*", ""] + table(rows) + [""]
                }
                for (kind, reading) in snapshot.readings {
                    if let stats = reading.memStats { previous[kind] = stats }
                    if let process = reading.process { previousProcess[kind] = process }
                }
            case .expectation(let result):
                let mark: String
                let detail: String
                let isBytes = RunTextRenderer.isByteClaim(result.text)
                switch result.outcome {
                case .passed(let l, let r), .failed(let l, let r):
                    mark = result.isFailure ? "✗" : "✓"
                    detail = TextLayout.printed(words.compared(result.backend.rawValue,
                                                               ValueText.number(l, bytes: isBytes, exact: style.showsExactValues),
                                                               ValueText.number(r, bytes: isBytes, exact: style.showsExactValues)))
                case .notChecked(let reason):
                    mark = "·"
                    detail = words.notChecked(result.backend.rawValue, reason)
                }
                out += ["- \(mark) `expect \(result.text)` (line \(result.span.start.line)) — \(detail)"]
            }
            if case .expectation = event {} else if out.last != "" { out.append("") }
        }
        if out.last != "" { out.append("") }
        out += RunSummary.closingLines(record, language: language).map { $0.hasPrefix("  ") ? "- `\($0.dropFirst(2))`" : $0 }
        return out.joined(separator: "\n") + "\n"
    }

    /// A Markdown table; `|` in a cell is escaped.
    static func table(_ rows: [[String]]) -> [String] {
        guard let header = rows.first else { return [] }
        var out = ["| " + header.map(cell).joined(separator: " | ") + " |",
                   "|" + header.map { _ in " --- |" }.joined()]
        for row in rows.dropFirst() { out.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        return out
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
