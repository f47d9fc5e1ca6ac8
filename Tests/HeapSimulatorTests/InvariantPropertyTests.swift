// Property tests: thousands of seeded random operation sequences; after every operation the
// invariants of Invariants.swift must hold, and cumulative counters must never go down.

import Testing
import FieldCatalogue
import ScenarioLanguage
@testable import HeapSimulator

enum RandomScenario {
    static let sizes: [UInt64] = [1, 5, 8, 12, 16, 24, 48, 64, 100, 512, 513, 1024, 4000, 32760, 32761, 40000, 1 << 20]
    static let objectGroups: [String?] = ["a", "b", "c", nil, nil]
    static let goroutineGroups = ["g1", "g2"]

    /// Applies one random operation; returns a description for failure messages.
    static func step(_ heap: SimulatedHeap, _ rng: inout SplitMix64) -> String {
        switch rng.below(14) {
        case 0...4:
            let size = rng.pick(sizes)
            // Large objects in small numbers: the property is about bookkeeping, not volume.
            let count = 1 + rng.below(size > 32_760 ? 40 : rng.below(4) == 0 ? 5_000 : 300)
            let group = rng.pick(objectGroups)
            let pointers = rng.below(2) == 0, touched = rng.below(4) != 0
            try? heap.allocate(count: count, size: size, hasPointers: pointers, isTouched: touched, group: group)
            return "alloc \(count) x \(size) \(group ?? "-") p=\(pointers) t=\(touched)"
        case 5:
            let g = rng.pick(["a", "b", "c"])
            try? heap.free(group: g)
            return "free \(g)"
        case 6:
            let g = rng.pick(["a", "b", "c"]), k = 2 + rng.below(6)
            try? heap.free(group: g, keepingOneIn: k)
            return "free \(g) keep 1 in \(k)"
        case 7:
            heap.collectGarbage()
            return "gc"
        case 8:
            if rng.below(3) == 0 { heap.freeOSMemory(); return "release" }
            let ns = rng.below(4) == 0 ? rng.below(300) * 1_000_000_000 : rng.below(2_000) * 1_000_000
            heap.sleep(nanoseconds: ns)
            return "sleep \(ns)"
        case 9:
            let g = rng.pick(goroutineGroups), n = 1 + rng.below(150), stack: UInt64 = 1024 << rng.below(8)
            try? heap.startGoroutines(count: n, stackBytes: stack, group: g)
            return "goroutines \(n) stack \(stack) as \(g)"
        case 10:
            let g = rng.pick(goroutineGroups)
            try? heap.exitGoroutines(group: g)
            return "exit \(g)"
        case 11:
            let p: Int? = rng.pick([nil, 25, 50, 100, 100, 400])
            heap.setGCPercent(p)
            return "set gogc \(p.map(String.init) ?? "off")"
        case 12:
            let limit: UInt64? = rng.pick([nil, nil, 8 << 20, 32 << 20, 256 << 20])
            heap.setMemoryLimit(limit)
            return "set memlimit \(limit.map(String.init) ?? "off")"
        default:
            _ = heap.readMemStats()
            return "snapshot"
        }
    }
}

@Test("invariants hold after every operation of 3000 random sequences")
func invariantsHoldOverRandomSequences() throws {
    for seed in UInt64(1)...3000 {
        var rng = SplitMix64(seed: seed)
        let heap = SimulatedHeap(configuration: SimulatorConfiguration(gomaxprocs: 1 + Int(seed % 3)))
        var previous = heap.readMemStats()
        var previousMapped = previous.heapSys + previous.stackInuse + heap.mheap.workbufBytes
        var history: [String] = []
        for _ in 0..<15 {
            history.append(RandomScenario.step(heap, &rng))
            do {
                try heap.checkInvariants()
            } catch {
                Issue.record("seed \(seed): \(error) after \(history.joined(separator: "; "))")
                return
            }
            let m = heap.readMemStats()
            #expect(m.totalAlloc >= previous.totalAlloc, "seed \(seed): TotalAlloc went down")
            #expect(m.mallocs >= previous.mallocs && m.frees >= previous.frees, "seed \(seed): counts went down")
            #expect(m.numGC >= previous.numGC && m.numForcedGC <= m.numGC, "seed \(seed): NumGC")
            #expect(m.totalAlloc - m.heapAlloc >= previous.totalAlloc - previous.heapAlloc, "seed \(seed): freed bytes")
            // The heap mapping: HeapSys + StackInuse + the GC workbuf spans.
            let mapped = m.heapSys + m.stackInuse + heap.mheap.workbufBytes
            #expect(mapped % (4 << 20) == 0, "seed \(seed): mapping not whole chunks")
            #expect(mapped >= previousMapped, "seed \(seed): mapping shrank")
            previous = m
            previousMapped = mapped
        }
    }
}

@Test("the same operations give the same MemStats (determinism)")
func deterministic() {
    func run() -> MemStats {
        var rng = SplitMix64(seed: 42)
        let heap = SimulatedHeap()
        for _ in 0..<80 { _ = RandomScenario.step(heap, &rng) }
        return heap.readMemStats()
    }
    #expect(run() == run())
}
