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
// Simplification: one set of values for every Go version and every machine. The standard costs
// are one machine's measurements: `memstats calibrate` (Sources/Backends/GoCalibration/) on an
// AMD EPYC with 2 shared CPUs, go1.27.3, GOMAXPROCS=1, in process CPU time
// (Sources/Backends/GoCalibration/go1.27.3-amd-epyc-2cpu.table), each rounded to the model's
// unit; they are not the costs of the machine memstats runs on, which `memstats calibrate`
// measures and `--calibration FILE` applies. Each cost is charged for what the model's bulk
// operations did (objects, pages faulted in, bytes zeroed, spans swept, bytes scanned), not per
// machine instruction; Go's own time is real and varies between runs, the model's does not.

/// The model's own numbers. `standard` is what every run uses; tests vary them.
public struct Calibration: Sendable, Equatable {
    // MARK: virtual-time costs (the model's clock: LastGC, PauseNs, PauseTotalNs, GCCPUFraction,
    // and how much time the scavenger and the periodic GC see pass during allocation)

    /// Per object allocated (mallocgc's small path, zeroing aside). Provenance: measured by
    /// `memstats calibrate` (AMD EPYC, go1.27.3): `make([]byte, n)` on reused memory with the GC
    /// off, per size class from 8 B to 32 KiB, the intercept of a line through the classes up to
    /// 1 KiB: 30.0 ns. Not fitted to an output. It sets cons/mark's assist share (with the costs
    /// below), so it reaches NextGC (see the sensitivity table). Checked on programs it was not
    /// measured on: the held-out set (Tutorials/held-out-fidelity.md) and
    /// GoCalibrationTests.timeDrivenFieldsAgainstRealGo (GCCPUFraction).
    public var nanosecondsPerObject: UInt64 = 30
    /// Per KiB allocated in memory used before (Go zeroes it: the span's needzero; memory fresh
    /// from the OS is zero already and costs `nanosecondsPerFreshPage` instead). Provenance: the
    /// slope of the same line (`memstats calibrate`'s measured.zeroingNanosecondsPerKiB: 104.8 ns).
    /// Checked: as nanosecondsPerObject.
    public var zeroingNanosecondsPerKiB: UInt64 = 105
    /// Per 4 KiB OS page written for the first time since it was mapped or released (a minor
    /// fault and the kernel's zeroing), charged per page faulted in, not per object. Provenance:
    /// measured by `memstats calibrate` (AMD EPYC in a VM, go1.27.3): the first write to each page
    /// of a 64 MiB buffer after `FreeOSMemory`, 2 146 ns. Checked: as nanosecondsPerObject.
    public var nanosecondsPerFreshPage: UInt64 = 2_146
    /// Per 4 KiB OS page released (madvise + TLB shootdown); a runtime page is two of them, so the
    /// scavenger's first 1 ms burst (Go's minScavWorkTime) is worth 1548 runtime pages, ~12.1 MiB.
    /// Provenance: measured by `memstats calibrate` (AMD EPYC, go1.27.3): `FreeOSMemory` after
    /// 64 MiB was freed, less one with nothing to release, per 4 KiB page: 323 ns. Checked on data
    /// it was not measured on: CalibrationTests.releaseTimingAfterOneAndTwoGCs
    /// (measurements.txt scav-go1.27.3 rows: all released within ~2 s, not at 0.25 s). The
    /// 200-goroutine, 2 KiB-garbage program of ConcurrentCycleTests (HeapReleased 6.06–6.83 MiB
    /// real) is what the 1 ms burst mechanism was added for, so it is not an independent check.
    public var nanosecondsPerReleasedPage: UInt64 = 323
    /// GC mark rate per CPU, bytes per nanosecond. Provenance: measured by `memstats calibrate`
    /// (AMD EPYC, go1.27.3): a forced cycle's CPU on 16 and 128 MiB of live 64-byte pointer
    /// objects, the difference in scanned bytes over the difference in CPU: 1.298. The model
    /// charges it for the heap and stack scan work except, on a Green Tea profile, that of
    /// 16-512-byte objects (`spanScanRateRatio`); those 64-byte nodes point to each other and
    /// take Green Tea's span path on go1.27, where the same program read 2.1-2.8 B/ns on a quiet
    /// day (2026-12-07) and the generated programs' 4 KiB pointer objects 1.48-1.64. It enters
    /// cons/mark's assist share, so it moves NextGC through the trigger runway. Checked: as
    /// nanosecondsPerObject; no test pins it alone.
    public var scanBytesPerNanosecond: Double = 1.298
    /// GC scan rate of the globals (.data and .bss), bytes of section per nanosecond: markroot
    /// scans them through their pointer bitmap (markrootBlock, scanblock), a word loaded only where
    /// the bitmap has a pointer, not object by object as the heap. Charged for the globals' part
    /// of a cycle's scan work (Pacer.globalsScan) where `scanBytesPerNanosecond` is charged for
    /// the heap and the stacks. Provenance: measured on go1.27.3 (AMD EPYC, 2 shared CPUs, GOMAXPROCS=1)
    /// with Sources/Backends/GoCalibration/globalscan: a forced cycle's CPU with 1, 4 and 16 MiB of
    /// pointer words added to the program's .bss, one in 8 pointing to a variable outside the heap
    /// and the rest nil (a running program's own globals: 88 % of their pointer words nil, the rest
    /// into the binary's data), over the difference in /gc/scan/globals:bytes: 2.75 ns a pointer
    /// word (2.91 B/ns; 5 interleaved runs, pairwise 2.8-3.2 B/ns). Words the bitmap marks as not
    /// pointers are skipped, so the rate per byte of section is that over the program's pointer
    /// words per byte: the generated program's .data and .bss (go1.27.3) are 150 826 B with 10 671
    /// pointer words (its GC programs runtime.gcdata, runtime.gcbss, decoded), 14.1 B a pointer
    /// word: 5.1 B/ns, 29 µs a cycle for its globals (the heap's rate would be 116 µs). Not fitted
    /// to an output. Checked on programs it was not measured on: the held-out set
    /// (Tutorials/held-out-fidelity.md) and FidelityBarsTests' memory-limit lesson (cons/mark and
    /// the triggers against gcpacertrace, Tutorials/model-calibration.md).
    public var globalsScanBytesPerNanosecond: Double = 5.1
    /// Fixed cost of a cycle's two stop-the-world pauses. Provenance: measured by `memstats
    /// calibrate`: the median PauseNs of the cycles 1 KiB garbage starts over a 32 MiB live heap,
    /// 22 948 ns (8 436 over 4 MiB, 27 305 over 128 MiB: real pauses grow with the heap, the
    /// model's do not). Checked against real Go on other programs:
    /// GoCalibrationTests.timeDrivenFieldsAgainstRealGo (PauseNs, PauseTotalNs / NumGC, GCCPUFraction).
    public var pauseNanoseconds: UInt64 = 22_948
    /// Extra pause per 1000 goroutines (stack roots prepared at mark termination). Provenance:
    /// measured by `memstats calibrate`: a forced cycle's pause with and without 10 000 blocked
    /// goroutines, 637 ns per 1000. Checked: none.
    public var pauseNanosecondsPerThousandGoroutines: UInt64 = 637
    /// Fixed concurrent work of a cycle (root marking, span-list sweep). Provenance: measured by
    /// `memstats calibrate`: a forced cycle's CPU on an empty heap less its pause, 61 262 ns.
    /// Checked: as pauseNanoseconds.
    public var gcFixedNanoseconds: UInt64 = 61_262
    /// Per span the sweep frees (nothing in it marked: it goes back to the page heap), elapsed
    /// time of whoever sweeps it, not GC CPU (Go's GCCPUFraction counts the mark and the pauses
    /// only); sweeping a span that keeps live objects is not charged. Provenance: measured by
    /// `memstats calibrate`: a forced cycle that frees 16 384 spans of dead 16-byte objects less
    /// one that frees none, per span: 606 ns. It reaches LastGC and, through the elapsed time,
    /// GCCPUFraction's denominator; with GOMAXPROCS > 1 it is also bgsweep's pace on an idle P
    /// over the spans it frees (GarbageCollector.sweepProportionally). Checked on programs it was
    /// not measured on: the held-out set at GOMAXPROCS 2 and 4 (Tutorials/held-out-fidelity.md:
    /// HeapObjects, HeapIdle mid-sweep) and ConcurrentCycleTests' bgsweep test.
    public var sweepNanosecondsPerSpan: UInt64 = 606
    /// GOMAXPROCS > 1: bgsweep's time for a span that keeps objects (or a clean span it walks): it
    /// sets the span's new bits and counts, and gives nothing back to the page heap. Provenance:
    /// measured by `memstats calibrate` (calibrate.go's liveSweepNanosecondsPerSpan: a forced
    /// cycle's CPU per 8 KiB span of live 8 KiB noscan objects, marking each span's object and
    /// scanning its slot included, so an upper bound), 2026-12-07, 5 runs on a quiet machine:
    /// 61-69 ns, median 66 (a freed span read 574-661 ns in the same runs). Checked on
    /// programs it was not measured on: the held-out set at GOMAXPROCS 2 and 4
    /// (Tutorials/held-out-fidelity.md, "bgsweep's pace over spans that keep objects") and
    /// MechanismTests.bgsweepPassesSpansThatKeepObjectsFasterThanFreedOnes.
    public var liveSweepNanosecondsPerSpan: UInt64 = 66

