// Calibration: every number in the model that is not a constant of Go's source, in one place,
// each with where it comes from and what checks it.
//
// What it models: the model's own guesses and fits: the virtual-time cost of the work an
// operation does (Go measures real time; the model has none), the step sizes of its event
// arithmetic (where bulk allocation stops to let the sweeper, the trigger or a moving memory-limit
// goal act), and caps that bound its work. Go's own constants are not here: they are named as in
// Go's source, with the file they come from, in `GoConstants` (SizeClasses.swift) and beside the
// mechanism that uses them; the measured start-up state is `GoProfile.baseline` (generated from a
// real process, not fitted).
//
// Why it exists: a reader must see which outputs rest on which guess. The sensitivity test
// (Tests/HeapSimulatorTests/CalibrationSensitivityTests.swift) varies each value here (×½ and ×2)
// over the bundled lessons and reports which MemStats fields move and by how much; its table is
// Tutorials/model-calibration.md, and the test fails when the table there is not the one it
// computes.
//
// Simplification: one set of values for every Go version and every machine; costs are single-core
// figures of a generic x86-64 machine, not measurements of the machine memstats runs on.
// `memstats calibrate` measures them on real Go (Sources/Backends/GoCalibration/; the "Measured"
// figures below are its table for an AMD EPYC, go1.27.3), and `--calibration FILE` runs the model
// with such a table; the standard values stay because the measured ones would change the outputs
// the identity guard pins (Tutorials/model-calibration.md).

/// The model's own numbers. `standard` is what every run uses; tests vary them.
public struct Calibration: Sendable, Equatable {
    // MARK: virtual-time costs (the model's clock: LastGC, PauseNs, PauseTotalNs, GCCPUFraction,
    // and how much time the scavenger and the periodic GC see pass during allocation)

    /// Per object allocated (mallocgc fast path). Provenance: a round single-core figure set with
    /// the first model (the order of Go's small-malloc benchmarks), not measured on a scenario and
    /// not fitted to an output. Measured (`memstats calibrate`, AMD EPYC, go1.27.3): 30 ns, plus
    /// ~105 ns per KiB of zeroing the model does not charge. It also sets cons/mark's
    /// assist share (with the two below), so it reaches NextGC (see the sensitivity table).
    public var nanosecondsPerObject: UInt64 = 15
    /// Per 4 KiB page written for the first time (page fault + kernel zeroing). Provenance: a
    /// round figure of the order of a Linux minor fault, set with the first model. Measured
    /// (`memstats calibrate`, in a VM): 2 146 ns.
    public var nanosecondsPerFreshPage: UInt64 = 250
    /// Per 4 KiB OS page released (madvise + TLB shootdown); a runtime page is two of them, so the
    /// scavenger's first 1 ms burst (Go's minScavWorkTime) is worth 1000 runtime pages, ~7.8 MiB.
    /// Provenance: a round figure set with the first model, not fitted; `memstats calibrate`
    /// measured 323 ns. Checked on data it was not set from: CalibrationTests.releaseTimingAfterOneAndTwoGCs
    /// (measurements.txt scav-go1.27.3 rows: all released within ~2 s, not at 0.25 s). The
    /// 200-goroutine, 2 KiB-garbage program of ConcurrentCycleTests (HeapReleased 6.06–6.83 MiB
    /// real) is what the 1 ms burst mechanism was added for, so it is not an independent check.
    public var nanosecondsPerReleasedPage: UInt64 = 500
    /// GC mark rate per CPU, bytes per nanosecond. Provenance: a round figure (1 GB/s per core) set
    /// with the first model; `memstats calibrate` measured 1.3. It enters cons/mark's assist share, so it moves NextGC
    /// through the trigger runway. Checked: the cons/mark share it yields (~0.39–0.42) lies in
    /// gcpacertrace's measured 26–50 % (GarbageCollector.swift); no test pins it alone.
    public var scanBytesPerNanosecond: Double = 1
    /// Fixed cost of a cycle's two stop-the-world pauses. Provenance: a round figure of the order
    /// of small heaps' STW pauses, set with the first model; not fitted. Measured: 22 948 ns over a
    /// 32 MiB live heap (8 436 over 4 MiB, 27 305 over 128 MiB). Checked against real Go:
    /// GoCalibrationTests.timeDrivenFieldsAgainstRealGo (PauseNs, PauseTotalNs / NumGC, GCCPUFraction).
    public var pauseNanoseconds: UInt64 = 30_000
    /// Extra pause per 1000 goroutines (stack roots prepared at mark termination). Provenance: a
    /// guess of the order of gctrace growth with goroutine count. Measured: 637 ns. Checked: none.
    public var pauseNanosecondsPerThousandGoroutines: UInt64 = 5_000
    /// Fixed concurrent work of a cycle (root marking, span-list sweep). Provenance: a round figure
    /// set with the first model; not fitted. Measured: 61 262 ns. Checked: as pauseNanoseconds.
    public var gcFixedNanoseconds: UInt64 = 200_000
    /// Per span swept. Provenance: a round figure set with the first model; not fitted.
    /// Measured: 606 ns per span freed (sweep and return to the page heap). Checked: none.
    public var sweepNanosecondsPerSpan: UInt64 = 20

