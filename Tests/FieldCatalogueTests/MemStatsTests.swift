import Foundation
import FieldCatalogue
import Testing

@Suite struct MemStatsTests {
    @Test func numberReadsIntegerFieldsByValueNotBitPattern() {
        var stats = MemStats()
        stats.heapAlloc = 103_252_400
        stats.numGC = 7
        stats.gcCPUFraction = 0.25
        #expect(stats.number(.heapAlloc) == 103_252_400)
        #expect(stats.number(.numGC) == 7)
        #expect(stats.number(.gcCPUFraction) == 0.25)
        #expect(stats.number(.enableGC) == 1)
        #expect(stats.number(.bySize) == nil)
    }

    @Test func everyScalarFieldHasANumberAndOnlyThose() {
        let stats = MemStats()
        for field in MemStatsField.allCases {
            #expect((stats.number(field) != nil) == field.isScalar, "\(field)")
        }
    }

    @Test func jsonUsesGoFieldNames() throws {
        var stats = MemStats()
        stats.heapIdle = 42
        let text = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        #expect(text.contains("\"HeapIdle\":42"))
        #expect(text.contains("\"BySize\":["))
        let back = try JSONDecoder().decode(MemStats.self, from: Data(text.utf8))
        #expect(back == stats)
    }

    @Test func thereAreExactly32FieldsInGoOrder() {
        #expect(MemStatsField.allCases.count == 32)
        #expect(MemStatsField.allCases.first == .alloc)
        #expect(MemStatsField.allCases.last == .bySize)
        #expect(FieldGroup.allCases.flatMap(\.fields) == MemStatsField.allCases)
    }

    @Test(arguments: [
        ("HeapIdel", ["HeapIdle"]), ("heapidle", ["HeapIdle"]), ("NumGc", ["NumGC"]), ("zzzzzzzz", []),
    ])
    func suggestionsFindTheNearestField(typed: String, expected: [String]) {
        let names = MemStatsField.allCases.map(\.goName)
        #expect(Array(Suggestions.closest(to: typed, among: names).prefix(expected.count)) == expected)
    }

    @Test func byteCountFormatsBinaryUnits() {
        #expect(ByteCount(512).description == "512 B")
        #expect(ByteCount.mebibytes(3).description == "3.0 MiB")
        #expect(ByteCount(103_252_400).description == "98.5 MiB")
        #expect(ByteCount.format(-1536) == "-1.5 KiB")
    }
}
