// `memstats inspect` output: the JSON documents against goldens (report, comparison,
// reproduction), and the Chinese text with no English prose left in it.
//
// The dumps are the committed real-Go fixtures of InspectionTests; the reproduction is built
// from the dump's inferred plan with hand-set rows, so the golden changes when the
// presentation does, not when the simulator's numbers do. To refresh after an intended change:
//     MEMSTATS_UPDATE_GOLDENS=1 swift test --filter InspectionOutputTests
// and read the diff.

import FieldCatalogue
import Foundation
@testable import Inspection
import LinuxProbes
@testable import Presentation
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("InspectionTests/Fixtures")

private func dump(_ name: String) throws -> Dump {
    try DumpReader.read([UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name))), source: name)
}

struct InspectionOutputTests {
    @Test func reportComparisonAndReproductionAsJSON() throws {
        let english = try FieldCatalogue.load(language: .english)
        let spike = try dump("spike.memstats.json")
        let ledger = RSSLedger(residentBytes: 1 << 26, rows: RSSLedger.Kind.allCases.map { .init(kind: $0, bytes: 1 << 20) },
                               unaccountedAnonymous: 1 << 20)
        Goldens.check(try JSONText.encode(InspectionJSON.report(spike, catalogue: english, ledger: ledger)), "inspect-spike.json")
        let metrics = try dump("workers.metrics.txt")
        Goldens.check(try JSONText.encode(InspectionJSON.report(metrics, catalogue: english, ledger: nil)), "inspect-workers-metrics.json")
        let comparison = Comparison.of(try dump("cache.memstats.json"), spike)
        Goldens.check(try JSONText.encode(InspectionJSON.comparison(comparison)), "inspect-compare.json")
        let rows = [ReproductionRow(field: .heapAlloc, dump: 1000, simulated: 1040, target: .percent(5)),
                    ReproductionRow(field: .numGC, dump: 7, simulated: 9, target: .cycles(1)),
                    ReproductionRow(field: .nextGC, dump: 4_194_304, simulated: 4_194_304, target: nil)]
        let reproduction = Reproduction(scenarioText: "title \"x\"\n", plan: Reproducer.initialPlan(spike), rows: rows,
                                        unexplained: [.missesTarget(field: .numGC, relativeError: 2 / 7, cycles: 2, rounds: 3),
                                                      .heapReleasedNotFitted, .otherGoVersion("go1.20.3", model: "go1.19"), .noBySize], rounds: 3)
        Goldens.check(try JSONText.encode(InspectionJSON.reproduction(reproduction, scenarioFile: "mine.scenario")),
                      "inspect-reproduction.json")
    }

