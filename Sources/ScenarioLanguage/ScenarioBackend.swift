// The protocol every backend implements; the interpreter drives it and knows no concrete backend.

import FieldCatalogue

/// Which backend a reading comes from. The raw value is the key in JSON output.
public enum BackendKind: String, Sendable, Hashable, CaseIterable, Codable {
    case simulator
    case go
    case native
}

/// Whether a backend can run a scenario.
public enum BackendAvailability: Sendable, Equatable {
    case available
    /// The backend sits this run out; the reason says why and what to do (install Go, lower the scenario).
    case unavailable(reason: String)
}

/// A backend's reading at one snapshot.
public struct BackendReading: Sendable, Equatable {
    /// nil for a backend without MemStats (native).
    public var memStats: MemStats?
    public var process: ProcessReading?
    /// The native backend's glibc view mapped onto MemStats ideas, each labelled as an analogy.
    public var analogies: [Analogy]
    /// When the reading was taken, on the clock of LastGC and PauseEnd (Unix ns), if the backend
    /// knows; lets a report say "last GC 2.1 s ago".
    public var takenAtUnixNanoseconds: UInt64?
    /// The heap's pages by state (the simulator's; nil for backends that cannot see them).
    public var heapMap: HeapMap?
    /// The Go release the reading is of: the simulator's model (`go1.22`) or the real Go's
    /// version (`go1.22.10`); nil for a backend that is not Go.
    public var goRelease: String?

    public init(memStats: MemStats? = nil, process: ProcessReading? = nil, analogies: [Analogy] = [],
                takenAtUnixNanoseconds: UInt64? = nil, heapMap: HeapMap? = nil) {
        self.memStats = memStats
        self.process = process
        self.analogies = analogies
        self.takenAtUnixNanoseconds = takenAtUnixNanoseconds
        self.heapMap = heapMap
    }

    /// "bytes in use ≈ HeapAlloc": a glibc number standing in for a MemStats idea. Not the same quantity.
    public struct Analogy: Sendable, Equatable {
        public var idea: String
        public var nearestField: MemStatsField
        public var bytes: UInt64
        public var caveat: String

        public init(idea: String, nearestField: MemStatsField, bytes: UInt64, caveat: String) {
            self.idea = idea
            self.nearestField = nearestField
            self.bytes = bytes
            self.caveat = caveat
        }
    }
}

/// A backend the interpreter can drive through a scenario.
///
/// Call order: `prepare` once; then, in statement order, `perform` for each operation and
/// `snapshot` for each snapshot statement; `finish` once. A backend that runs the scenario out
/// of process (real Go) does all the work in `prepare` and replays its recorded readings.
public protocol ScenarioBackend: AnyObject {
    var kind: BackendKind { get }

    /// Gets ready for `scenario`: checks resources and safety caps, or runs it whole.
    func prepare(_ scenario: Scenario) -> BackendAvailability

    /// Performs one operation. Returns narration for the user (e.g. "gc: malloc frees at once; nothing to do").
    func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String]

    /// Takes the reading for the snapshot statement at `span`.
    func snapshot(label: String, at span: SourceSpan) throws -> BackendReading

    /// Releases what the backend holds (memory, threads, temporary files). Returns final notices.
    func finish() -> [String]
}

/// A failure inside a backend during a run, with where in the scenario it happened.
public struct BackendFailure: Error, Sendable, Equatable {
    public var backend: BackendKind
    public var span: SourceSpan?
    public var message: String

    public init(backend: BackendKind, span: SourceSpan?, message: String) {
        self.backend = backend
        self.span = span
        self.message = message
    }
}
