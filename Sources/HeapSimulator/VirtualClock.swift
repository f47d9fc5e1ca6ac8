// VirtualClock: simulated time, so the scavenger, the periodic GC and LastGC have a "now".
//
// What it models: the monotonic clock (nanotime) the runtime paces its background work by,
// and the wall clock (LastGC, PauseEnd are Unix nanoseconds).
//
// Why the real thing exists: the scavenger is paced to 1 % of CPU time and sysmon forces a GC
// 2 minutes after the last one; both are statements about elapsed time.
//
// Simplification: time passes only when the model says so: `sleep`, plus modelled costs of the
// work an operation does (documented in `OperationCosts`): these costs are rough single-core
// figures, not measurements of this machine, and exist so that long allocation phases let the
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

/// Modelled costs of simulated work (virtual time), single core.
enum OperationCosts {
    /// Per small object allocated (mallocgc fast path).
    static let nanosecondsPerObject: UInt64 = 15
    /// Per 4 KiB page written for the first time (page fault + zeroing by the kernel).
    static let nanosecondsPerFreshPage: UInt64 = 250
    /// Per 4 KiB page released by the scavenger (madvise + TLB shootdown).
    static let nanosecondsPerReleasedPage: UInt64 = 500
    /// GC mark rate: bytes of pointer-bearing memory scanned per nanosecond per CPU.
    static let scanBytesPerNanosecond: UInt64 = 1
    /// Fixed cost of one GC cycle's two stop-the-world pauses (sweep and mark termination).
    static let pauseNanoseconds: UInt64 = 30_000
    /// Extra pause per 1000 goroutines (stack roots prepared at mark termination).
    static let pauseNanosecondsPerThousandGoroutines: UInt64 = 5_000
    /// Fixed concurrent work of a GC cycle (root marking, sweep of the span list).
    static let gcFixedNanoseconds: UInt64 = 200_000
    /// Per span swept.
    static let sweepNanosecondsPerSpan: UInt64 = 20
}
