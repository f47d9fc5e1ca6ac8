// `memstats run NAME|FILE`: a scenario on the simulator and real backends, side by side.

import Backends
import FieldCatalogue
import Foundation
import HeapSimulator
import LinuxProbes
import Presentation
import ScenarioLanguage

enum RunCommand: Subcommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run a scenario and show the MemStats fields of each backend side by side.",
        discussion: """
            SCENARIO is a bundled name (see 'memstats scenarios') or a path to a .scenario file.
            Backends: simulator (the modelled Go heap, always available), go (the scenario as a real Go \
            program; needs a Go toolchain), native (this process doing the same work with malloc). \
            The default is the simulator plus the best real backend available: go when a toolchain is \
            found, else native. Real backends refuse a scenario whose peak memory is above the real-memory \
            cap (min(2 GiB, 50% of MemAvailable) unless --real-limit says otherwise); the simulator still runs.
            Exit status 1 when an expect fails on some backend.
            """,
        arguments: [ArgumentSpec("SCENARIO", help: "A bundled scenario name (spike) or a .scenario file.")],
        options: [
            OptionSpec("backend", value: "LIST", help: "Comma-separated backends: simulator, go, native."),
            OptionSpec("all-fields", help: "Show every MemStats field, not only the snapshot's focus."),
            SharedOptions.format,
            SharedOptions.language,
            SharedOptions.goToolchain,
            SharedOptions.gomaxprocs,
            OptionSpec("max-sleep", value: "DURATION",
                       help: "The longest a real backend really sleeps for one sleep statement (default 10s)."),
            OptionSpec("real-limit", value: "SIZE",
                       help: "The most real memory a real backend may allocate (default min(2GiB, 50% of MemAvailable))."),
        ],
        examples: ["run spike", "run spike --backend simulator,native", "run spike --backend simulator,go",
                   "run Scenarios/fragmentation.scenario --all-fields", "run spike --format json"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let scenario = try ScenarioInput.compiled(arguments.positionals[0], context: context)
        let setup = try BackendSetup(arguments, context: context)
        let backends = setup.makeBackends()
        let record = ScenarioInterpreter(backends: backends).run(scenario)
        let model = setup.configuration.profile.name

        if SharedOptions.isJSON(arguments) {
            context.writeOutput(try RunDocument(record: record, model: model).encoded())
        } else {
            let catalogue = try FieldGuide.catalogue(arguments)
            let renderer = RunTextRenderer(model: model, showsAllFields: arguments.isSet("all-fields"),
                                           width: FieldGuide.width(context), language: catalogue.language,
                                           summary: { catalogue.entry(for: $0).summary })
            context.writeOutput(renderer.render(record))
        }
        if record.hasFailedExpectation { return .expectationFailed }
        let failed = record.events.contains { if case .failure = $0 { true } else { false } }
        return failed ? .backendFailed : .success
    }
}

/// Which backends a run uses and how they are configured, from the command line.
struct BackendSetup {
    var kinds: [BackendKind]
    var configuration: SimulatorConfiguration
    var goPath: String?
    var maxSleepNanoseconds: UInt64
    var realLimitBytes: UInt64?
    var environment: [String: String]

    init(_ arguments: ParsedArguments, context: CommandContext, command: String = "run") throws {
        environment = context.environment
        goPath = arguments.value("go")
        let gomaxprocs = try SharedOptions.positiveInteger(arguments.value("gomaxprocs"), option: "gomaxprocs",
                                                           command: command, default: 1)
        configuration = SimulatorConfiguration(profile: .go1_27, gomaxprocs: gomaxprocs)
        maxSleepNanoseconds = try arguments.value("max-sleep").map {
            try SharedOptions.duration($0, option: "max-sleep", command: command)
        } ?? GoProgramWriter.defaultMaxSleepNanoseconds
        realLimitBytes = try arguments.value("real-limit").map {
            try SharedOptions.size($0, option: "real-limit", command: command)
        }
        if let list = arguments.value("backend") {
            kinds = []
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
        } else {
            let hasGo: Bool
            if case .found = GoToolchain.locate(explicitPath: goPath, environment: environment) { hasGo = true } else { hasGo = false }
            kinds = [.simulator, hasGo ? .go : .native]
        }
    }

    func makeBackends() -> [any ScenarioBackend] {
        kinds.map { kind -> any ScenarioBackend in
            switch kind {
            case .simulator:
                SimulatorBackend(configuration: configuration)
            case .native:
                NativeBackend(realLimitBytes: realLimitBytes)
            case .go:
                makeGoBackend()
            }
        }
    }

    func makeGoBackend() -> GoBackend {
        let cap = RealAllocationCap.standard(system: SystemMemory.current(), explicit: realLimitBytes)
        return GoBackend(goPath: goPath, gomaxprocs: configuration.gomaxprocs, maxSleepNanoseconds: maxSleepNanoseconds,
                         environment: environment, allocationCap: cap)
    }
}
