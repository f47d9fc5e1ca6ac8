// The native backend with injected /proc text and malloc statistics: what it refuses, what
// it says for each operation, and how it maps glibc's view onto MemStats ideas. These make
// small real mallocs and threads (KiB) but read no real /proc; one opt-in test at the bottom
// allocates ~64 MiB for real and checks what Linux shows.

import FieldCatalogue
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LinuxProbes
import ScenarioLanguage
import Testing
@testable import Backends

private let kib: UInt64 = 1 << 10
private let mib: UInt64 = 1 << 20
private let gib: UInt64 = 1 << 30

// MARK: - Helpers

private func span(_ line: Int) -> SourceSpan {
    SourceSpan(start: SourceLocation(file: "test.scenario", line: line, column: 1), length: 5)
}

private func scenario(_ kinds: [StatementKind]) -> Scenario {
    Scenario(file: "test.scenario", title: nil, about: [],
             statements: kinds.enumerated().map { Statement($1, span: span($0 + 1)) })
}

private func alloc(_ count: UInt64, _ size: UInt64, as group: String? = nil, pointers: Bool = false,
                   touched: Bool = true) -> ScenarioOperation {
    .alloc(Allocation(count: count, sizeBytes: size, group: group, hasPointers: pointers, isTouched: touched))
}

/// /proc/self/status in the kernel's layout, with the given RssAnon (KiB).
private func statusText(rssAnonKiB: UInt64) -> String {
    """
    Name:\tmemstats
    Umask:\t0022
    State:\tR (running)
    VmPeak:\t  400000 kB
    VmSize:\t  380000 kB
    VmLck:\t       0 kB
    VmPin:\t       0 kB
    VmHWM:\t  \(rssAnonKiB + 30000) kB
    VmRSS:\t  \(rssAnonKiB + 20000) kB
    RssAnon:\t  \(rssAnonKiB) kB
    RssFile:\t   20000 kB
    RssShmem:\t       0 kB
    VmData:\t  300000 kB
    VmStk:\t     132 kB
    Threads:\t3

    """
}

private let statmText = "95000 30000 5000 1200 0 75000 0\n"
private let rollupText = """
    55e4a0000000-7ffc00000000 ---p 00000000 00:00 0                          [rollup]
    Rss:               120000 kB
    Pss:               110000 kB
    Anonymous:         100000 kB
    LazyFree:               0 kB
    AnonHugePages:          0 kB

    """

private let sampleMallinfo = MallInfo2(arena: ByteCount(40 * mib), freeChunkCount: 12, mmappedChunkCount: 2,
                                       mmapped: ByteCount(8 * mib), allocated: ByteCount(30 * mib),
                                       freeInArenas: ByteCount(10 * mib), releasableAtTop: ByteCount(128 * kib))

private func procFiles(rssAnonKiB: [UInt64] = [100_000]) -> FixtureProcFiles {
    FixtureProcFiles([.status: rssAnonKiB.map { statusText(rssAnonKiB: $0) }, .statm: [statmText],
                      .smapsRollup: [rollupText]])
}

private let roomyMachine = SystemMemory(availableBytes: 24 * gib, totalBytes: 24 * gib)

private func backend(files: FixtureProcFiles = procFiles(), malloc: MallocInfoReader = FixedMallocInfo(.success(sampleMallinfo)),
                     cap: RealAllocationCap? = nil, threads: Int = 8) -> NativeBackend {
    NativeBackend(cap: cap, files: files, malloc: malloc, system: roomyMachine, maximumThreadCount: threads)
}

private func reason(_ availability: BackendAvailability) -> String? {
    if case .unavailable(let reason) = availability { reason } else { nil }
}

// MARK: - Prepare: safety first

