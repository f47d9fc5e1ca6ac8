// The text a class sees for `memstats run`: narration in order, and at each snapshot the
// readings of every backend side by side, each field with its change since the previous
// snapshot and its one-line meaning, then what Linux shows for the same moment.
//
// Every line fits `style.width` (see TextLayout.table: meanings wrap with a hanging indent,
// numbers are never cut); prose is set at most `TextLayout.readingWidth` wide. Colour marks
// changes (up, down) and verdicts (passed, failed) when `style.usesColor` is on.
// With predicted bands (`run --bands`), a snapshot's shown fields whose band is wide (more than
// 1 %, NumGC 1 cycle) are listed under its table as ranges, with the mechanism that moves them.

import Backends
import FieldCatalogue
import Foundation
import ScenarioLanguage

public struct RunTextRenderer {
    /// The fields shown when a snapshot names no `focus`.
    public static let defaultFields: [MemStatsField] = [
        .heapAlloc, .heapInuse, .heapIdle, .heapReleased, .heapSys, .stackInuse, .sys, .nextGC, .numGC,
    ]

    public var model: String
    /// Show every MemStats field instead of the snapshot's focus.
    public var showsAllFields: Bool
    /// The one-line meaning of a field, in the user's language.
    public var summary: (MemStatsField) -> String
    public var style: OutputStyle
    /// Why these backends, when memstats chose them (shown in the header).
    public var backendChoice: String?
    /// The simulator's predicted bands (`run --bands`), one entry per snapshot of the record.
    public var bands: PredictedBands?

    /// Columns available.
    public var width: Int {
        get { style.width }
        set { style.width = newValue }
    }

    /// The language of the report: its words, and the scenario's translations where it has them.
    public var language: Language { style.language }

    public init(model: String, showsAllFields: Bool = false, style: OutputStyle, backendChoice: String? = nil,
                summary: @escaping (MemStatsField) -> String) {
        self.model = model
        self.showsAllFields = showsAllFields
        self.summary = summary
        self.style = style
        self.backendChoice = backendChoice
    }

    public init(model: String, showsAllFields: Bool = false, width: Int = 120, language: Language = .english,
                backendChoice: String? = nil, summary: @escaping (MemStatsField) -> String) {
        self.init(model: model, showsAllFields: showsAllFields, style: OutputStyle(width: width, language: language),
                  backendChoice: backendChoice, summary: summary)
    }

    private var words: RunWords { RunWords(language: language) }

    public func render(_ record: RunRecord) -> String {
        (headerLines(record) + eventLines(record.events, after: [], record: record) + [""] + closingLines(record))
            .joined(separator: "\n") + "\n"
    }

    /// The title, the about paragraph and the backends line.
    public func headerLines(_ record: RunRecord) -> [String] {
        let scenario = record.scenario
        var out = wrap(words.header(title: scenario.title(in: language) ?? scenario.file, file: scenario.file, model: model),
                       indent: "", rest: "  ")
        if !scenario.about.isEmpty { out += prose(scenario.aboutParagraph(in: language), indent: "") }
        out += wrap(words.backends(RunSummary.backendsLine(record, choice: backendChoice, language: language)), indent: "", rest: "  ")
        if let bands {
            if bands.variants.isEmpty {
                out += wrap(words.noBandVariants, indent: "", rest: "  ")
            } else {
                let list = bands.variants.map { words.variant($0) }.joined(separator: language == .chinese ? "，" : ", ")
                out += wrap(words.bandNote(variants: list), indent: "", rest: "  ")
            }
        }
        return out
    }

