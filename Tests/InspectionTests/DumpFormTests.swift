// Every committed real-Go dump is read in the form it is, with the fields that form holds,
// and the forms of one run agree with each other.

import FieldCatalogue
import Foundation
import Testing
@testable import Inspection

struct DumpFormTests {
    @Test(arguments: InspectionFixtures.workloads)
    func everyFormOfAWorkloadIsDetectedAndRead(_ workload: String) throws {
        var dumps: [DumpForm: Dump] = [:]
        for (suffix, form) in InspectionFixtures.forms {
            let dump = try InspectionFixtures.dump(workload + suffix)
            #expect(dump.form == form, "\(workload)\(suffix)")
            dumps[form] = dump
        }
        let plain = try #require(dumps[.memStatsJSON])
        #expect(plain.present.count == 32)
        #expect(try #require(dumps[.expvar]).present.count == 32)
        // The heap profile's block has every field but PauseTotalNs, EnableGC and BySize.
        #expect(Set(MemStatsField.allCases).subtracting(try #require(dumps[.heapProfile]).present)
                == [.pauseTotalNs, .enableGC, .bySize])
        for form in [DumpForm.memStatsJSON, .expvar, .heapProfile, .metricsText, .metricsJSON] {
            let s = try #require(dumps[form]).stats
            #expect(s.heapSys == s.heapInuse + s.heapIdle, "\(workload) \(form)")
            #expect(s.heapReleased <= s.heapIdle)
            #expect(s.heapAlloc <= s.heapInuse)
        }
        for form in [DumpForm.memStatsJSON, .expvar, .heapProfile] {
            let s = try #require(dumps[form]).stats
            #expect(s.sys == s.heapSys + s.stackSys + s.mSpanSys + s.mCacheSys + s.buckHashSys + s.gcSys + s.otherSys)
            #expect(s.heapObjects == s.mallocs - s.frees)
        }
        // All forms come from one run: the GC count agrees (the metrics and gctrace within one cycle).
        for form in DumpForm.allCases {
            let n = Int(try #require(dumps[form]).stats.numGC)
            #expect(abs(n - Int(plain.stats.numGC)) <= 1, "\(workload) \(form): NumGC \(n) vs \(plain.stats.numGC)")
        }
        // The metrics text and JSON hold the same samples.
        #expect(dumps[.metricsText]!.stats == dumps[.metricsJSON]!.stats)
        #expect(dumps[.metricsJSON]!.goVersion?.hasPrefix("go1.") == true)
        #expect(dumps[.metricsText]!.gcPercent == 100)
        #expect(dumps[.metricsText]!.memoryLimitKnown && dumps[.metricsText]!.memoryLimit == nil)
    }

    @Test func gctraceCyclesAreReadWithTheirSizes() throws {
        let dump = try InspectionFixtures.dump("service.gctrace.log")
        #expect(dump.gcCycles.map(\.number) == Array(1...UInt64(dump.gcCycles.count)))
        for cycle in dump.gcCycles {
            #expect(cycle.liveMiB <= cycle.heapAtEndMiB)
            #expect(cycle.goalMiB > 0)
            #expect(cycle.processors == 2 || cycle.processors == 1)
        }
        #expect(dump.stats.nextGC == dump.gcCycles.last!.goalMiB << 20)
        #expect(dump.approximations[.heapAlloc] != nil)
    }

    @Test func aForcedCycleIsCounted() throws {
        let dump = try InspectionFixtures.dump("spike.gctrace.log")
        #expect(dump.stats.numForcedGC >= 1)
        #expect(dump.gcCycles.contains { $0.forced })
    }
}

