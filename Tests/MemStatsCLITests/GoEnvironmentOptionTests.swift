// `--go-environment` and $MEMSTATS_GO_ENVIRONMENT: the simulated Go program's environment comes
// from the caller's (the go backend's rule) or is the fixed reference one, and the run says which.

import Foundation
@testable import MemStatsCLI
import Testing

@Suite struct GoEnvironmentOptionTests {
    /// The first snapshot's simulator reading and the document's goEnvironment, for `environment`.
    static func start(_ extra: [String], environment: [String: String]) throws
        -> (memstats: [String: Any], goEnvironment: [String: Any]) {
        let captured = Captured()
        let status = MemStatsCommand.main(arguments: ["run", "spike", "--backend", "simulator", "--format", "json"] + extra,
                                          context: captured.context(environment: environment))
        #expect(status == 0, "\(captured.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any])
        let snapshots = try #require(document["snapshots"] as? [[String: Any]])
        let readings = try #require(snapshots.first?["readings"] as? [String: Any])
        let simulator = try #require(readings["simulator"] as? [String: Any])
        return (try #require(simulator["memstats"] as? [String: Any]), try #require(document["goEnvironment"] as? [String: Any]))
    }

    static func number(_ value: Any?) -> Int { (value as? NSNumber)?.intValue ?? -1 }

    /// current: the caller's variables without GOGC, GOMEMLIMIT, GODEBUG and MEMSTATS_*, plus
    /// GOMAXPROCS; each 40-byte variable is one more 48-byte object at start.
    @Test func currentFollowsTheGoBackendsRule() throws {
        var caller = ["PATH": "/nonexistent", "GOGC": "50", "GODEBUG": "x=1", "MEMSTATS_GO_ENVIRONMENT": "current"]
        let few = try Self.start([], environment: caller)
        #expect(few.goEnvironment["source"] as? String == "current")
        #expect(Self.number(few.goEnvironment["variables"]) == 2)  // PATH, GOMAXPROCS
        #expect(Self.number(few.goEnvironment["bytes"]) == 17 + 12)
        for i in 0..<10 { caller["VARIABLE_\(i)"] = String(repeating: "v", count: 40 - 11) }
        let more = try Self.start([], environment: caller)
        #expect(Self.number(more.goEnvironment["variables"]) == 12)
        #expect(Self.number(more.memstats["HeapObjects"]) - Self.number(few.memstats["HeapObjects"]) == 10)
        #expect(Self.number(more.memstats["Mallocs"]) - Self.number(few.memstats["Mallocs"]) == 10)
    }

    /// reference: the fixed 36 variables whatever the caller has; the option beats the variable.
    @Test func referenceIgnoresTheCaller() throws {
        let a = try Self.start(["--go-environment", "reference"], environment: ["PATH": "/nonexistent"])
        let b = try Self.start([], environment: ["PATH": "/x", "A": String(repeating: "a", count: 300),
                                                 "MEMSTATS_GO_ENVIRONMENT": "reference"])
        #expect(a.goEnvironment["source"] as? String == "reference")
        #expect(Self.number(a.goEnvironment["variables"]) == 36)
        #expect(Self.number(a.memstats["HeapObjects"]) == Self.number(b.memstats["HeapObjects"]))
        let overridden = try Self.start(["--go-environment", "current"],
                                        environment: ["PATH": "/nonexistent", "MEMSTATS_GO_ENVIRONMENT": "reference"])
        #expect(overridden.goEnvironment["source"] as? String == "current")
    }

    /// reference:N: the reference cut to its first N variables or padded with two-byte ones
    /// (what inspect --reproduce fits); N = 36 is the reference itself.
    @Test func referenceWithACountCutsOrPadsTheReference() throws {
        let reference = try Self.start(["--go-environment", "reference"], environment: [:])
        let same = try Self.start(["--go-environment", "reference:36"], environment: [:])
        #expect(same.goEnvironment["source"] as? String == "reference:36")
        #expect(Self.number(same.memstats["HeapObjects"]) == Self.number(reference.memstats["HeapObjects"]))
        let five = try Self.start(["--go-environment", "reference:5"], environment: [:])
        #expect(Self.number(five.goEnvironment["variables"]) == 5)
        #expect(Self.number(five.goEnvironment["bytes"]) == 5 * 12)
        #expect(Self.number(five.memstats["HeapObjects"]) < Self.number(reference.memstats["HeapObjects"]))
        let padded = try Self.start([], environment: ["MEMSTATS_GO_ENVIRONMENT": "reference:44"])
        #expect(Self.number(padded.goEnvironment["variables"]) == 44)
        #expect(Self.number(padded.goEnvironment["bytes"]) == Self.number(reference.goEnvironment["bytes"]) + 8 * 2)
    }

    @Test func aBadValueIsAUsageError() {
        let captured = Captured()
        let status = MemStatsCommand.main(arguments: ["run", "spike", "--backend", "simulator"],
                                          context: captured.context(environment: ["MEMSTATS_GO_ENVIRONMENT": "typical"]))
        #expect(status == 2)
        #expect(captured.stderr.contains("$MEMSTATS_GO_ENVIRONMENT is 'typical'"))
        let (optionStatus, option) = run(["run", "spike", "--go-environment", "mine"])
        #expect(optionStatus == 2)
        #expect(option.stderr.contains("'mine' is not a valid value for '--go-environment'"))
        for bad in ["reference:", "reference:-1", "reference:+5", "reference:4097", "reference:1e3", "reference: 5"] {
            let (badStatus, badOutput) = run(["run", "spike", "--backend", "simulator", "--go-environment", bad])
            #expect(badStatus == 2, "\(bad)")
            #expect(badOutput.stderr.contains("reference:N (N from 0 to 4096)"), "\(bad): \(badOutput.stderr)")
        }
    }
}
