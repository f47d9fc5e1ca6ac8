// Cost tables (`memstats calibrate`, `--calibration FILE`): read, written, applied, and built from
// the calibration program's output; no Go needed.

import FieldCatalogue
import Foundation
import HeapSimulator
import Testing
@testable import Backends

@Suite struct CalibrationTableTests {
    static let sample = """
        # memstats calibration table
        # machine: a test machine
        # command: memstats calibrate
        nanosecondsPerObject 30.5
        scanBytesPerNanosecond 0.4
        pauseNanoseconds 5310
        measured.allocationNanoseconds.8B 29.411

        """

    @Test func aTableReadsBackAsWritten() throws {
        let table = try CalibrationTable.parse(Self.sample)
        #expect(table.provenance == ["machine: a test machine", "command: memstats calibrate"])
        #expect(table.cost("nanosecondsPerObject") == 30.5)
        #expect(table.cost("gcFixedNanoseconds") == nil)
        #expect(table.measured == [.init(name: "allocationNanoseconds.8B", value: 29.411)])
        #expect(try CalibrationTable.parse(table.text) == table)
    }

    @Test func applyingRoundsToTheModelsFieldsAndSaysWhatItHolds() throws {
        let applied = try CalibrationTable.parse(Self.sample).apply(to: .standard)
        #expect(applied.calibration.nanosecondsPerObject == 31)
        #expect(applied.calibration.pauseNanoseconds == 5310)
        #expect(applied.calibration.scanBytesPerNanosecond == 0.4)
        #expect(applied.notes.isEmpty)
        // A rate of 0 cannot be a mark rate: the model keeps its own and says so.
        let zero = try CalibrationTable.parse(CalibrationTable.heading + "\nscanBytesPerNanosecond 0\n").apply(to: .standard)
        #expect(zero.calibration.scanBytesPerNanosecond == Calibration.standard.scanBytesPerNanosecond)
        #expect(zero.notes.count == 1 && zero.notes[0].contains("scanBytesPerNanosecond 0 is not a rate"))
        // What the table does not set keeps the standard value.
        #expect(applied.calibration.gcFixedNanoseconds == Calibration.standard.gcFixedNanoseconds)
        #expect(applied.calibration.sweepStepDivisor == Calibration.standard.sweepStepDivisor)
    }

