// What Linux (or glibc) says about a process's memory, as one reading next to MemStats.
//
// The vocabulary lives here, with the field guide, because "what Linux shows instead" is
// part of every explanation; the probes that fill it live in LinuxProbes, and the simulator
// fills the rows it predicts.

/// A named memory metric of a process, with the source it comes from.
///
/// Keys are spelled as their source spells them (`VmRSS`, `RssAnon` from /proc/self/status;
/// `Rss`, `Pss`, `LazyFree` from smaps_rollup; `arena`, `uordblks` from mallinfo2), so a user
/// can find them in `man 5 proc` or `man 3 mallinfo2`.
public struct ProcessMetric: Sendable, Hashable, Codable {
    public var source: Source
    public var key: String

    public init(_ source: Source, _ key: String) {
        self.source = source
        self.key = key
    }

    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case status = "/proc/self/status"
        case statm = "/proc/self/statm"
        case smapsRollup = "/proc/self/smaps_rollup"
        case mallinfo2 = "mallinfo2"
        /// A number the simulator predicts for the Linux view (labelled as a prediction).
        case prediction = "predicted"
    }

    /// The JSON key of the metric inside `"process"`: `status.VmRSS`, `smaps_rollup.LazyFree`, …
    public var jsonKey: String {
        switch source {
        case .status: "status.\(key)"
        case .statm: "statm.\(key)"
        case .smapsRollup: "smaps_rollup.\(key)"
        case .mallinfo2: "mallinfo2.\(key)"
        case .prediction: "predicted.\(key)"
        }
    }
}

/// A process's memory as Linux shows it at one moment: values in bytes, in the order read,
/// and for each source that could not be read, why.
public struct ProcessReading: Sendable, Equatable {
    public var values: [(metric: ProcessMetric, bytes: UInt64)]
    public var unavailable: [(source: ProcessMetric.Source, reason: String)]

    public init(values: [(metric: ProcessMetric, bytes: UInt64)] = [],
                unavailable: [(source: ProcessMetric.Source, reason: String)] = []) {
        self.values = values
        self.unavailable = unavailable
    }

    public subscript(_ metric: ProcessMetric) -> UInt64? {
        values.first { $0.metric == metric }?.bytes
    }

    public static func == (a: ProcessReading, b: ProcessReading) -> Bool {
        a.values.map(\.metric) == b.values.map(\.metric) && a.values.map(\.bytes) == b.values.map(\.bytes)
            && a.unavailable.map(\.source) == b.unavailable.map(\.source)
            && a.unavailable.map(\.reason) == b.unavailable.map(\.reason)
    }
}
