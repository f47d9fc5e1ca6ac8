// `run --step` and `run --predict` in a real terminal: the built memstats runs inside tmux (a
// private server), keys are sent with send-keys and the screen is read with capture-pane.
// Without tmux the tests skip with the reason, unless MEMSTATS_REQUIRE_TERMINAL=1 (as in
// .ci/run), where they fail.

import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One memstats command in a tmux pane of its own server, 100 × 50.
final class TmuxPane {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REQUIRE_TERMINAL"] == "1" }

    /// Held by each tmux test and by the command-line fuzz test: run side by side in one test
    /// process, the fuzz test's Process runs were not seen to end (termination handlers never
    /// called) while tmux tests ran; the cause is not understood, so they take turns.
    static let exclusive = NSLock()

    /// True when tmux is there; else records why the test cannot run (an issue when it is required).
    static func available() -> Bool {
        if path != nil { return true }
        if isRequired {
            Issue.record("MEMSTATS_REQUIRE_TERMINAL=1 but no tmux at /usr/bin/tmux (apt-get install tmux)")
        } else {
            print("skipped a terminal test: no tmux at /usr/bin/tmux (apt-get install tmux)")
        }
        return false
    }

    let socket = "memstats-test-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (a shell command line) in the package root; the pane stays after it ends,
    /// and the shell prints `exit status N` when it does.
    init(_ command: String) throws {
        let line = "cd '\(MemstatsBinary.packageRoot.path)' && \(command); echo \"exit status $?\"; sleep 120"
        _ = try tmux(["new-session", "-d", "-x", "100", "-y", "50", "-s", "main", "env", "NO_COLOR=1", "TERM=xterm",
                      "sh", "-c", line])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux client and waits for it with posix_spawn and waitpid. (Foundation's Process
    /// never saw the client of new-session exit, which forks the server, and waited forever.)
    /// Its output goes to a file: the server would keep a pipe open for as long as it lives.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [Self.path!, "-L", socket, "-f", "/dev/null"] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.path!, &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    /// What the pane shows now.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "main"]) }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }

    /// Waits (at most 60 s) until the screen contains `text`; returns the screen, or records an
    /// issue with what it shows instead.
    @discardableResult
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        var shown = ""
        while Date() < deadline {
            shown = try screen()
            if shown.contains(text) { return shown }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the screen never showed \(text.debugDescription); it shows:\n\(shown)", sourceLocation: sourceLocation)
        return shown
    }
}

@Suite(.serialized) struct StepModeTerminalTests {
    static var memstats: String { MemstatsBinary.url.path }

    @Test func stepPausesBeforeEachStepGoesBackAndQuits() throws {
        guard TmuxPane.available() else { return }
        TmuxPane.exclusive.lock()
        defer { TmuxPane.exclusive.unlock() }
        let pane = try TmuxPane("'\(Self.memstats)' run spike --backend simulator --step")
        // Before the first step: the header and the first snapshot, then the prompt; the step has not run.
        var screen = try pane.waitFor("Enter: run step 1/3 \"The burst\"")
        #expect(screen.contains("snapshot \"start\""))
        #expect(!screen.contains("snapshot \"burst held\""))

        // Enter: the screen is cleared, the step's narration and its snapshot are shown, then the next prompt.
        try pane.send("Enter")
        screen = try pane.waitFor("Enter: run step 2/3 \"The burst ends\"")
        #expect(screen.contains("step 1 of 3"))
        #expect(screen.contains("== The burst =="))
        #expect(screen.contains("100 000 requests each hold a 1 KiB buffer"))
        #expect(screen.contains("snapshot \"burst held\""))
        #expect(!screen.contains("snapshot \"start\""), "the projector view clears the screen per step")

        // b: the first page again, as recorded; b at the first page says so.
        try pane.send("b")
        screen = try pane.waitFor("shown again as recorded")
        #expect(screen.contains("snapshot \"start\""))
        #expect(!screen.contains("snapshot \"burst held\""))
        try pane.send("b")
        try pane.waitFor("this is the first page")
        // Enter walks forward to the latest page, then runs the next step.
        try pane.send("Enter")
        screen = try pane.waitFor("Enter: run step 2/3")
        #expect(screen.contains("snapshot \"burst held\""))
        try pane.send("Enter")
        screen = try pane.waitFor("Enter: run step 3/3 \"Give it back\"")
        #expect(screen.contains("snapshot \"after gc\""))

        // q: the run ends before step 3, says so, and the status is 0.
        try pane.send("q")
        screen = try pane.waitFor("exit status")
        #expect(screen.contains("quit before step 3/3"))
        #expect(!screen.contains("snapshot \"after release\""))
        #expect(screen.contains("exit status 0"))
    }

    @Test func stepRunsToTheEndWithTheSummary() throws {
        guard TmuxPane.available() else { return }
        TmuxPane.exclusive.lock()
        defer { TmuxPane.exclusive.unlock() }
        let pane = try TmuxPane("'\(Self.memstats)' run spike --backend simulator --step")
        for step in 1...3 {
            try pane.waitFor("Enter: run step \(step)/3")
            try pane.send("Enter")
        }
        let screen = try pane.waitFor("exit status")
        #expect(screen.contains("snapshot \"after release\""))
        #expect(screen.contains("all 5 expectations hold"))
        #expect(screen.contains("exit status 0"))
    }

    @Test func predictAsksBeforeEachSnapshotAndScoresTheAnswers() throws {
        guard TmuxPane.available() else { return }
        TmuxPane.exclusive.lock()
        defer { TmuxPane.exclusive.unlock() }
        let pane = try TmuxPane("'\(Self.memstats)' run spike --backend simulator --predict")
        // The first snapshot has nothing to compare with; the second asks for its five focused fields.
        var screen = try pane.waitFor("HeapAlloc  u: up · d: down · s: stay?")
        #expect(screen.contains("snapshot \"start\""))
        #expect(!screen.contains("snapshot \"burst held\""), "the snapshot is revealed after the predictions")
        var said = 0
        for _ in 0..<5 {
            try pane.send("u")
            said += 1
        }
        screen = try pane.waitFor("so far")
        #expect(screen.contains("snapshot \"burst held\""))
        // Every answer line is right exactly when the field went up, and the score counts them.
        let answers = screen.split(separator: "\n").filter { $0.contains(": predicted up, went ") }
        #expect(answers.count == said)
        let right = answers.filter { $0.contains("✓") }
        for line in answers { #expect(line.contains("✓") == line.hasSuffix("went up"), "\(line)") }
        #expect(screen.contains("score: \(right.count) of 5 here; \(right.count) of 5 so far"))

        // The third snapshot: answer "stay" for each and quit at the fourth.
        // Names are padded to the longest focused field (HeapReleased here).
        screen = try pane.waitFor("HeapAlloc     u: up · d: down · s: stay?")
        for _ in 0..<5 { try pane.send("s") }
        try pane.waitFor("of 10 so far")
        try pane.waitFor("HeapIdle      u: up")
        try pane.send("q")
        screen = try pane.waitFor("exit status")
        #expect(screen.contains("prediction score:"))
        #expect(screen.contains("of 10"))
        #expect(screen.contains("exit status 0"))
        #expect(!screen.contains("snapshot \"after release\""))
    }

    @Test func withoutATerminalOnStandardInputNothingPauses() throws {
        guard TmuxPane.available() else { return }
        TmuxPane.exclusive.lock()
        defer { TmuxPane.exclusive.unlock() }
        // Standard output stays the terminal; only the lines that matter are kept on screen.
        let pane = try TmuxPane("echo | '\(Self.memstats)' run spike --backend simulator --step --predict 2>&1 "
                                + "| grep -E 'note:|expectations hold|Enter: run|u: up'")
        let screen = try pane.waitFor("exit status")
        #expect(screen.contains("note: --step and --predict need a terminal on standard input"))
        #expect(screen.contains("all 5 expectations hold"))
        #expect(!screen.contains("Enter: run step"))
        #expect(!screen.contains("u: up"))
    }

    @Test func stepAndPredictAreTextOnly() throws {
        for option in ["--step", "--predict"] {
            let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", option, "--format", "json"])
            #expect(run.status == 2, "\(option): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }
}
