// How much real memory a scenario asks for at its peak, so real backends can refuse a
// scenario that would push the machine into swap before they allocate anything; and how much
// live memory its Go program would need mapped, so `check` can refuse what Go cannot map.

import GoProgramContract

/// The peak demands of a scenario, computed from its statements alone (no backend runs).
public struct ResourceEstimate: Sendable, Equatable {
    /// The most bytes of objects reachable or freshly allocated at any moment: live groups
    /// plus the largest single `alloc` (garbage is counted while it is being made), saturating.
    public var peakObjectBytes: UInt64
    /// The most goroutines alive at once.
    public var peakGoroutines: UInt64
    /// Their stacks at that moment (count × stack size, saturating).
    public var peakStackBytes: UInt64

    /// Objects plus stacks: what a real backend would need at the worst moment.
    public var peakBytes: UInt64 {
        let (sum, overflow) = peakObjectBytes.addingReportingOverflow(peakStackBytes)
        return overflow ? .max : sum
    }

    /// Walks the scenario, unrolling `repeat` arithmetically where the body's effect repeats.
    public static func estimate(_ scenario: Scenario) -> ResourceEstimate {
        var walker = Walker()
        walker.walk(scenario.statements, times: 1, at: nil)
        return ResourceEstimate(peakObjectBytes: walker.peakObjects, peakGoroutines: walker.peakGoroutines,
                                peakStackBytes: walker.peakStacks)
    }

    /// The live memory of the scenario's Go program at its peak, and where it first passes `limit`.
    public struct LiveMemory: Sendable, Equatable {
        /// Objects in groups, their slot slices, the garbage the sink holds (two objects) and
        /// goroutine stacks at the power-of-two size they grow to, all at the same moment.
        /// Garbage is not counted beyond the sink: a GC reclaims it (with `set gogc off` and no
        /// memory limit it would pile up; that case is not followed).
        public var peakBytes: UInt64
        /// The statement where it first passes the limit: the `alloc` or `goroutines`, or the
        /// `repeat` whose later passes take it past.
        public var firstPastLimit: SourceSpan?
    }

    /// Walks `statements` as the generated program of `shape` would hold them.
    static func liveMemory(_ statements: [Statement], shape: GoProgramShape, limit: UInt64) -> LiveMemory {
        var walker = Walker(shape: shape, limit: limit)
        walker.walk(statements, times: 1, at: nil)
        return LiveMemory(peakBytes: walker.peakLive, firstPastLimit: walker.pastLimitAt)
    }

    /// Follows live bytes and goroutines through the statements.
    ///
    /// `repeat N` is walked twice, not N times: after two passes, each group's growth per pass
    /// is known (additive groups grow by the same amount every pass; `free … keep 1 in K`
    /// shrinks, so its growth only falls), and the remaining N − 2 passes are extrapolated from
    /// it. The result is exact for additive bodies and an upper bound otherwise. Walking costs at
    /// most the statements a run executes, which the checker bounds; totals are kept as running
    /// sums, so each statement costs the same however many groups are alive.
    private struct Walker {
        /// With a shape: objects get their slot (kept by `free … keep`, which leaves the slice
        /// whole) and stacks their power-of-two size. Without one: objects and requested stacks.
        var shape: GoProgramShape?
        /// The live bytes whose first crossing is recorded in `pastLimitAt`.
        var limit: UInt64 = .max
        var pastLimitAt: SourceSpan?
        var groupBytes: [String: UInt64] = [:]
        /// The slot-slice bytes inside each group's bytes (only with a shape).
        var groupSlotBytes: [String: UInt64] = [:]
        var goroutineGroups: [String: (count: UInt64, stack: UInt64)] = [:]
        /// Σ groupBytes, saturating.
        var liveBytes: UInt64 = 0
        /// Σ goroutine counts and Σ count × stack over goroutineGroups, saturating.
        var goroutineCount: UInt64 = 0
        var stackBytes: UInt64 = 0
        var peakObjects: UInt64 = 0
        var peakGoroutines: UInt64 = 0
        var peakStacks: UInt64 = 0
        /// Objects, slices and stacks at the same moment.
        var peakLive: UInt64 = 0

        init(shape: GoProgramShape? = nil, limit: UInt64 = .max) {
            self.shape = shape
            self.limit = limit
        }

        /// Go starts every goroutine with a 2 KiB stack (`runtime._StackMin`), however little it uses.
        static let minimumStackBytes: UInt64 = 2048

        /// `span`: the `repeat` whose body `statements` is (nil at top level).
        mutating func walk(_ statements: [Statement], times: UInt64, at span: SourceSpan?) {
            guard times > 0 else { return }
            for s in statements { visit(s) }
            guard times > 1 else { return }
            let names = Self.groups(in: statements)
            let bytesAfterOne = names.map { groupBytes[$0] ?? 0 }
            let slotBytesAfterOne = names.map { groupSlotBytes[$0] ?? 0 }
            let goroutinesAfterOne = names.map { goroutineGroups[$0]?.count ?? 0 }
            for s in statements { visit(s) }
            guard times > 2 else { return }
            let remaining = times - 2
            var objectGrowth: UInt64 = 0, goroutineGrowth: UInt64 = 0, stackGrowth: UInt64 = 0
            for (i, name) in names.enumerated() {
                if let bytes = groupBytes[name], bytes > bytesAfterOne[i] {
                    let extra = mul(bytes - bytesAfterOne[i], remaining)
                    setBytes(name, add(bytes, extra))
                    objectGrowth = add(objectGrowth, extra)
                }
                if let slots = groupSlotBytes[name], slots > slotBytesAfterOne[i] {
                    groupSlotBytes[name] = add(slots, mul(slots - slotBytesAfterOne[i], remaining))
                }
                if let group = goroutineGroups[name], group.count > goroutinesAfterOne[i] {
                    let extra = mul(group.count - goroutinesAfterOne[i], remaining)
                    setGoroutines(name, (add(group.count, extra), group.stack))
                    goroutineGrowth = add(goroutineGrowth, extra)
                    stackGrowth = add(stackGrowth, mul(extra, heldStack(of: group.stack)))
                }
            }
            // The last pass peaks where the second did, higher by the growth of the passes between.
            peakObjects = add(peakObjects, objectGrowth)
            peakGoroutines = add(peakGoroutines, goroutineGrowth)
            peakStacks = add(peakStacks, stackGrowth)
            noteLive(add(peakLive, add(objectGrowth, stackGrowth)), at: span)
        }

