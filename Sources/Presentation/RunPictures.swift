// Pictures of a run for a terminal: a chart of each focused field across the snapshots, every
// backend on the same scale (`run --chart`), and the simulated heap's address space as a grid
// of cells per snapshot (`run --heap-map`). Only block characters and ASCII, so the pictures
// read the same without colour, in a pipe and on a projector.

import FieldCatalogue
import ScenarioLanguage

/// The numbers a chart draws: one series per backend and field, one value per snapshot.
public struct RunSeries: Sendable {
    public var snapshotLabels: [String]
    /// Fields in the order the scenario first focuses them (the default fields when none does).
    public var fields: [MemStatsField]
    /// Backends with MemStats, in the run's order.
    public var backends: [BackendKind]
    /// values[backend][field][snapshot]; nil where the backend has no reading.
    public var values: [BackendKind: [MemStatsField: [Double?]]]

    public init(_ record: RunRecord, allFields: Bool = false) {
        let snapshots = record.snapshots
        snapshotLabels = snapshots.map(\.label)
        var fields: [MemStatsField] = []
        if allFields {
            fields = MemStatsField.allCases.filter(\.isScalar)
        } else {
            for snapshot in snapshots {
                for field in snapshot.focus.isEmpty ? RunTextRenderer.defaultFields : snapshot.focus
                where field.isScalar && !fields.contains(field) {
                    fields.append(field)
                }
            }
        }
        self.fields = fields
        backends = record.activeBackends.filter { kind in snapshots.contains { $0.readings[kind]?.memStats != nil } }
        var values: [BackendKind: [MemStatsField: [Double?]]] = [:]
        for kind in backends {
            for field in fields {
                values[kind, default: [:]][field] = snapshots.map { $0.readings[kind]?.memStats?.number(field) }
            }
        }
        self.values = values
    }

    /// The largest value of `field` over every backend and snapshot (the shared top of its axis).
    public func top(_ field: MemStatsField) -> Double {
        backends.flatMap { values[$0]?[field] ?? [] }.compactMap { $0 }.max() ?? 0
    }
}

public struct RunPictures {
    public var style: OutputStyle
    /// Rows of block characters per backend in a chart (8 levels each).
    public var chartRows = 4

    public init(style: OutputStyle) { self.style = style }

    // MARK: charts

