// The JSON document of `memstats run --format json`: a stable contract for scripts, plots,
// the fidelity report and tests. The README documents every key.
//
// Narration keeps its English text as the stable key; a translation (scenario language 1.1)
// travels beside it as `…Translations: {"zh": "…"}`, present only when the scenario has one.
//
// {"scenario": {"title", "file", "about", "titleTranslations", "aboutTranslations"}, "model": "go1.27",
//  "backends": {"simulator": {"status": "ran"}, "go": {"status": "unavailable", "reason": …}},
//  "backendChoice": "chosen by default: …" (absent when --backend named the backends),
//  "goEnvironment": {"source": "current"|"reference"|"reference:N", "variables", "bytes"} (the simulated program's
//                   environment; absent when the simulator did not run),
//  "snapshots": [{"label", "labelTranslations", "step", "stepTranslations", "line",
//                 "passes": [{"number", "count", "line"}], "focus": [...],
//                 "readings": {BACKEND: {"memstats": {GoFieldName: number, …, "BySize": […]},
//                                        "process": {"status.VmRSS": bytes, …},
//                                        "processUnavailable": {source: reason},
//                                        "analogies": [...],
//                                        "heapMap": {"pageBytes", "chunkPages", "mappedPages",
//                                                    "runs": [{"firstPage", "pageCount", "state",
//                                                              "sizeClass", "slots", "allocatedSlots"}]}}}}],
//    ("heapMap": the simulator's pages, only with `run --heap-map`; "state" is HeapPageState.key)
//                 "predictedBand": {GoFieldName: {"min", "max", "point", "minVariant", "maxVariant"}}
//                   (only with `run --bands`, and only the fields whose band is not just the point)}],
//  "bandVariants": [{"name", "mechanism", "value", "provenance"}] (only with `run --bands`),
//  "expectations": [{"line", "column", "text", "backend", "snapshot", "passes", "status", "left", "right", "reason"}],
//  "narration": [{"kind": "step"|"note"|"notice"|"failure", "line", "backend", "text", "textTranslations"}]}

import Backends
import FieldCatalogue
import Foundation
import ScenarioLanguage

public struct RunDocument: Codable, Sendable {
    public struct ScenarioInfo: Codable, Sendable {
        public var title: String?
        public var file: String
        public var about: String?
        public var titleTranslations: [String: String]?
        /// The `about` lines joined, each translated where it has a translation.
        public var aboutTranslations: [String: String]?
    }

    public struct BackendStatus: Codable, Sendable {
        /// `ran`, `unavailable` or `failed`.
        public var status: String
        public var reason: String?
    }

    public struct Reading: Codable, Sendable {
        public var memstats: MemStats?
        public var process: [String: UInt64]?
        public var processUnavailable: [String: String]?
        public var analogies: [AnalogyRow]?
        /// The simulated heap's pages (only with `--heap-map`).
        public var heapMap: HeapMapDocument?
    }

    /// A heap map in JSON: runs of pages, lowest address first.
    public struct HeapMapDocument: Codable, Sendable {
        public var pageBytes: UInt64
        public var chunkPages: UInt64
        public var mappedPages: UInt64
        public var runs: [PageRun]

        public struct PageRun: Codable, Sendable {
            public var firstPage: UInt64
            public var pageCount: UInt64
            /// `class-N` (small objects of size class N), `large`, `stacks`, `idle`, `released`, `untouched`.
            public var state: String
            /// Object slots in the run's spans and how many are allocated (object spans only).
            public var slots: UInt64?
            public var allocatedSlots: UInt64?
        }

        public init(_ map: HeapMap) {
            pageBytes = map.pageBytes
            chunkPages = map.chunkPages
            mappedPages = map.mappedPages
            runs = map.runs.map { run in
                let objects: Bool = if case .smallObjects = run.state { true } else { false }
                return PageRun(firstPage: run.firstPage, pageCount: run.pageCount, state: run.state.key,
                               slots: objects ? run.slots : nil, allocatedSlots: objects ? run.allocatedSlots : nil)
            }
        }
    }

    public struct AnalogyRow: Codable, Sendable {
        public var idea: String
        public var nearestField: String
        public var bytes: UInt64
        public var caveat: String
    }

