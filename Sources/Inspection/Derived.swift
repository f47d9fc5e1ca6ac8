// The quantities a reader wants from a dump but no single field gives: retained memory,
// the fragmentation bound, the physical footprint, object sizes, GC frequency and pauses.

import FieldCatalogue

/// One derived quantity, with the formula it comes from and the fields it rests on.
public struct DerivedQuantity: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        case retained, fragmentationBound, footprint, liveObjects, averageObjectSize
        case gcInterval, gcPerSecond, recentPauses, averagePause, heapGoalHeadroom
    }

    public enum Value: Sendable, Equatable {
        /// Bytes; negative means the formula came out below zero (said in the text).
        case bytes(Int64)
        case count(UInt64)
        case seconds(Double)
        case perSecond(Double)
        /// Pause durations in nanoseconds, newest first.
        case pauses([UInt64])
    }

    public var name: Name
    public var value: Value
    public var formula: String
    /// The formula in Chinese, where it is words rather than field arithmetic.
    public var chineseFormula: String? = nil

    public func formula(in language: Language) -> String { language == .chinese ? chineseFormula ?? formula : formula }
    public var fields: [MemStatsField]
}

public enum DerivedQuantities {
    public static func of(_ dump: Dump) -> [DerivedQuantity] {
        var result: [DerivedQuantity] = []
        let s = dump.stats
        func both(_ a: MemStatsField, _ b: MemStatsField) -> Bool { dump.has(a) && dump.has(b) }
        func difference(_ a: UInt64, _ b: UInt64) -> Int64 { Int64(clamping: a) - Int64(clamping: b) }
        if both(.heapIdle, .heapReleased) {
            result.append(.init(name: .retained, value: .bytes(difference(s.heapIdle, s.heapReleased)),
                                formula: "HeapIdle − HeapReleased", fields: [.heapIdle, .heapReleased]))
        }
        if both(.heapInuse, .heapAlloc) {
            result.append(.init(name: .fragmentationBound, value: .bytes(difference(s.heapInuse, s.heapAlloc)),
                                formula: "HeapInuse − HeapAlloc", fields: [.heapInuse, .heapAlloc]))
        }
        if both(.sys, .heapReleased) {
            result.append(.init(name: .footprint, value: .bytes(difference(s.sys, s.heapReleased)),
                                formula: "Sys − HeapReleased", fields: [.sys, .heapReleased]))
        }
        if dump.has(.heapObjects) {
            result.append(.init(name: .liveObjects, value: .count(s.heapObjects), formula: "HeapObjects",
                                fields: [.heapObjects]))
            if dump.has(.heapAlloc), s.heapObjects > 0 {
                result.append(.init(name: .averageObjectSize, value: .bytes(Int64(clamping: s.heapAlloc / s.heapObjects)),
                                    formula: "HeapAlloc ÷ HeapObjects", fields: [.heapAlloc, .heapObjects]))
            }
        }
        if let (interval, window) = gcInterval(dump) {
            result.append(.init(name: .gcInterval, value: .seconds(interval),
                                formula: "mean gap between the last \(window) PauseEnd times",
                                chineseFormula: "最近 \(window) 个 PauseEnd 时刻之间的平均间隔", fields: [.pauseEnd, .numGC]))
            if interval > 0 {
                result.append(.init(name: .gcPerSecond, value: .perSecond(1 / interval),
                                    formula: "1 ÷ the mean gap", chineseFormula: "1 ÷ 平均间隔", fields: [.pauseEnd, .numGC]))
            }
        } else if dump.form == .gctrace, dump.gcCycles.count >= 2,
                  let first = dump.gcCycles.first, let last = dump.gcCycles.last, last.atSeconds > first.atSeconds {
            let interval = (last.atSeconds - first.atSeconds) / Double(dump.gcCycles.count - 1)
            result.append(.init(name: .gcInterval, value: .seconds(interval),
                                formula: "mean gap between the @times of \(dump.gcCycles.count) gctrace cycles",
                                chineseFormula: "\(dump.gcCycles.count) 个 gctrace 周期的 @ 时刻之间的平均间隔", fields: []))
            result.append(.init(name: .gcPerSecond, value: .perSecond(1 / interval), formula: "1 ÷ the mean gap",
                                chineseFormula: "1 ÷ 平均间隔", fields: []))
        }
        let pauses = recentPauses(dump)
        if !pauses.isEmpty {
            result.append(.init(name: .recentPauses, value: .pauses(pauses),
                                formula: dump.form == .gctrace ? "stop-the-world phases of the last cycles"
                                    : "PauseNs[(NumGC+255−i) % 256]",
                                chineseFormula: dump.form == .gctrace ? "最近几个周期的 stop-the-world 阶段" : nil,
                                fields: dump.form == .gctrace ? [] : [.pauseNs, .numGC]))
        }
        if both(.pauseTotalNs, .numGC), s.numGC > 0 {
            result.append(.init(name: .averagePause, value: .seconds(Double(s.pauseTotalNs) / Double(s.numGC) / 1e9),
                                formula: "PauseTotalNs ÷ NumGC", fields: [.pauseTotalNs, .numGC]))
        }
        if both(.nextGC, .heapAlloc) {
            result.append(.init(name: .heapGoalHeadroom, value: .bytes(difference(s.nextGC, s.heapAlloc)),
                                formula: "NextGC − HeapAlloc", fields: [.nextGC, .heapAlloc]))
        }
        return result
    }

    /// The mean gap in seconds between recorded GC ends, and how many ends it spans.
    public static func gcInterval(_ dump: Dump) -> (seconds: Double, window: Int)? {
        guard dump.has(.pauseEnd), dump.has(.numGC) else { return nil }
        let recorded = min(Int(dump.stats.numGC), 256)
        guard recorded >= 2 else { return nil }
        let ends = (0..<recorded).map { dump.stats.pauseEnd[(Int(dump.stats.numGC) + 255 - $0) % 256] }.filter { $0 > 0 }
        guard ends.count >= 2, let newest = ends.first, let oldest = ends.last, newest > oldest else { return nil }
        return (Double(newest - oldest) / 1e9 / Double(ends.count - 1), ends.count)
    }

    /// Up to five of the latest pauses, newest first, in nanoseconds.
    public static func recentPauses(_ dump: Dump) -> [UInt64] {
        if dump.form == .gctrace {
            return dump.gcCycles.suffix(5).reversed().map { UInt64($0.pauseMilliseconds * 1e6) }
        }
        guard dump.has(.pauseNs), dump.has(.numGC) else { return [] }
        let n = min(Int(dump.stats.numGC), 5)
        return (0..<n).map { dump.stats.pauseNs[(Int(dump.stats.numGC) + 255 - $0) % 256] }
    }
}
