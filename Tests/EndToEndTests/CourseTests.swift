// The course (Tutorials/NN-*.md and Tutorials/zh/NN-*.md) is part of the product:
// - every `$ memstats …` block in a lesson is run on the simulator and its whole output must be
//   what the lesson shows (lessons run nothing else, so the output is deterministic);
// - `Tutorials/regenerate` rewrites those blocks (and, first, the field guide's shown-moving
//   lists) from what the built binary prints: rerun it after every change to the presentation
//   and after every rebase, never edit an output block by hand;
// - every exercise's answer key (Tutorials/exercises/*.scenario) holds on the simulator (and on
//   real Go 1.27 when a toolchain is present), and a lesson runs it;
// - each of the 32 MemStats fields is focused in some lesson's run and moves there (the few
//   fields that are constant in every Go program are shown constant, and listed below);
// - both languages have the same lessons with the same commands, and the bundled scenarios'
//   course order is the order the lessons first run them.

import Foundation
import Testing

struct LessonCommand: CustomStringConvertible, Sendable {
    var file: String
    var line: Int
    var arguments: [String]
    /// The lines between the command and the closing fence, as the lesson shows them.
    var shownOutput: [String]

    var description: String { "\(file):\(line): memstats \(arguments.joined(separator: " "))" }
}

enum Course {
    static let root = MemstatsBinary.packageRoot

    /// `Tutorials/01-….md`, …, then `Tutorials/zh/01-….md`, ….
    static func pages(_ language: String? = nil) -> [String] {
        var pages: [String] = []
        for (folder, code) in [("Tutorials", "en"), ("Tutorials/zh", "zh")] where language == nil || language == code {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            pages += names.filter(isLessonName).sorted().map { "\(folder)/\($0)" }
        }
        return pages
    }

    /// `01-what-top-cannot-tell.md`: two digits, a dash, a name, `.md`.
    static func isLessonName(_ name: String) -> Bool {
        let characters = Array(name)
        return characters.count > 6 && characters[0].isNumber && characters[1].isNumber && characters[2] == "-"
            && name.hasSuffix(".md")
    }

    static func text(_ page: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)) ?? ""
    }

    /// The `$ memstats` blocks of a page: a fence, the command line, its output, a fence.
    static func commands(in page: String) -> [LessonCommand] {
        var commands: [LessonCommand] = []
        let lines = text(page).components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            if lines[index].hasPrefix("```"), index + 1 < lines.count, lines[index + 1].hasPrefix("$ memstats ") {
                var end = index + 2
                while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
                let words = lines[index + 1].dropFirst("$ memstats ".count).split(separator: " ").map(String.init)
                commands.append(LessonCommand(file: page, line: index + 2, arguments: words,
                                              shownOutput: Array(lines[(index + 2)..<min(end, lines.count)])))
                index = end + 1
            } else {
                index += 1
            }
        }
        return commands
    }

    static func allCommands() -> [LessonCommand] { pages().flatMap(commands(in:)) }

    /// The environment lessons are run in: a fixed width, no colour, the reference Go environment.
    static var environment: [String: String] {
        var environment = MemstatsBinary.pinned(nil)
        environment["COLUMNS"] = "100"
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "MEMSTATS_GO")
        return environment
    }

    /// What the built memstats prints for `arguments` (stdout, then stderr), as lesson lines.
    static func printed(_ arguments: [String]) throws -> (status: Int32, lines: [String]) {
        let result = try MemstatsBinary.run(arguments, environment: environment)
        var text = result.stdout + result.stderr
        while text.hasSuffix("\n") { text.removeLast() }
        return (result.status, text.components(separatedBy: "\n").map(\.trimmingTrailingSpaces))
    }

    static var regenerating: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REGENERATE_DOCS"] == "1" }

    /// Rewrites every `$ memstats` block of `page` with what memstats prints now.
    static func regenerate(_ page: String) throws {
        var lines = text(page).components(separatedBy: "\n")
        for command in commands(in: page).reversed() {
            let start = command.line  // index of the first output line (command.line is 1-based)
            let output = try printed(command.arguments).lines
            lines.replaceSubrange(start..<(start + command.shownOutput.count), with: output)
        }
        try lines.joined(separator: "\n").write(to: root.appendingPathComponent(page), atomically: true, encoding: .utf8)
    }

    /// The `run` commands of a page: the scenario and any options besides `--backend`.
    static func runs(in page: String) -> [[String]] {
        commands(in: page).filter { $0.arguments.first == "run" }.map(\.arguments)
    }
}

