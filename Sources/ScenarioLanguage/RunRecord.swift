// What a scenario run produces: events in order (for narration and, later, step mode) and the
// snapshots and expectation results collected from them (for tables, JSON and exit status).

import FieldCatalogue

/// One snapshot statement's readings from every backend that took part.
public struct SnapshotRecord: Sendable {
    public var label: String
    /// The name of the step the snapshot belongs to, if any.
    public var step: String?
    public var span: SourceSpan
    public var focus: [MemStatsField]
    public var readings: [BackendKind: BackendReading]
    /// The passes of the `repeat` blocks around the snapshot, outermost first (empty outside any).
    public var passes: [RepeatPass]

    public init(label: String, step: String?, span: SourceSpan, focus: [MemStatsField],
                readings: [BackendKind: BackendReading], passes: [RepeatPass] = []) {
        self.label = label
        self.step = step
        self.span = span
        self.focus = focus
        self.readings = readings
        self.passes = passes
    }
}

/// Which pass of a `repeat` block a statement ran in: pass `number` of `count`.
public struct RepeatPass: Sendable, Equatable, Hashable, Codable {
    /// From 1.
    public var number: UInt64
    public var count: UInt64
    /// The line of the `repeat` keyword.
    public var line: Int

    public init(number: UInt64, count: UInt64, line: Int) {
        self.number = number
        self.count = count
        self.line = line
    }

    /// "pass 2 of 3"; nested repeats read outermost first: "pass 2 of 3, 1 of 4".
    public static func describe(_ passes: [RepeatPass]) -> String? {
        guard !passes.isEmpty else { return nil }
        return "pass " + passes.map { "\($0.number) of \($0.count)" }.joined(separator: ", ")
    }
}

/// The verdict of one `expect` on one backend.
public struct ExpectationResult: Sendable {
    public var span: SourceSpan
    public var text: String
    public var backend: BackendKind
    /// The label of the snapshot the claim was checked against.
    public var snapshotLabel: String?
    public var outcome: Outcome
    /// The passes of the `repeat` blocks around the `expect`, outermost first.
    public var passes: [RepeatPass]
    /// Both sides as exact whole numbers, when every term is one (the Doubles of `outcome`
    /// round sums beyond 2^53).
    public var exact: ExactSides?

    public struct ExactSides: Sendable, Equatable {
        public var left: Int128
        public var right: Int128

        public init(left: Int128, right: Int128) {
            self.left = left
            self.right = right
        }
    }

    public init(span: SourceSpan, text: String, backend: BackendKind, snapshotLabel: String?, outcome: Outcome,
                passes: [RepeatPass] = [], exact: ExactSides? = nil) {
        self.span = span
        self.text = text
        self.backend = backend
        self.snapshotLabel = snapshotLabel
        self.outcome = outcome
        self.passes = passes
        self.exact = exact
    }

    public enum Outcome: Sendable, Equatable {
        case passed(left: Double, right: Double)
        case failed(left: Double, right: Double)
        /// The backend has no MemStats, did not run or failed earlier, or no snapshot was taken
        /// yet: the claim is not checked there, and the reason says why.
        case notChecked(reason: String)
    }

    public var isFailure: Bool { if case .failed = outcome { true } else { false } }
}

/// Everything that happens during a run, in order.
public enum RunEvent: Sendable {
    case step(name: String, span: SourceSpan)
    case note(text: String, span: SourceSpan)
    /// Narration from a backend (e.g. "native: gc does nothing; malloc frees at once").
    case notice(backend: BackendKind, text: String, span: SourceSpan?)
    case unavailable(backend: BackendKind, reason: String)
    case snapshot(SnapshotRecord)
    case expectation(ExpectationResult)
    /// A backend failed mid-run; it takes no further part.
    case failure(BackendFailure)
}

/// The outcome of running one scenario.
public struct RunRecord: Sendable {
    public var scenario: Scenario
    /// The backends asked for, in the order given.
    public var requestedBackends: [BackendKind]
    /// The backends that ran (available and did not fail before the first snapshot).
    public var activeBackends: [BackendKind]
    public var events: [RunEvent]
    /// A required backend that could not run, so no statement ran (see `ScenarioInterpreter`).
    public var haltedBy: BackendKind?

    public init(scenario: Scenario, requestedBackends: [BackendKind], activeBackends: [BackendKind], events: [RunEvent],
                haltedBy: BackendKind? = nil) {
        self.scenario = scenario
        self.requestedBackends = requestedBackends
        self.activeBackends = activeBackends
        self.events = events
        self.haltedBy = haltedBy
    }

    /// Why a backend asked for did not run, or nil when it ran.
    public func unavailableReason(_ kind: BackendKind) -> String? {
        for event in events { if case .unavailable(kind, let reason) = event { return reason } }
        return nil
    }

    /// The failure that took a backend out of the run, or nil.
    public func failure(of kind: BackendKind) -> BackendFailure? {
        for event in events { if case .failure(let failure) = event, failure.backend == kind { return failure } }
        return nil
    }

    public var snapshots: [SnapshotRecord] {
        events.compactMap { if case .snapshot(let s) = $0 { s } else { nil } }
    }

    public var expectations: [ExpectationResult] {
        events.compactMap { if case .expectation(let e) = $0 { e } else { nil } }
    }

    public var hasFailedExpectation: Bool { expectations.contains { $0.isFailure } }
}
