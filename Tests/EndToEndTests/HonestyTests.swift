// Issue 11, case by case: each command line is run as a user runs it, and its exit status, the
// first line of standard error and (where nothing ran) an empty standard output are pinned.

import Foundation
import Testing

/// One command line and what memstats must answer.
struct HonestyCase: CustomStringConvertible, Sendable {
    var arguments: [String]
    var status: Int32
    /// The first line of standard error starts with this ("" means stderr must be empty).
    var stderrStart: String
    /// True when nothing ran, so nothing may be printed on standard output.
    var stdoutEmpty: Bool
    /// Text standard output must contain (when something ran).
    var stdoutContains: String? = nil
    /// Text standard error must not contain anywhere.
    var stderrExcludes: String? = nil
    /// Run without any Go toolchain (PATH without go, MEMSTATS_GO unset).
    var withoutGo = false
    /// Variables set on top of the environment.
    var extraEnvironment: [String: String] = [:]

    var description: String { "memstats " + arguments.joined(separator: " ") }

    init(_ arguments: [String], _ status: Int32, _ stderrStart: String, stdoutEmpty: Bool,
         stdoutContains: String? = nil, stderrExcludes: String? = nil, withoutGo: Bool = false,
         environment: [String: String] = [:]) {
        self.extraEnvironment = environment
        self.arguments = arguments
        self.status = status
        self.stderrStart = stderrStart
        self.stdoutEmpty = stdoutEmpty
        self.stdoutContains = stdoutContains
        self.stderrExcludes = stderrExcludes
        self.withoutGo = withoutGo
    }
}

/// An environment with no Go toolchain anywhere memstats looks.
let environmentWithoutGo: [String: String] = {
    var environment = ProcessInfo.processInfo.environment
    environment["MEMSTATS_GO"] = nil
    environment["PATH"] = "/usr/bin:/bin"
    return environment
}()

@Suite struct HonestyTests {
    static let commandLineCases: [HonestyCase] = [
        HonestyCase(["help", "--help"], 0, "", stdoutEmpty: false, stdoutContains: "usage: memstats help [COMMAND]"),
        HonestyCase(["--help", "run"], 0, "", stdoutEmpty: false, stdoutContains: "usage: memstats run SCENARIO"),
        HonestyCase(["-h", "check"], 0, "", stdoutEmpty: false, stdoutContains: "usage: memstats check FILE"),
        HonestyCase(["help", "run", "extra"], 2, "error: unexpected argument 'extra'", stdoutEmpty: true),
        HonestyCase(["--version", "extra"], 2, "error: unexpected argument 'extra'", stdoutEmpty: true),
        HonestyCase(["run", "spike", "-b", "simulator"], 2, "error: unknown option '-b' for 'run'", stdoutEmpty: true,
                    stderrExcludes: "'--go'"),
        HonestyCase(["run", "spike", "--backend", ""], 2, "error: '' is not a valid value for '--backend'",
                    stdoutEmpty: true, stderrExcludes: "did you mean"),
        HonestyCase(["run", "spike", "--format", "json", "--format", "text"], 2,
                    "error: option '--format' was given twice ('json', then 'text')", stdoutEmpty: true),
        HonestyCase(["run", "nonexist"], 4, "error: no bundled scenario or file named 'nonexist'", stdoutEmpty: true),
        HonestyCase(["run", "nonexist.scenario"], 4, "error: cannot read 'nonexist.scenario': no such file",
                    stdoutEmpty: true),
        HonestyCase(["fidelity", "nonexist"], 4, "error: no bundled scenario or file named 'nonexist'", stdoutEmpty: true),
        HonestyCase(["fidelity", "spike"], 6, "error: fidelity needs the go backend, which cannot run here",
                    stdoutEmpty: true, withoutGo: true),
        HonestyCase(["nonexist"], 2, "error: unknown command 'nonexist'", stdoutEmpty: true),
        HonestyCase(["\u{1B}[31mred"], 2, "error: unknown command '\\u{1B}[31mred'", stdoutEmpty: true),
    ]

    @Test(arguments: commandLineCases)
    func commandLine(_ item: HonestyCase) throws {
        try check(item)
    }

