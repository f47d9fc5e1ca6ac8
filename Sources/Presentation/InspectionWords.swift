// The names and notes of `memstats inspect` in each language the field guide speaks:
// situation titles, derived quantities, approximations and set-aside reasons. Field names,
// runtime/metrics names and units stay as Go writes them.

import FieldCatalogue
import Inspection

struct InspectionWords {
    let language: Language
    private var zh: Bool { language == .chinese }

    init(_ language: Language) { self.language = language }

    func situationTitle(_ s: Situation) -> String {
        switch s {
        case .retainedAfterSpike: zh ? "突发之后内存仍被保留" : "Memory retained after a spike"
        case .fragmentation: zh ? "碎片" : "Fragmentation"
        case .stackHeavy: zh ? "栈占得多" : "Stack-heavy"
        case .manyGoroutines: zh ? "goroutine 很多" : "Many goroutines"
        case .frequentGC: zh ? "相对堆大小 GC 运行得太频繁" : "GC running often for the heap size"
        case .memoryLimitBound: zh ? "受内存上限约束" : "Bound by the memory limit"
        case .metadataHeavy: zh ? "元数据占得多" : "Metadata-heavy"
        case .profilingHeavy: zh ? "剖析桶（BuckHashSys）占得多" : "Profiling buckets (BuckHashSys) heavy"
        }
    }

    func derivedName(_ n: DerivedQuantity.Name) -> String {
        switch n {
        case .retained: zh ? "保留的" : "retained"
        case .fragmentationBound: zh ? "碎片上限" : "fragmentation bound"
        case .footprint: zh ? "物理占用" : "physical footprint"
        case .liveObjects: zh ? "存活对象" : "live objects"
        case .averageObjectSize: zh ? "平均对象大小" : "average object size"
        case .gcInterval: zh ? "GC 间隔" : "GC interval"
        case .gcPerSecond: zh ? "GC 频率" : "GC frequency"
        case .recentPauses: zh ? "最近的停顿" : "recent pauses"
        case .averagePause: zh ? "平均停顿" : "average pause"
        case .heapGoalHeadroom: zh ? "距堆目标的余量" : "heap goal headroom"
        }
    }

    func approximationNote(_ a: Approximation) -> String {
        switch a {
        case .fromMetrics(let names): (zh ? "来自 " : "from ") + names.joined(separator: " + ")
        case .metricsWithoutTiny(let name): zh ? "来自 \(name)，不含极小对象分配" : "from \(name), without tiny allocations"
        case .fromGCTrace(let line, let what):
            zh ? "gctrace 第 \(line) 行：\(what)，整 MiB" : "gctrace line \(line): \(what), whole MiB"
        }
    }

    func setAsideReason(_ r: SetAside.Reason) -> String {
        switch r {
        case .unknownField: zh ? "不是 Go 1.27 的 MemStats 字段（更新的 Go？）；已跳过" : "not a MemStats field of Go 1.27 (a newer Go?); skipped"
        case .noCounterpart: zh ? "在 MemStats 中没有对应字段；已跳过" : "no MemStats counterpart; skipped"
        case .extraSizeClasses(let count):
            zh ? "\(count) 项，多于 Go 1.27 的 61 个大小等级；多出的已跳过"
                : "\(count) entries, more than Go 1.27's 61 size classes; the extra ones are skipped"
        case .cutOffLastCycle:
            zh ? "最后一个周期的行不完整（进程在运行时打印它时退出了）；已跳过，读取的是前一个周期"
                : "the last cycle's line is cut off (the process exited while Go printed it); skipped, the cycle before is read"
        }
    }

    func ledgerLabel(_ kind: RSSLedger.Kind) -> String {
        switch kind {
        case .heapInUse: zh ? "在用的堆" : "heap in use"
        case .heapKeptIdle: zh ? "保留的空闲堆" : "heap kept idle"
        case .stacks: zh ? "栈" : "stacks"
        case .metadata: zh ? "运行时元数据" : "runtime metadata"
        case .footprint: zh ? "运行时物理占用" : "runtime footprint"
        case .anonymousBeyondFootprint: zh ? "超出它的匿名 RSS" : "anonymous RSS beyond it"
        case .fileBacked: zh ? "文件映射的 RSS" : "file-backed RSS"
        }
    }

