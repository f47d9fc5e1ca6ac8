// `memstats run --html FILE`: one self-contained HTML page of a run, for a class to open in any
// browser without a network: the scenario and its narration in order, each snapshot's table
// with the fields' meanings, the expectations, a chart of every focused field over the
// snapshots (one line per backend, one scale), and the simulated heap's pages with a slider
// across the snapshots. Inline CSS and SVG; the only script moves the slider.

import FieldCatalogue
import ScenarioLanguage

public struct HTMLReport {
    public var model: String
    /// The one-line meaning of a field.
    public var summary: (MemStatsField) -> String
    /// The page's language: its headings, and the scenario's translations where it has them.
    public var language: Language

    public init(model: String, language: Language = .english, summary: @escaping (MemStatsField) -> String) {
        self.model = model
        self.language = language
        self.summary = summary
    }

    /// `english`, or `chinese` when the page is in Chinese.
    private func t(_ english: String, _ chinese: String) -> String { language == .chinese ? chinese : english }

    /// Narration in the page's language (the scenario's translation of the statement at `span`).
    private func narration(_ english: String, _ span: SourceSpan, _ scenario: Scenario) -> String {
        (scenario.translationsByLine[span.start.line] ?? Translations()).text(english, in: language)
    }

    public func render(_ record: RunRecord) -> String {
        let scenario = record.scenario
        let title = scenario.title(in: language) ?? scenario.file
        var body: [String] = []
        body.append("<h1>\(Self.escape(title))</h1>")
        body.append("<p class=\"meta\">\(Self.escape(scenario.file)) · \(t("model", "模型")) \(Self.escape(model)) · \(t("backends", "后端")): "
                    + record.requestedBackends.map(\.rawValue).joined(separator: ", ") + "</p>")
        if !scenario.about.isEmpty {
            body.append("<p class=\"about\">\(Self.escape(scenario.aboutParagraph(in: language)))</p>")
        }
        body.append(charts(record))
        body.append(heapMaps(record))
        body.append("<h2>\(t("The run, step by step", "运行过程，一步一步"))</h2>")
        var previous: [BackendKind: MemStats] = [:]
        for event in record.events {
            switch event {
            case .step(let name, let span):
                body.append("<h3 class=\"step\">\(Self.escape(narration(name, span, scenario)))</h3>")
            case .note(let text, let span):
                body.append("<p class=\"note\">\(Self.escape(narration(text, span, scenario)))</p>")
            case .notice(let backend, let text, _):
                body.append("<p class=\"notice\">[\(backend.rawValue)] \(Self.escape(text))</p>")
            case .unavailable(let backend, let reason):
                body.append("<p class=\"warning\">\(backend.rawValue) \(t("is not taking part", "未参与")): \(Self.escape(reason))</p>")
            case .failure(let failure):
                body.append("<p class=\"warning\">\(failure.backend.rawValue) \(t("failed", "失败")): \(Self.escape(failure.message))</p>")
            case .snapshot(let snapshot):
                body.append(table(snapshot, label: narration(snapshot.label, snapshot.span, scenario),
                                  backends: record.activeBackends, previous: previous))
                for (kind, reading) in snapshot.readings {
                    if let stats = reading.memStats { previous[kind] = stats }
                }
            case .expectation(let result):
                body.append(expectation(result))
            }
        }
        let failed = record.expectations.filter(\.isFailure).count
        body.append("<h2>\(t("Expectations", "expect 的结果"))</h2>")
        body.append(record.expectations.isEmpty ? "<p>\(t("No expectations in this scenario.", "此场景没有 expect。"))</p>"
                    : "<p class=\"summary\">" + t("\(record.expectations.count) verdicts, \(failed) failed.",
                                                 "共 \(record.expectations.count) 个判定，\(failed) 个不成立。") + "</p>")
        body.append("<table class=\"expectations\"><tr><th>\(t("line", "行"))</th><th>\(t("claim", "断言"))</th>"
                    + "<th>\(t("backend", "后端"))</th><th>\(t("verdict", "判定"))</th></tr>")
        for result in record.expectations {
            body.append("<tr class=\"\(Self.outcomeClass(result.outcome))\"><td>\(result.span.start.line)</td>"
                        + "<td>\(Self.escape(result.text))</td><td>\(result.backend.rawValue)</td>"
                        + "<td>\(Self.escape(verdict(result.outcome)))</td></tr>")
        }
        body.append("</table>")
        return """
            <!DOCTYPE html>
            <html lang="\(t("en", "zh"))"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title)) · memstats</title>
            <style>\(Self.css)</style>
            </head><body>
            \(body.joined(separator: "\n"))
            <script>\(Self.script)</script>
            </body></html>

            """
    }

