// The field guide says, for each field, which bundled scenarios show it moving (the `scenarios:`
// line of every entry). That list is not written by hand: it is exactly the bundled scenarios,
// in course order, that focus the field in some snapshot and in which the field's simulated value
// changes between snapshots. This test checks both languages' lists against the runs;
// `MEMSTATS_REGENERATE_DOCS=1 swift test --filter FieldScenarioTests` rewrites them
// (`Tutorials/regenerate`, the one documented command, does this and then the lessons).

import Backends
import BundledScenarios
import FieldCatalogue
import Foundation
import ScenarioLanguage
import Testing

@Suite struct FieldScenarioTests {
    struct Run {
        var focused: Set<MemStatsField>
        var readings: [MemStats]
    }

    /// Each bundled scenario's focus fields and snapshots on the simulator, computed once.
    static let runs: [(name: String, run: Run)] = BundledScenarios.all.compactMap { bundled in
        guard let scenario = ScenarioCompiler.compile(source: bundled.source, file: bundled.displayPath).scenario
        else { return nil }
        let record = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
        return (bundled.name, Run(focused: Set(record.snapshots.flatMap(\.focus)),
                                  readings: record.snapshots.compactMap { $0.readings[.simulator]?.memStats }))
    }

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

    /// The scenarios that show `field` moving: focused there, and it changes.
    static func shownMoving(_ field: MemStatsField) -> [String] {
        runs.filter { $0.run.focused.contains(field) && moves(field, in: $0.run.readings) }.map(\.name)
    }

    static var regenerating: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REGENERATE_DOCS"] == "1" }

    static let entriesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/FieldCatalogue/Entries")

    /// Rewrites the `scenarios:` line of `field`'s entry in `language`.
    static func rewrite(_ field: MemStatsField, _ language: String, to names: [String]) throws {
        let url = entriesFolder.appendingPathComponent(language).appendingPathComponent("\(field.goName).md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.components(separatedBy: "\n").map { line in
            line.hasPrefix("scenarios:") ? ("scenarios:" + (names.isEmpty ? "" : " " + names.joined(separator: ", "))) : line
        }
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func theEntriesMayNameEveryBundledScenario() {
        #expect(Set(EntryParser.scenarioNames) == Set(BundledScenarios.all.map(\.name)))
    }

    @Test(arguments: MemStatsField.allCases)
    func theShownMovingListIsWhatTheRunsShow(_ field: MemStatsField) throws {
        let expected = Self.shownMoving(field)
        if Self.regenerating {
            try Self.rewrite(field, "en", to: expected)
            try Self.rewrite(field, "zh", to: expected)
            return
        }
        let entry = try FieldCatalogue.shared(.english).entry(for: field)
        #expect(entry.scenarios == expected,
                "\(field.goName) entry says scenarios: \(entry.scenarios.joined(separator: ", ")); the runs show it focused and moving in: \(expected.joined(separator: ", ")) (regenerate: Tutorials/regenerate)")
        let chinese = try FieldCatalogue.shared(.chinese).entry(for: field)
        #expect(chinese.scenarios == entry.scenarios)
    }
}
