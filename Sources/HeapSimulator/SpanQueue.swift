// SpanQueue: Green Tea's per-P span queues and the rings they spill into (GCSys).
//
// What it models: `mgcmark_greenteagc.go` (go1.26+). A mark greys an object of 16..512 bytes
// that holds pointers by queueing its whole span on the P's gcWork (`spanQueue.put`, once per
// span until it is scanned): first into a local ring of 256 entries, and from there into a
// chain of `spanSPMC` rings that other Ps can steal from (`spanQueue.drain`). A drain happens
// when the local ring is full (half of it moves), and every 64th put (`spillPeriod`, counted
// across cycles: `putsSinceDrain` is reset only by a drain) when the chain is empty and the local
// ring holds at least 10 spans (min(n/2, `spillMax` 16) > 4 of them move). The first drain of a
// P makes its first ring: `newSpanSPMC(1024)` sysAllocs 1024 × 8 B into gcMiscSys, its 56-byte
// header coming from a fixalloc whose first 16 352-byte chunk is persistentalloc'd (gcMiscSys
// as well). A drain that does not fit the head ring makes one of twice its capacity (up to
// 1 MiB); the older ring, once emptied, is dead and `freeDeadSpanSPMCs` (bgsweep after its
// sweep, or the forced GC's eager sweep) gives it back, but a P's newest ring is never freed, so
// each P keeps the largest ring it ever needed.
//
// Why the real thing exists: Green Tea scans memory span by span, not object by object, for
// locality; the chain is the part of a P's queue that idle Ps can steal, so the local ring is
// spilled now and then to make work for them, and the rings grow so that a deep queue is not
// spilled under a global lock again and again.
//
// Component: `GCSpanQueues` owns each P's spill counter and newest ring (private(set)); the
// coordinator calls `mark(queuedSpans:)` at mark termination with the spans the mark found and
// hands the rings it made and left dead to MHeap (GCSys), which frees the dead ones when bgsweep
// would.
//
// Simplification: a cycle's puts are the spans of such objects alive at its mark
// (SweepContribution.spanQueueSpans), each put once, all before the first span is scanned, as
// when they are reached from roots and from objects scanned off the workbufs (the generated
// program's slot slices, whose scan Go does before the span queue); spans reached only through
// other span-queued objects, and spans queued again after a scan, are not counted. With more than
// one P the puts are shared evenly among the Ps, each with its own counter and rings.
// gcMarkDone's flush is not modelled: dispose drains a P's non-empty local ring when another P
// has run out of work, which over many cycles gives real Go a ring on every P even for a few
// spans, where the model's even shares stay under the spill's minimum; at GOMAXPROCS > 1 the
// model can then sit up to P × 8 KiB (and the 16 352-byte header chunk) under real GCSys.
//
// Measured (go1.27.3, a runtime printing each ring it makes and frees, with a probe that fills a
// slice with n 64-byte pointer objects and forces GCs): at GOMAXPROCS=1 no ring after one GC at
// n = 5 000 (40 spans) and one at the second, as the counter predicts; one ring at n = 10 000;
// at n = 442 368 (3 456 spans) rings of 1024, 2048 and 4096 made and the first two freed. The
// flush, 5 runs each, rings after 1, 3 and 10 forced GCs: at n = 0, 0.2, 1.6 and 2 of 2 Ps at
// GOMAXPROCS 2 and 0, 0 and 1.4 of 4 at GOMAXPROCS 4; at n = 5 000 and GOMAXPROCS 4, 0, 0.2 and
// 3.4 (the model: none). Held-out random-3-4 (6 runs): every P had a ring by the second reading
// at GOMAXPROCS 2 and 4. SpanQueueTests pin the measured cases; the check on programs it was not
// measured on is the held-out `fidelity --random` sets (GCSys at GOMAXPROCS 1, 2 and 4,
// Tutorials/held-out-fidelity.md).

