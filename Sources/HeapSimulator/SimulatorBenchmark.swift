// SimulatorBenchmark: how fast the model simulates, on workloads a class might run.
//
// What it measures: wall time of the simulator (not of Go) for a 64 GiB heap
// (10^9 × 64-byte objects kept in one group), a garbage churn that triggers thousands of GC
// cycles, and a fragmentation workload (keep 1 in K, refill the holes); from those,
// simulated objects per second. Peak RSS is measured by the caller (getrusage), which owns
// the process; this module touches no OS interface.
//
// Why: bulk operations must cost O(spans), not O(objects); these numbers show it (the 64 GiB
// case is ~8 million spans, 10^9 objects).
//
// Simplification: wall time only, one run per case, no warm-up; the caller prints ratios.

import FieldCatalogue

/// One benchmark case's result.
public struct BenchmarkCase: Sendable {
    public var name: String
    public var simulatedObjects: UInt64
    public var simulatedBytes: UInt64
    public var wallSeconds: Double
    public var objectsPerSecond: Double { wallSeconds > 0 ? Double(simulatedObjects) / wallSeconds : 0 }
    /// The MemStats at the end of the case.
    public var finalStats: MemStats
}

/// All cases.
public struct BenchmarkReport: Sendable {
    public var cases: [BenchmarkCase]
    /// Simulated objects per wall second over all cases.
    public var objectsPerSecond: Double {
        let objects = cases.reduce(0.0) { $0 + Double($1.simulatedObjects) }
        let seconds = cases.reduce(0.0) { $0 + $1.wallSeconds }
        return seconds > 0 ? objects / seconds : 0
    }
    /// The 64 GiB case.
    public var largeHeapCase: BenchmarkCase? { cases.first { $0.name.hasPrefix("64 GiB") } }
}

public enum SimulatorBenchmark {
    /// Runs every case; `scale` (0 < scale ≤ 1) shrinks the object counts for quick runs.
    public static func run(scale: Double = 1) -> BenchmarkReport {
        func count(_ n: UInt64) -> UInt64 { max(1, UInt64(Double(n) * scale)) }
        var cases: [BenchmarkCase] = []
        cases.append(measure("64 GiB: alloc \(count(1_000_000_000)) x 64B as big", objects: count(1_000_000_000),
                             bytes: count(1_000_000_000) * 64) { heap in
            try heap.allocate(count: count(1_000_000_000), size: 64, hasPointers: false, isTouched: true, group: "big")
        })
        cases.append(measure("churn: alloc \(count(100_000_000)) x 64B garbage", objects: count(100_000_000),
                             bytes: count(100_000_000) * 64) { heap in
            try heap.allocate(count: count(100_000_000), size: 64, hasPointers: false, isTouched: true, group: nil)
        })
        cases.append(measure("fragment: 20 x (alloc 100k x 1KiB, keep 1 in 3, gc, alloc 100k x 1KiB garbage)",
                             objects: count(100_000) * 40, bytes: count(100_000) * 40 * 1024) { heap in
            for i in 0..<20 {
                try heap.allocate(count: count(100_000), size: 1024, hasPointers: i % 2 == 0, isTouched: true,
                                  group: "g\(i)")
                try heap.free(group: "g\(i)", keepingOneIn: 3)
                heap.collectGarbage()
                try heap.allocate(count: count(100_000), size: 1024, hasPointers: false, isTouched: true, group: nil)
            }
        })
        return BenchmarkReport(cases: cases)
    }

    private static func measure(_ name: String, objects: UInt64, bytes: UInt64,
                                _ body: (SimulatedHeap) throws -> Void) -> BenchmarkCase {
        let clock = ContinuousClock()
        let heap = SimulatedHeap()
        let start = clock.now
        try? body(heap)
        let stats = heap.readMemStats()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return BenchmarkCase(name: name, simulatedObjects: objects, simulatedBytes: bytes, wallSeconds: seconds,
                             finalStats: stats)
    }
}
