// The field guide's "Across Go versions" sections cite runs of the other models
// (`memstats run SCENARIO --model go1.19`): each cited command runs on the simulator with that
// model, exits 0 (every claim of the lesson holds or is for other releases) and says its model.

import Foundation
import Testing

@Suite struct FieldGuideVersionTests {
    /// Every `memstats run … --model …` in the entries, in both languages.
    static let citations: [String] = cited("run")
    /// Every `memstats diff … --model A --model B` in the entries, in both languages.
    static let diffCitations: [String] = cited("diff")

    static func cited(_ command: String) -> [String] {
        let root = MemstatsBinary.packageRoot.appendingPathComponent("Sources/FieldCatalogue/Entries")
        var found = Set<String>()
        for language in ["en", "zh"] {
            let dir = root.appendingPathComponent(language)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where file.hasSuffix(".md") {
                let text = (try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)) ?? ""
                for piece in text.components(separatedBy: "`memstats \(command) ").dropFirst() {
                    guard let end = piece.firstIndex(of: "`") else { continue }
                    let command = String(piece[..<end])
                    if command.contains("--model") { found.insert(command) }
                }
            }
        }
        return found.sorted()
    }

    @Test func theGuideCitesEveryOlderModel() {
        #expect(Self.citations.contains { $0.hasSuffix("--model go1.19") })
        #expect(Self.citations.contains { $0.hasSuffix("--model go1.22") })
    }

    @Test(arguments: citations)
    func aCitedRunWorks(_ command: String) throws {
        let words = command.split(separator: " ").map(String.init)
        let result = try MemstatsBinary.run(["run"] + words + ["--backend", "simulator", "--format", "json"])
        #expect(result.status == 0, "memstats run \(command): \(result.stderr)")
        let model = words[(words.firstIndex(of: "--model") ?? 0) + 1]
        #expect(result.stdout.contains("\"model\" : \"\(model)\""), "memstats run \(command)")
    }

    @Test func theGuideCitesTheReleasesBetween() {
        #expect(Self.citations.contains { $0.hasSuffix("--model go1.23") } && Self.citations.contains { $0.hasSuffix("--model go1.25") })
        #expect(!Self.diffCitations.isEmpty)
    }

    /// A cited `diff SCENARIO --model A --model B` runs and compares those two models.
    @Test(arguments: diffCitations)
    func aCitedDiffWorks(_ command: String) throws {
        let words = command.split(separator: " ").map(String.init)
        let result = try MemstatsBinary.run(["diff"] + words + ["--format", "json"])
        #expect(result.status == 0, "memstats diff \(command): \(result.stderr)")
        let models = words.indices.filter { words[$0] == "--model" }.map { words[$0 + 1] }
        #expect(models.count == 2, "memstats diff \(command)")
        for model in models { #expect(result.stdout.contains("\"model\" : \"\(model)\""), "memstats diff \(command)") }
    }
}