    /// A chart of every focused field across the snapshots, each backend on the field's shared scale.
    public func charts(_ record: RunRecord, allFields: Bool = false) -> String {
        let series = RunSeries(record, allFields: allFields)
        guard !series.backends.isEmpty, !series.snapshotLabels.isEmpty else {
            return words.noCharts + "\n"
        }
        var out = [""]
        out += TextLayout.wrap(words.chartsHeading(series.snapshotLabels.count),
                               width: style.width, firstIndent: "", restIndent: "  ")
        let labelWidth = series.backends.map { $0.rawValue.count }.max()! + 2
        let count = series.snapshotLabels.count
        let columnWidth = max(1, min(4, (style.width - labelWidth - 2) / count - 1))
        for field in series.fields {
            let top = series.top(field)
            out.append("")
            out.append(words.chartTitle(field.goName, top: ValueText.format(top, unit: field.unit, exact: style.showsExactValues)))
            for kind in series.backends {
                let values = series.values[kind]?[field] ?? []
                let levels = values.map { value -> Int? in
                    guard let value else { return nil }
                    guard top > 0, value > 0 else { return 0 }
                    return max(1, Int((value / top * Double(chartRows * 8)).rounded()))
                }
                for row in 0..<chartRows {
                    let floor = (chartRows - 1 - row) * 8
                    let name = row == 0 ? kind.rawValue : ""
                    var line = "  " + TextLayout.pad(name, to: labelWidth) + "│"
                    for level in levels {
                        let glyph: String
                        if let level {
                            let eighths = min(8, max(0, level - floor))
                            glyph = eighths == 0 ? " " : String(Self.blocks[eighths])
                        } else {
                            glyph = row == chartRows - 1 ? "-" : " "
                        }
                        line += String(repeating: glyph, count: columnWidth) + " "
                    }
                    out.append(TextLayout.trimmingTrailingSpaces(line))
                }
            }
            var axis = "  " + String(repeating: " ", count: labelWidth) + "└"
            for index in 0..<count {
                axis += TextLayout.pad(String(index + 1), to: columnWidth + 1)
            }
            out.append(TextLayout.trimmingTrailingSpaces(axis))
        }
        out.append("")
        let labels = record.snapshots.map { words.label($0, in: record.scenario) }
        let key = labels.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " · ")
        out += TextLayout.wrap(words.chartKey(key), width: style.width, firstIndent: "", restIndent: "  ")
        return out.joined(separator: "\n") + "\n"
    }

    static let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    // MARK: heap maps

    /// The simulated heap's address space at each snapshot, one cell per `pagesPerCell` pages,
    /// on one scale for the whole run, then the legend.
    public func heapMaps(_ record: RunRecord) -> String {
        let maps = record.snapshots.compactMap { snapshot in
            snapshot.readings[.simulator]?.heapMap.map { (words.label(snapshot, in: record.scenario), $0) }
        }
        guard let first = maps.first?.1 else {
            return "\n" + words.noHeapMap + "\n"
        }
        let scale = HeapMapScale(largestMappedPages: maps.map { $0.1.mappedPages }.max() ?? 0,
                                 chunkPages: first.chunkPages, width: style.width)
        let cellBytes = scale.pagesPerCell * first.pageBytes
        let rowBytes = scale.pagesPerRow * first.pageBytes
        var out = [""]
        out += TextLayout.wrap(words.heapMapHeading(pagesPerCell: scale.pagesPerCell, cell: ByteCount(cellBytes).description,
                                                    row: ByteCount(rowBytes).description,
                                                    chunks: words.chunks(scale.pagesPerRow, first.chunkPages)),
                               width: style.width, firstIndent: "", restIndent: "  ")
        // Address labels as wide as the largest mapping's last row needs, the same in every map.
        let largest = maps.map { $0.1.mappedPages }.max() ?? 0
        let lastRowStart = largest == 0 ? 0 : (largest - 1) / scale.pagesPerRow * scale.pagesPerRow
        let labelWidth = ByteCount(lastRowStart * first.pageBytes).description.count
        for (label, map) in maps {
            let cells = HeapMapCells(map, pagesPerCell: scale.pagesPerCell)
            out.append("")
            out.append(words.mapTitle(label, mapped: ByteCount(map.mappedPages * map.pageBytes).description,
                                      chunks: words.chunks(map.mappedPages, map.chunkPages)))
            let labels = stride(from: 0, to: cells.glyphs.count, by: scale.cellsPerRow).map {
                ByteCount(UInt64($0) * cellBytes).description
            }
            for (row, start) in stride(from: 0, to: cells.glyphs.count, by: scale.cellsPerRow).enumerated() {
                let end = min(cells.glyphs.count, start + scale.cellsPerRow)
                let label = String(repeating: " ", count: labelWidth - labels[row].count) + labels[row]
                out.append("  " + label + " " + String(cells.glyphs[start..<end]))
            }
        }
        out.append("")
        out += TextLayout.wrap(words.legend, width: style.width, firstIndent: "", restIndent: "  ")
        return out.joined(separator: "\n") + "\n"
    }

    public static var legend: String { PictureWords(language: .english).legend }

    private var words: PictureWords { PictureWords(language: style.language) }
}

/// The words of the pictures, in English and Chinese.
struct PictureWords {
    let language: Language
    private var zh: Bool { language == .chinese }

    var noCharts: String { zh ? "图表：没有后端取得 MemStats 快照" : "charts: no backend took a MemStats snapshot" }

    func chartsHeading(_ count: Int) -> String {
        zh ? "图表：每个关注字段在 \(count) 个快照中的变化；所有后端用同一刻度（底部为 0）"
            : "charts: each focused field over the \(count) snapshots; every backend on the same scale (0 at the bottom)"
    }

    func chartTitle(_ field: String, top: String) -> String {
        zh ? "\(field)（最高 \(top)）" : "\(field)  (top \(top))"
    }

    func chartKey(_ key: String) -> String {
        zh ? "快照：" + key + "。短横线：该后端在这里没有读数。" : "snapshots: " + key + ". A dash: the backend has no reading there."
    }

    /// A snapshot's label in this language (its translation where the scenario has one).
    func label(_ snapshot: SnapshotRecord, in scenario: Scenario) -> String {
        (scenario.translationsByLine[snapshot.span.start.line] ?? Translations()).text(snapshot.label, in: language)
    }

    var noHeapMap: String {
        zh ? "堆地图：只有 simulator 后端能显示它的页；请用 --backend simulator 运行"
            : "heap map: only the simulator backend can show its pages; run with --backend simulator"
    }

    func heapMapHeading(pagesPerCell: UInt64, cell: String, row: String, chunks: String) -> String {
        zh ? "堆地图：模拟堆的地址空间，低地址在前；1 格 = \(pagesPerCell) 页（\(cell)），1 行 = \(row)（\(chunks)）"
            : "heap map: the simulated heap's address space, lowest address first; 1 cell = "
                + "\(pagesPerCell) page\(pagesPerCell == 1 ? "" : "s") (\(cell)), 1 row = \(row) (\(chunks))"
    }

    func mapTitle(_ label: String, mapped: String, chunks: String) -> String {
        zh ? "“\(label)”：已映射 \(mapped)（\(chunks)）" : "\"\(label)\": \(mapped) mapped (\(chunks))"
    }

