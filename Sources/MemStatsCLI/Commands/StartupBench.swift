// The start-up case of `memstats bench`: how long `memstats explain HeapIdle` takes from exec
// to exit, against `memstats --version` (the least a run of this binary can cost). The target
// is explain under 20 ms; the ratio says what explain adds on top of starting at all.

import Backends
import Foundation

enum StartupBench {
    struct Result: Codable {
        var explainMilliseconds: Double
        var versionMilliseconds: Double
        var explainToVersionRatio: Double
        var runs: Int
    }

    /// Median wall time of `runs` executions of each command line; nil when this binary cannot be found.
    static func measure(runs: Int = 15) -> Result? {
        guard let executable = Bundle.main.executableURL?.path else { return nil }
        let runner = FoundationProcessRunner()
        func median(_ arguments: [String]) -> Double? {
            var times: [Double] = []
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let start = clock.now
                guard let result = try? runner.run(ProcessRequest(executable: executable, arguments: arguments,
                                                                  environment: ProcessInfo.processInfo.environment,
                                                                  timeoutSeconds: 10)),
                      result.succeeded else { return nil }
                times.append((clock.now - start).seconds * 1000)
            }
            return times.sorted()[times.count / 2]
        }
        guard let explain = median(["explain", "HeapIdle"]), let version = median(["--version"]) else { return nil }
        return Result(explainMilliseconds: explain, versionMilliseconds: version,
                      explainToVersionRatio: explain / max(version, 1e-9), runs: runs)
    }

    static func line(_ result: Result) -> String {
        "  start-up: explain HeapIdle \(String(format: "%.1f", result.explainMilliseconds)) ms, --version "
            + "\(String(format: "%.1f", result.versionMilliseconds)) ms (median of \(result.runs)); "
            + "explain/--version = \(String(format: "%.2f", result.explainToVersionRatio)); target: explain under 20 ms"
    }
}