    @Test(arguments: [
        ("nanosecondsPerObject 1\n", 1, "starts with the line"),
        (CalibrationTable.heading + "\nnanosecondsPerObject\n", 2, "expected `NAME VALUE`"),
        (CalibrationTable.heading + "\npauseNanoseconds -3\n", 2, "not a non-negative number"),
        (CalibrationTable.heading + "\n# x\npauseNanoseconds 1\npauseNanoseconds 2\n", 4, "set twice"),
        (CalibrationTable.heading + "\nsweepStepDivisor 4\n", 2, "unknown cost `sweepStepDivisor`"),
    ])
    func aBadTableSaysWhichLineAndWhat(_ text: String, _ line: Int, _ words: String) {
        #expect {
            _ = try CalibrationTable.parse(text)
        } throws: { error in
            guard let error = error as? CalibrationTable.ReadError else { return false }
            return error.line == line && error.message.contains(words)
        }
    }

    @Test func theProgramsFiguresBecomeMediansAndAFittedPerObjectCost() {
        func run(_ scale: Double) -> GoCalibration.RunOutput {
            GoCalibration.RunOutput.parse("""
                machine cpu Test CPU
                machine cpus 2
                machine go go1.27.3 linux/amd64
                measure allocation.8B \(10 + 8 * 0.1 * scale)
                measure allocation.1024B \(10 + 1024 * 0.1 * scale)
                measure allocation.32768B 99999
                measure pauseNanoseconds \(5000 * scale)
                not a figure
                """)
        }
        let table = GoCalibration.table([run(1), run(3), run(2)], goVersion: "go1.27.3", command: "memstats calibrate",
                                        date: Date(timeIntervalSince1970: 0))
        #expect(table.cost("pauseNanoseconds") == 10000)
        // The line through 8 B and 1024 B at the median slope (0.2 ns/B) meets the axis at 10 ns;
        // the 32 KiB class is outside the fit.
        #expect(abs((table.cost("nanosecondsPerObject") ?? 0) - 10) < 0.01)
        #expect(table.measured.first { $0.name == "zeroingNanosecondsPerKiB" }.map { abs($0.value - 204.8) < 0.01 } == true)
        #expect(table.provenance.contains("machine: Test CPU, 2 CPUs"))
        #expect(table.provenance.contains("go: go1.27.3 linux/amd64"))
        #expect(table.provenance.contains("date: 1970-01-01T00:00:00Z"))
        #expect(table.provenance.contains("command: memstats calibrate"))
    }

    /// Noise larger than the effect: allocation cost falling with size gives a negative slope, a
    /// difference of pauses a negative cost. The table must still print and read back.
    @Test func negativeFiguresFromNoiseAreWrittenAndReadBack() throws {
        let output = GoCalibration.RunOutput.parse("""
            measure allocation.8B 40
            measure allocation.1024B 20
            measure pauseNanosecondsPerThousandGoroutines -700
            """)
        let table = GoCalibration.table([output], goVersion: "go1.27.3", command: "memstats calibrate",
                                        date: Date(timeIntervalSince1970: 0))
        #expect(table.cost("pauseNanosecondsPerThousandGoroutines") == 0)
        #expect(table.provenance.contains { $0.hasPrefix("pauseNanosecondsPerThousandGoroutines: measured -700") })
        let slope = try #require(table.measured.first { $0.name == "zeroingNanosecondsPerKiB" }?.value)
        #expect(slope < 0)
        let read = try CalibrationTable.parse(table.text)
        #expect(read.measured.first { $0.name == "zeroingNanosecondsPerKiB" }?.value == slope)
        #expect(read.cost("pauseNanosecondsPerThousandGoroutines") == 0)
        _ = read.apply(to: .standard)
    }

    @Test func theShippedTableReadsAndNamesItsProvenance() throws {
        let table = try CalibrationTable.parse(String(contentsOfFile: GoCalibrationTests.shippedTablePath, encoding: .utf8))
        #expect(Set(table.costs.map(\.name)) == Set(CalibrationTable.costNames))
        for prefix in ["machine: ", "go: go1.27.3", "date: ", "command: memstats calibrate"] {
            #expect(table.provenance.contains { $0.hasPrefix(prefix) }, "\(prefix)")
        }
    }

    @Test func timeFieldsCompareAsRatiosToTheRealMedian() {
        func stats(_ numGC: UInt32, _ pauseTotal: UInt64, _ fraction: Double) -> MemStats {
            var m = MemStats()
            m.numGC = numGC
            m.pauseTotalNs = pauseTotal
            m.pauseNs[Int((numGC + 255) % 256)] = pauseTotal / UInt64(max(numGC, 1))
            m.gcCPUFraction = fraction
            return m
        }
        let comparison = TimeFidelity.compare(
            simulated: [stats(0, 0, 0), stats(2, 60_000, 0.1)],
            real: [[stats(0, 0, 0), stats(2, 20_000, 0.05)], [stats(0, 0, 0), stats(2, 40_000, 0.2)],
                   [stats(0, 0, 0), stats(3, 30_000, 0.1)]])
        #expect(comparison.pausePerCycle.count == 1, "snapshots before any cycle are not compared")
        #expect(comparison.pausePerCycle[0].realMedian == 10_000)
        #expect(comparison.pausePerCycle[0].ratio == 3)
        #expect(!comparison.pausePerCycle[0].inside)
        #expect(comparison.gcCPUFraction[0].ratio == 1 && comparison.gcCPUFraction[0].inside)
        #expect(TimeFidelity.medianRatio(comparison.pausePerCycle) == 3)
    }
}