@Suite("NativeBackend.prepare")
struct NativeBackendPrepareTests {
    @Test func withoutProcTheBackendIsUnavailableAndSaysWhy() {
        let native = NativeBackend(files: FixtureProcFiles(), malloc: FixedMallocInfo(.success(sampleMallinfo)),
                                   system: roomyMachine)
        #expect(reason(native.prepare(scenario([.operation(.gc)]))) ==
            "the native backend reads this process's memory from /proc, which is not readable here: no such file: "
            + "/proc/self/status (is /proc mounted?). Run on Linux with /proc mounted, or use --backend simulator.")
    }

    @Test func garbledProcIsAsUnavailableAsMissingProc() {
        let files = FixtureProcFiles(fixed: [.status: "VmRSS: lots\n"])
        let native = NativeBackend(files: files, malloc: FixedMallocInfo(.success(sampleMallinfo)), system: roomyMachine)
        #expect(reason(native.prepare(scenario([]))).map { $0.contains("line 1: expected a number after 'VmRSS:'") } == true)
    }

    @Test func anOversizedScenarioIsRefusedBeforeAnythingIsAllocated() throws {
        let native = backend()
        let big = scenario([.operation(alloc(3_000_000, 1024, as: "burst")), .snapshot(label: "held", focus: [])])
        let message = try #require(reason(native.prepare(big)))
        #expect(message.hasPrefix("the native backend refuses this scenario: it needs about 2.9 GiB of real memory"))
        #expect(message.contains("above the cap of 2.0 GiB (min(2.0 GiB, 50% of MemAvailable 24.0 GiB))"))
        #expect(message.contains("--real-limit 3GiB"))  // 3 000 000 × (1040-byte chunk + 8-byte slot)
        #expect(message.hasSuffix("or run it on the simulator alone (--backend simulator)."))
        #expect(throws: BackendFailure.self) { try native.perform(alloc(1, 1, as: "g"), at: span(1)) }
    }

    @Test func theCapComesFromTheMachineWhenNotGiven() {
        let small = SystemMemory(availableBytes: 200 * mib, totalBytes: 1 * gib)
        let native = NativeBackend(files: procFiles(), malloc: FixedMallocInfo(.success(sampleMallinfo)), system: small)
        // 128 MiB of 1 KiB objects: within 2 GiB, beyond half of 200 MiB.
        let message = reason(native.prepare(scenario([.operation(alloc(131_072, 1024, as: "g"))])))
        #expect(message?.contains("above the cap of 100.0 MiB (min(2.0 GiB, 50% of MemAvailable 200.0 MiB))") == true)
        #expect(native.cap?.limitBytes == 100 * mib)
    }

    @Test func unreadableMeminfoMeansTheSmallFixedCap() {
        let native = NativeBackend(files: procFiles(), malloc: FixedMallocInfo(.success(sampleMallinfo)))
        #expect(native.prepare(scenario([.operation(alloc(1000, 1024, as: "g"))])) == .available)
        #expect(native.cap?.limitBytes == 512 * mib)
        #expect(native.cap?.origin == "a fixed 512.0 MiB, because MemAvailable is unknown "
            + "(no such file: /proc/meminfo (is /proc mounted?))")
        _ = native.finish()
    }

    @Test func anExplicitRealLimitIsHonoured() {
        let native = NativeBackend(realLimitBytes: 1 * mib, files: procFiles(),
                                   malloc: FixedMallocInfo(.success(sampleMallinfo)), system: roomyMachine)
        #expect(reason(native.prepare(scenario([.operation(alloc(2048, 1024, as: "g"))])))?
            .contains("(--real-limit 1.0 MiB)") == true)
        #expect(native.prepare(scenario([.operation(alloc(100, 1024, as: "g"))])) == .available)
    }

    @Test func smallObjectsAreCostedAsMallocChunksNotNominalBytes() {
        // 10^8 objects of 8 B: 800 MB as written, but 32-byte chunks plus 8-byte slots = 4 GB.
        let native = backend()
        let message = reason(native.prepare(scenario([.operation(alloc(100_000_000, 8, as: "tiny"))])))
        #expect(native.estimatedPeakBytes == 100_000_000 * (32 + 8))
        #expect(message?.contains("it needs about 3.7 GiB") == true)
    }

    static let chunkCases: [(request: UInt64, chunk: UInt64)] = [
        (1, 32), (24, 32), (25, 48), (1024, 1040), (4096, 4112),
        (131_071, 131_088), (131_072, 135_168), (1_048_576, 1_052_672),
    ]

    @Test(arguments: chunkCases)
    func mallocChunkSizesFollowGlibc(_ testCase: (request: UInt64, chunk: UInt64)) {
        #expect(NativeFootprint.chunkBytes(forRequest: testCase.request) == testCase.chunk)
    }

    @Test func threadsBeyondTheThreadCapAreNotCosted() {
        let native = backend(threads: 1000)
        let many = scenario([.operation(.goroutines(count: 100_000, stackBytes: 64 * kib, group: "g"))])
        #expect(native.prepare(many) == .available)
        #expect(native.estimatedPeakBytes == 1000 * ParkedThreads.stackMapping(forDepth: 64 * kib).bytes)
        _ = native.finish()
    }
}

