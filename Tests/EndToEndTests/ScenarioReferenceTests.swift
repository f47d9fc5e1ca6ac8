// The scenario-language reference (Tutorials/scenario-language.md) is part of the product:
// every ```scenario block in it must check clean, every ```scenario-warning block must check
// with a warning and exit 0, and every ```scenario-error block must be rejected with exit
// status 3. Inside a block, a whole-line comment `# error: TEXT`, `# warning: TEXT` or
// `# hint: TEXT` is a message the page says memstats prints for that block; it must.
// The example files in Tutorials/examples/ must check clean (typo.scenario must not), hold
// their `expect` lines on the simulator, and appear verbatim on the page.
// Blocks are compiled by the built binary (`memstats check FILE`), as a user would.

import Foundation
import Testing

struct ReferenceSnippet: CustomStringConvertible, Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case valid = "scenario"
        case warning = "scenario-warning"
        case invalid = "scenario-error"
    }

    static let page = "Tutorials/scenario-language.md"

    /// The line of the opening fence on the page.
    var line: Int
    var kind: Kind
    var text: String
    /// `error: …`, `warning: …` and `hint: …` lines the block's comments quote.
    var quotedMessages: [String]

    var description: String { "\(ReferenceSnippet.page):\(line) ```\(kind.rawValue)" }

    static func all() -> [ReferenceSnippet] {
        let url = MemstatsBinary.packageRoot.appendingPathComponent(page)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var snippets: [ReferenceSnippet] = []
        var inBlock = false
        var current: ReferenceSnippet?
        var body: [String] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if inBlock {
                    if var finished = current {
                        finished.text = body.joined(separator: "\n") + "\n"
                        snippets.append(finished)
                    }
                    current = nil
                    inBlock = false
                } else {
                    inBlock = true
                    body = []
                    let tag = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    current = Kind(rawValue: tag).map {
                        ReferenceSnippet(line: index + 1, kind: $0, text: "", quotedMessages: [])
                    }
                }
                continue
            }
            guard inBlock, current != nil else { continue }
            body.append(line)
            let comment = line.trimmingCharacters(in: .whitespaces)
            for label in ["error: ", "warning: ", "hint: "] where comment.hasPrefix("# " + label) {
                current!.quotedMessages.append(String(comment.dropFirst(2)))
            }
        }
        return snippets
    }
}

/// One file of Tutorials/examples/.
struct ExampleScenario: CustomStringConvertible, Sendable {
    var name: String
    var path: String { "Tutorials/examples/\(name)" }
    var description: String { path }
    /// typo.scenario shows mistakes on purpose (the README checks it fails).
    var isMeantToFail: Bool { name == "typo.scenario" }

    static func all() -> [ExampleScenario] {
        let directory = MemstatsBinary.packageRoot.appendingPathComponent("Tutorials/examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted().map(ExampleScenario.init)
    }
}

@Suite struct ScenarioReferenceTests {
    /// Checks `text` as a scenario file with the built binary.
    private func check(_ text: String) throws -> ProcessResult {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("memstats-reference-\(UUID().uuidString).scenario")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try MemstatsBinary.run(["check", file.path])
    }

    @Test func thePageHasSnippetsOfEveryKind() {
        let snippets = ReferenceSnippet.all()
        #expect(snippets.filter { $0.kind == .valid }.count >= 15)
        #expect(snippets.filter { $0.kind == .invalid }.count >= 15)
        #expect(snippets.contains { $0.kind == .warning })
        // The error blocks say what memstats prints, so a reader can trust them.
        #expect(snippets.filter { $0.kind == .invalid }.allSatisfy { $0.quotedMessages.contains { $0.hasPrefix("error: ") } })
    }

    @Test(arguments: ReferenceSnippet.all())
    func snippetChecksAsThePageSays(_ snippet: ReferenceSnippet) throws {
        let result = try check(snippet.text)
        let output = result.stdout + result.stderr
        switch snippet.kind {
        case .valid:
            #expect(result.status == 0, "\(snippet) should check clean:\n\(output)")
            #expect(!output.contains(": error: ") && !output.contains(": warning: "), "\(snippet):\n\(output)")
            #expect(result.stdout.hasPrefix("ok: "), "\(snippet):\n\(output)")
        case .warning:
            #expect(result.status == 0, "\(snippet) should check with a warning only:\n\(output)")
            #expect(output.contains(": warning: "), "\(snippet) gives no warning:\n\(output)")
            #expect(!output.contains(": error: "), "\(snippet):\n\(output)")
        case .invalid:
            #expect(result.status == 3, "\(snippet) should be rejected with exit status 3, got \(result.status):\n\(output)")
        }
        for message in snippet.quotedMessages {
            // `error: M` and `warning: M` follow `FILE:LINE:COLUMN: `; `hint: M` starts a line.
            let printed = message.hasPrefix("hint: ") ? "\n" + message : ": " + message
            #expect(output.contains(printed), "\(snippet): memstats does not print '\(message)':\n\(output)")
        }
    }

    @Test func theExamplesDirectoryHoldsTheExamples() {
        let examples = ExampleScenario.all()
        #expect(examples.contains { $0.isMeantToFail })
        #expect(examples.filter { !$0.isMeantToFail }.count >= 3)
    }

    @Test(arguments: ExampleScenario.all())
    func exampleChecksCleanAndHoldsOnTheSimulator(_ example: ExampleScenario) throws {
        let checked = try MemstatsBinary.run(["check", example.path])
        if example.isMeantToFail {
            #expect(checked.status == 3, "\(example) should be rejected: \(checked.stdout)\(checked.stderr)")
            return
        }
        #expect(checked.status == 0, "\(example) does not check clean:\n\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("ok: \(example.path) ("), "\(example):\n\(checked.stdout)")
        #expect(!(checked.stdout + checked.stderr).contains(": warning: "), "\(example):\n\(checked.stderr)")

        let run = try MemstatsBinary.run(["run", example.path, "--backend", "simulator"])
        #expect(run.status == 0, "\(example) on the simulator exited \(run.status):\n\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("expectations hold") || run.stdout.contains("no expectations"),
                "\(example):\n\(run.stdout)")
    }

    @Test(arguments: ExampleScenario.all().filter { !$0.isMeantToFail })
    func examplePageShowsTheFileVerbatim(_ example: ExampleScenario) throws {
        let root = MemstatsBinary.packageRoot
        let page = try String(contentsOf: root.appendingPathComponent(ReferenceSnippet.page), encoding: .utf8)
        let file = try String(contentsOf: root.appendingPathComponent(example.path), encoding: .utf8)
        #expect(page.contains("```scenario\n" + file + "```"), "\(ReferenceSnippet.page) does not show \(example.path) as it is")
        #expect(page.contains("(examples/\(example.name))"), "\(ReferenceSnippet.page) does not link \(example.path)")
    }
}
