// Reads one entry file: a header between `---` lines, then the seven `## ` sections.
//
// File format (Entries/<language>/<Field>.md):
//
//     ---
//     field: HeapIdle
//     group: heap
//     unit: bytes
//     summary: One line for `memstats fields`.
//     metrics: /memory/classes/heap/free:bytes, /memory/classes/heap/released:bytes
//     relations:
//     - HeapIdle = HeapSys - HeapInuse
//     - HeapIdle - HeapReleased = idle memory the runtime keeps
//     linux:
//     - /proc/self/smaps_rollup Rss (only the part that is resident)
//     scenarios: spike, release-to-os
//     ---
//
//     ## Definition
//     Bytes. …
//
// A list value is either inline and comma-separated, or `- ` items on the following lines;
// `-` alone means "none". Every key is required, in any order, once. The headings must be
// `EntrySection.allCases` in order, spelled as `EntrySection.heading(language)`.
// Every problem is reported as a `CatalogueError` with the file and line.

import Foundation

/// Why an entry file could not be used.
public struct CatalogueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the Entries folder (`en/HeapIdle.md`).
    public var file: String
    /// 1-based line, when the problem sits on one line.
    public var line: Int?
    public var problem: Problem

    public init(file: String, line: Int?, problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public enum Problem: Sendable, Equatable {
        case entriesFolderMissing
        case fileMissing
        case unreadable(reason: String)
        case headerMissing
        case headerUnterminated
        case malformedHeaderLine(String)
        case unknownHeaderKey(String, suggestions: [String])
        case duplicateHeaderKey(String)
        case missingHeaderKey(String)
        case unknownField(String, suggestions: [String])
        case fieldMismatch(declared: String, expected: MemStatsField)
        case groupMismatch(declared: String, expected: FieldGroup)
        case unitMismatch(declared: String, expected: FieldUnit)
        case unknownFieldInRelation(String, suggestions: [String])
        case relationWithoutField(String)
        case unknownScenario(String, suggestions: [String])
        case textOutsideSection
        case unexpectedHeading(found: String, expected: String)
        case missingSection(String)
        case emptySection(String)
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): error: \(message)"
    }

    /// The problem in words, with a hint where one helps.
    public var message: String {
        func didYouMean(_ s: [String]) -> String { s.isEmpty ? "" : " (did you mean \(s.joined(separator: ", "))?)" }
        switch problem {
        case .entriesFolderMissing: return "the Entries folder is not in the package resources"
        case .fileMissing: return "no entry file for this field; add it with the header and the seven sections"
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .headerMissing: return "the file must start with a '---' header line"
        case .headerUnterminated: return "the header has no closing '---' line"
        case .malformedHeaderLine(let text): return "expected 'key: value' or '- item' in the header, found '\(text)'"
        case .unknownHeaderKey(let key, let s): return "unknown header key '\(key)'\(didYouMean(s))"
        case .duplicateHeaderKey(let key): return "header key '\(key)' appears twice"
        case .missingHeaderKey(let key): return "the header lacks '\(key):'"
        case .unknownField(let name, let s): return "'\(name)' is not a runtime.MemStats field\(didYouMean(s))"
        case .fieldMismatch(let declared, let expected):
            return "the header says field '\(declared)' but the file is for '\(expected.goName)'"
        case .groupMismatch(let declared, let expected):
            return "group '\(declared)' is wrong; Go documents this field under '\(expected.rawValue)'"
        case .unitMismatch(let declared, let expected):
            return "unit '\(declared)' is wrong; this field's unit is '\(expected.rawValue)'"
        case .unknownFieldInRelation(let name, let s):
            return "relation names '\(name)', which is not a MemStats field\(didYouMean(s))"
        case .relationWithoutField(let text): return "relation '\(text)' names no MemStats field"
        case .unknownScenario(let name, let s): return "'\(name)' is not a bundled scenario\(didYouMean(s))"
        case .textOutsideSection: return "text before the first '## ' section heading"
        case .unexpectedHeading(let found, let expected): return "heading '\(found)' found where '\(expected)' was expected"
        case .missingSection(let heading): return "section '## \(heading)' is missing"
        case .emptySection(let heading): return "section '## \(heading)' is empty"
        }
    }
}

/// Parses entry files. Pure: takes text, returns an entry or throws a `CatalogueError`.
public enum EntryParser {
    /// The header keys, in the order files write them.
    public static let headerKeys = ["field", "group", "unit", "summary", "metrics", "relations", "linux", "scenarios"]

    /// The scenario names an entry may point at: the lessons bundled with memstats.
    public static let scenarioNames = [
        "spike", "heap-in-spans", "tiny-objects", "large-objects", "by-size", "fragmentation",
        "stack-growth", "goroutine-leak", "gc-pacing", "gc-timeline", "release-to-os", "memory-limit",
        "sys-accounting",
    ]