// MARK: - Perform: what each operation does and says

@Suite("NativeBackend.perform")
struct NativeBackendPerformTests {
    @Test func gcSleepAndSettingsExplainThemselvesOnce() throws {
        let native = backend()
        #expect(native.prepare(scenario([])) == .available)
        #expect(try native.perform(.gc, at: span(1)) == ["gc: nothing to do: malloc frees at once; there is no collector"])
        #expect(try native.perform(.gc, at: span(2)) == [])
        #expect(try native.perform(.sleep(nanoseconds: 30_000_000_000), at: span(3)) == [
            "sleep 30s: not slept: glibc has no background scavenger or periodic collector, so waiting changes nothing here",
        ])
        #expect(try native.perform(.sleep(nanoseconds: 250_000_000), at: span(4)) == [])
        #expect(try native.perform(.setGCPercent(50), at: span(5)) == ["set gogc: no Go runtime here; malloc has no collector to tune"])
        #expect(try native.perform(.setMemoryLimit(bytes: nil), at: span(6)) == [
            "set memlimit: no Go runtime here; glibc has no soft memory limit",
        ])
        #expect(try native.perform(.setGCPercent(nil), at: span(7)) == [])
        _ = native.finish()
    }

    @Test func allocationsAndFreesAreCountedAndExplained() throws {
        let native = backend()
        #expect(native.prepare(scenario([])) == .available)
        #expect(try native.perform(alloc(100, 64, as: "keep"), at: span(1)) == [])
        let garbage = try native.perform(alloc(1000, 256, pointers: true), at: span(2))
        #expect(garbage.count == 2)
        #expect(garbage.first?.hasPrefix("objects without a group are freed as soon as they are made") == true)
        #expect(garbage.last == "'pointers' changes nothing here: malloc never scans objects")
        #expect(try native.perform(alloc(10, 64, pointers: true), at: span(3)) == [])
        let free = try native.perform(.freeKeeping(group: "keep", oneIn: 10), at: span(4))
        #expect(free.first?.hasPrefix("free: the chunks go back to glibc's free lists (mallinfo2 fordblks)") == true)
        #expect(try native.perform(.free(group: "keep"), at: span(5)) == [])
        #expect(native.finish() == [])  // nothing was held at the end: nothing to say
    }

    @Test func manyGarbageObjectsArePerformedUpToTheLimitAndSaidSo() throws {
        let native = backend()
        _ = native.prepare(scenario([]))
        let notices = try native.perform(alloc(NativeBackend.garbagePairLimit + 1, 64), at: span(1))
        #expect(notices.count == 2)
        #expect(notices.last?.hasPrefix("objects without a group: at most 10000 malloc/free pairs are performed") == true)
        #expect(try native.perform(alloc(NativeBackend.garbagePairLimit, 64), at: span(2)) == [])
        _ = native.finish()
    }

    @Test func finishFreesWhatIsHeldAndSaysSo() throws {
        let native = backend()
        #expect(native.prepare(scenario([])) == .available)
        _ = try native.perform(alloc(10, 64, as: "g"), at: span(1))
        _ = try native.perform(.goroutines(count: 2, stackBytes: 8 * kib, group: "w"), at: span(2))
        #expect(native.finish() == ["finished: freed the 10 objects still held (640 B) and stopped 2 threads still running"])
        #expect(native.finish() == [])
        #expect(throws: BackendFailure(backend: .native, span: span(3), message: NativeBackend.Message.notPrepared)) {
            try native.perform(.gc, at: span(3))
        }
    }

    @Test func unknownGroupsFailAtTheirStatement() {
        let native = backend()
        _ = native.prepare(scenario([]))
        #expect(throws: BackendFailure(backend: .native, span: span(7), message: "no group 'ghost' holds objects here")) {
            try native.perform(.free(group: "ghost"), at: span(7))
        }
        #expect(throws: BackendFailure(backend: .native, span: span(8), message: "no group 'ghost' of threads is running here")) {
            try native.perform(.exit(group: "ghost"), at: span(8))
        }
        _ = native.finish()
    }

    @Test func goroutinesBeyondTheThreadCapAreReported() throws {
        let native = backend(threads: 2)
        _ = native.prepare(scenario([]))
        let notices = try native.perform(.goroutines(count: 5, stackBytes: 16 * kib, group: "w"), at: span(1))
        #expect(notices.first?.hasPrefix("goroutines: started 2 threads, each touching 16.0 KiB of a") == true)
        #expect(notices.last == "goroutines: 3 of 5 threads not started: at most 2 threads run at once here "
            + "(the thread cap), so their stacks are missing from these readings")
        #expect(try native.perform(.exit(group: "w"), at: span(2)) == [])
        _ = native.finish()
    }

    @Test func allocationsPastTheCapFailMidRunWithoutAllocating() throws {
        let cap = RealAllocationCap(limitBytes: 1 * mib, origin: "test cap")
        let native = backend(cap: cap)
        #expect(native.prepare(scenario([.operation(alloc(100, 1024, as: "g"))])) == .available)
        _ = try native.perform(alloc(100, 1024, as: "g"), at: span(1))
        #expect(throws: BackendFailure.self) { try native.perform(alloc(2048, 1024, as: "g"), at: span(2)) }
        do {
            _ = try native.perform(alloc(2048, 1024, as: "g"), at: span(2))
        } catch let failure as BackendFailure {
            #expect(failure.message.hasPrefix("alloc 2048 x 1.0 KiB would take the memory held past the cap of 1.0 MiB (test cap)"))
        }
        #expect(native.finish() == ["finished: freed the 100 objects still held (100.0 KiB) and stopped 0 threads still running"])
    }

    @Test func releaseTrimsAndMeasuresTheDropInRssAnon() throws {
        // status reads: prepare, then before and after malloc_trim, then the snapshot.
        let files = procFiles(rssAnonKiB: [100_000, 102_400, 20_480])
        let native = backend(files: files)
        _ = native.prepare(scenario([]))
        let notices = try native.perform(.release, at: span(1))
        #expect(notices.count == 1)
        #expect(notices.first?.hasPrefix("release: malloc_trim(0) ") == true)
        #expect(notices.first?.hasSuffix(" (RssAnon 100.0 MiB → 20.0 MiB)") == true)
        let reading = try native.snapshot(label: "after release", at: span(2))
        let released = reading.analogies.first { $0.nearestField == .heapReleased }
        #expect(released?.bytes == 80 * mib)
        #expect(released?.idea == "bytes given back by the last malloc_trim: drop in RssAnon")
        _ = native.finish()
    }

    @Test func releaseWithoutReadableStatusSaysSo() throws {
        let files = FixtureProcFiles([.status: [statusText(rssAnonKiB: 1000), "garbage"]])
        let native = backend(files: files)
        _ = native.prepare(scenario([]))
        #expect(try native.perform(.release, at: span(1)).first?.hasSuffix("(RssAnon could not be read)") == true)
        #expect(try native.snapshot(label: "s", at: span(2)).analogies.allSatisfy { $0.nearestField != .heapReleased })
        _ = native.finish()
    }
}

