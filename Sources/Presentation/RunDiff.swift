// `memstats diff A.json B.json`: what changed, field by field, between two saved runs of the same
// scenario (`memstats run … --format json`): two backends, two Go versions, two model versions.
//
// One backend is taken from each file: the one named, else a MemStats backend both files share
// (go before simulator), else each file's first MemStats backend. Snapshots are paired in order
// (a run takes them in the scenario's order); a label that differs is said, not hidden.
//
// The same comparison serves two models on one scenario (`memstats diff SCENARIO --model go1.19
// --model go1.27`): the command runs the simulator once per model and compares the two runs as if
// they had been saved. `focusOnly` keeps each snapshot's focus fields (the run view's default).

import FieldCatalogue
import Foundation

public struct RunDiff: Codable, Sendable {
    public struct Side: Codable, Sendable {
        public var file: String
        public var scenario: String
        public var model: String
        public var backend: String
    }

    public struct Row: Codable, Sendable {
        public var field: String
        public var a: Double
        public var b: Double
        /// b − a.
        public var change: Double
        /// (b − a) / |a|; nil when a is 0.
        public var relative: Double?
    }

    public struct SnapshotDiff: Codable, Sendable {
        public var label: String
        /// B's label when it differs from A's.
        public var labelInB: String?
        /// A's label translated (scenario language 1.1), when A's run has translations.
        public var labelTranslations: [String: String]?
        public var line: Int
        /// The fields whose values differ, in Go's order.
        public var changed: [Row]
        public var unchangedCount: Int
    }

    /// A field that moved most, with the largest relative change it made in any snapshot.
    public struct Mover: Codable, Sendable {
        public var field: String
        public var snapshot: String
        public var snapshotTranslations: [String: String]?
        public var relative: Double?
        public var change: Double
    }

    public var a: Side
    public var b: Side
    public var snapshots: [SnapshotDiff]
    /// Snapshots only one run has (the other stopped early or is another scenario).
    public var unpairedSnapshots: Int
    public var movedMost: [Mover]
    /// True when only each snapshot's focus fields were compared (`--focus`).
    public var focusOnly: Bool?

    public enum Problem: Error, Equatable, Sendable {
        case noMemStats(file: String)
        case noSuchBackend(file: String, backend: String, available: [String])
    }

    /// The scalar fields compared.
    static let fields = MemStatsField.allCases.filter { $0.isScalar && $0 != .lastGC }

    public static func compare(_ first: RunDocument, file fileA: String, _ second: RunDocument, file fileB: String,
                               backendA: String? = nil, backendB: String? = nil, movers: Int = 3,
                               focusOnly: Bool = false) throws -> RunDiff {
        func backends(_ document: RunDocument, _ file: String) throws -> [String] {
            let names = Set(document.snapshots.flatMap { $0.readings.filter { $0.value.memstats != nil }.keys })
            guard !names.isEmpty else { throw Problem.noMemStats(file: file) }
            return ["go", "simulator", "native"].filter(names.contains) + names.filter { !["go", "simulator", "native"].contains($0) }.sorted()
        }
        let inA = try backends(first, fileA)
        let inB = try backends(second, fileB)
        func pick(_ asked: String?, _ available: [String], _ file: String, shared: String?) throws -> String {
            if let asked {
                guard available.contains(asked) else { throw Problem.noSuchBackend(file: file, backend: asked, available: available) }
                return asked
            }
            return shared ?? available[0]
        }
        let shared = backendA == nil && backendB == nil ? inA.first(where: inB.contains) : nil
        let nameA = try pick(backendA, inA, fileA, shared: shared ?? (backendB.flatMap { inA.contains($0) ? $0 : nil }))
        let nameB = try pick(backendB, inB, fileB, shared: shared ?? (backendA.flatMap { inB.contains($0) ? $0 : nil }))

        var snapshots: [SnapshotDiff] = []
        var best: [String: Mover] = [:]
        for (sa, sb) in zip(first.snapshots, second.snapshots) {
            guard let ma = sa.readings[nameA]?.memstats, let mb = sb.readings[nameB]?.memstats else { continue }
            var changed: [Row] = []
            let compared = focusOnly ? focusFields(sa) : fields
            for field in compared {
                guard let x = ma.number(field), let y = mb.number(field) else { continue }
                if x == y { continue }
                let relative = x == 0 ? nil : (y - x) / x.magnitude
                changed.append(Row(field: field.goName, a: x, b: y, change: y - x, relative: relative))
                let score = relative.map(\.magnitude) ?? .infinity
                let old = best[field.goName].map { $0.relative.map(\.magnitude) ?? .infinity } ?? -1
                if score > old {
                    best[field.goName] = Mover(field: field.goName, snapshot: sa.label,
                                               snapshotTranslations: sa.labelTranslations, relative: relative, change: y - x)
                }
            }
            snapshots.append(SnapshotDiff(label: sa.label, labelInB: sa.label == sb.label ? nil : sb.label,
                                          labelTranslations: sa.labelTranslations, line: sa.line,
                                          changed: changed, unchangedCount: compared.count - changed.count))
        }
        // Moved most: the largest relative change; a field that left 0 ranks first, by its size.
        let ranked = best.values.sorted { x, y in
            let rx = x.relative.map(\.magnitude) ?? .infinity, ry = y.relative.map(\.magnitude) ?? .infinity
            return rx != ry ? rx > ry : x.change.magnitude > y.change.magnitude
        }
        return RunDiff(a: Side(file: fileA, scenario: first.scenario.file, model: first.model, backend: nameA),
                       b: Side(file: fileB, scenario: second.scenario.file, model: second.model, backend: nameB),
                       snapshots: snapshots,
                       unpairedSnapshots: max(first.snapshots.count, second.snapshots.count) - min(first.snapshots.count, second.snapshots.count),
                       movedMost: Array(ranked.prefix(movers)), focusOnly: focusOnly ? true : nil)
    }

