// The field guide as JSON: exact key sets (they are a public interface) and content.

import Foundation
import Testing
import FieldCatalogue
@testable import Presentation

@Suite struct FieldGuideJSONTests {
    func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test(arguments: Language.allCases)
    func fieldsDocumentListsExactlyGosFieldsWithStableKeys(language: Language) throws {
        let json = FieldGuideJSON.fields(try FieldCatalogue.shared(language))
        let top = try object(json)
        #expect(Set(top.keys) == ["language", "groups"])
        #expect(top["language"] as? String == language.rawValue)
        let groups = try #require(top["groups"] as? [[String: Any]])
        #expect(groups.map { $0["group"] as? String } == ["general", "heap", "stacks", "off-heap", "gc"])
        for group in groups {
            #expect(Set(group.keys) == ["group", "title", "fields"])
            for field in try #require(group["fields"] as? [[String: Any]]) {
                #expect(Set(field.keys) == ["name", "unit", "summary"])
            }
        }
        let names = groups.flatMap { ($0["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        #expect(names == MemStatsField.allCases.map(\.goName))
        #expect(names.count == 32)
        let decoded = try JSONDecoder().decode(FieldGuideJSON.FieldsDocument.self, from: Data(json.utf8))
        #expect(decoded == FieldGuideJSON.fieldsDocument(try FieldCatalogue.shared(language)))
    }

    @Test func unitsAreMachineNamesInBothLanguages() throws {
        let zh = FieldGuideJSON.fieldsDocument(try FieldCatalogue.shared(.chinese))
        let heapIdle = zh.groups.flatMap(\.fields).first { $0.name == "HeapIdle" }
        #expect(heapIdle?.unit == "bytes")
        #expect(zh.groups[1].title == "堆内存统计")
    }

    @Test func explainDocumentHasStableKeysAndTheEntrysContent() throws {
        let entry = try FieldCatalogue.shared(.english).entry(for: .heapIdle)
        let json = FieldGuideJSON.explain(entry)
        let top = try object(json)
        #expect(Set(top.keys) == ["language", "field", "group", "groupTitle", "unit", "summary", "definition",
                                  "howToRead", "relations", "relationsNotes", "linux", "metrics", "metricsNotes",
                                  "versions", "misreadings", "scenarios"])
        let relations = try #require(top["relations"] as? [[String: Any]])
        #expect(relations.allSatisfy { Set($0.keys) == ["formula", "fields"] })
        #expect(relations.first?["formula"] as? String == "HeapIdle = HeapSys - HeapInuse")
        #expect(relations.first?["fields"] as? [String] == ["HeapIdle", "HeapSys", "HeapInuse"])
        let linux = try #require(top["linux"] as? [String: Any])
        #expect(Set(linux.keys) == ["counterparts", "notes"])
        #expect(top["metrics"] as? [String] == ["/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes"])
        #expect((top["definition"] as? String)?.hasPrefix("Bytes.") == true)
        #expect(top["group"] as? String == "heap" && top["unit"] as? String == "bytes")
        #expect(json.contains("\"/memory/classes/heap/free:bytes\""), "slashes are not escaped")
        let decoded = try JSONDecoder().decode(FieldGuideJSON.ExplainDocument.self, from: Data(json.utf8))
        #expect(decoded == FieldGuideJSON.explainDocument(entry))
    }

    @Test func emptyListsAreEmptyArrays() throws {
        let top = try object(FieldGuideJSON.explain(try FieldCatalogue.shared(.english).entry(for: .lookups)))
        #expect(top["relations"] as? [Any] != nil && (top["relations"] as? [Any])?.isEmpty == true)
        #expect((top["metrics"] as? [Any])?.isEmpty == true)
        #expect((top["scenarios"] as? [Any])?.isEmpty == true)
    }

    @Test func chineseExplainKeepsKeysAndGoSpelling() throws {
        let document = FieldGuideJSON.explainDocument(try FieldCatalogue.shared(.chinese).entry(for: .sys))
        #expect(document.language == "zh" && document.field == "Sys" && document.unit == "bytes")
        #expect(document.groupTitle == "常规统计")
        #expect(document.misreadings.contains("服务现在使用的内存"))
        #expect(document.relations.first?.fields.count == 8)
    }
}
