// The 32 fields of Go's runtime.MemStats, in the order Go's source declares them.
//
// This is the vocabulary every other module shares: scenario `expect` and `focus`
// clauses name these, backends fill them, the presentation explains them.
// Go: `runtime.MemStats` in runtime/mstats.go.

/// One field of `runtime.MemStats`, spelled as in Go.
public enum MemStatsField: String, CaseIterable, Sendable, Hashable, Codable {
    // General statistics.
    case alloc = "Alloc"
    case totalAlloc = "TotalAlloc"
    case sys = "Sys"
    case lookups = "Lookups"
    case mallocs = "Mallocs"
    case frees = "Frees"
    // Heap memory statistics.
    case heapAlloc = "HeapAlloc"
    case heapSys = "HeapSys"
    case heapIdle = "HeapIdle"
    case heapInuse = "HeapInuse"
    case heapReleased = "HeapReleased"
    case heapObjects = "HeapObjects"
    // Stack memory statistics.
    case stackInuse = "StackInuse"
    case stackSys = "StackSys"
    // Off-heap memory statistics.
    case mSpanInuse = "MSpanInuse"
    case mSpanSys = "MSpanSys"
    case mCacheInuse = "MCacheInuse"
    case mCacheSys = "MCacheSys"
    case buckHashSys = "BuckHashSys"
    case gcSys = "GCSys"
    case otherSys = "OtherSys"
    // Garbage collector statistics.
    case nextGC = "NextGC"
    case lastGC = "LastGC"
    case pauseTotalNs = "PauseTotalNs"
    case pauseNs = "PauseNs"
    case pauseEnd = "PauseEnd"
    case numGC = "NumGC"
    case numForcedGC = "NumForcedGC"
    case gcCPUFraction = "GCCPUFraction"
    case enableGC = "EnableGC"
    case debugGC = "DebugGC"
    case bySize = "BySize"

    /// Go's name for the field, e.g. `HeapIdle`.
    public var goName: String { rawValue }

    /// The section of Go's documentation the field is listed under.
    public var group: FieldGroup {
        switch self {
        case .alloc, .totalAlloc, .sys, .lookups, .mallocs, .frees: .general
        case .heapAlloc, .heapSys, .heapIdle, .heapInuse, .heapReleased, .heapObjects: .heap
        case .stackInuse, .stackSys: .stacks
        case .mSpanInuse, .mSpanSys, .mCacheInuse, .mCacheSys, .buckHashSys, .gcSys, .otherSys: .offHeap
        case .nextGC, .lastGC, .pauseTotalNs, .pauseNs, .pauseEnd, .numGC, .numForcedGC,
             .gcCPUFraction, .enableGC, .debugGC, .bySize: .gc
        }
    }

    /// What one unit of the field's value is.
    public var unit: FieldUnit {
        switch self {
        case .alloc, .totalAlloc, .sys, .heapAlloc, .heapSys, .heapIdle, .heapInuse, .heapReleased,
             .stackInuse, .stackSys, .mSpanInuse, .mSpanSys, .mCacheInuse, .mCacheSys, .buckHashSys,
             .gcSys, .otherSys, .nextGC: .bytes
        case .mallocs, .frees, .heapObjects: .objects
        case .lookups: .lookups
        case .numGC, .numForcedGC: .cycles
        case .pauseTotalNs: .nanoseconds
        case .lastGC: .unixNanoseconds
        case .pauseNs: .nanosecondsRing
        case .pauseEnd: .unixNanosecondsRing
        case .gcCPUFraction: .fraction
        case .enableGC, .debugGC: .boolean
        case .bySize: .sizeClassTable
        }
    }

    /// True for fields whose value is one number (usable in `expect`, tables and scores).
    public var isScalar: Bool {
        switch unit {
        case .nanosecondsRing, .unixNanosecondsRing, .sizeClassTable: false
        default: true
        }
    }

    /// Looks a field up by its exact Go spelling.
    public init?(goName: String) { self.init(rawValue: goName) }
}

/// The groups of Go's `runtime.MemStats` documentation, in Go's order.
public enum FieldGroup: String, CaseIterable, Sendable, Codable {
    case general, heap, stacks, offHeap = "off-heap", gc

    /// The heading Go's documentation uses for the group.
    public var title: String {
        switch self {
        case .general: "General statistics"
        case .heap: "Heap memory statistics"
        case .stacks: "Stack memory statistics"
        case .offHeap: "Off-heap memory statistics"
        case .gc: "Garbage collector statistics"
        }
    }

    /// The fields of the group, in Go's order.
    public var fields: [MemStatsField] { MemStatsField.allCases.filter { $0.group == self } }
}

/// The unit of a MemStats field's value.
public enum FieldUnit: String, Sendable, Codable {
    case bytes
    case objects
    /// Pointer lookups (Lookups): a count of operations, not of objects.
    case lookups
    case cycles
    case nanoseconds
    case unixNanoseconds = "unix-nanoseconds"
    case nanosecondsRing = "nanoseconds[256]"
    case unixNanosecondsRing = "unix-nanoseconds[256]"
    case fraction
    case boolean
    case sizeClassTable = "size-classes[61]"
}
