// The limits a scenario must stay within, in one place, each with its reason.

/// Bounds that keep every scenario finite and every number representable.
///
/// The spec fixes the literal ranges (COUNT, SIZE, PERCENT); the rest are the project's
/// choices, made so that no scenario can make a run endless, overflow arithmetic, or make the
/// compiler recurse deeply. Real backends apply their own, lower cap on real memory.
public struct ScenarioLimits: Sendable, Equatable {
    /// COUNT is 1 to 10^12 (spec).
    public static let maximumCount: UInt64 = 1_000_000_000_000
    /// SIZE is at most 1 TiB (spec).
    public static let maximumSizeBytes: UInt64 = 1 << 40
    /// PERCENT is 1 to 10000 (spec).
    public static let maximumPercent: UInt64 = 10_000
    /// The longest `sleep`: one day. Longer sleeps teach nothing the scavenger does not show in a
    /// day, and a real backend would have to cap them anyway.
    public static let maximumSleepHours: UInt64 = 24

    /// How deep `repeat` may nest. Deeper nesting is an error; the parser keeps matching `end`s
    /// without building deeper blocks, so the checker and interpreter never recurse further.
    /// 16 is far beyond any lesson (loops multiply: 16 levels of `repeat 2` run 65 536 passes).
    public var maximumNesting: Int = 16
    /// The most statements one run executes, `repeat`s unrolled. A run performs each on every
    /// backend; a million keeps the simulator's worst run to seconds and makes `repeat` unable to
    /// make a run endless.
    public var maximumExecutedStatements: UInt64 = 1_000_000
    /// The most snapshots one run takes. Each keeps a full MemStats per backend (about 6 KiB with
    /// PauseNs, PauseEnd and BySize) for the report, so 10 000 bound that to some 200 MiB.
    public var maximumSnapshots: UInt64 = 10_000
    /// The most diagnostics kept; the rest are counted ("and N more"), so a 50 MB garbage file
    /// yields a screenful, not gigabytes.
    public var maximumDiagnostics: Int = 50

    public init() {}

    public static let `default` = ScenarioLimits()
}

/// The words of the language.
public enum ScenarioKeywords {
    /// Words that start a line, in the order the spec lists them.
    public static let statements = [
        "title", "about", "step", "note", "alloc", "free", "gc", "release", "sleep", "goroutines",
        "exit", "set", "snapshot", "expect", "repeat", "end",
    ]
    /// Settings of `set`.
    public static let settings = ["gogc", "memlimit"]
    /// Words with a meaning inside statements; none can name a group.
    public static let reserved: Set<String> = [
        "x", "as", "pointers", "untouched", "keep", "in", "stack", "off", "focus", "within",
    ]
    /// Binary size units and their multipliers.
    static let sizeUnits: [(String, UInt64)] = [("B", 1), ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40)]
    /// Duration units and their nanoseconds.
    static let durationUnits: [(String, UInt64)] = [
        ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]
}
