// The JSON document the generated Go program prints, decoded.
//
// Shape (format 1):
//   { "memstats_go_program": 1, "scenario": "Scenarios/spike.scenario",
//     "go_version": "go1.27.3", "gomaxprocs": 1,
//     "readings": [ { "label": "start", "line": 5, "elapsed_ns": 181234,
//                     "memstats": { "Alloc": …, …, "BySize": [ … ] },      // json.Marshal(runtime.MemStats)
//                     "proc": { "status": "Name:\t…", "smaps_rollup": "…", "statm": "…" },
//                     "proc_errors": { "smaps_rollup": "no such file or directory" } } ] }
// `proc_errors` is present only when a file could not be read (or filled its 4 KiB buffer).

import FieldCatalogue
import Foundation
import LinuxProbes
import ScenarioLanguage

/// One run of a generated program, decoded.
public struct GoRunOutput: Sendable, Equatable, Decodable {
    public var format: Int
    public var scenario: String
    public var goVersion: String
    public var gomaxprocs: Int
    public var readings: [Reading]

    public struct Reading: Sendable, Equatable, Decodable {
        public var label: String
        public var line: Int
        public var elapsedNanoseconds: UInt64
        public var memStats: MemStats
        /// Raw texts keyed `status`, `smaps_rollup`, `statm`.
        public var proc: [String: String]
        public var procErrors: [String: String]

        enum CodingKeys: String, CodingKey {
            case label, line, elapsedNanoseconds = "elapsed_ns", memStats = "memstats", proc
            case procErrors = "proc_errors"
        }

        public init(label: String, line: Int, elapsedNanoseconds: UInt64, memStats: MemStats,
                    proc: [String: String], procErrors: [String: String] = [:]) {
            self.label = label
            self.line = line
            self.elapsedNanoseconds = elapsedNanoseconds
            self.memStats = memStats
            self.proc = proc
            self.procErrors = procErrors
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            label = try c.decode(String.self, forKey: .label)
            line = try c.decode(Int.self, forKey: .line)
            elapsedNanoseconds = try c.decodeIfPresent(UInt64.self, forKey: .elapsedNanoseconds) ?? 0
            memStats = try c.decode(MemStats.self, forKey: .memStats)
            proc = try c.decodeIfPresent([String: String].self, forKey: .proc) ?? [:]
            procErrors = try c.decodeIfPresent([String: String].self, forKey: .procErrors) ?? [:]
        }

        /// The Linux view of the Go program at this reading, parsed by LinuxProbes.
        public var processReading: ProcessReading {
            ProcessProbe.reading(status: proc["status"], smapsRollup: proc["smaps_rollup"], statm: proc["statm"])
        }

        /// MemStats plus the program's Linux view.
        public var backendReading: BackendReading {
            BackendReading(memStats: memStats, process: processReading)
        }
    }

    enum CodingKeys: String, CodingKey {
        case format = "memstats_go_program", scenario, goVersion = "go_version", gomaxprocs, readings
    }

    public init(format: Int = 1, scenario: String, goVersion: String, gomaxprocs: Int, readings: [Reading]) {
        self.format = format
        self.scenario = scenario
        self.goVersion = goVersion
        self.gomaxprocs = gomaxprocs
        self.readings = readings
    }

    /// Decodes the program's stdout; the error says what was wrong, with the start of the text.
    public static func decode(_ data: Data) throws(GoBuildError) -> GoRunOutput {
        do {
            let output = try JSONDecoder().decode(GoRunOutput.self, from: data)
            guard output.format == 1 else {
                throw GoBuildError(message: "the Go program printed format \(output.format); this memstats reads format 1")
            }
            return output
        } catch let error as GoBuildError {
            throw error
        } catch {
            let head = String(decoding: data.prefix(200), as: UTF8.self)
            throw GoBuildError(message: "cannot read the Go program's output (\(error)); it began: \(head)")
        }
    }
}