    /// Parses the text of `file` (e.g. `en/HeapIdle.md`) as the entry for `field` in `language`.
    public static func parse(_ text: String, file: String, field: MemStatsField,
                             language: Language) throws(CatalogueError) -> FieldEntry {
        func fail(_ line: Int?, _ problem: CatalogueError.Problem) -> CatalogueError {
            CatalogueError(file: file, line: line, problem: problem)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else { throw fail(1, .headerMissing) }
        guard let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" })
        else { throw fail(1, .headerUnterminated) }

        // Header: key → (line, inline value, list items with their lines).
        var values: [String: (line: Int, inline: String, items: [(Int, String)])] = [:]
        var currentKey: String?
        for index in 1..<closing {
            let lineNumber = index + 1
            let raw = lines[index]
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("- ") {
                guard let key = currentKey, values[key]?.inline.isEmpty == true else {
                    throw fail(lineNumber, .malformedHeaderLine(trimmed))
                }
                let item = String(trimmed.dropFirst(1)).trimmingCharacters(in: .whitespaces)
                values[key]!.items.append((lineNumber, item))
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else { throw fail(lineNumber, .malformedHeaderLine(trimmed)) }
            let key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard headerKeys.contains(key) else {
                throw fail(lineNumber, .unknownHeaderKey(key, suggestions: Suggestions.closest(to: key, among: headerKeys)))
            }
            guard values[key] == nil else { throw fail(lineNumber, .duplicateHeaderKey(key)) }
            values[key] = (lineNumber, value, [])
            currentKey = key
        }
        for key in headerKeys where values[key] == nil { throw fail(closing + 1, .missingHeaderKey(key)) }

        func scalar(_ key: String) -> (Int, String) { (values[key]!.line, values[key]!.inline) }
        /// Items of a list key with their lines; `-` or nothing means none.
        func list(_ key: String) -> [(Int, String)] {
            let entry = values[key]!
            let items: [(Int, String)] = entry.inline.isEmpty
                ? entry.items
                : entry.inline.split(separator: ",").map { (entry.line, $0.trimmingCharacters(in: .whitespaces)) }
            return items.filter { !$0.1.isEmpty && $0.1 != "-" }
        }

        let (fieldLine, declaredField) = scalar("field")
        guard let named = MemStatsField(goName: declaredField) else {
            throw fail(fieldLine, .unknownField(declaredField, suggestions: Suggestions.closest(
                to: declaredField, among: MemStatsField.allCases.map(\.goName))))
        }
        guard named == field else { throw fail(fieldLine, .fieldMismatch(declared: declaredField, expected: field)) }
        let (groupLine, declaredGroup) = scalar("group")
        guard declaredGroup == field.group.rawValue else {
            throw fail(groupLine, .groupMismatch(declared: declaredGroup, expected: field.group))
        }
        let (unitLine, declaredUnit) = scalar("unit")
        guard declaredUnit == field.unit.rawValue else {
            throw fail(unitLine, .unitMismatch(declared: declaredUnit, expected: field.unit))
        }
        let (summaryLine, summary) = scalar("summary")
        guard !summary.isEmpty else { throw fail(summaryLine, .missingHeaderKey("summary")) }

        var relations: [Relation] = []
        for (line, formula) in list("relations") {
            var fields: [MemStatsField] = []
            for name in Relation.fieldLikeIdentifiers(in: formula) {
                guard let known = MemStatsField(goName: name) else {
                    throw fail(line, .unknownFieldInRelation(name, suggestions: Suggestions.closest(
                        to: name, among: MemStatsField.allCases.map(\.goName))))
                }
                if !fields.contains(known) { fields.append(known) }
            }
            guard !fields.isEmpty else { throw fail(line, .relationWithoutField(formula)) }
            relations.append(Relation(formula: formula, fields: fields))
        }
        var scenarios: [String] = []
        for (line, name) in list("scenarios") {
            guard scenarioNames.contains(name) else {
                throw fail(line, .unknownScenario(name, suggestions: Suggestions.closest(to: name, among: scenarioNames)))
            }
            scenarios.append(name)
        }

        // Body: the seven sections, in order.
        var sections: [(section: EntrySection, heading: String, markdown: String)] = []
        var pending: (section: EntrySection, heading: String, line: Int, body: [String])?
        func finish() throws(CatalogueError) {
            guard let open = pending else { return }
            let markdown = open.body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !markdown.isEmpty else { throw fail(open.line, .emptySection(open.heading)) }
            sections.append((open.section, open.heading, markdown))
            pending = nil
        }
        for index in (closing + 1)..<lines.count {
            let lineNumber = index + 1
            let line = lines[index]
            if line.hasPrefix("## ") {
                try finish()
                let heading = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                let position = sections.count
                guard position < EntrySection.allCases.count else {
                    throw fail(lineNumber, .unexpectedHeading(found: heading, expected: "(end of file)"))
                }
                let expected = EntrySection.allCases[position]
                guard heading == expected.heading(language) else {
                    throw fail(lineNumber, .unexpectedHeading(found: heading, expected: expected.heading(language)))
                }
                pending = (expected, heading, lineNumber, [])
            } else if pending != nil {
                pending!.body.append(line)
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                throw fail(lineNumber, .textOutsideSection)
            }
        }
        try finish()
        if sections.count < EntrySection.allCases.count {
            throw fail(nil, .missingSection(EntrySection.allCases[sections.count].heading(language)))
        }

        return FieldEntry(
            field: field, language: language, group: field.group, unit: field.unit, summary: summary,
            metricsNames: list("metrics").map(\.1), relations: relations,
            linuxCounterparts: list("linux").map(\.1), scenarios: scenarios, sections: sections)
    }
}
