// Runs a checked scenario on backends, side by side, and records what happens.
//
// The interpreter knows no concrete backend: it calls the `ScenarioBackend` protocol in the
// order the protocol documents, turns what comes back into `RunEvent`s, and checks `expect`
// claims against each backend's latest MemStats. It walks `repeat` with an explicit stack of
// frames (no recursion), one statement at a time, so an observer sees each event as it happens
// (class mode and step mode pause there).

import FieldCatalogue

/// Drives backends through a scenario.
///
/// Order of calls: `prepare` on every backend, in the order given (an unavailable one is
/// reported with `.unavailable` and takes no part); then for each statement, in order, on
/// every backend still taking part: `perform` for operations, `snapshot` for `snapshot`;
/// at the end `finish` on every backend that was prepared as available (even one that failed
/// later, so it can release what it holds). A backend that throws is reported with `.failure`
/// and dropped for the rest of the run; the others go on. A backend in `required` that is
/// unavailable stops the run before any statement: the backends after it are not prepared and
/// the record says which one halted it (`RunRecord.haltedBy`).
///
/// Every `expect` gets a verdict from every backend asked for: one that did not run or failed
/// earlier gets `.notChecked` with the reason, so no claim silently goes unchecked.
public final class ScenarioInterpreter {
    /// Called with each event as it happens, before the next statement runs.
    public typealias Observer = (RunEvent) -> Void

    private let backends: [any ScenarioBackend]
    private let observer: Observer?
    private let required: Set<BackendKind>
    private let pace: Pace?
    private let stop: (() -> Bool)?

    /// A bound on a run's real time: before each statement, `check` gets how many statements
    /// have run; a reason back stops the `bounded` backends (they fail with that reason) while
    /// the others go on.
    public struct Pace {
        public var bounded: Set<BackendKind>
        public var check: (_ executedStatements: UInt64) -> String?

        public init(bounded: Set<BackendKind>, check: @escaping (UInt64) -> String?) {
            self.bounded = bounded
            self.check = check
        }
    }

    /// - Parameters:
    ///   - backends: The backends to run on, in the order their readings are shown.
    ///   - required: Backends the user asked for by name: if one cannot run, nothing runs.
    ///   - observer: Gets each event as it happens (narration, step mode); may be nil.
    ///   - stop: Asked before each statement; true ends the run there (step mode's `q`): no
    ///     further statement runs, and every prepared backend is finished as usual.
    public init(backends: [any ScenarioBackend], required: Set<BackendKind> = [], pace: Pace? = nil,
                observer: Observer? = nil, stop: (() -> Bool)? = nil) {
        self.backends = backends
        self.required = required
        self.pace = pace
        self.observer = observer
        self.stop = stop
    }

    /// Runs `scenario` on every available backend and returns what happened.
    public func run(_ scenario: Scenario) -> RunRecord {
        var run = Run(observer: observer)
        run.order = backends.map(\.kind)
        var haltedBy: BackendKind?
        for backend in backends {
            switch backend.prepare(scenario) {
            case .available:
                run.active.append(backend)
            case .unavailable(let reason):
                run.emit(.unavailable(backend: backend.kind, reason: reason))
                run.absent[backend.kind] = "\(backend.kind.rawValue) did not run"
                if required.contains(backend.kind) { haltedBy = backend.kind }
            }
            if haltedBy != nil { break }
        }
        let prepared = run.active

        var executed: UInt64 = 0
        var frames = [Frame(statements: haltedBy == nil ? scenario.statements : [], passes: 1, line: 0)]
        while !frames.isEmpty {
            if let stop, stop() { break }
            let top = frames.count - 1
            if frames[top].index == frames[top].statements.count {
                if frames[top].pass < frames[top].passes {
                    frames[top].pass += 1
                    frames[top].index = 0
                } else {
                    frames.removeLast()
                }
                continue
            }
            let statement = frames[top].statements[frames[top].index]
            frames[top].index += 1
            if case .repeatBlock(let count, let body) = statement.kind {
                if count > 0 && !body.isEmpty {
                    frames.append(Frame(statements: body, passes: count, line: statement.span.start.line))
                }
            } else {
                executed += 1
                if let pace, run.active.contains(where: { pace.bounded.contains($0.kind) }),
                   let reason = pace.check(executed) {
                    run.stop(pace.bounded, reason: reason, at: statement.span)
                }
                run.execute(statement, passes: frames.dropFirst().map {
                    RepeatPass(number: $0.pass, count: $0.passes, line: $0.line)
                })
            }
        }

        for backend in prepared {
            for notice in backend.finish() {
                run.emit(.notice(backend: backend.kind, text: notice, span: nil))
            }
        }
        let active = prepared.map(\.kind).filter { !run.failedBeforeFirstSnapshot.contains($0) }
        return RunRecord(scenario: scenario, requestedBackends: backends.map(\.kind), activeBackends: active,
                         events: run.events, haltedBy: haltedBy)
    }

    /// A block being executed: its statements, the next one, and which pass of how many (`repeat`).
    private struct Frame {
        var statements: [Statement]
        var index = 0
        /// The pass under way, from 1.
        var pass: UInt64 = 1
        var passes: UInt64
        /// The line of the `repeat` (0 for the scenario itself).
        var line: Int

        init(statements: [Statement], passes: UInt64, line: Int) {
            self.statements = statements
            self.passes = passes
            self.line = line
        }
    }

