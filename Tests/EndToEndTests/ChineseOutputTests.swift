// Everything a command prints under --lang zh is Chinese: the built memstats runs each command
// a class uses, and every stretch of its output between Chinese characters is scanned for
// English prose (three or more English words in a row). Go's names (HeapAlloc, GOMAXPROCS),
// backend names, units, paths and the scenario language's own `expect` claims are not prose.

import Foundation
import Testing

enum EnglishProse {
    /// Stretches of `text` with three or more English words in a row, outside Chinese text.
    static func find(in text: String) -> [String] {
        var found: [String] = []
        for line in text.split(separator: "\n") {
            // The claims of `expect` are the scenario language, not prose.
            if line.contains("expect ") { continue }
            var run: [String] = []
            func close() {
                if run.count >= 3 { found.append(run.joined(separator: " ") + "   ← in: " + line) }
                run = []
            }
            for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                // Chinese in the token ends a run; punctuation around an English word does not.
                if token.unicodeScalars.contains(where: { (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }) {
                    close()
                    continue
                }
                // Options (--backend) and shell prompts are code, not prose.
                if token.hasPrefix("-") || token.hasPrefix("$") {
                    close()
                    continue
                }
                let word = token.trimmingCharacters(in: CharacterSet.letters.inverted)
                let isEnglishWord = word.count >= 2 && word.allSatisfy { $0.isASCII && $0.isLetter }
                    && word == word.lowercased() && !technical.contains(word)
                if isEnglishWord { run.append(word) } else { close() }
            }
            close()
        }
        return found
    }

    /// Lower-case words that are names, not prose: the command, backends, formats, option values.
    static let technical: Set<String> = ["memstats", "simulator", "native", "go", "json", "csv", "markdown", "text",
                                         "zh", "en"]
}

@Suite struct ChineseOutputTests {
    @Test func theScannerFindsEnglishProse() {
        #expect(!EnglishProse.find(in: "charts: each focused field over the snapshots").isEmpty)
        #expect(!EnglishProse.find(in: "后端：simulator — chosen by default: go because").isEmpty)
        #expect(EnglishProse.find(in: "  HeapAlloc     40.6 KiB   已分配堆对象的字节数").isEmpty)
        #expect(EnglishProse.find(in: "  ✓ expect HeapAlloc ~ 100MiB within 10%  [第 12 行]").isEmpty)
        #expect(EnglishProse.find(in: "  $ memstats run spike --backend simulator --lang zh").isEmpty)
    }

    @Test(arguments: [
        ["run", "spike", "--backend", "simulator", "--chart", "--heap-map"],
        ["run", "fragmentation", "--backend", "simulator", "--all-fields"],
        ["run", "spike", "--backend", "simulator", "--format", "markdown"],
        ["run", "gc-pacing", "--backend", "simulator", "--gomaxprocs", "2", "--bands"],
        ["scenarios"],
        ["fields"],
        ["explain", "HeapIdle"],
        ["learn"],
        ["learn", "1"],
    ])
    func commandPrintsNoEnglishProse(_ arguments: [String]) throws {
        let run = try MemstatsBinary.run(arguments + ["--lang", "zh"], environment: ["COLUMNS": "100", "NO_COLOR": "1"])
        #expect(run.status == 0, "\(run.stderr)")
        let english = EnglishProse.find(in: run.stdout)
        let shown = english.prefix(10).joined(separator: "\n")
        #expect(english.isEmpty, "memstats \(arguments.joined(separator: " ")) --lang zh prints English:\n\(shown)")
    }

    @Test func scenarioErrorsAreInChineseForCheckAndRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-zh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.scenario")
        try "alloc 1000 x 1KB as burst\nfree brust\nrepeat 2\nsnapshot \"s\"\n".write(to: file, atomically: true, encoding: .utf8)
        let environment = ["COLUMNS": "100", "NO_COLOR": "1"]
        let check = try MemstatsBinary.run(["check", file.path, "--lang", "zh"], environment: environment)
        #expect(check.status == 3, "\(check.stderr)")
        // The spec's first line stays parseable: FILE:LINE:COLUMN: error: MESSAGE.
        #expect(check.stderr.hasPrefix("\(file.path):1:14: error: '1KB' 中的大小单位 'KB' 未知\n"), "\(check.stderr)")
        #expect(check.stderr.contains("3 个错误；\(file.path) 无效。"), "\(check.stderr)")
        let english = EnglishProse.find(in: check.stderr)
        #expect(english.isEmpty, "check --lang zh prints English:\n\(english.prefix(10).joined(separator: "\n"))")
        let run = try MemstatsBinary.run(["run", file.path, "--backend", "simulator", "--lang", "zh"], environment: environment)
        #expect(run.status == 3 && run.stdout.isEmpty, "\(run.stderr)")
        #expect(run.stderr.contains("提示：你是不是想写 'burst'？") && run.stderr.hasSuffix("3 个错误；没有运行任何内容。\n"),
                "\(run.stderr)")
        // Without --lang the same file reads in English.
        let plain = try MemstatsBinary.run(["check", file.path], environment: environment)
        #expect(plain.stderr.contains("hint: did you mean 'burst'?") && plain.stderr.contains("3 errors; \(file.path) is not valid."),
                "\(plain.stderr)")
    }

    @Test func diffPrintsNoEnglishProse() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-zh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, extra) in [("a.json", [String]()), ("b.json", ["--gomaxprocs", "4"])] {
            let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--format", "json"] + extra)
            try run.stdout.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let diff = try MemstatsBinary.run(["diff", directory.appendingPathComponent("a.json").path,
                                           directory.appendingPathComponent("b.json").path, "--lang", "zh"],
                                          environment: ["COLUMNS": "100", "NO_COLOR": "1"])
        #expect(diff.status == 0, "\(diff.stderr)")
        // Snapshot labels in their translations, as run --lang zh shows them.
        #expect(diff.stdout.contains("● 快照 “开始”"), "\(diff.stdout)")
        let english = EnglishProse.find(in: diff.stdout)
        let shown = english.prefix(10).joined(separator: "\n")
        #expect(english.isEmpty, "diff --lang zh prints English:\n\(shown)")
    }

    @Test func diffOfTwoModelsPrintsNoEnglishProse() throws {
        let diff = try MemstatsBinary.run(["diff", "release-to-os", "--model", "go1.19", "--model", "go1.27", "--lang", "zh"],
                                          environment: ["COLUMNS": "100", "NO_COLOR": "1"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("模型 go1.19") && diff.stdout.contains("● 快照 “两次 GC，一次 3 秒睡眠”"), "\(diff.stdout)")
        let english = EnglishProse.find(in: diff.stdout)
        #expect(english.isEmpty, "diff --model --lang zh prints English:\n\(english.prefix(10).joined(separator: "\n"))")
    }

    @Test func htmlReportHasNoEnglishProse() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-zh-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: page) }
        let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--html", page.path, "--lang", "zh"])
        #expect(run.status == 0, "\(run.stderr)")
        var html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<html lang=\"zh\">"))
        // The visible text: style and script removed, tags replaced by line breaks.
        for pattern in ["<style>[\\s\\S]*?</style>", "<script>[\\s\\S]*?</script>", "<[^>]*>"] {
            html = html.replacingOccurrences(of: pattern, with: "\n", options: .regularExpression)
        }
        let english = EnglishProse.find(in: html)
        let shown = english.prefix(10).joined(separator: "\n")
        #expect(english.isEmpty, "the --lang zh HTML report shows English:\n\(shown)")
    }
}