    public struct Snapshot: Codable, Sendable {
        public var label: String
        public var labelTranslations: [String: String]?
        public var step: String?
        public var stepTranslations: [String: String]?
        public var line: Int
        /// The `repeat` passes around the snapshot, outermost first; absent outside any repeat.
        public var passes: [RepeatPass]?
        public var focus: [String]
        public var readings: [String: Reading]
        /// The simulator's predicted band per field, where it is not just the point (`--bands`).
        public var predictedBand: [String: BandDocument]?
    }

    /// A field's predicted band in JSON.
    public struct BandDocument: Codable, Sendable, Equatable {
        public var min: UInt64
        public var max: UInt64
        public var point: UInt64
        /// The variant that gave the minimum / maximum (`point`: the default configuration).
        public var minVariant: String
        public var maxVariant: String
    }

    public struct ExpectationRow: Codable, Sendable {
        public var line: Int
        public var column: Int
        public var text: String
        public var backend: String
        public var snapshot: String?
        public var passes: [RepeatPass]?
        /// `passed`, `failed` or `not-checked`.
        public var status: String
        public var left: Double?
        public var right: Double?
        /// The exact sides as decimal text, when they are whole numbers beyond 2^53 (where a
        /// JSON number, read as a double, would round).
        public var leftExact: String?
        public var rightExact: String?
        public var reason: String?
    }

    public struct NarrationRow: Codable, Sendable {
        public var kind: String
        public var line: Int?
        public var backend: String?
        public var text: String
        public var textTranslations: [String: String]?
    }

    /// The environment the simulated Go program started with (the runtime copies each variable
    /// to the heap, so start-up HeapObjects, Mallocs and HeapAlloc depend on it).
    public struct GoEnvironmentInfo: Codable, Sendable, Equatable {
        /// `current` (what a Go program started from memstats' environment gets) or `reference`.
        public var source: String
        public var variables: Int
        /// Bytes of the "KEY=VALUE" strings together.
        public var bytes: UInt64
        public init(source: String, variables: Int, bytes: UInt64) {
            self.source = source
            self.variables = variables
            self.bytes = bytes
        }
    }

    public var scenario: ScenarioInfo
    public var model: String
    public var goEnvironment: GoEnvironmentInfo?
    public var backends: [String: BackendStatus]
    public var backendChoice: String?
    public var snapshots: [Snapshot]
    /// The variants of `--bands` (empty when none matters for the run; absent without `--bands`).
    public var bandVariants: [SimulatorVariant]?
    public var expectations: [ExpectationRow]
    public var narration: [NarrationRow]

    /// - Parameter includesHeapMaps: Add the simulator's heap map to its readings (`--heap-map`).
    /// - Parameter bands: The simulator's predicted bands (`--bands`), one entry per snapshot.
    public init(record: RunRecord, model: String, backendChoice: String? = nil, includesHeapMaps: Bool = false,
                goEnvironment: GoEnvironmentInfo? = nil, bands: PredictedBands? = nil) {
        self.backendChoice = backendChoice
        self.goEnvironment = record.requestedBackends.contains(.simulator) ? goEnvironment : nil
        scenario = ScenarioInfo(record.scenario)
        let translations = record.scenario.translationsByLine
        var stepTranslations: [SourceSpan: Translations] = [:]
        var currentStep = Translations()
        self.model = model
        var statuses: [String: BackendStatus] = [:]
        for kind in record.requestedBackends {
            statuses[kind.rawValue] = switch RunSummary.outcome(of: kind, in: record) {
            case .ran: BackendStatus(status: "ran", reason: nil)
            case .unavailable(let reason): BackendStatus(status: "unavailable", reason: reason)
            case .failed(let failure): BackendStatus(status: "failed", reason: failure.message)
            }
        }
        var narration: [NarrationRow] = []
        for event in record.events {
            switch event {
            case .unavailable:
                break
            case .failure(let failure):
                narration.append(NarrationRow(kind: "failure", line: failure.span?.start.line,
                                              backend: failure.backend.rawValue, text: failure.message))
            case .step(let name, let span):
                currentStep = translations[span.start.line] ?? Translations()
                narration.append(NarrationRow(kind: "step", line: span.start.line, backend: nil, text: name,
                                              textTranslations: Self.tags(currentStep)))
            case .note(let text, let span):
                narration.append(NarrationRow(kind: "note", line: span.start.line, backend: nil, text: text,
                                              textTranslations: Self.tags(translations[span.start.line])))
            case .notice(let backend, let text, let span):
                narration.append(NarrationRow(kind: "notice", line: span?.start.line, backend: backend.rawValue, text: text))
            case .snapshot(let snapshot):
                stepTranslations[snapshot.span] = currentStep
            case .expectation:
                break
            }
        }
        backends = statuses
        self.narration = narration
        bandVariants = bands?.variants
        snapshots = record.snapshots.enumerated().map { index, snapshot in
            Snapshot(label: snapshot.label, labelTranslations: Self.tags(translations[snapshot.span.start.line]),
                     step: snapshot.step,
                     stepTranslations: snapshot.step == nil ? nil : Self.tags(stepTranslations[snapshot.span]),
                     line: snapshot.span.start.line,
                     passes: snapshot.passes.isEmpty ? nil : snapshot.passes,
                     focus: snapshot.focus.map(\.goName),
                     readings: Dictionary(uniqueKeysWithValues: snapshot.readings.map { kind, reading in
                         (kind.rawValue, Reading(reading, includesHeapMap: includesHeapMaps))
                     }),
                     predictedBand: Self.bandDocument(bands, snapshot: index))
        }
        expectations = record.expectations.map { result in
            var row = ExpectationRow(line: result.span.start.line, column: result.span.start.column, text: result.text,
                                     backend: result.backend.rawValue, snapshot: result.snapshotLabel,
                                     passes: result.passes.isEmpty ? nil : result.passes,
                                     status: "", left: nil, right: nil, reason: nil)
            if let exact = result.exact, max(exact.left.magnitude, exact.right.magnitude) > 1 << 53 {
                (row.leftExact, row.rightExact) = (String(exact.left), String(exact.right))
            }
            switch result.outcome {
            case .passed(let l, let r): (row.status, row.left, row.right) = ("passed", l, r)
            case .failed(let l, let r): (row.status, row.left, row.right) = ("failed", l, r)
            case .notChecked(let reason): (row.status, row.reason) = ("not-checked", reason)
            }
            return row
        }
    }

