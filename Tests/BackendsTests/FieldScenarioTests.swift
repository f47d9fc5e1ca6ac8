// The field guide says, for each field, which bundled scenarios show it moving. Those claims are
// checked here on the simulator: every named scenario must move the field, and a field that some
// bundled scenario moves must name at least one.

import Backends
import BundledScenarios
import FieldCatalogue
import ScenarioLanguage
import Testing

@Suite struct FieldScenarioTests {
    /// Each bundled scenario's snapshots on the simulator, computed once.
    static let snapshots: [String: [MemStats]] = {
        var result: [String: [MemStats]] = [:]
        for bundled in BundledScenarios.all {
            guard let scenario = ScenarioCompiler.compile(source: bundled.source, file: bundled.displayPath).scenario
            else { continue }
            let record = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
            result[bundled.name] = record.snapshots.compactMap { $0.readings[.simulator]?.memStats }
        }
        return result
    }()

    static func moves(_ field: MemStatsField, in readings: [MemStats]) -> Bool {
        guard let first = readings.first else { return false }
        return readings.contains { reading in
            switch field {
            case .pauseNs: reading.pauseNs != first.pauseNs
            case .pauseEnd: reading.pauseEnd != first.pauseEnd
            case .bySize: reading.bySize != first.bySize
            default: reading.number(field) != first.number(field)
            }
        }
    }

    @Test(arguments: MemStatsField.allCases)
    func namedScenariosShowTheFieldMoving(_ field: MemStatsField) throws {
        let entry = try FieldCatalogue.shared(.english).entry(for: field)
        for name in entry.scenarios {
            let readings = try #require(Self.snapshots[name], "\(field.goName) names '\(name)', not a bundled scenario")
            let moved = Self.moves(field, in: readings)
            #expect(moved, "\(field.goName) does not move in \(name) on the simulator")
        }
        let movingIn = Self.snapshots.keys.sorted().filter { Self.moves(field, in: Self.snapshots[$0]!) }
        if entry.scenarios.isEmpty {
            let named = movingIn.isEmpty
            #expect(named, "\(field.goName) moves in \(movingIn); its entry should name one")
        }
        let chinese = try FieldCatalogue.shared(.chinese).entry(for: field)
        #expect(chinese.scenarios == entry.scenarios)
    }
}
