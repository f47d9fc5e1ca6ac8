// `expect … since goX.Y` / `before goX.Y`: claims about some Go releases, checked only on
// readings of those releases.

import FieldCatalogue
import Testing
@testable import ScenarioLanguage

/// A backend whose readings say which Go release they are of.
final class ReleaseBackend: ScenarioBackend {
    let kind: BackendKind
    let release: String?
    init(_ kind: BackendKind, release: String?) {
        self.kind = kind
        self.release = release
    }
    func prepare(_ scenario: Scenario) -> BackendAvailability { .available }
    func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String] { [] }
    func snapshot(label: String, at span: SourceSpan) throws -> BackendReading {
        var m = MemStats()
        m.sys = 12 << 20
        var reading = BackendReading(memStats: m)
        reading.goRelease = release
        return reading
    }
    func finish() -> [String] { [] }
}

@Suite struct GoReleaseClaimTests {
    static let source = """
        snapshot "s"
        expect Sys > 10MiB before go1.20
        expect Sys < 8MiB since go1.22
        expect Sys > 1MiB since go1.19 before go1.28
        expect Sys > 1MiB

        """

    @Test func parsesSinceAndBefore() throws {
        let compiled = ScenarioCompiler.compile(source: Self.source, file: "t.scenario")
        let scenario = try #require(compiled.scenario, "\(compiled.rendered())")
        let claims = scenario.statements.compactMap { statement -> ScenarioLanguage.Expectation? in
            if case .expect(let e) = statement.kind { e } else { nil }
        }
        #expect(claims.map(\.releases) == [
            GoReleaseRange(before: GoRelease(major: 1, minor: 20)),
            GoReleaseRange(since: GoRelease(major: 1, minor: 22)),
            GoReleaseRange(since: GoRelease(major: 1, minor: 19), before: GoRelease(major: 1, minor: 28)),
            nil,
        ])
        #expect(claims[1].text == "Sys < 8MiB since go1.22")
    }

    @Test(arguments: [("go1.19", ["passed", "not checked", "passed", "passed"]),
                      ("go1.22.10", ["not checked", "failed", "passed", "passed"]),
                      ("go1.28.0", ["not checked", "failed", "not checked", "passed"])])
    func aClaimIsCheckedOnlyOnItsReleases(_ release: String, _ outcomes: [String]) throws {
        let scenario = try #require(ScenarioCompiler.compile(source: Self.source, file: "t.scenario").scenario)
        let record = ScenarioInterpreter(backends: [ReleaseBackend(.simulator, release: release)]).run(scenario)
        let seen = record.expectations.map { result -> String in
            switch result.outcome {
            case .passed: "passed"
            case .failed: "failed"
            case .notChecked(let reason):
                reason.contains(release) && reason.contains("go1.") ? "not checked" : "not checked: \(reason)"
            }
        }
        #expect(seen == outcomes)
    }

    @Test func aReadingWithoutAReleaseChecksEveryClaim() throws {
        let scenario = try #require(ScenarioCompiler.compile(source: Self.source, file: "t.scenario").scenario)
        let record = ScenarioInterpreter(backends: [ReleaseBackend(.go, release: nil)]).run(scenario)
        #expect(record.expectations.filter { if case .notChecked = $0.outcome { true } else { false } }.isEmpty)
    }

    @Test func aReleaseThatIsNotOneIsAnError() {
        let compiled = ScenarioCompiler.compile(source: "snapshot \"s\"\nexpect Sys > 1MiB since 1.22\n", file: "t.scenario")
        #expect(compiled.hasErrors)
        #expect(compiled.rendered().contains("a Go release such as go1.22"), "\(compiled.rendered())")
        #expect(GoRelease("go1.27.3-X:norandomizedheapbase64") == GoRelease(major: 1, minor: 27))
        #expect(GoRelease("go") == nil && GoRelease("gox.1") == nil)
    }
}
