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
        #expect(models.map { $0["name"] as? String } == ["go1.19", "go1.22", "go1.27"])
        #expect(document?["defaultWithoutGo"] as? String == "go1.27")
        let changed122 = models[1]["changedSincePrevious"] as? [String] ?? []
        #expect(changed122.contains("malloc header") && changed122.contains("dense-chunk scavenging rule"))
        let changed127 = models[2]["changedSincePrevious"] as? [String] ?? []
        #expect(changed127.contains("objects per span") && !changed127.contains("malloc header"))
        let text = run(["models"]).captured.stdout
        #expect(text.contains("go1.19  (measured on go1.19.8)") && text.contains("* malloc header"))
    }

    @Test func runTakesTheModelAndSaysItInJSON() throws {
        for model in ["go1.19", "go1.22", "go1.27"] {
            let (status, captured) = run(["run", "spike", "--backend", "simulator", "--model", model, "--format", "json"])
            #expect(status == 0, "\(captured.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any]
            #expect(document?["model"] as? String == model)
        }
        // Without Go and without --model: the newest.
        let (_, plain) = run(["run", "spike", "--backend", "simulator", "--format", "json"])
        #expect(plain.stdout.contains("\"model\" : \"go1.27\""))
    }

    @Test func anUnknownModelIsAUsageErrorThatListsTheModels() {
        let (status, captured) = run(["run", "spike", "--model", "go1.5"])
        #expect(status == 2, "\(captured.stderr)")
        #expect(captured.stderr.contains("go1.19") && captured.stderr.contains("go1.27"))
        #expect(captured.stdout.isEmpty)
    }
}
