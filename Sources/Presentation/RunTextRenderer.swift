// The text a class sees for `memstats run`: narration in order, and at each snapshot the
// readings of every backend side by side, each field with its change since the previous
// snapshot and its one-line meaning, then what Linux shows for the same moment.

import FieldCatalogue
import ScenarioLanguage

public struct RunTextRenderer {
    /// The fields shown when a snapshot names no `focus`.
    public static let defaultFields: [MemStatsField] = [
        .heapAlloc, .heapInuse, .heapIdle, .heapReleased, .heapSys, .stackInuse, .sys, .nextGC, .numGC,
    ]

    public var model: String
    /// Show every scalar field instead of the snapshot's focus.
    public var showsAllFields: Bool
    /// The one-line meaning of a field, in the user's language.
    public var summary: (MemStatsField) -> String
    /// Columns available; explanations are cut to fit.
    public var width: Int
    /// The language of the narration: a scenario's translation where it has one, else its English.
    public var language: Language

    /// Why these backends, when memstats chose them (shown in the header).
    public var backendChoice: String?

    public init(model: String, showsAllFields: Bool = false, width: Int = 120, language: Language = .english,
                backendChoice: String? = nil,
                summary: @escaping (MemStatsField) -> String) {
        self.model = model
        self.showsAllFields = showsAllFields
        self.summary = summary
        self.width = width
        self.language = language
        self.backendChoice = backendChoice
    }

    public func render(_ record: RunRecord) -> String {
        var out: [String] = []
        let scenario = record.scenario
        let translations = scenario.translationsByLine
        func narration(_ english: String, _ span: SourceSpan) -> String {
            (translations[span.start.line] ?? Translations()).text(english, in: language)
        }
        out.append("\(scenario.title(in: language) ?? scenario.file)  (\(scenario.file); model \(model))")
        if !scenario.about.isEmpty { out.append(wrap(scenario.about(in: language).joined(separator: " "), indent: "")) }
        out.append(wrap(RunSummary.backendsLine(record, choice: backendChoice), indent: ""))

        var previous: [BackendKind: MemStats] = [:]
        var previousProcess: [BackendKind: ProcessReading] = [:]
        var index = 0
        let events = record.events
        while index < events.count {
            switch events[index] {
            case .unavailable(let backend, let reason):
                out.append("")
                out.append("! \(backend.rawValue) is not taking part: \(reason)")
            case .failure(let failure):
                let place = failure.span.map { " at line \($0.start.line)" } ?? ""
                out.append("! \(failure.backend.rawValue) failed\(place): \(failure.message)")
            case .step(let name, let span):
                out.append("")
                out.append("== \(narration(name, span)) ==")
            case .note(let text, let span):
                out.append(wrap(narration(text, span), indent: "   "))
            case .notice(let backend, let text, _):
                out.append(wrap("[\(backend.rawValue)] \(text)", indent: "   "))
            case .snapshot(let snapshot):
                out.append("")
                out += renderSnapshot(snapshot, label: narration(snapshot.label, snapshot.span), backends: record.activeBackends.filter { snapshot.readings[$0] != nil },
                                      previous: previous, previousProcess: previousProcess)
                for (kind, reading) in snapshot.readings {
                    if let stats = reading.memStats { previous[kind] = stats }
                    if let process = reading.process { previousProcess[kind] = process }
                }
            case .expectation:
                var group: [ExpectationResult] = []
                while index < events.count, case .expectation(let result) = events[index],
                      group.isEmpty || (group[0].span == result.span && group[0].passes == result.passes) {
                    group.append(result)
                    index += 1
                }
                out.append(renderExpectation(group))
                continue
            }
            index += 1
        }
        out.append("")
        out += RunSummary.closingLines(record).map { $0.hasPrefix("  ") ? $0 : wrap($0, indent: "") }
        return out.joined(separator: "\n") + "\n"
    }