    /// A snapshot's bands keyed by Go field name; nil (left out) when every field is its point.
    static func bandDocument(_ bands: PredictedBands?, snapshot index: Int) -> [String: BandDocument]? {
        guard let bands, bands.snapshots.indices.contains(index), !bands.snapshots[index].isEmpty else { return nil }
        return Dictionary(bands.snapshots[index].map {
            ($0.field.goName, BandDocument(min: $0.min, max: $0.max, point: $0.point,
                                           minVariant: $0.minVariant, maxVariant: $0.maxVariant))
        }, uniquingKeysWith: { a, _ in a })
    }

    /// Translations keyed by language tag; nil (left out of the JSON) when there are none.
    static func tags(_ translations: Translations?) -> [String: String]? {
        guard let translations, !translations.isEmpty else { return nil }
        return translations.byTag
    }

    /// The document as pretty-printed JSON with sorted keys (stable across runs).
    public func encoded() throws -> String { try JSONText.encode(self) }
}

extension RunDocument.ScenarioInfo {
    /// The header of `scenario`: English title and about, with their translations beside them.
    public init(_ scenario: Scenario) {
        var aboutTranslations: [String: String] = [:]
        for language in Set(scenario.aboutTranslations.flatMap(\.texts.keys)) {
            aboutTranslations[language.rawValue] = scenario.aboutParagraph(in: language)
        }
        self.init(title: scenario.title, file: scenario.file,
                  about: scenario.about.isEmpty ? nil : scenario.about.joined(separator: " "),
                  titleTranslations: RunDocument.tags(scenario.titleTranslations),
                  aboutTranslations: aboutTranslations.isEmpty ? nil : aboutTranslations)
    }
}

extension RunDocument.Reading {
    init(_ reading: BackendReading, includesHeapMap: Bool = false) {
        memstats = reading.memStats
        if includesHeapMap { heapMap = reading.heapMap.map(RunDocument.HeapMapDocument.init) }
        if let process = reading.process {
            self.process = process.values.isEmpty ? nil : Dictionary(
                process.values.map { ($0.metric.jsonKey, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            processUnavailable = process.unavailable.isEmpty ? nil : Dictionary(
                process.unavailable.map { ($0.source.rawValue, $0.reason) }, uniquingKeysWith: { a, _ in a })
        }
        analogies = reading.analogies.isEmpty ? nil : reading.analogies.map {
            RunDocument.AnalogyRow(idea: $0.idea, nearestField: $0.nearestField.goName, bytes: $0.bytes, caveat: $0.caveat)
        }
    }
}
