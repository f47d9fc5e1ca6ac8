// Two dumps of the same program side by side: what changed between them.

import FieldCatalogue

public struct FieldChange: Sendable, Equatable {
    public var field: MemStatsField
    public var before: Double
    public var after: Double
    public var delta: Double { after - before }
}

public struct Comparison: Sendable {
    public var before: Dump
    public var after: Dump
    /// Scalar fields both dumps hold, in Go's order, with whether they changed.
    public var changes: [FieldChange]
    /// Seconds between the two dumps' last GCs, when both have LastGC and it moved.
    public var secondsBetweenLastGCs: Double?

    public static func of(_ before: Dump, _ after: Dump) -> Comparison {
        let fields = MemStatsField.allCases.filter { before.has($0) && after.has($0) && before.stats.number($0) != nil }
        let changes = fields.map {
            FieldChange(field: $0, before: before.stats.number($0)!, after: after.stats.number($0)!)
        }
        var seconds: Double?
        if before.has(.lastGC), after.has(.lastGC), after.stats.lastGC > before.stats.lastGC, before.stats.lastGC > 0 {
            seconds = Double(after.stats.lastGC - before.stats.lastGC) / 1e9
        }
        return Comparison(before: before, after: after, changes: changes, secondsBetweenLastGCs: seconds)
    }

    /// Bytes allocated per GC cycle between the dumps (ΔTotalAlloc ÷ ΔNumGC).
    public var bytesPerCycle: Double? {
        guard let alloc = changes.first(where: { $0.field == .totalAlloc }),
              let gcs = changes.first(where: { $0.field == .numGC }), gcs.delta > 0 else { return nil }
        return alloc.delta / gcs.delta
    }
}
