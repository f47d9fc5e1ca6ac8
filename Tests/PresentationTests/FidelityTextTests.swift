// The text of `memstats fidelity` over hand-built reports: the header, the per-snapshot rows,
// the per-field verdicts, the note on narrow bands and the closing count.

import Backends
import FieldCatalogue
import Foundation
@testable import Presentation
import Testing

private func stats(heapAlloc: UInt64, numGC: UInt32) -> MemStats {
    var m = MemStats()
    m.heapAlloc = heapAlloc
    m.numGC = numGC
    return m
}

/// One snapshot; the simulator at 100.5 MiB against real runs at 100 MiB (0.5 %: passes) or, with
/// `missing`, against 90 MiB (11.7 %: misses the 3 % bar).
private func report(runs: Int, missing: Bool = false) -> FidelityReport {
    let real = (0..<runs).map { _ in [stats(heapAlloc: (missing ? 90 : 100) << 20, numGC: 3)] }
    return Fidelity.score(scenario: "t.scenario", title: "T", goVersion: "go1.27.3", snapshots: [(label: "s", line: 4)],
                          simulated: [stats(heapAlloc: 201 << 19, numGC: 3)], real: real, fields: [.heapAlloc, .numGC])
}

@Test func fidelityTextShowsTheBandTheErrorAndTheVerdict() {
    let text = FidelityText.render([report(runs: 20)])
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[0] == "T  (t.scenario; real: go1.27.3, 20 runs)")
    #expect(lines.contains("  ● s (line 4)"))
    #expect(lines.contains { $0.hasPrefix("    HeapAlloc") && $0.contains("100.5 MiB") && $0.contains("100.0 MiB") && $0.hasSuffix("0.50%") })
    #expect(lines.contains { $0.hasPrefix("    HeapAlloc") && $0.contains("1.00% / 3.00%") && $0.contains(" ok ") })
    #expect(lines.contains("  verdict: pass"))
    #expect(!text.contains("note:"), "20 runs are a stable band")
    #expect(text.hasSuffix("1 of 1 scored scenario meets the bars\n"))
}

@Test func fidelityTextMarksMissesAndCountsThem() {
    let text = FidelityText.render([report(runs: 5), report(runs: 5, missing: true)], showsSnapshots: false)
    #expect(!text.contains("● s"), "--summary leaves the snapshots out")
    #expect(text.contains("MISS"))
    #expect(text.contains("  verdict: fail"))
    #expect(text.hasSuffix("1 of 2 scored scenarios meets the bars\n"))
}

@Test func fidelityTextSaysWhenABandIsNarrowerThanTheSpecAsks() {
    let three = FidelityText.render([report(runs: 3)])
    #expect(three.contains("  note: 3 real runs make a narrow band; the fidelity spec asks for at least 5, and 20 give stable bands\n"))
    #expect(FidelityText.render([report(runs: 1)]).contains("  note: 1 real run makes a narrow band;"))
    #expect(!FidelityText.render([report(runs: 5)]).contains("note:"))
}

@Test func fidelityTextShowsThePredictedBandBesideThePoint() {
    let variant = SimulatorVariant(name: "latency-p90", mechanism: .markTerminationLatency, value: 7_200_000,
                                   provenance: "test")
    let point = [stats(heapAlloc: 80 << 20, numGC: 3)]
    let bands = PredictedBands.assemble(point: point, variants: [(variant, [stats(heapAlloc: 95 << 20, numGC: 3)])],
                                        fields: [.heapAlloc, .numGC])
    let real = [[stats(heapAlloc: 90 << 20, numGC: 3)], [stats(heapAlloc: 100 << 20, numGC: 3)]]
    let banded = Fidelity.score(scenario: "t.scenario", title: "T", goVersion: "go1.27.3", snapshots: [(label: "s", line: 4)],
                                simulated: point, real: real, fields: [.heapAlloc, .numGC], bands: bands)
    let text = FidelityText.render([banded], width: 200)
    #expect(text.contains("  predicted band: the simulator's point and 1 variant of mark-termination latency (latency-p90 7.2 ms)"))
    // HeapAlloc: the point 80 MiB is 10 MiB under the band (11.11 %); the band [80, 95] MiB overlaps it.
    #expect(text.split(separator: "\n").contains { $0.hasPrefix("    HeapAlloc") && $0.contains("11.11%")
        && $0.contains("80.0 MiB–95.0 MiB") && $0.hasSuffix(" 0") }, "\(text)")
    #expect(text.contains("band (median/p90/max)"))
    // Without bands, none of it.
    let plain = FidelityText.render([report(runs: 20)])
    #expect(!plain.contains("predicted band") && !plain.contains("band (median"))
}
