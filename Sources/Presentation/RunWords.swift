// The words of a run report in each language the field guide speaks: headings, table headers,
// expectation lines, the Linux panel, the malloc analogies and the summary. Field meanings
// come from the catalogue; the scenario's own narration from its translations.

import Backends
import FieldCatalogue
import Foundation

struct RunWords {
    let language: Language

    private var zh: Bool { language == .chinese }

    func header(title: String, file: String, model: String) -> String {
        zh ? "\(title)（\(file)；模型 \(model)）" : "\(title)  (\(file); model \(model))"
    }

    /// RunSummary's backends line, which starts "backends: ", in this language.
    func backends(_ line: String) -> String {
        zh && line.hasPrefix("backends: ") ? "后端：" + line.dropFirst("backends: ".count) : line
    }

    func notTakingPart(_ backend: String, _ reason: String) -> String {
        zh ? "! \(backend) 未参与：\(reason)" : "! \(backend) is not taking part: \(reason)"
    }

    func failed(_ backend: String, line: Int?, _ message: String) -> String {
        let place = line.map { zh ? "（第 \($0) 行）" : " at line \($0)" } ?? ""
        return zh ? "! \(backend) 失败\(place)：\(message)" : "! \(backend) failed\(place): \(message)"
    }

    /// `pass` is RepeatPass's "pass 2 of 3" inside a repeat.
    func snapshot(_ label: String, pass: String?, line: Int) -> String {
        if zh { return "● 快照 “\(label)”（\(pass.map { passes($0) + "，" } ?? "")第 \(line) 行）" }
        return "● snapshot \"\(label)\"  (\(pass.map { "\($0); " } ?? "")line \(line))"
    }

    /// "pass 2 of 3, 1 of 4" → "第 2/3 遍，1/4 遍".
    func passes(_ english: String) -> String {
        guard zh, english.hasPrefix("pass ") else { return english }
        let parts = english.dropFirst(5).components(separatedBy: ", ").map { $0.replacingOccurrences(of: " of ", with: "/") }
        return "第 " + parts.joined(separator: "、") + " 遍"
    }

    var field: String { zh ? "字段" : "field" }
    var meaning: String { zh ? "含义" : "meaning" }
    var metric: String { zh ? "指标" : "metric" }
    var size: String { zh ? "大小" : "size" }

    /// The heading of a snapshot's wide predicted bands: which mechanism moves them.
    func bandHeading(mechanisms: [BandMechanism]) -> String {
        let why = mechanisms.map { mechanism -> String in
            switch mechanism {
            case .markTerminationLatency:
                zh ? "标记在何处结束（标记终止延迟，每次运行不同）" : "where a mark ends (the mark-termination latency varies between runs)"
            case .randomHeapBase:
                zh ? "随机的堆基址（每次运行在堆底留下 0–511 个已释放的填充页）"
                    : "the random heap base (each run leaves 0–511 released padding pages at the heap's base)"
            case .largeObjectRace:
                zh ? "大对象清零的竞争（分配时启动的周期是否扫描这个带指针的大对象，每次运行不同）"
                    : "the large-object zeroing race (whether the cycle a large pointer object's allocation starts scans it, varying between runs)"
            case .sysmonPreemption:
                zh ? "sysmon 的抢占（分时标记协程只在 sysmon 抢占程序时运行，它在那时做完辅助标记还没做的剩余工作，就结束标记，早晚在 0–10 ms 之间，每次运行不同）"
                    : "sysmon's preemption (the fractional worker runs only when sysmon preempts the program, and ends a mark then if it can do the work the assists have not, 0–10 ms after it could, varying between runs)"
            case .msByTiming:
                zh ? "Go 按时机启动的 M（线程）数（每个 M 持有 g0 栈和信号栈，每次运行不同）"
                    : "how many Ms (threads) Go starts by timing (each holds a g0 and a signal stack, varying between runs)"
            }
        }.joined(separator: zh ? "；" : "; ")
        return zh ? "  预测区间，随\(why)而变：" : "  predicted band, moved by \(why):"
    }

    /// One field's wide band: "HeapSys 25.0 MiB – 37.5 MiB (point 30 MiB; low: latency-p25 0.9 ms, high: …)".
    func bandRow(field: String, range: String, point: String, low: String, high: String) -> String {
        zh ? "\(field) \(range)（默认 \(point)；最低：\(low)，最高：\(high)）"
            : "\(field) \(range)  (point \(point); low: \(low), high: \(high))"
    }

