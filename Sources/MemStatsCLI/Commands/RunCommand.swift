// `memstats run NAME|FILE`: a scenario on the simulator and real backends, side by side.

import Backends
import FieldCatalogue
import Foundation
import GoProgramContract
import HeapSimulator
import LinuxProbes
import Presentation
import ScenarioLanguage

enum RunCommand: Subcommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run a scenario and show the MemStats fields of each backend side by side.",
        discussion: """
            SCENARIO is a bundled name (see 'memstats scenarios'), a path to a .scenario file, or - to read \
            standard input. A pipe or FIFO that sends nothing for 10 s is given up on; devices are refused.
            Backends: simulator (the modelled Go heap, always available), go (the scenario as a real Go \
            program; needs a Go toolchain), native (this process doing the same work with malloc). \
            The default is the simulator plus the best real backend available: go when a toolchain is \
            found, else native; the run says which it chose and why. Real backends refuse a scenario whose \
            peak memory is above the real-memory cap (min(2 GiB, 50% of MemAvailable) unless --real-limit \
            says otherwise). A backend named with --backend (or go, when --go names a toolchain) that cannot \
            run is an error and nothing runs (exit status 6); a real backend chosen by default that cannot \
            run is reported and the simulator runs alone. Every expect that a backend did not check is \
            listed with the reason. With --bands the simulator also runs under a few variants of \
            mechanisms real Go does differently from run to run (where a mark ends: at GOMAXPROCS 1, sysmon \
            preempting the program 0 or 10 ms after the fractional worker could finish a mark's work, with \
            the assists' part; at GOMAXPROCS > 1, the measured mark-termination latency's deciles per cycle, and its p25 or p90 \
            throughout; on go1.24+ models, a large pointer object scanned by the cycle its allocation starts; \
            on a Go 1.26+ model with a random heap base, the default: 0 and 511 padding pages); text lists the shown fields whose band [min, max] \
            is wider than 1 % (NumGC: 1 cycle) and why, JSON carries every band that is not just the point. \
            Exit status 1 when an expect fails on some backend, 5 when a backend fails during the run.
            """,
        arguments: [ArgumentSpec("SCENARIO", help: "A bundled scenario name (spike), a .scenario file (./spike for a file "
                                   + "named like a bundled one), or - for standard input.")],
        options: [
            OptionSpec("backend", value: "LIST", help: "Comma-separated backends: simulator, go, native."),
            OptionSpec("all-fields", help: "Show every MemStats field, not only the snapshot's focus."),
            OptionSpec("bands", help: "Also predict a band per field: the simulator under measured variants of "
                           + "mechanisms that vary between real runs (text: wide bands and why; JSON: every band)."),
            RunPicturesOptions.chart,
            RunPicturesOptions.heapMap,
            RunPicturesOptions.html,
            RunClassOptions.step,
            RunClassOptions.predict,
            SharedOptions.format(OutputFormat.allCases),
            SharedOptions.language,
            SharedOptions.color,
            SharedOptions.exact,
            SharedOptions.bytes,
            SharedOptions.goToolchain,
            SharedOptions.model,
            SharedOptions.gomaxprocs,
            SharedOptions.cpus,
            SharedOptions.extraMs,
            SharedOptions.heapBase,
            SharedOptions.heapPadding,
            SharedOptions.goEnvironment,
            CalibrateCommand.option,
            OptionSpec("max-sleep", value: "DURATION",
                       help: "The longest a real backend really sleeps for one sleep statement (default 10s)."),
            RealRunPace.option,
            OptionSpec("real-limit", value: "SIZE",
                       help: "The most real memory a real backend may allocate (default min(2GiB, 50% of MemAvailable))."),
        ],
        examples: ["run spike", "run spike --backend simulator,native", "run spike --backend simulator,go",
                   "run Scenarios/fragmentation.scenario --all-fields", "run spike --format json",
                   "run spike --chart --heap-map", "run fragmentation --html report.html", "run spike --step --predict"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        try RunPicturesOptions.check(arguments)
        let scenario = try ScenarioInput.compiled(arguments.positionals[0], context: context,
                                                  language: FieldGuide.language(arguments))
        var setup = try BackendSetup(arguments, context: context)
        let choice = try setup.chooseBackends(arguments)
        for warning in choice.warnings { context.writeError("warning: \(warning)\n") }
        try checkBands(arguments, kinds: choice.kinds)
        let boundText = arguments.value("max-real-time") ?? "10m"
        let pace = RealRunPace(work: ScenarioWork(scenario),
                               boundNanoseconds: try arguments.value("max-real-time").map {
                                   try SharedOptions.duration($0, option: "max-real-time", command: "run")
                               } ?? RealRunPace.defaultBoundNanoseconds,
                               boundText: boundText, writeError: context.writeError)
        if choice.kinds.contains(.native), let note = pace.upFrontNote() { context.writeError(note + "\n") }
        let catalogue = try FieldGuide.catalogue(arguments)
        var renderer = RunTextRenderer(model: setup.configuration.profile.name, showsAllFields: arguments.isSet("all-fields"),
                                       style: SharedOptions.style(arguments, context: context),
                                       backendChoice: choice.explanation(in: FieldGuide.language(arguments)),
                                       summary: { catalogue.entry(for: $0).summary })
        let session = try RunClassOptions.session(arguments, renderer: renderer, scenario: scenario,
                                                  requested: choice.kinds, context: context)
        let record = ScenarioInterpreter(backends: choice.backends,
                                         required: choice.isNamed ? Set(choice.kinds) : [],
                                         pace: .init(bounded: [.native], check: pace.check),
                                         observer: session.map { session in { session.observe($0) } },
                                         stop: session.map { session in { session.hasQuit } }).run(scenario)
        if let halted = record.haltedBy {
            for case .unavailable(let kind, let reason) in record.events where kind == halted {
                throw CLIError.backendUnavailable(backend: kind.rawValue, reason: reason)
            }
        }
        let model = setup.configuration.profile.name
        let bands = predictedBands(arguments, record: record, scenario: scenario, configuration: setup.configuration)
        if let bands { renderer.bands = bands }

        try RunPicturesOptions.writeHTML(arguments, record: record, model: model,
                                         summary: { catalogue.entry(for: $0).summary }, context: context)
        switch SharedOptions.outputFormat(arguments) {
        case .json:
            context.writeOutput(try RunDocument(record: record, model: model, backendChoice: choice.explanation,
                                                includesHeapMaps: arguments.isSet("heap-map"),
                                                goEnvironment: setup.goEnvironmentInfo, bands: bands).encoded())
        case .csv:
            context.writeOutput(RunExport.csv(record))
        case .markdown:
            context.writeOutput(RunExport.markdown(record, model: model, style: SharedOptions.style(arguments, context: context),
                                                   showsAllFields: arguments.isSet("all-fields"),
                                                   backendChoice: choice.explanation(in: FieldGuide.language(arguments)),
                                                   summary: { catalogue.entry(for: $0).summary }))
        case .text:
            if let session {
                session.finish(record)
                if session.hasQuit { return .success }
            } else {
                context.writeOutput(renderer.render(record))
            }
            let style = SharedOptions.style(arguments, context: context)
            try RunPicturesOptions.write(arguments, record: record, model: model, style: style, context: context)
        }
        if record.hasFailedExpectation { return .expectationFailed }
        let failed = record.events.contains { if case .failure = $0 { true } else { false } }
        return failed ? .backendFailed : .success
    }
}

