// The output-identity guard: the simulator's full readings (every MemStats field, BySize, the
// predicted process view) at every snapshot of a fixed set of scenarios, compared byte for byte
// with a committed golden. A change to the model that moves any number fails here; a
// deliberate change regenerates the golden and names the change in its commit message.
//
// The scenarios: a frozen copy (Identity/scenarios/) of the bundled lessons, the tutorial
// examples and the `scenario` blocks of Tutorials/scenario-language.md, plus a seeded set of
// random valid scenarios built from the language's grammar (RandomScenarioText below). The
// comparison is at the simulator's public API (SimulatedHeap), not the run JSON, so changes to
// presentation or backends cannot move it.
//
// Regenerate deliberately (after a named, intended change to the model's outputs):
//     MEMSTATS_WRITE_GOLDEN=1 swift test --filter OutputIdentityTests
// then `git diff Tests/HeapSimulatorTests/Identity/readings.golden` shows what moved.

import FieldCatalogue
import Foundation
import ScenarioLanguage
import Testing
@testable import HeapSimulator

@Suite struct OutputIdentityTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Identity")
    static let goldenURL = folder.appendingPathComponent("readings.golden")
    static let randomScenarioCount = 60
    static let randomSeed: UInt64 = 0x1DE7_0010

    /// Every fixture as (name, source): the frozen files, then the random scenarios.
    static func fixtures() throws -> [(name: String, source: String)] {
        let directory = folder.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".scenario") }.sorted()
        var result = try files.map { name in
            (name, try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        }
        var rng = SplitMix64(seed: randomSeed)
        for index in 0..<randomScenarioCount {
            result.append((String(format: "random-%03d", index), RandomScenarioText.make(&rng)))
        }
        return result
    }

    @Test func theSimulatorsReadingsMatchTheGolden() throws {
        var transcript = ""
        for fixture in try Self.fixtures() {
            let compilation = ScenarioCompiler.compile(source: fixture.source, file: fixture.name)
            guard let scenario = compilation.scenario else {
                Issue.record("identity fixture \(fixture.name) no longer compiles:\n\(compilation.rendered())\n\(fixture.source)")
                continue
            }
            transcript += "== \(fixture.name)\n"
            transcript += ReadingsTranscript.run(scenario)
        }
        if ProcessInfo.processInfo.environment["MEMSTATS_WRITE_GOLDEN"] == "1" {
            try transcript.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        if golden == transcript { return }
        let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = transcript.split(separator: "\n", omittingEmptySubsequences: false)
        var fixture = "?"
        for index in 0..<max(expected.count, actual.count) {
            let want = index < expected.count ? String(expected[index]) : "<end>"
            let got = index < actual.count ? String(actual[index]) : "<end>"
            if want.hasPrefix("== ") { fixture = want }
            if want != got {
                let wantWords = want.split(separator: " "), gotWords = got.split(separator: " ")
                let firstWord = zip(wantWords, gotWords).first { $0 != $1 }
                let field = firstWord.map { "\($0.0) → \($0.1)" } ?? "line length"
                Issue.record("""
                    the simulator's readings changed (first difference at golden line \(index + 1), fixture \(fixture): \(field)):
                      golden: \(want)
                      now:    \(got)
                    If the change is deliberate, name it in the commit message and regenerate:
                      MEMSTATS_WRITE_GOLDEN=1 swift test --filter OutputIdentityTests
                    """)
                return
            }
        }
    }

    /// The random generator yields scenarios the checker accepts, covering every operation.
    @Test func randomScenariosCompileAndCoverEveryOperation() {
        var rng = SplitMix64(seed: Self.randomSeed)
        var seen = Set<String>()
        for _ in 0..<Self.randomScenarioCount {
            let text = RandomScenarioText.make(&rng)
            let compilation = ScenarioCompiler.compile(source: text, file: "random.scenario")
            #expect(compilation.scenario != nil, "\(compilation.rendered())\n\(text)")
            for line in text.split(separator: "\n") {
                seen.insert(String(line.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? ""))
            }
        }
        for keyword in ["alloc", "free", "gc", "release", "sleep", "goroutines", "exit", "set", "repeat", "snapshot"] {
            #expect(seen.contains(keyword), "no random scenario uses \(keyword)")
        }
    }
}

