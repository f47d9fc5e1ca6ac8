// The generated programs compiled and run by the real Go toolchain (skipped, with the reason
// printed, when no toolchain is found). Real numbers are checked by relations and tolerances,
// never by exact values.

import FieldCatalogue
import Foundation
import Testing
@testable import Backends
import ScenarioLanguage

private let MiB: UInt64 = 1 << 20

private func realBackend(maxSleepNanoseconds: UInt64 = 200_000_000, gomaxprocs: Int = 1) -> GoBackend {
    GoBackend(gomaxprocs: gomaxprocs, maxSleepNanoseconds: maxSleepNanoseconds, cacheDirectory: GoAvailability.cacheDirectory,
              allocationCap: RealAllocationCap(limitBytes: 2 << 30, origin: "test"))
}

/// The invariants of runtime.MemStats that hold at every reading (go-runtime-facts §3.3).
private func checkInvariants(_ m: MemStats, _ label: String) {
    #expect(m.heapSys == m.heapInuse + m.heapIdle, "HeapSys == HeapInuse + HeapIdle at \(label)")
    #expect(m.alloc == m.heapAlloc, "Alloc == HeapAlloc at \(label)")
    #expect(m.heapObjects == m.mallocs - m.frees, "HeapObjects == Mallocs − Frees at \(label)")
    #expect(m.heapReleased <= m.heapIdle, "HeapReleased ≤ HeapIdle at \(label)")
    #expect(m.heapAlloc <= m.heapInuse, "HeapAlloc ≤ HeapInuse at \(label)")
    #expect(m.sys == m.heapSys + m.stackSys + m.mSpanSys + m.mCacheSys + m.buckHashSys + m.gcSys + m.otherSys,
            "Sys is the sum of its parts at \(label)")
}

/// VmRSS in bytes from the raw /proc/self/status text the program captured ("VmRSS:\t  1234 kB").
private func vmRSS(_ reading: GoRunOutput.Reading) -> UInt64? {
    guard let status = reading.proc["status"],
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard words.count == 3, words[2] == "kB", let kib = UInt64(words[1]) else { return nil }
    return kib * 1024
}

