// The simulator's start-up state for a given environment against the real generated program run
// with that environment, on every Go release with a toolchain here (go1.27 is `go`; the older
// ones as GoVersionProfileTests finds them). The environments are drawn from a seed that the
// per-variable rule (HeapSimulator's StartupEnvironment.swift) was not derived from: it came from
// uniform 5–100-byte variables and the shell's own environment.
//
// Simplification of the test: the strings under 16 bytes are 9–15 bytes long, so no two share a
// tiny block whatever order Foundation's Process passes them in (the model orders them by name).

@testable import Backends
import Foundation
import GoProgramContract
import HeapSimulator
import ScenarioLanguage
import Testing

@Suite(.serialized, .goBacked, .goRequired)
struct StartupEnvironmentRealGoTests {
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
                  + "HeapAlloc \(model.heapAlloc), \(real.heapAlloc)")
            // Every run may have started one more M before main (6 objects, their bytes): then
            // only the objects are compared, 6 apart.
            if real.heapObjects == model.heapObjects + 6 {
                print("\(profile.name): every run started one more M before main")
                continue
            }
            #expect(real.heapObjects == model.heapObjects, "\(profile.name), \(environment.count) variables")
            #expect(real.mallocs == model.mallocs, "\(profile.name), \(environment.count) variables")
            #expect(real.heapAlloc == model.heapAlloc, "\(profile.name), \(environment.count) variables")
        }
    }
}