/// Runs a scenario on a fresh SimulatedHeap and writes every reading as text, one line per
/// snapshot (operation errors as their own lines).
enum ReadingsTranscript {
    static func run(_ scenario: Scenario) -> String {
        var out = ""
        walk(scenario, configuration: SimulatorConfiguration(),
             failed: { statement, error in out += "error line \(statement.span.start.line): \(error)\n" },
             snapshot: { statement, label, stats, view in
                 out += "snapshot \(label) line \(statement.span.start.line)\n" + render(stats, view)
             })
        return out
    }

    /// The readings at every snapshot, on a heap with `configuration`.
    static func readings(_ scenario: Scenario, configuration: SimulatorConfiguration)
        -> [(MemStats, SimulatedProcessView)] {
        var result: [(MemStats, SimulatedProcessView)] = []
        walk(scenario, configuration: configuration, failed: { _, _ in },
             snapshot: { _, _, stats, view in result.append((stats, view)) })
        return result
    }

    static func walk(_ scenario: Scenario, configuration: SimulatorConfiguration,
                     failed: (Statement, any Error) -> Void,
                     snapshot: (Statement, String, MemStats, SimulatedProcessView) -> Void) {
        let heap = SimulatedHeap(configuration: configuration)
        func walk(_ statements: [Statement]) {
            for statement in statements {
                switch statement.kind {
                case .repeatBlock(let count, let body):
                    for _ in 0..<count { walk(body) }
                case .operation(let operation):
                    do {
                        try perform(operation, on: heap)
                    } catch {
                        failed(statement, error)
                    }
                case .snapshot(let label, _):
                    let stats = heap.readMemStats()
                    snapshot(statement, label, stats, heap.processView)
                default:
                    break
                }
            }
        }
        walk(scenario.statements)
    }

    static func perform(_ operation: ScenarioOperation, on heap: SimulatedHeap) throws {
        switch operation {
        case .alloc(let a):
            try heap.allocate(count: a.count, size: a.sizeBytes, hasPointers: a.hasPointers,
                              isTouched: a.isTouched, group: a.group)
        case .free(let group): try heap.free(group: group)
        case .freeKeeping(let group, let k): try heap.free(group: group, keepingOneIn: k)
        case .gc: heap.collectGarbage()
        case .release: heap.freeOSMemory()
        case .sleep(let nanoseconds): heap.sleep(nanoseconds: nanoseconds)
        case .goroutines(let count, let stackBytes, let group):
            try heap.startGoroutines(count: count, stackBytes: stackBytes, group: group)
        case .exit(let group): try heap.exitGoroutines(group: group)
        case .setGCPercent(let percent): heap.setGCPercent(percent)
        case .setMemoryLimit(let bytes): heap.setMemoryLimit(bytes)
        }
    }

    /// Every field: the integers by Go's name, GCCPUFraction as its shortest round-trip text,
    /// the non-zero entries of PauseNs/PauseEnd and BySize by index, then VmRSS and VmSize.
    static func render(_ s: MemStats, _ view: SimulatedProcessView) -> String {
        var line = "  "
        for field in MemStatsField.allCases {
            if let value = s.integer(field) { line += "\(field.rawValue)=\(value) " }
        }
        line += "GCCPUFraction=\(s.gcCPUFraction) EnableGC=\(s.enableGC) DebugGC=\(s.debugGC)\n"
        var pauses = "  PauseNs/PauseEnd(\(s.pauseNs.count),\(s.pauseEnd.count))"
        for index in s.pauseNs.indices where s.pauseNs[index] != 0 || s.pauseEnd[index] != 0 {
            pauses += " \(index):\(s.pauseNs[index])/\(s.pauseEnd[index])"
        }
        var bySize = "  BySize(\(s.bySize.count))"
        for (index, entry) in s.bySize.enumerated() where entry.mallocs != 0 || entry.frees != 0 {
            bySize += " \(index):\(entry.size):\(entry.mallocs)/\(entry.frees)"
        }
        return line + pauses + "\n" + bySize + "\n  VmRSS=\(view.residentBytes) VmSize=\(view.virtualBytes)\n"
    }
}