    /// A snapshot's focus fields that are compared (the run view's default fields when it names none).
    static func focusFields(_ snapshot: RunDocument.Snapshot) -> [MemStatsField] {
        let named = snapshot.focus.compactMap(MemStatsField.init(goName:))
        let chosen = named.isEmpty ? RunTextRenderer.defaultFields : named
        return fields.filter(chosen.contains)
    }

    /// The diff as JSON (sorted keys).
    public func encoded() throws -> String { try JSONText.encode(self) }
}

/// The diff as text, CSV or Markdown.
public enum RunDiffText {
    static func words(_ language: Language, focusOnly: Bool = false) -> (change: String, moved: String, same: String, none: String) {
        switch (language == .chinese, focusOnly) {
        case (true, false): ("变化", "变化最大的字段：", "其余 %d 个字段相同", "所有字段都相同")
        case (true, true): ("变化", "变化最大的字段：", "其余 %d 个关注字段相同", "关注的字段都相同")
        case (false, false): ("change", "moved most:", "%d other fields are the same", "every field is the same")
        case (false, true): ("change", "moved most:", "other focus fields that are the same: %d", "every focus field is the same")
        }
    }

    static func value(_ v: Double, _ field: String, style: OutputStyle) -> String {
        let unit = MemStatsField(goName: field)?.unit ?? .objects
        return TextLayout.unbreakable(ValueText.format(v, unit: unit, exact: style.showsExactValues))
    }

    static func change(_ row: RunDiff.Row, style: OutputStyle) -> String {
        let unit = MemStatsField(goName: row.field)?.unit ?? .objects
        let text = TextLayout.unbreakable((row.change > 0 ? "+" : "") + ValueText.format(row.change, unit: unit, exact: style.showsExactValues))
        let percent = row.relative.map { TextLayout.unbreakable("(" + ($0 > 0 ? "+" : "") + String(format: "%.2f%%", $0 * 100) + ")") }
        return style.paint(text, row.change > 0 ? .up : .down) + (percent.map { " " + $0 } ?? "")
    }

    static func side(_ s: RunDiff.Side, language: Language = .english) -> String {
        language == .chinese ? "\(s.file)：\(s.backend)，模型 \(s.model)" : "\(s.file): \(s.backend), model \(s.model)"
    }

