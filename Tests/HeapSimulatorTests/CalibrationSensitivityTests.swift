// Which outputs rest on which guess: each number of Calibration (and the measured start-up and
// program-shape numbers that are not Go's constants) is halved and doubled, the frozen bundled lessons are run
// (Identity/scenarios/bundled-*), and every MemStats field and the predicted VmRSS/VmSize at
// every snapshot are compared with the standard run. The table of the fields that move, and by
// how much at most, is the one in Tutorials/model-calibration.md; the test fails when they differ.
//
// Regenerate the table in the doc after a deliberate change:
//     MEMSTATS_WRITE_SENSITIVITY=1 swift test --filter CalibrationSensitivityTests

import FieldCatalogue
import Foundation
import GoProgramContract
import ScenarioLanguage
import Testing
@testable import HeapSimulator

@Suite struct CalibrationSensitivityTests {
    /// A number to vary: its name as the doc shows it, its standard value, and how to scale it.
    struct Knob {
        var name: String
        var value: String
        var scale: (inout SimulatorConfiguration, Double) -> Void
    }

    static func scaled(_ x: UInt64, _ f: Double) -> UInt64 { max(1, UInt64((Double(x) * f).rounded())) }

    static var knobs: [Knob] {
        func knob(_ name: String, _ path: WritableKeyPath<Calibration, UInt64>) -> Knob {
            Knob(name: "Calibration.\(name)", value: "\(Calibration.standard[keyPath: path])") { c, f in
                c.calibration[keyPath: path] = scaled(c.calibration[keyPath: path], f)
            }
        }
        func baseline(_ name: String, _ path: WritableKeyPath<StartupBaseline, UInt64>) -> Knob {
            Knob(name: "baseline.\(name)", value: "\(GoProfile.go1_27.baseline[keyPath: path])") { c, f in
                c.profile.baseline[keyPath: path] = scaled(c.profile.baseline[keyPath: path], f)
            }
        }
        func program(_ name: String, _ path: WritableKeyPath<GoProgramShape, UInt64>) -> Knob {
            Knob(name: "program.\(name)", value: "\(GoProgramShape.go1_27[keyPath: path])") { c, f in
                c.program[keyPath: path] = scaled(c.program[keyPath: path], f)
            }
        }
        return [
            knob("nanosecondsPerObject", \.nanosecondsPerObject),
            knob("nanosecondsPerFreshPage", \.nanosecondsPerFreshPage),
            knob("zeroingNanosecondsPerKiB", \.zeroingNanosecondsPerKiB),
            knob("nanosecondsPerReleasedPage", \.nanosecondsPerReleasedPage),
            Knob(name: "Calibration.scanBytesPerNanosecond", value: "\(Calibration.standard.scanBytesPerNanosecond)") { c, f in
                c.calibration.scanBytesPerNanosecond *= f
            },
            Knob(name: "Calibration.spanScanRateRatio", value: "\(Calibration.standard.spanScanRateRatio)") { c, f in
                c.calibration.spanScanRateRatio *= f
            },
            Knob(name: "Calibration.largeObjectScanRateRatio", value: "\(Calibration.standard.largeObjectScanRateRatio)") { c, f in
                c.calibration.largeObjectScanRateRatio *= f
            },
            Knob(name: "Calibration.globalsScanBytesPerNanosecond", value: "\(Calibration.standard.globalsScanBytesPerNanosecond)") { c, f in
                c.calibration.globalsScanBytesPerNanosecond *= f
            },
            knob("pauseNanoseconds", \.pauseNanoseconds),
            knob("pauseNanosecondsPerThousandGoroutines", \.pauseNanosecondsPerThousandGoroutines),
            knob("gcFixedNanoseconds", \.gcFixedNanoseconds),
            knob("sweepNanosecondsPerSpan", \.sweepNanosecondsPerSpan),
            knob("liveSweepNanosecondsPerSpan", \.liveSweepNanosecondsPerSpan),
            knob("markTerminationLatencyNanoseconds", \.markTerminationLatencyNanoseconds),
            knob("markTerminationLatencyOversubscribedNanoseconds", \.markTerminationLatencyOversubscribedNanoseconds),
            knob("sweepStepDivisor", \.sweepStepDivisor),
            knob("sweepStepFloorBytes", \.sweepStepFloorBytes),
            knob("limitGoalStepDivisor", \.limitGoalStepDivisor),
            knob("limitGoalStepFloorBytes", \.limitGoalStepFloorBytes),
            knob("minimumMarkBytes", \.minimumMarkBytes),
            knob("sysmonPreemptionDelayNanoseconds", \.sysmonPreemptionDelayNanoseconds),
            Knob(name: "Calibration.maxWalkedScanUnits", value: "\(Calibration.standard.maxWalkedScanUnits)") { c, f in
                c.calibration.maxWalkedScanUnits = max(1, Int((Double(c.calibration.maxWalkedScanUnits) * f).rounded()))
            },
            Knob(name: "Calibration.utilizationCap", value: "\(Calibration.standard.utilizationCap)") { c, f in
                // ×2 would pass 1 (a division by zero in cons/mark): the cap moves halfway to 1 instead.
                c.calibration.utilizationCap = f < 1 ? c.calibration.utilizationCap * f : (1 + c.calibration.utilizationCap) / 2
            },
            baseline("startupNanoseconds", \.startupNanoseconds),
            baseline("scanBytesAfterStackRoots", \.scanBytesAfterStackRoots),
            baseline("globalsBytes", \.globalsBytes),
            baseline("systemGoroutineStackBytes", \.systemGoroutineStackBytes),
            program("blockedGoroutineScanBytes", \.blockedGoroutineScanBytes),
            program("recursionExtraScanBytes", \.recursionExtraScanBytes),
        ]
    }