    /// GOMAXPROCS > 1 only: from the moment a background mark worker finishes a cycle's scan work
    /// until the mark-termination stop takes effect (gcMarkDone's ragged barrier and the stop, with
    /// the OS scheduling the worker's and the mutator's threads), the mutator allocates unpaced;
    /// the mark lasts the workers' scan time plus this (GCController.backgroundWorkersEndOfMark).
    /// Provenance: measured on this machine (AMD EPYC, 2 CPUs shared with other work, load 7–9,
    /// go1.27.3) with GODEBUG=gctrace=1 on the generated program of `alloc 2000 x 1KiB as live;
    /// alloc 400000 x 256B` (0.2 MB of scan work per cycle, so the scan itself takes ~0.1 ms):
    /// the concurrent-mark wall time of cycles whose background workers ran longer than the
    /// assists, 5 runs each: P=2 58 cycles, median 1.6 ms (p25 1.0, p75 5.1); P=4 74 cycles,
    /// median 1.4 ms (p25 0.89, p75 3.9); the median less the scan time. Not fitted to a MemStats
    /// output. Checked on programs it was not measured on: the held-out set at GOMAXPROCS 2 and 4
    /// (Tutorials/held-out-fidelity.md) and CalibrationTests' P=2 measurements (200 × 1 MiB: NumGC 6).
    /// On a quiet machine the latency is shorter; real Go's spread between runs comes mostly from it.
    public var markTerminationLatencyNanoseconds: UInt64 = 1_400_000
    /// When not empty, cycle n's mark-termination latency is element n mod count instead of
    /// `markTerminationLatencyNanoseconds`: a measured distribution in a fixed order, so that one
    /// run mixes short and long marks as a real run does. Empty in the standard table; predicted
    /// bands' variants set it (Backends/PredictedBands.swift, where its values come from).
    public var markTerminationLatencySequenceNanoseconds: [UInt64] = []

    /// The mark-termination latency of cycle `cycle` (0 for the first).
    public func markTerminationLatency(cycle: UInt64) -> UInt64 {
        let sequence = markTerminationLatencySequenceNanoseconds
        return sequence.isEmpty ? markTerminationLatencyNanoseconds : sequence[Int(cycle % UInt64(sequence.count))]
    }

    // MARK: step sizes of the event arithmetic

    /// While a sweep is pending, bulk allocation stops every sweepDistance / this many bytes of
    /// heap growth so proportional sweeping keeps pace (Go sweeps on every span allocation).
    /// Provenance: chosen so the steps are many per sweep, few per span; not fitted to an output.
    /// Checked: the identity guard pins its current effect; the sensitivity table shows what
    /// moves with it.
    public var sweepStepDivisor: UInt64 = 16
    /// The smallest such step, in bytes. Provenance: the size of an assist's minimum work
    /// (gcOverAssistWork, 64 KiB), reused as a step; not fitted.
    public var sweepStepFloorBytes: UInt64 = 64 << 10
    /// With a memory limit, bulk allocation approaches the goal (which moves as the heap grows)
    /// in steps of 1 / this of the remaining distance (2: halving). Provenance: a numerical choice
    /// so the goal is re-read often near it; not fitted. Checked: memory-limit scenarios in the
    /// identity guard; the fidelity bars on memory-limit (real Go) in BackendsTests.
    public var limitGoalStepDivisor: UInt64 = 2
    /// The smallest such step, in bytes (64 KiB, as above).
    public var limitGoalStepFloorBytes: UInt64 = 64 << 10
    /// A cycle marks for at least this many bytes of allocation after its trigger. Provenance:
    /// one assist's minimum work (gcOverAssistWork); a guard for goals at or below the trigger.
    public var minimumMarkBytes: UInt64 = 64 << 10

    // MARK: caps

    /// Beyond this many scan units (root jobs, oblets) a cycle's assists are walked in 64 KiB
    /// steps instead of unit by unit. Provenance: bounds the model's work per cycle; below it the
    /// walk is exact. Checked: ConcurrentCycleTests.assistsWalkRootJobsObjectsAndOblets (walk).
    public var maxWalkedScanUnits: Int = 100_000
    /// Cons/mark's utilization (25 % background plus the assist share) is capped here so the
    /// ratio stays finite when assists do all the work. Provenance: a numerical guard; Go's
    /// measured utilization on the bundled lessons stays below 0.6 (gcpacertrace 26–50 %).
    /// Checked: the sensitivity table shows whether any bundled lesson reaches it.
    public var utilizationCap: Double = 0.95

    public init() {}

    /// The values every run uses.
    public static let standard = Calibration()
}
