// What a dump from a Go program says: the MemStats fields it holds (only those), the extra
// readings some forms carry (goroutines, GOGC, the memory limit), and what was set aside.

import FieldCatalogue

/// The forms `memstats inspect` reads.
public enum DumpForm: String, Sendable, CaseIterable {
    /// `json.Marshal(runtime.MemStats)`.
    case memStatsJSON = "memstats-json"
    /// An expvar `/debug/vars` document; its `memstats` member.
    case expvar = "expvar"
    /// The `# runtime.MemStats` block at the end of a `debug=1` heap profile.
    case heapProfile = "heap-profile"
    /// runtime/metrics samples, one `name value` per line.
    case metricsText = "metrics-text"
    /// runtime/metrics samples as `{"go": VERSION, "metrics": {NAME: VALUE}}` (or a flat object of names).
    case metricsJSON = "metrics-json"
    /// A `GODEBUG=gctrace=1` log: one line per GC cycle.
    case gctrace = "gctrace"
}

/// One cycle of a gctrace log. Sizes are as printed: whole MiB ("MB" in the log), rounded down.
public struct GCTraceCycle: Sendable, Equatable {
    public var number: UInt64
    /// Seconds since the program started.
    public var atSeconds: Double
    /// Percent of CPU spent in GC since the program started.
    public var cpuPercent: Double
    public var heapAtStartMiB: UInt64
    public var heapAtEndMiB: UInt64
    public var liveMiB: UInt64
    public var goalMiB: UInt64
    public var stacksMiB: UInt64?
    public var globalsMiB: UInt64?
    public var processors: UInt64?
    public var forced: Bool
    /// Stop-the-world pause times in milliseconds (sweep termination + mark termination).
    public var pauseMilliseconds: Double
    public var line: Int
}

/// Something in the dump that was read but not used, and why (a field from a newer Go, a histogram).
public struct SetAside: Sendable, Equatable {
    public var name: String
    public var location: TextLocation?
    public var reason: Reason

    public enum Reason: Sendable, Equatable {
        /// Not a field of runtime.MemStats as Go 1.27 defines it: probably from a newer Go.
        case unknownField
        /// A runtime/metrics sample with no MemStats counterpart.
        case noCounterpart
        /// BySize had more entries than Go 1.27's 61 size classes.
        case extraSizeClasses(count: Int)
        /// A gctrace log's last cycle line ends early: the process exited while the runtime was
        /// printing it (it prints a line piece by piece after restarting the world).
        case cutOffLastCycle
    }

    public init(name: String, location: TextLocation?, reason: Reason) {
        self.name = name
        self.location = location
        self.reason = reason
    }
}

/// Why a field's value is not the exact MemStats number.
public enum Approximation: Sendable, Equatable {
    /// Computed from runtime/metrics names, by Go's own mapping (runtime/metrics docs).
    case fromMetrics([String])
    /// From runtime/metrics, which leaves tiny allocations out of this count.
    case metricsWithoutTiny(String)
    /// From a gctrace line: whole MiB, rounded down, at the end of that cycle.
    case fromGCTrace(line: Int, what: String)
}

/// A dump read from a file or stdin.
public struct Dump: Sendable {
    public var source: String
    public var form: DumpForm
    /// The values; only fields in `present` mean anything.
    public var stats = MemStats()
    /// The fields the dump holds, in Go's order.
    public var present: [MemStatsField] = []
    public var approximations: [MemStatsField: Approximation] = [:]
    /// Live goroutines (runtime/metrics `/sched/goroutines:goroutines`).
    public var goroutines: UInt64?
    /// GOGC (`/gc/gogc:percent`); nil when unknown.
    public var gcPercent: UInt64?
    /// The soft memory limit (`/gc/gomemlimit:bytes`); nil when unknown or unlimited.
    public var memoryLimit: UInt64?
    /// Whether the dump says what the memory limit is (runtime/metrics does; MemStats does not).
    public var memoryLimitKnown = false
    public var gomaxprocs: UInt64?
    public var goVersion: String?
    /// The process's peak RSS as the heap profile reports it (`# MaxRSS`).
    public var maxRSS: UInt64?
    /// Every cycle of a gctrace log, oldest first.
    public var gcCycles: [GCTraceCycle] = []
    public var setAside: [SetAside] = []
    /// Count of runtime/metrics samples with no MemStats counterpart (not listed one by one).
    public var unmappedMetricCount = 0

    public init(source: String, form: DumpForm) {
        self.source = source
        self.form = form
    }

    public func has(_ field: MemStatsField) -> Bool { present.contains(field) }

    /// The value of a scalar field present in the dump.
    public func value(_ field: MemStatsField) -> Double? { has(field) ? stats.number(field) : nil }

    mutating func mark(_ field: MemStatsField) {
        if !present.contains(field) { present.append(field) }
        present.sort { MemStatsField.allCases.firstIndex(of: $0)! < MemStatsField.allCases.firstIndex(of: $1)! }
    }
}

/// Why a dump could not be read, with where.
public struct InspectionError: Error, Sendable, Equatable {
    public var source: String
    public var problem: Problem

    public init(source: String, problem: Problem) {
        self.source = source
        self.problem = problem
    }

    public enum Problem: Sendable, Equatable {
        case empty
        /// byteCount is nil when the input is a stream that went on past the limit.
        case tooLarge(byteCount: Int?, limit: Int)
        case unreadable(String)
        case unrecognised(firstLine: String)
        case binaryProfile
        case json(JSONProblem)
        case invalidUTF8(TextLocation)
        case wrongType(field: String, expected: String, found: String, at: TextLocation)
        case negative(field: String, text: String, at: TextLocation)
        case fractional(field: String, text: String, at: TextLocation)
        case outOfRange(field: String, text: String, at: TextLocation)
        case noMemStatsMember(at: TextLocation)
        case profileWithoutMemStats
        case badLine(line: Int, text: String, expected: String)
        case noFields
    }
}