    @Test func chineseReportsHaveNoEnglishProse() throws {
        let chinese = try FieldCatalogue.load(language: .chinese)
        let english = try FieldCatalogue.load(language: .english)
        var texts: [String] = []
        for workload in ["service", "cache", "workers", "spike", "tree", "sessions", "chunks"] {
            for suffix in [".memstats.json", ".expvar.json", ".heap.txt", ".metrics.txt", ".metrics.json"] {
                texts.append(InspectionText.report(try dump(workload + suffix), catalogue: chinese, ledger: nil))
            }
        }
        texts.append(InspectionText.comparison(Comparison.of(try dump("cache.memstats.json"), try dump("spike.memstats.json")),
                                               language: .chinese))
        // Every finding's reasoning and advice, whichever dumps fire it.
        let evidence: [Finding.Evidence] = [
            .retained(retained: 1 << 30, heapInuse: 1 << 20), .fragmentation(gap: 1 << 23, heapInuse: 1 << 24, busiestSize: 48, busiestLive: 9),
            .stackHeavy(stackInuse: 1 << 24, heapInuse: 1 << 24), .goroutines(count: 20000, stackInuse: 1 << 27),
            .stacksWithoutCount(stackInuse: 1 << 27), .frequentGC(rate: 12, cpu: 0.2, goal: 1 << 22),
            .memoryLimit(footprint: 1 << 26, limit: 1 << 26), .metadata(bytes: 1 << 23, sys: 1 << 24),
            .profiling(buckHashSys: 1 << 24, sys: 1 << 25),
        ]
        let words = DiagnosisWords(language: .chinese)
        texts += evidence.map(words.reasoning) + Situation.allCases.map(words.tryThis)
        // A reproduction's table, with everything it can leave unexplained.
        let reproduction = Reproduction(
            scenarioText: "", plan: Reproducer.initialPlan(try dump("spike.memstats.json")),
            rows: [ReproductionRow(field: .heapAlloc, dump: 1000, simulated: 1100, target: .percent(5)),
                   ReproductionRow(field: .numGC, dump: 7, simulated: 9, target: .cycles(1)),
                   ReproductionRow(field: .nextGC, dump: 4_194_304, simulated: 4_194_304, target: nil)],
            unexplained: [.missesTarget(field: .heapAlloc, relativeError: 0.1, cycles: 100, rounds: 3),
                          .missesTarget(field: .numGC, relativeError: 2 / 7, cycles: 2, rounds: 3),
                          .heapReleasedNotFitted, .otherGoVersion("go1.20.3", model: "go1.19"), .modelAsked("go1.27.3", model: "go1.22"),
                          .noBySize, .memoryLimitNotRecorded,
                          .memoryLimitInferred(64 << 20), .totalAllocDiffers(simulated: 1 << 24, dump: 1 << 26),
                          .totalAllocDiffers(simulated: 1 << 26, dump: 1 << 24)], rounds: 3)
        texts.append(InspectionText.reproductionTable(reproduction, language: .chinese))
        // The RSS ledger, every row.
        let ledger = RSSLedger(residentBytes: 1 << 26, rows: RSSLedger.Kind.allCases.map { .init(kind: $0, bytes: 1 << 20) }
                               + [.init(kind: .anonymousBeyondFootprint, bytes: -4096)], unaccountedAnonymous: -4096)
        texts.append(InspectionText.report(try dump("spike.memstats.json"), catalogue: chinese, ledger: ledger))
        // Watching: readings with changes and rates, each failure a server can cause, the summary.
        func http(_ body: String) -> [UInt8] {
            Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }
        func expvar(_ heapAlloc: Int, _ totalAlloc: Int, _ numGC: Int) -> String {
            #"{"memstats": {"HeapAlloc": \#(heapAlloc), "HeapSys": 8000000, "TotalAlloc": \#(totalAlloc), "NumGC": \#(numGC), "Mallocs": 10}}"#
        }
        var session = WatchSession(endpoint: WatchEndpoint("127.0.0.1:6060")!)
        let answers: [Result<[UInt8], ConnectionProblem>] = [
            .success(http(expvar(1000, 5000, 1))), .success(http(expvar(3000, 9000, 3))), .success(http(expvar(3000, 9000, 3))),
            .failure(.refused), .failure(.connectTimedOut(seconds: 2)), .failure(.answerTimedOut(seconds: 2, received: [1, 2])),
            .failure(.reset(received: [])), .failure(.tooLarge(limit: 1 << 20)),
            .success(Array("SSH-2.0-OpenSSH".utf8)), .success(Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)),
            .success(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{".utf8)),
            .success(Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>".utf8)),
        ]
        for (index, answer) in answers.enumerated() {
            let poll = session.record(answer, atSeconds: Double(index))
            texts.append(WatchText.poll(poll, session: session, process: nil, language: .chinese))
        }
        texts.append(WatchText.summary(session, interrupted: true, language: .chinese))

        // What may stay in Latin letters: field names, situation and lesson names, the command,
        // Go's identifiers and settings (with a dot, slash, underscore, = or in capitals), units,
        // and the Go words the Chinese field entries themselves keep (goroutine, span, …).
        var allowed = Set(MemStatsField.allCases.map(\.rawValue) + Situation.allCases.map(\.rawValue)
                          + Situation.allCases.compactMap(\.lesson) + ["memstats", "run"])
        allowed.formUnion(["B", "KiB", "MiB", "GiB", "TiB", "ns", "µs", "ms", "s", "MB"])
        allowed.formUnion(["goroutine", "goroutines", "span", "spans", "mspan", "mcache", "mcentral", "mheap", "arena", "chunk",
                           "tiny", "channel", "context", "map", "scavenger", "cgo", "expvar", "gctrace", "profile", "Unix",
                           "memstats", "sync", "Pool", "debug", "runtime", "metrics", "heap", "vars", "pprof", "goroutine",
                           "json", "txt", "log", "madvise", "mmap", "Go", "bytes", "objects", "sched", "gc", "gogc", "percent",
                           "memory", "classes", "total", "free", "released", "unused", "objects", "stacks", "stack", "os",
                           "cycles", "gomemlimit", "gomaxprocs", "threads", "go", "cpu", "seconds", "i", "MemStats", "MaxRSS",
                           "SSH", "OpenSSH", "errno", "Not", "Found", "text", "html", "Content", "Type", "Ctrl", "C",
                           "VmRSS", "RssAnon", "RssFile"])
        // Go words the catalogue's Chinese entries keep as Go writes them (reused verbatim).
        allowed.formUnion(["itab", "special", "stop", "the", "world", "true", "false", "size", "class", "profiling", "trace"])
        func leaks(in texts: [String]) -> [String: Int] {
            var leaks: [String: Int] = [:]
            for text in texts {
                for line in text.split(separator: "\n") {
                    for token in line.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || "._/=#-:?".contains($0))) && $0 != "µ" }) {
                        let word = String(token)
                        if word.contains(where: { ".:/_=#?".contains($0) }) || word.contains(where: \.isNumber) { continue }
                        if word == word.uppercased() || allowed.contains(word) { continue }
                        for part in word.split(separator: "-") where part.contains(where: \.isLetter) {
                            if !allowed.contains(String(part)) { leaks[String(part), default: 0] += 1 }
                        }
                    }
                }
            }
            // Fixture file names are the dumps' sources and stay as given.
            for name in ["service", "cache", "workers", "spike", "tree", "sessions", "chunks", "memstats", "expvar", "heap", "metrics"] {
                leaks[name] = nil
            }
            return leaks
        }
        let found = leaks(in: texts)
        #expect(found.isEmpty, "English words in the Chinese output: \(found.sorted { $0.value > $1.value }.prefix(40))")
        // The same check on the English report finds its prose: the check can fail.
        let englishText = InspectionText.report(try dump("spike.memstats.json"), catalogue: english, ledger: nil)
        #expect(leaks(in: [englishText]).count > 50)
    }
}
