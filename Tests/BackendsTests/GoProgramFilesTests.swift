// The generated program's fixed Go code is real Go (Sources/Backends/GoProgram/*.go): gofmt has
// nothing to say about the files, go vet has nothing to say about a whole program made from
// them, and every constant the writer renders from the program shape is declared in them.

import Foundation
import GoProgramContract
import Testing
@testable import Backends

@Suite struct GoProgramFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/Backends/GoProgram").standardized.path

    @Test func theShippedFilesAreTheSourceFiles() throws {
        for name in GoProgramFiles.names {
            let source = try String(contentsOfFile: Self.folder + "/\(name).go", encoding: .utf8)
            #expect(GoProgramFiles.text(name) == source, "\(name).go in the resources")
        }
    }

    @Test func everyShapeConstantIsDeclaredOnceAndTheImportBlockIsThere() throws {
        var declared: [String: Int] = [:]
        var importBlocks = 0
        for name in GoProgramFiles.names {
            let text = try #require(GoProgramFiles.text(name))
            for line in text.split(separator: "\n").map(String.init) {
                if line == "import (" { importBlocks += 1 }
                for constant in GoProgramFiles.constants(.go1_27).keys
                where GoProgramFiles.renderConstant(line, [constant: 1]) != nil {
                    declared[constant, default: 0] += 1
                }
            }
        }
        #expect(importBlocks == 1, "the preamble's import block, which the writer fills from the shape")
        for constant in GoProgramFiles.constants(.go1_27).keys {
            #expect(declared[constant] == 1, "\(constant) is declared \(declared[constant] ?? 0) times")
        }
    }

    @Test func theFilesCarryTheShapesValuesAsShipped() throws {
        // The writer renders the shape's values; the files as written hold the same ones, so that
        // gofmt and vet check what is generated.
        for name in GoProgramFiles.names {
            let text = try #require(GoProgramFiles.text(name))
            #expect(try GoProgramFiles.render(name, shape: .go1_27) == text, "\(name).go")
        }
    }
}

/// gofmt and go vet, with the real toolchain.
@Suite(.serialized, .goBacked, .goRequired)
struct GoProgramFilesVetTests {
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        let env = GoToolchain.buildEnvironment(from: ProcessInfo.processInfo.environment,
                                               cache: GoAvailability.cacheDirectory)
        return try FoundationProcessRunner().run(ProcessRequest(
            executable: executable, arguments: arguments, environment: env, workingDirectory: directory,
            timeoutSeconds: 300))
    }

    static func go() throws -> String { try #require(GoAvailability.toolchain).executable }

    @Test func gofmtListsNoFile() throws {
        let goroot = try Self.run(Self.go(), ["env", "GOROOT"])
        let root = String(decoding: goroot.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let gofmt = root + "/bin/gofmt"
        try #require(FileManager.default.isExecutableFile(atPath: gofmt), "no gofmt at \(gofmt)")
        let files = GoProgramFiles.names.map { GoProgramFilesTests.folder + "/\($0).go" }
        let result = try Self.run(gofmt, ["-l"] + files)
        #expect(result.succeeded, "\(result.standardErrorTail())")
        #expect(result.standardOutput.isEmpty, "gofmt -l: \(String(decoding: result.standardOutput, as: UTF8.self))")
    }

    @Test func goVetFindsNothingInAGeneratedProgram() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/memstats-vet-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = try GoProgramWriter().program(for: GoFixtures.everyStatement)
        try program.source.write(toFile: directory + "/main.go", atomically: true, encoding: .utf8)
        let result = try Self.run(Self.go(), ["vet", "main.go"], in: directory)
        #expect(result.succeeded, "go vet: \(result.standardErrorTail(lines: 30))")
    }
}