// MARK: - Snapshot: the reading and its analogies

@Suite("NativeBackend.snapshot")
struct NativeBackendSnapshotTests {
    @Test func aSnapshotHasNoMemStatsButTheProcessAndLabelledAnalogies() throws {
        let native = backend()
        _ = native.prepare(scenario([]))
        let reading = try native.snapshot(label: "start", at: span(1))
        #expect(reading.memStats == nil)
        let process = try #require(reading.process)
        #expect(process.unavailable.isEmpty)
        #expect(process[ProcessMetric(.status, "RssAnon")] == 100_000 * kib)
        #expect(process[ProcessMetric(.statm, "resident")] == 30_000 * SystemMemory.pageSize.bytes)
        #expect(process[ProcessMetric(.mallinfo2, "uordblks")] == 30 * mib)
        #expect(reading.analogies.map(\.nearestField) == [.heapAlloc, .heapIdle, .heapSys])
        #expect(reading.analogies.map(\.bytes) == [30 * mib + 8 * mib, 10 * mib, 40 * mib + 8 * mib])
        #expect(reading.analogies.map(\.idea) == [
            "bytes in use: uordblks + hblkhd", "free bytes kept for reuse: fordblks",
            "bytes obtained for the heap: arena + hblkhd",
        ])
        #expect(reading.analogies.allSatisfy { !$0.caveat.isEmpty })
        #expect(reading.analogies[1].caveat.hasPrefix("nearest to HeapIdle − HeapReleased"))
        _ = native.finish()
    }

    @Test func withoutMallinfo2ThereAreNoAnalogiesAndTheReadingSaysWhy() throws {
        let native = backend(malloc: FixedMallocInfo(.failure(.mallinfo2Unavailable)))
        _ = native.prepare(scenario([]))
        let reading = try native.snapshot(label: "start", at: span(1))
        #expect(reading.analogies.isEmpty)
        #expect(reading.process?.unavailable.map(\.source) == [.mallinfo2])
        #expect(reading.process?.unavailable.first?.reason == "mallinfo2 is not available (it needs glibc 2.33 or later)")
        _ = native.finish()
    }

    @Test func aSourceThatVanishesMidRunIsReportedNotFatal() throws {
        let files = FixtureProcFiles([.status: [statusText(rssAnonKiB: 1000)], .statm: [statmText]])
        let native = backend(files: files)
        _ = native.prepare(scenario([]))
        let reading = try native.snapshot(label: "s", at: span(1))
        #expect(reading.process?.unavailable.map(\.reason) == [
            "no such file: /proc/self/smaps_rollup (kernel older than 4.14?)",
        ])
        _ = native.finish()
    }
}

