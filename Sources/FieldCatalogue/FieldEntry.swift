// One field's explanation, as parsed from Entries/<language>/<Field>.md.
//
// The Markdown files are the source; this is their shape in memory. The header holds what
// code needs (group, unit, runtime/metrics names, relations, Linux counterparts, scenarios),
// the body holds prose under a fixed list of headings, the same seven in every file.

import Foundation

/// The language of an explanation. English is the default; Chinese is a first audience.
public enum Language: String, CaseIterable, Sendable, Hashable, Codable {
    case english = "en"
    case chinese = "zh"

    /// Accepts `en`/`zh` and a few common spellings (`english`, `chinese`, `zh-CN`, `中文`).
    public init?(code: String) {
        switch code.lowercased() {
        case "en", "english", "en-us", "en-gb": self = .english
        case "zh", "chinese", "zh-cn", "zh-hans", "中文": self = .chinese
        default: return nil
        }
    }
}

/// The body sections every entry has, in the order they appear in the file.
public enum EntrySection: String, CaseIterable, Sendable, Hashable, Codable {
    case definition
    case howToRead
    case relations
    case linux
    case metrics
    case versions
    case misreadings

    /// The exact `## ` heading this section has in an entry of `language`.
    public func heading(_ language: Language) -> String {
        switch (self, language) {
        case (.definition, .english): "Definition"
        case (.howToRead, .english): "How to read it"
        case (.relations, .english): "Relations"
        case (.linux, .english): "What Linux shows instead"
        case (.metrics, .english): "runtime/metrics"
        case (.versions, .english): "Across Go versions"
        case (.misreadings, .english): "Common misreadings"
        case (.definition, .chinese): "定义"
        case (.howToRead, .chinese): "如何解读"
        case (.relations, .chinese): "关系"
        case (.linux, .chinese): "Linux 显示的是什么"
        case (.metrics, .chinese): "runtime/metrics"
        case (.versions, .chinese): "各 Go 版本的差异"
        case (.misreadings, .chinese): "常见误读"
        }
    }
}

/// A relation between fields, written as a formula with Go's field names, e.g.
/// `HeapIdle = HeapSys - HeapInuse`. The right-hand side may end in lower-case prose
/// (`HeapIdle - HeapReleased = idle memory the runtime keeps`).
public struct Relation: Sendable, Hashable, Codable {
    /// The formula as written in the entry's header.
    public var formula: String
    /// The MemStats fields the formula names, in order of first appearance.
    public var fields: [MemStatsField]

    public init(formula: String, fields: [MemStatsField]) {
        self.formula = formula
        self.fields = fields
    }

    /// Capitalised words that may appear in a formula without being field names.
    static let notFieldNames: Set<String> = ["KiB", "MiB", "GiB", "TiB", "Go"]

    /// The identifiers in `formula` that look like field names: a word that starts with an
    /// upper-case letter and contains a lower-case one (`HeapIdle`, `Sys`, `NumGC`), not
    /// a member after `.` (`BySize[i].Size`), not an all-caps word (`OS`, `RSS`), and not
    /// part of a path or metric name (`/memory/classes/total:bytes`), and not a unit (`MiB`).
    public static func fieldLikeIdentifiers(in formula: String) -> [String] {
        var result: [String] = []
        let characters = Array(formula)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character.isLetter || character == "_" else { index += 1; continue }
            let start = index
            while index < characters.count,
                  characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                index += 1
            }
            let word = String(characters[start..<index])
            let before: Character? = start > 0 ? characters[start - 1] : nil
            let after: Character? = index < characters.count ? characters[index] : nil
            let inPathOrMember = before == "." || before == "/" || before == ":" || after == "/" || after == ":"
            let looksLikeField = word.first?.isUppercase == true && word.contains { $0.isLowercase }
            if looksLikeField && !inPathOrMember && !notFieldNames.contains(word) { result.append(word) }
        }
        return result
    }
}

/// The explanation of one MemStats field in one language.
public struct FieldEntry: Sendable, Hashable {
    public var field: MemStatsField
    public var language: Language
    public var group: FieldGroup
    public var unit: FieldUnit
    /// One line, for `memstats fields`.
    public var summary: String
    /// runtime/metrics names (`/memory/classes/heap/free:bytes`); empty when there is none.
    public var metricsNames: [String]
    public var relations: [Relation]
    /// What Linux shows instead (`/proc/self/smaps_rollup Rss`); empty when nothing compares.
    public var linuxCounterparts: [String]
    /// Bundled scenario names that show the field moving (`memstats run spike`).
    public var scenarios: [String]
    /// The body, in file order; every `EntrySection` appears exactly once.
    public var sections: [(section: EntrySection, heading: String, markdown: String)]