@Suite(.serialized, .goBacked, .goRequired)
struct GoRealRuntimeTests {
    @Test func everyStatementProgramCompilesRunsAndIsGofmtClean() throws {
        let go = realBackend()
        let started = Date()
        let outputs = try go.runs(GoFixtures.everyStatement, count: 1)
        let build = try #require(go.lastBuild)
        print("Go-backed: every-statement program \(build.built ? "built in \(String(format: "%.1f", build.buildSeconds)) s" : "cached"), run \(String(format: "%.2f", go.lastRunSeconds)) s, total \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        let output = try #require(outputs.first)
        #expect(output.readings.map(\.label) == ["start", "kept 1 in 4", "grown"] + Array(repeating: "inner", count: 6) + ["end"])
        #expect(output.readings.map(\.line) == [4, 13, 23, 32, 32, 32, 32, 32, 32, 35])
        #expect(output.gomaxprocs == 1)
        #expect(output.goVersion.hasPrefix("go"))
        for r in output.readings {
            checkInvariants(r.memStats, r.label)
            #expect(r.proc["status"]?.contains("VmRSS:") == true)
            #expect(r.proc["smaps_rollup"]?.contains("Rss:") == true)
            #expect(r.proc["statm"]?.isEmpty == false)
            #expect(r.procErrors.isEmpty)
        }
        // The goroutines of "work-ers" had grown 64 KiB stacks; after `exit` they are gone.
        #expect(output.readings[2].memStats.stackInuse >= output.readings[0].memStats.stackInuse + 10 * 64 * 1024)
        #expect(output.readings[9].memStats.stackInuse < output.readings[2].memStats.stackInuse)
        // gc and release ran: forced cycles counted, with their pauses and times.
        let grown = output.readings[2].memStats
        #expect(grown.numForcedGC >= 2)
        #expect(grown.lastGC > 0 && grown.pauseTotalNs > 0)
        #expect(grown.pauseNs[Int((grown.numGC + 255) % 256)] > 0)
        // The hand-written JSON carries the arrays whole, like encoding/json would.
        #expect(grown.pauseNs.count == 256 && grown.pauseEnd.count == 256)
        #expect(grown.bySize.count == 61)
        #expect(grown.bySize[1].size == 8 && grown.bySize[2].size == 16 && grown.bySize[0].size == 0)
        #expect(grown.bySize.map(\.mallocs).reduce(0, +) <= grown.mallocs)
        #expect(grown.enableGC && !grown.debugGC)
        #expect(grown.gcCPUFraction >= 0 && grown.gcCPUFraction < 1)

        // gofmt (next to go) has nothing to say about the generated file.
        if case .found(let toolchain) = go.toolchain() {
            let gofmt = ((toolchain.executable as NSString).resolvingSymlinksInPath as NSString)
                .deletingLastPathComponent + "/gofmt"
            let source = (build.binaryPath as NSString).deletingLastPathComponent + "/main.go"
            if FileManager.default.isExecutableFile(atPath: gofmt) {
                let result = try FoundationProcessRunner().run(ProcessRequest(
                    executable: gofmt, arguments: ["-l", source], environment: [:], timeoutSeconds: 60))
                #expect(result.succeeded)
                #expect(result.standardOutput.isEmpty, "gofmt -l lists the generated program")
            }
        }
    }

    @Test func readingsMoveAsTheScenarioSays() throws {
        let scenario = GoFixtures.scenario([
            GoFixtures.snap(1, "start"),
            GoFixtures.alloc(2, 1000, x: 1024, as: "small"),
            GoFixtures.snap(3, "small held"),
            GoFixtures.alloc(4, 4, x: 8 * MiB, as: "big", touched: false),
            GoFixtures.snap(5, "untouched"),
            GoFixtures.alloc(6, 4, x: 8 * MiB, as: "big"),
            GoFixtures.snap(7, "touched"),
            GoFixtures.op(8, .goroutines(count: 100, stackBytes: 64 << 10, group: "w")),
            GoFixtures.snap(9, "grown"),
            GoFixtures.alloc(15, 1000, x: 1024, as: "scan", pointers: true),
            GoFixtures.snap(16, "pointers held"),
            GoFixtures.op(17, .goroutines(count: 64, stackBytes: 2 << 10, group: "tiny")),
            GoFixtures.snap(18, "2 KiB goroutines"),
            GoFixtures.op(19, .exit(group: "tiny")),
            GoFixtures.op(20, .free(group: "scan")),
            GoFixtures.op(10, .exit(group: "w")),
            GoFixtures.op(11, .free(group: "big")),
            GoFixtures.op(12, .free(group: "small")),
            GoFixtures.op(13, .gc),
            GoFixtures.snap(14, "after gc"),
        ])
        let r = try #require(try realBackend().runs(scenario, count: 1).first).readings
        for reading in r { checkInvariants(reading.memStats, reading.label) }
        let (start, small, untouched, touched, grown) = (r[0].memStats, r[1].memStats, r[2].memStats,
                                                         r[3].memStats, r[4].memStats)
        let (pointers, tiny, afterGC) = (r[5].memStats, r[6].memStats, r[7].memStats)
        // 1000 × 1 KiB objects plus their 8000-byte slot slice (8192-byte class).
        let smallDelta = Double(small.heapAlloc) - Double(start.heapAlloc)
        #expect(abs(smallDelta - Double(1000 * 1024 + 8192)) < 0.02 * Double(1000 * 1024))
        #expect(small.mallocs - start.mallocs >= 1001)
        // 4 large objects of 8 MiB: HeapAlloc moves by 32 MiB each time…
        let bigDelta = Double(untouched.heapAlloc) - Double(small.heapAlloc)
        #expect(abs(bigDelta - Double(32 * MiB)) < Double(MiB))
        // …but only touched pages become resident.
        let rss0 = try #require(vmRSS(r[1])), rss1 = try #require(vmRSS(r[2])), rss2 = try #require(vmRSS(r[3]))
        #expect(rss1 < rss0 + 8 * MiB, "untouched objects are not resident")
        #expect(rss2 > rss1 + 24 * MiB, "touched objects are resident")
        // Each goroutine costs the heap what `go f(arg)` costs any program: its g, a 16-byte
        // closure for the argument and a sudog when it blocks (allgs growth adds a little).
        let perGoroutine = Double(grown.mallocs - touched.mallocs) / 100
        #expect(perGoroutine >= 2.5 && perGoroutine <= 3.6, "\(perGoroutine) allocations per goroutine")
        // 100 goroutines on 64 KiB stacks.
        let stackDelta = Double(grown.stackInuse) - Double(touched.stackInuse)
        #expect(stackDelta >= Double(100 * 64 * 1024))
        #expect(stackDelta < Double(100 * 64 * 1024) * 1.1 + 256 * 1024)
        // 1000 pointer-holding 1 KiB objects: a scan class, with (Go 1.22+) the 8-byte malloc
        // header above 512 B (1 KiB + 8 → the 1152-byte class), plus the slot slice.
        let minor = Int(GoAvailability.toolchain?.languageVersion.split(separator: ".").last ?? "") ?? 27
        let slot = Double(minor >= 22 ? 1152 : 1024)
        let pointerDelta = Double(pointers.heapAlloc) - Double(grown.heapAlloc)
        #expect(abs(pointerDelta - (1000 * slot + 8192)) < 0.02 * 1000 * slot)
        // 2 KiB goroutines do not recurse: 64 of them fit in pool spans of 32 KiB (16 stacks each).
        let tinyDelta = Double(tiny.stackInuse) - Double(pointers.stackInuse)
        #expect(tinyDelta >= 0 && tinyDelta <= Double(64 * 2048 + 64 * 1024))
        // After everything is dropped and collected, the heap is back near where it started.
        #expect(afterGC.heapAlloc < start.heapAlloc + 512 * 1024)
        #expect(afterGC.numGC >= 1)
        #expect(afterGC.stackInuse < grown.stackInuse)
    }

    @Test func secondPrepareReusesTheBuiltProgram() throws {
        let scenario = GoFixtures.scenario([GoFixtures.snap(1, "only"), GoFixtures.op(2, .gc), GoFixtures.snap(3, "after")])
        let go = realBackend()
        #expect(go.prepare(scenario) == .available)
        let first = try #require(go.lastBuild)
        _ = try go.snapshot(label: "only", at: GoFixtures.span(1))
        _ = go.finish()
        let again = Date()
        #expect(go.prepare(scenario) == .available)
        let hitSeconds = Date().timeIntervalSince(again)
        #expect(go.lastBuild?.built == false)
        #expect(go.lastBuild?.binaryPath == first.binaryPath)
        print("Go-backed: first prepare \(first.built ? "built in \(String(format: "%.1f", first.buildSeconds)) s" : "was a cache hit"); second prepare (cache hit + run) \(String(format: "%.2f", hitSeconds)) s")
        let after = try go.snapshot(label: "only", at: GoFixtures.span(1))
        #expect(after.memStats?.numGC == 0)
        #expect(try go.snapshot(label: "after", at: GoFixtures.span(3)).memStats?.numForcedGC == 1)
    }

    @Test func takingASnapshotAllocatesNothingAndSleepSleeps() throws {
        // Back-to-back snapshots see the same allocation counters: the bookkeeping is off-heap.
        let scenario = GoFixtures.scenario([
            GoFixtures.alloc(1, 10, x: 100, as: "warm"),
            GoFixtures.snap(2, "a"),
            GoFixtures.snap(3, "b"),
            GoFixtures.s(4, .repeatBlock(count: 3, body: [GoFixtures.snap(5, "c")])),
            GoFixtures.op(6, .sleep(nanoseconds: 300_000_000)),
            GoFixtures.op(7, .sleep(nanoseconds: 5_000_000_000)),
            GoFixtures.snap(8, "slept"),
        ])
        let go = realBackend(maxSleepNanoseconds: 400_000_000)
        let r = try #require(try go.runs(scenario, count: 1).first).readings
        #expect(r.count == 6)
        for k in 1..<5 {
            #expect(r[k].memStats.mallocs == r[0].memStats.mallocs, "Mallocs moved between snapshots \(k - 1) and \(k)")
            #expect(r[k].memStats.totalAlloc == r[0].memStats.totalAlloc)
        }
        // 300 ms, then 5 s capped at 400 ms.
        let slept = Double(r[5].elapsedNanoseconds - r[4].elapsedNanoseconds) / 1e9
        #expect(slept >= 0.7 && slept < 3.5, "slept \(slept) s")
        #expect(go.prepare(scenario) == .available)
        #expect(try go.perform(.sleep(nanoseconds: 5_000_000_000), at: GoFixtures.span(7)).count == 1)
        #expect(try go.perform(.sleep(nanoseconds: 300_000_000), at: GoFixtures.span(6)).isEmpty)
    }

    @Test func gomaxprocsReachesTheProgram() throws {
        let scenario = GoFixtures.scenario([GoFixtures.snap(1, "only")])
        let output = try #require(try realBackend(gomaxprocs: 2).runs(scenario, count: 1).first)
        #expect(output.gomaxprocs == 2)
        #expect(output.readings[0].memStats.mCacheInuse > 0)
    }

    /// The heap objects of the Ms GOMAXPROCS 2 starts (GoProfile.perMHeapObjects), on a program
    /// they were not measured on: the m struct lands in size class 2048 (runtime.m with its malloc
    /// header), not 2304, and there is no 112-byte object per M. Each M also holds two 1152-byte
    /// profiling stacks, so real Go's Ms beyond the model's (it starts some by timing) show as
    /// 1152-byte pairs, and each such M adds one 2048-byte object.
    @Test func extraMsHeapObjectsAreRealGos() throws {
        let source = """
            alloc 3000 x 64B as kept
            alloc 200 x 4KiB as pages
            snapshot "made"
            """
        let scenario = try #require(ScenarioCompiler.compile(source: source, file: "ms.scenario").scenario)
        let real = try realBackend(gomaxprocs: 2).runs(scenario, count: 3).map { $0.readings[0].memStats }
        let simulated = try #require(ScenarioInterpreter(backends: [SimulatorBackend(configuration: .init(gomaxprocs: 2))])
            .run(scenario).snapshots.first?.readings[.simulator]?.memStats)
        func live(_ m: MemStats, _ size: UInt32) -> Int {
            m.bySize.first(where: { $0.size == size }).map { Int($0.mallocs) - Int($0.frees) } ?? 0
        }
        for run in real {
            let moreMs = (live(run, 1152) - live(simulated, 1152)) / 2
            #expect(live(run, 2048) - live(simulated, 2048) == moreMs, "2048: real \(live(run, 2048)), model \(live(simulated, 2048)), Ms \(moreMs) more")
            #expect(live(run, 2304) == live(simulated, 2304), "2304: real \(live(run, 2304)), model \(live(simulated, 2304))")
            #expect(live(run, 112) == live(simulated, 112), "112: real \(live(run, 112)), model \(live(simulated, 112))")
        }
    }