    /// The lines of `events` in order; `earlier` are the events before them, whose snapshots the
    /// changes are measured from. Step mode renders a run in such pieces, one step at a time.
    public func eventLines(_ events: [RunEvent], after earlier: [RunEvent], record: RunRecord) -> [String] {
        var out: [String] = []
        let translations = record.scenario.translationsByLine
        func narration(_ english: String, _ span: SourceSpan) -> String {
            (translations[span.start.line] ?? Translations()).text(english, in: language)
        }
        var previous: [BackendKind: MemStats] = [:]
        var previousProcess: [BackendKind: ProcessReading] = [:]
        for case .snapshot(let snapshot) in earlier {
            for (kind, reading) in snapshot.readings {
                if let stats = reading.memStats { previous[kind] = stats }
                if let process = reading.process { previousProcess[kind] = process }
            }
        }
        var snapshotIndex = earlier.reduce(0) { count, event in
            if case .snapshot = event { count + 1 } else { count }
        }
        var index = 0
        while index < events.count {
            switch events[index] {
            case .unavailable(let backend, let reason):
                out.append("")
                out += wrap(words.notTakingPart(backend.rawValue, reason), indent: "", rest: "  ")
            case .failure(let failure):
                out += wrap(words.failed(failure.backend.rawValue, line: failure.span?.start.line, failure.message),
                            indent: "", rest: "  ")
            case .step(let name, let span):
                out.append("")
                out += wrap(style.paint("== \(narration(name, span)) ==", .heading), indent: "", rest: "   ")
            case .note(let text, let span):
                out += prose(narration(text, span), indent: "   ")
            case .notice(let backend, let text, _):
                out += wrap("[\(backend.rawValue)] \(text)", indent: "   ", rest: "     ")
            case .snapshot(let snapshot):
                out.append("")
                out += renderSnapshot(snapshot, label: narration(snapshot.label, snapshot.span),
                                      backends: record.activeBackends.filter { snapshot.readings[$0] != nil },
                                      previous: previous, previousProcess: previousProcess, index: snapshotIndex)
                snapshotIndex += 1
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
                out += renderExpectation(group)
                continue
            }
            index += 1
        }
        return out
    }

    /// What held, what failed and what was not checked, after the last event.
    public func closingLines(_ record: RunRecord) -> [String] {
        var out: [String] = [""]
        let failed = record.hasFailedExpectation
        for line in RunSummary.closingLines(record, language: language) {
            if line.hasPrefix("  ") {
                // A failed claim: its location and text stay on one line, as editors read `FILE:LINE:COLUMN: …`.
                let (place, rest) = line.dropFirst(2).splitOnce("  [")
                out += wrap("  " + TextLayout.unbreakable(place) + (rest.map { "  [" + $0 } ?? ""), indent: "", rest: "      ")
            } else {
                let painted = out.last == "" ? style.paint(line, failed ? .failed : .passed) : line
                out += wrap(painted, indent: "", rest: "  ")
            }
        }
        return Array(out.dropFirst())
    }

    /// The fields a snapshot's table shows.
    func fields(of snapshot: SnapshotRecord) -> [MemStatsField] {
        showsAllFields ? MemStatsField.allCases : (snapshot.focus.isEmpty ? Self.defaultFields : snapshot.focus)
    }