/// One P's span queue: the spill counter and its newest ring.
struct SpanQueue: Equatable {
    /// `spanQueue.ring`: the local ring's capacity.
    static let localRingCapacity: UInt64 = 256
    /// `spillPeriod`: puts between two checks for a spill.
    static let spillPeriod: UInt64 = 64
    /// `spillMax`: the most spans one spill moves.
    static let spillMax: UInt64 = 16
    /// `drain`'s first ring: `newSpanSPMC(1024)`.
    static let firstRingCapacity: UInt64 = 1024
    /// `maxCap`: 1 MiB of 8-byte entries.
    static let maxRingCapacity: UInt64 = (1 << 20) / 8
    /// gcUsesSpanInlineMarkBits: objects of 16..512 bytes (heapBitsInSpan) are marked in their
    /// span's inline bits, and a pointer-holding one is queued as its span.
    static func queuesSpan(slotBytes: UInt64) -> Bool { slotBytes >= 16 && slotBytes <= 512 }
    /// Bytes per ring entry (an objptr).
    static let entryBytes: UInt64 = 8

    /// `putsSinceDrain`.
    private(set) var putsSinceDrain: UInt64 = 0
    /// The capacity of the chain's newest ring (0: the P never drained).
    private(set) var headRingCapacity: UInt64 = 0

    /// A mark queues `puts` spans on this P before scanning any: returns the capacities of the
    /// rings made and of the rings left dead behind the newest.
    mutating func mark(puts: UInt64) -> (made: [UInt64], dead: [UInt64]) {
        var made: [UInt64] = []
        var dead: [UInt64] = []
        var local: UInt64 = 0
        var inHead: UInt64 = 0
        var chainEmpty = true
        func drain(_ n: UInt64) {
            putsSinceDrain = 0
            if headRingCapacity == 0 {
                headRingCapacity = Self.firstRingCapacity
                made.append(headRingCapacity)
            }
            if inHead + n > headRingCapacity {
                dead.append(headRingCapacity)
                headRingCapacity = min(headRingCapacity * 2, Self.maxRingCapacity)
                made.append(headRingCapacity)
                inHead = 0
            }
            inHead += n
            local -= n
            chainEmpty = false
        }
        var remaining = puts
        while remaining > 0 {
            if local == Self.localRingCapacity {
                // putFast failed: half the local ring moves to the chain (no spill check).
                drain(Self.localRingCapacity / 2)
                local += 1
                remaining -= 1
                continue
            }
            // Puts until the ring is full or the next spill check, whichever comes first.
            let toCheck = Self.spillPeriod - putsSinceDrain
            let step = min(remaining, toCheck, Self.localRingCapacity - local)
            local += step
            putsSinceDrain += step
            remaining -= step
            if putsSinceDrain == Self.spillPeriod {
                putsSinceDrain = 0
                let n = min(local / 2, Self.spillMax)
                if n > 4 && chainEmpty { drain(n) }
            }
        }
        return (made, dead)
    }

    /// The queue's own invariants (nil when they hold): the counter is below a spill period and
    /// the newest ring is none or a power of two from the first ring's capacity to the largest.
    func checkInvariants() -> String? {
        if putsSinceDrain >= Self.spillPeriod { return "\(putsSinceDrain) puts since the last drain" }
        let c = headRingCapacity
        if c != 0 && (c < Self.firstRingCapacity || c > Self.maxRingCapacity || c & (c - 1) != 0) {
            return "a ring of \(c) entries"
        }
        return nil
    }
}

/// Every P's span queue (the model's P 0 runs the program; with more Ps the puts are shared).
struct GCSpanQueues: Equatable {
    private(set) var queues: [SpanQueue]

    init(gomaxprocs: Int) { queues = Array(repeating: SpanQueue(), count: max(1, gomaxprocs)) }

    /// A mark queues `spans` spans: shared evenly among the Ps (the first Ps take the remainder).
    /// Returns the bytes of the rings made and of those it left dead.
    mutating func mark(queuedSpans spans: UInt64) -> (madeBytes: [UInt64], deadBytes: UInt64) {
        let count = UInt64(queues.count)
        var made: [UInt64] = []
        var dead: UInt64 = 0
        for i in queues.indices {
            let share = spans / count + (UInt64(i) < spans % count ? 1 : 0)
            let result = queues[i].mark(puts: share)
            made += result.made.map { $0 * SpanQueue.entryBytes }
            dead += result.dead.reduce(0, +) * SpanQueue.entryBytes
        }
        return (made, dead)
    }

    /// Each P's queue's invariants (nil when they hold).
    func checkInvariants() -> String? {
        for (p, q) in queues.enumerated() { if let broken = q.checkInvariants() { return "P \(p): \(broken)" } }
        return nil
    }
}
