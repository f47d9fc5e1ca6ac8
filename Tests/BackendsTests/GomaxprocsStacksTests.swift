// With more than one P, real Go starts more Ms, each with a g0 and a gsignal stack (StackInuse).
// The model's point starts P−1 at start-up (Scheduler.startExtraMs); real Go's count depends on
// timing, which the predicted band's Ms variants cover (one more, and at P=4 one fewer). The
// check: 3 real runs at P = 2 and 4, after a GC and after goroutines start, each inside the
// predicted band widened by one 32 KiB stack span.

import FieldCatalogue
import Foundation
import HeapSimulator
import ScenarioLanguage
import Testing
@testable import Backends

@Suite(.serialized, .goBacked, .goRequired)
struct GomaxprocsStacksTests {
    static let source = """
        alloc 100000 x 1KiB
        gc
        snapshot "after gc"
        goroutines 10 stack 2KiB as h
        snapshot "goroutines"
        exit h
        """

    @Test(arguments: [2, 4])
    func stackInuseFollowsTheMsOfEachP(_ gomaxprocs: Int) throws {
        let scenario = try #require(ScenarioCompiler.compile(source: Self.source, file: "ms.scenario").scenario)
        let real = try GoBackend(gomaxprocs: gomaxprocs, cacheDirectory: GoAvailability.cacheDirectory)
            .runs(scenario, count: 3).map { $0.readings.map(\.memStats.stackInuse) }
        let configuration = SimulatorConfiguration(gomaxprocs: gomaxprocs)
        let point = ScenarioInterpreter(backends: [SimulatorBackend(configuration: configuration)]).run(scenario)
            .snapshots.compactMap { $0.readings[.simulator]?.memStats }
        let bands = PredictedBands.predict(scenario, configuration: configuration, point: point)
        let simulated = point.map(\.stackInuse)
        let single = ScenarioInterpreter(backends: [SimulatorBackend()]).run(scenario)
            .snapshots.compactMap { $0.readings[.simulator]?.memStats?.stackInuse }
        let span: UInt64 = 32 << 10
        for k in simulated.indices {
            let band = real.map { $0[k] }
            let predicted = bands.band(.stackInuse, snapshot: k)
            let low = predicted?.min ?? simulated[k], high = predicted?.max ?? simulated[k]
            #expect(low < simulated[k] || gomaxprocs == 2, "P=\(gomaxprocs): a band variant starts one M fewer")
            #expect(high > simulated[k], "a band variant starts one M more")
            #expect(low <= band.min()! + span && band.max()! <= high + span,
                    "P=\(gomaxprocs) snapshot \(k): predicted \(low)–\(high) (point \(simulated[k])), real \(band)")
            #expect(simulated[k] > single[k], "more Ps, more M stacks than with one P")
        }
    }
}
