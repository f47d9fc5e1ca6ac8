// Invariants: the relations MemStats must satisfy whatever the model did.
//
// What it models: nothing; it states, once, what must always hold, and checks it:
//   1. Alloc == HeapAlloc.
//   2. HeapSys == HeapInuse + HeapIdle.
//   3. HeapReleased ≤ HeapIdle (released pages are free pages).
//   4. HeapAlloc ≤ HeapInuse (objects live in in-use spans).
//   5. HeapObjects == Mallocs − Frees.
//   6. Sys == HeapSys + StackSys + MSpanSys + MCacheSys + BuckHashSys + GCSys + OtherSys.
//   7. HeapSys + StackInuse + workbuf spans == the heap mapping, a whole number of 4 MiB chunks.
//   8. The span runs' pages add up to HeapInuse, and their allocated slots to HeapObjects
//      minus what is still unswept-free (slots are counted exactly).
//   9. MSpanInuse ≤ MSpanSys, MCacheInuse ≤ MCacheSys.
//  10. Span states agree with the lists: the unswept runs' pages are the sweeper's count; every
//      mcache span is `.cached` and has a free slot.
// Why: the reference (go-runtime-facts §3.3) lists 1–7 as identities of readmemstats_m; a model
// that breaks one has a bookkeeping bug, whatever its fidelity.
//
// Simplification: checked on the model's counters without flushing caches, so checking never
// changes the state; debug builds check after every operation.

import FieldCatalogue

/// A broken invariant: which one, and the numbers.
public struct InvariantViolation: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension SimulatedHeap {
    /// Checks every invariant; throws the first that does not hold.
    public func checkInvariants() throws {
        let m = composeMemStats()
        func require(_ ok: Bool, _ what: @autoclosure () -> String) throws {
            if !ok { throw InvariantViolation(description: what()) }
        }
        try require(m.alloc == m.heapAlloc, "Alloc \(m.alloc) != HeapAlloc \(m.heapAlloc)")
        try require(m.heapSys == m.heapInuse + m.heapIdle, "HeapSys \(m.heapSys) != HeapInuse \(m.heapInuse) + HeapIdle \(m.heapIdle)")
        try require(m.heapReleased <= m.heapIdle, "HeapReleased \(m.heapReleased) > HeapIdle \(m.heapIdle)")
        try require(m.heapAlloc <= m.heapInuse, "HeapAlloc \(m.heapAlloc) > HeapInuse \(m.heapInuse)")
        try require(m.heapObjects == m.mallocs - m.frees, "HeapObjects != Mallocs − Frees")
        try require(m.sys == m.heapSys + m.stackSys + m.mSpanSys + m.mCacheSys + m.buckHashSys + m.gcSys + m.otherSys,
                    "Sys is not the sum of its parts")
        let mapped = mheap.pages.mappedPages * Heap.pageSize
        try require(m.heapSys + m.stackInuse + mheap.workbufBytes == mapped,
                    "HeapSys + StackInuse + workbufs \(m.heapSys + m.stackInuse) != mapped \(mapped)")
        try require(mapped % Heap.chunkBytes == 0, "heap mapping \(mapped) is not whole 4 MiB chunks")
        var runPages: UInt64 = 0
        var slotBytes: UInt64 = 0
        var unsweptPages: UInt64 = 0
        for run in allspans.runs where !run.isFreed {
            runPages += run.pages
            slotBytes += run.allocatedPerSpan * run.spanCount * run.slotBytes
            if run.isUnswept { unsweptPages += run.pages }
        }
        try require(unsweptPages == gc.unsweptPages,
                    "unswept runs hold \(unsweptPages) pages, the sweeper counts \(gc.unsweptPages)")
        if let broken = gc.checkInvariants() { try require(false, "gcController: \(broken)") }
        for (p, cache) in mcaches.enumerated() {
            if let broken = cache.checkInvariants() { try require(false, "P \(p)'s mcache: \(broken)") }
        }
        if let broken = mcentral.checkInvariants() { try require(false, "mcentral: \(broken)") }
        if let broken = allspans.checkInvariants() { try require(false, "allspans: \(broken)") }
        if let broken = spanQueues?.checkInvariants() { try require(false, "span queues: \(broken)") }
        let ringBytes = (spanQueues?.queues ?? []).reduce(UInt64(0)) { $0 + $1.headRingCapacity * SpanQueue.entryBytes }
        try require(mheap.meta.spanQueueRingBytes - mheap.meta.deadSpanQueueRingBytes == ringBytes,
                    "span queue rings: \(mheap.meta.spanQueueRingBytes) B sysAlloc'd, \(mheap.meta.deadSpanQueueRingBytes) dead, the Ps' newest \(ringBytes)")
        try require(runPages * Heap.pageSize == m.heapInuse, "span runs hold \(runPages) pages, HeapInuse \(m.heapInuse)")
        try require(slotBytes == m.heapAlloc, "span runs hold \(slotBytes) B of slots, HeapAlloc \(m.heapAlloc)")
        try require(m.mSpanInuse <= m.mSpanSys && m.mCacheInuse <= m.mCacheSys, "metadata in use exceeds its Sys")
        if let broken = mheap.checkInvariants() { try require(false, "mheap: \(broken)") }
        try require(scheduler.stacks.spanPages == mheap.stackPages,
                    "stack allocator holds \(scheduler.stacks.spanPages) pages, StackInuse counts \(mheap.stackPages)")
        if let broken = scheduler.checkInvariants() { try require(false, "scheduler: \(broken)") }
    }

    func assertInvariants() {
        do { try checkInvariants() } catch { assertionFailure("heap invariant broken: \(error)") }
    }
}
