// AllSpans: every run of heap spans, and which of them the next mark must look at.
//
// What it models: `mheap_.allspans`, the list the GC and heap tools walk; plus the model's
// record of each run's last mark (SpanRun.mark) summed over the clean runs (`settled`).
//
// Why: the GC marks and sweeps spans, the heap map and the inventory show them; a run-length
// model needs one place that knows every run.
//
// Component: `AllSpans` owns the run list, the queue of runs to mark ("dirty": new, or an
// occupant's liveness changed) and the totals of the others (private); the allocator registers
// runs, the program's frees mark them dirty, the GC takes the dirty ones at each mark.
//
// Simplification: runs returned to the page heap leave the list lazily (at the start of each
// cycle); the model marks only dirty runs (Go marks every span every cycle; the totals agree).

final class AllSpans {
    /// Every run of heap spans (freed runs are dropped at the start of each cycle).
    private(set) var runs: [SpanRun] = []
    /// Runs to mark at the next GC.
    private(set) var dirty: [SpanRun] = []
    /// Sum of the contributions of clean (marked) runs.
    private(set) var settled = SweepContribution()

    /// A new run: the next mark looks at it.
    func register(_ run: SpanRun) {
        runs.append(run)
        run.mark = .stale
        dirty.append(run)
    }

    /// A run split off another (it keeps its mark record); queued when that record is stale.
    func adoptSplit(_ tail: SpanRun) {
        runs.append(tail)
        if tail.mark == .stale { dirty.append(tail) }
    }

    /// A run split off one that is being marked now (the mark records it).
    func adoptSplitBeingMarked(_ tail: SpanRun) { runs.append(tail) }

    /// The run's liveness may have changed: the next mark looks at it; its old contribution
    /// leaves the settled totals.
    func markDirty(_ run: SpanRun) {
        guard !run.isFreed, case .marked(_, let contribution) = run.mark else { return }
        run.mark = .stale
        settled -= contribution
        dirty.append(run)
    }

    /// The runs to mark; the queue is empty afterwards.
    func takeDirty() -> [SpanRun] {
        let taken = dirty
        dirty = []
        return taken
    }

    /// A mark recorded `contribution` for a run.
    func settle(_ contribution: SweepContribution) { settled += contribution }

    /// Runs returned to the page heap leave the list, so each cycle walks only live runs.
    func dropFreed() { runs.removeAll { $0.isFreed } }

    /// Live runs in the list.
    var liveRuns: [SpanRun] { runs.filter { !$0.isFreed } }

    /// The list's own invariants (nil when they hold): clean runs add up to the settled totals.
    func checkInvariants() -> String? {
        var sum = SweepContribution()
        for run in runs where !run.isFreed {
            if case .marked(_, let contribution) = run.mark { sum += contribution }
        }
        if sum != settled { return "the marked runs' contributions do not add up to the settled totals" }
        return nil
    }
}