    // MARK: sections

    private func table(_ snapshot: SnapshotRecord, label: String, backends: [BackendKind],
                       previous: [BackendKind: MemStats]) -> String {
        let kinds = backends.filter { snapshot.readings[$0]?.memStats != nil }
        let fields = snapshot.focus.isEmpty ? RunTextRenderer.defaultFields : snapshot.focus
        var rows = ["<h4 class=\"snapshot\">" + t("snapshot “\(Self.escape(label))” (line \(snapshot.span.start.line))",
                                                   "快照 “\(Self.escape(label))”（第 \(snapshot.span.start.line) 行）") + "</h4>",
                    "<table class=\"snapshot\"><tr><th>\(t("field", "字段"))</th>"
                        + kinds.map { "<th>\($0.rawValue)</th>" }.joined() + "<th>\(t("meaning", "含义"))</th></tr>"]
        for field in fields where field.isScalar {
            var row = "<tr><td class=\"field\">\(field.goName)</td>"
            for kind in kinds {
                let stats = snapshot.readings[kind]!.memStats!
                row += "<td class=\"value\">\(Self.escape(Self.value(field, stats, previous: previous[kind])))</td>"
            }
            rows.append(row + "<td class=\"meaning\">\(Self.escape(summary(field)))</td></tr>")
        }
        rows.append("</table>")
        return rows.joined(separator: "\n")
    }

    private func expectation(_ result: ExpectationResult) -> String {
        let mark = result.isFailure ? "✗" : (Self.outcomeClass(result.outcome) == "passed" ? "✓" : "·")
        return "<p class=\"expect \(Self.outcomeClass(result.outcome))\">\(mark) expect \(Self.escape(result.text)) "
            + "[\(result.backend.rawValue): \(Self.escape(verdict(result.outcome)))]</p>"
    }

    /// One SVG line chart per focused field: x = snapshot, y from 0 to the largest value of any backend.
    private func charts(_ record: RunRecord) -> String {
        let series = RunSeries(record)
        guard !series.backends.isEmpty, series.snapshotLabels.count > 0 else { return "" }
        var out = ["<h2>\(t("Focused fields over the snapshots", "关注字段随快照的变化"))</h2>",
                   "<p class=\"legend\">" + series.backends.enumerated().map {
                       "<span class=\"swatch b\($0.offset)\"></span>\($0.element.rawValue)"
                   }.joined(separator: " ") + t(" — every backend on the same scale, 0 at the bottom.",
                                                " — 所有后端用同一刻度，底部为 0。") + "</p>",
                   "<div class=\"charts\">"]
        let width = 320.0, height = 150.0, left = 8.0, right = 8.0, top = 22.0, bottom = 24.0
        let count = series.snapshotLabels.count
        for field in series.fields {
            let maximum = series.top(field)
            let x = { (i: Int) in count == 1 ? left + (width - left - right) / 2
                : left + Double(i) * (width - left - right) / Double(count - 1) }
            let y = { (v: Double) in maximum > 0 ? top + (1 - v / maximum) * (height - top - bottom) : height - bottom }
            var svg = "<svg class=\"chart\" data-field=\"\(field.goName)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
                + "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">"
            svg += "<title>\(field.goName) \(t("over the snapshots", "随快照的变化"))</title>"
            let topText = Self.escape(ValueText.format(maximum, unit: field.unit, exact: false))
            svg += "<text x=\"\(left)\" y=\"14\" class=\"ctitle\">\(field.goName) " + t("(top \(topText))", "（最高 \(topText)）")
                + "</text>"
            svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\"/>"
            for i in 0..<count {
                svg += "<text class=\"tick\" x=\"\(Self.f(x(i)))\" y=\"\(height - 8)\">\(i + 1)</text>"
            }
            for (b, kind) in series.backends.enumerated() {
                let points = (series.values[kind]?[field] ?? []).enumerated().compactMap { i, v in
                    v.map { "\(Self.f(x(i))),\(Self.f(y($0)))" }
                }
                svg += "<polyline class=\"series b\(b)\" data-backend=\"\(kind.rawValue)\" points=\"\(points.joined(separator: " "))\"/>"
                for point in points {
                    let xy = point.split(separator: ",")
                    svg += "<circle class=\"b\(b)\" cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\"/>"
                }
            }
            out.append(svg + "</svg>")
        }
        out.append("</div>")
        let words = PictureWords(language: language)
        out.append("<p class=\"key\">\(t("snapshots", "快照")): " + record.snapshots.enumerated().map {
            "\($0.offset + 1) \(Self.escape(words.label($0.element, in: record.scenario)))"
        }.joined(separator: " · ") + "</p>")
        return out.joined(separator: "\n")
    }

