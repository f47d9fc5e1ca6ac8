// The runtime struct sizes in each GoProfile are the real runtime's: a small program
// (GoStructSizes/main.go) built with each Go toolchain present reads its own DWARF and prints the
// byte size of runtime.g, m, p, sudog, mspan, mcache, heapArena, hchan and the mark worker's node,
// which must equal the profile of that release. Toolchains: go1.27 (`go`), go1.19 and go1.22
// ($MEMSTATS_GO_1_19, $MEMSTATS_GO_1_22 as in GoVersionProfileTests), go1.23, go1.24 and go1.25
// when their variables are set.

import Foundation
import Testing
@testable import Backends
import GoProgramContract
import HeapSimulator

@Suite(.serialized, .enabled(if: GoAvailability.runsGoBackedTests, "no Go toolchain"))
struct GoStructSizeTests {
    /// (go command, profile) for every toolchain present.
    static var toolchains: [(String, GoProfile)] {
        var result: [(String, GoProfile)] = []
        if let go = GoAvailability.toolchain { result.append((go.executable, GoProfile.nearest(toRelease: go.version).profile)) }
        for older in OlderGo.all {
            if case .found(let t) = older.location { result.append((t.executable, older.model)) }
        }
        return result
    }

    static let names = ["runtime.g", "runtime.m", "runtime.p", "runtime.sudog", "runtime.mspan", "runtime.mcache", "runtime.heapArena",
                        "runtime.hchan", "runtime.gcBgMarkWorkerNode", "runtime.gcBgMarkWorkerNodePadded"]

    /// Builds the probe with `go` and returns its sizes by type name.
    static func sizes(go: String) throws -> [String: UInt64] {
        let source = try #require(Bundle.module.url(forResource: "GoStructSizes", withExtension: nil))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-struct-sizes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: source.appendingPathComponent("main.go"), to: work.appendingPathComponent("main.go"))
        try "module structsizes\n\ngo 1.19\n".write(to: work.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
        let env = GoToolchain.buildEnvironment(from: ProcessInfo.processInfo.environment, cache: GoAvailability.cacheDirectory)
        let runner = FoundationProcessRunner()
        let build = try runner.run(ProcessRequest(executable: go, arguments: ["build", "-o", "probe", "."], environment: env,
                                                  workingDirectory: work.path, timeoutSeconds: 300))
        try #require(build.succeeded, "go build: \(build.standardErrorTail())")
        let run = try runner.run(ProcessRequest(executable: work.appendingPathComponent("probe").path, arguments: names,
                                                environment: env, workingDirectory: work.path, timeoutSeconds: 60))
        try #require(run.succeeded, "probe: \(run.standardErrorTail())")
        var result: [String: UInt64] = [:]
        for line in String(decoding: run.standardOutput, as: UTF8.self).split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, let size = UInt64(words[1]) { result[String(words[0])] = size }
        }
        return result
    }

    @Test func everyProfileHasItsRuntimesStructSizes() throws {
        let toolchains = Self.toolchains
        #expect(!toolchains.isEmpty || !GoAvailability.isRequired, "MEMSTATS_REQUIRE_GO=1 but no toolchain")
        for (go, profile) in toolchains {
            let real = try Self.sizes(go: go)
            let model: [(String, UInt64)] = [
                ("runtime.g", profile.gStructBytes), ("runtime.p", profile.pStructBytes),
                ("runtime.sudog", profile.sudogBytes), ("runtime.mspan", profile.mspanBytes),
                ("runtime.mcache", profile.mcacheBytes), ("runtime.heapArena", profile.heapArenaMetadataBytes),
                ("runtime.hchan", profile.program.hchanBytes),
            ]
            for (name, bytes) in model {
                #expect(real[name] == bytes, "\(profile.name) (\(go)): \(name) is \(real[name].map(String.init) ?? "absent"), profile \(bytes)")
            }
            // The m struct is the first of the objects each M allocates, where those were measured.
            if let mStruct = profile.perMHeapObjects.first {
                #expect(real["runtime.m"] == mStruct.bytes, "\(profile.name) (\(go)): runtime.m is \(real["runtime.m"].map(String.init) ?? "absent"), profile \(mStruct.bytes)")
            }
            // The mark worker's node: padded to 512 B since 1.25. go1.27.3's DWARF has no padded
            // type (only the 32-byte node), so there the profile's 512 is not checked here.
            if let padded = real["runtime.gcBgMarkWorkerNodePadded"] {
                #expect(padded == profile.markWorkerNodeBytes, "\(profile.name): padded node \(padded)")
            } else if profile.markWorkerNodeBytes != 512 {
                #expect(real["runtime.gcBgMarkWorkerNode"] == profile.markWorkerNodeBytes, "\(profile.name): node")
            }
        }
    }
}
