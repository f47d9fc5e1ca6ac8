// The committed fixtures are what GoDumps/main.go writes: regenerate them with real Go and
// check that every form still reads the same way and shows the same situations.

import Foundation
import Testing
@testable import Inspection

struct FixtureRegenerationTests {
    @Test func regeneratedDumpsReadLikeTheCommittedOnes() throws {
        guard GoGate.shouldRun() else { return }
        let binary = try #require(GoGate.dumpsBinary, "GoDumps/main.go did not build")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-inspect-regen-\(getpid())")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-out", output.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let expected: [String: Situation] = ["spike": .retainedAfterSpike, "cache": .fragmentation, "workers": .stackHeavy]
        for workload in InspectionFixtures.workloads {
            for (suffix, form) in InspectionFixtures.forms {
                let committed = try InspectionFixtures.dump(workload + suffix)
                let fresh = try DumpReader.read(InspectionFixtures.bytes(workload + suffix, in: output), source: workload + suffix)
                #expect(fresh.form == form)
                // GCCPUFraction from runtime/metrics needs CPU-time totals that are only updated at some
                // GC ends, so it may be absent from a short run; every other field must be there.
                #expect(fresh.present.filter { $0 != .gcCPUFraction } == committed.present.filter { $0 != .gcCPUFraction },
                        "\(workload)\(suffix)")
                if let situation = expected[workload], [.memStatsJSON, .expvar, .heapProfile].contains(form) {
                    #expect(Diagnosis.of(fresh).findings.contains { $0.situation == situation }, "\(workload)\(suffix)")
                }
            }
        }
    }
}
