// The /proc parsers on real text, and on every way that text can be wrong.

import FieldCatalogue
import Testing
@testable import LinuxProbes

private let kib: UInt64 = 1024

@Suite("Parsers on real /proc text")
struct RealTextTests {
    @Test func statusGivesTheSevenMemoryLinesInBytes() throws {
        let status = try ProcStatus.parse(Fixtures.status)
        #expect(status.vmRSS == ByteCount(64692 * kib))
        #expect(status.rssAnon == ByteCount(58076 * kib))
        #expect(status.rssFile == ByteCount(6616 * kib))
        #expect(status.vmSize == ByteCount(67768 * kib))
        #expect(status.vmData == ByteCount(59148 * kib))
        #expect(status.vmStk == ByteCount(132 * kib))
        #expect(status.vmHWM == ByteCount(64692 * kib))
        // The kernel's own identity: resident = anonymous + file (+ shmem, 0 here).
        #expect(status.rssAnon!.bytes + status.rssFile!.bytes == status.vmRSS.bytes)
    }

    @Test func statusParsesTheSameWithItsFinalNewline() throws {
        #expect(try ProcStatus.parse(Fixtures.status + "\n") == ProcStatus.parse(Fixtures.status))
    }

    @Test func statmAgreesWithStatusTakenAtTheSameMoment() throws {
        let statm = try ProcStatm.parse(Fixtures.statm + "\n", pageSize: 4096)
        let status = try ProcStatus.parse(Fixtures.status)
        #expect(statm.size == status.vmSize)
        #expect(statm.resident == status.vmRSS)
        #expect(statm.shared == status.rssFile)  // RssFile + RssShmem, and RssShmem is 0 here
        #expect(statm.data.bytes == status.vmData.bytes + status.vmStk.bytes)
        #expect(statm.text == ByteCount(4096))
    }

    @Test func statmMultipliesByThePageSizeItIsGiven() throws {
        let small = try ProcStatm.parse(Fixtures.statm, pageSize: 4096)
        let large = try ProcStatm.parse(Fixtures.statm, pageSize: 65536)
        #expect(large.resident.bytes == small.resident.bytes * 16)
    }

    @Test func smapsRollupSkipsItsAddressLineAndReadsFiveFields() throws {
        let rollup = try SmapsRollup.parse(Fixtures.smapsRollup)
        #expect(rollup.rss == ByteCount(64692 * kib))
        #expect(rollup.pss == ByteCount(63252 * kib))
        #expect(rollup.anonymous == ByteCount(58076 * kib))
        #expect(rollup.lazyFree == 0)
        #expect(rollup.anonHugePages == 0)
        // Pss never exceeds Rss: shared pages are divided, private ones counted once.
        #expect(rollup.pss <= rollup.rss)
    }

    @Test func meminfoGivesAvailableAndTotal() throws {
        let memory = try SystemMemory.parse(meminfo: Fixtures.meminfo)
        #expect(memory.totalBytes == 24683656 * kib)
        #expect(memory.availableBytes == 24249052 * kib)
        #expect(memory.problem == nil)
    }

    @Test func meminfoWithoutMemAvailableSaysWhy() throws {
        let old = Fixtures.meminfo.split(separator: "\n").filter { !$0.hasPrefix("MemAvailable:") }
            .joined(separator: "\n")
        let memory = try SystemMemory.parse(meminfo: old)
        #expect(memory.availableBytes == nil)
        #expect(memory.totalBytes == 24683656 * kib)
        #expect(memory.problem?.reason == "no 'MemAvailable' line (truncated, or not the file it should be?)")
    }

    @Test func systemMemoryFromAnUnreadableFileKeepsTheReason() {
        let files = FixtureProcFiles(fixed: [:], failures: [.meminfo: .permissionDenied(path: "/proc/meminfo")])
        let memory = SystemMemory.read(from: files)
        #expect(memory.availableBytes == nil && memory.totalBytes == nil)
        #expect(memory.problem == .permissionDenied(path: "/proc/meminfo"))
    }
}

