// `--format` is one set of formats shared by every command, each command accepting only the ones
// it supports; `memstats diff` compares two runs saved with --format json, here a simulator run
// and a real Go run of the same bundled scenario.

import Foundation
import Testing

@Suite struct FormatAndDiffTests {
    @Test func anUnsupportedFormatIsAUsageErrorNotText() throws {
        for arguments in [["fields", "--format", "csv"], ["run", "spike", "--format", "xml"], ["explain", "HeapIdle", "--format", "markdown"]] {
            let result = try MemstatsBinary.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("is not a valid value for '--format'; use one of:"))
        }
    }

    @Test func runWritesCSVAndMarkdown() throws {
        let csv = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "snapshot,line,pass,step,backend,field,value,unit")
        #expect(lines.contains { $0.hasPrefix("burst held,11,,The burst,simulator,HeapAlloc,") })
        let markdown = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# Allocation spike\n"))
        #expect(markdown.stdout.contains("| field | simulator | meaning |"))
    }

    /// One scenario on two models: what the lesson on giving memory back shows. Go 1.19 has no
    /// dense-chunk rule, so after the second GC and a sleep it has released the 200 MiB that
    /// Go 1.27 still keeps: the change that moves most.
    @Test func diffOfTwoModelsOnOneScenario() throws {
        let text = try MemstatsBinary.run(["diff", "release-to-os", "--model", "go1.19", "--model", "go1.27", "--focus"],
                                          environment: ["COLUMNS": "80", "NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("A  Scenarios/release-to-os.scenario: simulator, model go1.19\n"
            + "B  Scenarios/release-to-os.scenario: simulator, model go1.27\n"), "\(text.stdout)")
        #expect(text.stdout.contains("moved most:\n  HeapReleased  -"), "\(text.stdout)")
        for line in text.stdout.split(separator: "\n") { #expect(line.count <= 80, "'\(line)'") }
        let json = try MemstatsBinary.run(["diff", "release-to-os", "--model", "go1.19", "--model", "go1.27", "--focus",
                                           "--format", "json"])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let mover = try #require((decoded["movedMost"] as? [[String: Any]])?.first)
        #expect(mover["field"] as? String == "HeapReleased" && mover["snapshot"] as? String == "two gcs, one 3 s sleep")
        #expect((mover["change"] as? Double ?? 0) < -Double(100 << 20), "\(mover)")
        let csv = try MemstatsBinary.run(["diff", "release-to-os", "--model", "go1.19", "--model", "go1.27", "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("snapshot,line,field,a,b,change,relative\n"))
        // A scenario file works the same way.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-models-\(UUID().uuidString).scenario")
        defer { try? FileManager.default.removeItem(at: file) }
        try "alloc 10 x 100B\nsnapshot \"s\"\n".write(to: file, atomically: true, encoding: .utf8)
        let own = try MemstatsBinary.run(["diff", file.path, "--model", "go1.19", "--model", "go1.22", "--format", "json"])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.contains("\"model\" : \"go1.22\""))
    }

    /// Two real saved runs: the simulator's and real Go's, compared field by field.
    @Test func diffOfASimulatorRunAndARealGoRun() throws {
        guard GoToolchainCheck.isAvailable else {
            if GoToolchainCheck.isRequired { Issue.record("MEMSTATS_REQUIRE_GO=1 but there is no Go toolchain on PATH") }
            print("skipped diff of a real Go run: no Go toolchain on PATH")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulated = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--format", "json"])
        let real = try MemstatsBinary.run(["run", "spike", "--backend", "go", "--format", "json"])
        #expect(simulated.status == 0 && real.status == 0, "\(real.stderr)")
        let a = directory.appendingPathComponent("sim.json"), b = directory.appendingPathComponent("go.json")
        try simulated.stdout.write(to: a, atomically: true, encoding: .utf8)
        try real.stdout.write(to: b, atomically: true, encoding: .utf8)

        let text = try MemstatsBinary.run(["diff", a.path, b.path], environment: ["COLUMNS": "80"])
        #expect(text.status == 0, "\(text.stderr)")
        let joined = text.stdout.replacingOccurrences(of: "\n +", with: " ", options: .regularExpression)
        #expect(joined.contains("A  \(a.path): simulator, model go1.27"))
        #expect(joined.contains("B  \(b.path): go, model go1.27"))
        #expect(text.stdout.contains("● snapshot \"burst held\"  (line 11)"))
        #expect(text.stdout.contains("moved most:"))
        for line in text.stdout.split(separator: "\n") where !line.contains(directory.path) {
            #expect(line.count <= 80, "'\(line)'")
        }
        let json = try MemstatsBinary.run(["diff", a.path, b.path, "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((decoded?["snapshots"] as? [Any])?.count == 4)
        #expect((decoded?["movedMost"] as? [Any])?.isEmpty == false)

        let wrongBackend = try MemstatsBinary.run(["diff", a.path, b.path, "--b", "native"])
        #expect(wrongBackend.status == 2)
        let notARun = try MemstatsBinary.run(["diff", a.path, "README.md"])
        #expect(notARun.status == 4)
        #expect(notARun.stderr.contains("it is not a saved run"))
    }
}

@Suite struct ChineseListingTests {
    @Test func scenariosListInChinese() throws {
        let result = try MemstatsBinary.run(["scenarios", "--lang", "zh"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("内置场景（运行其中一个：memstats run 名称）：\n"))
        #expect(result.stdout.contains("  spike "))
        let english = try MemstatsBinary.run(["scenarios"])
        #expect(english.stdout != result.stdout)
    }
}
