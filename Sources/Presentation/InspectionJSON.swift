// `memstats inspect --format json`: the report, the comparison of two dumps and the
// reproduction report as JSON documents for scripts.
//
// The keys are a public interface (scripts use them with jq); keep them stable. Values are
// exact: bytes and counts as integers, fractions and seconds as numbers. Prose (summaries,
// reasoning, advice, notes) is in the requested language; names (fields, situations, derived
// quantities, forms) are the same in every language. Absent readings are absent keys; empty
// lists are `[]`.
//
// `inspect FILE`:
//
//     {"language": "en", "source": "dump.json", "form": "memstats-json", "goVersion": "go1.27.3",
//      "fields": [{"name": "HeapAlloc", "unit": "bytes", "value": 12345, "summary": "…", "approximation": "…"}, …],
//      "readings": {"goroutines": 12, "gogc": 100, "memoryLimit": …, "gomaxprocs": 2, "maxRSS": …},
//      "derived": [{"name": "retained", "value": 123, "unit": "bytes", "formula": "HeapIdle − HeapReleased",
//                   "fields": ["HeapIdle", "HeapReleased"]}, …],
//      "diagnosis": {"findings": [{"situation": "fragmentation", "title": "…", "reasoning": "…",
//                                  "fields": […], "try": "…", "lesson": "fragmentation"}],
//                    "unchecked": [{"situation": "memory-limit-bound", "missing": ["…"]}]},
//      "ledger": {"residentBytes": …, "rows": [{"kind": "heapInUse", "label": "…", "bytes": …, "note": "…"}]},
//      "setAside": [{"name": "NewField", "location": "1:20", "reason": "…"}], "unmappedMetrics": 0}
//
// `inspect A B`: {"before": "A", "after": "B", "changes": [{"field", "before", "after", "delta"}],
// "unchanged": [names], "secondsBetweenLastGCs": …, "bytesPerCycle": …}.
//
// `inspect FILE --reproduce OUT`: {"scenarioFile": OUT or null for stdout, "scenario": "…",
// "rows": [{"field", "dump", "simulated", "relativeError", "target": {"percent": 5} | {"cycles": 1} | null,
// "meetsTarget": true | false | null}], "targetsMet": …, "targetsTotal": …, "rounds": …, "unexplained": ["…"]}.

import FieldCatalogue
import Foundation
import Inspection