extension RunCommand {
    /// `--bands` needs the simulator and a whole run: checked before anything runs.
    static func checkBands(_ arguments: ParsedArguments, kinds: [BackendKind]) throws {
        guard arguments.isSet("bands") else { return }
        if arguments.isSet("step") || arguments.isSet("predict") {
            throw CLIError.invalidCombination("--bands predicts bands over whole runs of the simulator; "
                                              + "it cannot be used with --step or --predict", command: "run")
        }
        if !kinds.contains(.simulator) {
            throw CLIError.invalidCombination("--bands needs the simulator among --backend", command: "run")
        }
    }

    /// `--bands`: the simulator's predicted bands around the readings it took (nil without
    /// `--bands`, or when the simulator did not run). Not with --step, whose screens are drawn
    /// before the variants could run.
    static func predictedBands(_ arguments: ParsedArguments, record: RunRecord, scenario: Scenario,
                               configuration: SimulatorConfiguration) -> PredictedBands? {
        guard arguments.isSet("bands") else { return nil }
        let point = record.snapshots.compactMap { $0.readings[.simulator]?.memStats }
        guard point.count == record.snapshots.count else { return nil }
        return PredictedBands.predict(scenario, configuration: configuration, point: point)
    }
}

/// The backends a run uses, and why.
struct BackendChoice {
    var kinds: [BackendKind]
    var backends: [any ScenarioBackend]
    /// True when `--backend` named them: each one must run.
    var isNamed: Bool
    /// Why these backends, when memstats chose them (nil when `--backend` named them).
    var explanation: String?
    /// The same in Chinese, for `--lang zh` (the JSON keeps the English).
    var chineseExplanation: String?