    /// Real Go's sweep walks a class's long-lived spans first: cacheSpan and sweepone pop its
    /// sets from the head, where the last sweep pushed back the spans that kept every object. In
    /// the churn after a cycle, each refill then sweeps one dead span and reuses it, so Frees
    /// grows by the objects allocated until the proportional sweeper's debt passes what those
    /// walks paid. Measured on 1 KiB objects (GarbageCollector.swift); here 512-byte ones: the
    /// second step of each cycle frees the step's 2 000 objects: 1 995 to 2 010 in every cycle of
    /// 4 real runs, where the model with the long-lived spans spread among the dead ones freed
    /// 3 270 to 3 555. Real Go is held to most cycles (bgsweep, given the P when sysmon preempts
    /// the program, can sweep more), the model to every one.
    @Test func theSweepWalksLongLivedSpansFirst() throws {
        var source = "alloc 16000 x 512B as live\ngc\n"
        for i in 1...40 { source += "alloc 2000 x 512B\nsnapshot \"s\(i)\"\n" }
        let scenario = try #require(ScenarioCompiler.compile(source: source, file: "sweep.scenario").scenario)
        let real = try realBackend().runs(scenario, count: 3).map { $0.readings.map(\.memStats) }
        let simulated = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
            .snapshots.compactMap { $0.readings[.simulator]?.memStats }
        func secondSteps(_ readings: [MemStats]) -> [UInt64] {
            (1..<(readings.count - 1)).filter {
                readings[$0].numGC != readings[$0 - 1].numGC && readings[$0 + 1].numGC == readings[$0].numGC
            }.map { readings[$0 + 1].frees - readings[$0].frees }
        }
        let allocated: ClosedRange<UInt64> = 1_900...2_100
        let model = secondSteps(simulated)
        #expect(model.count >= 3 && model.allSatisfy { allocated.contains($0) }, "model: \(model)")
        let measured = real.flatMap(secondSteps)
        #expect(measured.count >= 6, "real: \(measured)")
        #expect(measured.filter { allocated.contains($0) }.count * 4 >= measured.count * 3, "real: \(measured)")
    }