// MARK: - Opt-in: real allocations, real /proc

/// Real-OS tests in LinuxProbesTests and BackendsTests measure the whole process, so they must
/// not overlap: each holds this lock (an flock on a file in /tmp, which serialises across test
/// targets in one process and across processes) while it measures.
private func withRealOSTestLock<T>(_ body: () throws -> T) rethrows -> T {
    let descriptor = open("/tmp/memstats-real-os-tests.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    if descriptor >= 0 { _ = flock(descriptor, LOCK_EX) }
    defer { if descriptor >= 0 { _ = flock(descriptor, LOCK_UN); _ = close(descriptor) } }
    return try body()
}


@Suite("NativeBackend on this machine (opt-in: MEMSTATS_REAL_OS_TESTS=1)", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["MEMSTATS_REAL_OS_TESTS"] == "1",
                "allocates ~64 MiB and reads the real /proc; set MEMSTATS_REAL_OS_TESTS=1 to run"))
struct NativeBackendRealTests {
    private func value(_ reading: BackendReading, _ source: ProcessMetric.Source, _ key: String) throws -> UInt64 {
        try #require(reading.process?[ProcessMetric(source, key)], "\(source) \(key) missing: \(String(describing: reading.process?.unavailable))")
    }

    @Test func touchedMemoryIsResidentFreedMemoryIsKeptAndTrimGivesItBack() throws {
        try withRealOSTestLock { try touchedFreedTrimmed() }
    }

