// What kind of quantity a field is, so a claim can only compare like with like: bytes with
// bytes (or sizes like 64MiB), counts with counts, and so on. A plain number fits any kind.

/// The kind of quantity a MemStats field holds.
public enum FieldKind: String, Sendable, Codable, CaseIterable {
    case bytes
    /// Objects, lookups or GC cycles.
    case count
    /// A duration in nanoseconds.
    case nanoseconds
    /// A moment, in nanoseconds since 1970 (LastGC, PauseEnd).
    case timestamp
    /// A number from 0 to 1 (GCCPUFraction).
    case fraction
    /// True or false, read as 1 or 0 (EnableGC, DebugGC).
    case flag

    /// "bytes", "a count", … as a message says it: "'NumGC' is a count".
    public var described: String {
        switch self {
        case .bytes: "bytes"
        case .count: "a count"
        case .nanoseconds: "nanoseconds"
        case .timestamp: "a timestamp"
        case .fraction: "a fraction"
        case .flag: "a flag"
        }
    }

    /// A claim of this kind that reads well, for hints.
    public var example: String {
        switch self {
        case .bytes: "HeapIdle - HeapReleased > 64MiB"
        case .count: "NumGC >= 1"
        case .nanoseconds: "PauseTotalNs < 1000000"
        case .timestamp: "LastGC > 0"
        case .fraction: "GCCPUFraction < 1"
        case .flag: "EnableGC == 1"
        }
    }
}

extension MemStatsField {
    /// The kind of quantity the field holds (BySize's rows are counts).
    public var kind: FieldKind {
        switch unit {
        case .bytes: .bytes
        case .objects, .lookups, .cycles, .sizeClassTable: .count
        case .nanoseconds, .nanosecondsRing: .nanoseconds
        case .unixNanoseconds, .unixNanosecondsRing: .timestamp
        case .fraction: .fraction
        case .boolean: .flag
        }
    }
}
