// How much work a run will do, from the statements alone: the statements executed (repeats
// multiplied out) and the bytes the allocations ask for in total. A real backend's run time
// grows with both; `memstats run` says them up front and paces long real runs by them.

public struct ScenarioWork: Sendable, Equatable {
    /// Statements a run executes, `repeat` passes multiplied out (saturating).
    public var statements: UInt64
    /// Bytes all `alloc` statements ask for over the whole run (saturating).
    public var allocatedBytes: UInt64

    public init(_ scenario: Scenario) {
        var statements: UInt64 = 0
        var bytes: UInt64 = 0
        func times(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (p, o) = a.multipliedReportingOverflow(by: b)
            return o ? .max : p
        }
        func plus(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (s, o) = a.addingReportingOverflow(b)
            return o ? .max : s
        }
        func walk(_ list: [Statement], passes: UInt64) {
            for statement in list {
                switch statement.kind {
                case .repeatBlock(let count, let body):
                    walk(body, passes: times(passes, count))
                case .operation(.alloc(let allocation)):
                    statements = plus(statements, passes)
                    bytes = plus(bytes, times(passes, times(allocation.count, allocation.sizeBytes)))
                default:
                    statements = plus(statements, passes)
                }
            }
        }
        walk(scenario.statements, passes: 1)
        self.statements = statements
        self.allocatedBytes = bytes
    }
}
