// The command-line layer in-process: scanning, help generated from specs, errors and exit statuses.

import Foundation
@testable import MemStatsCLI
import Testing

/// Collects what a command writes.
final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""
    var stdout: String { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }

    func context(files: [String: [UInt8]] = [:], environment: [String: String] = ["PATH": "/nonexistent", "MEMSTATS_GO_ENVIRONMENT": "reference"]) -> CommandContext {
        CommandContext(
            writeOutput: { text in self.lock.withLock { self.out += text } },
            writeError: { text in self.lock.withLock { self.err += text } },
            environment: environment,
            readFile: { path, limit in
                guard let bytes = files[path] else { return .failure(.missing) }
                return bytes.count > limit ? .failure(.tooLarge(byteCount: bytes.count, limit: limit)) : .success(bytes)
            })
    }
}

func run(_ arguments: [String], files: [String: [UInt8]] = [:]) -> (status: Int32, captured: Captured) {
    let captured = Captured()
    let status = MemStatsCommand.main(arguments: arguments, context: captured.context(files: files))
    return (status, captured)
}

@Suite struct ArgumentScannerTests {
    static let spec = CommandSpec(
        name: "demo", abstract: "A demo.",
        arguments: [ArgumentSpec("NAME", help: "A name.")],
        options: [OptionSpec("format", value: "FORMAT", help: "Format.", allowed: ["text", "json"]),
                  OptionSpec("all", help: "All.")])

    @Test func scansOptionsFlagsAndPositionals() throws {
        let parsed = try ArgumentScanner.scan(["x", "--format=json", "--all"], for: Self.spec)
        #expect(parsed.positionals == ["x"])
        #expect(parsed.value("format") == "json")
        #expect(parsed.isSet("all"))
        let spaced = try ArgumentScanner.scan(["--format", "text", "y"], for: Self.spec)
        #expect(spaced.value("format") == "text" && spaced.positionals == ["y"])
        // A value that only looks like an option is still a value.
        let free = CommandSpec(name: "demo", abstract: "A demo.", arguments: [],
                               options: [OptionSpec("file", value: "FILE", help: "A file."), OptionSpec("all", help: "All.")])
        #expect(try ArgumentScanner.scan(["--file", "--json"], for: free).value("file") == "--json")
        #expect(throws: CLIError.missingValue(option: "file", command: "demo")) {
            try ArgumentScanner.scan(["--file", "--all"], for: free)
        }
        let dashed = try ArgumentScanner.scan(["--", "--all"], for: Self.spec)
        #expect(dashed.positionals == ["--all"] && !dashed.isSet("all"))
    }

    @Test(arguments: [
        (["x", "--fromat", "json"], CLIError.unknownOption("--fromat", command: "demo", suggestions: ["format"])),
        (["x", "--format"], CLIError.missingValue(option: "format", command: "demo")),
        (["x", "--format", "--all"], CLIError.missingValue(option: "format", command: "demo")),
        (["x", "--format", "--help"], CLIError.missingValue(option: "format", command: "demo")),
        (["x", "--format", "-h"], CLIError.missingValue(option: "format", command: "demo")),
        (["x", "--format", "yaml"], CLIError.invalidValue(option: "format", value: "yaml", allowed: ["text", "json"], command: "demo")),
        ([], CLIError.missingArgument(name: "NAME", command: "demo")),
        (["x", "y"], CLIError.unexpectedArgument("y", command: "demo")),
        (["x", "--all=1"], CLIError.unexpectedArgument("--all=1", command: "demo")),
    ])
    func rejectsBadArguments(arguments: [String], expected: CLIError) {
        #expect(throws: expected) { try ArgumentScanner.scan(arguments, for: Self.spec) }
    }

    @Test func helpFlagSkipsArgumentChecks() throws {
        #expect(try ArgumentScanner.scan(["--help"], for: Self.spec).isSet("help"))
        #expect(try ArgumentScanner.scan(["-h"], for: Self.spec).isSet("help"))
    }
}

/// Help text with the rows it wrapped to fit joined back (continuation lines are indented 5 or more).
private func unwrapped(_ text: String) -> String {
    text.replacingOccurrences(of: "\n {5,}", with: " ", options: .regularExpression)
}