    func explanation(in language: Language) -> String? {
        language == .chinese ? chineseExplanation ?? explanation : explanation
    }
    /// Options or settings that were given but do not apply, said on standard error.
    var warnings: [String]
}

/// How the backends of a run are configured, from the command line.
struct BackendSetup {
    var configuration: SimulatorConfiguration
    /// `--model` when given; nil: the real Go's release when go runs, else the newest profile.
    var explicitModel: GoProfile?
    var goPath: String?
    var maxSleepNanoseconds: UInt64
    var realLimitBytes: UInt64?
    var environment: [String: String]
    /// `--go-environment`: where the simulated program's environment comes from.
    var goEnvironmentChoice: GoEnvironmentChoice
    /// `--cpus` when given.
    var explicitCPUs: Int?

    /// Real Go runs beside the simulator on this machine: unless `--cpus` said otherwise, the
    /// simulated machine has this machine's CPUs. Returns what to tell the user when that leaves
    /// fewer CPUs than Ps (the marks are modelled as such a machine runs them).
    mutating func simulateThisMachinesCPUs() -> String? {
        guard explicitCPUs == nil else { return nil }
        let cpus = SystemCPUs.current()
        configuration.cpuCount = cpus
        guard cpus < configuration.gomaxprocs else { return nil }
        return "this machine has \(cpus) CPU\(cpus == 1 ? "" : "s") for GOMAXPROCS \(configuration.gomaxprocs): the simulator "
            + "models marks that wait for a CPU, as real Go here does (--cpus N to choose)"
    }

    /// What the run's JSON says of the simulated program's environment.
    var goEnvironmentInfo: RunDocument.GoEnvironmentInfo {
        RunDocument.GoEnvironmentInfo(source: goEnvironmentChoice.name, variables: configuration.environment.count,
                                      bytes: configuration.environment.totalBytes)
    }

    init(_ arguments: ParsedArguments, context: CommandContext, command: String = "run") throws {
        environment = context.environment
        goPath = arguments.value("go")
        let gomaxprocs = try SharedOptions.positiveInteger(arguments.value("gomaxprocs"), option: "gomaxprocs",
                                                           command: command, default: 1)
        explicitModel = arguments.value("model").flatMap(GoProfile.named)
        configuration = SimulatorConfiguration(profile: explicitModel ?? .newest, gomaxprocs: gomaxprocs)
        configuration.heapBase = try SharedOptions.heapBase(arguments, command: command)
        configuration.calibration = try CalibrateCommand.calibration(arguments, context: context)
        configuration.extraMs = try SharedOptions.extraMs(arguments.value("extra-ms"), command: command)
        explicitCPUs = try arguments.value("cpus").map {
            try SharedOptions.positiveInteger($0, option: "cpus", command: command, default: 1)
        }
        configuration.cpuCount = explicitCPUs
        goEnvironmentChoice = try GoEnvironmentChoice(arguments, environment: context.environment, command: command)
        configuration.environment = goEnvironmentChoice.environment(caller: context.environment, gomaxprocs: gomaxprocs)
        maxSleepNanoseconds = try arguments.value("max-sleep").map {
            try SharedOptions.duration($0, option: "max-sleep", command: command)
        } ?? GoProgramWriter.defaultMaxSleepNanoseconds
        realLimitBytes = try arguments.value("real-limit").map {
            try SharedOptions.size($0, option: "real-limit", command: command)
        }
    }