/// One wrong input and the exact reason the reading must give.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var file: ProcFile
    var text: String
    var reason: String
    var testDescription: String { name }

    /// Parses `text` as `file` and returns the problem's reason, or nil if it parsed.
    func parseProblem() -> String? {
        do {
            switch file {
            case .status: _ = try ProcStatus.parse(text)
            case .statm: _ = try ProcStatm.parse(text, pageSize: 4096)
            case .smapsRollup: _ = try SmapsRollup.parse(text)
            case .meminfo: _ = try SystemMemory.parse(meminfo: text)
            }
            return nil
        } catch {
            return error.reason
        }
    }
}

/// The fixture with the line starting `key:` replaced by `replacement`.
private func replacing(_ key: String, in text: String, with replacement: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.hasPrefix(key + ":") ? replacement : String($0) }
        .joined(separator: "\n")
}

/// The fixture up to (not including) the line starting `key:`.
private func truncated(_ text: String, before key: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.prefix(while: { !$0.hasPrefix(key + ":") }).joined(separator: "\n")
}

/// The 1-based line of the fixture that starts with `key:`.
private func line(of key: String, in text: String) -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.hasPrefix(key + ":") } ?? -1) + 1
}

private let rssLine = line(of: "VmRSS", in: Fixtures.status)

let malformedCases: [MalformedCase] = [
    MalformedCase(name: "status: empty", file: .status, text: "", reason: "/proc/self/status is empty"),
    MalformedCase(name: "status: blank lines only", file: .status, text: "\n \n\t\n",
                  reason: "/proc/self/status is empty"),
    MalformedCase(name: "status: unit missing", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:\t   64692"),
                  reason: "line \(rssLine): expected 'kB' after the value of VmRSS, found end of line"),
    MalformedCase(name: "status: wrong unit", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:\t   63 MB"),
                  reason: "line \(rssLine): expected 'kB' after the value of VmRSS, found 'MB'"),
    MalformedCase(name: "status: not a number", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:\t   lots kB"),
                  reason: "line \(rssLine): expected a number after 'VmRSS:', found 'lots'"),
    MalformedCase(name: "status: negative", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:\t   -5 kB"),
                  reason: "line \(rssLine): expected a number after 'VmRSS:', found '-5'"),
    MalformedCase(name: "status: value missing", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:"),
                  reason: "line \(rssLine): expected a number after 'VmRSS:', found end of line"),
    MalformedCase(name: "status: beyond 64 bits", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:\t99999999999999999999 kB"),
                  reason: "line \(rssLine): the value of VmRSS '99999999999999999999' is too large for 64 bits"),
    MalformedCase(name: "status: overflows when made bytes", file: .status,
                  text: replacing("VmRSS", in: Fixtures.status, with: "VmRSS:\t18014398509481984 kB"),
                  reason: "line \(rssLine): the value of VmRSS '18014398509481984' is too large for 64 bits"),
    MalformedCase(name: "status: truncated between lines", file: .status,
                  text: truncated(Fixtures.status, before: "VmRSS"),
                  reason: "no 'VmRSS' line (truncated, or not the file it should be?)"),
    MalformedCase(name: "status: truncated inside a number", file: .status,
                  text: truncated(Fixtures.status, before: "VmRSS") + "\nVmRSS:\t   646",
                  reason: "line \(rssLine): expected 'kB' after the value of VmRSS, found end of line"),
    MalformedCase(name: "status: garbage", file: .status, text: "\u{1}\u{7F}garbage: yes\nmore garbage\n",
                  reason: "no 'VmRSS' line (truncated, or not the file it should be?)"),
    MalformedCase(name: "status: another file's text", file: .status, text: Fixtures.meminfo,
                  reason: "no 'VmRSS' line (truncated, or not the file it should be?)"),
    MalformedCase(name: "statm: empty", file: .statm, text: "\n", reason: "/proc/self/statm is empty"),
    MalformedCase(name: "statm: truncated", file: .statm, text: "16942 16173 16",
                  reason: "line 1: expected 7 numbers, found 3"),
    MalformedCase(name: "statm: not a number", file: .statm, text: "16942 16173 x 1 0 14820 0",
                  reason: "line 1: field 3 is not a number: 'x'"),
    MalformedCase(name: "statm: beyond 64 bits", file: .statm, text: "99999999999999999999 1 1 1 0 1 0",
                  reason: "line 1: the value of size '99999999999999999999' is too large for 64 bits"),
    MalformedCase(name: "statm: overflows when made bytes", file: .statm, text: "1 4503599627370496 1 1 0 1 0",
                  reason: "line 1: the value of resident '4503599627370496' is too large for 64 bits"),
    MalformedCase(name: "statm: status text instead", file: .statm, text: Fixtures.status,
                  reason: "line 1: expected 7 numbers, found 2"),
    MalformedCase(name: "smaps_rollup: empty", file: .smapsRollup, text: "",
                  reason: "/proc/self/smaps_rollup is empty"),
    MalformedCase(name: "smaps_rollup: address line only", file: .smapsRollup,
                  text: String(Fixtures.smapsRollup.prefix { $0 != "\n" }),
                  reason: "no 'Rss' line (truncated, or not the file it should be?)"),
    MalformedCase(name: "smaps_rollup: no LazyFree", file: .smapsRollup,
                  text: Fixtures.smapsRollup.split(separator: "\n").filter { !$0.hasPrefix("LazyFree:") }
                      .joined(separator: "\n"),
                  reason: "no 'LazyFree' line (truncated, or not the file it should be?)"),
    MalformedCase(name: "smaps_rollup: bad Pss", file: .smapsRollup,
                  text: replacing("Pss", in: Fixtures.smapsRollup, with: "Pss:  12.5 kB"),
                  reason: "line 3: expected a number after 'Pss:', found '12.5'"),
    MalformedCase(name: "meminfo: empty", file: .meminfo, text: "", reason: "/proc/meminfo is empty"),
    MalformedCase(name: "meminfo: garbage", file: .meminfo, text: "%%%%\n",
                  reason: "no 'MemTotal' line (truncated, or not the file it should be?)"),
    MalformedCase(name: "meminfo: bad MemAvailable", file: .meminfo,
                  text: replacing("MemAvailable", in: Fixtures.meminfo, with: "MemAvailable: 12 GB"),
                  reason: "line 3: expected 'kB' after the value of MemAvailable, found 'GB'"),
]

