// `--calibration FILE` (run, fidelity) and `calibrate` without Go.

import Foundation
import Testing
@testable import MemStatsCLI

@Suite struct CalibrationOptionTests {
    static let table = Array("""
        # memstats calibration table
        # machine: test
        pauseNanoseconds 1000000
        scanBytesPerNanosecond 0

        """.utf8)

    static func pauseTotal(_ stdout: String) -> UInt64? {
        guard let range = stdout.range(of: "\"PauseTotalNs\" : ", options: .backwards) else { return nil }
        return UInt64(stdout[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func aTableChangesTheSimulatorsCostsAndSaysWhatItHolds() throws {
        let standard = run(["run", "gc-pacing", "--backend", "simulator", "--format", "json", "--exact"])
        let calibrated = run(["run", "gc-pacing", "--backend", "simulator", "--format", "json", "--exact",
                              "--calibration", "costs.table"], files: ["costs.table": Self.table])
        #expect(standard.status == 0 && calibrated.status == 0, "\(calibrated.captured.stderr)")
        let before = try #require(Self.pauseTotal(standard.captured.stdout))
        let after = try #require(Self.pauseTotal(calibrated.captured.stdout))
        #expect(after > before * 10, "a 1 ms pause per cycle: \(before) → \(after)")
        #expect(calibrated.captured.stderr.contains("scanBytesPerNanosecond 0 is not a rate"))
    }

    @Test func aBadTableIsAnUnreadableInputWithItsLine() {
        let bad = run(["run", "spike", "--backend", "simulator", "--calibration", "bad.table"],
                      files: ["bad.table": Array("# memstats calibration table\npauseNanoseconds x\n".utf8)])
        #expect(bad.status == ExitStatus.unreadableInput.rawValue)
        #expect(bad.captured.stderr.contains("bad.table:2"), "\(bad.captured.stderr)")
        #expect(bad.captured.stderr.contains("memstats calibrate > FILE"))
        let missing = run(["fidelity", "spike", "--calibration", "none.table"])
        #expect(missing.status == ExitStatus.unreadableInput.rawValue, "\(missing.captured.stderr)")
    }

    @Test func calibrateWithoutGoSaysSoWithStatus6() {
        let result = run(["calibrate", "--runs", "1"])
        #expect(result.status == ExitStatus.backendUnavailable.rawValue)
        #expect(result.captured.stderr.contains("calibrate"), "\(result.captured.stderr)")
    }
}
