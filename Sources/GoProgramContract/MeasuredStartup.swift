// MeasuredStartup: the start-up state of the generated Go program, as `memstats baseline`
// measures it with real Go.
//
// What it describes: the MemStats of a fresh generated program (the program of a scenario that
// is one `snapshot`) at its first ReadMemStats in main: the runtime's own initialisation plus
// the imports' package init, with an empty environment (every environment variable adds a heap
// object at start). The simulator's start-up state (GoProfile's StartupBaseline) reads the
// numbers that do not depend on the environment from here; the value for each Go release lives in a generated file
// (MeasuredStartup+go1_27.swift) that only `memstats baseline --write` writes, and a Go-backed
// test fails when a fresh measurement and the file disagree.
//
// Why it exists: a typed start-up baseline goes stale when the program or the toolchain moves;
// a generated one is re-measured by one command and checked by a test.
//
// Simplification: only the deterministic MemStats fields are measured (not HeapAlloc, which
// moves with the size of the process's environment, copied to the heap at start). Real Go sometimes starts
// one more M before main (6 more objects, one more 32 KiB signal stack): the command runs the
// program several times and keeps the smallest reading (fewest heap objects, then fewest stack
// bytes), so that state is not the baseline: on a busy machine it can be most of the runs. Fields that need a heap dump or an instrumented runtime (the per-class object
// inventory, scan work, globals) and machine-dependent ones (the binary's resident and virtual
// size) are not measured here; they stay in GoProfile.swift with their provenance.

/// What `memstats baseline` reads of the generated program at its first snapshot.
public struct MeasuredStartup: Sendable, Hashable {
    /// `runtime.Version()` of the toolchain measured.
    public var goVersion: String
    public var heapObjects: UInt64
    public var mallocs: UInt64
    /// Tiny allocations merged into an existing block before main count as frees.
    public var frees: UInt64
    public var heapInuseBytes: UInt64
    public var stackInuseBytes: UInt64
    public var mspanInuseBytes: UInt64
    public var mcacheInuseBytes: UInt64
    public var gcSysBytes: UInt64
    public var otherSysBytes: UInt64
    public var buckHashSysBytes: UInt64
    public var sysBytes: UInt64

    public init(goVersion: String, heapObjects: UInt64, mallocs: UInt64, frees: UInt64, heapInuseBytes: UInt64,
                stackInuseBytes: UInt64, mspanInuseBytes: UInt64, mcacheInuseBytes: UInt64,
                gcSysBytes: UInt64, otherSysBytes: UInt64, buckHashSysBytes: UInt64, sysBytes: UInt64) {
        self.goVersion = goVersion
        self.heapObjects = heapObjects
        self.mallocs = mallocs
        self.frees = frees
        self.heapInuseBytes = heapInuseBytes
        self.stackInuseBytes = stackInuseBytes
        self.mspanInuseBytes = mspanInuseBytes
        self.mcacheInuseBytes = mcacheInuseBytes
        self.gcSysBytes = gcSysBytes
        self.otherSysBytes = otherSysBytes
        self.buckHashSysBytes = buckHashSysBytes
        self.sysBytes = sysBytes
    }

    /// The fields as (name, value), in declaration order: what the generated file lists.
    public var numbers: [(name: String, value: UInt64)] {
        [("heapObjects", heapObjects), ("mallocs", mallocs), ("frees", frees), ("heapInuseBytes", heapInuseBytes),
         ("stackInuseBytes", stackInuseBytes),
         ("mspanInuseBytes", mspanInuseBytes), ("mcacheInuseBytes", mcacheInuseBytes), ("gcSysBytes", gcSysBytes),
         ("otherSysBytes", otherSysBytes), ("buckHashSysBytes", buckHashSysBytes), ("sysBytes", sysBytes)]
    }
}
