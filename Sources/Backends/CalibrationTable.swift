// A cost table: the simulator's virtual-time costs (the cost fields of `Calibration`) as measured
// on one machine by `memstats calibrate`, with where and how they were measured. The text form
// is what `calibrate` prints and what `--calibration FILE` reads:
//
//     # memstats calibration table
//     # machine: AMD EPYC, 2 CPUs
//     # go: go1.27.3 linux/amd64
//     # date: 2026-12-03T14:05:00Z
//     # command: memstats calibrate --runs 3
//     nanosecondsPerObject 29.1
//     ...
//
// `#` lines are provenance, kept as written; every other non-blank line is `NAME VALUE` with NAME
// one of `CalibrationTable.costNames` (the model's cost fields) or a name under `measured.` (a
// figure measured for the reader, not used by the model, such as the cost per size class).
// Values are decimal; the model's nanosecond fields are integers, so applying a table rounds
// them; the mark rate (bytes per ns) and the span path's ratio to it are taken as written, and a
// rate or ratio of 0 is refused with a note.

import Foundation
import HeapSimulator

public struct CalibrationTable: Sendable, Equatable, Codable {
    /// The `#` lines after the first, without `# `: machine, Go version, date, command.
    public var provenance: [String]
    /// Cost name → measured value, in the order written.
    public var costs: [Entry]
    /// Figures measured for the reader (`measured.NAME`), not read by the model.
    public var measured: [Entry]

    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    public init(provenance: [String], costs: [Entry], measured: [Entry] = []) {
        self.provenance = provenance
        self.costs = costs
        self.measured = measured
    }

    /// The first line of every table.
    public static let heading = "# memstats calibration table"

    /// The model's virtual-time costs a table may set, as `Calibration` names them.
    public static let costNames = [
        "nanosecondsPerObject", "nanosecondsPerFreshPage", "nanosecondsPerReleasedPage", "scanBytesPerNanosecond",
        "pauseNanoseconds", "pauseNanosecondsPerThousandGoroutines", "gcFixedNanoseconds", "sweepNanosecondsPerSpan",
        "spanScanRateRatio", "largeObjectScanRateRatio", "liveSweepNanosecondsPerSpan",
    ]

    /// Why a table could not be read: the line (from 1) and what is wrong there.
    public struct ReadError: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    /// Reads the text form. Every cost name must be known and appear once; a table need not set
    /// every cost (the others keep the standard values).
    public static func parse(_ text: String) throws(ReadError) -> CalibrationTable {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == heading else {
            throw ReadError(line: 1, message: "a calibration table starts with the line `\(heading)`"
                            + " (write one with `memstats calibrate > FILE`)")
        }
        var table = CalibrationTable(provenance: [], costs: [])
        var seen: Set<String> = []
        for (index, raw) in lines.enumerated().dropFirst() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                table.provenance.append(String(line.dropFirst().drop { $0 == " " }))
                continue
            }
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count == 2 else {
                throw ReadError(line: index + 1, message: "expected `NAME VALUE`, found `\(line)`")
            }
            let name = words[0]
            // A cost is a duration or a rate; a measured figure may be a fitted slope, which noise
            // can make negative.
            let isMeasured = name.hasPrefix("measured.")
            guard let value = Double(words[1]), value.isFinite, isMeasured || value >= 0 else {
                throw ReadError(line: index + 1, message: "`\(words[1])` is not "
                                + (isMeasured ? "a finite number" : "a non-negative number"))
            }
            guard !seen.contains(name) else {
                throw ReadError(line: index + 1, message: "\(name) is set twice")
            }
            seen.insert(name)
            if name.hasPrefix("measured.") && name.count > "measured.".count {
                table.measured.append(Entry(name: String(name.dropFirst("measured.".count)), value: value))
            } else if costNames.contains(name) {
                table.costs.append(Entry(name: name, value: value))
            } else {
                throw ReadError(line: index + 1, message: "unknown cost `\(name)`; a table sets "
                                + costNames.joined(separator: ", ") + " or measured.NAME")
            }
        }
        return table
    }

    /// The text form (what `parse` reads).
    public var text: String {
        var out = Self.heading + "\n"
        for line in provenance { out += "# " + line + "\n" }
        for entry in costs { out += entry.name + " " + Self.format(entry.value) + "\n" }
        for entry in measured { out += "measured." + entry.name + " " + Self.format(entry.value) + "\n" }
        return out
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && value.magnitude < 1e15 { return String(Int64(value)) }
        return String(format: "%.3f", value)
    }

    /// The value the table gives `name`, if it sets it.
    public func cost(_ name: String) -> Double? { costs.first { $0.name == name }?.value }

    /// `calibration` with the table's costs, rounded to the model's integer fields, and a note
    /// for each value that could not be taken as measured.
    public func apply(to calibration: Calibration) -> (calibration: Calibration, notes: [String]) {
        var result = calibration
        var notes: [String] = []
        func integer(_ name: String) -> UInt64? {
            guard let value = cost(name) else { return nil }
            return UInt64(value.rounded())
        }
        if let v = integer("nanosecondsPerObject") { result.nanosecondsPerObject = v }
        if let v = integer("nanosecondsPerFreshPage") { result.nanosecondsPerFreshPage = v }
        if let v = integer("nanosecondsPerReleasedPage") { result.nanosecondsPerReleasedPage = v }
        if let v = cost("scanBytesPerNanosecond") {
            if v > 0 {
                result.scanBytesPerNanosecond = v
            } else {
                notes.append("scanBytesPerNanosecond \(Self.format(v)) is not a rate: the model keeps \(Self.format(result.scanBytesPerNanosecond))")
            }
        }
        if let v = cost("spanScanRateRatio") {
            if v > 0 {
                result.spanScanRateRatio = v
            } else {
                notes.append("spanScanRateRatio \(Self.format(v)) is not a ratio of rates: the model keeps \(Self.format(result.spanScanRateRatio))")
            }
        }
        if let v = cost("largeObjectScanRateRatio") {
            if v > 0 {
                result.largeObjectScanRateRatio = v
            } else {
                notes.append("largeObjectScanRateRatio \(Self.format(v)) is not a ratio of rates: the model keeps \(Self.format(result.largeObjectScanRateRatio))")
            }
        }
        if let v = integer("pauseNanoseconds") { result.pauseNanoseconds = v }
        if let v = integer("pauseNanosecondsPerThousandGoroutines") { result.pauseNanosecondsPerThousandGoroutines = v }
        if let v = integer("gcFixedNanoseconds") { result.gcFixedNanoseconds = v }
        if let v = integer("sweepNanosecondsPerSpan") { result.sweepNanosecondsPerSpan = v }
        if let v = integer("liveSweepNanosecondsPerSpan") { result.liveSweepNanosecondsPerSpan = v }
        // The zeroing cost is the slope of calibrate's allocation line, kept among the measured figures.
        if let v = measured.first(where: { $0.name == "zeroingNanosecondsPerKiB" })?.value, v >= 0 {
            result.zeroingNanosecondsPerKiB = UInt64(v.rounded())
        }
        return (result, notes)
    }
}
