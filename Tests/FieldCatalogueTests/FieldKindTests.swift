// Every field has the kind of quantity Go's documentation gives it.

import FieldCatalogue
import Testing

@Suite struct FieldKindTests {
    @Test func kindsFollowGosDocumentation() {
        let byKind = Dictionary(grouping: MemStatsField.allCases, by: \.kind).mapValues { Set($0.map(\.goName)) }
        #expect(byKind[.count] == ["Lookups", "Mallocs", "Frees", "HeapObjects", "NumGC", "NumForcedGC", "BySize"])
        #expect(byKind[.nanoseconds] == ["PauseTotalNs", "PauseNs"])
        #expect(byKind[.timestamp] == ["LastGC", "PauseEnd"])
        #expect(byKind[.fraction] == ["GCCPUFraction"])
        #expect(byKind[.flag] == ["EnableGC", "DebugGC"])
        #expect(byKind[.bytes]?.count == 18)
        #expect(byKind[.bytes]?.allSatisfy { name in MemStatsField(goName: name)?.unit == .bytes } == true)
    }
}