struct DerivedAndDiagnosisTests {
    @Test func derivedQuantitiesFollowTheirFormulas() throws {
        let dump = try InspectionFixtures.dump("service.memstats.json")
        let s = dump.stats
        let derived = Dictionary(uniqueKeysWithValues: DerivedQuantities.of(dump).map { ($0.name, $0.value) })
        #expect(derived[.retained] == .bytes(Int64(s.heapIdle - s.heapReleased)))
        #expect(derived[.fragmentationBound] == .bytes(Int64(s.heapInuse - s.heapAlloc)))
        #expect(derived[.footprint] == .bytes(Int64(s.sys - s.heapReleased)))
        #expect(derived[.averageObjectSize] == .bytes(Int64(s.heapAlloc / s.heapObjects)))
        #expect(derived[.heapGoalHeadroom] == .bytes(Int64(s.nextGC) - Int64(s.heapAlloc)))
        guard case .pauses(let pauses)? = derived[.recentPauses] else { Issue.record("no pauses"); return }
        #expect(pauses.first == s.pauseNs[(Int(s.numGC) + 255) % 256])
        guard case .seconds(let gap)? = derived[.gcInterval] else { Issue.record("no interval"); return }
        let ends = (0..<Int(s.numGC)).map { s.pauseEnd[$0] }
        #expect(abs(gap - Double(ends.max()! - ends.min()!) / 1e9 / Double(ends.count - 1)) < 1e-9)
    }

    /// Each workload was written to show one situation; the diagnosis names it.
    @Test(arguments: [("spike", Situation.retainedAfterSpike), ("cache", .fragmentation), ("workers", .stackHeavy)])
    func theWorkloadsSituationIsFound(_ workload: String, _ situation: Situation) throws {
        for suffix in [".memstats.json", ".expvar.json", ".heap.txt"] {
            let diagnosis = Diagnosis.of(try InspectionFixtures.dump(workload + suffix))
            let finding = try #require(diagnosis.findings.first { $0.situation == situation }, "\(workload)\(suffix)")
            #expect(!finding.fields.isEmpty)
            #expect(!finding.reasoning.isEmpty && !finding.tryThis.isEmpty)
        }
    }

    @Test func aQuietHeapHasNoFindingAndSaysWhatItCouldNotCheck() throws {
        var dump = Dump(source: "quiet", form: .memStatsJSON)
        dump.stats.heapAlloc = 200_000
        dump.stats.heapInuse = 400_000
        dump.stats.heapIdle = 3_500_000
        dump.stats.heapReleased = 3_300_000
        dump.stats.stackInuse = 262_144
        dump.stats.numGC = 0
        for field: MemStatsField in [.heapAlloc, .heapInuse, .heapIdle, .heapReleased, .stackInuse, .numGC] { dump.mark(field) }
        let diagnosis = Diagnosis.of(dump)
        #expect(diagnosis.findings.isEmpty)
        #expect(diagnosis.unchecked.map(\.situation).contains(.memoryLimitBound))
        #expect(diagnosis.unchecked.map(\.situation).contains(.metadataHeavy))
    }

    @Test func aMemoryLimitNearlyReachedIsFound() throws {
        var dump = try InspectionFixtures.dump("service.metrics.txt")
        dump.memoryLimit = dump.stats.sys - dump.stats.heapReleased
        #expect(Diagnosis.of(dump).findings.contains { $0.situation == .memoryLimitBound })
        dump.memoryLimit = dump.stats.sys * 4
        #expect(!Diagnosis.of(dump).findings.contains { $0.situation == .memoryLimitBound })
    }

    @Test func twoDumpsShowWhatChanged() throws {
        let before = try InspectionFixtures.dump("spike.memstats.json")
        let after = try InspectionFixtures.dump("service.memstats.json")
        let comparison = Comparison.of(before, after)
        let heapAlloc = try #require(comparison.changes.first { $0.field == .heapAlloc })
        #expect(heapAlloc.delta == Double(after.stats.heapAlloc) - Double(before.stats.heapAlloc))
        #expect(comparison.changes.count == 29)  // the 32 fields less PauseNs, PauseEnd and BySize
    }
}