    func chunks(_ pages: UInt64, _ chunkPages: UInt64) -> String {
        let n = Double(pages) / Double(chunkPages)
        let text = n == n.rounded() ? String(Int(n)) : String((n * 10).rounded() / 10)
        return zh ? "\(text) 个 4 MiB 的 chunk" : "\(text) chunk\(n == 1 ? "" : "s") of 4 MiB"
    }

    var legend: String {
        zh ? "图例：█ ▓ ▒ ░ 小对象的 span（已分配槽位的比例：超过 ¾、超过 ½、超过 ¼、更少）；L 大对象；"
            + "s goroutine 栈；: 空闲、仍保留（未归还的 HeapIdle）；_ 已归还给操作系统；. 堆增长以来从未访问，"
            + "或随机堆基址的填充页（算作已归还）。每格显示其多数页的状态。"
            : "legend: █ ▓ ▒ ░ spans of small objects (share of their slots allocated: "
            + "over ¾, over ½, over ¼, less); L large objects; s goroutine stacks; : free, retained (HeapIdle "
            + "not released); _ released to the OS; . never touched since the heap grew, or the random heap "
            + "base's padding (counts as released). "
            + "A cell shows what most of its pages hold."
    }
}

/// One scale for every heap map of a run: the largest mapping fits in `maxRows` rows of whole chunks.
struct HeapMapScale {
    var pagesPerCell: UInt64
    var cellsPerRow: Int
    var pagesPerRow: UInt64 { pagesPerCell * UInt64(cellsPerRow) }

    init(largestMappedPages: UInt64, chunkPages: UInt64, width: Int, maxRows: UInt64 = 16) {
        // A power of two of cells per row (up to 64: one 4 MiB chunk at 8 pages a cell).
        var cells = 64
        while cells > 8 && cells + 12 > width { cells /= 2 }
        cellsPerRow = cells
        // A row holds at least one chunk, so rows start at chunk boundaries.
        var perCell = max(1, chunkPages / UInt64(cells))
        while perCell * UInt64(cells) * maxRows < largestMappedPages { perCell *= 2 }
        pagesPerCell = perCell
    }
}

/// The glyph of each cell: what most of its pages hold.
struct HeapMapCells {
    var glyphs: [Character] = []
    /// The same cells as CSS class names (`full`, `half`, `quarter`, `sparse`, `large`, `stacks`,
    /// `idle`, `released`, `untouched`).
    var classes: [String] = []

    init(_ map: HeapMap, pagesPerCell: UInt64) {
        let cellCount = Int((map.mappedPages + pagesPerCell - 1) / pagesPerCell)
        var runIndex = 0
        for cell in 0..<cellCount {
            let lo = UInt64(cell) * pagesPerCell, hi = min(map.mappedPages, lo + pagesPerCell)
            // Pages per category: 0 objects, 1 large, 2 stacks, 3 idle, 4 released, 5 untouched.
            var pages = [Double](repeating: 0, count: 6)
            var slots = 0.0, allocated = 0.0
            while runIndex < map.runs.count, map.runs[runIndex].endPage <= lo { runIndex += 1 }
            var i = runIndex
            while i < map.runs.count, map.runs[i].firstPage < hi {
                let run = map.runs[i]
                let overlap = Double(min(hi, run.endPage) - max(lo, run.firstPage))
                switch run.state {
                case .smallObjects:
                    pages[0] += overlap
                    let share = overlap / Double(run.pageCount)
                    slots += Double(run.slots) * share
                    allocated += Double(run.allocatedSlots) * share
                case .largeObject: pages[1] += overlap
                // The pictures draw the GC workbuf spans (4 pages) with the stacks: runtime spans
                // that hold no objects.
                case .stacks, .gcWorkbufs: pages[2] += overlap
                case .idleRetained: pages[3] += overlap
                case .released: pages[4] += overlap
                case .neverTouched: pages[5] += overlap
                }
                i += 1
            }
            let winner = pages.indices.max { pages[$0] < pages[$1] }! // ties: the first, in-use states first
            let kind: (Character, String)
            switch winner {
            case 0:
                let share = slots > 0 ? allocated / slots : 1
                kind = share > 0.75 ? ("█", "full") : share > 0.5 ? ("▓", "half") : share > 0.25 ? ("▒", "quarter") : ("░", "sparse")
            case 1: kind = ("L", "large")
            case 2: kind = ("s", "stacks")
            case 3: kind = (":", "idle")
            case 4: kind = ("_", "released")
            default: kind = (".", "untouched")
            }
            glyphs.append(kind.0)
            classes.append(kind.1)
        }
    }
}

extension TextLayout {
    static func trimmingTrailingSpaces(_ line: String) -> String {
        String(line.reversed().drop(while: { $0 == " " }).reversed())
    }
}