    public static func text(_ diff: RunDiff, style: OutputStyle, summary: (MemStatsField) -> String) -> String {
        let w = words(style.language, focusOnly: diff.focusOnly ?? false)
        let lang = RunWords(language: style.language)
        func wrap(_ t: String, _ indent: String = "", _ rest: String = "  ") -> [String] {
            TextLayout.wrap(t, width: style.width, firstIndent: indent, restIndent: rest)
        }
        var out = wrap("A  " + side(diff.a, language: style.language)) + wrap("B  " + side(diff.b, language: style.language), "", "   ")
        if diff.a.scenario != diff.b.scenario {
            out += wrap(style.language == .chinese ? "注意：两次运行的场景不同（\(diff.a.scenario)，\(diff.b.scenario)）"
                        : "note: the runs are of different scenarios (\(diff.a.scenario), \(diff.b.scenario))")
        }
        for snapshot in diff.snapshots {
            out.append("")
            let shown = style.language == .chinese ? snapshot.labelTranslations?["zh"] ?? snapshot.label : snapshot.label
            var label = lang.snapshot(shown, pass: nil, line: snapshot.line)
            if let other = snapshot.labelInB { label += style.language == .chinese ? "（B：“\(other)”）" : "  (B: \"\(other)\")" }
            out += wrap(label)
            if snapshot.changed.isEmpty {
                out.append("  " + w.none)
                continue
            }
            var rows = [[lang.field, "A", "B", w.change]]
            for row in snapshot.changed {
                rows.append([row.field, value(row.a, row.field, style: style), value(row.b, row.field, style: style),
                             change(row, style: style)])
            }
            out += TextLayout.table(rows, indent: "  ", width: style.width)
            if snapshot.unchangedCount > 0 { out.append("  " + String(format: w.same, snapshot.unchangedCount)) }
        }
        if diff.unpairedSnapshots > 0 {
            out += ["", style.language == .chinese ? "只有一次运行有的快照：\(diff.unpairedSnapshots) 个"
                        : "snapshots only one run has: \(diff.unpairedSnapshots)"]
        }
        if !diff.movedMost.isEmpty {
            out += ["", w.moved]
            for mover in diff.movedMost {
                let amount = mover.relative.map { (($0 > 0 ? "+" : "") + String(format: "%.2f%%", $0 * 100)) }
                    ?? (style.language == .chinese ? "从 0 起" : "from 0")
                if style.language == .chinese {
                    out += wrap("\(mover.field)  \(amount)（“\(mover.snapshotTranslations?["zh"] ?? mover.snapshot)”）", "  ", "    ")
                } else {
                    out += wrap("\(mover.field)  \(amount)  (\"\(mover.snapshot)\")", "  ", "    ")
                }
                if let field = MemStatsField(goName: mover.field) {
                    out += TextLayout.wrap(summary(field), width: min(style.width, 4 + TextLayout.readingWidth),
                                           firstIndent: "    ", restIndent: "    ")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static let csvHeader = ["snapshot", "line", "field", "a", "b", "change", "relative"]

    public static func csv(_ diff: RunDiff) -> String {
        var rows = [csvHeader]
        for snapshot in diff.snapshots {
            for row in snapshot.changed {
                rows.append([snapshot.label, String(snapshot.line), row.field, RunExport.number(row.a), RunExport.number(row.b),
                             RunExport.number(row.change), row.relative.map { String($0) } ?? ""])
            }
        }
        return rows.map { $0.map(RunExport.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ diff: RunDiff, style: OutputStyle, summary: (MemStatsField) -> String) -> String {
        var plain = style
        plain.usesColor = false
        let w = words(style.language, focusOnly: diff.focusOnly ?? false)
        let lang = RunWords(language: style.language)
        var out = ["# diff: \(RunExport.cell(diff.a.scenario))", "", "- A: `\(diff.a.file)` — \(diff.a.backend), model \(diff.a.model)",
                   "- B: `\(diff.b.file)` — \(diff.b.backend), model \(diff.b.model)", ""]
        for snapshot in diff.snapshots {
            out += ["## " + lang.snapshot(snapshot.label, pass: nil, line: snapshot.line).dropFirst(2), ""]
            if snapshot.changed.isEmpty { out += [w.none, ""]; continue }
            var rows = [[lang.field, "A", "B", w.change]]
            for row in snapshot.changed {
                rows.append([row.field, value(row.a, row.field, style: plain), value(row.b, row.field, style: plain),
                             change(row, style: plain)].map(TextLayout.printed))
            }
            out += RunExport.table(rows) + [""]
        }
        if !diff.movedMost.isEmpty {
            out += ["## " + w.moved.trimmingCharacters(in: CharacterSet(charactersIn: ":：")), ""]
            for mover in diff.movedMost {
                let amount = mover.relative.map { (($0 > 0 ? "+" : "") + String(format: "%.2f%%", $0 * 100)) } ?? "from 0"
                let meaning = MemStatsField(goName: mover.field).map(summary) ?? ""
                out.append("- **\(mover.field)** \(amount) (\"\(mover.snapshot)\"): \(meaning)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