@Suite(.serialized) struct CourseTests {
    /// Constant in every Go program, so no lesson can show them moving; each is focused in a
    /// lesson that says why it does not move.
    static let constantFields: Set<String> = ["EnableGC", "DebugGC", "Lookups", "BuckHashSys", "MCacheSys"]

    /// A JSON value as canonical text, to compare readings of any shape.
    static func json(_ value: Any?) -> String {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func regenerateWhenAsked() throws {
        guard Course.regenerating else { return }
        for page in Course.pages() { try Course.regenerate(page) }
    }

    @Test func theCourseHasTenLessonsInBothLanguages() {
        let english = Course.pages("en").map { ($0 as NSString).lastPathComponent }
        let chinese = Course.pages("zh").map { ($0 as NSString).lastPathComponent }
        #expect(english.count >= 10)
        #expect(english == chinese, "every lesson has a Chinese page with the same file name")
        for zh in Course.pages("zh") {
            let en = "Tutorials/" + (zh as NSString).lastPathComponent
            #expect(Course.commands(in: en).map(\.arguments).map { $0.filter { $0 != "--lang" && $0 != "zh" } }
                    == Course.commands(in: zh).map(\.arguments).map { $0.filter { $0 != "--lang" && $0 != "zh" } },
                    "\(zh) runs the commands of \(en)")
        }
    }