    /// What a run says about its backends: a named one that cannot run is an error and nothing
    /// runs; the default says what it chose and why; a --go or MEMSTATS_GO that fails is said.
    static let backendCases: [HonestyCase] = [
        HonestyCase(["run", "spike", "--backend", "go"], 6, "error: the go backend cannot run here: no Go toolchain found",
                    stdoutEmpty: true, withoutGo: true),
        HonestyCase(["run", "spike", "--backend", "simulator,go", "--format", "json"], 6,
                    "error: the go backend cannot run here: no Go toolchain found", stdoutEmpty: true, withoutGo: true),
        HonestyCase(["run", "spike", "--backend", "native", "--real-limit", "1MiB"], 6,
                    "error: the native backend cannot run here: the native backend refuses this scenario",
                    stdoutEmpty: true, stderrExcludes: "simulator still runs"),
        HonestyCase(["run", "spike", "--go", "/nonexistent/go"], 6,
                    "error: the go backend cannot run here: cannot run /nonexistent/go (from --go)", stdoutEmpty: true,
                    withoutGo: true),
        HonestyCase(["run", "spike"], 0, "warning: MEMSTATS_GO does not work, so the go backend is not used: cannot run "
                    + "/nonexistent/go (from MEMSTATS_GO)", stdoutEmpty: false,
                    stdoutContains: "backends: simulator, native — chosen by default: native because Go cannot run here",
                    withoutGo: true, environment: ["MEMSTATS_GO": "/nonexistent/go", "COLUMNS": "200"]),
        HonestyCase(["run", "spike", "--backend", "simulator", "--go", "/nonexistent/go"], 0,
                    "warning: --go is not used: the go backend is not among --backend simulator", stdoutEmpty: false,
                    stdoutContains: "all 5 expectations hold\n"),
        HonestyCase(["run", "spike"], 0, "", stdoutEmpty: false,
                    stdoutContains: "all 5 expectations hold on simulator\nnot checked on native: 5 of 5 (the native "
                        + "backend has no MemStats)", withoutGo: true, environment: ["COLUMNS": "200"]),
    ]

    @Test(arguments: backendCases)
    func backends(_ item: HonestyCase) throws {
        try check(item)
    }

