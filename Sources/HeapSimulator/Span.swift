// Span: runs of identical spans, and the cohorts of objects that live in them.
//
// What it models: `mspan` (`mheap.go`): a run of pages holding objects of one span class (size
// class × scan/noscan), or one large object, or goroutine stacks; its object count (allocCount)
// and, through the objects' owners, which objects the next GC will find reachable.
//
// Why the real thing exists: a span is the unit the page heap hands out and takes back; an empty
// span returns its pages at sweep, a partly empty one stays in use (HeapInuse) and its free slots
// are reused by the next allocations of its span class.
//
// Simplification (run-length representation, so bulk work is O(spans) or better, never
// O(objects)): a `SpanRun` is n adjacent spans that are alike: same class, same number of
// allocated slots, and the same *occupants*. An occupant says "span i of this run holds units
// base + i·perSpan ..< base + (i+1)·perSpan of this cohort". A `Cohort` is the set of objects one
// `alloc` statement put into a group (or the runtime's own objects), with the liveness rule the
// program gave them: all alive, all dead, or (after `keep 1 in K`) the group positions that are
// multiples of L = lcm of the K's. Positions inside a span are not tracked, only counts, so
// which slot an object occupies is unknown; counts, pages and liveness are exact. Tiny objects
// are counted in 16-byte blocks (units) of k objects each; a block lives while any of its
// objects does.

/// Objects that share an owner and a liveness rule.
final class Cohort {
    /// Group position of unit 0's first object (positions count objects, not blocks).
    let positionBase: UInt64
    /// Objects in the cohort.
    let objectCount: UInt64
    /// Objects per unit: 1, or k for tiny blocks.
    let objectsPerUnit: UInt64
    /// Survivors are the positions p with p % modulus == 0 (1 = all alive).
    var modulus: UInt64 = 1
    var isDead: Bool
    /// Unit ranges freed individually (runtime pools such as sudogs dropped at GC).
    var deadUnitRanges: [Range<UInt64>] = []
    /// Runs holding units of this cohort (so a change of liveness re-sweeps only them).
    var runs: [SpanRun] = []

    init(positionBase: UInt64 = 0, objectCount: UInt64, objectsPerUnit: UInt64 = 1, isDead: Bool = false) {
        self.positionBase = positionBase
        self.objectCount = objectCount
        self.objectsPerUnit = objectsPerUnit
        self.isDead = isDead
    }

    /// Units in the cohort.
    var unitCount: UInt64 { (objectCount + objectsPerUnit - 1) / objectsPerUnit }

    /// True when every span of an occupant with `perSpan` units has the same number alive.
    func isUniform(perSpan: UInt64) -> Bool {
        if isDead { return true }
        if !deadUnitRanges.isEmpty { return false }
        if modulus == 1 { return true }
        if objectsPerUnit > 1 { return modulus <= objectsPerUnit }
        return perSpan % modulus == 0
    }

    /// Live units among units [lo, hi).
    func liveUnits(_ lo: UInt64, _ hi: UInt64) -> UInt64 {
        if isDead || hi <= lo { return 0 }
        var live: UInt64
        if modulus == 1 || (objectsPerUnit > 1 && modulus <= objectsPerUnit) {
            live = hi - lo
        } else {
            let first = positionBase + lo * objectsPerUnit
            let last = min(positionBase + hi * objectsPerUnit, positionBase + objectCount)
            live = Cohort.multiples(of: modulus, in: first, last)
        }
        for range in deadUnitRanges {
            let a = max(range.lowerBound, lo), b = min(range.upperBound, hi)
            if a < b { live -= min(live, b - a) }
        }
        return live
    }

    /// Multiples of m in [a, b).
    static func multiples(of m: UInt64, in a: UInt64, _ b: UInt64) -> UInt64 {
        guard b > a else { return 0 }
        let upTo: (UInt64) -> UInt64 = { x in x == 0 ? 0 : (x - 1) / m + 1 } // multiples in [0, x)
        return upTo(b) - upTo(a)
    }
}