/// Valid scenario text from the language's grammar: every operation, with sizes across tiny,
/// small, header-crossing and large objects, thinning, goroutine stacks, GOGC and memory
/// limits, sleeps and nested repeats. Groups are tracked so every `free` and `exit` names a live
/// group, as the checker requires. Volumes stay moderate so the guard runs in seconds.
enum RandomScenarioText {
    static let sizes = ["1B", "5B", "8B", "12B", "16B", "24B", "48B", "64B", "100B", "512B", "513B", "1KiB",
                        "4000B", "32760B", "32761B", "40000B", "1MiB", "8MiB"]
    static let objectGroups = ["a", "b", "c"]
    static let goroutineGroups = ["g1", "g2"]

    static func make(_ rng: inout SplitMix64) -> String {
        var lines: [String] = []
        var liveObjects = Set<String>(), liveGoroutines = Set<String>()
        var snapshots = 0
        func statement(indent: String, depth: Int) {
            switch rng.below(16) {
            case 0...5:
                let size = rng.pick(sizes)
                let large = size.hasSuffix("MiB") || size == "40000B" || size == "32761B"
                let count = 1 + rng.below(large ? (depth == 0 ? 30 : 3) : rng.below(4) == 0 ? 20_000 : 500)
                var text = "alloc \(count) x \(size)"
                var options: [String] = []
                if rng.below(3) != 0 {
                    let g = rng.pick(objectGroups)
                    if !liveGoroutines.contains(g) {
                        options.append("as \(g)")
                        liveObjects.insert(g)
                    }
                }
                if rng.below(2) == 0 { options.append("pointers") }
                if rng.below(5) == 0 { options.append("untouched") }
                if options.count == 2 && rng.below(2) == 0 { options.swapAt(0, 1) }
                for option in options { text += " " + option }
                lines.append(indent + text)
            case 6:
                guard depth == 0, !liveObjects.isEmpty else { return }
                let g = rng.pick(liveObjects.sorted())
                if rng.below(2) == 0 {
                    lines.append(indent + "free \(g)")
                    liveObjects.remove(g)
                } else {
                    lines.append(indent + "free \(g) keep 1 in \(1 + rng.below(9))")
                }
            case 7:
                lines.append(indent + "gc")
            case 8:
                lines.append(indent + (rng.below(3) == 0 ? "release" : "sleep \(rng.pick(["0ms", "5ms", "250ms", "2s", "30s", "3m"]))"))
            case 9:
                let g = rng.pick(goroutineGroups)
                lines.append(indent + "goroutines \(1 + rng.below(200)) stack \(rng.pick(["1KiB", "2KiB", "8KiB", "20KiB", "64KiB", "256KiB"])) as \(g)")
                liveGoroutines.insert(g)
            case 10:
                guard depth == 0, !liveGoroutines.isEmpty else { return }
                let g = rng.pick(liveGoroutines.sorted())
                lines.append(indent + "exit \(g)")
                liveGoroutines.remove(g)
            case 11:
                lines.append(indent + "set gogc \(rng.pick(["off", "25", "50", "100", "200", "400"]))")
            case 12:
                lines.append(indent + "set memlimit \(rng.pick(["off", "16MiB", "64MiB", "256MiB"]))")
            case 13:
                guard depth < 2 else { return }
                lines.append(indent + "repeat \(1 + rng.below(depth == 0 ? 40 : 5))")
                for _ in 0..<(1 + rng.below(3)) { statement(indent: indent + "  ", depth: depth + 1) }
                lines.append(indent + "end")
            default:
                snapshots += 1
                lines.append(indent + "snapshot \"s\(snapshots)\"")
            }
        }
        for _ in 0..<(6 + rng.below(14)) { statement(indent: "", depth: 0) }
        snapshots += 1
        lines.append("snapshot \"end\"")
        return lines.joined(separator: "\n") + "\n"
    }
}
