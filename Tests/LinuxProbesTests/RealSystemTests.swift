// Opt-in checks against the real /proc and glibc of the machine running the tests.
// Run with MEMSTATS_REAL_OS_TESTS=1; otherwise they are skipped with that reason.
// Real numbers move, so these check relations and tolerances, never exact values.

import FieldCatalogue
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LinuxProbes

let realSystemTestsEnabled = ProcessInfo.processInfo.environment["MEMSTATS_REAL_OS_TESTS"] == "1"

/// Real-OS tests in LinuxProbesTests and BackendsTests measure the whole process, so they must
/// not overlap: each holds this lock (an flock on a file in /tmp, which serialises across test
/// targets in one process and across processes) while it measures.
private func withRealOSTestLock<T>(_ body: () throws -> T) rethrows -> T {
    let descriptor = open("/tmp/memstats-real-os-tests.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    if descriptor >= 0 { _ = flock(descriptor, LOCK_EX) }
    defer { if descriptor >= 0 { _ = flock(descriptor, LOCK_UN); _ = close(descriptor) } }
    return try body()
}

@Suite("Real /proc and glibc (opt-in: MEMSTATS_REAL_OS_TESTS=1)", .serialized,
       .enabled(if: realSystemTestsEnabled, "reads the real /proc; set MEMSTATS_REAL_OS_TESTS=1 to run"))
struct RealSystemTests {
    @Test func thisProcessReadsCompletelyAndConsistently() throws {
        let reading = ProcessProbe.current()
        #expect(reading.unavailable.isEmpty, "\(reading.unavailable)")
        let rss = try #require(reading[ProcessMetric(.status, "VmRSS")])
        let hwm = try #require(reading[ProcessMetric(.status, "VmHWM")])
        let statmResident = try #require(reading[ProcessMetric(.statm, "resident")])
        let rollupRss = try #require(reading[ProcessMetric(.smapsRollup, "Rss")])
        #expect(hwm >= rss)
        // Read a moment apart by different kernel paths: equal within a few MiB.
        #expect(Double(statmResident).distance(to: Double(rss)).magnitude < 8 * 1_048_576)
        #expect(Double(rollupRss).distance(to: Double(rss)).magnitude < 8 * 1_048_576)
        #expect((ProcessProbe.peakResidentBytes() ?? 0) >= rss / 2)
    }

    @Test func mallinfo2ArenaIsInUsePlusFree() throws {
        // glibc: arena = system_mem, uordblks = system_mem − free, fordblks = free (per arena, summed).
        let info = try LiveMallocInfo().mallinfo2()
        #expect(info.arena.bytes == info.allocated.bytes + info.freeInArenas.bytes)
        #expect(info.releasableAtTop <= info.freeInArenas)
    }

    @Test func meminfoIsReadable() {
        let memory = SystemMemory.current()
        #expect(memory.problem == nil)
        #expect((memory.availableBytes ?? 0) > 0 && (memory.availableBytes ?? 0) <= (memory.totalBytes ?? 0))
    }

    @Test func touchedThreadStacksBecomeResident() throws {
        try withRealOSTestLock { try threadStacks() }
    }

    private func threadStacks() throws {
        func rssAnon() throws -> UInt64 { try #require(ProcStatus.parse(LiveProcFiles().contents(of: .status)).rssAnon).bytes }
        let threads = ParkedThreads()
        let before = try rssAnon()
        let report = threads.start(count: 32, stackBytes: 1 << 20, group: "deep")
        let after = try rssAnon()
        threads.stopAll()
        print("real threads test: 32 threads touching 1 MiB each: RssAnon \(before >> 10) KiB → \(after >> 10) KiB")
        #expect(report.startedCount == 32)
        // 32 MiB of touched frames; allow for other tests and glibc's own thread bookkeeping.
        #expect(after >= before + 28 * 1_048_576, "RssAnon \(before) → \(after)")
        #expect(after <= before + 48 * 1_048_576, "RssAnon \(before) → \(after)")
    }
}