    private func touchedFreedTrimmed() throws {
        let native = NativeBackend()
        let steps = scenario([.operation(alloc(65_536, 1024, as: "burst")), .operation(.free(group: "burst")),
                              .operation(.release)])
        #expect(native.prepare(steps) == .available)
        let start = try native.snapshot(label: "start", at: span(1))
        _ = try native.perform(alloc(65_536, 1024, as: "burst"), at: span(2))
        let held = try native.snapshot(label: "held", at: span(3))
        _ = try native.perform(.free(group: "burst"), at: span(4))
        let freed = try native.snapshot(label: "freed", at: span(5))
        let release = try native.perform(.release, at: span(6))
        let released = try native.snapshot(label: "released", at: span(7))
        _ = native.finish()

        let anon = try [start, held, freed, released].map { try value($0, .status, "RssAnon") }
        let inUse = try [start, held, freed].map { try value($0, .mallinfo2, "uordblks") }
        let kept = try [start, held, freed].map { try value($0, .mallinfo2, "fordblks") }
        print("native real test, 64 MiB as 65536 × 1 KiB: RssAnon start/held/freed/released MiB =",
              anon.map { Double($0) / Double(mib) }, "uordblks MiB =", inUse.map { Double($0) / Double(mib) },
              "fordblks MiB =", kept.map { Double($0) / Double(mib) }, release)

        // Touched: resident grows by about the objects (1040-byte chunks) — at least 90% of 64 MiB.
        #expect(anon[1] >= anon[0] + 58 * mib)
        #expect(anon[1] <= anon[0] + 96 * mib)
        // glibc counts them in use: ~65 MiB more uordblks (less a little that other tests free).
        #expect(inUse[1] >= inUse[0] + 56 * mib)
        // Freed: glibc takes them back (uordblks falls); RSS is kept or, if the burst sat at the
        // heap's top, trimmed by free itself — never higher.
        #expect(inUse[2] + 60 * mib <= inUse[1])
        #expect(anon[2] <= anon[1] + 4 * mib)
        // malloc_trim(0) reduces or keeps RSS, and leaves at most a few MiB of the burst resident.
        #expect(anon[3] <= anon[2] + 4 * mib)
        #expect(anon[3] <= anon[0] + 16 * mib)
    }

    @Test func untouchedMemoryIsInUseForGlibcButNotResident() throws {
        try withRealOSTestLock { try untouched() }
    }

    private func untouched() throws {
        // 2 × 33 MiB, never written. glibc serves them from free arena space if it has that
        // much (trimmed pages, not resident) or else maps each with its own mmap: either way
        // nothing becomes resident, while glibc counts every byte as in use.
        let blocks = scenario([.operation(alloc(2, 33 * mib, as: "cold", touched: false))])
        let native = NativeBackend()
        #expect(native.prepare(blocks) == .available)
        let before = try native.snapshot(label: "before", at: span(1))
        _ = try native.perform(alloc(2, 33 * mib, as: "cold", touched: false), at: span(2))
        let after = try native.snapshot(label: "after", at: span(3))
        _ = try native.perform(.free(group: "cold"), at: span(4))
        let freed = try native.snapshot(label: "freed", at: span(5))
        _ = native.finish()

        let anon = try [before, after, freed].map { try value($0, .status, "RssAnon") }
        let size = try [before, after, freed].map { try value($0, .status, "VmSize") }
        let inUse = [before, after, freed].map { $0.analogies.first { $0.nearestField == .heapAlloc }?.bytes ?? 0 }
        print("native real test, 66 MiB as 2 × 33 MiB untouched: RssAnon MiB =", anon.map { Double($0) / Double(mib) },
              "VmSize MiB =", size.map { Double($0) / Double(mib) },
              "uordblks+hblkhd MiB =", inUse.map { Double($0) / Double(mib) })
        #expect(anon[1] <= anon[0] + 8 * mib)          // not resident…
        #expect(inUse[1] >= inUse[0] + 60 * mib)       // …though glibc counts it in use
        #expect(inUse[2] + 60 * mib <= inUse[1])       // and no longer after free
        #expect(anon[2] <= anon[1] + 4 * mib)
    }
}
