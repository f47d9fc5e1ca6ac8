// Which known situations a dump's numbers fit. Each finding says why (with the numbers), which
// fields it rests on, what to try, and which bundled lesson shows it. The thresholds are
// reading aids, not Go's constants: each is a round share chosen so that a fresh Go program
// (about 4 MiB of heap, one GC or none) triggers nothing; `DiagnosisTests` checks that on the
// real-Go fixtures and checks each finding fires on the fixture built to show it.

import FieldCatalogue

public enum Situation: String, Sendable, CaseIterable {
    case retainedAfterSpike = "retained-after-spike"
    case fragmentation
    case stackHeavy = "stack-heavy"
    case manyGoroutines = "many-goroutines"
    case frequentGC = "frequent-gc"
    case memoryLimitBound = "memory-limit-bound"
    case metadataHeavy = "metadata-heavy"
    case profilingHeavy = "profiling-heavy"

    /// The bundled lesson that shows the situation, if one does.
    public var lesson: String? {
        switch self {
        case .retainedAfterSpike: "spike"
        case .fragmentation: "fragmentation"
        case .stackHeavy: "stack-growth"
        case .manyGoroutines: "goroutine-leak"
        case .frequentGC: "gc-pacing"
        case .memoryLimitBound: "memory-limit"
        case .metadataHeavy: "tiny-objects"
        case .profilingHeavy: nil
        }
    }

    /// The fields the check needs; a dump without them cannot be checked for this situation.
    public var needs: [MemStatsField] {
        switch self {
        case .retainedAfterSpike: [.heapIdle, .heapReleased, .heapInuse]
        case .fragmentation: [.heapInuse, .heapAlloc]
        case .stackHeavy: [.stackInuse, .heapInuse]
        case .manyGoroutines: [.stackInuse]
        case .frequentGC: [.numGC]
        case .memoryLimitBound: [.sys]
        case .metadataHeavy: [.sys, .gcSys, .mSpanSys]
        case .profilingHeavy: [.sys, .buckHashSys]
        }
    }
}

/// One situation the numbers fit.
public struct Finding: Sendable, Equatable {
    public var situation: Situation
    /// Why, with the numbers.
    public var reasoning: String
    public var fields: [MemStatsField]
    public var tryThis: String
}

public struct Diagnosis: Sendable, Equatable {
    public var findings: [Finding]
    /// Situations that could not be checked, because the dump lacks fields they need.
    /// Situations that could not be checked, with what the dump lacks (field names, or the memory limit).
    public var unchecked: [(situation: Situation, missing: [String])]

    public static func == (a: Diagnosis, b: Diagnosis) -> Bool {
        a.findings == b.findings && a.unchecked.map(\.situation) == b.unchecked.map(\.situation)
    }

    static let mebibyte: UInt64 = 1 << 20