    /// `--backend LIST` when given (each named backend must run, and go's toolchain is looked
    /// for now, before anything runs); else the simulator plus go when a toolchain answers, else
    /// native. A `--go PATH` that does not work is an error; a `MEMSTATS_GO` that does not work
    /// is said, and the default falls back to native.
    mutating func chooseBackends(_ arguments: ParsedArguments, command: String = "run") throws -> BackendChoice {
        let go = makeGoBackend()
        let explicitGo = goPath.map { !$0.isEmpty } ?? false
        if let list = arguments.value("backend") {
            var kinds: [BackendKind] = []
            for name in list.split(separator: ",", omittingEmptySubsequences: true).map(String.init) {
                guard let kind = BackendKind(rawValue: name) else {
                    throw CLIError.invalidValue(option: "backend", value: name,
                                                allowed: BackendKind.allCases.map(\.rawValue), command: command)
                }
                if !kinds.contains(kind) { kinds.append(kind) }
            }
            if kinds.isEmpty {
                throw CLIError.invalidValue(option: "backend", value: list,
                                            allowed: BackendKind.allCases.map(\.rawValue), command: command)
            }
            var warnings: [String] = []
            if kinds.contains(.go) {
                switch go.toolchain() {
                case .unavailable(let reason): throw CLIError.backendUnavailable(backend: "go", reason: reason)
                case .found(let toolchain): warnings += matchModel(to: toolchain)
                }
                if let note = simulateThisMachinesCPUs() { warnings.append(note) }
            } else if explicitGo {
                warnings.append("--go is not used: the go backend is not among --backend \(list)")
            }
            return BackendChoice(kinds: kinds, backends: makeBackends(kinds, go: go), isNamed: true,
                                 explanation: nil, chineseExplanation: nil, warnings: warnings)
        }
        switch go.toolchain() {
        case .found(let toolchain):
            let kinds: [BackendKind] = [.simulator, .go]
            var warnings = matchModel(to: toolchain)
            if let note = simulateThisMachinesCPUs() { warnings.append(note) }
            return BackendChoice(
                kinds: kinds, backends: makeBackends(kinds, go: go), isNamed: false,
                explanation: "chosen by default: go because \(toolchain.version) answered at \(toolchain.executable) "
                    + "(from \(toolchain.origin)); choose with --backend",
                chineseExplanation: "默认选择：go，因为 \(toolchain.version) 在 \(toolchain.executable) 应答"
                    + "（来自 \(toolchain.origin)）；用 --backend 选择",
                warnings: warnings)
        case .unavailable(let reason):
            if explicitGo { throw CLIError.backendUnavailable(backend: "go", reason: reason) }
            var warnings: [String] = []
            if let variable = environment["MEMSTATS_GO"], !variable.isEmpty {
                warnings.append("MEMSTATS_GO does not work, so the go backend is not used: \(reason)")
            }
            let kinds: [BackendKind] = [.simulator, .native]
            return BackendChoice(
                kinds: kinds, backends: makeBackends(kinds, go: go), isNamed: false,
                explanation: "chosen by default: native because Go cannot run here (\(reason)); choose with --backend",
                chineseExplanation: "默认选择：native，因为这里无法运行 Go（\(reason)）；用 --backend 选择",
                warnings: warnings)
        }
    }

