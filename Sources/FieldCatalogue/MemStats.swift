// A Swift mirror of one runtime.MemStats value.
//
// Backends produce it (the simulator computes it, the real-Go backend decodes it from the
// generated program's JSON, which uses Go's field names), the presentation prints it.
// Go: `runtime.MemStats` in runtime/mstats.go.

/// One reading of every `runtime.MemStats` field.
///
/// Codable with Go's field names as keys, so it decodes `json.Marshal(runtime.MemStats)`
/// directly and encodes the `"memstats"` object of `memstats run --format json`.
public struct MemStats: Sendable, Equatable, Codable {
    public var alloc: UInt64 = 0
    public var totalAlloc: UInt64 = 0
    public var sys: UInt64 = 0
    public var lookups: UInt64 = 0
    public var mallocs: UInt64 = 0
    public var frees: UInt64 = 0
    public var heapAlloc: UInt64 = 0
    public var heapSys: UInt64 = 0
    public var heapIdle: UInt64 = 0
    public var heapInuse: UInt64 = 0
    public var heapReleased: UInt64 = 0
    public var heapObjects: UInt64 = 0
    public var stackInuse: UInt64 = 0
    public var stackSys: UInt64 = 0
    public var mSpanInuse: UInt64 = 0
    public var mSpanSys: UInt64 = 0
    public var mCacheInuse: UInt64 = 0
    public var mCacheSys: UInt64 = 0
    public var buckHashSys: UInt64 = 0
    public var gcSys: UInt64 = 0
    public var otherSys: UInt64 = 0
    public var nextGC: UInt64 = 0
    public var lastGC: UInt64 = 0
    public var pauseTotalNs: UInt64 = 0
    /// Circular buffer of recent pause times; the latest is at `(numGC + 255) % 256`.
    public var pauseNs: [UInt64] = Array(repeating: 0, count: 256)
    /// Circular buffer of pause end times (Unix ns), indexed like `pauseNs`.
    public var pauseEnd: [UInt64] = Array(repeating: 0, count: 256)
    public var numGC: UInt32 = 0
    public var numForcedGC: UInt32 = 0
    public var gcCPUFraction: Double = 0
    public var enableGC: Bool = true
    public var debugGC: Bool = false
    /// 61 entries: entry i is size class i (entry 0 is empty). Go: `MemStats.BySize`.
    public var bySize: [SizeClassStats] = Array(repeating: SizeClassStats(), count: 61)

    public init() {}

    enum CodingKeys: String, CodingKey {
        case alloc = "Alloc", totalAlloc = "TotalAlloc", sys = "Sys", lookups = "Lookups"
        case mallocs = "Mallocs", frees = "Frees", heapAlloc = "HeapAlloc", heapSys = "HeapSys"
        case heapIdle = "HeapIdle", heapInuse = "HeapInuse", heapReleased = "HeapReleased"
        case heapObjects = "HeapObjects", stackInuse = "StackInuse", stackSys = "StackSys"
        case mSpanInuse = "MSpanInuse", mSpanSys = "MSpanSys", mCacheInuse = "MCacheInuse"
        case mCacheSys = "MCacheSys", buckHashSys = "BuckHashSys", gcSys = "GCSys", otherSys = "OtherSys"
        case nextGC = "NextGC", lastGC = "LastGC", pauseTotalNs = "PauseTotalNs", pauseNs = "PauseNs"
        case pauseEnd = "PauseEnd", numGC = "NumGC", numForcedGC = "NumForcedGC"
        case gcCPUFraction = "GCCPUFraction", enableGC = "EnableGC", debugGC = "DebugGC", bySize = "BySize"
    }

    /// The value of a scalar field as a Double (booleans are 0 or 1); nil for the arrays and BySize.
    public func number(_ field: MemStatsField) -> Double? {
        switch field {
        case .gcCPUFraction: gcCPUFraction
        case .enableGC: enableGC ? 1 : 0
        case .debugGC: debugGC ? 1 : 0
        default: integer(field).map { Double($0) }
        }
    }

    /// The value of an integer field exactly; nil for GCCPUFraction, the booleans, the arrays and BySize.
    public func integer(_ field: MemStatsField) -> UInt64? {
        switch field {
        case .alloc: alloc
        case .totalAlloc: totalAlloc
        case .sys: sys
        case .lookups: lookups
        case .mallocs: mallocs
        case .frees: frees
        case .heapAlloc: heapAlloc
        case .heapSys: heapSys
        case .heapIdle: heapIdle
        case .heapInuse: heapInuse
        case .heapReleased: heapReleased
        case .heapObjects: heapObjects
        case .stackInuse: stackInuse
        case .stackSys: stackSys
        case .mSpanInuse: mSpanInuse
        case .mSpanSys: mSpanSys
        case .mCacheInuse: mCacheInuse
        case .mCacheSys: mCacheSys
        case .buckHashSys: buckHashSys
        case .gcSys: gcSys
        case .otherSys: otherSys
        case .nextGC: nextGC
        case .lastGC: lastGC
        case .pauseTotalNs: pauseTotalNs
        case .numGC: UInt64(numGC)
        case .numForcedGC: UInt64(numForcedGC)
        case .gcCPUFraction, .enableGC, .debugGC, .pauseNs, .pauseEnd, .bySize: nil
        }
    }
}

/// One entry of `MemStats.BySize`. Go: `struct { Size uint32; Mallocs, Frees uint64 }`.
public struct SizeClassStats: Sendable, Equatable, Codable {
    public var size: UInt32
    public var mallocs: UInt64
    public var frees: UInt64

    public init(size: UInt32 = 0, mallocs: UInt64 = 0, frees: UInt64 = 0) {
        self.size = size
        self.mallocs = mallocs
        self.frees = frees
    }

    enum CodingKeys: String, CodingKey {
        case size = "Size", mallocs = "Mallocs", frees = "Frees"
    }
}
