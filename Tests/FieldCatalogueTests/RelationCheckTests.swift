// Relations are claims about real numbers: every formula that is pure arithmetic must hold
// on real Go readings. The readings are copied from the project's measurements of Go 1.19.8,
// 1.22.10 and 1.27.3 (go-runtime-measurements.txt); a field a line lacks is not checked.

import Testing
@testable import FieldCatalogue

@Suite struct RelationCheckTests {
    /// ReadMemStats lines, as printed by the measuring harness.
    static let readings = [
        // 1.19.8, 1000 goroutines grown to 64 KiB stacks
        "Sys=81971232 HeapSys=5537792 HeapInuse=999424 HeapIdle=4538368 HeapReleased=4079616 HeapAlloc=634224 TotalAlloc=634224 Mallocs=3198 Frees=21 HeapObjects=3177 StackInuse=65765376 StackSys=65765376 MSpanInuse=168480 MSpanSys=178992 MCacheInuse=2400 MCacheSys=15600 BuckHashSys=3495 GCSys=10067168 OtherSys=402809 NextGC=4194304 NumGC=0 NumForcedGC=0 Lookups=0",
        // 1.19.8, after a second runtime.GC()
        "Sys=82364448 HeapSys=71073792 HeapInuse=794624 HeapIdle=70279168 HeapReleased=57720832 HeapAlloc=482072 TotalAlloc=635080 Mallocs=3263 Frees=2030 HeapObjects=1233 StackInuse=229376 StackSys=229376 MSpanInuse=41328 MSpanSys=178992 MCacheInuse=2400 MCacheSys=15600 BuckHashSys=3495 GCSys=10364776 OtherSys=498417 NextGC=4194304 NumGC=2 NumForcedGC=2 Lookups=0",
        // 1.27.3, GOMAXPROCS=2 at start
        "Sys=7821576 HeapSys=3932160 HeapInuse=303104 HeapIdle=3629056 HeapReleased=3563520 HeapAlloc=62800 TotalAlloc=62800 Mallocs=111 Frees=3 HeapObjects=108 StackInuse=262144 StackSys=262144 MSpanInuse=23840 MSpanSys=32640 MCacheInuse=4592 MCacheSys=16072 BuckHashSys=1442527 GCSys=1519376 OtherSys=616657 NextGC=4194304 NumGC=0 NumForcedGC=0 Lookups=0",
        // 1.27.3, 100 MiB held, then after debug.FreeOSMemory()
        "Sys=113219880 HeapSys=108789760 HeapInuse=105103360 HeapIdle=3686400 HeapReleased=3596288 HeapAlloc=104925208 TotalAlloc=104930272 Mallocs=227 Frees=23 HeapObjects=204 StackInuse=262144 StackSys=262144 MSpanInuse=34080 MSpanSys=48960 MCacheInuse=4592 MCacheSys=16072 BuckHashSys=1442527 GCSys=1998608 OtherSys=661809 NextGC=151289146 NumGC=5 NumForcedGC=0 Lookups=0",
        "Sys=113219880 HeapSys=108756992 HeapInuse=245760 HeapIdle=108511232 HeapReleased=108486656 HeapAlloc=62624 TotalAlloc=104931736 Mallocs=253 Frees=146 HeapObjects=107 StackInuse=294912 StackSys=294912 MSpanInuse=33120 MSpanSys=48960 MCacheInuse=4592 MCacheSys=16072 BuckHashSys=1442527 GCSys=2009360 OtherSys=651057 NextGC=4194304 NumGC=6 NumForcedGC=1 Lookups=0",
        // 1.27.3, 100 000 tiny allocations, GC off
        "Sys=7559432 HeapSys=3932160 HeapInuse=1613824 HeapIdle=2318336 HeapReleased=2318336 HeapAlloc=1384448 TotalAlloc=1384448 Mallocs=100156 Frees=66688 HeapObjects=33468 StackInuse=262144 StackSys=262144 MSpanInuse=23680 MSpanSys=32640 MCacheInuse=2296 MCacheSys=16072 BuckHashSys=1442527 GCSys=1565968 OtherSys=307921",
    ]

    static func values(_ line: String) -> [MemStatsField: Double] {
        var result: [MemStatsField: Double] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let field = MemStatsField(goName: String(parts[0])), let value = Double(parts[1]) {
                result[field] = value
            }
        }
        // Go's documentation: Alloc is the same as HeapAlloc (the harness prints only HeapAlloc).
        result[.alloc] = result[.heapAlloc]
        return result
    }

    @Test(arguments: Language.allCases)
    func everyCheckableRelationHoldsOnRealGoReadings(language: Language) throws {
        var checked = 0
        var checkedFormulas: Set<String> = []
        for entry in try FieldCatalogue.load(language: language).allEntries {
            for relation in entry.relations {
                for line in Self.readings {
                    guard let holds = relation.holds(in: Self.values(line)) else { continue }
                    #expect(holds, "\(language.rawValue)/\(entry.field.goName): '\(relation.formula)' fails on \(line.prefix(60))…")
                    checked += 1
                    checkedFormulas.insert(relation.formula)
                }
            }
        }
        #expect(checkedFormulas.isSuperset(of: [
            "HeapIdle = HeapSys - HeapInuse",
            "HeapObjects = Mallocs - Frees",
            "Sys = HeapSys + StackSys + MSpanSys + MCacheSys + BuckHashSys + GCSys + OtherSys",
            "HeapReleased <= HeapIdle",
        ]), "\(checkedFormulas.sorted())")
        #expect(checked >= 100)
    }

    @Test func checkParsesPureArithmeticOnly() {
        let sys = Relation(formula: "Sys = HeapSys + StackSys", fields: [.sys, .heapSys, .stackSys]).check
        #expect(sys?.comparison == .equal)
        #expect(sys?.right.map(\.term) == [.field(.heapSys), .field(.stackSys)])
        let difference = Relation(formula: "HeapIdle - 4 >= HeapReleased", fields: []).check
        #expect(difference?.left == [.init(negative: false, term: .field(.heapIdle)), .init(negative: true, term: .integer(4))])
        #expect(difference?.comparison == .greaterOrEqual)
        #expect(Relation(formula: "HeapIdle - HeapReleased = idle memory the runtime keeps", fields: []).check == nil)
        #expect(Relation(formula: "LastGC = PauseEnd[(NumGC+255)%256]", fields: []).check == nil)
        #expect(Relation(formula: "HeapAlloc <= NextGC is what the pacer aims for", fields: []).check == nil)
        #expect(Relation(formula: "HeapIdle = HeapSys -", fields: []).check == nil)
    }

    @Test func holdsCanFail() {
        let relation = Relation(formula: "HeapIdle = HeapSys - HeapInuse", fields: [.heapIdle, .heapSys, .heapInuse])
        #expect(relation.holds(in: [.heapIdle: 10, .heapSys: 30, .heapInuse: 20]) == true)
        #expect(relation.holds(in: [.heapIdle: 11, .heapSys: 30, .heapInuse: 20]) == false)
        #expect(relation.holds(in: [.heapSys: 30, .heapInuse: 20]) == nil)
        var stats = MemStats()
        stats.heapSys = 30; stats.heapInuse = 20; stats.heapIdle = 10
        #expect(relation.holds(in: stats) == true)
        stats.heapIdle = 9
        #expect(relation.holds(in: stats) == false)
    }
}
