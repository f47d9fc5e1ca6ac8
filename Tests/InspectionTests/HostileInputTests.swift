// Bad and hostile dumps: each gets a clear error with its place, or a stated skip; none traps.

import FieldCatalogue
import Foundation
import Testing
@testable import Inspection

private func read(_ text: String) throws(InspectionError) -> Dump {
    try DumpReader.read(Array(text.utf8), source: "input")
}

private func problem(_ bytes: [UInt8]) -> InspectionError.Problem? {
    do {
        _ = try DumpReader.read(bytes, source: "input")
        return nil
    } catch {
        return error.problem
    }
}

private func problem(_ text: String) -> InspectionError.Problem? { problem(Array(text.utf8)) }

struct HostileInputTests {
    @Test func truncatedJSONSaysWhereItEnds() throws {
        let whole = try InspectionFixtures.bytes("service.memstats.json")
        for cut in [1, 17, whole.count / 2, whole.count - 3] {
            guard case .json(let p)? = problem(Array(whole.prefix(cut))) else {
                Issue.record("cut at \(cut) was not a JSON error")
                continue
            }
            guard case .unexpectedEnd = p.kind else { Issue.record("cut at \(cut): \(p.kind)"); continue }
            #expect(p.location.line == 1)
        }
    }

    @Test func wrongTypesNameTheFieldAndPlace() {
        #expect(problem(#"{"HeapAlloc": "12"}"#) == .wrongType(field: "HeapAlloc", expected: "a number", found: "a string",
                                                              at: TextLocation(line: 1, column: 15)))
        #expect(problem("{\"EnableGC\": 1}") == .wrongType(field: "EnableGC", expected: "true or false", found: "a number",
                                                             at: TextLocation(line: 1, column: 14)))
        #expect(problem(#"{"memstats": [1]}"#) == .wrongType(field: "memstats", expected: "an object", found: "an array",
                                                             at: TextLocation(line: 1, column: 14)))
        #expect(problem("{\"PauseNs\": [1, 2]}") == .wrongType(field: "PauseNs", expected: "an array of 256 numbers",
                                                                found: "an array of 2", at: TextLocation(line: 1, column: 13)))
    }

    @Test func negativeAndFractionalCountsAreRefused() {
        #expect(problem("{\n  \"HeapAlloc\": -5\n}") == .negative(field: "HeapAlloc", text: "-5", at: TextLocation(line: 2, column: 16)))
        #expect(problem(#"{"NumGC": 2.5}"#) == .fractional(field: "NumGC", text: "2.5", at: TextLocation(line: 1, column: 11)))
        #expect(problem(#"{"NumGC": 5000000000}"#) == .outOfRange(field: "NumGC", text: "5000000000", at: TextLocation(line: 1, column: 11)))
        #expect(problem(#"{"HeapAlloc": 1e400}"#) == .outOfRange(field: "HeapAlloc", text: "1e400", at: TextLocation(line: 1, column: 15)))
        #expect(problem("/gc/heap/goal:bytes -1\n") == .negative(field: "/gc/heap/goal:bytes", text: "-1",
                                                                  at: TextLocation(line: 1, column: 21)))
        #expect(problem("# runtime.MemStats\n# HeapAlloc = 1.5\n") == .fractional(field: "HeapAlloc", text: "1.5",
                                                                                  at: TextLocation(line: 2, column: 15)))
        // Whole numbers written another way are accepted.
        #expect((try? read(#"{"HeapAlloc": 1e6, "NumGC": 3.0}"#))?.stats.heapAlloc == 1_000_000)
    }

    @Test func aHundredMegabyteDocumentIsRefusedBeforeParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: 100 << 20)
        #expect(problem(huge) == .tooLarge(byteCount: 100 << 20, limit: DumpReader.byteLimit))
    }

    @Test func invalidUTF8IsLocated() {
        var json = Array(#"{"HeapAlloc": 1, "caf"#.utf8)
        json += [0xC3, 0x28] + Array("\": 2}".utf8)
        guard case .json(let p)? = problem(json) else { Issue.record("not a JSON error"); return }
        #expect(p.kind == .invalidUTF8)
        #expect(p.location == TextLocation(line: 1, column: 22))
        let text = Array("/gc/heap/goal:bytes 1\n/gc/x".utf8) + [0xFF] + Array(" 2\n".utf8)
        #expect(problem(text) == .invalidUTF8(TextLocation(line: 2, column: 6)))
    }

    @Test func emptyInputIsSaidToBeEmpty() {
        #expect(problem("") == .empty)
        #expect(problem(" \n\t\n") == .empty)
    }

    @Test func fieldsFromANewerGoAreSetAsideAndSaid() throws {
        let dump = try read(#"{"HeapAlloc": 10, "HeapGoalBytes": 7, "BySize": []}"#)
        #expect(dump.present == [.heapAlloc, .bySize])
        #expect(dump.setAside == [SetAside(name: "HeapGoalBytes", location: TextLocation(line: 1, column: 36), reason: .unknownField)])
        let profile = try read("# runtime.MemStats\n# HeapAlloc = 10\n# HeapFuture = 3\n")
        #expect(profile.setAside.map(\.name) == ["HeapFuture"])
        var bySize = "{\"BySize\": ["
        bySize += (0..<70).map { "{\"Size\": \($0), \"Mallocs\": 1, \"Frees\": 0}" }.joined(separator: ",") + "]}"
        let wide = try read(bySize)
        #expect(wide.setAside.first?.reason == .extraSizeClasses(count: 70))
    }

    /// Go prints a gctrace line piece by piece after restarting the world, so a program that exits
    /// meanwhile leaves its log's last cycle line cut off (seen in a regenerated fixture:
    /// "gc 4 @0.036s 15%: 0.027+4.5+0.049 ms clock, " and nothing more). That line is set aside and
    /// said, the cycle before is read; a cut line anywhere else is still an error.
    @Test func aGCTraceLogCutOffInItsLastLineReadsTheCycleBefore() throws {
        let whole = "gc 3 @0.030s 14%: 0.020+3.1+0.040 ms clock, 0.04+0.5/1.2/0+0.08 ms cpu, 3->4->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n"
        let cut = "gc 4 @0.036s 15%: 0.027+4.5+0.049 ms clock, "
        let dump = try read(whole + cut)
        #expect(dump.stats.numGC == 3 && dump.stats.nextGC == 4 << 20)
        #expect(dump.setAside.map(\.reason) == [.cutOffLastCycle])
        #expect(dump.setAside.first?.location == TextLocation(line: 2, column: 1))
        #expect(problem(cut + "\n" + whole) != nil, "a cut line before the last cycle is an error")
        #expect(problem(cut) != nil, "a log with no whole cycle is an error")
    }

    @Test func otherShapesGetTheirOwnMessage() {
        #expect(problem(#"{"cmdline": ["x"]}"#) == .noMemStatsMember(at: TextLocation(line: 1, column: 1)))
        #expect(problem([0x1F, 0x8B, 0x08, 0x00]) == .binaryProfile)
        #expect(problem("heap profile: 1: 2 [3: 4] @ heap/1048576\n") == .profileWithoutMemStats)
        #expect(problem("hello world\n") == .unrecognised(firstLine: "hello world"))
        #expect(problem("[1, 2]") == .unrecognised(firstLine: "[1, 2]"))
        #expect(problem("/gc/heap/goal:bytes\n") == .badLine(line: 1, text: "/gc/heap/goal:bytes",
                                                              expected: "NAME VALUE, e.g. /gc/heap/goal:bytes 4194304"))
        #expect(problem("gc 1 @0.1s 1%: nonsense\n") != nil)
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        guard case .json(let p)? = problem("{\"x\": " + deep + "}") else { Issue.record("no error"); return }
        #expect(p.kind == .tooDeep(limit: JSONReader.depthLimit))
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let seeds = try? InspectionFixtures.bytes("cache.expvar.json")
        for round in 0..<300 {
            var bytes = seeds ?? []
            // Flip, cut or insert a few bytes of a real dump.
            for _ in 0..<(1 + round % 5) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch round % 3 {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(i...)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: i)
                }
            }
            _ = problem(bytes)
        }
    }
}