    public init(field: MemStatsField, language: Language, group: FieldGroup, unit: FieldUnit,
                summary: String, metricsNames: [String], relations: [Relation],
                linuxCounterparts: [String], scenarios: [String],
                sections: [(section: EntrySection, heading: String, markdown: String)]) {
        self.field = field
        self.language = language
        self.group = group
        self.unit = unit
        self.summary = summary
        self.metricsNames = metricsNames
        self.relations = relations
        self.linuxCounterparts = linuxCounterparts
        self.scenarios = scenarios
        self.sections = sections
    }

    /// The Markdown text of one section (empty if absent, which a loaded entry never is).
    public func text(_ section: EntrySection) -> String {
        sections.first { $0.section == section }?.markdown ?? ""
    }

    public static func == (a: FieldEntry, b: FieldEntry) -> Bool {
        a.field == b.field && a.language == b.language && a.group == b.group && a.unit == b.unit
            && a.summary == b.summary && a.metricsNames == b.metricsNames && a.relations == b.relations
            && a.linuxCounterparts == b.linuxCounterparts && a.scenarios == b.scenarios
            && a.sections.map(\.section) == b.sections.map(\.section)
            && a.sections.map(\.markdown) == b.sections.map(\.markdown)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(field)
        hasher.combine(language)
    }
}

extension Relation {
    /// A comparison the formula states, when the formula is pure arithmetic over fields and
    /// integers on both sides (`HeapIdle = HeapSys - HeapInuse`, `HeapReleased <= HeapIdle`).
    /// Nil when either side contains prose, indexing or anything else.
    public struct Check: Sendable, Hashable {
        public enum Comparison: String, Sendable, Hashable {
            case equal = "=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
        }
        public enum Term: Sendable, Hashable {
            case field(MemStatsField)
            case integer(UInt64)
        }
        /// One term with its sign: `- HeapInuse` is `SignedTerm(negative: true, term: .field(.heapInuse))`.
        public struct SignedTerm: Sendable, Hashable {
            public var negative: Bool
            public var term: Term
        }

        public var left: [SignedTerm]
        public var comparison: Comparison
        public var right: [SignedTerm]
    }

    /// The formula as a checkable comparison, or nil if it is not pure arithmetic.
    public var check: Check? {
        let operators: [(String, Check.Comparison)] = [("<=", .lessOrEqual), (">=", .greaterOrEqual), ("=", .equal), ("<", .less), (">", .greater)]
        guard let (symbol, comparison) = operators.first(where: { formula.components(separatedBy: $0.0).count == 2 }),
              formula.filter({ "<>=".contains($0) }).count == symbol.count
        else { return nil }
        let sides = formula.components(separatedBy: symbol)
        guard let left = Self.terms(sides[0]), let right = Self.terms(sides[1]) else { return nil }
        return Check(left: left, comparison: comparison, right: right)
    }

    /// `A + B - 3` → [+A, +B, -3]; nil for anything else.
    private static func terms(_ text: String) -> [Check.SignedTerm]? {
        var result: [Check.SignedTerm] = []
        var sign = 1
        var expectTerm = true
        for token in text.split(separator: " ") {
            if expectTerm {
                if let field = MemStatsField(goName: String(token)), field.isScalar {
                    result.append(.init(negative: sign < 0, term: .field(field)))
                } else if let number = UInt64(token) {
                    result.append(.init(negative: sign < 0, term: .integer(number)))
                } else {
                    return nil
                }
                expectTerm = false
            } else {
                switch token {
                case "+": sign = 1
                case "-": sign = -1
                default: return nil
                }
                expectTerm = true
            }
        }
        return expectTerm || result.isEmpty ? nil : result
    }

    /// Whether the relation holds for these field values: nil when the formula is not a
    /// checkable comparison or names a field missing from `values`.
    public func holds(in values: [MemStatsField: Double]) -> Bool? {
        guard let check else { return nil }
        func sum(_ side: [Check.SignedTerm]) -> Double? {
            var total = 0.0
            for signed in side {
                let sign: Double = signed.negative ? -1 : 1
                switch signed.term {
                case .integer(let n): total += sign * Double(n)
                case .field(let field):
                    guard let value = values[field] else { return nil }
                    total += sign * value
                }
            }
            return total
        }
        guard let left = sum(check.left), let right = sum(check.right) else { return nil }
        switch check.comparison {
        case .equal: return left == right
        case .lessOrEqual: return left <= right
        case .greaterOrEqual: return left >= right
        case .less: return left < right
        case .greater: return left > right
        }
    }

    /// Whether the relation holds in one MemStats reading (nil when it is not checkable).
    public func holds(in stats: MemStats) -> Bool? {
        var values: [MemStatsField: Double] = [:]
        for field in fields { if let value = stats.number(field) { values[field] = value } }
        return holds(in: values)
    }
}