@Suite("Parsers on malformed text")
struct MalformedTextTests {
    @Test(arguments: malformedCases)
    func malformedTextIsRefusedWithItsReason(_ testCase: MalformedCase) {
        #expect(testCase.parseProblem() == testCase.reason)
    }

    @Test func theFixturesThemselvesParse() {
        for file in ProcFile.allCases {
            let text = switch file {
            case .status: Fixtures.status
            case .statm: Fixtures.statm
            case .smapsRollup: Fixtures.smapsRollup
            case .meminfo: Fixtures.meminfo
            }
            #expect(MalformedCase(name: "", file: file, text: text, reason: "").parseProblem() == nil)
        }
    }

    @Test func unrequestedLinesMayBeAnything() throws {
        // A future kernel's new field or a garbled line we do not read changes nothing.
        let text = Fixtures.status + "\nNewField:\tnot even a number\nno colon here\n"
        #expect(try ProcStatus.parse(text) == ProcStatus.parse(Fixtures.status))
    }

    @Test func kernelsBefore4_5HaveNoRssAnonOrRssFile() throws {
        let old = Fixtures.status.split(separator: "\n")
            .filter { !$0.hasPrefix("RssAnon:") && !$0.hasPrefix("RssFile:") }.joined(separator: "\n")
        let status = try ProcStatus.parse(old)
        #expect(status.rssAnon == nil && status.rssFile == nil)
        #expect(status.metrics.map(\.metric.key) == ["VmRSS", "VmSize", "VmData", "VmStk", "VmHWM"])
    }
}
