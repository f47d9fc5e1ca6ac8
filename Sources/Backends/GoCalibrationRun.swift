// `memstats calibrate`: builds the calibration program (GoCalibration/calibrate.go, a real Go
// file), runs it several times with GOMAXPROCS=1, and turns its figures into a cost table
// (CalibrationTable) whose provenance says on which machine, with which Go, when and by which
// command the costs were measured.
//
// The program reports process CPU time, so a shared machine's other work does not count; it
// still shares caches and memory bandwidth, which is why the table carries the load average.

import Foundation
import HeapSimulator
import ScenarioLanguage

public enum GoCalibration {
    /// The default number of runs of the program; each figure is the median of the runs.
    public static let defaultRuns = 3

    /// Object sizes up to this are used to fit the per-object cost (the intercept of a line
    /// through cost per size): the model charges one cost per object, plus fresh pages when
    /// objects are touched; zeroing reused memory grows with the size and is reported apart.
    public static let perObjectFitMaxSize = 1024.0

    /// The program's text, as shipped.
    public static var source: String? {
        guard let url = Bundle.module.url(forResource: "calibrate", withExtension: "go", subdirectory: "GoCalibration")
        else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// What one run printed: `measure NAME VALUE` and `machine NAME TEXT` lines.
    public struct RunOutput: Sendable, Equatable {
        public var figures: [String: Double] = [:]
        public var figureOrder: [String] = []
        public var machine: [String: String] = [:]

        public static func parse(_ text: String) -> RunOutput {
            var out = RunOutput()
            for line in text.split(separator: "\n").map(String.init) {
                let words = line.split(separator: " ", maxSplits: 2).map(String.init)
                guard words.count == 3 else { continue }
                if words[0] == "measure", let value = Double(words[2]) {
                    if out.figures[words[1]] == nil { out.figureOrder.append(words[1]) }
                    out.figures[words[1]] = value
                } else if words[0] == "machine" {
                    out.machine[words[1]] = words[2]
                }
            }
            return out
        }
    }

    /// Builds and runs the program `runs` times; throws a message ready for the user.
    public static func measure(toolchain: GoToolchain, runs: Int, cacheDirectory: String,
                               environment: [String: String], command: String, date: Date = Date(),
                               runner: any ProcessRunning = FoundationProcessRunner()) throws(BackendFailure) -> CalibrationTable {
        func failure(_ message: String) -> BackendFailure { BackendFailure(backend: .go, span: nil, message: message) }
        guard let source else {
            throw failure("memstats' resource GoCalibration/calibrate.go is missing; reinstall memstats (swift build)")
        }
        let builder = GoProgramBuilder(toolchain: toolchain, cacheDirectory: cacheDirectory, environment: environment,
                                       runner: runner)
        let build: GoBuild
        do {
            build = try builder.build(source)
        } catch {
            throw failure(error.message)
        }
        var programEnvironment = environment
        for key in ["GOGC", "GOMEMLIMIT", "GODEBUG"] { programEnvironment[key] = nil }
        programEnvironment["GOMAXPROCS"] = "1"
        var outputs: [RunOutput] = []
        for _ in 0..<max(1, runs) {
            let result: ProcessResult
            do {
                result = try runner.run(ProcessRequest(executable: build.binaryPath, arguments: [],
                                                       environment: programEnvironment, timeoutSeconds: 600))
            } catch {
                throw failure("cannot start the calibration program \(build.binaryPath): \(error.localizedDescription)")
            }
            guard result.succeeded else {
                let tail = result.standardErrorTail()
                throw failure("the calibration program \(result.endDescription(timeout: 600))" + (tail.isEmpty ? "" : ":\n" + tail))
            }
            outputs.append(RunOutput.parse(String(decoding: result.standardOutput, as: UTF8.self)))
        }
        return table(outputs, goVersion: toolchain.version, command: command, date: date)
    }

    /// The table of `outputs`: each figure the median over the runs; the per-object cost fitted
    /// over the small size classes.
    public static func table(_ outputs: [RunOutput], goVersion: String, command: String, date: Date) -> CalibrationTable {
        let first = outputs.first ?? RunOutput()
        func median(_ name: String) -> Double? {
            FidelitySummary(outputs.compactMap { $0.figures[name] })?.median
        }
        var provenance: [String] = []
        let cpu = first.machine["cpu"] ?? "unknown CPU"
        let cpus = first.machine["cpus"].map { ", \($0) CPUs" } ?? ""
        provenance.append("machine: \(cpu)\(cpus)" + (first.machine["load"].map { ", load average \($0) at the first run" } ?? ""))
        provenance.append("go: " + (first.machine["go"] ?? goVersion))
        provenance.append("date: " + ISO8601DateFormatter().string(from: date))
        provenance.append("command: " + command)
        provenance.append("method: GoCalibration/calibrate.go with GOMAXPROCS=1, \(outputs.count) runs; each figure is the median"
                          + " of the runs' medians of 5 repetitions, in process CPU time (getrusage); pauses are Go's PauseNs, the"
                          + " median over the cycles of 1 KiB garbage churned over a 32 MiB live heap")
        var costs: [CalibrationTable.Entry] = []
        var measured: [CalibrationTable.Entry] = []
        // Allocation: cost per size class, and a line through the small classes.
        let sizes = first.figureOrder.compactMap { name -> (Double, Double)? in
            guard name.hasPrefix("allocation."), name.hasSuffix("B"),
                  let size = Double(name.dropFirst("allocation.".count).dropLast()), let cost = median(name) else { return nil }
            return (size, cost)
        }
        let fit = sizes.filter { $0.0 <= perObjectFitMaxSize }
        if fit.count >= 2 {
            let n = Double(fit.count)
            let meanX = fit.map(\.0).reduce(0, +) / n
            let meanY = fit.map(\.1).reduce(0, +) / n
            let sxx = fit.map { ($0.0 - meanX) * ($0.0 - meanX) }.reduce(0, +)
            let sxy = fit.map { ($0.0 - meanX) * ($0.1 - meanY) }.reduce(0, +)
            let slope = sxx > 0 ? sxy / sxx : 0
            let intercept = meanY - slope * meanX
            costs.append(.init(name: "nanosecondsPerObject", value: rounded(max(intercept, 1))))
            measured.append(.init(name: "zeroingNanosecondsPerKiB", value: rounded(slope * 1024)))
        }
        for name in CalibrationTable.costNames where name != "nanosecondsPerObject" {
            guard let value = median(name) else { continue }
            if value < 0 {
                // A cost measured as a difference (for example pauses with and without goroutines)
                // can come out below zero when noise is larger than the effect.
                provenance.append("\(name): measured \(rounded(value)), below zero (noise larger than the effect); held at 0")
            }
            costs.append(.init(name: name, value: rounded(max(0, value))))
        }
        for (size, cost) in sizes { measured.append(.init(name: "allocationNanoseconds.\(Int(size))B", value: rounded(cost))) }
        for name in first.figureOrder where !CalibrationTable.costNames.contains(name) && !name.hasPrefix("allocation.") {
            if let value = median(name) { measured.append(.init(name: name, value: rounded(value))) }
        }
        return CalibrationTable(provenance: provenance, costs: costs, measured: measured)
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