    /// GOMAXPROCS > 1 only: from the moment a background mark worker finishes a cycle's scan work
    /// until the mark-termination stop takes effect (gcMarkDone's ragged barrier and the stop, with
    /// the OS scheduling the worker's and the mutator's threads), the mutator allocates unpaced;
    /// the mark lasts the workers' scan time plus this (GCController.backgroundWorkersEndOfMark).
    /// This value is for a machine with a CPU for every P (Go's default GOMAXPROCS; see
    /// `markTerminationLatencyOversubscribedNanoseconds` for fewer). Provenance: measured with
    /// GODEBUG=gctrace=1 on the generated program of `alloc 2000 x 1KiB as live; alloc 400000 x
    /// 256B` (0.2 MB of scan work per cycle, so the scan itself takes ~0.1 ms), go1.27.3, AMD EPYC
    /// with 2 CPUs, quiet (load 0.4), 2026-12-06: the concurrent-mark wall time of cycles whose
    /// background workers ran longer than the assists, 5 runs at GOMAXPROCS 2: 123 cycles, median
    /// 0.18 ms (p25 0.14, p75 0.26, p90 0.59); the median less the scan time. Not fitted to a
    /// MemStats output. The same program on the same machine under load 7-9 (2026-12-04) read a
    /// median of 1.6 ms: a busy machine is short of CPUs too, which the predicted bands' latency
    /// variants cover (PredictedBands.swift). Checked on programs it was not measured on: the
    /// held-out set at GOMAXPROCS 2 (Tutorials/held-out-fidelity.md) and CalibrationTests.
    public var markTerminationLatencyNanoseconds: UInt64 = 80_000
    /// The same latency when the machine has fewer CPUs than GOMAXPROCS (SimulatorConfiguration
    /// .cpuCount): the worker that finishes, the mutator and the other Ps' threads wait for the OS
    /// to give them a CPU. Provenance: the same program, runs and day, at GOMAXPROCS 4 on the 2
    /// CPUs: 72 cycles, median 1.2 ms (p25 0.58, p75 1.9, p90 3.5), less the scan time. Checked on
    /// the held-out sets at GOMAXPROCS 4 (seeds 3 and 17, recorded on the same 2 CPUs).
    public var markTerminationLatencyOversubscribedNanoseconds: UInt64 = 1_100_000
    /// When not empty, cycle n's mark-termination latency is element n mod count instead of
    /// `markTerminationLatencyNanoseconds`: a measured distribution in a fixed order, so that one
    /// run mixes short and long marks as a real run does. Empty in the standard table; predicted
    /// bands' variants set it (Backends/PredictedBands.swift, where its values come from).
    public var markTerminationLatencySequenceNanoseconds: [UInt64] = []

