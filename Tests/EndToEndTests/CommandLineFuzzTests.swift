// A fuzz test of the command line itself: random argument vectors built from the real commands,
// options and values plus garbage, run against the built memstats for a bounded time. Each run
// must end by itself (no hang), without a crash, with a documented exit status, and with output
// that agrees with that status.
//
// The budget is MEMSTATS_FUZZ_SECONDS (default 20); the seed is printed, and MEMSTATS_FUZZ_SEED
// replays a run. Runs happen in a scratch directory (inspect --reproduce may write a file) with
// no Go toolchain and standard input from /dev/null, so nothing slow or outside is reached.

import Foundation
import ScenarioLanguage
import Testing

extension SplitMix64 {
    /// Below `n`, as an Int index.
    mutating func below(_ n: Int) -> Int { Int(below(UInt64(n))) }
}

@Suite struct CommandLineFuzzTests {
    /// Commands that finish quickly whatever they are given (bench runs only with --help).
    static let commands = ["run", "scenarios", "check", "fields", "explain", "diff", "fidelity", "inspect", "help",
                           "bench", "--help", "-h", "--version"]
    static let options = ["--backend", "--format", "--lang", "--go", "--gomaxprocs", "--max-sleep", "--real-limit",
                          "--all-fields", "--exact", "--bytes", "--color", "--help", "-h", "--", "--summary", "--runs",
                          "--a", "--b", "--pid", "--status", "--reproduce", "--quick", "-b", "--formt", "--backend=",
                          "--format=json", "--lang=zh", "-"]
    static let values = ["simulator", "go", "native", "simulator,native", "simulator,go", ",", "", "json", "text", "csv",
                         "markdown", "zh", "en", "fr", "0", "1", "-1", "4", "99999999999999999999", "10s", "5min",
                         "1MiB", "1KB", "2GiB", "spike", "spiek", "nonexist", "nonexist.scenario", "./local.scenario",
                         "bad.scenario", "/dev/zero", "/dev/null", ".", "-", "HeapIdle", "heapidle", "HeapIdel",
                         "run", "help", "always", "never", "\u{1B}[31mred", "中文", "a b", "--", "/nonexistent/go",
                         String(repeating: "x", count: 300)]

    static func randomArguments(_ rng: inout SplitMix64) -> [String] {
        var arguments: [String] = []
        if rng.below(10) > 0 { arguments.append(rng.pick(commands)) }
        if rng.below(2) == 0 {
            // Shaped like real use: a positional, then options each with a value.
            arguments.append(rng.pick(values))
            for _ in 0..<rng.below(4) { arguments += [rng.pick(options), rng.pick(values)] }
            if arguments.first == "bench" { arguments.append("--help") }
            return arguments
        }
        for _ in 0..<rng.below(6) {
            switch rng.below(10) {
            case 0..<4: arguments.append(rng.pick(options))
            case 4..<9: arguments.append(rng.pick(values))
            default:
                let length = rng.below(8)
                let scalars = (0..<length).compactMap { _ in Unicode.Scalar(UInt32(1 + rng.below(0x2FF))) }
                arguments.append(String(String.UnicodeScalarView(scalars)))
            }
        }
        if arguments.first == "bench" { arguments.append("--help") }
        return arguments
    }

    static let documentedStatuses: Set<Int32> = Set(0...7)

    /// What the output may not contradict, for one vector and its result.
    static func problems(_ arguments: [String], _ result: BoundedResult) -> [String] {
        var found: [String] = []
        if result.timedOut { found.append("did not end within the bound") }
        if result.signalled { found.append("killed by signal \(result.status)") }
        if !documentedStatuses.contains(result.status) { found.append("undocumented status \(result.status)") }
        if result.stderr.contains("Fatal error") || result.stderr.contains("Backtrac") { found.append("crashed") }
        if result.stderr.contains("\u{1B}") { found.append("printed an escape character on stderr") }
        let errorLine = result.stderr.split(separator: "\n").contains { $0.hasPrefix("error:") }
        switch result.status {
        case 0:
            if errorLine { found.append("status 0 with an error on stderr") }
        case 1:
            if result.stdout.isEmpty { found.append("status 1 (an expectation failed) with nothing on stdout") }
        default:
            if result.stderr.isEmpty { found.append("status \(result.status) with nothing on stderr") }
            // Usage errors are found before anything runs; check reports file by file.
            if result.status == 2 || (arguments.first == "run" && [3, 4, 6].contains(result.status)) {
                if !result.stdout.isEmpty { found.append("status \(result.status) with output on stdout") }
            }
        }
        return found
    }

    @Test func randomCommandLinesEndWithADocumentedStatusAndHonestOutput() throws {
        TmuxPane.exclusive.lock()
        defer { TmuxPane.exclusive.unlock() }
        let environment = ProcessInfo.processInfo.environment
        let budget = Double(environment["MEMSTATS_FUZZ_SECONDS"] ?? "") ?? 20
        let seed = UInt64(environment["MEMSTATS_FUZZ_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("command-line fuzz: seed \(seed) (replay with MEMSTATS_FUZZ_SEED=\(seed)), budget \(budget) s")
        var rng = SplitMix64(seed: seed)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "alloc 10 x 1KiB as a\nsnapshot \"s\"\nexpect HeapAlloc > 0\n"
            .write(to: directory.appendingPathComponent("local.scenario"), atomically: true, encoding: .utf8)
        try "alloc 0 x 1KB\n".write(to: directory.appendingPathComponent("bad.scenario"), atomically: true, encoding: .utf8)

        let descriptorsBefore = openDescriptorCount()
        let deadline = Date().addingTimeInterval(budget)
        var runs = 0
        var statuses: [Int32: Int] = [:]
        while Date() < deadline {
            let arguments = Self.randomArguments(&rng)
            let result = try BoundedRun.run(arguments, in: directory, environment: environmentWithoutGo, timeout: 60)
            runs += 1
            statuses[result.status, default: 0] += 1
            let problems = Self.problems(arguments, result)
            let vector = arguments.map { "'\($0)'" }.joined(separator: " ")
            let report = "memstats \(vector): \(problems.joined(separator: "; "))\nstderr: \(result.stderr.prefix(400))"
            #expect(problems.isEmpty, Comment(rawValue: report))
        }
        print("command-line fuzz: \(runs) runs, statuses \(statuses.sorted { $0.key < $1.key })")
        #expect(runs >= 5, "the budget should allow a few runs")
        // Each run must give back its descriptors (other tests run beside this one, hence the slack).
        let descriptorsAfter = openDescriptorCount()
        #expect(descriptorsAfter < descriptorsBefore + 64,
                "\(runs) runs left \(descriptorsAfter - descriptorsBefore) descriptors open")
    }

    private func openDescriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
}
