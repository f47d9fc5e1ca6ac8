// The simulator's start-up state for a given environment against the real generated program run
// with that environment, on every Go release with a toolchain here (go1.27 is `go`; the older
// ones as GoVersionProfileTests finds them). The environments are drawn from a seed that the
// per-variable rule (HeapSimulator's StartupEnvironment.swift) was not derived from: it came from
// uniform 5–100-byte variables and the shell's own environment.
//
// Simplification of the test: the strings under 16 bytes are 9–15 bytes long, so no two share a
// tiny block whatever order Foundation's Process passes them in (the model orders them by name).

@testable import Backends
import FieldCatalogue
import Foundation
import GoProgramContract
import HeapSimulator
import ScenarioLanguage
import Testing

/// The field guide's claim (HeapObjects, "How to read it"): 40 more variables of 16 bytes or more
/// are 40 more heap objects at start; on the model here, on real Go below.
@Suite struct StartupEnvironmentClaimTests {
    static let claim = "A program started with 40 more such variables starts with 40 more objects"

    /// 40 variables of 20–100 bytes.
    static var forty: [String: String] {
        var env: [String: String] = [:]
        for i in 0..<40 { env["CLAIM_\(i)"] = String(repeating: "c", count: 12 + 2 * i) }
        return env
    }

    @Test func theFieldGuideSaysItAndTheModelDoesIt() throws {
        let entry = try FieldCatalogue.entry(for: .heapObjects, language: .english)
        #expect(entry.sections.contains { $0.markdown.contains(Self.claim) })
        let base = GoBackend.programEnvironment(from: [:], gomaxprocs: 1)
        let more = GoBackend.programEnvironment(from: Self.forty, gomaxprocs: 1)
        for profile in GoProfile.all {
            func objects(_ env: [String: String]) -> UInt64 {
                SimulatedHeap(configuration: SimulatorConfiguration(profile: profile, environment: GoEnvironment(variables: env)))
                    .readMemStats().heapObjects
            }
            #expect(objects(more) - objects(base) == 40, "\(profile.name)")
        }
    }
}

@Suite(.serialized, .goBacked, .goRequired)
struct StartupEnvironmentRealGoTests {
    /// The field guide's claim on real Go: the smallest of 5 runs' start-up HeapObjects.
    @Test func fortyMoreVariablesAreFortyMoreObjectsOnRealGo() throws {
        for (profile, go) in Self.toolchains {
            func objects(_ env: [String: String]) throws -> UInt64 {
                go.fixedProgramEnvironment = env
                defer { go.fixedProgramEnvironment = nil }
                let outputs = try go.runs(StartupMeasurement.scenario(), count: 5)
                let objects: [UInt64] = outputs.compactMap { $0.readings.first?.memStats.heapObjects }
                let smallest: UInt64? = objects.min()
                return try #require(smallest)
            }
            let base = try objects([:])
            let more = try objects(StartupEnvironmentClaimTests.forty)
            print("\(profile.name): \(base) start-up objects with GOMAXPROCS alone, \(more) with 40 more variables")
            // On a loaded machine every one of the 5 runs of one side can have an object more (a
            // runtime goroutine's allocation before main): seen once in about ten runs.
            if more - base != 40 && (39...41).contains(more - base) {
                withKnownIssue("\(profile.name): \(base) → \(more): real Go's start-up varied by one object",
                               isIntermittent: true) {
                    #expect(more - base == 40)
                }
            } else {
                #expect(more - base == 40, "\(profile.name): \(base) → \(more)")
            }
        }
    }

    /// `count` variables named ENV_TEST_<i>, their "KEY=VALUE" lengths drawn between 9 and 250 bytes
    /// (a third of them under 40).
    static func environment(count: Int, seed: UInt64) -> [String: String] {
        var rng = SplitMix64(seed: seed)
        var env: [String: String] = [:]
        for i in 0..<count {
            let key = "ENV_TEST_\(i)"
            let length = rng.next() % 3 == 0 ? 9 + Int(rng.next() % 31) : 40 + Int(rng.next() % 211)
            env[key] = String(repeating: "v", count: max(0, length - key.utf8.count - 1))
        }
        return env
    }

    static var toolchains: [(GoProfile, GoBackend)] {
        var result: [(GoProfile, GoBackend)] = []
        if let toolchain = GoAvailability.toolchain {
            let profile = GoProfile.nearest(toRelease: toolchain.version)
            if profile.exact {
                result.append((profile.profile, GoBackend(goPath: toolchain.executable,
                                                          cacheDirectory: GoAvailability.cacheDirectory)))
            }
        }
        for older in OlderGo.all {
            if let backend = older.backend() { result.append((older.model, backend)) }
        }
        return result
    }

    @Test(arguments: [0, 40, 300])
    func startupObjectsFollowTheEnvironment(variables: Int) throws {
        let caller = Self.environment(count: variables, seed: 0xE17_0000 + UInt64(variables))
        for (profile, go) in Self.toolchains {
            go.fixedProgramEnvironment = caller
            defer { go.fixedProgramEnvironment = nil }
            let environment = GoEnvironment(variables: go.programEnvironment())
            let outputs = try go.runs(StartupMeasurement.scenario(), count: 5)
            let readings = outputs.compactMap { $0.readings.first?.memStats }
            let real = try #require(readings.min { $0.heapObjects < $1.heapObjects })
            let configuration = SimulatorConfiguration(profile: profile, environment: environment)
            let model = SimulatedHeap(configuration: configuration).readMemStats()
            print("\(profile.name), \(environment.count) variables (\(environment.totalBytes) B): HeapObjects "
                  + "\(model.heapObjects) model, \(real.heapObjects) real; Mallocs \(model.mallocs), \(real.mallocs); "
                  + "HeapAlloc \(model.heapAlloc), \(real.heapAlloc); HeapInuse \(model.heapInuse), \(real.heapInuse); "
                  + "GCSys \(model.gcSys), \(real.gcSys)")
            // Every run may have started one more M before main (6 objects, their bytes): then
            // only the objects are compared, 6 apart.
            if real.heapObjects == model.heapObjects + 6 {
                print("\(profile.name): every run started one more M before main")
                continue
            }
            // On a loaded machine every one of the 5 runs can have one object more (a runtime
            // goroutine's allocation before main, as in the test above): seen in a clean-clone CI run
            // of 2026-12-05 beside four other jobs (go1.19, 40 variables: 129 against 128, +208 B).
            if real.heapObjects == model.heapObjects + 1 && real.mallocs == model.mallocs + 1 {
                withKnownIssue("\(profile.name): every run allocated one object more before main",
                               isIntermittent: true) {
                    #expect(real.heapObjects == model.heapObjects)
                }
                continue
            }
            #expect(real.heapObjects == model.heapObjects, "\(profile.name), \(environment.count) variables")
            #expect(real.mallocs == model.mallocs, "\(profile.name), \(environment.count) variables")
            #expect(real.heapAlloc == model.heapAlloc, "\(profile.name), \(environment.count) variables")
            #expect(real.heapInuse == model.heapInuse, "\(profile.name), \(environment.count) variables")
            #expect(real.mSpanInuse == model.mSpanInuse, "\(profile.name), \(environment.count) variables")
            #expect(real.gcSys == model.gcSys, "\(profile.name), \(environment.count) variables")
        }
    }
}