    /// How much faster than `scanBytesPerNanosecond` the mark scans pointer objects of 16 to 512
    /// bytes on a Go with Green Tea (go1.26+; GoProfile.greenTeaSpanQueue), which marks them in
    /// their span's inline bits and scans the span's marked objects together, where scanobject
    /// (larger objects, and every object before Green Tea) takes them one at a time. Provenance:
    /// measured by `memstats calibrate` (GoCalibration/calibrate.go, spanScan; AMD EPYC, 2 CPUs,
    /// go1.27.3, GOMAXPROCS=1, quiet, 2026-12-07) on the generated programs' pointer objects
    /// (make([]*byte, n), one word pointing outside the heap, each held by an 8-byte slot): the
    /// rate of 64, 128, 256 and 512-byte objects (a forced cycle's CPU between 16 and 128 MiB of
    /// them) over that of 4096-byte ones, the median of the sizes: 3.59 (5 runs: 3.42 to 3.78).
    /// Simplification: one ratio for every small size, where the rate grows with the size
    /// (measured 2.0-3.6 B/ns at 64 bytes, 6.1-7.4 at 256 and 512). Not fitted to an output.
    /// Checked on programs it was not measured on: the held-out sets
    /// (Tutorials/held-out-fidelity.md), where it sets how long a mark runs at GOMAXPROCS > 1.
    public var spanScanRateRatio: Double = 3.59
    /// How much faster than `scanBytesPerNanosecond` the mark scans the program's large pointer
    /// objects (more than 32 KiB, mostly nil words: `LargePointers.sparse`), which scanobject
    /// splits into 128 KiB oblets and passes without marking anything, on every Go release; a
    /// group's slot slice (a word for each object it holds) stays at the heap's rate.
    /// Provenance: measured by `memstats calibrate` (GoCalibration/calibrate.go, largeObjectScan;
    /// AMD EPYC, 2 CPUs, GOMAXPROCS=1, quiet, 2026-12-07) on the generated programs' pointer
    /// objects: the rate of 64 KiB, 256 KiB and 1 MiB objects (a forced cycle's CPU between 16
    /// and 128 MiB of them) over that of 4096-byte ones, the median of the sizes: go1.27.3 1.34
    /// (5 runs: 1.09 to 1.44). Simplification: one
    /// ratio for every release, where go1.22.10 read 1.29 (0.84 to 1.32) and go1.19.8 1.58 (1.35
    /// to 1.66) in the same runs. Not fitted to an output. Checked on programs it was not
    /// measured on: the held-out sets (Tutorials/held-out-fidelity.md), where it sets how long a
    /// mark over large pointer objects runs.
    public var largeObjectScanRateRatio: Double = 1.34

