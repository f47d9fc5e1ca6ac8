// The simulator backend: a thin adapter from scenario operations to the simulated Go heap.
// All the modelling lives in HeapSimulator; this file only maps each operation to one call,
// turns the model's errors into backend failures at the statement's location, and packs each
// snapshot: the model's MemStats, plus what it predicts Linux would show (labelled as a
// prediction, source `predicted`, keys spelled like /proc/self/status so the rows line up
// with the native and Go backends' real readings).

import FieldCatalogue
import HeapSimulator
import ScenarioLanguage

/// What the adapter needs from a simulated heap. `SimulatedHeap` provides it; tests substitute
/// a recording heap to check the mapping alone.
protocol SimulatedHeapDriving: AnyObject {
    func allocate(count: UInt64, size: UInt64, hasPointers: Bool, isTouched: Bool, group: String?) throws
    func free(group: String) throws
    func free(group: String, keepingOneIn k: UInt64) throws
    func collectGarbage()
    func freeOSMemory()
    func sleep(nanoseconds: UInt64)
    func startGoroutines(count: UInt64, stackBytes: UInt64, group: String) throws
    func exitGoroutines(group: String) throws
    func setGCPercent(_ percent: Int?)
    func setMemoryLimit(_ bytes: UInt64?)
    func readMemStats() -> MemStats
    /// The predicted Linux view: resident and mapped bytes.
    func predictedProcessView() -> (residentBytes: UInt64, virtualBytes: UInt64)
    /// The virtual wall clock (Unix ns), the time base of LastGC and PauseEnd.
    var unixNanoseconds: UInt64 { get }
    /// The heap's pages by state (read-only; changes nothing).
    func heapMap() -> HeapMap
}

extension SimulatedHeap: SimulatedHeapDriving {
    func predictedProcessView() -> (residentBytes: UInt64, virtualBytes: UInt64) {
        let view = processView
        return (view.residentBytes, view.virtualBytes)
    }
}

/// Runs scenarios on the simulated Go heap.
public final class SimulatorBackend: ScenarioBackend {
    public let kind: BackendKind = .simulator
    /// The model's profile (Go release) and GOMAXPROCS.
    public let configuration: SimulatorConfiguration

    private let makeHeap: (SimulatorConfiguration) -> any SimulatedHeapDriving
    private var heap: (any SimulatedHeapDriving)?

    /// - Parameter configuration: which Go release the model imitates, and its GOMAXPROCS.
    public convenience init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.init(configuration: configuration, makeHeap: { SimulatedHeap(configuration: $0) })
    }

    /// For tests: builds the heap with `makeHeap` at each `prepare`.
    init(configuration: SimulatorConfiguration,
         makeHeap: @escaping (SimulatorConfiguration) -> any SimulatedHeapDriving) {
        self.configuration = configuration
        self.makeHeap = makeHeap
    }

    /// The prediction keys, spelled as /proc/self/status spells the quantities they predict.
    public static let predictedResidentKey = "VmRSS"
    public static let predictedVirtualKey = "VmSize"

    // MARK: - ScenarioBackend

    /// Starts a fresh simulated process. The simulator allocates nothing real, so it is always
    /// available: it runs the scenarios the real backends refuse.
    public func prepare(_ scenario: Scenario) -> BackendAvailability {
        heap = makeHeap(configuration)
        return .available
    }

    public func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String] {
        let heap = try preparedHeap(at: span)
        do {
            switch operation {
            case .alloc(let a):
                try heap.allocate(count: a.count, size: a.sizeBytes, hasPointers: a.hasPointers,
                                  isTouched: a.isTouched, group: a.group)
            case .free(let group):
                try heap.free(group: group)
            case .freeKeeping(let group, let k):
                try heap.free(group: group, keepingOneIn: k)
            case .gc:
                heap.collectGarbage()
            case .release:
                heap.freeOSMemory()
            case .sleep(let nanoseconds):
                heap.sleep(nanoseconds: nanoseconds)
            case .goroutines(let count, let stackBytes, let group):
                try heap.startGoroutines(count: count, stackBytes: stackBytes, group: group)
            case .exit(let group):
                try heap.exitGoroutines(group: group)
            case .setGCPercent(let percent):
                heap.setGCPercent(percent)
            case .setMemoryLimit(let bytes):
                heap.setMemoryLimit(bytes)
            }
        } catch let error as SimulatorError {
            throw BackendFailure(backend: kind, span: span, message: Self.message(error))
        } catch let failure as BackendFailure {
            throw failure
        } catch {
            throw BackendFailure(backend: kind, span: span, message: "the simulator failed: \(error)")
        }
        return []
    }

    public func snapshot(label: String, at span: SourceSpan) throws -> BackendReading {
        let heap = try preparedHeap(at: span)
        let view = heap.predictedProcessView()
        let process = ProcessReading(values: [
            (ProcessMetric(.prediction, Self.predictedResidentKey), view.residentBytes),
            (ProcessMetric(.prediction, Self.predictedVirtualKey), view.virtualBytes),
        ])
        let memStats = heap.readMemStats()
        var reading = BackendReading(memStats: memStats, process: process, takenAtUnixNanoseconds: heap.unixNanoseconds,
                                     heapMap: heap.heapMap())
        reading.goRelease = configuration.profile.name
        return reading
    }

    public func finish() -> [String] {
        heap = nil
        return []
    }

    // MARK: - Internals

    private func preparedHeap(at span: SourceSpan) throws -> any SimulatedHeapDriving {
        guard let heap else {
            throw BackendFailure(backend: kind, span: span, message: "the simulator was not prepared for this scenario")
        }
        return heap
    }

    /// The model's errors as the user reads them (the checker normally prevents them).
    static func message(_ error: SimulatorError) -> String {
        switch error {
        case .unknownGroup(let group): "no group '\(group)' exists at this point"
        case .groupIsNotObjects(let group): "'\(group)' is a group of goroutines, not of objects"
        case .groupIsNotGoroutines(let group): "'\(group)' is a group of objects, not of goroutines"
        }
    }
}
