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
    /// The numbers the finding rests on; its reasoning and advice are written from them.
    public var evidence: Evidence
    public var fields: [MemStatsField]

    /// The numbers behind each situation.
    public enum Evidence: Sendable, Equatable {
        case retained(retained: UInt64, heapInuse: UInt64)
        /// `busiest`: the size class with most live bytes (size, live objects), when BySize is there.
        case fragmentation(gap: UInt64, heapInuse: UInt64, busiestSize: UInt32?, busiestLive: UInt64?)
        case stackHeavy(stackInuse: UInt64, heapInuse: UInt64)
        case goroutines(count: UInt64, stackInuse: UInt64)
        case stacksWithoutCount(stackInuse: UInt64)
        /// `rate`: cycles a second over the recorded cycles; `cpu`: GCCPUFraction; `goal`: NextGC.
        case frequentGC(rate: Double?, cpu: Double?, goal: UInt64?)
        case memoryLimit(footprint: UInt64, limit: UInt64)
        case metadata(bytes: UInt64, sys: UInt64)
        case profiling(buckHashSys: UInt64, sys: UInt64)
    }

    /// Why, with the numbers, in English.
    public var reasoning: String { reasoning(in: .english) }
    /// What to try, in English.
    public var tryThis: String { tryThis(in: .english) }

    public func reasoning(in language: Language) -> String {
        DiagnosisWords(language: language).reasoning(evidence)
    }

    public func tryThis(in language: Language) -> String {
        DiagnosisWords(language: language).tryThis(situation)
    }
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
        for situation in Situation.allCases {
            var missing = situation.needs.filter { !dump.has($0) }
            if situation == .frequentGC, dump.form != .gctrace, !dump.has(.pauseEnd), !dump.has(.gcCPUFraction) {
                missing.append(.pauseEnd)
            }
            if situation == .memoryLimitBound, dump.memoryLimitKnown == false {
                unchecked.append((situation, ["/gc/gomemlimit:bytes"]))
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
                    findings.append(Finding(situation: situation, evidence: .retained(retained: retained, heapInuse: s.heapInuse),
                                            fields: [.heapIdle, .heapReleased, .heapInuse]))
                }
            case .fragmentation:
                let gap = s.heapInuse &- s.heapAlloc
                if s.heapInuse >= s.heapAlloc, gap >= 4 * mebibyte, gap * 4 >= s.heapInuse {
                    let top = dump.has(.bySize) ? busiestClass(s) : nil
                    findings.append(Finding(situation: situation,
                                            evidence: .fragmentation(gap: gap, heapInuse: s.heapInuse, busiestSize: top?.size,
                                                                     busiestLive: top?.live),
                                            fields: [.heapInuse, .heapAlloc]))
                }
            case .stackHeavy:
                if s.stackInuse >= mebibyte, s.stackInuse * 5 >= s.heapInuse + s.stackInuse {
                    findings.append(Finding(situation: situation,
                                            evidence: .stackHeavy(stackInuse: s.stackInuse, heapInuse: s.heapInuse),
                                            fields: [.stackInuse, .heapInuse]))
                }
            case .manyGoroutines:
                if let count = dump.goroutines {
                    if count >= 10_000 {
                        findings.append(Finding(situation: situation, evidence: .goroutines(count: count, stackInuse: s.stackInuse),
                                                fields: [.stackInuse]))
                    }
                } else if s.stackInuse >= 10_000 * 8192 {
                    findings.append(Finding(situation: situation, evidence: .stacksWithoutCount(stackInuse: s.stackInuse),
                                            fields: [.stackInuse]))
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
                    findings.append(Finding(
                        situation: situation,
                        evidence: .frequentGC(rate: (rate ?? 0) >= 10 ? rate : nil, cpu: cpu >= 0.1 ? cpu : nil,
                                              goal: dump.has(.nextGC) ? s.nextGC : nil),
                        fields: [.numGC, .pauseEnd, .gcCPUFraction, .nextGC].filter { dump.has($0) }))
                }
            case .memoryLimitBound:
                let footprint = s.sys &- (dump.has(.heapReleased) ? s.heapReleased : 0)
                if let limit = dump.memoryLimit, footprint * 10 >= limit * 9 {
                    findings.append(Finding(situation: situation, evidence: .memoryLimit(footprint: footprint, limit: limit),
                                            fields: [.sys, .heapReleased, .nextGC]))
                }
            case .metadataHeavy:
                let metadata = s.gcSys + s.mSpanSys + (dump.has(.mCacheSys) ? s.mCacheSys : 0)
                if metadata >= 4 * mebibyte, metadata * 100 >= s.sys * 15 {
                    findings.append(Finding(situation: situation, evidence: .metadata(bytes: metadata, sys: s.sys),
                                            fields: [.gcSys, .mSpanSys, .mCacheSys, .sys]))
                }
            case .profilingHeavy:
                if s.buckHashSys >= 8 * mebibyte || (s.buckHashSys >= 2 * mebibyte && s.buckHashSys * 20 >= s.sys) {
                    findings.append(Finding(situation: situation, evidence: .profiling(buckHashSys: s.buckHashSys, sys: s.sys),
                                            fields: [.buckHashSys, .sys]))
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
