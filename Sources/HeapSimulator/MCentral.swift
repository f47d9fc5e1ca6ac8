// MCentral: the central lists of swept spans with free slots, one per span class.
//
// What it models: `mcentral.go`: an mcache refill (`cacheSpan`) takes a partly free, swept span
// of its class before asking the page heap for a fresh one; the sweeper and `uncacheSpan` put
// spans with free slots back. Unswept spans of the class are swept on demand first (the
// sweeper's part, in GarbageCollector.swift).
//
// Why the real thing exists: reusing the free slots of partly empty spans is why a heap with
// holes stops growing.
//
// Component: `MCentral` owns the partial lists (private), one table for all span classes
// (Go has one mcentral per class); spans enter with `addPartial` and leave with `takePartial`.
//
// Simplification: partial spans are reused lowest address first (Go's spanSets are LIFO
// stacks); a list drops entries lazily (spans taken, freed or filled since they were listed).

final class MCentral {
    /// Partial swept spans per span class, highest address first (the lowest is taken first).
    private var partial: [Int: [SpanRun]] = [:]

    /// Puts a swept span with free slots on its class's partial list (address order).
    func addPartial(_ run: SpanRun, key: Int) {
        let index = partial[key]?.firstIndex { $0.startPage < run.startPage } ?? partial[key]?.count ?? 0
        partial[key, default: []].insert(run, at: index)
        run.state = .partial
    }

    /// The lowest partial span of `key` with free slots. Stale entries are dropped; a listed span
    /// that is unswept (it was on the list when its cycle marked it) is handed to `sweep` first.
    func lowestPartial(_ key: Int, sweep: (SpanRun) -> Void) -> SpanRun? {
        while let run = partial[key]?.last, run.state != .partial || run.freePerSpan == 0 {
            if run.isUnswept { sweep(run); continue }
            partial[key]!.removeLast()
        }
        return partial[key]?.last
    }

    /// Takes the lowest partial span of `key` (from `lowestPartial`); `rest`, when given, is the
    /// part of it not taken, which stays listed in its place.
    func takePartial(_ key: Int, leaving rest: SpanRun?) {
        if let rest {
            rest.state = .partial
            partial[key]![partial[key]!.count - 1] = rest
        } else {
            partial[key]!.removeLast()
        }
    }

    /// The lists' own invariants (nil when they hold): each list is in address order.
    func checkInvariants() -> String? {
        for (key, list) in partial {
            for i in list.indices.dropFirst() where list[i - 1].startPage < list[i].startPage {
                return "mcentral partial list of class key \(key) is not in address order"
            }
        }
        return nil
    }
}
