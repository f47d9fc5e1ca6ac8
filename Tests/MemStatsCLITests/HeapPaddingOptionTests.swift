// `--heap-padding PAGES`: the padding pages of a random heap base, in-process and without Go.

import Foundation
@testable import MemStatsCLI
import Testing

@Suite struct HeapPaddingOptionTests {
    /// The padding reaches the model: Go 1.26+'s padding pages are released at the base, so the
    /// first snapshot's HeapReleased grows by them at least (511 pages took the spike lesson's
    /// heap into one more chunk, whose unused pages are released too).
    @Test func thePaddingReachesTheModel() throws {
        func released(_ pages: String) throws -> Double {
            let (status, captured) = run(["run", "spike", "--backend", "simulator", "--heap-padding", pages, "--format", "json", "--exact"])
            #expect(status == 0, "\(captured.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(captured.stdout.utf8)) as? [String: Any])
            let first = try #require((document["snapshots"] as? [[String: Any]])?.first)
            let readings = try #require((first["readings"] as? [String: Any])?["simulator"] as? [String: Any])
            let memstats = try #require(readings["memstats"] as? [String: Any])
            return try #require(memstats["HeapReleased"] as? Double)
        }
        let none = try released("0"), most = try released("511")
        #expect(most - none >= 511 * 8192, "\(none) \(most)")
    }

    @Test func aPaddingOutsideGoSDrawOrWithAFixedBaseIsRefused() {
        let cases: [([String], String)] = [
            (["run", "spike", "--heap-padding", "512"], "an integer from 0 to 511"),
            (["run", "spike", "--heap-padding", "-1"], "an integer from 0 to 511"),
            (["run", "spike", "--heap-padding", "many"], "an integer from 0 to 511"),
            (["run", "spike", "--heap-base", "fixed", "--heap-padding", "3"], "--heap-padding is for a random heap base"),
            (["diff", "a.json", "b.json", "--heap-padding", "3"], "--heap-padding is for a scenario run on two models"),
        ]
        for (arguments, message) in cases {
            let (status, captured) = run(arguments)
            #expect(status == 2, "\(arguments): \(captured.stderr)")
            #expect(captured.stderr.contains(message), "\(arguments): \(captured.stderr)")
            #expect(captured.stdout.isEmpty)
        }
    }
}
