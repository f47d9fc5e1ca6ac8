// `--model` and `memstats models`, in-process and without Go (PATH has no toolchain).

import Foundation
@testable import MemStatsCLI
import Testing

@Suite struct ModelOptionTests {
    @Test func modelsListsEveryProfileAndMarksWhatChanged() throws {
        let (status, captured) = run(["models", "--format", "json"])
        #expect(status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any]
        let models = try #require(document?["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["go1.19", "go1.22", "go1.23", "go1.24", "go1.25", "go1.27"])
        #expect(document?["defaultWithoutGo"] as? String == "go1.27")
        let changed122 = models[1]["changedSincePrevious"] as? [String] ?? []
        #expect(changed122.contains("malloc header") && changed122.contains("dense-chunk scavenging rule"))
        let changed127 = models[5]["changedSincePrevious"] as? [String] ?? []
        #expect(changed127.contains("objects per span") && changed127.contains("GC span queue (GCSys)") && !changed127.contains("malloc header"))
        let text = run(["models"]).captured.stdout
        #expect(text.contains("go1.19  (measured on go1.19.8)") && text.contains("* malloc header"))
    }

    @Test func runTakesTheModelAndSaysItInJSON() throws {
        for model in ["go1.19", "go1.22", "go1.23", "go1.24", "go1.25", "go1.27"] {
            let (status, captured) = run(["run", "spike", "--backend", "simulator", "--model", model, "--format", "json"])
            #expect(status == 0, "\(captured.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any]
            #expect(document?["model"] as? String == model)
        }
        // Without Go and without --model: the newest.
        let (_, plain) = run(["run", "spike", "--backend", "simulator", "--format", "json"])
        #expect(plain.stdout.contains("\"model\" : \"go1.27\""))
    }

    /// `inspect --reproduce --model`: the history is fitted on the model asked for, and the run
    /// options say it; --model without --reproduce is a usage error.
    @Test func inspectFitsOnTheModelAsked() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("InspectionTests/Fixtures/spike.memstats.json")
        let files = ["dump.json": [UInt8](try Data(contentsOf: fixture))]
        let (status, captured) = run(["inspect", "dump.json", "--reproduce", "-", "--model", "go1.22", "--format", "json"], files: files)
        #expect(status == 0, "\(captured.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any])
        let arguments = try #require(document["runArguments"] as? [String])
        #expect(arguments.suffix(2) == ["--model", "go1.22"], "\(arguments)")
        #expect((document["scenario"] as? String)?.contains("fitted on the go1.22 model") == true)
        let (bad, badOutput) = run(["inspect", "dump.json", "--model", "go1.22"], files: files)
        #expect(bad == 2)
        #expect(badOutput.stderr.contains("--model is for --reproduce"), "\(badOutput.stderr)")
    }

    @Test func anUnknownModelIsAUsageErrorThatListsTheModels() {
        let (status, captured) = run(["run", "spike", "--model", "go1.5"])
        #expect(status == 2, "\(captured.stderr)")
        #expect(captured.stderr.contains("go1.19") && captured.stderr.contains("go1.27"))
        #expect(captured.stdout.isEmpty)
    }

    /// `diff SCENARIO --model A --model B`: the simulator once per model, compared field by field.
    @Test func diffPutsTwoModelsSideBySideOnOneScenario() throws {
        let (status, captured) = run(["diff", "release-to-os", "--model", "go1.19", "--model", "go1.27", "--focus",
                                      "--format", "json"])
        #expect(status == 0, "\(captured.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any])
        let a = document["a"] as? [String: Any], b = document["b"] as? [String: Any]
        #expect(a?["model"] as? String == "go1.19" && b?["model"] as? String == "go1.27")
        #expect(a?["backend"] as? String == "simulator" && b?["backend"] as? String == "simulator")
        #expect(document["focusOnly"] as? Bool == true)
        // Only focus fields: "two gcs, one 3 s sleep" focuses HeapIdle and HeapReleased.
        let snapshots = try #require(document["snapshots"] as? [[String: Any]])
        let slept = try #require(snapshots.first { $0["label"] as? String == "two gcs, one 3 s sleep" })
        let fields = (slept["changed"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(Set(fields).isSubset(of: ["HeapIdle", "HeapReleased"]) && fields.contains("HeapReleased"), "\(fields)")
        // The order of --model is A then B: swapped, every change flips sign.
        let swapped = run(["diff", "release-to-os", "--model", "go1.27", "--model", "go1.19", "--focus", "--format", "json"])
        let other = try #require(try JSONSerialization.jsonObject(with: Data(swapped.captured.stdout.utf8)) as? [String: Any])
        let first = (document["movedMost"] as? [[String: Any]])?.first, otherFirst = (other["movedMost"] as? [[String: Any]])?.first
        #expect(first?["field"] as? String == otherFirst?["field"] as? String)
        #expect((first?["change"] as? Double).map { -$0 } == otherFirst?["change"] as? Double)
        // Without --focus, every scalar field is compared (more rows than the focus gives).
        let all = run(["diff", "release-to-os", "--model", "go1.19", "--model", "go1.27", "--format", "json"])
        let allDocument = try #require(try JSONSerialization.jsonObject(with: Data(all.captured.stdout.utf8)) as? [String: Any])
        let allSlept = (allDocument["snapshots"] as? [[String: Any]])?.first { $0["label"] as? String == "two gcs, one 3 s sleep" }
        #expect(((allSlept?["changed"] as? [Any])?.count ?? 0) > fields.count)
        #expect(allDocument["focusOnly"] == nil)
    }

    @Test func diffWithModelsRefusesWhatDoesNotFit() {
        let cases: [([String], String)] = [
            (["diff", "spike", "--model", "go1.19"], "--model was given once"),
            (["diff", "spike", "--model", "go1.19", "--model", "go1.22", "--model", "go1.27"], "--model was given 3 times"),
            (["diff", "spike", "--model", "go1.22", "--model", "go1.22"], "both --model values are go1.22"),
            (["diff", "spike", "--model", "go1.5", "--model", "go1.22"], "use one of: go1.19, go1.22, go1.23, go1.24, go1.25, go1.27"),
            (["diff", "spike", "other.json", "--model", "go1.19", "--model", "go1.27"], "one argument too many"),
            (["diff", "spike", "--model", "go1.19", "--model", "go1.27", "--b", "go"], "--b picks a backend of a saved run"),
            (["diff", "a.json", "b.json", "--gomaxprocs", "2"], "--gomaxprocs is for a scenario run on two models"),
            (["diff", "a.json", "b.json", "--heap-base", "fixed"], "--heap-base is for a scenario run on two models"),
            (["diff", "a.json", "b.json", "--go-environment", "reference"], "--go-environment is for a scenario run on two models"),
            (["diff", "a.json"], "missing argument B"),
        ]
        for (arguments, message) in cases {
            let (status, captured) = run(arguments)
            #expect(status == 2, "\(arguments): \(captured.stderr)")
            #expect(captured.stderr.contains(message), "\(arguments): \(captured.stderr)")
            #expect(captured.stderr.contains("usage: memstats diff"), "\(arguments)")
            #expect(captured.stdout.isEmpty)
        }
        let (status, captured) = run(["diff", "no-such-scenario", "--model", "go1.19", "--model", "go1.27"])
        #expect(status == 4 && captured.stderr.contains("no bundled scenario"), "\(captured.stderr)")
    }
}
