// Sysmon: virtual time passing: the background scavenger's pacing, sysmon's wake-ups, forced GC.
//
// What it models: `proc.go` (sysmon, forcegchelper): sysmon polls while the program runs
// (every 10 ms once it has found nothing to do for a while) and wakes the scavenger when a sweep
// asked it to; when every P is idle it sleeps until the next timer (at most forcegcperiod/2 =
// 1 min), so during a `sleep` that follows a GC the scavenger starts only when the sleep ends.
// A GC is forced 2 minutes after the last one (only after a first GC, and not with GOGC=off).
//
// Why the real thing exists: the runtime's background work (scavenging, the periodic GC) is
// paced by elapsed time, not by allocation.
//
// Component: part of the coordinator (SimulatedHeap): it asks the GC controller when the last
// cycle ended, the page heap's scavenger whether a wake is pending, and moves the clock.
//
// Simplification: time passes only at the end of an operation (its modelled work) and in
// `sleep`; sysmon's 20 µs–10 ms back-off is its 10 ms cap.

extension SimulatedHeap {
    /// Time passes: the background scavenger works, and the periodic GC runs when due.
    /// `idle`: the program sleeps (all Ps idle): sysmon then sleeps until the program's timer
    /// (at most forcegcperiod/2), so a pending wake reaches the scavenger only then.
    func advanceTime(by nanoseconds: UInt64, idle: Bool = false) {
        var left = nanoseconds
        while left > 0 {
            var step = left
            if let requested = mheap.scavenger.sysmonWakeRequested {
                // The next sysmon look: the end of the sleep (idle, at most forcegcperiod/2), or
                // its polling period while the program runs.
                let period = idle ? Heap.forcedGCPeriodNanoseconds / 2 : Scavenger.sysmonMaxDelayNanoseconds
                let due = requested + period
                if due <= clock.now { mheap.wakeScavenger(now: clock.now) } else { step = min(step, due - clock.now) }
            }
            if gc.pacer.gcPercent != nil, let last = gc.stats.lastGCMonotonic {
                let due = last + Heap.forcedGCPeriodNanoseconds
                if due <= clock.now {
                    collect(kind: .periodic)
                    continue
                }
                step = min(step, due - clock.now)
            }
            mheap.runBackgroundScavenger(from: clock.now, for: step)
            clock.advance(by: step)
            left -= step
            // sysmon wakes at the end of the program's sleep (the timer it slept until).
            if idle && left == 0 && mheap.scavenger.sysmonWakeRequested != nil { mheap.wakeScavenger(now: clock.now) }
        }
    }
}