    /// The state of one run.
    private struct Run {
        let observer: Observer?
        var active: [any ScenarioBackend] = []
        /// Backends asked for that are not taking part (any more), with why, for `expect` verdicts.
        var absent: [BackendKind: String] = [:]
        /// Every backend asked for, in order, for `expect` verdicts.
        var order: [BackendKind] = []
        var events: [RunEvent] = []
        var step: String?
        var latest: [BackendKind: (label: String, reading: BackendReading)] = [:]
        var hasTakenSnapshot = false
        var failedBeforeFirstSnapshot: Set<BackendKind> = []

        init(observer: Observer?) { self.observer = observer }

        mutating func emit(_ event: RunEvent) {
            events.append(event)
            observer?(event)
        }

        mutating func execute(_ statement: Statement, passes: [RepeatPass]) {
            let span = statement.span
            switch statement.kind {
            case .step(let name):
                step = name
                emit(.step(name: name, span: span))
            case .note(let text):
                emit(.note(text: text, span: span))
            case .operation(let operation):
                for backend in active {
                    do {
                        for notice in try backend.perform(operation, at: span) {
                            emit(.notice(backend: backend.kind, text: notice, span: span))
                        }
                    } catch {
                        fail(backend, error, at: span)
                    }
                }
            case .snapshot(let label, let focus):
                var readings: [BackendKind: BackendReading] = [:]
                for backend in active {
                    do {
                        let reading = try backend.snapshot(label: label, at: span)
                        readings[backend.kind] = reading
                        latest[backend.kind] = (label, reading)
                    } catch {
                        fail(backend, error, at: span)
                    }
                }
                hasTakenSnapshot = true
                emit(.snapshot(SnapshotRecord(label: label, step: step, span: span, focus: focus, readings: readings,
                                              passes: passes)))
            case .expect(let expectation):
                for kind in order {
                    let last = latest[kind]
                    var outcome: ExpectationResult.Outcome
                    var exact: ExpectationResult.ExactSides?
                    if let reason = absent[kind] {
                        outcome = .notChecked(reason: reason)
                    } else {
                        (outcome, exact) = Self.evaluate(expectation, on: last?.reading, backend: kind)
                    }
                    emit(.expectation(ExpectationResult(
                        span: span, text: expectation.text, backend: kind, snapshotLabel: last?.label,
                        outcome: outcome, passes: passes, exact: exact)))
                }
            case .repeatBlock:
                break // the caller walks blocks
            }
        }

        /// Takes the `kinds` still active out of the run, each with a failure that says why.
        mutating func stop(_ kinds: Set<BackendKind>, reason: String, at span: SourceSpan) {
            for backend in active where kinds.contains(backend.kind) {
                fail(backend, BackendFailure(backend: backend.kind, span: span, message: reason), at: span)
            }
        }

        private mutating func fail(_ backend: any ScenarioBackend, _ error: any Error, at span: SourceSpan) {
            let failure = (error as? BackendFailure)
                ?? BackendFailure(backend: backend.kind, span: span, message: String(describing: error))
            let place = failure.span ?? span
            emit(.failure(BackendFailure(backend: backend.kind, span: place, message: failure.message)))
            active.removeAll { $0 === backend }
            absent[backend.kind] = "\(backend.kind.rawValue) failed at line \(place.start.line)"
            if !hasTakenSnapshot { failedBeforeFirstSnapshot.insert(backend.kind) }
        }

        /// The verdict of `expectation` on one backend's latest reading.
        ///
        /// `~ … within P%` passes when |left − right| ≤ P% × |right|. Claims whose terms are all
        /// whole numbers are compared exactly (in 128 bits), and both sides are kept exactly.
        static func evaluate(_ expectation: Expectation, on reading: BackendReading?,
                             backend: BackendKind) -> (ExpectationResult.Outcome, ExpectationResult.ExactSides?) {
            guard let reading else { return (.notChecked(reason: "no snapshot has been taken yet"), nil) }
            guard let stats = reading.memStats else {
                return (.notChecked(reason: "the \(backend.rawValue) backend has no MemStats"), nil)
            }
            if let releases = expectation.releases, let name = reading.goRelease, let release = GoRelease(name),
               !releases.contains(release) {
                return (.notChecked(reason: "the claim is for \(releases); this is \(name)"), nil)
            }
            if let left = expectation.left.evaluateExactly(stats.integer),
               let right = expectation.right.evaluateExactly(stats.integer) {
                // ~: |l − r| ≤ P/100 × |r|  ⇔  100 × |l − r| ≤ P × |r|, in 128 bits (both < 2^72).
                let holds = expectation.comparison.holds(left, right) { percent in
                    100 * (left - right).magnitude <= UInt128(percent) * right.magnitude
                }
                let (l, r) = (Double(left), Double(right))
                return (holds ? .passed(left: l, right: r) : .failed(left: l, right: r),
                        ExpectationResult.ExactSides(left: left, right: right))
            }
            // Integer fields are read exactly and converted here; only GCCPUFraction and the
            // booleans go through `number(_:)`.
            let value: (MemStatsField) -> Double? = { field in
                if let integer = stats.integer(field) { return Double(integer) }
                return stats.number(field)
            }
            guard let left = expectation.left.evaluate(value), let right = expectation.right.evaluate(value)
            else { return (.notChecked(reason: "a field in the claim has no single value"), nil) }
            let holds = expectation.comparison.holds(left, right) { percent in
                abs(left - right) <= Double(percent) / 100 * abs(right)
            }
            return (holds ? .passed(left: left, right: right) : .failed(left: left, right: right), nil)
        }
    }
}