/// Units of one cohort spread evenly over the spans of a run.
struct Occupant {
    let cohort: Cohort
    var baseUnit: UInt64
    var perSpan: UInt64
}

/// What a run of spans holds.
enum SpanKind: Equatable {
    /// Small objects of a size class, scan or noscan.
    case small(sizeClass: Int, noscan: Bool)
    /// One large object per span.
    case large(noscan: Bool)
    /// A 32 KiB stack-pool span of one order, or a dedicated stack span.
    case stack
}

/// What a large pointer object's words point to, for the mark's scan rate.
enum LargePointers: Equatable {
    /// Most words nil (the generated program's pointer objects: at most one word a 4 KiB page,
    /// pointing outside the heap): scanobject passes them without marking anything, faster a
    /// byte than small objects (Calibration.largeObjectScanRateRatio).
    case sparse
    /// A word for each heap object it holds (a group's slot slice, the runtime's own arrays):
    /// every word marks its target, at the heap's rate.
    case everyWord
}

/// n adjacent, identical spans.
final class SpanRun {
    var startPage: UInt64
    var spanCount: UInt64
    let pagesPerSpan: UInt64
    let kind: SpanKind
    /// Object slots per span.
    let capacity: UInt64
    /// Bytes per slot (class size, or whole pages for large objects).
    let slotBytes: UInt64
    /// Allocated slots per span (live or not yet swept).
    var allocatedPerSpan: UInt64 = 0
    var occupants: [Occupant] = []
    /// Objects were written (the pages are resident).
    var touched: Bool
    /// Where the run is in its life (mcache, mcentral, unswept, freed).
    var state: SpanState = .inUse
    /// What the last mark learned about the run.
    var mark: MarkRecord = .stale
    /// For a large pointer object: what its words point to.
    var largePointers: LargePointers = .everyWord

    init(startPage: UInt64, spanCount: UInt64, pagesPerSpan: UInt64, kind: SpanKind, capacity: UInt64,
         slotBytes: UInt64, touched: Bool) {
        self.startPage = startPage
        self.spanCount = spanCount
        self.pagesPerSpan = pagesPerSpan
        self.kind = kind
        self.capacity = capacity
        self.slotBytes = slotBytes
        self.touched = touched
    }

    var pages: UInt64 { spanCount * pagesPerSpan }
    var freePerSpan: UInt64 { capacity - allocatedPerSpan }
    var isFreed: Bool { state == .freed }
    var isUnswept: Bool { if case .unswept = state { true } else { false } }
    /// Unswept with nothing marked: its sweep frees it whole (what mheap.reclaim looks for).
    var isUnsweptAndEmpty: Bool { if case .unswept(0, _) = state { true } else { false } }

    /// Splits off and returns the spans from index `at` on; `self` keeps the first `at` spans.
    func split(at: UInt64) -> SpanRun {
        precondition(at > 0 && at < spanCount)
        let tail = SpanRun(startPage: startPage + at * pagesPerSpan, spanCount: spanCount - at,
                           pagesPerSpan: pagesPerSpan, kind: kind, capacity: capacity,
                           slotBytes: slotBytes, touched: touched)
        tail.allocatedPerSpan = allocatedPerSpan
        tail.largePointers = largePointers
        if case .unswept(let live, _) = state { tail.state = .unswept(markedLivePerSpan: live, onPartialList: false) }
        if case .marked(let live, var contribution) = mark {
            var tailContribution = SweepContribution()
            if contribution.spans > 0 {
                // Runs are uniform, so the contribution divides per span exactly.
                let n = spanCount, t = spanCount - at
                tailContribution = SweepContribution(markedBytes: contribution.markedBytes / n * t,
                                                     scanBytes: contribution.scanBytes / n * t,
                                                     bitmapBytes: contribution.bitmapBytes / n * t, spans: t,
                                                     spanScanBytes: contribution.spanScanBytes / n * t)
                contribution -= tailContribution
            }
            mark = .marked(livePerSpan: live, contribution: contribution)
            tail.mark = .marked(livePerSpan: live, contribution: tailContribution)
        }
        tail.occupants = occupants.map { Occupant(cohort: $0.cohort, baseUnit: $0.baseUnit + at * $0.perSpan, perSpan: $0.perSpan) }
        for o in occupants where !o.cohort.isDead { o.cohort.runs.append(tail) }
        spanCount = at
        return tail
    }

