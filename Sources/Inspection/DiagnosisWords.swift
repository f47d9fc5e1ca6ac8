// The words of a diagnosis in each language the field guide speaks: each finding's reasoning,
// written from its numbers, and what to try. Field names, Go identifiers, settings (GOGC,
// GOMEMLIMIT) and units stay as Go writes them in every language.

import FieldCatalogue
import Foundation

public struct DiagnosisWords: Sendable {
    public let language: Language
    private var zh: Bool { language == .chinese }

    public init(language: Language) { self.language = language }

    static func mib(_ bytes: UInt64) -> String { ByteCount(bytes).description }

    static func percent(_ part: UInt64, of whole: UInt64) -> Int { Int(Double(part) / Double(max(whole, 1)) * 100) }

    public func reasoning(_ evidence: Finding.Evidence) -> String {
        let mib = Self.mib
        switch evidence {
        case .retained(let retained, let heapInuse):
            return zh
                ? "\(mib(retained)) 的空闲堆仍被保留、仍占着内存（HeapIdle − HeapReleased），而在用的是 \(mib(heapInuse))。"
                    + "堆不久前更大，清道夫（scavenger）还没有把差额还给操作系统；还回之前它一直计入 RSS。"
                : "\(mib(retained)) of idle heap is kept, still backed by memory (HeapIdle − HeapReleased), "
                    + "against \(mib(heapInuse)) in use. The heap was larger recently and the scavenger has not "
                    + "returned the difference yet; it counts in RSS until it does."
        case .fragmentation(let gap, let heapInuse, let size, let live):
            let share = Self.percent(gap, of: heapInuse)
            var text = zh
                ? "在用 span 中有 \(mib(gap)) 没有存活对象（HeapInuse − HeapAlloc），占 HeapInuse 的 \(share) %。"
                    + "只要还有一个存活对象，span 就不能释放，它的空槽只能留给同一大小等级的对象。"
                : "\(mib(gap)) of in-use spans hold no live object (HeapInuse − HeapAlloc), "
                    + "\(share) % of HeapInuse. Spans with even one survivor "
                    + "cannot be freed, so their empty slots stay reserved for objects of their size class."
            if let size, let live {
                text += zh ? "存活字节最多的大小等级是 \(size) B（\(live) 个对象）。"
                    : " The size class with most live bytes is \(size) B (\(live) objects)."
            }
            return text
        case .stackHeavy(let stackInuse, let heapInuse):
            let share = Self.percent(stackInuse, of: heapInuse + stackInuse)
            return zh
                ? "goroutine 栈占了 \(mib(stackInuse))（StackInuse），是堆与栈内存合计的 \(share) %。"
                    + "栈和堆来自同一批页，所以栈也会让 HeapSys 变小。"
                : "Goroutine stacks take \(mib(stackInuse)) (StackInuse), \(share) % of heap and stack "
                    + "memory together. Stacks come from the same pages as the heap, so they also make HeapSys smaller."
        case .goroutines(let count, let stackInuse):
            return zh
                ? "有 \(count) 个 goroutine 存活（/sched/goroutines），栈共 \(mib(stackInuse))。"
                    + "永不结束的 goroutine 会一直占着自己的栈和它引用的一切。"
                : "\(count) goroutines are alive (/sched/goroutines), with \(mib(stackInuse)) of stacks. "
                    + "Goroutines that never end keep their stacks and everything they reference."
        case .stacksWithoutCount(let stackInuse):
            return zh
                ? "StackInuse 是 \(mib(stackInuse))：按 2 KiB 的最小栈算最多有 \(stackInuse / 2048) 个 goroutine，"
                    + "按 8 KiB 算有 \(stackInuse / 8192) 个。转储里没有 goroutine 数，所以也可能是较少的 goroutine 用了很深的栈。"
                : "StackInuse is \(mib(stackInuse)): at the 2 KiB minimum stack that is up to "
                    + "\(stackInuse / 2048) goroutines, at 8 KiB \(stackInuse / 8192). The dump has no goroutine "
                    + "count, so this may also be fewer goroutines with deep stacks."
        case .frequentGC(let rate, let cpu, let goal):
            var why: [String] = []
            if let rate {
                why.append(zh ? "在记录到的周期里 GC 每秒运行 \(String(format: "%.1f", rate)) 次"
                              : "the GC ran \(String(format: "%.1f", rate)) times a second over the recorded cycles")
            }
            if let cpu {
                why.append(zh ? "它已用掉 \(String(format: "%.1f", cpu * 100)) % 的 CPU（GCCPUFraction）"
                              : "it has used \(String(format: "%.1f", cpu * 100)) % of the CPU (GCCPUFraction)")
            }
            if zh {
                let goalText = goal.map { "，而堆目标只有 \(mib($0))" } ?? ""
                return why.joined(separator: "，并且") + goalText
                    + "。每个周期在堆比上一轮保留的增长 GOGC 百分比时开始；存活堆小、分配速率高，很快就会到达。"
            }
            let goalText = goal.map { " for a heap goal of only \(mib($0))" } ?? ""
            let first = why.joined(separator: ", and ")
            return first.prefix(1).uppercased() + first.dropFirst() + goalText
                + ". Each cycle starts when the heap grows by GOGC percent of what the last one kept; "
                + "a small live heap with a high allocation rate reaches that quickly."
        case .memoryLimit(let footprint, let limit):
            let share = Self.percent(footprint, of: limit)
            return zh
                ? "运行时的物理占用（Sys − HeapReleased）是 \(mib(footprint))，为内存上限 \(mib(limit)) 的 \(share) %。"
                    + "接近上限时，无论 GOGC 是多少，GC 都会按需频繁运行以留在上限之下。"
                : "The runtime's footprint (Sys − HeapReleased) is \(mib(footprint)), "
                    + "\(share) % of the memory limit \(mib(limit)). "
                    + "Near the limit the GC runs as often as it must to stay under it, whatever GOGC says."
        case .metadata(let bytes, let sys):
            let share = Self.percent(bytes, of: sys)
            return zh
                ? "运行时元数据（GCSys + MSpanSys + MCacheSys）是 \(mib(bytes))，占 Sys 的 \(share) %。"
                    + "GC 位图和 span 结构随 span 与对象的个数增长，而不是随它们的字节数。"
                : "Runtime metadata (GCSys + MSpanSys + MCacheSys) is \(mib(bytes)), "
                    + "\(share) % of Sys. GC bitmaps and span "
                    + "structures grow with the number of spans and objects, not with their bytes."
        case .profiling(let buckHashSys, let sys):
            let share = Self.percent(buckHashSys, of: sys)
            return zh
                ? "剖析桶表（BuckHashSys）占了 \(mib(buckHashSys))，是 Sys 的 \(share) %：每个不同的分配调用栈一个桶，而且它从不缩小。"
                : "The profiling bucket table (BuckHashSys) holds \(mib(buckHashSys)), "
                    + "\(share) % of Sys: one bucket per distinct "
                    + "allocation stack, and it never shrinks."
        }
    }

