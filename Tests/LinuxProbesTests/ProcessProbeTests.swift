// Building a whole reading: every source in order, and each unreadable one listed with why.

import FieldCatalogue
import Testing
@testable import LinuxProbes

private let kib: UInt64 = 1024

private let sampleMallinfo = MallInfo2(arena: 135168, freeChunkCount: 3, mmappedChunkCount: 1,
                                       mmapped: 1_052_672, allocated: 98_304, freeInArenas: 36_864,
                                       releasableAtTop: 33_000)

@Suite("ProcessProbe")
struct ProcessProbeTests {
    @Test func readingFromCapturedTextsListsEverySourceInOrder() {
        let reading = ProcessProbe.reading(status: Fixtures.status, smapsRollup: Fixtures.smapsRollup,
                                           statm: Fixtures.statm)
        #expect(reading.unavailable.isEmpty)
        #expect(reading.values.map(\.metric.jsonKey) == [
            "status.VmRSS", "status.RssAnon", "status.RssFile", "status.VmSize", "status.VmData",
            "status.VmStk", "status.VmHWM",
            "statm.size", "statm.resident", "statm.shared", "statm.text", "statm.data",
            "smaps_rollup.Rss", "smaps_rollup.Pss", "smaps_rollup.Anonymous", "smaps_rollup.LazyFree",
            "smaps_rollup.AnonHugePages",
        ])
        #expect(reading[ProcessMetric(.status, "VmRSS")] == 64692 * kib)
        #expect(reading[ProcessMetric(.smapsRollup, "Pss")] == 63252 * kib)
    }

    @Test func aMissingTextMakesOnlyThatSourceUnavailable() {
        let reading = ProcessProbe.reading(status: Fixtures.status, smapsRollup: nil, statm: Fixtures.statm)
        #expect(reading.unavailable.map(\.source) == [.smapsRollup])
        #expect(reading.unavailable.map(\.reason) == ["/proc/self/smaps_rollup could not be read"])
        #expect(reading[ProcessMetric(.status, "VmRSS")] == 64692 * kib)
        #expect(reading[ProcessMetric(.smapsRollup, "Rss")] == nil)
    }

    @Test func aGarbledSourceIsUnavailableWithTheLine() {
        let reading = ProcessProbe.reading(status: "VmRSS: 12 MB\n", smapsRollup: Fixtures.smapsRollup,
                                           statm: "1 2")
        #expect(reading.unavailable.map(\.source) == [.status, .statm])
        #expect(reading.unavailable.map(\.reason) == [
            "line 1: expected 'kB' after the value of VmRSS, found 'MB'",
            "line 1: expected 7 numbers, found 2",
        ])
        #expect(reading.values.allSatisfy { $0.metric.source == .smapsRollup })
    }

    @Test func currentReadsThroughTheInjectedReaders() {
        let files = FixtureProcFiles(fixed: [.status: Fixtures.status, .statm: Fixtures.statm,
                                             .smapsRollup: Fixtures.smapsRollup])
        let reading = ProcessProbe.current(files: files, malloc: FixedMallocInfo(.success(sampleMallinfo)))
        #expect(reading.unavailable.isEmpty)
        #expect(files.readCount(of: .status) == 1 && files.readCount(of: .smapsRollup) == 1)
        #expect(reading.values.suffix(5).map(\.metric.jsonKey) == [
            "mallinfo2.arena", "mallinfo2.hblkhd", "mallinfo2.uordblks", "mallinfo2.fordblks", "mallinfo2.keepcost",
        ])
        #expect(reading[ProcessMetric(.mallinfo2, "uordblks")] == 98_304)
        #expect(reading[ProcessMetric(.mallinfo2, "hblkhd")] == 1_052_672)
    }

    @Test func currentOnAnOldKernelWithoutGlibc2_33() {
        let files = FixtureProcFiles(fixed: [.status: Fixtures.status, .statm: Fixtures.statm])
        let reading = ProcessProbe.current(files: files, malloc: FixedMallocInfo(.failure(.mallinfo2Unavailable)))
        #expect(reading.unavailable.map(\.source) == [.smapsRollup, .mallinfo2])
        #expect(reading.unavailable.map(\.reason) == [
            "no such file: /proc/self/smaps_rollup (kernel older than 4.14?)",
            "mallinfo2 is not available (it needs glibc 2.33 or later)",
        ])
    }

    @Test func currentWithoutAnyProcSaysSoForEachFile() {
        let denied = FixtureProcFiles(fixed: [:], failures: [
            .status: .permissionDenied(path: ProcFile.status.path),
            .statm: .readFailed(path: ProcFile.statm.path, errno: 5, text: "Input/output error"),
        ])
        let reading = ProcessProbe.current(files: denied, malloc: FixedMallocInfo(.success(sampleMallinfo)))
        #expect(reading.unavailable.map(\.reason) == [
            "permission denied: /proc/self/status (is /proc mounted with hidepid, or is this a sandbox?)",
            "cannot read /proc/self/statm: Input/output error (errno 5)",
            "no such file: /proc/self/smaps_rollup (kernel older than 4.14?)",
        ])
        #expect(reading.values.map(\.metric.source) == Array(repeating: .mallinfo2, count: 5))
    }
}

@Suite("FixtureProcFiles")
struct FixtureProcFilesTests {
    @Test func successiveReadsFollowTheScriptAndTheLastRepeats() throws {
        let files = FixtureProcFiles([.statm: ["1 1 1 1 0 1 0", "2 2 2 2 0 2 0"]])
        #expect(try files.contents(of: .statm) == "1 1 1 1 0 1 0")
        #expect(try files.contents(of: .statm) == "2 2 2 2 0 2 0")
        #expect(try files.contents(of: .statm) == "2 2 2 2 0 2 0")
        #expect(files.readCount(of: .statm) == 3)
    }

    @Test func absentAndEmptyFilesThrowWhatLiveReadsWouldThrow() {
        let files = FixtureProcFiles(fixed: [.status: ""])
        #expect(throws: ProbeProblem.empty(path: "/proc/self/status")) { try files.contents(of: .status) }
        #expect(throws: ProbeProblem.noSuchFile(path: "/proc/meminfo")) { try files.contents(of: .meminfo) }
    }
}

@Suite("ProbeProblem messages")
struct ProbeProblemMessageTests {
    static let cases: [(ProbeProblem, String)] = [
        (.noSuchFile(path: "/proc/self/status"), "no such file: /proc/self/status (is /proc mounted?)"),
        (.noSuchFile(path: "/proc/self/smaps_rollup"), "no such file: /proc/self/smaps_rollup (kernel older than 4.14?)"),
        (.noSuchFile(path: "/elsewhere"), "no such file: /elsewhere"),
        (.notCaptured(path: "/proc/self/statm"), "/proc/self/statm could not be read"),
        (.notText(path: "/proc/meminfo"), "/proc/meminfo is not UTF-8 text"),
        (.notLinux, "only available on Linux"),
        (.badLine(path: "/proc/self/statm", line: 1, problem: .fieldNotNumber(index: 2, found: "")),
         "line 1: field 2 is not a number: end of line"),
    ]

    @Test(arguments: cases)
    func everyProblemRendersOneLine(_ problem: ProbeProblem, _ reason: String) {
        #expect(problem.reason == reason)
        #expect(!problem.reason.contains("\n"))
    }

    @Test func problemsNameTheirFileWhenTheyHaveOne() {
        #expect(ProbeProblem.missingKey(path: "/proc/self/status", key: "VmRSS").path == "/proc/self/status")
        #expect(ProbeProblem.mallinfo2Unavailable.path == nil)
    }
}
