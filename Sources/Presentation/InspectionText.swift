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

    public static func formName(_ form: DumpForm, language: Language = .english) -> String {
        if language == .chinese {
            switch form {
            case .memStatsJSON: return "runtime.MemStats 的 JSON"
            case .expvar: return "expvar /debug/vars（其中的 memstats 成员）"
            case .heapProfile: return "堆剖析，debug=1（其中的 # runtime.MemStats 段）"
            case .metricsText: return "runtime/metrics 样本，每行一个名称与值"
            case .metricsJSON: return "runtime/metrics 样本的 JSON"
            case .gctrace: return "GODEBUG=gctrace=1 日志"
            }
        }
        switch form {
        case .memStatsJSON: return "runtime.MemStats as JSON"
        case .expvar: return "expvar /debug/vars (its memstats member)"
        case .heapProfile: return "heap profile, debug=1 (its # runtime.MemStats block)"
        case .metricsText: return "runtime/metrics samples, name value per line"
        case .metricsJSON: return "runtime/metrics samples as JSON"
        case .gctrace: return "GODEBUG=gctrace=1 log"
        }
    }

    /// The value of one field as shown in the listing.
    static func value(_ field: MemStatsField, in dump: Dump, unit: FieldUnit, language: Language = .english) -> String {
        let s = dump.stats
        let zh = language == .chinese
        switch field {
        case .gcCPUFraction:
            return zh ? String(format: "%.4f（CPU 的 %.2f %%）", s.gcCPUFraction, s.gcCPUFraction * 100)
                : String(format: "%.4f (%.2f %% of CPU)", s.gcCPUFraction, s.gcCPUFraction * 100)
        case .enableGC: return zh ? (s.enableGC ? "是" : "否") : String(s.enableGC)
        case .debugGC: return zh ? (s.debugGC ? "是" : "否") : String(s.debugGC)
        case .pauseNs:
            let recorded = min(Int(s.numGC), 256)
            let latest = s.pauseNs[(Int(s.numGC) + 255) % 256]
            if zh { return recorded == 0 ? "尚无 GC" : "记录了 \(recorded) 次，最近一次 \(duration(nanoseconds: Double(latest)))" }
            return recorded == 0 ? "no GC yet" : "\(recorded) recorded, latest \(duration(nanoseconds: Double(latest)))"
        case .pauseEnd:
            let recorded = min(Int(s.numGC), 256)
            if zh { return recorded == 0 ? "尚无 GC" : "记录了 \(recorded) 次（Unix ns），最近一次 \(s.pauseEnd[(Int(s.numGC) + 255) % 256])" }
            return recorded == 0 ? "no GC yet" : "\(recorded) recorded (Unix ns), latest \(s.pauseEnd[(Int(s.numGC) + 255) % 256])"
        case .bySize:
            let live = s.bySize.filter { $0.mallocs > $0.frees }
            return zh ? "\(s.bySize.count) 个大小等级中有 \(live.count) 个持有对象" : "\(live.count) of \(s.bySize.count) size classes hold objects"
        case .lastGC:
            if zh { return s.lastGC == 0 ? "从未" : "\(s.lastGC)（Unix ns）" }
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
        let language = catalogue.language
        let zh = language == .chinese
        let words = InspectionWords(language)
        var out: [String] = []
        out.append("\(dump.source): \(formName(dump.form, language: language))" + (dump.goVersion.map { ", \($0)" } ?? ""))
        out.append(zh ? "MemStats 的 32 个字段中有 \(dump.present.count) 个。" : "\(dump.present.count) of 32 MemStats fields present.")
        var extras: [String] = []
        if let g = dump.goroutines { extras.append("goroutines \(g)") }
        if let p = dump.gcPercent { extras.append("GOGC \(p)") }
        if let l = dump.memoryLimit { extras.append("GOMEMLIMIT \(ByteCount(l))") }
        if let p = dump.gomaxprocs { extras.append("GOMAXPROCS \(p)") }
        if let r = dump.maxRSS { extras.append("MaxRSS \(ByteCount(r))") }
        if !extras.isEmpty { out.append(zh ? "另有：" + extras.joined(separator: "，") + "。" : "Also: " + extras.joined(separator: ", ") + ".") }

        out.append("")
        out.append(zh ? "== 字段 ==" : "== Fields ==")
        var rows: [[String]] = []
        for field in dump.present {
            let entry = catalogue.entry(for: field)
            var meaning = entry.summary
            if let approximation = dump.approximations[field] {
                meaning = "≈ " + words.approximationNote(approximation) + (zh ? "。" : ". ") + meaning
            }
            rows.append([field.rawValue, value(field, in: dump, unit: entry.unit, language: language), meaning])
        }
        out += wrappedTable(rows, width: width)

        let derived = DerivedQuantities.of(dump)
        if !derived.isEmpty {
            out.append("")
            out.append(zh ? "== 推导量 ==" : "== Derived ==")
            out += wrappedTable(derived.map { [words.derivedName($0.name), derivedValue($0.value, language: language), $0.formula(in: language)] },
                                width: width)
        }

        out.append("")
        out.append(zh ? "== 诊断 ==" : "== Diagnosis ==")
        let diagnosis = Diagnosis.of(dump)
        let checked = Situation.allCases.count - diagnosis.unchecked.count
        if diagnosis.findings.isEmpty {
            out.append(zh ? "  没有突出的问题：\(Situation.allCases.count) 种已知情形中可检查 \(checked) 种，没有一种符合这些数字。"
                : "  Nothing stands out: \(checked) of \(Situation.allCases.count) known situations "
                       + "could be checked, and none fits these numbers.")
        }
        for finding in diagnosis.findings {
            out.append("  ● \(words.situationTitle(finding.situation))  [\(finding.situation.rawValue)]")
            out += TextLayout.wrap((zh ? "原因：" : "why: ") + finding.reasoning(in: language), width: width,
                                   firstIndent: "    ", restIndent: "         ")
            out.append((zh ? "    依据：" : "    rests on: ") + finding.fields.map(\.rawValue).joined(separator: ", "))
            out += TextLayout.wrap((zh ? "可以试试：" : "try: ") + finding.tryThis(in: language), width: width,
                                   firstIndent: "    ", restIndent: "         ")
            if let lesson = finding.situation.lesson { out.append((zh ? "    课程：" : "    lesson: ") + "memstats run \(lesson)") }
        }
        if !diagnosis.unchecked.isEmpty {
            let list = diagnosis.unchecked.map {
                zh ? "\($0.situation.rawValue)（需要 \($0.missing.joined(separator: ", "))）"
                    : "\($0.situation.rawValue) (needs \($0.missing.joined(separator: ", ")))"
            }
            out += TextLayout.wrap(zh ? "未检查（转储里没有）：" + list.joined(separator: "；")
                                      : "not checked (the dump does not say): " + list.joined(separator: "; "),
                                   width: width, firstIndent: "  ", restIndent: "    ")
        }

        if let ledger {
            out.append("")
            out.append(zh ? "== RSS 账目 ==" : "== RSS ledger ==")
            out.append("  VmRSS  \(bytes(ledger.residentBytes))")
            out += wrappedTable(ledger.rows.map { [words.ledgerLabel($0.kind), signedBytes($0.bytes), words.ledgerNote($0)] }, width: width)
        }
        for reason in processUnavailable { out.append(zh ? "  （进程：\(reason)）" : "  (process: \(reason))") }

        if !dump.setAside.isEmpty || dump.unmappedMetricCount > 0 {
            out.append("")
            out.append(zh ? "== 已跳过 ==" : "== Set aside ==")
            for item in dump.setAside {
                out.append("  \(item.name)" + (item.location.map { " (\($0))" } ?? "") + (zh ? "：" : ": ") + words.setAsideReason(item.reason))
            }
            if dump.unmappedMetricCount > 0 {
                out.append(zh ? "  \(dump.unmappedMetricCount) 个 runtime/metrics 样本在 MemStats 中没有对应字段；未显示。"
                    : "  \(dump.unmappedMetricCount) runtime/metrics samples have no MemStats counterpart; not shown.")
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

    public static func comparison(_ c: Comparison, width: Int = 100, language: Language = .english) -> String {
        let zh = language == .chinese
        var out = ["\(c.before.source) → \(c.after.source)"]
        if let seconds = c.secondsBetweenLastGCs {
            out.append(zh ? String(format: "两次最后 GC 相隔 %.1f s。", seconds) : String(format: "Last GCs %.1f s apart.", seconds))
        }
        var rows: [[String]] = [zh ? ["字段", "之前", "之后", "变化"] : ["field", "before", "after", "change"]]
        var unchanged: [String] = []
        for change in c.changes {
            guard change.delta != 0 else { unchanged.append(change.field.rawValue); continue }
            if change.field == .lastGC {
                rows.append(["LastGC", "", "", String(format: zh ? "晚 %+.3f s" : "%+.3f s later", c.secondsBetweenLastGCs ?? 0)])
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
        if let perCycle = c.bytesPerCycle {
            out.append(zh ? "  两者之间每个 GC 周期分配 \(ByteCount.format(perCycle))。"
                          : "  \(ByteCount.format(perCycle)) allocated per GC cycle between them.")
        }
        if !unchanged.isEmpty {
            out += TextLayout.wrap((zh ? "未变：" : "unchanged: ") + unchanged.joined(separator: ", "), width: width,
                                   firstIndent: "  ", restIndent: "    ")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The closeness table of a reproduction, and what it could not explain.
    public static func reproductionTable(_ r: Reproduction, language: Language = .english) -> String {
        let zh = language == .chinese
        let words = InspectionWords(language)
        var rows: [[String]] = [zh ? ["字段", "转储", "模拟", "相差", "目标"] : ["field", "dump", "simulated", "off", "target"]]
        for row in r.rows {
            let target: String
            switch row.target {
            case .percent(let p)?:
                target = (row.meetsTarget == true ? "✓" : "✗") + String(format: zh ? " %.0f %% 以内" : " within %.0f %%", p)
            case .cycles(let n)?: target = (row.meetsTarget == true ? "✓" : "✗") + (zh ? " \(n) 个周期以内" : " within \(n) cycle")
            case nil: target = zh ? "仅报告" : "reported"
            }
            let off = row.field == .numGC ? "\(Int(row.simulated) - Int(row.dump))" + (zh ? " 个周期" : " cycles")
                : String(format: "%.1f %%", row.relativeError * 100)
            rows.append([row.field.rawValue, grouped(row.dump), grouped(row.simulated), off, target])
        }
        var out = TextLayout.table(rows, indent: "  ")
        out.append(zh ? "  （在 \(r.plan.profile.name) 模型上拟合 \(r.rounds) 轮中最好的一轮）" : "  (best of \(r.rounds) fitting rounds on the \(r.plan.profile.name) model)")
        for item in r.unexplained {
            out += TextLayout.wrap((zh ? "未能解释：" : "not explained: ") + words.unexplained(item), width: 100,
                                   firstIndent: "  ", restIndent: "    ")
        }
        return out.joined(separator: "\n") + "\n"
    }




    static func derivedValue(_ v: DerivedQuantity.Value, language: Language = .english) -> String {
        let zh = language == .chinese
        switch v {
        case .bytes(let b): return signedBytes(b) + (b < 0 ? (zh ? "（低于零）" : " (below zero)") : "")
        case .count(let n): return grouped(n)
        case .seconds(let s): return duration(nanoseconds: s * 1e9)
        case .perSecond(let r): return zh ? String(format: "每秒 %.2f 次", r) : String(format: "%.2f per second", r)
        case .pauses(let p):
            return p.map { duration(nanoseconds: Double($0)) }.joined(separator: ", ") + (zh ? "（最新在前）" : " (newest first)")
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