    /// A variant as the band lines name it: `latency-p25 0.9 ms`, `latency-mix-0 0.17–6.8 ms per cycle`.
    func variant(_ variant: SimulatorVariant) -> String {
        if let range = variant.sequenceRangeText {
            return zh ? "\(variant.name) 每周期 \(range)" : "\(variant.name) \(range) per cycle"
        }
        guard zh else { return "\(variant.name) \(variant.valueText)" }
        switch variant.mechanism {
        case .markTerminationLatency: return "\(variant.name) \(variant.valueText)"
        case .randomHeapBase: return "\(variant.name) \(variant.value) 页"
        case .largeObjectRace: return "\(variant.name) 由其周期扫描"
        case .sysmonPreemption: return "\(variant.name) 晚 \(SimulatorVariant.milliseconds(variant.value))"
        case .msByTiming: return "\(variant.name) 比单个 P 多 \(variant.value) 个 M"
        }
    }

    /// The model's default configuration among a band's ends.
    var bandPoint: String { zh ? "默认值" : "the point" }

    /// `--bands` where no mechanism with a measured range matters for this run.
    var noBandVariants: String {
        zh ? "预测区间：没有可变的机制有已知范围，预测就是这个值。"
            : "predicted band: no mechanism with a known range matters for this run: the point is the prediction."
    }

    /// What "wide" means, said once after the header.
    func bandNote(variants: String) -> String {
        zh ? "预测区间：每个快照的模拟器字段在这些变体下的 [最小, 最大]（\(variants)）；只列出宽于 1 %（NumGC：1 个周期）的区间。"
            : "predicted bands: each snapshot's simulator fields, [min, max] over these variants (\(variants)); "
            + "only bands wider than 1 % (NumGC: 1 cycle) are listed."
    }

    func linuxHeading(hasPrediction: Bool) -> String {
        if zh { return "  Linux 显示的数字（ps、top）" + (hasPrediction ? "；≈ 表示模拟器的预测：" : "：") }
        return "  what Linux shows (ps, top)" + (hasPrediction ? "; ≈ marks the simulator's prediction:" : ":")
    }

    /// The rows of the Linux panel every class knows, in this order.
    var essentialProcessRows: [(key: String, meaning: String)] {
        if zh {
            return [
                ("VmRSS", "常驻集：top 显示的 RES"),
                ("RssAnon", "常驻的匿名内存：堆、栈、malloc 的 arena"),
                ("VmSize", "映射的地址空间：top 的 VIRT"),
                ("LazyFree", "用 MADV_FREE 释放、但在内核需要之前仍计入 RSS 的内存"),
                ("arena", "glibc：malloc 用 sbrk 从操作系统获得的字节数"),
                ("uordblks", "glibc：已分配块中的字节数"),
                ("fordblks", "glibc：malloc 保留的空闲块中的字节数"),
            ]
        }
        return [
            ("VmRSS", "resident set: what top shows as RES"),
            ("RssAnon", "resident anonymous memory: heap, stacks, malloc arenas"),
            ("VmSize", "mapped address space: top's VIRT"),
            ("LazyFree", "freed with MADV_FREE but still counted in RSS until the kernel needs it"),
            ("arena", "glibc: bytes malloc got from the OS with sbrk"),
            ("uordblks", "glibc: bytes in allocated chunks"),
            ("fordblks", "glibc: bytes in free chunks kept by malloc"),
        ]
    }

    var ledgerMeaning: String {
        zh ? "运行时持有且有内存支撑的部分；与 RSS 相差未访问的页和程序本身"
            : "what the runtime holds backed by memory; RSS differs by untouched pages and the binary"
    }

    func notAvailable(_ backend: String, _ source: String, _ reason: String) -> String {
        zh ? "    \(backend)：\(source) 不可用：\(reason)" : "    \(backend): \(source) not available: \(reason)"
    }

    func analogiesHeading(_ backend: String) -> String {
        zh ? "  \(backend)：用 MemStats 的概念看 glibc malloc（只是类比，不是同一个量）："
            : "  \(backend): glibc malloc seen through MemStats ideas (analogies, not the same quantities):"
    }

    func bySizeHeading(_ backends: [String]) -> String {
        zh ? "  BySize：有分配的规格类（分配次数 / 释放次数）："
            : "  BySize: the size classes with mallocs (mallocs / frees):"
    }

    /// The claim and its verdicts on one line; without `details`, the claim and its line only.
    func expectation(mark: String, text: String, line: Int, pass: String?, details: [String]) -> String {
        let place = zh ? "第 \(line) 行" + (pass.map { "，" + passes($0) } ?? "") : "line \(line)" + (pass.map { ", \($0)" } ?? "")
        if details.isEmpty { return "  \(mark) expect \(text)  [\(place)]" }
        return zh ? "  \(mark) expect \(text)  [\(place)；\(details.joined(separator: "；"))]"
            : "  \(mark) expect \(text)  [\(place); \(details.joined(separator: "; "))]"
    }

    func compared(_ backend: String, _ left: String, _ right: String) -> String {
        zh ? "\(backend)：\(left) 对 \(right)" : "\(backend): \(left) vs \(right)"
    }

    func notChecked(_ backend: String, _ reason: String) -> String {
        zh ? "\(backend)：未检查（\(reason)）" : "\(backend): not checked (\(reason))"
    }
}