    /// GOMAXPROCS 1: a mark whose scan work is twice what the pacer expected (held-out
    /// random-11-1's fourth step: 256-byte pointer objects after a forced GC) is paced by the
    /// assists to end near 99.6 MB of heapLive, 25 MB past its trigger; the fractional worker,
    /// which runs when sysmon preempts the program, ends it first. gctrace (3 runs): the cycle
    /// marked from 70 to 83-88 MiB, 3.0 ms of assists and 1.6-1.8 ms of worker. In 14 runs of
    /// this program HeapAlloc rose at most 3.2 steps' worth (1.7 MB each) above the reading before
    /// the cycle's sweep brought it down (10 runs on a quiet machine: 0-2.1). The model with the
    /// assists alone rose 6.7 steps (its cycle ended in the seventh step); with the worker
    /// (GCController's PacedFractionalWorker) 2.1 (it ends in the second).
    @Test func theFractionalWorkerEndsALongPacedMark() throws {
        var source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Shared/held-out-random-11-1-first-four-steps.scenario"), encoding: .utf8)
        source += "snapshot \"before\"\n"
        for i in 1...8 { source += "alloc 6656 x 256B as g6\nsnapshot \"step \(i)\"\n" }
        let scenario = try #require(ScenarioCompiler.compile(source: source, file: "paced.scenario").scenario)
        let real = try realBackend().runs(scenario, count: 3).map { $0.readings.map(\.memStats.heapAlloc) }
        let simulated = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
            .snapshots.compactMap { $0.readings[.simulator]?.memStats?.heapAlloc }
        // How far HeapAlloc rises above the reading, in steps, before the cycle's sweep lowers it.
        func peakSteps(_ heapAlloc: [UInt64]) -> Double {
            Double((heapAlloc.dropFirst().max() ?? 0) - min(heapAlloc[0], heapAlloc.dropFirst().max() ?? 0)) / Double(6656 * 256)
        }
        #expect(peakSteps(simulated) < 5, "model: \(simulated)")
        for run in real { #expect(peakSteps(run) < 5, "real: \(run)") }
    }

    /// Real go1.27.3 starts with free stack slots the model's start-up lacks: one of 16 KiB and
    /// four of 4 KiB. The first goroutine grown to 16 KiB and the first four grown to 4 KiB add
    /// no StackInuse; the model adds a span for each kind. An M started by timing (its 16 KiB g0)
    /// can take the 16 KiB slot first; such a run starts a signal stack higher and is not
    /// compared. With both kinds of slot in the model's start-up, its StackInuse equalled real
    /// Go's on 500 goroutines of 4 KiB and then 500 of 16 KiB; with the 16 KiB slot alone, at
    /// GOMAXPROCS 2 on five lessons (3 runs each). But with the 16 KiB slot
    /// CalibrationTests.stackPoolHolesTakeFourPageSpansNotEightPageOnes, also measured on real
    /// Go, leaves its idle pages in 8-page runs where real Go's are 4-page holes, so the model's
    /// start-up keeps its old slots until that is understood (the known issue below).
    @Test func theStartUpsFreeStackSlots() throws {
        let source = """
            snapshot "start"
            goroutines 1 stack 16KiB as first
            snapshot "one of 16 KiB"
            goroutines 1 stack 16KiB as second
            snapshot "two of 16 KiB"
            goroutines 4 stack 4KiB as small
            snapshot "four of 4 KiB"
            goroutines 1 stack 4KiB as fifth
            snapshot "five of 4 KiB"
            """
        let scenario = try #require(ScenarioCompiler.compile(source: source, file: "slots.scenario").scenario)
        let real = try realBackend().runs(scenario, count: 4).map { $0.readings.map(\.memStats.stackInuse) }
        let simulated = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
            .snapshots.compactMap { $0.readings[.simulator]?.memStats?.stackInuse }
        let span: UInt64 = 32 << 10
        var withoutLateM = 0
        for run in real {
            #expect(run[2] == run[0] + span, "two 16 KiB stacks take one span: \(run)")
            #expect(run[4] == run[3] + span, "the fifth 4 KiB stack takes a span: \(run)")
            if run[0] == simulated[0] {
                withoutLateM += 1
                #expect(run[1] == run[0] && run[3] == run[2], "free slots at start: \(run)")
            }
        }
        #expect(withoutLateM > 0, "every run started an M by timing: \(real)")
        withKnownIssue("the model's start-up has no free 16 KiB or 4 KiB stack slot") {
            #expect(simulated[1] == simulated[0] && simulated[3] == simulated[2], "model \(simulated)")
        }
    }

    /// The second `alloc … as g` makes a 32 MB slot slice, whose allocation starts a cycle, copies
    /// the old one into it and stores it in g. Real Go keeps the old 16 MB slice through that
    /// cycle, whether the cycle ended before the store (the old slice was still reachable) or after
    /// it (the write barrier shaded it), and the model must too: it used to free the old slice at
    /// once, 16 MB short of real Go (MechanismTests.theOldSlotSliceSurvivesTheCycleItsReplacementStarts).
    @Test func anAppendKeepsTheOldSlotSliceThroughTheCycleItStarts() throws {
        let source = """
            alloc 2000000 x 8B as g pointers
            snapshot "before"
            alloc 2000000 x 8B as g pointers
            snapshot "appended"
            """
        let scenario = try #require(ScenarioCompiler.compile(source: source, file: "append.scenario").scenario)
        let real = try realBackend().runs(scenario, count: 3).map { $0.readings.map(\.memStats) }
        let simulated = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
            .snapshots.compactMap { $0.readings[.simulator]?.memStats }
        let oldSlice: UInt64 = 1_954 * 8_192, newSlice: UInt64 = 3_907 * 8_192
        for run in real {
            let (before, appended) = (run[0], run[1])
            // The cycle may free a few KiB of start-up garbage counted before; a freed old slice is 16 MB.
            #expect(appended.heapAlloc + (64 << 10) >= before.heapAlloc + 2_000_000 * 8 + newSlice,
                    "real Go still holds the old slice: \(appended.heapAlloc) after \(before.heapAlloc)")
            // The start-up environment moves a few hundred bytes; a freed old slice is 16 MB.
            let gap = Double(simulated[1].heapAlloc) - Double(appended.heapAlloc)
            #expect(abs(gap) < Double(oldSlice) / 100, "model \(simulated[1].heapAlloc), real \(appended.heapAlloc)")
        }
    }