@Suite struct HelpAndErrorTests {
    @Test func overviewListsEveryCommandAndExitStatus() {
        let (status, captured) = run(["--help"])
        #expect(status == 0)
        let text = unwrapped(captured.stdout)
        for spec in MemStatsCommand.allSpecs {
            #expect(text.contains("  \(spec.name) "), "\(spec.name)")
        }
        for exit in ExitStatus.allCases {
            #expect(text.contains("  \(exit.rawValue)  \(exit.meaning)"))
        }
        for line in captured.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "help fits the 80 columns of a context without a terminal: '\(line)'")
        }
    }

    @Test func everyCommandHasHelpWithItsOptions() {
        for spec in MemStatsCommand.allSpecs {
            let (status, captured) = run(["help", spec.name])
            #expect(status == 0)
            #expect(unwrapped(captured.stdout).hasPrefix("usage: \(spec.usage)\n"))
            for option in spec.options {
                #expect(captured.stdout.contains("--\(option.name)"), "\(spec.name) --\(option.name)")
            }
        }
    }

    @Test func unknownCommandAndHelpTopic() {
        let (status, captured) = run(["feilds"])
        #expect(status == ExitStatus.usage.rawValue)
        #expect(captured.stderr.hasPrefix("error: unknown command 'feilds'\ndid you mean 'fields'?"))
        let (helpStatus, helpCaptured) = run(["help", "rnu"])
        #expect(helpStatus == ExitStatus.usage.rawValue)
        #expect(helpCaptured.stderr.contains("did you mean 'run'?"))
    }

    @Test func invalidOptionValueListsAllowedValues() {
        let (status, captured) = run(["fields", "--lang", "fr"])
        #expect(status == ExitStatus.usage.rawValue)
        #expect(captured.stderr.hasPrefix("error: 'fr' is not a valid value for '--lang'; use one of: en, zh\n"))
        #expect(captured.stderr.contains("usage: memstats fields [--lang LANG] [--format FORMAT]"))
    }

    @Test func sizesAndDurationsOfOptions() throws {
        #expect(try SharedOptions.size("2GiB", option: "real-limit", command: "run") == 2 << 30)
        #expect(try SharedOptions.size("4096B", option: "real-limit", command: "run") == 4096)
        #expect(throws: CLIError.invalidSize(option: "real-limit", value: "2GB", command: "run")) {
            try SharedOptions.size("2GB", option: "real-limit", command: "run")
        }
        #expect(try SharedOptions.duration("250ms", option: "max-sleep", command: "run") == 250_000_000)
        #expect(throws: CLIError.self) { try SharedOptions.duration("5min", option: "max-sleep", command: "run") }
    }
}

@Suite struct ScenarioCommandTests {
    @Test func checkReportsEveryErrorWithExitThree() {
        let source = Array("alloc 10 x 1KB as a\nfree b\n".utf8)
        let (status, captured) = run(["check", "bad.scenario"], files: ["bad.scenario": source])
        #expect(status == ExitStatus.badScenario.rawValue)
        #expect(captured.stderr.contains("bad.scenario:1:12: error: unknown size unit 'KB' in '1KB'"))
        #expect(captured.stderr.contains("bad.scenario:2:6: error:"))
        #expect(captured.stdout.isEmpty)
    }

    @Test func checkAcceptsBundledNamesAndFiles() {
        let (status, captured) = run(["check", "spike", "ok.scenario"],
                                     files: ["ok.scenario": Array("alloc 1 x 8B\nsnapshot \"s\"\n".utf8)])
        #expect(status == 0)
        #expect(captured.stdout == "ok: Scenarios/spike.scenario (4 snapshots)\nok: ok.scenario (1 snapshot)\n")
    }

    @Test func checkCountsTheSnapshotsARunTakes() {
        let source = Array("repeat 3\n  snapshot \"tick\"\n  repeat 2\n    snapshot \"tock\"\n  end\nend\nsnapshot \"end\"\n".utf8)
        let (status, captured) = run(["check", "r.scenario"], files: ["r.scenario": source])
        #expect(status == 0)
        #expect(captured.stdout == "ok: r.scenario (10 snapshots)\n")
    }

    @Test func missingAndOversizedFiles() {
        let (missing, missingCaptured) = run(["run", "nowhere/x.scenario"])
        #expect(missing == ExitStatus.unreadableInput.rawValue)
        #expect(missingCaptured.stderr.hasPrefix("error: cannot read 'nowhere/x.scenario': no such file\nhint:"))
        let big = [UInt8](repeating: 0x23, count: ScenarioInput.byteLimit + 1)
        let (tooLarge, tooLargeCaptured) = run(["check", "big.scenario"], files: ["big.scenario": big])
        #expect(tooLarge == ExitStatus.unreadableInput.rawValue)
        #expect(tooLargeCaptured.stderr.contains("more than the 1.0 MiB a scenario may be"))
    }

    @Test func scenariosListsEveryBundledLesson() {
        let (status, captured) = run(["scenarios"])
        #expect(status == 0)
        for name in ["spike", "fragmentation", "stack-growth", "release-to-os", "gc-pacing", "memory-limit",
                     "tiny-objects", "large-objects", "goroutine-leak"] {
            #expect(captured.stdout.contains("\n  \(name) "), "\(name)")
        }
    }

    @Test func runOnTheSimulatorAloneIsDeterministic() {
        let first = run(["run", "fragmentation", "--backend", "simulator"])
        let second = run(["run", "fragmentation", "--backend", "simulator"])
        #expect(first.status == 0)
        #expect(first.captured.stdout == second.captured.stdout)
        #expect(first.captured.stdout.contains("● snapshot \"sparse survivors\""))
        #expect(first.captured.stdout.hasSuffix("expectations hold\n"))
    }

    @Test func unknownBackendIsAUsageError() {
        let (status, captured) = run(["run", "spike", "--backend", "simulator,nativ"])
        #expect(status == ExitStatus.usage.rawValue)
        #expect(captured.stderr.contains("did you mean 'native'?"))
    }
}
