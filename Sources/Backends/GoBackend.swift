// The real Go runtime as a backend: the scenario becomes a Go program (GoProgramWriter), which
// is built once per scenario content and Go version (cached), run like for like, and its
// recorded readings are replayed to the interpreter snapshot by snapshot.
//
// Like for like: the program runs with GOMAXPROCS set to the simulator profile's value
// (default 1) and with GOGC, GOMEMLIMIT and GODEBUG removed from its environment, so both
// columns describe the same program. Before anything is built the scenario's peak memory is
// checked against the real-allocation cap; above it, the backend sits the run out and says why.
// Without a toolchain it sits out too, saying how to install one; the rest of the run goes on.

import FieldCatalogue
import Foundation
import GoProgramContract
import HeapSimulator
import LinuxProbes
import ScenarioLanguage

public final class GoBackend: ScenarioBackend {
    public let kind: BackendKind = .go

    /// `--go PATH`, or nil to try MEMSTATS_GO and then PATH.
    public let goPath: String?
    /// GOMAXPROCS of the Go program: the simulator profile's value.
    public let gomaxprocs: Int
    /// The longest real sleep of one `sleep` statement (`--max-sleep`).
    public let maxSleepNanoseconds: UInt64
    /// Where built programs and the private GOCACHE live.
    public let cacheDirectory: String
    /// The environment the toolchain and the program start from (scrubbed as described above).
    public let environment: [String: String]
    /// nil: `RealAllocationCap.standard(system: .current())`, computed at prepare.
    public let allocationCap: RealAllocationCap?
    public let runner: any ProcessRunning
    /// false (this initialiser's default; the command line's `--heap-base fixed`): on Go 1.26+, build
    /// with GOEXPERIMENT=norandomizedheapbase64 so the heap starts where the simulator's does with a
    /// fixed base. true (the command line's default): Go's default build, which places
    /// the heap at a random base with 0–511 released padding pages (HeapReleased and HeapIdle up to
    /// 4 MiB more; in some runs a second 4 MiB chunk moves HeapSys and Sys); the simulator's
    /// `HeapBase.random` and its predicted bands model that padding.
    public let randomizesHeapBase: Bool

    /// What the last build did (nil before one).
    public private(set) var lastBuild: GoBuild?
    /// The readings of the last run that `prepare` made (nil before one).
    public private(set) var lastRun: GoRunOutput?
    /// Wall seconds of the last run of the program.
    public private(set) var lastRunSeconds: Double = 0

    private var location: GoToolchain.Location?
    private var program: GoProgram?
    private var nextReading = 0
    private var noticedSpans: Set<SourceSpan> = []

    public init(goPath: String? = nil,
                gomaxprocs: Int = 1,
                maxSleepNanoseconds: UInt64 = GoProgramWriter.defaultMaxSleepNanoseconds,
                cacheDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                allocationCap: RealAllocationCap? = nil,
                randomizesHeapBase: Bool = false,
                runner: any ProcessRunning = FoundationProcessRunner()) {
        self.randomizesHeapBase = randomizesHeapBase
        self.goPath = goPath
        self.gomaxprocs = max(1, gomaxprocs)
        self.maxSleepNanoseconds = maxSleepNanoseconds
        self.cacheDirectory = cacheDirectory ?? GoToolchain.defaultCacheDirectory(environment: environment)
        self.environment = environment
        self.allocationCap = allocationCap
        self.runner = runner
    }

    /// A backend whose program runs like the simulator `configuration` describes (its GOMAXPROCS).
    public convenience init(matching configuration: SimulatorConfiguration,
                            goPath: String? = nil,
                            maxSleepNanoseconds: UInt64 = GoProgramWriter.defaultMaxSleepNanoseconds,
                            cacheDirectory: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            allocationCap: RealAllocationCap? = nil,
                            runner: any ProcessRunning = FoundationProcessRunner()) {
        self.init(goPath: goPath, gomaxprocs: configuration.gomaxprocs, maxSleepNanoseconds: maxSleepNanoseconds,
                  cacheDirectory: cacheDirectory, environment: environment, allocationCap: allocationCap, runner: runner)
    }

    /// The toolchain this backend uses (looked up once).
    public func toolchain() -> GoToolchain.Location {
        if let location { return location }
        let found = GoToolchain.locate(explicitPath: goPath, environment: environment, runner: runner)
        location = found
        return found
    }

    /// When set, the program runs with exactly this environment (plus GOMAXPROCS) instead of the
    /// caller's: `memstats baseline` measures with a fixed one, since every variable is a heap
    /// object at start.
    public var fixedProgramEnvironment: [String: String]?

    /// The environment the scenario program runs with: the caller's without GOGC, GOMEMLIMIT
    /// and GODEBUG (the scenario sets those), without the MEMSTATS_ variables that configure
    /// memstats and its tests (the program reads none, and each variable is one more heap object
    /// at the program's start), and with GOMAXPROCS set.
    public func programEnvironment() -> [String: String] {
        Self.programEnvironment(from: fixedProgramEnvironment ?? environment, gomaxprocs: gomaxprocs)
    }

    /// The program's environment as the simulator takes it: a simulator compared with this
    /// backend's runs starts with the same environment variables.
    public var programGoEnvironment: GoEnvironment { GoEnvironment(variables: programEnvironment()) }

