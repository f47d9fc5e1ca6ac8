import BundledScenarios
import Foundation
import Testing
@testable import ScenarioLanguage

/// A seeded random mutator over real scenarios: compile must never crash or hang, and every
/// diagnostic must point inside the text. Bounded by an iteration count and a time budget, so
/// it runs in CI; a failure prints the seed and iteration, and replays exactly.
///
/// A longer local run: `FUZZ_SEED=7 FUZZ_ITERATIONS=200000 FUZZ_SECONDS=300 FUZZ_SEED_DIR=path/to/scenarios
/// swift test --filter MutationFuzz`.
@Suite struct MutationFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed: UInt64 = environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5CE4_A210
    static let maximumIterations = environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 4000
    static let timeBudget: Duration = .seconds(environment["FUZZ_SECONDS"].flatMap { Int($0) } ?? 4)

    /// Scenarios covering every statement, header and error-prone corner.
    static let inlineSeeds = [
        ParserTests.everyStatement,
        """
        title "Goroutines"
        about "stacks grow"
        goroutines 1000 stack 64KiB as workers
        snapshot "grown" focus StackInuse StackSys HeapSys
        expect StackInuse > 60MiB
        exit workers
        sleep 30s
        snapshot "after" focus StackInuse
        """,
        """
        set gogc off
        set memlimit 256MiB
        repeat 4
          alloc 1000 x 32KiB as chunk pointers
          free chunk keep 1 in 4
          release
        end
        snapshot "limited"
        expect HeapAlloc ~ 100MiB within 25%
        expect NumGC >= 1
        """,
        """
        step "中文 step"   # unicode in strings and comments: 中文
        note "tab\tinside \\"quoted\\" text"
        alloc 10 x 1KiB as café-ok
        """,
    ]

    static let insertions = [
        "alloc", "free", "gc", "release", "sleep", "goroutines", "exit", "set", "snapshot", "expect", "repeat",
        "end", "title", "about", "step", "note", "x", "as", "keep 1 in", "stack", "focus", "within", "off",
        "pointers", "untouched", "gogc", "memlimit", "\n", "\nrepeat 1000000000000\n", "\nend\n", "\"", "\\",
        "#", "~", "%", "+", "-", "==", "=", "<=", "99999999999999999999999", "1000000000000", "0", "-5",
        "1KB", "1.5MiB", "1e6", "5min", "1TiB", "HeapIdle", "heapidle", "BySize", "中文", "🧠", "e\u{301}",
        "\u{202E}", "\u{FEFF}", "\t", "\r", "\r\n", "\u{0}", "\u{1B}[31m", " ", "_", "__",
    ]

    @Test func compileSurvivesRandomMutations() {
        var rng = SplitMix64(seed: Self.seed)
        var seeds = (BundledScenarios.all.map(\.source) + Self.inlineSeeds).map { Array($0.utf8) }
        // FUZZ_SEED_DIR adds every *.scenario of a folder as seeds (for long local runs).
        if let dir = Self.environment["FUZZ_SEED_DIR"],
           let names = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for name in names.sorted() where name.hasSuffix(".scenario") {
                if let data = FileManager.default.contents(atPath: dir + "/" + name) { seeds.append(Array(data)) }
            }
        }
        #expect(seeds.count >= Self.inlineSeeds.count + 1)
        var limits = ScenarioLimits()
        limits.maximumExecutedStatements = 5_000 // every compiled mutant also runs, quickly
        let clock = ContinuousClock()
        let start = clock.now
        var iterations = 0
        var compiled = 0
        while iterations < Self.maximumIterations && clock.now - start < Self.timeBudget {
            iterations += 1
            var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0...(rng.next() % 4) {
                mutate(&bytes, seeds: seeds, rng: &rng)
            }
            let before = clock.now
            let compilation = ScenarioCompiler.compile(bytes: bytes, file: "fuzz.scenario", limits: limits)
            let rendered = compilation.rendered()
            let elapsed = clock.now - before
            let context = "seed \(Self.seed) iteration \(iterations): \(String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription)"
            #expect(elapsed < .seconds(1), "slow compile, \(context)")
            #expect(locationsAreValid(compilation), "\(context)\n\(rendered)")
            #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(context)")
            #expect(compilation.diagnostics.count <= limits.maximumDiagnostics)
            #expect((compilation.scenario == nil) == compilation.hasErrors, "\(context)")
            if let scenario = compilation.scenario {
                compiled += 1
                _ = ResourceEstimate.estimate(scenario)
                let record = ScenarioInterpreter(backends: [FakeBackend(.simulator, log: CallLog())]).run(scenario)
                #expect(record.snapshots.count <= Int(limits.maximumSnapshots))
            }
        }
        print("fuzz: \(iterations) iterations, \(compiled) compiled")
        // The test must have done real work: many mutants, some still valid enough to run.
        #expect(iterations >= 200, "only \(iterations) iterations in the time budget")
        #expect(compiled > 0)
    }

    private func mutate(_ bytes: inout [UInt8], seeds: [[UInt8]], rng: inout SplitMix64) {
        func position(_ extra: Int = 0) -> Int { Int(rng.next() % UInt64(bytes.count + 1 + extra)) }
        switch rng.next() % 8 {
        case 0: // flip a byte
            guard !bytes.isEmpty else { return }
            bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
        case 1: // delete a range
            guard !bytes.isEmpty else { return }
            let from = Int(rng.next() % UInt64(bytes.count))
            let length = Int(rng.next() % 24) + 1
            bytes.removeSubrange(from..<min(bytes.count, from + length))
        case 2: // duplicate a range
            guard !bytes.isEmpty else { return }
            let from = Int(rng.next() % UInt64(bytes.count))
            let piece = bytes[from..<min(bytes.count, from + Int(rng.next() % 80) + 1)]
            bytes.insert(contentsOf: piece, at: position())
        case 3: // splice a line from another scenario at a line start
            let other = seeds[Int(rng.next() % UInt64(seeds.count))]
            let lines = other.split(separator: 0x0A, omittingEmptySubsequences: true)
            guard let line = lines.isEmpty ? nil : lines[Int(rng.next() % UInt64(lines.count))] else { return }
            let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
            bytes.insert(contentsOf: Array(line) + [0x0A], at: starts[Int(rng.next() % UInt64(starts.count))])
        case 4, 5: // insert a token that tends to hit an edge
            let token = Self.insertions[Int(rng.next() % UInt64(Self.insertions.count))]
            let spaced = rng.next() % 2 == 0 ? " \(token) " : token
            bytes.insert(contentsOf: Array(spaced.utf8), at: position())
        case 6: // swap two lines
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 1 else { return }
            lines.swapAt(Int(rng.next() % UInt64(lines.count)), Int(rng.next() % UInt64(lines.count)))
            bytes = Array(lines.joined(separator: [0x0A]))
        default: // truncate anywhere (may cut a UTF-8 sequence)
            bytes.removeSubrange(Int(rng.next() % UInt64(bytes.count + 1))..<bytes.count)
        }
    }
}