    public static func of(_ dump: Dump) -> Diagnosis {
        var findings: [Finding] = []
        var unchecked: [(Situation, [String])] = []
        let s = dump.stats
        func mib(_ bytes: UInt64) -> String { ByteCount(bytes).description }
        for situation in Situation.allCases {
            var missing = situation.needs.filter { !dump.has($0) }
            if situation == .frequentGC, dump.form != .gctrace, !dump.has(.pauseEnd), !dump.has(.gcCPUFraction) {
                missing.append(.pauseEnd)
            }
            if situation == .memoryLimitBound, dump.memoryLimitKnown == false {
                unchecked.append((situation, ["the memory limit (runtime/metrics /gc/gomemlimit:bytes)"]))
                continue
            }
            if !missing.isEmpty {
                unchecked.append((situation, missing.map(\.rawValue)))
                continue
            }
            switch situation {
            case .retainedAfterSpike:
                let retained = s.heapIdle &- s.heapReleased
                if s.heapIdle >= s.heapReleased, retained >= 16 * mebibyte, retained * 2 >= s.heapInuse {
                    findings.append(Finding(
                        situation: situation,
                        reasoning: "\(mib(retained)) of idle heap is kept, still backed by memory (HeapIdle − HeapReleased), "
                            + "against \(mib(s.heapInuse)) in use. The heap was larger recently and the scavenger has not "
                            + "returned the difference yet; it counts in RSS until it does.",
                        fields: [.heapIdle, .heapReleased, .heapInuse],
                        tryThis: "Wait: the background scavenger returns it over seconds to minutes. After a known burst, "
                            + "debug.FreeOSMemory() returns it at once; GOMEMLIMIT makes the scavenger keep RSS under the limit. "
                            + "Find the burst itself (a heap profile taken during it) if RSS peaks matter."))
                }
            case .fragmentation:
                let gap = s.heapInuse &- s.heapAlloc
                if s.heapInuse >= s.heapAlloc, gap >= 4 * mebibyte, gap * 4 >= s.heapInuse {
                    var reasoning = "\(mib(gap)) of in-use spans hold no live object (HeapInuse − HeapAlloc), "
                        + "\(Int(Double(gap) / Double(s.heapInuse) * 100)) % of HeapInuse. Spans with even one survivor "
                        + "cannot be freed, so their empty slots stay reserved for objects of their size class."
                    if dump.has(.bySize), let top = busiestClass(s) {
                        reasoning += " The size class with most live bytes is \(top.size) B (\(top.live) objects)."
                    }
                    findings.append(Finding(
                        situation: situation, reasoning: reasoning, fields: [.heapInuse, .heapAlloc],
                        tryThis: "Give long-lived and short-lived objects different sizes or allocate them at different times; "
                            + "rebuild a thinned cache (copy the survivors into a new map) instead of deleting most entries; "
                            + "look at BySize for the classes that hold the most."))
                }
            case .stackHeavy:
                if s.stackInuse >= mebibyte, s.stackInuse * 5 >= s.heapInuse + s.stackInuse {
                    findings.append(Finding(
                        situation: situation,
                        reasoning: "Goroutine stacks take \(mib(s.stackInuse)) (StackInuse), "
                            + "\(Int(Double(s.stackInuse) / Double(s.heapInuse + s.stackInuse) * 100)) % of heap and stack "
                            + "memory together. Stacks come from the same pages as the heap, so they also make HeapSys smaller.",
                        fields: [.stackInuse, .heapInuse],
                        tryThis: "Look for deep recursion or large local arrays in long-lived goroutines "
                            + "(a goroutine profile shows where they wait); bound the number of goroutines with a worker pool."))
                }
            case .manyGoroutines:
                if let count = dump.goroutines {
                    if count >= 10_000 {
                        findings.append(Finding(
                            situation: situation,
                            reasoning: "\(count) goroutines are alive (/sched/goroutines), with \(mib(s.stackInuse)) of stacks. "
                                + "Goroutines that never end keep their stacks and everything they reference.",
                            fields: [.stackInuse],
                            tryThis: "Take a goroutine profile (/debug/pprof/goroutine?debug=1) and look for many goroutines "
                                + "blocked at the same place: a channel nobody closes, a missing context cancel."))
                    }
                } else if s.stackInuse >= 10_000 * 8192 {
                    findings.append(Finding(
                        situation: situation,
                        reasoning: "StackInuse is \(mib(s.stackInuse)): at the 2 KiB minimum stack that is up to "
                            + "\(s.stackInuse / 2048) goroutines, at 8 KiB \(s.stackInuse / 8192). The dump has no goroutine "
                            + "count, so this may also be fewer goroutines with deep stacks.",
                        fields: [.stackInuse],
                        tryThis: "Count goroutines (runtime.NumGoroutine or /debug/pprof/goroutine) and look for ones "
                            + "blocked forever."))
                }
            case .frequentGC:
                var rate: Double?
                if let (interval, _) = DerivedQuantities.gcInterval(dump), interval > 0 { rate = 1 / interval }
                if dump.form == .gctrace, dump.gcCycles.count >= 3, let first = dump.gcCycles.first, let last = dump.gcCycles.last,
                   last.atSeconds > first.atSeconds {
                    rate = Double(dump.gcCycles.count - 1) / (last.atSeconds - first.atSeconds)
                }
                let cpu = dump.has(.gcCPUFraction) ? s.gcCPUFraction : 0
                let smallGoal = !dump.has(.nextGC) || s.nextGC < 32 * mebibyte
                if s.numGC >= 3, (smallGoal && (rate ?? 0) >= 10) || cpu >= 0.1 {
                    var why: [String] = []
                    if let rate, rate >= 10 { why.append("the GC ran \(String(format: "%.1f", rate)) times a second over the recorded cycles") }
                    if cpu >= 0.1 { why.append("it has used \(String(format: "%.1f", cpu * 100)) % of the CPU (GCCPUFraction)") }
                    let goal = dump.has(.nextGC) ? " for a heap goal of only \(mib(s.nextGC))" : ""
                    findings.append(Finding(
                        situation: situation,
                        reasoning: why.joined(separator: ", and ").capitalizedFirst + goal
                            + ". Each cycle starts when the heap grows by GOGC percent of what the last one kept; "
                            + "a small live heap with a high allocation rate reaches that quickly.",
                        fields: [.numGC, .pauseEnd, .gcCPUFraction, .nextGC].filter { dump.has($0) },
                        tryThis: "Allocate less per request (reuse buffers, sync.Pool); or raise GOGC, or set GOMEMLIMIT "
                            + "and a higher GOGC, trading memory for fewer cycles."))
                }
            case .memoryLimitBound:
                let footprint = s.sys &- (dump.has(.heapReleased) ? s.heapReleased : 0)
                if let limit = dump.memoryLimit, footprint * 10 >= limit * 9 {
                    findings.append(Finding(
                        situation: situation,
                        reasoning: "The runtime's footprint (Sys − HeapReleased) is \(mib(footprint)), "
                            + "\(Int(Double(footprint) / Double(limit) * 100)) % of the memory limit \(mib(limit)). "
                            + "Near the limit the GC runs as often as it must to stay under it, whatever GOGC says.",
                        fields: [.sys, .heapReleased, .nextGC],
                        tryThis: "Raise GOMEMLIMIT if the machine has room, or reduce the live heap; watch GCCPUFraction: "
                            + "a limit set below the live heap makes the GC run continuously (up to its 50 % CPU cap)."))
                }
            case .metadataHeavy:
                let metadata = s.gcSys + s.mSpanSys + (dump.has(.mCacheSys) ? s.mCacheSys : 0)
                if metadata >= 4 * mebibyte, metadata * 100 >= s.sys * 15 {
                    findings.append(Finding(
                        situation: situation,
                        reasoning: "Runtime metadata (GCSys + MSpanSys + MCacheSys) is \(mib(metadata)), "
                            + "\(Int(Double(metadata) / Double(max(s.sys, 1)) * 100)) % of Sys. GC bitmaps and span "
                            + "structures grow with the number of spans and objects, not with their bytes.",
                        fields: [.gcSys, .mSpanSys, .mCacheSys, .sys],
                        tryThis: "Fewer, larger objects (slices of values instead of many small pointer-holding objects); "
                            + "check HeapObjects against HeapAlloc for a small average size."))
                }
            case .profilingHeavy:
                if s.buckHashSys >= 8 * mebibyte || (s.buckHashSys >= 2 * mebibyte && s.buckHashSys * 20 >= s.sys) {
                    findings.append(Finding(
                        situation: situation,
                        reasoning: "The profiling bucket table (BuckHashSys) holds \(mib(s.buckHashSys)), "
                            + "\(Int(Double(s.buckHashSys) / Double(max(s.sys, 1)) * 100)) % of Sys: one bucket per distinct "
                            + "allocation stack, and it never shrinks.",
                        fields: [.buckHashSys, .sys],
                        tryThis: "A larger runtime.MemProfileRate (sample less often), or turn off block/mutex profiling if "
                            + "it was turned on. No bundled lesson shows this one."))
                }
            }
        }
        return Diagnosis(findings: findings, unchecked: unchecked)
    }

    static func busiestClass(_ s: MemStats) -> (size: UInt32, live: UInt64)? {
        s.bySize.filter { $0.mallocs >= $0.frees && $0.size > 0 }
            .max { UInt64($0.size) * ($0.mallocs - $0.frees) < UInt64($1.size) * ($1.mallocs - $1.frees) }
            .map { ($0.size, $0.mallocs - $0.frees) }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