    /// The simulated heap's pages per snapshot, one SVG each on the run's scale, with a slider.
    private func heapMaps(_ record: RunRecord) -> String {
        let words = PictureWords(language: language)
        let maps = record.snapshots.compactMap { s in
            s.readings[.simulator]?.heapMap.map { (words.label(s, in: record.scenario), $0) }
        }
        guard let first = maps.first?.1 else { return "" }
        let scale = HeapMapScale(largestMappedPages: maps.map { $0.1.mappedPages }.max() ?? 0,
                                 chunkPages: first.chunkPages, width: 80, maxRows: 32)
        let cell = 10, columns = scale.cellsPerRow
        let cellText = "\(ByteCount(scale.pagesPerCell * first.pageBytes))", rowText = "\(ByteCount(scale.pagesPerRow * first.pageBytes))"
        var out = ["<h2>\(t("The simulated heap, page by page", "模拟的堆，一页一页"))</h2>",
                   "<p>" + t("1 cell = \(scale.pagesPerCell) pages (\(cellText)); 1 row = \(rowText). Lowest address at the top left.",
                             "1 格 = \(scale.pagesPerCell) 页（\(cellText)）；1 行 = \(rowText)。最低地址在左上角。") + "</p>",
                   "<p class=\"legend\">" + (language == .chinese ? Self.chineseStateLegend : Self.stateLegend).map {
                       "<span class=\"swatch \($0.0)\"></span>\(Self.escape($0.1))"
                   }.joined(separator: " ") + "</p>",
                   "<label>\(t("snapshot", "快照")) <input type=\"range\" id=\"heap-slider\" min=\"0\" max=\"\(maps.count - 1)\" "
                       + "value=\"\(maps.count - 1)\"> <span id=\"heap-label\"></span></label>"]
        for (index, (label, map)) in maps.enumerated() {
            let cells = HeapMapCells(map, pagesPerCell: scale.pagesPerCell)
            let rows = (cells.classes.count + columns - 1) / columns
            var svg = "<svg class=\"heapmap\" data-index=\"\(index)\" data-label=\"\(Self.escape(label))\" "
                + "width=\"\(columns * cell)\" height=\"\(max(1, rows) * cell)\" role=\"img\"\(index == maps.count - 1 ? "" : " style=\"display:none\"")>"
            let mapped = "\(ByteCount(map.mappedPages * map.pageBytes))"
            svg += "<title>" + t("heap map at “\(Self.escape(label))”: \(mapped) mapped", "“\(Self.escape(label))”时的堆地图：已映射 \(mapped)")
                + "</title>"
            for (i, cls) in cells.classes.enumerated() {
                svg += "<rect class=\"\(cls)\" x=\"\(i % columns * cell)\" y=\"\(i / columns * cell)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\"/>"
            }
            out.append(svg + "</svg>")
        }
        return out.joined(separator: "\n")
    }

    static let stateLegend: [(String, String)] = [
        ("full", "small-object spans ¾+ allocated"), ("half", "½–¾"), ("quarter", "¼–½"), ("sparse", "under ¼"),
        ("large", "large objects"), ("stacks", "goroutine stacks"), ("idle", "free, retained"),
        ("released", "released to the OS"), ("untouched", "never touched, or padding"),
    ]

    static let chineseStateLegend: [(String, String)] = [
        ("full", "小对象 span，已分配 ¾ 以上"), ("half", "½–¾"), ("quarter", "¼–½"), ("sparse", "不到 ¼"),
        ("large", "大对象"), ("stacks", "goroutine 栈"), ("idle", "空闲、仍保留"),
        ("released", "已归还给操作系统"), ("untouched", "从未访问或填充页"),
    ]

    // MARK: text helpers

    static func value(_ field: MemStatsField, _ stats: MemStats, previous: MemStats?) -> String {
        guard let value = stats.number(field) else { return "—" }
        let text = ValueText.format(value, unit: field.unit, exact: false)
        guard let old = previous?.number(field), old != value else { return text }
        return text + " (" + (value > old ? "+" : "") + ValueText.format(value - old, unit: field.unit, exact: false) + ")"
    }

    static func outcomeClass(_ outcome: ExpectationResult.Outcome) -> String {
        switch outcome {
        case .passed: "passed"
        case .failed: "failed"
        case .notChecked: "not-checked"
        }
    }

    func verdict(_ outcome: ExpectationResult.Outcome) -> String {
        switch outcome {
        case .passed(let l, let r):
            t("holds: ", "成立：") + RunTextRendererNumbers.text(l) + t(" vs ", " 对 ") + RunTextRendererNumbers.text(r)
        case .failed(let l, let r):
            t("fails: ", "不成立：") + RunTextRendererNumbers.text(l) + t(" vs ", " 对 ") + RunTextRendererNumbers.text(r)
        case .notChecked(let reason): t("not checked: ", "未检查：") + reason
        }
    }

    static func f(_ value: Double) -> String { String((value * 10).rounded() / 10) }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static let css = """
        body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;background:#fff}
        h1{margin-bottom:.2em}.meta{color:#666}.note{margin-left:1.5em}.notice{color:#555;margin-left:1.5em}
        .warning{color:#a40}table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
        td.value{font-variant-numeric:tabular-nums;white-space:nowrap}td.meaning{color:#444;font-size:.9em}
        .passed{color:#176117}.failed{color:#b00020;font-weight:bold}.not-checked{color:#777}
        .charts{display:flex;flex-wrap:wrap;gap:1em}svg.chart{border:1px solid #ddd;background:#fcfcfc}
        .ctitle{font-size:12px;font-weight:bold}.tick{font-size:10px;text-anchor:middle;fill:#555}.axis{stroke:#999}
        polyline.series{fill:none;stroke-width:2}.b0{stroke:#1f5fbf;fill:#1f5fbf}.b1{stroke:#d9480f;fill:#d9480f}.b2{stroke:#2b8a3e;fill:#2b8a3e}
        span.swatch{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .8em;vertical-align:middle;border:1px solid #888}
        span.swatch.b0{background:#1f5fbf}span.swatch.b1{background:#d9480f}span.swatch.b2{background:#2b8a3e}
        .full{fill:#1864ab;background:#1864ab}.half{fill:#4dabf7;background:#4dabf7}.quarter{fill:#a5d8ff;background:#a5d8ff}
        .sparse{fill:#e7f5ff;background:#e7f5ff}.large{fill:#862e9c;background:#862e9c}.stacks{fill:#e67700;background:#e67700}
        .idle{fill:#ffd43b;background:#ffd43b}.released{fill:#adb5bd;background:#adb5bd}.untouched{fill:#f1f3f5;background:#f1f3f5}
        svg.heapmap{display:block;margin:.5em 0}input[type=range]{width:20em;vertical-align:middle}
        """

    static let script = """
        (function(){var s=document.getElementById('heap-slider');if(!s)return;
        var maps=document.querySelectorAll('svg.heapmap'),label=document.getElementById('heap-label');
        function show(){maps.forEach(function(m){m.style.display=(m.dataset.index===s.value)?'block':'none';
        if(m.dataset.index===s.value)label.textContent=m.dataset.label;});}
        s.addEventListener('input',show);show();})();
        """
}

/// Expectation numbers as the text report writes them (integers grouped, else six decimals).
enum RunTextRendererNumbers {
    static func text(_ value: Double) -> String {
        guard value == value.rounded(), value.magnitude < 1e18 else { return ValueText.format6(value) }
        return ValueText.grouped(value)
    }
}
