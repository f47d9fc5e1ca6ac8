// The shipped entries: every field in every language, and what each entry must say.

import Foundation
import Testing
@testable import FieldCatalogue

@Suite struct CatalogueContentTests {
    @Test(arguments: Language.allCases)
    func everyFieldHasAnEntry(language: Language) throws {
        let catalogue = try FieldCatalogue.load(language: language)
        #expect(catalogue.allEntries.map(\.field) == MemStatsField.allCases)
        #expect(MemStatsField.allCases.count == 32)
        for entry in catalogue.allEntries {
            #expect(entry.language == language)
            #expect(entry.sections.map(\.section) == EntrySection.allCases)
        }
    }

    @Test(arguments: Language.allCases)
    func noEntryFileNamesAFieldThatDoesNotExist(language: Language) throws {
        let folder = try #require(FieldCatalogue.entriesFolder)
        let names = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent(language.rawValue).path)
        let stems = names.filter { !$0.hasPrefix(".") }.map { $0.replacingOccurrences(of: ".md", with: "") }
        #expect(Set(stems) == Set(MemStatsField.allCases.map(\.goName)), "stray or missing files: \(stems.sorted())")
    }

    @Test(arguments: Language.allCases)
    func headerMatchesTheFieldsVocabulary(language: Language) throws {
        for entry in try FieldCatalogue.load(language: language).allEntries {
            #expect(entry.group == entry.field.group)
            #expect(entry.unit == entry.field.unit)
            #expect(!entry.summary.isEmpty && !entry.summary.contains("\n"))
            for name in entry.metricsNames {
                #expect(name.hasPrefix("/") && name.contains(":"), "\(entry.field): '\(name)' is not a runtime/metrics name")
            }
            for scenario in entry.scenarios {
                #expect(EntryParser.scenarioNames.contains(scenario))
            }
        }
    }

    @Test(arguments: Language.allCases)
    func relationsNameOnlyKnownFields(language: Language) throws {
        for entry in try FieldCatalogue.load(language: language).allEntries {
            for relation in entry.relations {
                let named = Relation.fieldLikeIdentifiers(in: relation.formula)
                #expect(!named.isEmpty, "\(entry.field): '\(relation.formula)'")
                for name in named {
                    #expect(MemStatsField(goName: name) != nil, "\(entry.field): '\(name)' in '\(relation.formula)'")
                }
                #expect(relation.fields.map(\.goName) == Self.unique(named))
            }
        }
    }

    @Test(arguments: Language.allCases)
    func definitionStartsWithTheUnit(language: Language) throws {
        for entry in try FieldCatalogue.load(language: language).allEntries {
            let lead = entry.unit.definitionLead(language)
            #expect(entry.text(.definition).hasPrefix(lead), "\(language.rawValue)/\(entry.field.goName): Definition must start with '\(lead)'")
        }
    }

    @Test(arguments: Language.allCases)
    func entriesStayFocused(language: Language) throws {
        let folder = try #require(FieldCatalogue.entriesFolder)
        for field in MemStatsField.allCases {
            let url = folder.appendingPathComponent("\(language.rawValue)/\(field.goName).md")
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
            #expect((20...75).contains(lines), "\(language.rawValue)/\(field.goName).md has \(lines) lines")
        }
    }

    @Test func bothLanguagesAgreeOnTheHeader() throws {
        let english = try FieldCatalogue.load(language: .english)
        let chinese = try FieldCatalogue.load(language: .chinese)
        for field in MemStatsField.allCases {
            let en = english.entry(for: field), zh = chinese.entry(for: field)
            #expect(en.metricsNames == zh.metricsNames, "\(field)")
            #expect(en.relations.map(\.fields) == zh.relations.map(\.fields), "\(field)")
            #expect(en.scenarios == zh.scenarios, "\(field)")
        }
    }

    @Test func chineseEntriesAreWrittenInChinese() throws {
        for entry in try FieldCatalogue.load(language: .chinese).allEntries {
            for (section, _, text) in entry.sections where section != .metrics {
                let han = text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
                #expect(han >= 4, "zh/\(entry.field.goName) section \(section) has little Chinese text")
            }
            #expect(entry.summary.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        }
    }

    /// The misreadings of Chinese annotations (misreadings-zh.md): each zh entry names the
    /// misreading and says what is true, in its Common misreadings section.
    @Test(arguments: [
        (MemStatsField.sys, ["服务现在使用的内存", "地址空间", "HeapReleased"]),
        (.lookups, ["被runtime监视的指针数", "始终为 0"]),
        (.totalAlloc, ["累计", "不是", "GC 压力"]),
        (.mallocs, ["malloc", "HeapObjects", "16 字节"]),
        (.frees, ["回收", "tiny", "Mallocs"]),
        (.heapSys, ["正在使用", "地址空间", "最大"]),
        (.heapReleased, ["累计", "当前", "减少"]),
        (.heapIdle, ["将被归还", "HeapReleased", "HeapIdle - HeapReleased", "栈"]),
    ])
    func chineseEntriesCorrectTheKnownMisreadings(field: MemStatsField, phrases: [String]) throws {
        let text = try FieldCatalogue.load(language: .chinese).entry(for: field).text(.misreadings)
        for phrase in phrases {
            #expect(text.contains(phrase), "zh/\(field.goName) 常见误读 lacks '\(phrase)'")
        }
    }

    @Test func englishEntriesCiteIssuesInOneForm() throws {
        for entry in try FieldCatalogue.load(language: .english).allEntries {
            let text = entry.text(.misreadings)
            #expect(!text.contains("github.com/golang/go/issues"), "\(entry.field): write golang/go#N")
        }
    }

    @Test func sharedCatalogueIsLoadedOnce() throws {
        let first = try FieldCatalogue.shared(.english)
        let second = try FieldCatalogue.shared(.english)
        #expect(first.entry(for: .heapIdle) == second.entry(for: .heapIdle))
        #expect(first.entry(for: .heapIdle).relations.first?.formula == "HeapIdle = HeapSys - HeapInuse")
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