    public func tryThis(_ situation: Situation) -> String {
        switch situation {
        case .retainedAfterSpike:
            zh ? "等待：后台清道夫会在几秒到几分钟内归还它。在一次已知的突发之后，debug.FreeOSMemory() 会立即归还；"
                + "GOMEMLIMIT 会让清道夫把 RSS 保持在上限之下。如果 RSS 峰值要紧，去找那次突发本身（在突发期间取一份堆剖析）。"
            : "Wait: the background scavenger returns it over seconds to minutes. After a known burst, "
                + "debug.FreeOSMemory() returns it at once; GOMEMLIMIT makes the scavenger keep RSS under the limit. "
                + "Find the burst itself (a heap profile taken during it) if RSS peaks matter."
        case .fragmentation:
            zh ? "让长寿和短命的对象大小不同，或在不同时间分配它们；淘汰大部分条目后重建缓存（把幸存者拷进一个新 map），"
                + "而不是原地删除；看 BySize 里哪些大小等级占得最多。"
            : "Give long-lived and short-lived objects different sizes or allocate them at different times; "
                + "rebuild a thinned cache (copy the survivors into a new map) instead of deleting most entries; "
                + "look at BySize for the classes that hold the most."
        case .stackHeavy:
            zh ? "在长寿的 goroutine 里找深递归或很大的局部数组（goroutine 剖析会显示它们在哪里等待）；用工作池限制 goroutine 的数量。"
            : "Look for deep recursion or large local arrays in long-lived goroutines "
                + "(a goroutine profile shows where they wait); bound the number of goroutines with a worker pool."
        case .manyGoroutines:
            zh ? "取一份 goroutine 剖析（/debug/pprof/goroutine?debug=1），找阻塞在同一处的大量 goroutine："
                + "一个没人关闭的 channel，一个漏掉的 context 取消。"
            : "Take a goroutine profile (/debug/pprof/goroutine?debug=1) and look for many goroutines "
                + "blocked at the same place: a channel nobody closes, a missing context cancel."
        case .frequentGC:
            zh ? "每个请求少分配一些（复用缓冲区、sync.Pool）；或者调高 GOGC，或者设置 GOMEMLIMIT 并配合更高的 GOGC，用内存换更少的周期。"
            : "Allocate less per request (reuse buffers, sync.Pool); or raise GOGC, or set GOMEMLIMIT "
                + "and a higher GOGC, trading memory for fewer cycles."
        case .memoryLimitBound:
            zh ? "机器还有余量就调高 GOMEMLIMIT，否则减小存活堆；留意 GCCPUFraction：上限低于存活堆时 GC 会持续运行（最多占其 50 % 的 CPU 上限）。"
            : "Raise GOMEMLIMIT if the machine has room, or reduce the live heap; watch GCCPUFraction: "
                + "a limit set below the live heap makes the GC run continuously (up to its 50 % CPU cap)."
        case .metadataHeavy:
            zh ? "用更少、更大的对象（值的切片，而不是许多含指针的小对象）；对照 HeapObjects 和 HeapAlloc，看平均对象是否很小。"
            : "Fewer, larger objects (slices of values instead of many small pointer-holding objects); "
                + "check HeapObjects against HeapAlloc for a small average size."
        case .profilingHeavy:
            zh ? "调大 runtime.MemProfileRate（采样少一些），或者关掉曾打开的阻塞/互斥剖析。没有内置课程展示这一情形。"
            : "A larger runtime.MemProfileRate (sample less often), or turn off block/mutex profiling if "
                + "it was turned on. No bundled lesson shows this one."
        }
    }
}