public enum InspectionJSON {
    /// A field's value: an integer, a fraction, a flag, a ring of 256 integers or BySize.
    public enum FieldValue: Encodable, Equatable, Sendable {
        case integer(UInt64)
        case number(Double)
        case flag(Bool)
        case integers([UInt64])
        case sizeClasses([SizeClassStats])

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .integer(let n): try container.encode(n)
            case .number(let x): try container.encode(x)
            case .flag(let b): try container.encode(b)
            case .integers(let list): try container.encode(list)
            case .sizeClasses(let classes): try container.encode(classes)
            }
        }
    }

    public struct Field: Encodable, Sendable {
        public var name: String
        public var unit: String
        public var value: FieldValue
        public var summary: String
        public var approximation: String?
    }

    public struct Readings: Encodable, Sendable {
        public var goroutines: UInt64?
        public var gogc: UInt64?
        public var memoryLimit: UInt64?
        public var gomaxprocs: UInt64?
        public var maxRSS: UInt64?
    }

    public struct Derived: Encodable, Sendable {
        public var name: String
        public var unit: String
        public var value: FieldValue
        /// Only for a value below zero (HeapIdle − HeapReleased can be): the signed number.
        public var signedValue: Int64?
        public var formula: String
        public var fields: [String]
    }

    public struct FindingDocument: Encodable, Sendable {
        public var situation: String
        public var title: String
        public var reasoning: String
        public var fields: [String]
        public var `try`: String
        public var lesson: String?
    }

    public struct Unchecked: Encodable, Sendable {
        public var situation: String
        public var missing: [String]
    }

    public struct DiagnosisDocument: Encodable, Sendable {
        public var findings: [FindingDocument]
        public var unchecked: [Unchecked]
    }

    public struct LedgerDocument: Encodable, Sendable {
        public struct Row: Encodable, Sendable {
            public var kind: String
            public var label: String
            public var bytes: Int64
            public var note: String
        }
        public var residentBytes: UInt64
        public var rows: [Row]
    }

    public struct SetAsideItem: Encodable, Sendable {
        public var name: String
        public var location: String?
        public var reason: String
    }

    public struct ReportDocument: Encodable, Sendable {
        public var language: String
        public var source: String
        public var form: String
        public var goVersion: String?
        public var fields: [Field]
        public var readings: Readings
        public var derived: [Derived]
        public var diagnosis: DiagnosisDocument
        public var ledger: LedgerDocument?
        public var processUnavailable: [String]
        public var setAside: [SetAsideItem]
        public var unmappedMetrics: Int
    }

    public static func fieldValue(_ field: MemStatsField, in stats: MemStats) -> FieldValue {
        switch field {
        case .gcCPUFraction: .number(stats.gcCPUFraction)
        case .enableGC: .flag(stats.enableGC)
        case .debugGC: .flag(stats.debugGC)
        case .pauseNs: .integers(stats.pauseNs)
        case .pauseEnd: .integers(stats.pauseEnd)
        case .bySize: .sizeClasses(stats.bySize)
        default: .integer(stats.integer(field) ?? 0)
        }
    }

    public static func report(_ dump: Dump, catalogue: FieldCatalogue, ledger: RSSLedger?,
                              processUnavailable: [String] = []) -> ReportDocument {
        let words = InspectionWords(catalogue.language)
        let fields = dump.present.map { field -> Field in
            let entry = catalogue.entry(for: field)
            return Field(name: field.rawValue, unit: entry.unit.rawValue, value: fieldValue(field, in: dump.stats),
                         summary: entry.summary, approximation: dump.approximations[field].map(words.approximationNote))
        }
        let derived = DerivedQuantities.of(dump).map { quantity -> Derived in
            let (unit, value, signed): (String, FieldValue, Int64?) = switch quantity.value {
            case .bytes(let b): ("bytes", .integer(UInt64(max(0, b))), b < 0 ? b : nil)
            case .count(let n): ("objects", .integer(n), nil)
            case .seconds(let s): ("seconds", .number(s), nil)
            case .perSecond(let r): ("per-second", .number(r), nil)
            case .pauses(let p): ("nanoseconds", .integers(p), nil)
            }
            return Derived(name: quantity.name.rawValue, unit: unit, value: value, signedValue: signed,
                           formula: quantity.formula(in: catalogue.language), fields: quantity.fields.map(\.rawValue))
        }
        let diagnosis = Diagnosis.of(dump)
        return ReportDocument(
            language: catalogue.language.rawValue, source: dump.source, form: dump.form.rawValue, goVersion: dump.goVersion,
            fields: fields,
            readings: Readings(goroutines: dump.goroutines, gogc: dump.gcPercent, memoryLimit: dump.memoryLimit,
                               gomaxprocs: dump.gomaxprocs, maxRSS: dump.maxRSS),
            derived: derived,
            diagnosis: DiagnosisDocument(
                findings: diagnosis.findings.map {
                    FindingDocument(situation: $0.situation.rawValue, title: words.situationTitle($0.situation),
                                    reasoning: $0.reasoning(in: catalogue.language), fields: $0.fields.map(\.rawValue),
                                    try: $0.tryThis(in: catalogue.language), lesson: $0.situation.lesson)
                },
                unchecked: diagnosis.unchecked.map { Unchecked(situation: $0.situation.rawValue, missing: $0.missing) }),
            ledger: ledger.map { l in
                LedgerDocument(residentBytes: l.residentBytes,
                               rows: l.rows.map { .init(kind: $0.kind.rawValue, label: words.ledgerLabel($0.kind), bytes: $0.bytes,
                                                        note: words.ledgerNote($0)) })
            },
            processUnavailable: processUnavailable,
            setAside: dump.setAside.map {
                SetAsideItem(name: $0.name, location: $0.location.map { "\($0)" }, reason: words.setAsideReason($0.reason))
            },
            unmappedMetrics: dump.unmappedMetricCount)
    }

    public struct ChangeDocument: Encodable, Sendable {
        public var field: String
        public var before: Double
        public var after: Double
        public var delta: Double
    }

    public struct ComparisonDocument: Encodable, Sendable {
        public var before: String
        public var after: String
        public var changes: [ChangeDocument]
        public var unchanged: [String]
        public var secondsBetweenLastGCs: Double?
        public var bytesPerCycle: Double?
    }

    public static func comparison(_ c: Comparison) -> ComparisonDocument {
        ComparisonDocument(
            before: c.before.source, after: c.after.source,
            changes: c.changes.filter { $0.delta != 0 }.map {
                ChangeDocument(field: $0.field.rawValue, before: $0.before, after: $0.after, delta: $0.delta)
            },
            unchanged: c.changes.filter { $0.delta == 0 }.map(\.field.rawValue),
            secondsBetweenLastGCs: c.secondsBetweenLastGCs, bytesPerCycle: c.bytesPerCycle)
    }

    public struct Target: Encodable, Sendable {
        public var percent: Double?
        public var cycles: Int?
    }

    public struct ReproductionRowDocument: Encodable, Sendable {
        public var field: String
        public var dump: UInt64
        public var simulated: UInt64
        public var relativeError: Double
        public var target: Target?
        public var meetsTarget: Bool?
    }

    public struct ReproductionDocument: Encodable, Sendable {
        public var scenarioFile: String?
        public var scenario: String
        /// What `memstats run FILE` needs to give the table's numbers (Reproduction.runArguments).
        public var runArguments: [String]
        public var rows: [ReproductionRowDocument]
        public var targetsMet: Int
        public var targetsTotal: Int
        public var rounds: Int
        public var unexplained: [String]
    }

    public static func reproduction(_ r: Reproduction, scenarioFile: String?, language: Language = .english) -> ReproductionDocument {
        ReproductionDocument(
            scenarioFile: scenarioFile, scenario: r.scenarioText, runArguments: r.runArguments,
            rows: r.rows.map { row in
                let target: Target? = switch row.target {
                case .percent(let p)?: Target(percent: p)
                case .cycles(let n)?: Target(cycles: n)
                case nil: nil
                }
                return ReproductionRowDocument(field: row.field.rawValue, dump: row.dump, simulated: row.simulated,
                                               relativeError: row.relativeError, target: target, meetsTarget: row.meetsTarget)
            },
            targetsMet: r.rows.filter { $0.meetsTarget == true }.count,
            targetsTotal: r.rows.filter { $0.meetsTarget != nil }.count,
            rounds: r.rounds, unexplained: r.unexplained.map(InspectionWords(language).unexplained))
    }
}