    /// Live objects in span `index` of the run.
    func liveObjects(inSpan index: UInt64) -> UInt64 {
        var live: UInt64 = 0
        for o in occupants {
            let lo = o.baseUnit + index * o.perSpan
            live += o.cohort.liveUnits(lo, lo + o.perSpan)
        }
        return live
    }

    /// True when every span of the run has the same number of live objects.
    var liveIsUniform: Bool { spanCount == 1 || occupants.allSatisfy { $0.cohort.isUniform(perSpan: $0.perSpan) } }
}

/// Where a run of spans is in its life. Go keeps this in `mspan.state`, the span's `sweepgen`
/// relative to the heap's (unswept, swept, cached) and the mcentral set that holds it.
enum SpanState: Equatable {
    /// In use and on no list: full, a large object, or a piece split off a run and not offered for reuse.
    case inUse
    /// The mcache's current span of its class.
    case cached
    /// Swept, with free slots, on its class's mcentral partial list.
    case partial
    /// Marked at the last mark termination with dead objects whose frees the sweep has not
    /// counted yet: `markedLivePerSpan` objects per span survive. `onPartialList`: it was on its
    /// class's partial list when marked (mcentral's partial unswept set).
    case unswept(markedLivePerSpan: UInt64, onPartialList: Bool)
    /// Returned to the page heap (its pages may be reused).
    case freed
}

/// What the last mark learned about a run. The model marks only runs whose liveness may have
/// changed (Go marks every span every cycle; the result is the same).
enum MarkRecord: Equatable {
    /// New objects, or an occupant's liveness changed, since the last mark: the next mark looks at it.
    case stale
    /// `livePerSpan` objects per span were live at the last mark; `contribution` is the run's share
    /// of that mark's totals.
    case marked(livePerSpan: UInt64, contribution: SweepContribution)
}

/// Marked, scannable and bitmap bytes and spans of a swept run.
struct SweepContribution: Equatable {
    var markedBytes: UInt64 = 0
    var scanBytes: UInt64 = 0
    var bitmapBytes: UInt64 = 0
    var spans: UInt64 = 0
    /// Spans with live pointer-holding objects of 16..512 bytes: those Green Tea's mark queues
    /// whole (SpanQueue.swift).
    var spanQueueSpans: UInt64 = 0
    /// Of `scanBytes`, those of live objects Green Tea scans span by span (16..512 bytes,
    /// go1.26+), which the mark's time charges at the span path's rate.
    var spanScanBytes: UInt64 = 0

    static func += (a: inout SweepContribution, b: SweepContribution) {
        a.markedBytes += b.markedBytes; a.scanBytes += b.scanBytes; a.bitmapBytes += b.bitmapBytes; a.spans += b.spans
        a.spanQueueSpans += b.spanQueueSpans
        a.spanScanBytes += b.spanScanBytes
    }
    static func -= (a: inout SweepContribution, b: SweepContribution) {
        a.markedBytes -= b.markedBytes; a.scanBytes -= b.scanBytes; a.bitmapBytes -= b.bitmapBytes; a.spans -= b.spans
        a.spanQueueSpans -= b.spanQueueSpans
        a.spanScanBytes -= b.spanScanBytes
    }
}