    func check(_ item: HonestyCase, in directory: URL? = nil) throws {
        var environment = item.withoutGo ? environmentWithoutGo : ProcessInfo.processInfo.environment
        environment.merge(item.extraEnvironment) { _, new in new }
        let result = try BoundedRun.run(item.arguments, in: directory, environment: environment, timeout: 120)
        #expect(!result.timedOut, "\(item) hung")
        #expect(result.status == item.status, "\(item): \(result.stderr)")
        if item.stderrStart.isEmpty {
            #expect(result.stderr.isEmpty, "\(item): \(result.stderr)")
        } else {
            #expect(result.firstErrorLine.hasPrefix(item.stderrStart), "\(item): \(result.stderr)")
        }
        if item.stdoutEmpty { #expect(result.stdout.isEmpty, "\(item) printed: \(result.stdout.prefix(200))") }
        if let text = item.stdoutContains { #expect(result.stdout.contains(text), "\(item): \(result.stdout.prefix(300))") }
        if let text = item.stderrExcludes { #expect(!result.stderr.contains(text), "\(item): \(result.stderr)") }
        #expect(!result.stderr.contains("\u{1B}"), "\(item) printed an escape character")
        #expect(!result.stderr.contains("Fatal error") && !result.signalled, "\(item) crashed")
    }

    /// A directory with the special inputs of issue 11: a FIFO, a symlink loop, a file named like
    /// a bundled scenario, a file whose name holds an escape sequence, a scenario with repeats.
    static func inputDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(mkfifo(directory.appendingPathComponent("fifo").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("loop1").path,
                                                   withDestinationPath: "loop2")
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("loop2").path,
                                                   withDestinationPath: "loop1")
        try "alloc 1 x 8B\nsnapshot \"local\"\n".write(to: directory.appendingPathComponent("spike"), atomically: true,
                                                         encoding: .utf8)
        try "snapshot \"s\"\n".write(to: directory.appendingPathComponent("red\u{1B}[31m.scenario"), atomically: true,
                                    encoding: .utf8)
        try "repeat 3\n  alloc 1 x 8B\n  snapshot \"tick\"\n  expect HeapAlloc > 0\nend\n"
            .write(to: directory.appendingPathComponent("passes.scenario"), atomically: true, encoding: .utf8)
        try "repeat 2000\n  alloc 1 x 512MiB\nend\nsnapshot \"s\"\n"
            .write(to: directory.appendingPathComponent("long.scenario"), atomically: true, encoding: .utf8)
        return directory
    }

    static let inputCases: [HonestyCase] = [
        HonestyCase(["check", "/dev/zero"], 4, "error: cannot read '/dev/zero': it is a character device", stdoutEmpty: true),
        HonestyCase(["run", "/dev/null"], 4, "error: cannot read '/dev/null': it is a character device", stdoutEmpty: true),
        HonestyCase(["check", "loop1"], 4, "error: cannot read 'loop1': its symbolic links form a loop", stdoutEmpty: true),
        HonestyCase(["check", "missing/x.scenario"], 4, "error: cannot read 'missing/x.scenario': no such file",
                    stdoutEmpty: true),
        HonestyCase(["check", "."], 4, "error: cannot read '.': it is a directory", stdoutEmpty: true),
        HonestyCase(["check", "spike"], 0, "note: 'spike' is the bundled scenario Scenarios/spike.scenario; to run the "
                    + "file of that name here, write ./spike", stdoutEmpty: false,
                    stdoutContains: "ok: Scenarios/spike.scenario (4 snapshots)"),
        HonestyCase(["check", "./spike"], 0, "", stdoutEmpty: false, stdoutContains: "ok: ./spike (1 snapshot)"),
        HonestyCase(["check", "red\u{1B}[31m.scenario"], 0, "", stdoutEmpty: false,
                    stdoutContains: "ok: red\\u{1B}[31m.scenario (1 snapshot)"),
        HonestyCase(["check", "passes.scenario"], 0, "", stdoutEmpty: false, stdoutContains: "ok: passes.scenario (3 snapshots)"),
        HonestyCase(["run", "long.scenario", "--backend", "native", "--max-real-time", "1s"], 5,
                    "note: the native backend will execute 2 001 statements allocating 1000.0 GiB in total, for real",
                    stdoutEmpty: false, stdoutContains: "! native failed at line 2: stopped at statement"),
        HonestyCase(["run", "passes.scenario", "--backend", "simulator"], 0, "", stdoutEmpty: false,
                    stdoutContains: "● snapshot \"tick\"  (pass 3 of 3; line 3)"),
    ]

    @Test(arguments: inputCases)
    func inputs(_ item: HonestyCase) throws {
        let directory = try Self.inputDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try check(item, in: directory)
    }

    @Test func standardInputIsDash() throws {
        let text = Data("alloc 1 x 8B\nsnapshot \"piped\"\n".utf8)
        let dash = try BoundedRun.run(["run", "-", "--backend", "simulator"], input: text)
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(dash.stdout.contains("(<stdin>; model"))
        #expect(dash.stdout.contains("● snapshot \"piped\""))
        let devStdin = try BoundedRun.run(["check", "/dev/stdin"], input: text)
        #expect(devStdin.status == 0, "a 30 B pipe is not too large: \(devStdin.stderr)")
        let zero = try BoundedRun.run(["check", "-"], inputPath: "/dev/zero")
        #expect(zero.status == 4)
        #expect(zero.firstErrorLine == "error: cannot read 'standard input': it sent more than the 1.0 MiB a scenario may be")
    }

    @Test func aFIFOIsReadWhenWrittenAndGivenUpOnWhenSilent() throws {
        let directory = try Self.inputDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("fifo").path
        DispatchQueue.global().async {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data("snapshot \"from a fifo\"\n".utf8))
                try? handle.close()
            }
        }
        let written = try BoundedRun.run(["check", fifo], timeout: 30)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout == "ok: \(fifo) (1 snapshot)\n")
        let silent = try BoundedRun.run(["check", fifo], timeout: 30)
        #expect(!silent.timedOut)
        #expect(silent.status == 4)
        #expect(silent.firstErrorLine.hasSuffix("nothing arrived from it for 10 s (is anything writing to it?)"))
        #expect(silent.seconds < 20)
    }

    @Test func passesAreNumberedInJSON() throws {
        let directory = try Self.inputDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try BoundedRun.run(["run", "passes.scenario", "--backend", "simulator", "--format", "json"],
                                        in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let snapshots = try #require(document["snapshots"] as? [[String: Any]])
        let passes = snapshots.map { ($0["passes"] as? [[String: Any]])?.first?["number"] as? Int }
        #expect(passes == [1, 2, 3])
        let expectations = try #require(document["expectations"] as? [[String: Any]])
        #expect(expectations.map { ($0["passes"] as? [[String: Any]])?.first?["count"] as? Int } == [3, 3, 3])
    }

    @Test func aFullDiskIsOneLineAndStatusSeven() throws {
        let result = try BoundedRun.run(["run", "spike", "--backend", "simulator"], output: .file("/dev/full"))
        #expect(result.status == 7)
        #expect(result.stderr == "error: cannot write to standard output: No space left on device\n")
    }

    @Test func aClosedPipeEndsQuietly() throws {
        let result = try BoundedRun.run(["run", "spike", "--backend", "simulator"], output: .closedPipe)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(!result.signalled)
    }

    /// The README's exit-status table and `memstats --help` list the same statuses, word for word.
    @Test func readmeAndHelpListTheSameExitStatuses() throws {
        let help = try BoundedRun.run(["--help"])
        // A row wrapped to the width goes on under its text column; join it back.
        let helpRows = help.stdout.components(separatedBy: "exit status:\n")[1]
            .split(separator: "\n").prefix { $0.hasPrefix("  ") }
            .reduce(into: [String]()) { rows, line in
                if line.hasPrefix("     "), !rows.isEmpty { rows[rows.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
                else { rows.append(line.trimmingCharacters(in: .whitespaces)) }
            }
        let readme = try String(contentsOf: MemstatsBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "## Exit status")[1].split(separator: "\n")
            .filter { $0.hasPrefix("| ") && !$0.hasPrefix("| status") && !$0.hasPrefix("| ---") }
            .map { row -> String in
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                return cells[0] + "  " + cells[1]
            }
        #expect(helpRows.count >= 8)
        #expect(helpRows == table)
    }
}