    private func renderSnapshot(_ snapshot: SnapshotRecord, label: String, backends: [BackendKind],
                                previous: [BackendKind: MemStats],
                                previousProcess: [BackendKind: ProcessReading]) -> [String] {
        let pass = RepeatPass.describe(snapshot.passes).map { "\($0); " } ?? ""
        var out = ["● snapshot \"\(label)\"  (\(pass)line \(snapshot.span.start.line))"]
        let fields = showsAllFields ? MemStatsField.allCases.filter(\.isScalar)
            : (snapshot.focus.isEmpty ? Self.defaultFields : snapshot.focus)
        let withStats = backends.filter { snapshot.readings[$0]?.memStats != nil }
        var table: [[String]] = [["field"] + withStats.map(\.rawValue) + ["meaning"]]
        for field in fields {
            var row = [field.goName]
            for kind in withStats {
                let stats = snapshot.readings[kind]!.memStats!
                row.append(Self.cell(field, stats, previous: previous[kind]))
            }
            row.append(summary(field))
            table.append(row)
        }
        if !withStats.isEmpty { out += formatTable(table, lastColumnFlexible: true) }

        // What Linux shows: the rows ps and top users know (all metrics with --all-fields),
        // the simulator's predictions in the same rows marked ≈, plus the RSS ledger.
        let processKinds = backends.filter { snapshot.readings[$0]?.process != nil }
        if !processKinds.isEmpty {
            out.append("  what Linux shows (ps, top)" + (processKinds.contains(.simulator) ? "; ≈ marks the simulator's prediction:" : ":"))
            var rows: [[String]] = [["metric"] + processKinds.map(\.rawValue) + ["meaning"]]
            for (key, meaning) in processRows(processKinds.map { snapshot.readings[$0]!.process! }) {
                var row = [key]
                for kind in processKinds {
                    let reading = snapshot.readings[kind]!.process!
                    guard let entry = Self.processEntry(key, in: reading) else {
                        row.append("—")
                        continue
                    }
                    let old = previousProcess[kind].flatMap { Self.processEntry(key, in: $0) }?.bytes
                    let mark = entry.metric.source == .prediction ? "≈" : ""
                    row.append(mark + Self.bytesCell(entry.bytes, previous: old))
                }
                row.append(meaning)
                rows.append(row)
            }
            var ledger = ["Sys − HeapReleased"]
            var anyLedger = false
            for kind in processKinds {
                if let stats = snapshot.readings[kind]?.memStats {
                    ledger.append(ByteCount(stats.sys &- stats.heapReleased).description)
                    anyLedger = true
                } else {
                    ledger.append("—")
                }
            }
            ledger.append("what the runtime holds backed by memory; RSS differs by untouched pages and the binary")
            if anyLedger { rows.append(ledger) }
            out += formatTable(rows, lastColumnFlexible: true).map { "  " + $0 }
            for kind in processKinds {
                for missing in snapshot.readings[kind]!.process!.unavailable {
                    out.append("    \(kind.rawValue): \(missing.source.rawValue) not available: \(missing.reason)")
                }
            }
        }
        for kind in backends {
            let analogies = snapshot.readings[kind]?.analogies ?? []
            guard !analogies.isEmpty else { continue }
            out.append("  \(kind.rawValue): glibc malloc seen through MemStats ideas (analogies, not the same quantities):")
            for analogy in analogies {
                out.append("    \(analogy.idea) ≈ \(analogy.nearestField.goName): \(ByteCount(analogy.bytes))")
                out.append(wrap("(\(analogy.caveat))", indent: "      "))
            }
        }
        return out
    }

    private func renderExpectation(_ results: [ExpectationResult]) -> String {
        guard let first = results.first else { return "" }
        let failed = results.contains(where: \.isFailure)
        let checked = results.filter { if case .notChecked = $0.outcome { false } else { true } }
        let mark = failed ? "✗" : (checked.isEmpty ? "·" : "✓")
        let isBytes = Self.isByteClaim(first.text)
        let details = results.map { result -> String in
            switch result.outcome {
            case .passed(let l, let r), .failed(let l, let r):
                "\(result.backend.rawValue): \(Self.number(l, bytes: isBytes)) vs \(Self.number(r, bytes: isBytes))"
            case .notChecked(let reason):
                "\(result.backend.rawValue): not checked (\(reason))"
            }
        }
        let pass = RepeatPass.describe(first.passes).map { ", \($0)" } ?? ""
        return "  \(mark) expect \(first.text)  [line \(first.span.start.line)\(pass); \(details.joined(separator: "; "))]"
    }

