import Foundation
import Testing
@testable import ScenarioLanguage

/// What a new user might feed `memstats run`: each gets a clear error, fast, without a crash.
@Suite struct BadInputTests {
    /// Runs `body` and checks it finished within `seconds` (generous: debug builds on a shared machine).
    private func fast<T>(_ seconds: Double = 10, _ body: () -> T) -> T {
        let start = ContinuousClock.now
        let result = body()
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(seconds), "took \(elapsed)")
        return result
    }

    @Test func emptyFile() {
        let c = compile("")
        #expect(c.scenario == nil)
        #expect(c.rendered() == """
        t.scenario:1:1: error: empty scenario: nothing to run
            1 | 
              | ^
        hint: a scenario needs at least one statement, e.g. 'alloc 1000 x 1KiB as data' then 'snapshot "after"'

        """)
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes = Array("gc\nnote \"中".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8)
        let c = ScenarioCompiler.compile(bytes: bytes, file: "x.scenario")
        #expect(c.scenario == nil)
        #expect(c.diagnostics.count == 1)
        #expect(c.diagnostics[0].span.start == SourceLocation(file: "x.scenario", line: 2, column: 8))
        #expect(c.diagnostics[0].message == "file is not UTF-8 text: byte 0xFF cannot appear here")
        #expect(locationsAreValid(c))
    }

    @Test(arguments: [
        [0xC0, 0x80] as [UInt8],          // overlong NUL
        [0xED, 0xA0, 0x80],               // surrogate
        [0xF4, 0x90, 0x80, 0x80],         // past U+10FFFF
        [0xE2, 0x82],                     // truncated
        [0x80],                           // lone continuation
    ])
    func malformedSequencesAreRejected(_ bytes: [UInt8]) {
        #expect(UTF8Validation.firstInvalidOffset(Array("gc ".utf8) + bytes) == 3)
    }

    @Test func wellFormedUTF8IsAccepted() {
        let text = "title \"héllo 中文 🧠\"\ngc\n"
        #expect(UTF8Validation.firstInvalidOffset(Array(text.utf8)) == nil)
        #expect(ScenarioCompiler.compile(bytes: Array(text.utf8), file: "f").scenario != nil)
    }

    @Test func binaryGarbage() {
        var rng = SplitMix64(seed: 42)
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let c = fast { ScenarioCompiler.compile(bytes: bytes, file: "a.out") }
        #expect(c.scenario == nil)
        #expect(c.diagnostics.count == 1)
        #expect(locationsAreValid(c))
    }

    @Test func largeTextGarbageIsCappedAndLinear() {
        // About 2 MB of printable junk: every line an error, output stays a screenful.
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("abcxyz019 \"#=<>~%_-.\t")
        var text = ""
        text.reserveCapacity(2_000_000)
        for _ in 0..<33_000 {
            for _ in 0..<60 { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            text.append("\n")
        }
        let c = fast(30) { compile(text) }
        #expect(c.diagnostics.count <= ScenarioLimits.default.maximumDiagnostics)
        #expect(c.errorCount > 1000)
        #expect(c.rendered().utf8.count < 20_000)
        #expect(locationsAreValid(c))
    }

    @Test func aLineOf100000Characters() {
        let c = fast { compile("alloc " + String(repeating: "9", count: 100_000) + " x 1KiB") }
        #expect(c.diagnostics.map(\.message) == ["count must be between 1 and 10^12, found '" + String(repeating: "9", count: 40) + "…'"])
        #expect(c.rendered().count < 500)
    }

    @Test func repeatNested10000DeepWithEnds() {
        let source = String(repeating: "repeat 2\n", count: 10_000) + "gc\n" + String(repeating: "end\n", count: 10_000)
        let c = fast { compile(source) }
        #expect(c.scenario == nil)
        #expect(c.diagnostics.map(\.message) == ["'repeat' nested more than 16 deep"])
        #expect(c.diagnostics.first?.span.start.line == 17)
        #expect(locationsAreValid(c))
    }

    @Test func repeatNested10000DeepWithoutEnds() {
        let c = fast { compile(String(repeating: "repeat 1\n", count: 10_000) + "gc\n") }
        #expect(c.scenario == nil)
        let messages = c.diagnostics.map(\.message)
        #expect(messages.first == "'repeat' without 'end'")
        #expect(messages.contains("'repeat' nested more than 16 deep"))
        #expect(messages.filter { $0 == "'repeat' without 'end'" }.count == 16)
    }

    @Test func tenThousandEndsWithoutRepeat() {
        let c = fast { compile("gc\n" + String(repeating: "end\n", count: 10_000)) }
        #expect(c.errorCount == 10_000)
        #expect(c.diagnostics.count == 50)
    }

    @Test func countsAndBytesPast64Bits() {
        #expect(firstError("alloc 1000000000000 x 1TiB") == "1:7: '1000000000000 x 1TiB' is more than 2^64 bytes")
        #expect(firstError("goroutines 1000000000000 stack 1TiB as w") == "1:12: '1000000000000 x 1TiB' is more than 2^64 bytes")
        #expect(firstError("alloc 18446744073709551616 x 1B") == "1:7: count must be between 1 and 10^12, found '18446744073709551616'")
        #expect(firstError("snapshot \"s\"\nexpect HeapAlloc < 18446744073709551616") == "2:20: number '18446744073709551616' does not fit in 64 bits")
        #expect(firstError("alloc 1 x 99999999999999999999TiB") == "1:11: size '99999999999999999999TiB' is more than 1TiB")
        #expect(firstError("sleep 99999999999999999999h") == "1:7: duration '99999999999999999999h' is longer than 24h")
        // Many allocations that each fit but together do not.
        let many = String(repeating: "alloc 1000000 x 1TiB as g\n", count: 20)
        #expect(firstError(many) == "17:1: the scenario requests more than 2^64 bytes in total")
    }
}

@Suite struct HugeFileTests {
    @Test func manyGroupsAndManyLoopsStayLinear() {
        // 10 000 live groups, then 10 000 loops and 10 000 frees of unknown groups: each loop and
        // each error costs what it mentions, not every group alive (this took minutes before).
        var lines: [String] = []
        for i in 0..<10_000 { lines.append("alloc 1 x 1KiB as g\(i)") }
        for i in 0..<10_000 { lines.append("repeat 2\nalloc 1 x 1KiB as r\(i)\nfree r\(i)\nend") }
        for i in 0..<10_000 { lines.append("free missing\(i)") }
        let start = ContinuousClock.now
        let c = compile(lines.joined(separator: "\n"))
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(c.errorCount == 10_000)
        #expect(c.diagnostics.count == 50)
    }

    @Test func moreLinesThanARunMayExecuteStopTheParser() {
        var limits = ScenarioLimits()
        limits.maximumExecutedStatements = 1000
        let c = compile(String(repeating: "gc\n", count: 1500) + "bogus\nrepeat 2\n", limits: limits)
        #expect(c.scenario == nil)
        #expect(c.diagnostics.map(\.message) == ["the scenario has more than 1000 lines of statements; the rest of the file was not read"])
        #expect(c.diagnostics.first?.span.start.line == 1001)
        #expect(locationsAreValid(c))
        // Exactly at the limit is fine.
        #expect(compile(String(repeating: "gc\n", count: 1000), limits: limits).scenario != nil)
        // Lines that build nothing count too: a million 'end's are not read to the last.
        let ends = compile("gc\n" + String(repeating: "end\n", count: 5000), limits: limits)
        #expect(ends.errorCount == 1000)
        #expect(ends.omittedDiagnosticCount == 1000 - 50)
    }
}