    @Test func everyLessonOpensWithAQuestionAndHasAnExerciseWithAnAnswer() {
        for page in Course.pages() {
            let lines = Course.text(page).components(separatedBy: "\n").filter { !$0.isEmpty }
            let opening = lines.dropFirst().first ?? ""
            #expect(opening.hasSuffix("?") || opening.hasSuffix("？") || opening.hasSuffix("?*") || opening.hasSuffix("？*"),
                    "\(page) opens with a question, not: \(opening)")
            let exercises = Course.commands(in: page).filter { $0.arguments.contains { $0.hasPrefix("Tutorials/exercises/") } }
            #expect(!exercises.isEmpty, "\(page) runs its exercise's answer key")
        }
    }

    @Test func lessonsRunOnlyTheSimulator() {
        for command in Course.allCommands() where command.arguments.first == "run" {
            let backend = command.arguments.firstIndex(of: "--backend").map { command.arguments[$0 + 1] }
            #expect(backend == "simulator", "\(command): a lesson's run uses --backend simulator, so its output is deterministic")
        }
    }

    @Test(arguments: Course.allCommands())
    func lessonBlockShowsWhatMemstatsPrints(_ command: LessonCommand) throws {
        if Course.regenerating { return }
        let (status, printed) = try Course.printed(command.arguments)
        #expect(status == 0, "\(command) exited \(status)")
        let shown = command.shownOutput.map(\.trimmingTrailingSpaces)
        if shown != printed {
            let firstDifference = Array(zip(shown, printed)).firstIndex { $0.0 != $0.1 } ?? min(shown.count, printed.count)
            Issue.record("""
                \(command): the lesson does not show what memstats prints (first difference at output line \
                \(firstDifference + 1): shown '\(firstDifference < shown.count ? shown[firstDifference] : "<end>")', \
                printed '\(firstDifference < printed.count ? printed[firstDifference] : "<end>")'). \
                Regenerate: Tutorials/regenerate
                """)
        }
    }

    @Test func everyAnswerKeyHoldsAndIsRunByALesson() throws {
        let folder = Course.root.appendingPathComponent("Tutorials/exercises")
        let keys = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".scenario") }.sorted().map { "Tutorials/exercises/\($0)" }
        #expect(keys.count >= 10)
        let ranByLessons = Set(Course.pages("en").flatMap(Course.runs(in:)).compactMap { $0.dropFirst().first })
        for key in keys {
            #expect(ranByLessons.contains(key), "no lesson runs \(key)")
            let simulator = try MemstatsBinary.run(["run", key, "--backend", "simulator"], environment: Course.environment)
            #expect(simulator.status == 0, "\(key) on the simulator: \(simulator.stdout.suffix(600)) \(simulator.stderr)")
            if GoToolchainCheck.isAvailable {
                let go = try MemstatsBinary.run(["run", key, "--backend", "go"])
                #expect(go.status == 0, "\(key) on real Go: \(go.stdout.suffix(600)) \(go.stderr)")
            }
        }
    }

    @Test func everyFieldIsFocusedInALessonAndMovesThere() throws {
        // Per lesson and scenario: the fields focused, and every simulated reading of every run.
        var shownMoving: Set<String> = []
        var focusedAnywhere: Set<String> = []
        for page in Course.pages("en") {
            var byScenario: [String: (focus: Set<String>, readings: [[String: Any]])] = [:]
            for arguments in Course.runs(in: page) {
                let result = try MemstatsBinary.run(arguments + ["--format", "json"], environment: Course.environment)
                let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                let snapshots = document["snapshots"] as? [[String: Any]] ?? []
                let name = arguments[1]
                var entry = byScenario[name] ?? ([], [])
                for snapshot in snapshots {
                    entry.focus.formUnion(snapshot["focus"] as? [String] ?? [])
                    let readings = snapshot["readings"] as? [String: Any]
                    let simulator = readings?["simulator"] as? [String: Any]
                    if let memstats = simulator?["memstats"] as? [String: Any] { entry.readings.append(memstats) }
                }
                byScenario[name] = entry
            }
            for (_, entry) in byScenario {
                focusedAnywhere.formUnion(entry.focus)
                guard let first = entry.readings.first else { continue }
                for field in entry.focus {
                    let moved = entry.readings.contains { Self.json($0[field]) != Self.json(first[field]) }
                    if moved { shownMoving.insert(field) }
                }
            }
        }
        let all = ["Alloc", "TotalAlloc", "Sys", "Lookups", "Mallocs", "Frees", "HeapAlloc", "HeapSys", "HeapIdle",
                   "HeapInuse", "HeapReleased", "HeapObjects", "StackInuse", "StackSys", "MSpanInuse", "MSpanSys",
                   "MCacheInuse", "MCacheSys", "BuckHashSys", "GCSys", "OtherSys", "NextGC", "LastGC", "PauseTotalNs",
                   "PauseNs", "PauseEnd", "NumGC", "NumForcedGC", "GCCPUFraction", "EnableGC", "DebugGC", "BySize"]
        for field in all {
            #expect(focusedAnywhere.contains(field), "\(field) is focused in no lesson's run")
            if Self.constantFields.contains(field) {
                #expect(!shownMoving.contains(field), "\(field) moves in a lesson: take it off the constant list")
            } else {
                #expect(shownMoving.contains(field), "\(field) is focused but never moves in any lesson's run")
            }
        }
    }

    @Test func learnListsTheLessonsAndShowsOneInEitherLanguage() throws {
        let list = try MemstatsBinary.run(["learn"], environment: Course.environment)
        #expect(list.status == 0)
        let listed = list.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  ") }
        #expect(listed.count == Course.pages("en").count)
        for (line, number) in zip(listed, 1...) {
            #expect(line.trimmingCharacters(in: .whitespaces).hasPrefix("\(number). "), "\(line)")
        }
        for (language, page) in [("en", "Tutorials/02-heap-in-spans.md"), ("zh", "Tutorials/zh/02-heap-in-spans.md")] {
            let shown = try MemstatsBinary.run(["learn", "2", "--lang", language], environment: Course.environment)
            #expect(shown.status == 0)
            let title = Course.text(page).components(separatedBy: "\n")[0].dropFirst(2)
            let lines = shown.stdout.components(separatedBy: "\n")
            #expect(lines.first == String(title), "the lesson starts with its heading")
            #expect(lines.dropFirst().first?.allSatisfy { $0 == "=" } == true, "the heading is underlined")
            #expect(lines.contains("    $ memstats run heap-in-spans --backend simulator" + (language == "zh" ? " --lang zh" : "")),
                    "code blocks are indented")
            #expect(lines.contains { $0.hasPrefix("HeapSys = HeapInuse + HeapIdle  ") }, "tables are aligned")
            #expect(!shown.stdout.contains("```") && !shown.stdout.contains("**"), "no Markdown marks")
        }
        let missing = try MemstatsBinary.run(["learn", "11"], environment: Course.environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("'11' is not a valid value"))
    }

    @Test func theBundledCourseOrderIsTheLessonsOrder() throws {
        var order: [String] = []
        for page in Course.pages("en") {
            for arguments in Course.runs(in: page) where !arguments[1].contains("/") && !order.contains(arguments[1]) {
                order.append(arguments[1])
            }
        }
        let listed = try MemstatsBinary.run(["scenarios"], environment: Course.environment).stdout
            .components(separatedBy: "\n").filter { $0.hasPrefix("  ") && ($0.dropFirst(2).first?.isLowercase ?? false) }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        let lessonScenarios = listed.filter(order.contains)
        #expect(lessonScenarios == order, "memstats scenarios lists \(lessonScenarios); the lessons run them in the order \(order)")
    }
}
