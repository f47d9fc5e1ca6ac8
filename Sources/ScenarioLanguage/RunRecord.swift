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

    public init(label: String, step: String?, span: SourceSpan, focus: [MemStatsField],
                readings: [BackendKind: BackendReading]) {
        self.label = label
        self.step = step
        self.span = span
        self.focus = focus
        self.readings = readings
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

    public init(span: SourceSpan, text: String, backend: BackendKind, snapshotLabel: String?, outcome: Outcome) {
        self.span = span
        self.text = text
        self.backend = backend
        self.snapshotLabel = snapshotLabel
        self.outcome = outcome
    }

    public enum Outcome: Sendable, Equatable {
        case passed(left: Double, right: Double)
        case failed(left: Double, right: Double)
        /// The backend has no MemStats, or no snapshot was taken yet: the claim is not checked there.
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

    public init(scenario: Scenario, requestedBackends: [BackendKind], activeBackends: [BackendKind], events: [RunEvent]) {
        self.scenario = scenario
        self.requestedBackends = requestedBackends
        self.activeBackends = activeBackends
        self.events = events
    }

    public var snapshots: [SnapshotRecord] {
        events.compactMap { if case .snapshot(let s) = $0 { s } else { nil } }
    }

    public var expectations: [ExpectationResult] {
        events.compactMap { if case .expectation(let e) = $0 { e } else { nil } }
    }

    public var hasFailedExpectation: Bool { expectations.contains { $0.isFailure } }
}