    func ledgerNote(_ row: RSSLedger.Row) -> String {
        switch row.kind {
        case .heapInUse: zh ? "HeapInuse：存放对象的 span" : "HeapInuse: spans holding objects"
        case .heapKeptIdle: zh ? "HeapIdle − HeapReleased：尚未归还的空闲页" : "HeapIdle − HeapReleased: free pages not yet returned"
        case .stacks: "StackSys"
        case .metadata:
            zh ? "MSpanSys + MCacheSys + GCSys + BuckHashSys + OtherSys（已映射；未必都被访问过）"
                : "MSpanSys + MCacheSys + GCSys + BuckHashSys + OtherSys (mapped; not all touched)"
        case .footprint:
            zh ? "Sys − HeapReleased：运行时的内存最多能变成常驻的部分" : "Sys − HeapReleased: the most the runtime's memory can make resident"
        case .anonymousBeyondFootprint where row.bytes >= 0:
            zh ? "RssAnon − 物理占用：cgo/C 分配、操作系统的线程栈，或归还之前计入的页"
                : "RssAnon − footprint: cgo/C allocations, thread stacks of the OS, or pages counted before they were released"
        case .anonymousBeyondFootprint:
            zh ? "为负：运行时计入了从未访问过（尚未常驻）或已换出的页"
                : "negative: the runtime counts pages never touched (not yet resident) or swapped out"
        case .fileBacked: zh ? "RssFile：可执行文件和共享库；从不计入 Sys" : "RssFile: the executable and shared libraries; never in Sys"
        }
    }

    func unexplained(_ u: Unexplained) -> String {
        switch u {
        case .missesTarget(let field, let error, let cycles, let rounds):
            if field == .numGC {
                return zh ? "拟合 \(rounds) 轮之后 NumGC 仍差 \(cycles) 个周期" : "NumGC is \(cycles) cycles off after \(rounds) rounds"
            }
            let percent = String(format: "%.1f", error * 100)
            return zh ? "拟合 \(rounds) 轮之后 \(field.rawValue) 仍差 \(percent) %" : "\(field.rawValue) is \(percent) % off after \(rounds) rounds"
        case .heapReleasedNotFitted:
            return zh ? "HeapReleased 取决于上次 GC 过去了多久、清道夫（scavenger）此后做了什么；转储没有说，所以没有拟合它"
                : "HeapReleased depends on how long ago the last GC was and what the scavenger did since; the dump does not say, so it is not fitted"
        case .otherGoVersion(let version, let model):
            return zh ? "转储来自 \(version)；模拟器没有这个版本自己的模型，所以用了最接近的 \(model)"
                : "the dump is from \(version); the simulator has no model of that release, so the nearest, \(model), was used (see memstats models)"
        case .modelAsked(let version, let model):
            return zh ? "转储来自 \(version)；拟合用的是命令行指定的 \(model) 模型"
                : "the dump is from \(version); the fit used the \(model) model, as --model asked"
        case .noBySize:
            return zh ? "转储里没有 BySize，所以存活集合只有一种对象大小（HeapAlloc ÷ HeapObjects）"
                : "the dump has no BySize, so the live set is one object size (HeapAlloc ÷ HeapObjects)"
        case .memoryLimitNotRecorded:
            return zh ? "这种转储不记录内存上限（GOMEMLIMIT），所以重现里没有上限；如果设过上限，请在场景的设置步骤里加上它"
                : "this form of dump does not record the memory limit (GOMEMLIMIT), so the reproduction has none; if one was set, add it with set memlimit"
        case .memoryLimitInferred(let bytes):
            return zh ? "这种转储不记录内存上限（GOMEMLIMIT）；周期数需要一个上限，场景里的 \(ByteCount(bytes)) 是按 NumGC 拟合的猜测，不是读出来的"
                : "this form of dump does not record the memory limit (GOMEMLIMIT); the cycles need one, and the scenario's \(ByteCount(bytes)) is a guess fitted to NumGC, not read"
        case .totalAllocDiffers(let simulated, let dump):
            let more = simulated > dump
            return zh ? "这段历史一共分配 \(ByteCount(simulated))，转储的 TotalAlloc 是 \(ByteCount(dump))：\(more ? "组的槽位切片、峰值和稀疏化的对象加上了程序没有分配的字节" : "拟合削减了垃圾，好让 HeapSys 贴近转储")，所以周期数建立在与程序不同的字节上"
                : "the history allocates \(ByteCount(simulated)) where the dump's TotalAlloc is \(ByteCount(dump)): \(more ? "the groups' slot slices, a peak and the thinned objects add bytes the program did not allocate" : "the fit cut the garbage to keep HeapSys near the dump's"), so the cycle count rests on other bytes than the program's"
        }
    }
}
