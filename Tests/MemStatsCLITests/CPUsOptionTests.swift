// `--cpus`: the simulated machine's CPUs. Fewer than GOMAXPROCS lengthen the marks at GOMAXPROCS
// > 1 (Calibration.markTerminationLatencyOversubscribedNanoseconds); one per P is the default
// without real Go, so a simulator-only run does not depend on the machine it runs on.

import Foundation
@testable import MemStatsCLI
import Testing

@Suite struct CPUsOptionTests {
    private func numGC(_ arguments: [String]) throws -> Int {
        let (status, captured) = run(["run", "gc-pacing", "--backend", "simulator", "--format", "json"] + arguments)
        #expect(status == 0, "\(captured.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any]
        let snapshots = try #require(document?["snapshots"] as? [[String: Any]])
        let last = try #require(snapshots.last?["readings"] as? [String: Any])
        let memstats = try #require((last["simulator"] as? [String: Any])?["memstats"] as? [String: Any])
        return try #require(memstats["NumGC"] as? Int)
    }

    @Test func fewerCPUsThanPsMeanLongerMarksAndFewerCycles() throws {
        let roomy = try numGC(["--gomaxprocs", "4"])
        #expect(try numGC(["--gomaxprocs", "4", "--cpus", "4"]) == roomy)
        #expect(try numGC(["--gomaxprocs", "4", "--cpus", "8"]) == roomy)
        #expect(try numGC(["--gomaxprocs", "4", "--cpus", "2"]) < roomy)
        // One P never waits for the others: the CPUs do not matter.
        #expect(try numGC(["--cpus", "1"]) == (try numGC([])))
    }

    @Test func aCPUCountThatIsNotAPositiveIntegerIsAUsageError() {
        for value in ["0", "-2", "two", "1.5"] {
            let (status, captured) = run(["run", "spike", "--backend", "simulator", "--cpus", value])
            #expect(status == 2, "--cpus \(value): \(captured.stderr)")
            #expect(captured.stderr.contains("--cpus"), "--cpus \(value): \(captured.stderr)")
            #expect(captured.stdout.isEmpty)
        }
    }
}
