// Text for `memstats inspect`: the fields a dump holds with their meaning, the derived
// quantities, the diagnosis, the RSS ledger, a comparison of two dumps; and every
// InspectionError's message (rendered here only).

import FieldCatalogue
import Inspection
import ScenarioLanguage

public enum InspectionText {
    static func bytes(_ value: UInt64) -> String { "\(ByteCount(value)) (\(grouped(value)))" }

    static func signedBytes(_ value: Int64) -> String {
        value < 0 ? "−" + bytes(value.magnitude) : bytes(UInt64(value))
    }

    /// 79401360 → "79 401 360", as the run reports write exact numbers.
    static func grouped(_ value: UInt64) -> String {
        var digits = Array(String(value))
        var out = ""
        while digits.count > 3 {
            out = " " + String(digits.suffix(3)) + out
            digits.removeLast(3)
        }
        return String(digits) + out
    }

    static func duration(nanoseconds: Double) -> String {
        switch nanoseconds {
        case ..<1_000: String(format: "%.0f ns", nanoseconds)
        case ..<1_000_000: String(format: "%.1f µs", nanoseconds / 1e3)
        case ..<1_000_000_000: String(format: "%.2f ms", nanoseconds / 1e6)
        default: String(format: "%.2f s", nanoseconds / 1e9)
        }
    }

    public static func formName(_ form: DumpForm) -> String {
        switch form {
        case .memStatsJSON: "runtime.MemStats as JSON"
        case .expvar: "expvar /debug/vars (its memstats member)"
        case .heapProfile: "heap profile, debug=1 (its # runtime.MemStats block)"
        case .metricsText: "runtime/metrics samples, name value per line"
        case .metricsJSON: "runtime/metrics samples as JSON"
        case .gctrace: "GODEBUG=gctrace=1 log"
        }
    }

    /// The value of one field as shown in the listing.
    static func value(_ field: MemStatsField, in dump: Dump, unit: FieldUnit) -> String {
        let s = dump.stats
        switch field {
        case .gcCPUFraction: return String(format: "%.4f (%.2f %% of CPU)", s.gcCPUFraction, s.gcCPUFraction * 100)
        case .enableGC: return String(s.enableGC)
        case .debugGC: return String(s.debugGC)
        case .pauseNs:
            let recorded = min(Int(s.numGC), 256)
            let latest = s.pauseNs[(Int(s.numGC) + 255) % 256]
            return recorded == 0 ? "no GC yet" : "\(recorded) recorded, latest \(duration(nanoseconds: Double(latest)))"
        case .pauseEnd:
            let recorded = min(Int(s.numGC), 256)
            return recorded == 0 ? "no GC yet" : "\(recorded) recorded (Unix ns), latest \(s.pauseEnd[(Int(s.numGC) + 255) % 256])"
        case .bySize:
            let live = s.bySize.filter { $0.mallocs > $0.frees }
            return "\(live.count) of \(s.bySize.count) size classes hold objects"
        case .lastGC:
            return s.lastGC == 0 ? "never" : "\(s.lastGC) (Unix ns)"
        case .pauseTotalNs:
            return duration(nanoseconds: Double(s.pauseTotalNs))
        default:
            let n = s.integer(field) ?? 0
            return unit == .bytes ? bytes(n) : grouped(n)
        }
    }