    /// The rule of `programEnvironment()` for a caller's environment: what the simulator's
    /// `--go-environment current` takes as the program's environment too.
    public static func programEnvironment(from caller: [String: String], gomaxprocs: Int) -> [String: String] {
        var env = caller
        for key in ["GOGC", "GOMEMLIMIT", "GODEBUG"] { env[key] = nil }
        for key in env.keys where key.hasPrefix("MEMSTATS_") { env[key] = nil }
        env["GOMAXPROCS"] = String(gomaxprocs)
        return env
    }

    /// Builds the scenario's program (or takes it from the cache) and runs it `count` times.
    /// Throws a failure whose message is ready for the user: no toolchain (with the install
    /// hint), over the cap, a build error, a crash with stderr's tail, unreadable output.
    public func runs(_ scenario: Scenario, count: Int) throws(BackendFailure) -> [GoRunOutput] {
        func failure(_ message: String) -> BackendFailure {
            BackendFailure(backend: .go, span: nil, message: message)
        }
        let cap = allocationCap ?? RealAllocationCap.standard(system: SystemMemory.current())
        let peak = ResourceEstimate.estimate(scenario).peakBytes
        if let refusal = cap.refusal(peakBytes: peak, backend: "go") { throw failure(refusal) }

        let toolchain: GoToolchain
        switch self.toolchain() {
        case .found(let t): toolchain = t
        case .unavailable(let reason): throw failure(reason)
        }
        let program: GoProgram
        do {
            program = try GoProgramWriter(maxSleepNanoseconds: maxSleepNanoseconds).program(for: scenario)
        } catch {
            throw failure(error.message)
        }
        self.program = program
        let experiments = !randomizesHeapBase && toolchain.randomizesHeapBase ? ["norandomizedheapbase64"] : []
        let builder = GoProgramBuilder(toolchain: toolchain, cacheDirectory: cacheDirectory,
                                       environment: environment, runner: runner, experiments: experiments)
        let build: GoBuild
        do {
            build = try builder.build(program.source)
        } catch {
            throw failure(error.message)
        }
        lastBuild = build

        let timeout = Double(program.totalSleepNanoseconds) / 1e9 + 60
        var outputs: [GoRunOutput] = []
        for _ in 0..<max(1, count) {
            let request = ProcessRequest(executable: build.binaryPath, arguments: [],
                                         environment: programEnvironment(), timeoutSeconds: timeout)
            let result: ProcessResult
            do {
                result = try runner.run(request)
            } catch {
                throw failure("cannot start the built Go program \(build.binaryPath): \(error.localizedDescription)")
            }
            lastRunSeconds = result.elapsedSeconds
            guard result.succeeded else {
                let tail = result.standardErrorTail()
                throw failure("the Go program for \(scenario.file) \(result.endDescription(timeout: timeout))"
                              + (tail.isEmpty ? "" : ":\n" + tail))
            }
            let output: GoRunOutput
            do {
                output = try GoRunOutput.decode(result.standardOutput)
            } catch {
                throw failure(error.message)
            }
            guard output.readings.count == program.snapshotCount else {
                throw failure("the Go program recorded \(output.readings.count) readings; the scenario takes \(program.snapshotCount)")
            }
            outputs.append(output)
        }
        return outputs
    }

    // MARK: ScenarioBackend

    public func prepare(_ scenario: Scenario) -> BackendAvailability {
        nextReading = 0
        noticedSpans = []
        lastRun = nil
        do {
            lastRun = try runs(scenario, count: 1).first
            return .available
        } catch {
            return .unavailable(reason: error.message)
        }
    }

    public func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String] {
        guard case .sleep = operation, let capped = program?.cappedSleeps.first(where: { $0.span == span }),
              !noticedSpans.contains(span)
        else { return [] }
        noticedSpans.insert(span)
        return ["go: slept \(GoText.duration(capped.sleptNanoseconds)) for real instead of "
                + "\(GoText.duration(capped.requestedNanoseconds)) (--max-sleep caps real sleeping)"]
    }

    public func snapshot(label: String, at span: SourceSpan) throws -> BackendReading {
        guard let run = lastRun else {
            throw BackendFailure(backend: .go, span: span, message: "the Go program has not run (prepare first)")
        }
        guard nextReading < run.readings.count else {
            throw BackendFailure(backend: .go, span: span,
                                 message: "the Go program recorded only \(run.readings.count) readings")
        }
        let reading = run.readings[nextReading]
        guard reading.label == label, reading.line == span.start.line else {
            throw BackendFailure(backend: .go, span: span, message:
                "the Go program's reading \(nextReading + 1) is \"\(reading.label)\" (line \(reading.line)), expected \"\(label)\" (line \(span.start.line))")
        }
        nextReading += 1
        var backendReading = reading.backendReading
        backendReading.goRelease = run.goVersion
        return backendReading
    }

    public func finish() -> [String] {
        defer {
            lastRun = nil
            nextReading = 0
        }
        guard let run = lastRun, let build = lastBuild else { return [] }
        let buildText = build.built
            ? "built in \(String(format: "%.1f", build.buildSeconds)) s"
            : "built program reused from the cache"
        let base = build.experiments.contains("norandomizedheapbase64")
            ? "; heap base fixed (GOEXPERIMENT=norandomizedheapbase64) like the model's"
            : randomizesHeapBase ? "; heap base as Go's default build places it (random since go1.26)" : ""
        return ["go: \(run.goVersion), GOMAXPROCS=\(run.gomaxprocs)\(base); \(buildText); ran in \(String(format: "%.2f", lastRunSeconds)) s"]
    }
}