    /// The process rows every class knows, in this order, with their meaning.
    static let essentialProcessRows: [(key: String, meaning: String)] = [
        ("VmRSS", "resident set: what top shows as RES"),
        ("RssAnon", "resident anonymous memory: heap, stacks, malloc arenas"),
        ("VmSize", "mapped address space: top's VIRT"),
        ("LazyFree", "freed with MADV_FREE but still counted in RSS until the kernel needs it"),
        ("arena", "glibc: bytes malloc got from the OS with sbrk"),
        ("uordblks", "glibc: bytes in allocated chunks"),
        ("fordblks", "glibc: bytes in free chunks kept by malloc"),
    ]

    private func processRows(_ readings: [ProcessReading]) -> [(key: String, meaning: String)] {
        let present = Set(readings.flatMap { $0.values.map(\.metric.key) })
        var rows = Self.essentialProcessRows.filter { present.contains($0.key) }
        if showsAllFields {
            for reading in readings {
                for entry in reading.values where !rows.contains(where: { $0.key == entry.metric.key }) {
                    rows.append((entry.metric.key, entry.metric.source.rawValue))
                }
            }
        }
        return rows
    }

    /// The first metric with this key: measured sources before predictions.
    static func processEntry(_ key: String, in reading: ProcessReading) -> (metric: ProcessMetric, bytes: UInt64)? {
        reading.values.first { $0.metric.key == key && $0.metric.source != .prediction }
            ?? reading.values.first { $0.metric.key == key }
    }

    static func cell(_ field: MemStatsField, _ stats: MemStats, previous: MemStats?) -> String {
        guard let value = stats.number(field) else { return "—" }
        let text = format(value, unit: field.unit)
        guard let old = previous?.number(field), old != value else { return text }
        let delta = value - old
        return text + " (" + (delta > 0 ? "+" : "") + format(delta, unit: field.unit) + ")"
    }

    static func bytesCell(_ value: UInt64, previous: UInt64?) -> String {
        let text = ByteCount(value).description
        guard let previous, previous != value else { return text }
        let delta = Double(value) - Double(previous)
        return text + " (" + (delta > 0 ? "+" : "") + ByteCount.format(delta) + ")"
    }

    static func format(_ value: Double, unit: FieldUnit) -> String {
        switch unit {
        case .bytes: ByteCount.format(value)
        case .fraction: String(format6(value))
        case .boolean: value != 0 ? "true" : "false"
        case .nanoseconds: value.magnitude >= 1_000_000 ? "\(format6(value / 1_000_000)) ms" : "\(Int64(value)) ns"
        default: grouped(Int64(value))
        }
    }

    /// A claim is about bytes when every field it names counts bytes (or it names none and uses a size).
    static func isByteClaim(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let fields = words.compactMap { MemStatsField(goName: String($0)) }
        if fields.isEmpty { return text.contains("iB") }
        return fields.allSatisfy { $0.unit == .bytes }
    }

    static func number(_ value: Double, bytes: Bool) -> String {
        guard value == value.rounded(), value.magnitude < 1e18 else { return format6(value) }
        if bytes, value.magnitude >= 1024 { return "\(ByteCount.format(value)) (\(grouped(Int64(value))))" }
        return grouped(Int64(value))
    }

    static func format6(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == rounded.rounded() && rounded.magnitude < 1e15 ? String(Int64(rounded)) : String(rounded)
    }

    /// 1234567 → "1 234 567" (thin groups read well in any locale).
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    private func formatTable(_ rows: [[String]], lastColumnFlexible: Bool) -> [String] {
        TextLayout.table(rows, indent: "  ", width: lastColumnFlexible ? width : nil)
    }

    private func wrap(_ text: String, indent: String) -> String {
        TextLayout.wrap(text, width: width, firstIndent: indent, restIndent: indent).joined(separator: "\n")
    }
}
