import Testing
import FieldCatalogue
@testable import HeapSimulator

func line(_ m: MemStats) -> String {
    "HeapAlloc=\(m.heapAlloc) HeapInuse=\(m.heapInuse) HeapSys=\(m.heapSys) HeapIdle=\(m.heapIdle) HeapReleased=\(m.heapReleased) Mallocs=\(m.mallocs) Frees=\(m.frees) HeapObjects=\(m.heapObjects) StackInuse=\(m.stackInuse) MSpanInuse=\(m.mSpanInuse) MSpanSys=\(m.mSpanSys) GCSys=\(m.gcSys) OtherSys=\(m.otherSys) Sys=\(m.sys) NextGC=\(m.nextGC) NumGC=\(m.numGC) Forced=\(m.numForcedGC)"
}

@Test func scratch() throws {
    let h = SimulatedHeap()
    print("start ", line(h.readMemStats()))
    try h.allocate(count: 100_000, size: 5, hasPointers: false, isTouched: true, group: "t")
    print("tiny  ", line(h.readMemStats()))
    let g = SimulatedHeap()
    try g.startGoroutines(count: 1000, stackBytes: 64 << 10, group: "gs")
    print("grown ", line(g.readMemStats()))
    try g.exitGoroutines(group: "gs")
    print("exited", line(g.readMemStats()))
    g.collectGarbage()
    print("gc1   ", line(g.readMemStats()))
    let s = SimulatedHeap(configuration: .init(gomaxprocs: 2))
    try s.allocate(count: 200, size: 1 << 20, hasPointers: false, isTouched: true, group: "b")
    print("alloc ", line(s.readMemStats()))
    try s.free(group: "b")
    s.collectGarbage()
    print("gc1   ", line(s.readMemStats()))
    s.sleep(nanoseconds: 40_000_000_000)
    print("40s   ", line(s.readMemStats()))
    s.collectGarbage()
    print("gc2   ", line(s.readMemStats()))
    for i in 1...8 { s.sleep(nanoseconds: 250_000_000); print("t=\(Double(i)/4)", line(s.readMemStats())) }
}
@Test func scratchRuns() {
    let h = SimulatedHeap()
    for r in h.heapRuns { print(r.kind, r.startPage, r.spanCount, r.pagesPerSpan, r.allocatedPerSpan) }
}
