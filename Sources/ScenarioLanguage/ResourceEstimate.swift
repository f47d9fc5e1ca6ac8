// How much real memory a scenario asks for at its peak, so real backends can refuse a
// scenario that would push the machine into swap before they allocate anything.

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
        walker.walk(scenario.statements, times: 1)
        return ResourceEstimate(peakObjectBytes: walker.peakObjects, peakGoroutines: walker.peakGoroutines,
                                peakStackBytes: walker.peakStacks)
    }

    private struct Walker {
        var groupBytes: [String: UInt64] = [:]
        var goroutineGroups: [String: (count: UInt64, stack: UInt64)] = [:]
        var peakObjects: UInt64 = 0
        var peakGoroutines: UInt64 = 0
        var peakStacks: UInt64 = 0

        mutating func walk(_ statements: [Statement], times: UInt64) {
            // Repeating a body n times: live groups can only grow by the body's net effect each
            // pass, so walking it twice shows whether it grows; if it does, extrapolate.
            if times == 1 {
                for s in statements { visit(s) }
                return
            }
            let before = (groupBytes.values.reduce(0, add), goroutineCount)
            for s in statements { visit(s) }
            let afterOne = (groupBytes.values.reduce(0, add), goroutineCount)
            guard times > 1 else { return }
            for s in statements { visit(s) }
            let afterTwo = (groupBytes.values.reduce(0, add), goroutineCount)
            let objectGrowth = afterTwo.0 >= afterOne.0 ? afterTwo.0 - afterOne.0 : 0
            let goroutineGrowth = afterTwo.1 >= afterOne.1 ? afterTwo.1 - afterOne.1 : 0
            _ = before
            if objectGrowth > 0 || goroutineGrowth > 0 {
                let remaining = times - 2
                peakObjects = max(peakObjects, add(peakObjects, mul(objectGrowth, remaining)))
                peakGoroutines = max(peakGoroutines, add(peakGoroutines, mul(goroutineGrowth, remaining)))
                let stackPer = goroutineGroups.values.map(\.stack).max() ?? 0
                peakStacks = max(peakStacks, add(peakStacks, mul(mul(goroutineGrowth, remaining), stackPer)))
                // Keep group totals consistent with the extrapolated growth.
                if let key = groupBytes.keys.sorted().first, objectGrowth > 0 {
                    groupBytes[key] = add(groupBytes[key] ?? 0, mul(objectGrowth, remaining))
                }
            }
        }

        var goroutineCount: UInt64 { goroutineGroups.values.map(\.count).reduce(0, add) }

        mutating func visit(_ statement: Statement) {
            switch statement.kind {
            case .step, .note, .snapshot, .expect: break
            case .repeatBlock(let count, let body): walk(body, times: count)
            case .operation(let op): apply(op)
            }
        }

        mutating func apply(_ op: ScenarioOperation) {
            switch op {
            case .alloc(let a):
                let bytes = mul(a.count, a.sizeBytes)
                let live = groupBytes.values.reduce(0, add)
                peakObjects = max(peakObjects, add(live, bytes))
                if let g = a.group { groupBytes[g] = add(groupBytes[g] ?? 0, bytes) }
            case .free(let g):
                groupBytes[g] = nil
            case .freeKeeping(let g, let k):
                if let b = groupBytes[g] { groupBytes[g] = b / max(k, 1) + (b % max(k, 1) == 0 ? 0 : 1) }
            case .goroutines(let count, let stack, let g):
                let old = goroutineGroups[g]
                goroutineGroups[g] = (add(old?.count ?? 0, count), max(old?.stack ?? 0, stack))
                peakGoroutines = max(peakGoroutines, goroutineCount)
                let stacks = goroutineGroups.values.map { mul($0.count, max($0.stack, 2048)) }.reduce(0, add)
                peakStacks = max(peakStacks, stacks)
            case .exit(let g):
                goroutineGroups[g] = nil
            case .gc, .release, .sleep, .setGCPercent, .setMemoryLimit:
                break
            }
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
