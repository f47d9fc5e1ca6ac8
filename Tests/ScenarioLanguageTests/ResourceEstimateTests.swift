import Testing
@testable import ScenarioLanguage

@Suite struct ResourceEstimateTests {
    private func estimate(_ source: String) throws -> ResourceEstimate {
        let c = compile(source)
        return ResourceEstimate.estimate(try #require(c.scenario, "\(c.rendered())"))
    }

    @Test func liveGroupsAddUpAndFreeingLowersTheLevel() throws {
        let e = try estimate("""
        alloc 100 x 1MiB as a
        alloc 50 x 1MiB as b
        free a
        alloc 20 x 1MiB as c
        """)
        #expect(e.peakObjectBytes == 150 << 20)
        #expect(e.peakBytes == 150 << 20)
    }

    @Test func garbageCountsWhileItIsMade() throws {
        let e = try estimate("alloc 10 x 1MiB as kept\nalloc 1 x 1GiB\nalloc 1 x 1GiB")
        #expect(e.peakObjectBytes == (1 << 30) + (10 << 20))
    }

    @Test func growingRepeatsAreExtrapolated() throws {
        let e = try estimate("repeat 10\nalloc 10 x 1MiB as g\nend")
        #expect(e.peakObjectBytes == 100 << 20)
        let nested = try estimate("repeat 10\nrepeat 10\nalloc 1 x 1MiB as g\nend\nend")
        #expect(nested.peakObjectBytes == 100 << 20)
    }

    @Test func steadyRepeatsDoNotGrow() throws {
        let e = try estimate("repeat 1000\nalloc 10 x 1MiB as g\nfree g\nend")
        #expect(e.peakObjectBytes == 10 << 20)
    }

    @Test func sparseSurvivorsShrinkTheGroup() throws {
        let e = try estimate("alloc 1000 x 1MiB as g\nfree g keep 1 in 10\nalloc 100 x 1MiB as h")
        #expect(e.peakObjectBytes == 1000 << 20)
        let after = try estimate("alloc 1000 x 1MiB as g\nfree g keep 1 in 10\nalloc 950 x 1MiB as h")
        #expect(after.peakObjectBytes == 1050 << 20)
    }

    @Test func goroutinesCountTheirStacksAtLeastTheMinimum() throws {
        let e = try estimate("goroutines 100 stack 64KiB as w\ngoroutines 1000 stack 1KiB as small\nexit w\ngoroutines 10 stack 8KiB as y")
        #expect(e.peakGoroutines == 1100)
        #expect(e.peakStackBytes == 100 * (64 << 10) + 1000 * 2048)
        let repeated = try estimate("repeat 5\ngoroutines 10 stack 8KiB as w\nend")
        #expect(repeated.peakGoroutines == 50)
        #expect(repeated.peakStackBytes == 50 * (8 << 10))
        #expect(repeated.peakBytes == 50 * (8 << 10))
    }

    @Test func hugeScenariosSaturateInsteadOfOverflowing() throws {
        // Past what Go can map, so `check` refuses it: built without the checker.
        let at = SourceSpan(start: SourceLocation(file: testFile, line: 1, column: 1), length: 1)
        let huge = Scenario(file: testFile, title: nil, about: [], statements: [
            Statement(.repeatBlock(count: 100_000, body: [
                Statement(.operation(.alloc(Allocation(count: 1_000_000, sizeBytes: 1 << 20, group: "g",
                                                        hasPointers: false, isTouched: true))), span: at),
            ]), span: at),
            Statement(.operation(.goroutines(count: 1_000_000_000_000, stackBytes: 1 << 20, group: "w")), span: at),
        ])
        let e = ResourceEstimate.estimate(huge)
        #expect(e.peakObjectBytes == 100_000 * 1_000_000 * (1 << 20))
        #expect(e.peakStackBytes == 1_000_000_000_000 * (1 << 20))
        #expect(e.peakBytes == e.peakObjectBytes + e.peakStackBytes)
        let saturated = ResourceEstimate(peakObjectBytes: .max, peakGoroutines: 1, peakStackBytes: 5)
        #expect(saturated.peakBytes == .max)
    }

    @Test func manyGroupsCostNoMoreThanTheirStatements() throws {
        let source = (0..<20_000).map { "alloc 1 x 1KiB as g\($0)\ngoroutines 1 stack 4KiB as w\($0)" }.joined(separator: "\n")
            + "\nrepeat 3\nalloc 1 x 1MiB as g0\nend"
        let start = ContinuousClock.now
        let e = try estimate(source)
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(e.peakObjectBytes == 20_000 * 1024 + 3 * (1 << 20))
        #expect(e.peakGoroutines == 20_000)
        #expect(e.peakStackBytes == 20_000 * 4096)
    }

    @Test func exitingAndRestartingGoroutinesKeepsTheSums() throws {
        let e = try estimate("goroutines 10 stack 8KiB as w\nexit w\ngoroutines 3 stack 1KiB as w\ngoroutines 2 stack 8KiB as v")
        #expect(e.peakGoroutines == 10)
        #expect(e.peakStackBytes == 10 * 8192)
        let f = try estimate("goroutines 10 stack 8KiB as w\nexit w\ngoroutines 50 stack 1KiB as w\ngoroutines 2 stack 8KiB as v")
        #expect(f.peakGoroutines == 52)
        #expect(f.peakStackBytes == 50 * 2048 + 2 * 8192)
    }

    // MARK: live memory as Go maps it (check's address-space limit)

    private func live(_ source: String, limit: UInt64 = .max) throws -> ResourceEstimate.LiveMemory {
        let c = compile(source)
        let scenario = try #require(c.scenario, "\(c.rendered())")
        return ResourceEstimate.liveMemory(scenario.statements, shape: .go1_27, limit: limit)
    }

    @Test func liveMemoryCountsSlotSlicesAndStacksAsTheyGrow() throws {
        let m = try live("alloc 1000 x 1KiB as g\ngoroutines 10 stack 5KiB as w")
        #expect(m.peakBytes == 1000 * 1024 + 1000 * 8 + 10 * 8192, "5 KiB stacks grow to 8 KiB")
        #expect(m.firstPastLimit == nil)
    }

    @Test func keepingOneInKLeavesTheSliceWhole() throws {
        let m = try live("alloc 1000 x 1KiB as g\nfree g keep 1 in 10\nalloc 1 x 100KiB as h")
        #expect(m.peakBytes == 1000 * 1024 + 1000 * 8, "the peak is before the free")
        let after = try live("alloc 1000 x 1KiB as g\nfree g keep 1 in 10\nalloc 1 x 1MiB as h")
        #expect(after.peakBytes == 100 * 1024 + 1000 * 8 + (1 << 20) + 8)
    }

    @Test func garbageIsLiveOnlyInTheSink() throws {
        let m = try live("alloc 10 x 1KiB as g\nalloc 1000000 x 1MiB")
        #expect(m.peakBytes == 10 * 1024 + 10 * 8 + 2 * (1 << 20))
    }

    @Test func theFirstPlacePastTheLimitIsTheStatementOrTheRepeatThatCarriesIt() throws {
        let direct = try live("alloc 1 x 1KiB as a\nalloc 1 x 1MiB as b", limit: 1 << 20)
        #expect(direct.firstPastLimit?.start.line == 2)
        let carried = try live("gc\nrepeat 10\nalloc 1 x 1KiB as g\nend", limit: 5 * 1024)
        #expect(carried.firstPastLimit?.start.line == 2)
        #expect(carried.peakBytes == 10 * (1024 + 8))
    }
}