    /// The model for a run beside real Go: without --model, the toolchain's release (or the
    /// model GoProfile.nearest picks, said); with --model, a different release than the toolchain's is said.
    mutating func matchModel(to toolchain: GoToolchain) -> [String] {
        let (nearest, exact) = GoProfile.nearest(toRelease: toolchain.version)
        if let explicit = explicitModel {
            guard explicit.name != nearest.name || !exact else { return [] }
            return ["the simulator models \(explicit.name) (--model) but the real Go is \(toolchain.version): "
                + "the two columns are different Go releases"]
        }
        // Only the release changes: every other setting of the run (calibration, Ms, heap base…) stays.
        configuration.profile = nearest
        configuration.program = nearest.program
        return exact ? [] : ["\(toolchain.version) has no model of its own: the simulator models \(nearest.name), "
            + "the nearest model for it (see 'memstats models')"]
    }

    private func makeBackends(_ kinds: [BackendKind], go: GoBackend) -> [any ScenarioBackend] {
        kinds.map { kind -> any ScenarioBackend in
            switch kind {
            case .simulator:
                SimulatorBackend(configuration: configuration)
            case .native:
                NativeBackend(realLimitBytes: realLimitBytes)
            case .go:
                go
            }
        }
    }

    func makeGoBackend() -> GoBackend {
        let cap = RealAllocationCap.standard(system: SystemMemory.current(), explicit: realLimitBytes)
        return GoBackend(goPath: goPath, gomaxprocs: configuration.gomaxprocs, maxSleepNanoseconds: maxSleepNanoseconds,
                         environment: environment, allocationCap: cap, randomizesHeapBase: configuration.heapBase != .fixed)
    }
}

/// Where the simulated Go program's environment comes from (`--go-environment`).
enum GoEnvironmentChoice: Equatable {
    /// What a Go program started by memstats from here gets: the Go backend's rule.
    case current
    /// GoEnvironment.reference: fixed, so outputs do not depend on the shell.
    case reference
    /// GoEnvironment.reference(count:): the reference cut or padded to this many variables
    /// (what `inspect --reproduce` fits a dump's start-up with).
    case referenceVariables(Int)

    /// The largest count `reference:N` takes (Go has no limit; this keeps the start-up small).
    static let maximumVariableCount = 4096
    /// The forms the option and the variable take, for messages and help.
    static let allowed = ["current", "reference", "reference:N (N from 0 to \(maximumVariableCount))"]

    /// The variable that sets the default.
    static let variable = "MEMSTATS_GO_ENVIRONMENT"

    /// Parses `current`, `reference` or `reference:N`; nil for anything else.
    init?(text: String) {
        switch text {
        case "current": self = .current
        case "reference": self = .reference
        default:
            let digits = text.dropFirst("reference:".count)
            guard text.hasPrefix("reference:"), !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ ("0"..."9").contains($0) }),
                  let count = Int(digits), count <= Self.maximumVariableCount else { return nil }
            self = .referenceVariables(count)
        }
    }

    /// How the run's JSON names the choice.
    var name: String {
        switch self {
        case .current: "current"
        case .reference: "reference"
        case .referenceVariables(let count): "reference:\(count)"
        }
    }

    /// `--go-environment`, else $MEMSTATS_GO_ENVIRONMENT, else current.
    init(_ arguments: ParsedArguments, environment: [String: String], command: String) throws {
        if let text = arguments.value("go-environment") {
            guard let choice = Self(text: text) else {
                throw CLIError.invalidValue(option: "go-environment", value: text, allowed: Self.allowed, command: command)
            }
            self = choice
        } else if let text = environment[Self.variable], !text.isEmpty {
            guard let choice = Self(text: text) else {
                throw CLIError.invalidVariable(name: Self.variable, value: text, allowed: Self.allowed, option: "go-environment")
            }
            self = choice
        } else {
            self = .current
        }
    }

    /// The environment the simulator gets for a caller's environment and GOMAXPROCS.
    func environment(caller: [String: String], gomaxprocs: Int) -> GoEnvironment {
        switch self {
        case .current: GoEnvironment(variables: GoBackend.programEnvironment(from: caller, gomaxprocs: gomaxprocs))
        case .reference: .reference
        case .referenceVariables(let count): .reference(count: count)
        }
    }
}
