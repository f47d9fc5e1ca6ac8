// VirtualClock: simulated time, so the scavenger, the periodic GC and LastGC have a "now".
//
// What it models: the monotonic clock (nanotime) the runtime paces its background work by,
// and the wall clock (LastGC, PauseEnd are Unix nanoseconds).
//
// Why the real thing exists: the scavenger is paced to 1 % of CPU time and sysmon forces a GC
// 2 minutes after the last one; both are statements about elapsed time.
//
// Simplification: time passes only when the model says so: `sleep`, plus modelled costs of the
// work an operation does (the costs in `Calibration`, with their provenance): rough single-core
// figures, not measurements of this machine, that exist so that long allocation phases let the
// background scavenger and the periodic GC progress. The wall-clock epoch is a fixed
// 2026-01-01T00:00:00Z so output is deterministic.

struct VirtualClock {
    /// Nanoseconds since process start.
    private(set) var now: UInt64
    static let unixEpochAtStart: UInt64 = 1_767_225_600_000_000_000

    init(startupNanoseconds: UInt64) { now = startupNanoseconds }

    var unixNanoseconds: UInt64 { VirtualClock.unixEpochAtStart + now }

    mutating func advance(by nanoseconds: UInt64) { now += nanoseconds }
}