    public static func report(_ dump: Dump, catalogue: FieldCatalogue, ledger: RSSLedger?, processUnavailable: [String] = [],
                              width: Int = 100) -> String {
        var out: [String] = []
        out.append("\(dump.source): \(formName(dump.form))" + (dump.goVersion.map { ", \($0)" } ?? ""))
        out.append("\(dump.present.count) of 32 MemStats fields present.")
        var extras: [String] = []
        if let g = dump.goroutines { extras.append("goroutines \(g)") }
        if let p = dump.gcPercent { extras.append("GOGC \(p)") }
        if let l = dump.memoryLimit { extras.append("GOMEMLIMIT \(ByteCount(l))") }
        if let p = dump.gomaxprocs { extras.append("GOMAXPROCS \(p)") }
        if let r = dump.maxRSS { extras.append("MaxRSS \(ByteCount(r))") }
        if !extras.isEmpty { out.append("Also: " + extras.joined(separator: ", ") + ".") }

        out.append("")
        out.append("== Fields ==")
        var rows: [[String]] = []
        for field in dump.present {
            let entry = catalogue.entry(for: field)
            var meaning = entry.summary
            if let approximation = dump.approximations[field] { meaning = "≈ " + approximationNote(approximation) + ". " + meaning }
            rows.append([field.rawValue, value(field, in: dump, unit: entry.unit), meaning])
        }
        out += wrappedTable(rows, width: width)

        let derived = DerivedQuantities.of(dump)
        if !derived.isEmpty {
            out.append("")
            out.append("== Derived ==")
            out += wrappedTable(derived.map { [derivedName($0.name), derivedValue($0.value), $0.formula] }, width: width)
        }

        out.append("")
        out.append("== Diagnosis ==")
        let diagnosis = Diagnosis.of(dump)
        if diagnosis.findings.isEmpty {
            out.append("  Nothing stands out: \(Situation.allCases.count - diagnosis.unchecked.count) of \(Situation.allCases.count) known situations "
                       + "could be checked, and none fits these numbers.")
        }
        for finding in diagnosis.findings {
            out.append("  ● \(situationTitle(finding.situation))  [\(finding.situation.rawValue)]")
            out += TextLayout.wrap("why: " + finding.reasoning, width: width, firstIndent: "    ", restIndent: "         ")
            out.append("    rests on: " + finding.fields.map(\.rawValue).joined(separator: ", "))
            out += TextLayout.wrap("try: " + finding.tryThis, width: width, firstIndent: "    ", restIndent: "         ")
            if let lesson = finding.situation.lesson { out.append("    lesson: memstats run \(lesson)") }
        }
        if !diagnosis.unchecked.isEmpty {
            out += TextLayout.wrap("not checked (the dump does not say): " + diagnosis.unchecked.map {
                "\($0.situation.rawValue) (needs \($0.missing.joined(separator: ", ")))"
            }.joined(separator: "; "), width: width, firstIndent: "  ", restIndent: "    ")
        }

        if let ledger {
            out.append("")
            out.append("== RSS ledger ==")
            out.append("  VmRSS  \(bytes(ledger.residentBytes))")
            out += wrappedTable(ledger.rows.map { [$0.label, signedBytes($0.bytes), $0.note] }, width: width)
        }
        for reason in processUnavailable { out.append("  (process: \(reason))") }

        if !dump.setAside.isEmpty || dump.unmappedMetricCount > 0 {
            out.append("")
            out.append("== Set aside ==")
            for item in dump.setAside {
                out.append("  \(item.name)" + (item.location.map { " (\($0))" } ?? "") + ": " + setAsideReason(item.reason))
            }
            if dump.unmappedMetricCount > 0 {
                out.append("  \(dump.unmappedMetricCount) runtime/metrics samples have no MemStats counterpart; not shown.")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Three columns: the first two aligned, the third wrapped under itself.
    static func wrappedTable(_ rows: [[String]], width: Int) -> [String] {
        let first = rows.map { TextLayout.displayWidth($0[0]) }.max() ?? 0
        let second = min(rows.map { TextLayout.displayWidth($0[1]) }.max() ?? 0, 34)
        let indent = String(repeating: " ", count: 2 + first + 2 + second + 2)
        var lines: [String] = []
        for row in rows {
            let head = "  " + TextLayout.pad(row[0], to: first) + "  " + TextLayout.pad(row[1], to: second) + "  "
            if TextLayout.displayWidth(head) > indent.count {
                lines.append("  " + TextLayout.pad(row[0], to: first) + "  " + row[1])
                lines += TextLayout.wrap(row[2], width: width, firstIndent: indent, restIndent: indent)
            } else {
                lines += TextLayout.wrap(row[2], width: width, firstIndent: head, restIndent: indent)
            }
        }
        return lines
    }

    public static func comparison(_ c: Comparison, width: Int = 100) -> String {
        var out = ["\(c.before.source) → \(c.after.source)"]
        if let seconds = c.secondsBetweenLastGCs {
            out.append(String(format: "Last GCs %.1f s apart.", seconds))
        }
        var rows: [[String]] = [["field", "before", "after", "change"]]
        var unchanged: [String] = []
        for change in c.changes {
            guard change.delta != 0 else { unchanged.append(change.field.rawValue); continue }
            if change.field == .lastGC {
                rows.append(["LastGC", "", "", String(format: "%+.3f s later", c.secondsBetweenLastGCs ?? 0)])
                continue
            }
            let isBytes = (try? FieldCatalogue.shared(.english).entry(for: change.field).unit) == .bytes
            func show(_ v: Double) -> String {
                change.field == .gcCPUFraction ? String(format: "%.4f", v)
                    : isBytes ? ByteCount.format(v) : grouped(UInt64(max(0, v)))
            }
            let percent = change.before != 0 ? String(format: " (%+.1f %%)", change.delta / change.before * 100).replacingOccurrences(of: "-", with: "−") : ""
            let delta = change.field == .gcCPUFraction ? String(format: "%+.4f", change.delta).replacingOccurrences(of: "-", with: "−")
                : (change.delta > 0 ? "+" : "−") + (isBytes ? ByteCount.format(abs(change.delta)) : grouped(UInt64(abs(change.delta))))
            rows.append([change.field.rawValue, show(change.before), show(change.after), delta + percent])
        }
        out.append("")
        out += TextLayout.table(rows, indent: "  ")
        if let perCycle = c.bytesPerCycle { out.append("  \(ByteCount.format(perCycle)) allocated per GC cycle between them.") }
        if !unchanged.isEmpty {
            out += TextLayout.wrap("unchanged: " + unchanged.joined(separator: ", "), width: width, firstIndent: "  ", restIndent: "    ")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The closeness table of a reproduction, and what it could not explain.
    public static func reproductionTable(_ r: Reproduction) -> String {
        var rows: [[String]] = [["field", "dump", "simulated", "off", "target"]]
        for row in r.rows {
            let target: String
            switch row.target {
            case .percent(let p)?: target = (row.meetsTarget == true ? "✓" : "✗") + String(format: " within %.0f %%", p)
            case .cycles(let n)?: target = (row.meetsTarget == true ? "✓" : "✗") + " within \(n) cycle"
            case nil: target = "reported"
            }
            let off = row.field == .numGC ? "\(Int(row.simulated) - Int(row.dump)) cycles"
                : String(format: "%.1f %%", row.relativeError * 100)
            rows.append([row.field.rawValue, grouped(row.dump), grouped(row.simulated), off, target])
        }
        var out = TextLayout.table(rows, indent: "  ")
        out.append("  (best of \(r.rounds) fitting rounds on the go1.27 model)")
        for line in r.unexplained { out += TextLayout.wrap("not explained: " + line, width: 100, firstIndent: "  ", restIndent: "    ") }
        return out.joined(separator: "\n") + "\n"
    }

    static func approximationNote(_ a: Approximation) -> String {
        switch a {
        case .fromMetrics(let names): "from " + names.joined(separator: " + ")
        case .metricsWithoutTiny(let name): "from \(name), without tiny allocations"
        case .fromGCTrace(let line, let what): "gctrace line \(line): \(what), whole MiB"
        }
    }

    static func setAsideReason(_ r: SetAside.Reason) -> String {
        switch r {
        case .unknownField: "not a MemStats field of Go 1.27 (a newer Go?); skipped"
        case .noCounterpart: "no MemStats counterpart; skipped"
        case .extraSizeClasses(let count): "\(count) entries, more than Go 1.27's 61 size classes; the extra ones are skipped"
        }
    }

    static func derivedName(_ n: DerivedQuantity.Name) -> String {
        switch n {
        case .retained: "retained"
        case .fragmentationBound: "fragmentation bound"
        case .footprint: "physical footprint"
        case .liveObjects: "live objects"
        case .averageObjectSize: "average object size"
        case .gcInterval: "GC interval"
        case .gcPerSecond: "GC frequency"
        case .recentPauses: "recent pauses"
        case .averagePause: "average pause"
        case .heapGoalHeadroom: "heap goal headroom"
        }
    }

    static func derivedValue(_ v: DerivedQuantity.Value) -> String {
        switch v {
        case .bytes(let b): signedBytes(b) + (b < 0 ? " (below zero)" : "")
        case .count(let n): grouped(n)
        case .seconds(let s): duration(nanoseconds: s * 1e9)
        case .perSecond(let r): String(format: "%.2f per second", r)
        case .pauses(let p): p.map { duration(nanoseconds: Double($0)) }.joined(separator: ", ") + " (newest first)"
        }
    }

    static func situationTitle(_ s: Situation) -> String {
        switch s {
        case .retainedAfterSpike: "Memory retained after a spike"
        case .fragmentation: "Fragmentation"
        case .stackHeavy: "Stack-heavy"
        case .manyGoroutines: "Many goroutines"
        case .frequentGC: "GC running often for the heap size"
        case .memoryLimitBound: "Bound by the memory limit"
        case .metadataHeavy: "Metadata-heavy"
        case .profilingHeavy: "Profiling buckets (BuckHashSys) heavy"
        }
    }

    /// The one rendering of every InspectionError.
    public static func error(_ e: InspectionError) -> String {
        let at = TerminalText.escaped(e.source)
        switch e.problem {
        case .empty:
            return "error: \(at) is empty\nhint: give a dump: the JSON of runtime.MemStats, a /debug/vars document, a debug=1 heap profile, runtime/metrics samples or a gctrace log"
        case .tooLarge(let count, let limit):
            let size = count.map { "is \(ByteCount(UInt64($0)))" } ?? "sent"
            return "error: \(at) \(size), more than the \(ByteCount(UInt64(limit))) a dump may be; nothing was read\nhint: a MemStats dump is a few KB; cut a long gctrace log to its last lines (tail -n 1000)"
        case .unreadable(let reason):
            return "error: cannot read '\(at)': \(reason)"
        case .unrecognised(let first):
            return "error: \(at): not a dump memstats can read (it starts with: \(first.isEmpty ? "nothing readable" : first))\nhint: see 'memstats help inspect' for the forms it reads"
        case .binaryProfile:
            return "error: \(at) is a gzipped (debug=0) profile, which has no MemStats block\nhint: fetch the heap profile with ?debug=1 (e.g. curl 'http://HOST/debug/pprof/heap?debug=1')"
        case .json(let problem):
            return "error: \(at):\(problem.location): not valid JSON: \(jsonProblem(problem.kind))"
        case .invalidUTF8(let location):
            return "error: \(at):\(location): the text is not UTF-8 here; a dump is text"
        case .wrongType(let field, let expected, let found, let location):
            return "error: \(at):\(location): \(field) should be \(expected), found \(found)"
        case .negative(let field, let text, let location):
            return "error: \(at):\(location): \(field) is \(text), but it counts bytes or events and cannot be negative"
        case .fractional(let field, let text, let location):
            return "error: \(at):\(location): \(field) is \(text), but it is a whole count"
        case .outOfRange(let field, let text, let location):
            return "error: \(at):\(location): \(field) is \(text.prefix(30)), beyond what the field can hold"
        case .noMemStatsMember(let location):
            return "error: \(at):\(location): this /debug/vars document has no 'memstats' member\nhint: the program must import expvar (it publishes memstats itself); is this the right endpoint?"
        case .profileWithoutMemStats:
            return "error: \(at): a heap profile without its '# runtime.MemStats' block (cut short?)\nhint: fetch the whole profile with ?debug=1"
        case .badLine(let line, let text, let expected):
            return "error: \(at):\(line): cannot read '\(TerminalText.quoted(text))'; expected \(expected)"
        case .noFields:
            return "error: \(at): no MemStats fields found in it"
        }
    }

    static func jsonProblem(_ kind: JSONProblem.Kind) -> String {
        switch kind {
        case .unexpectedEnd(let expecting): "the text ends where \(expecting) should come (truncated?)"
        case .unexpectedCharacter(let found, let expecting): "found \(found) where \(expecting) should come"
        case .invalidUTF8: "a string is not UTF-8"
        case .badEscape: "a bad escape sequence in a string"
        case .badNumber(let text): "'\(text)' is not a number"
        case .tooDeep(let limit): "nested more than \(limit) levels"
        case .trailingText: "more text after the end of the document"
        }
    }
}