    static let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tutorials/model-calibration.md")
    static let begin = "<!-- sensitivity table: generated by CalibrationSensitivityTests; do not edit -->"
    static let end = "<!-- end of sensitivity table -->"

    /// Every snapshot's readings of the frozen bundled lessons, as named numbers.
    static func readings(_ configuration: SimulatorConfiguration, _ scenarios: [Scenario]) -> [[(String, Double)]] {
        scenarios.flatMap { scenario in
            ReadingsTranscript.readings(scenario, configuration: configuration).map { stats, view in
                var row: [(String, Double)] = MemStatsField.allCases.compactMap { field in
                    stats.number(field).map { (field.rawValue, $0) }
                }
                row.append(("VmRSS", Double(view.residentBytes)))
                row.append(("VmSize", Double(view.virtualBytes)))
                return row
            }
        }
    }

    /// "Field +x %" for the fields that moved, largest relative change first.
    static func moved(_ base: [[(String, Double)]], _ varied: [[(String, Double)]]) -> String {
        var largest: [String: Double] = [:]
        var order: [String] = []
        for (a, b) in zip(base, varied) {
            for ((name, x), (_, y)) in zip(a, b) where x != y {
                if largest[name] == nil { order.append(name) }
                // Relative to the larger of the two, so a field that leaves 0 shows as 100 %.
                largest[name] = max(largest[name] ?? 0, abs(y - x) / max(abs(x), abs(y)))
            }
        }
        if largest.isEmpty { return "nothing" }
        let sorted = order.sorted { (largest[$0]!, $1) > (largest[$1]!, $0) }
        let shown = sorted.prefix(6).map { name in
            let percent = largest[name]! * 100
            let text = percent >= 10 ? String(format: "%.0f", percent) : percent >= 0.1 ? String(format: "%.1f", percent)
                : "<0.1"
            return "\(name) \(text) %"
        }.joined(separator: ", ")
        return sorted.count > 6 ? shown + " and \(sorted.count - 6) more" : shown
    }

    @Test func theDocsSensitivityTableIsTheMeasuredOne() throws {
        let directory = OutputIdentityTests.folder.appendingPathComponent("scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("bundled-") && $0.hasSuffix(".scenario") }.sorted()
        let scenarios = try names.map { name -> Scenario in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return try #require(ScenarioCompiler.compile(source: text, file: name).scenario)
        }
        let standard = SimulatorConfiguration()
        let base = Self.readings(standard, scenarios)
        var table = """
            | number | standard value | halved: fields that move (largest change over every snapshot) | doubled: fields that move |
            | --- | ---: | --- | --- |

            """
        for knob in Self.knobs {
            var cells: [String] = []
            for factor in [0.5, 2.0] {
                var configuration = standard
                knob.scale(&configuration, factor)
                cells.append(Self.moved(base, Self.readings(configuration, scenarios)))
            }
            table += "| `\(knob.name)` | \(knob.value) | \(cells[0]) | \(cells[1]) |\n"
        }
        let doc = try String(contentsOf: Self.docURL, encoding: .utf8)
        guard let start = doc.range(of: Self.begin), let stop = doc.range(of: Self.end) else {
            Issue.record("Tutorials/model-calibration.md has no sensitivity-table markers")
            return
        }
        let current = String(doc[start.upperBound..<stop.lowerBound])
        let measured = "\n" + table
        if ProcessInfo.processInfo.environment["MEMSTATS_WRITE_SENSITIVITY"] == "1" {
            try doc.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: measured)
                .write(to: Self.docURL, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == measured, """
            the sensitivity table in Tutorials/model-calibration.md is not the measured one; measured:
            \(table)
            regenerate: MEMSTATS_WRITE_SENSITIVITY=1 swift test --filter CalibrationSensitivityTests
            """)
    }
}