        /// The stack one goroutine of `requested` bytes holds.
        func heldStack(of requested: UInt64) -> UInt64 {
            shape?.stackBytes(requested: requested) ?? max(requested, Self.minimumStackBytes)
        }

        /// Records a live total: the peak, and where it first passes the limit.
        mutating func noteLive(_ bytes: UInt64, at span: SourceSpan?) {
            peakLive = max(peakLive, bytes)
            if bytes > limit, pastLimitAt == nil { pastLimitAt = span }
        }

        /// The groups `statements` (nested ones included) name, sorted.
        static func groups(in statements: [Statement]) -> [String] {
            var names: Set<String> = []
            func visit(_ statements: [Statement]) {
                for s in statements {
                    switch s.kind {
                    case .repeatBlock(_, let body): visit(body)
                    case .operation(.alloc(let a)): if let g = a.group { names.insert(g) }
                    case .operation(.free(let g)), .operation(.freeKeeping(let g, _)),
                         .operation(.goroutines(_, _, let g)), .operation(.exit(let g)):
                        names.insert(g)
                    default: break
                    }
                }
            }
            visit(statements)
            return names.sorted()
        }

        mutating func visit(_ statement: Statement) {
            switch statement.kind {
            case .step, .note, .snapshot, .expect: break
            case .repeatBlock(let count, let body): walk(body, times: count, at: statement.span)
            case .operation(let op): apply(op, at: statement.span)
            }
        }

        mutating func apply(_ op: ScenarioOperation, at span: SourceSpan) {
            switch op {
            case .alloc(let a):
                var bytes = mul(a.count, a.sizeBytes)
                // Garbage counts while it is being made: at worst all of it is live at once.
                peakObjects = max(peakObjects, add(liveBytes, bytes))
                if let g = a.group {
                    let slots = mul(a.count, shape?.slotBytes ?? 0)
                    if slots > 0 { groupSlotBytes[g] = add(groupSlotBytes[g] ?? 0, slots) }
                    bytes = add(bytes, slots)
                    setBytes(g, add(groupBytes[g] ?? 0, bytes))
                    noteLive(add(liveBytes, stackBytes), at: span)
                } else {
                    // Garbage is not live: the sink holds the newest object and the one before.
                    noteLive(add(add(liveBytes, mul(min(a.count, 2), a.sizeBytes)), stackBytes), at: span)
                }
            case .free(let g):
                setBytes(g, nil)
                groupSlotBytes[g] = nil
            case .freeKeeping(let g, let k):
                // Slots 0, K, 2K, … stay: ceil(n / K) of n objects, so about that share of the
                // objects' bytes; the slot slice stays whole.
                if let b = groupBytes[g] {
                    let slots = min(groupSlotBytes[g] ?? 0, b)
                    let objects = b - slots
                    setBytes(g, add(objects / max(k, 1) + (objects % max(k, 1) == 0 ? 0 : 1), slots))
                }
            case .goroutines(let count, let stack, let g):
                let old = goroutineGroups[g]
                setGoroutines(g, (add(old?.count ?? 0, count), max(old?.stack ?? 0, stack)))
                peakGoroutines = max(peakGoroutines, goroutineCount)
                peakStacks = max(peakStacks, stackBytes)
                noteLive(add(liveBytes, stackBytes), at: span)
            case .exit(let g):
                setGoroutines(g, nil)
            case .gc, .release, .sleep, .setGCPercent, .setMemoryLimit:
                break
            }
        }

        /// Sets a group's bytes and keeps `liveBytes` = Σ groupBytes (recounted only once saturated).
        mutating func setBytes(_ group: String, _ bytes: UInt64?) {
            let old = groupBytes[group] ?? 0
            groupBytes[group] = bytes
            liveBytes = liveBytes == .max ? groupBytes.values.reduce(0, add) : add(liveBytes - old, bytes ?? 0)
        }

        /// Sets a goroutine group and keeps the goroutine and stack sums.
        mutating func setGoroutines(_ group: String, _ new: (count: UInt64, stack: UInt64)?) {
            let old = goroutineGroups[group]
            goroutineGroups[group] = new
            if goroutineCount == .max || stackBytes == .max {
                goroutineCount = goroutineGroups.values.map(\.count).reduce(0, add)
                stackBytes = goroutineGroups.values.map(stackOf).reduce(0, add)
            } else {
                goroutineCount = add(goroutineCount - (old?.count ?? 0), new?.count ?? 0)
                stackBytes = add(stackBytes - (old.map(stackOf) ?? 0), new.map(stackOf) ?? 0)
            }
        }

        func stackOf(_ group: (count: UInt64, stack: UInt64)) -> UInt64 {
            mul(group.count, heldStack(of: group.stack))
        }

        func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (r, o) = a.addingReportingOverflow(b)
            return o ? .max : r
        }

        func mul(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? .max : r
        }
    }
}
