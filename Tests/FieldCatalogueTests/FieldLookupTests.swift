// Finding a field from what a user typed.

import Testing
import FieldCatalogue

@Suite struct FieldLookupTests {
    @Test func exactGoSpelling() {
        #expect(FieldLookup.resolve("HeapIdle") == .exact(.heapIdle))
        #expect(FieldLookup.resolve(" GCCPUFraction ") == .exact(.gcCPUFraction))
        for field in MemStatsField.allCases { #expect(FieldLookup.resolve(field.goName) == .exact(field)) }
    }

    @Test func wrongCaseIsAcceptedAsCaseInsensitive() {
        #expect(FieldLookup.resolve("heapidle") == .caseInsensitive(.heapIdle))
        #expect(FieldLookup.resolve("NEXTGC") == .caseInsensitive(.nextGC))
        #expect(FieldLookup.resolve("mspaninuse").field == .mSpanInuse)
    }

    @Test func misspellingSuggestsTheNearestField() {
        #expect(FieldLookup.resolve("HeapIdel") == .unknown(suggestions: ["HeapIdle"]))
        #expect(FieldLookup.resolve("HeapIdel").field == nil)
        guard case .unknown(let suggestions) = FieldLookup.resolve("StackInUse2") else {
            Issue.record("expected unknown"); return
        }
        #expect(suggestions.first == "StackInuse")
    }

    @Test func garbageHasNoSuggestion() {
        #expect(FieldLookup.resolve("garbage") == .unknown(suggestions: []))
        #expect(FieldLookup.resolve("") == .unknown(suggestions: []))
    }
}
