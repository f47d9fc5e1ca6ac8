// The field guide as JSON: `memstats fields --format json` and `memstats explain F --format json`.
//
// The keys below are a public interface (scripts use them with jq); keep them stable. Text
// values are the entries' Markdown as written (backticks and `**` kept).
//
// `fields`:
//
//     {"language": "en",
//      "groups": [{"group": "heap", "title": "Heap memory statistics",
//                  "fields": [{"name": "HeapIdle", "unit": "bytes", "summary": "…"}, …]}, …]}
//
// `explain`:
//
//     {"language": "en", "field": "HeapIdle", "group": "heap", "groupTitle": "Heap memory statistics",
//      "unit": "bytes", "summary": "…",
//      "definition": "…", "howToRead": "…",
//      "relations": [{"formula": "HeapIdle = HeapSys - HeapInuse", "fields": ["HeapIdle", "HeapSys", "HeapInuse"]}],
//      "relationsNotes": "…",
//      "linux": {"counterparts": ["/proc/self/smaps_rollup Rss (…)"], "notes": "…"},
//      "metrics": ["/memory/classes/heap/free:bytes", …], "metricsNotes": "…",
//      "versions": "…", "misreadings": "…",
//      "scenarios": ["spike", …]}
//
// `group` is FieldGroup's raw value (general, heap, stacks, off-heap, gc); `unit` is
// FieldUnit's raw value (bytes, objects, cycles, …) in both languages; `title`, `groupTitle`
// and all prose are in the requested language. Empty lists are `[]`, never absent.

import Foundation
import FieldCatalogue

public enum FieldGuideJSON {
    /// The document of `memstats fields --format json`.
    public struct FieldsDocument: Codable, Equatable, Sendable {
        public var language: String
        public var groups: [Group]

        public struct Group: Codable, Equatable, Sendable {
            public var group: String
            public var title: String
            public var fields: [Field]
        }

        public struct Field: Codable, Equatable, Sendable {
            public var name: String
            public var unit: String
            public var summary: String
        }
    }

    /// The document of `memstats explain FIELD --format json`.
    public struct ExplainDocument: Codable, Equatable, Sendable {
        public var language: String
        public var field: String
        public var group: String
        public var groupTitle: String
        public var unit: String
        public var summary: String
        public var definition: String
        public var howToRead: String
        public var relations: [RelationItem]
        public var relationsNotes: String
        public var linux: Linux
        public var metrics: [String]
        public var metricsNotes: String
        public var versions: String
        public var misreadings: String
        public var scenarios: [String]

        public struct RelationItem: Codable, Equatable, Sendable {
            public var formula: String
            public var fields: [String]
        }

        public struct Linux: Codable, Equatable, Sendable {
            public var counterparts: [String]
            public var notes: String
        }
    }

    public static func fieldsDocument(_ catalogue: FieldCatalogue) -> FieldsDocument {
        let language = catalogue.language
        return FieldsDocument(language: language.rawValue, groups: FieldGroup.allCases.map { group in
            FieldsDocument.Group(group: group.rawValue, title: group.title(language), fields: group.fields.map {
                let entry = catalogue.entry(for: $0)
                return FieldsDocument.Field(name: $0.goName, unit: entry.unit.rawValue, summary: entry.summary)
            })
        })
    }

    public static func explainDocument(_ entry: FieldEntry) -> ExplainDocument {
        ExplainDocument(
            language: entry.language.rawValue, field: entry.field.goName, group: entry.group.rawValue,
            groupTitle: entry.group.title(entry.language), unit: entry.unit.rawValue, summary: entry.summary,
            definition: entry.text(.definition), howToRead: entry.text(.howToRead),
            relations: entry.relations.map { .init(formula: $0.formula, fields: $0.fields.map(\.goName)) },
            relationsNotes: entry.text(.relations),
            linux: .init(counterparts: entry.linuxCounterparts, notes: entry.text(.linux)),
            metrics: entry.metricsNames, metricsNotes: entry.text(.metrics),
            versions: entry.text(.versions), misreadings: entry.text(.misreadings), scenarios: entry.scenarios)
    }

    /// `memstats fields --format json`, pretty-printed with sorted keys, ending in a newline.
    public static func fields(_ catalogue: FieldCatalogue) -> String { encode(fieldsDocument(catalogue)) }

    /// `memstats explain FIELD --format json`, pretty-printed with sorted keys, ending in a newline.
    public static func explain(_ entry: FieldEntry) -> String { encode(explainDocument(entry)) }

    static func encode(_ value: some Encodable) -> String {
        // Encoding plain strings and arrays cannot fail.
        (try? JSONText.encode(value)) ?? "{}\n"
    }
}
