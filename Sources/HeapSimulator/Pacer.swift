// Pacer: when the next automatic GC starts (the trigger) and what NextGC says (the goal).
//
// What it models: `mgcpacer.go` (Go 1.18+ pacer; 1.19–1.27 differ only in how cons/mark is
// estimated, GoProfile.consMarkEstimate): the GOGC goal
// heapMarked + (heapMarked + lastStackScan + globalsScan)·GOGC/100, at least the 4 MiB·GOGC/100
// heap minimum; the memory-limit goal (limit minus everything mapped that is not heap objects
// or free heap, minus max(3 %, 1 MiB) headroom, never below heapMarked); NextGC = the smaller;
// the trigger clamp between 45/64 and 61/64 of the way from heapMarked to the goal (or
// goal − 4 MiB for large heaps), lowered by a runway.
//
// Why the real thing exists: a concurrent GC must start early enough to finish marking before
// the heap reaches its goal, but not so early that it runs all the time.
//
// The runway is consMark·(1 − 0.25)/0.25·(lastHeapScan + lastStackScan + globalsScan), with
// consMark estimated at each mark termination (endCycle) from this cycle's
// (allocated during mark · u) / (scan work · (1 − u)): since 1.21 the maximum of it and the last
// four measurements; on go1.19 the output of a PI controller (kp 0.9, ti 4, tt 1000, output in
// [−1000, 1000]) fed the old estimate and this measurement, which moves 0.9 of the way and then
// integrates the rest, so after a jump it lags the measurement (src/runtime/mgcpacer.go
// piController of go1.19.8). 0 before the first measurement, so the first cycle triggers at the
// high bound.
//
// Simplification: u = 0.25 plus an assist share from the model's cost units, not measured CPU
// time (see GarbageCollector.swift). No sweep-distance minimum for the goal and no GC CPU limiter.

struct Pacer {
    /// GOGC; nil = off.
    var gcPercent: Int? = 100
    /// GOMEMLIMIT; nil = off (math.MaxInt64 in Go).
    var memoryLimit: UInt64?
    var heapMarked: UInt64 = 0
    /// Bytes the trigger compares against (whole spans counted when cached).
    var heapLive: UInt64 = 0
    var lastHeapScan: UInt64 = 0
    /// Go's heapScan: the scannable bytes the pacer knows of. Fixed while a cycle marks; set to
    /// the cycle's heap scan work at its mark termination (objects allocated black are not in it);
    /// between cycles it grows by the mcache's scanAlloc when that is flushed (GCController.flushScanAlloc).
    var heapScan: UInt64 = 0
    var lastStackScan: UInt64 = 0
    var globalsScan: UInt64 = 0
    /// Goal of the last completed cycle (0 before the first GC).
    var lastHeapGoal: UInt64 = 0
    /// Measured cons/mark ratio (max of the last measurements; 0 before the first).
    var consMark: Double = 0
    var lastConsMark: [Double] = [0, 0, 0, 0]
    /// How endCycle turns a measurement into consMark (GoProfile.consMarkEstimate).
    var consMarkEstimate: ConsMarkEstimate = .maximumOfLastFive
    /// The go1.19 PI controller's integral of the error (piController.errIntegral).
    var consMarkErrorIntegral: Double = 0
    /// `gcBackgroundUtilization`, runtime/mgcpacer.go.
    static let backgroundUtilization = 0.25
    /// `memoryLimitMinHeapGoalHeadroom`, runtime/mgcpacer.go.
    static let headroomMinimum: UInt64 = 1 << 20

    var gcPercentGoal: UInt64 {
        guard let percent = gcPercent else { return UInt64(Int64.max) }
        let p = UInt64(percent)
        let goal = heapMarked + (heapMarked + lastStackScan + globalsScan) * p / 100
        return max(goal, Heap.heapMinimum * p / 100)
    }

    /// The memory-limit goal, given the process's current mapped-and-ready, heapFree and heapAlloc.
    /// No limit is Go's math.MaxInt64: with GOGC off too, this is what NextGC shows (MaxInt64 less
    /// the mapped memory that is not heap objects or free heap, less the headroom: 3 % since 1.21,
    /// 1 MiB on go1.19).
    func memoryLimitGoal(mappedReady: UInt64, heapFree: UInt64, heapAlloc: UInt64, headroomPercent: UInt64) -> UInt64 {
        let limit = memoryLimit ?? UInt64(Int64.max)
        let nonHeap = mappedReady - min(mappedReady, heapFree + heapAlloc)
        let overage = mappedReady > limit ? mappedReady - limit : 0
        if nonHeap + overage >= limit { return heapMarked }
        var goal = limit - (nonHeap + overage)
        let headroom = max(goal / 100 * headroomPercent, Pacer.headroomMinimum)
        if goal < headroom || goal - headroom < headroom { goal = headroom } else { goal -= headroom }
        return max(goal, heapMarked)
    }

    /// (trigger, goal) for a heap goal `goal`.
    func trigger(goal: UInt64) -> UInt64 {
        if heapMarked >= goal { return goal }
        let minTrigger = (goal - heapMarked) / 64 * 45 + heapMarked
        var maxTrigger = (goal - heapMarked) / 64 * 61 + heapMarked
        if goal > Heap.heapMinimum && goal - Heap.heapMinimum > maxTrigger { maxTrigger = goal - Heap.heapMinimum }
        maxTrigger = max(maxTrigger, minTrigger)
        let u = Pacer.backgroundUtilization
        let runwayDouble = consMark * (1 - u) / u * Double(lastHeapScan + lastStackScan + globalsScan)
        // go1.19's estimate can go below 0; Go's uint64(float64) of a negative runway on amd64 is
        // the two's-complement of its truncation, far above any goal: the trigger is minTrigger.
        let runway = runwayDouble >= Double(UInt64(Int64.max)) || runwayDouble <= -1 ? UInt64(Int64.max)
            : UInt64(max(0, runwayDouble))
        var trigger = runway > goal ? minTrigger : goal - runway
        trigger = max(trigger, minTrigger)
        trigger = min(trigger, maxTrigger)
        return trigger
    }

    /// endCycle: this cycle's cons/mark, then the estimate (see the file header).
    mutating func recordConsMark(allocatedDuringMark: UInt64, scanWork: UInt64, utilization u: Double) {
        let current = Double(allocatedDuringMark) * u / (Double(scanWork) * (1 - u))
        switch consMarkEstimate {
        case .maximumOfLastFive:
            consMark = max(current, lastConsMark.max() ?? 0)
            lastConsMark.removeFirst()
            lastConsMark.append(current)
        case .piController:
            // piController.next(input: consMark, setpoint: current, period: 1).
            let (kp, ti, tt, low, high) = (0.9, 4.0, 1000.0, -1000.0, 1000.0)
            let raw = kp * (current - consMark) + consMarkErrorIntegral
            guard raw.isFinite else { consMarkErrorIntegral = 0; consMark = 0; return }
            let output = min(max(raw, low), high)
            consMarkErrorIntegral += (kp / ti) * (current - consMark) + (output - raw) / tt
            guard consMarkErrorIntegral.isFinite else { consMarkErrorIntegral = 0; consMark = 0; return }
            consMark = output
        }
    }
}

/// How the pacer estimates cons/mark at each mark termination (gcControllerState.endCycle).
public enum ConsMarkEstimate: Sendable, Hashable {
    /// go1.19: a PI controller toward each cycle's measurement (see Pacer.swift).
    case piController
    /// 1.21+: the maximum of this cycle's measurement and the last four.
    case maximumOfLastFive
}