    private func renderSnapshot(_ snapshot: SnapshotRecord, label: String, backends: [BackendKind],
                                previous: [BackendKind: MemStats],
                                previousProcess: [BackendKind: ProcessReading], index: Int) -> [String] {
        var out = wrap(words.snapshot(label, pass: RepeatPass.describe(snapshot.passes), line: snapshot.span.start.line),
                       indent: "", rest: "  ")
        let fields = fields(of: snapshot)
        let withStats = backends.filter { snapshot.readings[$0]?.memStats != nil }
        var table: [[String]] = [[words.field] + withStats.map(\.rawValue) + [words.meaning]]
        for field in fields {
            var row = [field.goName]
            for kind in withStats {
                let reading = snapshot.readings[kind]!
                row.append(ValueText.cell(field, reading.memStats!, previous: previous[kind], style: style,
                                          takenAt: reading.takenAtUnixNanoseconds))
            }
            row.append(summary(field))
            table.append(row)
        }
        if !withStats.isEmpty { out += TextLayout.table(table, indent: "  ", width: width) }
        out += bandLines(snapshot, index: index)
        if fields.contains(.bySize), !withStats.isEmpty {
            out += bySizeTable(snapshot, backends: withStats)
        }

        // What Linux shows: the rows ps and top users know (all metrics with --all-fields),
        // the simulator's predictions in the same rows marked ≈, plus the RSS ledger.
        let processKinds = backends.filter { snapshot.readings[$0]?.process != nil }
        if !processKinds.isEmpty {
            out += wrap(words.linuxHeading(hasPrediction: processKinds.contains(.simulator)), indent: "", rest: "    ")
            var rows: [[String]] = [[words.metric] + processKinds.map(\.rawValue) + [words.meaning]]
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
                    row.append(mark + ValueText.bytes(entry.bytes, previous: old, style: style))
                }
                row.append(meaning)
                rows.append(row)
            }
            var ledger = ["Sys − HeapReleased"]
            var anyLedger = false
            for kind in processKinds {
                if let stats = snapshot.readings[kind]?.memStats {
                    ledger.append(ValueText.bytes(stats.sys &- stats.heapReleased, previous: nil, style: style))
                    anyLedger = true
                } else {
                    ledger.append("—")
                }
            }
            ledger.append(words.ledgerMeaning)
            if anyLedger { rows.append(ledger) }
            out += TextLayout.table(rows, indent: "    ", width: width)
            for kind in processKinds {
                for missing in snapshot.readings[kind]!.process!.unavailable {
                    out += wrap(words.notAvailable(kind.rawValue, missing.source.rawValue, missing.reason),
                                indent: "", rest: "      ")
                }
            }
        }
        for kind in backends {
            let analogies = snapshot.readings[kind]?.analogies ?? []
            guard !analogies.isEmpty else { continue }
            out += wrap(words.analogiesHeading(kind.rawValue), indent: "", rest: "    ")
            for analogy in analogies {
                let text = AnalogyWords.translated(analogy, into: language)
                out += wrap("\(text.idea) ≈ \(analogy.nearestField.goName): "
                            + ValueText.bytes(analogy.bytes, previous: nil, style: style), indent: "    ", rest: "      ")
                out += prose("(\(text.caveat))", indent: "      ")
            }
        }
        return out
    }

    /// The snapshot's shown fields whose predicted band is wide, as ranges with their variants.
    private func bandLines(_ snapshot: SnapshotRecord, index: Int) -> [String] {
        guard let bands, snapshot.readings[.simulator]?.memStats != nil else { return [] }
        let wide = fields(of: snapshot).compactMap { bands.band($0, snapshot: index) }.filter(\.isWide)
        guard !wide.isEmpty else { return [] }
        let variants = Dictionary(bands.variants.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func value(_ field: MemStatsField, _ v: UInt64) -> String {
            field.unit == .bytes ? ValueText.bytes(v, previous: nil, style: style)
                : ValueText.grouped(Int64(clamping: v))
        }
        func variant(_ name: String) -> String {
            variants[name].map { words.variant($0) } ?? words.bandPoint
        }
        var out = wrap(words.bandHeading(mechanisms: bands.mechanisms),
                       indent: "", rest: "    ")
        for band in wide {
            out += wrap(words.bandRow(field: band.field.goName,
                                      range: value(band.field, band.min) + " – " + value(band.field, band.max),
                                      point: value(band.field, band.point),
                                      low: variant(band.minVariant), high: variant(band.maxVariant)),
                        indent: "    ", rest: "      ")
        }
        return out
    }

    /// BySize's non-empty rows: one row per size class with mallocs, per backend "mallocs / frees".
    private func bySizeTable(_ snapshot: SnapshotRecord, backends: [BackendKind]) -> [String] {
        let stats = backends.map { snapshot.readings[$0]!.memStats! }
        let sizes = Set(stats.flatMap { $0.bySize.filter { $0.mallocs > 0 }.map(\.size) }).sorted()
        guard !sizes.isEmpty else { return [] }
        var rows: [[String]] = [[words.size] + backends.map(\.rawValue)]
        for size in sizes {
            var row = [TextLayout.unbreakable(size >= 1024 && size % 1024 == 0 ? "\(size / 1024) KiB" : "\(size) B")]
            for s in stats {
                let entry = s.bySize.first { $0.size == size }
                row.append(entry.map { TextLayout.unbreakable(ValueText.grouped(Int64(clamping: $0.mallocs)) + " / "
                                                               + ValueText.grouped(Int64(clamping: $0.frees))) } ?? "—")
            }
            rows.append(row)
        }
        return wrap(words.bySizeHeading(backends.map(\.rawValue)), indent: "", rest: "    ")
            + TextLayout.table(rows, indent: "    ", width: width)
    }

    private func renderExpectation(_ results: [ExpectationResult]) -> [String] {
        guard let first = results.first else { return [] }
        let failed = results.contains(where: \.isFailure)
        let checked = results.filter { if case .notChecked = $0.outcome { false } else { true } }
        let mark = failed ? style.paint("✗", .failed) : (checked.isEmpty ? "·" : style.paint("✓", .passed))
        let isBytes = Self.isByteClaim(first.text)
        let details = results.map { result -> String in
            switch result.outcome {
            case .passed(let l, let r), .failed(let l, let r):
                if let exact = result.exact {
                    words.compared(result.backend.rawValue,
                                   ValueText.number(exact: exact.left, bytes: isBytes, exact: style.showsExactValues),
                                   ValueText.number(exact: exact.right, bytes: isBytes, exact: style.showsExactValues))
                } else {
                    words.compared(result.backend.rawValue, ValueText.number(l, bytes: isBytes, exact: style.showsExactValues),
                                   ValueText.number(r, bytes: isBytes, exact: style.showsExactValues))
                }
            case .notChecked(let reason):
                words.notChecked(result.backend.rawValue, reason)
            }
        }
        // One line when it fits; else the claim, then one line per backend under it.
        let pass = RepeatPass.describe(first.passes)
        let line = words.expectation(mark: mark, text: first.text, line: first.span.start.line, pass: pass, details: details)
        if TextLayout.displayWidth(TextLayout.printed(line)) <= width { return [TextLayout.printed(line)] }
        return wrap(words.expectation(mark: mark, text: first.text, line: first.span.start.line, pass: pass, details: []),
                    indent: "", rest: "      ")
            + details.flatMap { wrap($0, indent: "      ", rest: "          ") }
    }

    /// The process rows every class knows, in this order, with their meaning (English).
    static var essentialProcessRows: [(key: String, meaning: String)] { RunWords(language: .english).essentialProcessRows }

    private func processRows(_ readings: [ProcessReading]) -> [(key: String, meaning: String)] {
        let present = Set(readings.flatMap { $0.values.map(\.metric.key) })
        var rows = words.essentialProcessRows.filter { present.contains($0.key) }
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

    /// A claim is about bytes when every field it names counts bytes (or it names none and uses a size).
    static func isByteClaim(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let fields = words.compactMap { MemStatsField(goName: String($0)) }
        if fields.isEmpty { return text.contains("iB") }
        return fields.allSatisfy { $0.unit == .bytes }
    }

    /// A line of the report wrapped to the width, continuation lines indented by `rest`.
    private func wrap(_ text: String, indent: String, rest: String) -> [String] {
        let lead = String(text.prefix { $0 == " " })
        return TextLayout.wrap(String(text.dropFirst(lead.count)), width: width, firstIndent: indent + lead,
                               restIndent: rest.count > lead.count ? rest : lead + rest)
    }

    /// Prose (about, notes, caveats) wrapped at the reading width.
    private func prose(_ text: String, indent: String) -> [String] {
        TextLayout.wrap(text, width: min(width, TextLayout.displayWidth(indent) + TextLayout.readingWidth),
                        firstIndent: indent, restIndent: indent)
    }
}

extension Substring {
    /// The text before the first `separator` and the text after it (nil when there is none).
    fileprivate func splitOnce(_ separator: String) -> (String, String?) {
        guard let range = range(of: separator) else { return (String(self), nil) }
        return (String(self[..<range.lowerBound]), String(self[range.upperBound...]))
    }
}