    @Test func fidelityAgainstRealGoAndItsOwnVariation() throws {
        // The spike lesson's story, run 5 times. A "simulator" that returns one of the real runs
        // must score inside the band everywhere; the report also shows real Go's own spread.
        let spike = GoFixtures.scenario([
            GoFixtures.snap(5, "start"),
            GoFixtures.alloc(8, 100_000, x: 1024, as: "burst"),
            GoFixtures.snap(9, "burst held"),
            GoFixtures.op(13, .free(group: "burst")),
            GoFixtures.op(14, .gc),
            GoFixtures.snap(15, "after gc"),
            GoFixtures.op(19, .release),
            GoFixtures.snap(20, "after release"),
        ], file: "Scenarios/spike.scenario", title: "Allocation spike")
        let go = realBackend()
        let reference = try #require(try go.runs(spike, count: 1).first)
        // MEMSTATS_FIDELITY_RUNS=20 measures real Go's variation over more runs.
        let runs = Int(ProcessInfo.processInfo.environment["MEMSTATS_FIDELITY_RUNS"] ?? "") ?? 5
        let report = Fidelity.report(scenario: spike, realRuns: runs, go: go) { _ in
            reference.readings.map(\.backendReading)
        }
        if let path = ProcessInfo.processInfo.environment["MEMSTATS_FIDELITY_JSON"] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        }
        #expect(report.verdict != .unscored, "\(report.unscoredReason ?? "")")
        #expect(report.realRuns == runs)
        #expect(report.snapshots.map(\.label) == ["start", "burst held", "after gc", "after release"])
        // Object fields repeat run to run (fidelity-scoring.md): a sixth real run meets their bars.
        // The page and time-driven fields (where automatic GCs fall during the burst, what the
        // scavenger released) do not always: the spec says real Go now and then lands outside its
        // own band there. A clean-clone CI run saw the burst's NextGC move 11.9 % across 5 runs.
        let repeatable: Set<MemStatsField> = [.heapAlloc, .heapInuse, .heapObjects, .totalAlloc, .mallocs, .frees, .stackInuse]
        for field in report.fields where repeatable.contains(field.field) {
            #expect(field.passes, "\(field.field.goName): \(field.error)")
        }
        withKnownIssue("a real run outside five real runs' band on a time-driven field", isIntermittent: true) {
            #expect(report.verdict == .pass, "\(report.fields.filter { !$0.passes }.map { "\($0.field.goName) \($0.error)" })")
        }
        for field in report.fields {
            print("Go-backed: real Go spread over \(runs) runs, \(field.field.goName): band width median \(String(format: "%.4f", field.realSpread.median)), max \(String(format: "%.4f", field.realSpread.max)); leave-one-out max \(String(format: "%.4f", field.realSelfScore?.max ?? 0))")
        }
        // A simulator that is 10 % high on HeapAlloc everywhere fails that field's bar.
        let skewed = Fidelity.report(scenario: spike, realRuns: 5, go: go) { _ in
            reference.readings.map { r in
                var m = r.memStats
                m.heapAlloc += max(m.heapAlloc / 10, 4 * MiB)
                return BackendReading(memStats: m)
            }
        }
        #expect(skewed.verdict == .fail)
        #expect(skewed.fields.first { $0.field == .heapAlloc }?.passes == false)
    }
}