    /// The mark's CPU time for a cycle's scan work: the heap and the stacks at the heap's rate,
    /// the globals at theirs.
    public func scanNanoseconds(heapAndStacks: UInt64, globals: UInt64) -> Double {
        Double(heapAndStacks) / scanBytesPerNanosecond + Double(globals) / globalsScanBytesPerNanosecond
    }

    /// The mark-termination latency of cycle `cycle` (0 for the first), on a machine with fewer
    /// CPUs than Ps (`oversubscribed`) or not.
    public func markTerminationLatency(cycle: UInt64, oversubscribed: Bool = false) -> UInt64 {
        let sequence = markTerminationLatencySequenceNanoseconds
        if !sequence.isEmpty { return sequence[Int(cycle % UInt64(sequence.count))] }
        return oversubscribed ? markTerminationLatencyOversubscribedNanoseconds : markTerminationLatencyNanoseconds
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
    /// GOMAXPROCS = 1: how long after the fractional worker could first have finished a mark's
    /// work (the rest that assists stopping short left, GCController.assistWorkBeforeTheyStop, or
    /// what the assists' pace line has not reached, PacedFractionalWorker) sysmon preempts the
    /// program and lets it, in the program's modelled time. sysmon preempts a goroutine that has
    /// run for forcePreemptNS (10 ms) since it noted its schedtick, looking every 10 ms once idle.
    /// Provenance: 5 ms, the middle of [0, 10 ms), Go's constants, not a measurement; the
    /// predicted band's sysmon-preemption variants take its ends. Read against sysmon's code, a
    /// goroutine that never blocks is preempted every 20 ms (GoConstants
    /// .sysmonPreemptionPeriodNanoseconds), which puts the delay in [0, 20 ms); 10 ms, the middle
    /// of that longer range, was tried with the paced worker and was worse on every pooled P=1
    /// held-out field (Tutorials/held-out-fidelity.md), so 5 ms stays. Why the shorter delay fits
    /// better is not known. Checked on programs it was not chosen on: the held-out seed-3 set, and
    /// with the paced worker the seed-23 set taken after it was built (Tutorials/held-out-fidelity.md).
    public var sysmonPreemptionDelayNanoseconds: UInt64 = 5_000_000
    /// The range `sysmonPreemptionDelayNanoseconds` can take: 0 to forcePreemptNS.
    public static let sysmonPreemptionDelayRangeNanoseconds: ClosedRange<UInt64> = 0...GoConstants.forcePreemptNanoseconds

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
