// `run --bands`: the simulator's predicted band per field, in JSON and text (en, zh), and what
// the option refuses. At GOMAXPROCS 2 gc-pacing's churn ends marks where the mark-termination
// latency puts them, so its cycle count and heap differ between the variants. At GOMAXPROCS 1 the
// fractional worker may end a mark with far more scan work than expected.

import Foundation
import Testing

@Suite struct PredictedBandsCLITests {
    struct Document: Decodable {
        struct Variant: Decodable { var name: String; var mechanism: String; var value: UInt64; var provenance: String }
        struct Band: Decodable { var min: UInt64; var max: UInt64; var point: UInt64; var minVariant: String; var maxVariant: String }
        struct Snapshot: Decodable {
            var label: String
            var readings: [String: Reading]
            var predictedBand: [String: Band]?
        }
        struct Reading: Decodable { var memstats: [String: HeapMapJSONTests.JSONNumber]? }
        var bandVariants: [Variant]?
        var snapshots: [Snapshot]
    }

    static let base = ["run", "gc-pacing", "--backend", "simulator", "--go-environment", "reference"]
    /// A fixed heap base: the mark-end variants alone (the default, Go's random base, adds its own).
    static let fixed = base + ["--heap-base", "fixed"]
    /// 400 columns, so a band's line (and the line listing the variants) is not wrapped.
    static let wide = ProcessInfo.processInfo.environment.merging(["COLUMNS": "400"]) { _, new in new }

    @Test func jsonCarriesTheBandWhereItDiffersFromThePoint() throws {
        let run = try MemstatsBinary.run(Self.fixed + ["--gomaxprocs", "2", "--bands", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONDecoder().decode(Document.self, from: Data(run.stdout.utf8))
        let variants = try #require(document.bandVariants)
        #expect(variants.map(\.name) == ["latency-mix-0", "latency-mix-2", "latency-p25", "latency-p90", "large-object-scanned", "ms-2"])
        #expect(variants.prefix(4).allSatisfy { $0.mechanism == "mark-termination latency" && !$0.provenance.isEmpty })
        #expect(variants.map(\.mechanism).suffix(2) == ["large-object zeroing race", "Ms started by timing"])
        var banded = 0
        for snapshot in document.snapshots {
            let stats = try #require(snapshot.readings["simulator"]?.memstats)
            for (field, band) in snapshot.predictedBand ?? [:] {
                // The point is the simulator's reading; the band holds it and is not a single value.
                #expect(stats[field]?.value == band.point, "\(snapshot.label) \(field)")
                #expect(band.min <= band.point && band.point <= band.max && band.min < band.max)
                #expect((variants.map(\.name) + ["point"]).contains(band.minVariant))
                banded += 1
            }
        }
        let churn = try #require(document.snapshots.first { $0.label == "after churn" })
        #expect(churn.predictedBand?["NumGC"] != nil && churn.predictedBand?["HeapAlloc"] != nil, "\(churn)")
        #expect(banded > 0)
        // The same run without --bands: the point alone, and no band keys.
        let plain = try MemstatsBinary.run(Self.fixed + ["--gomaxprocs", "2", "--format", "json"])
        #expect(!plain.stdout.contains("predictedBand") && !plain.stdout.contains("bandVariants"))
        let point = try JSONDecoder().decode(Document.self, from: Data(plain.stdout.utf8))
        #expect(point.snapshots.map { $0.readings["simulator"]?.memstats?["HeapAlloc"]?.value }
            == document.snapshots.map { $0.readings["simulator"]?.memstats?["HeapAlloc"]?.value })
    }

    @Test func textShowsWideBandsAndWhy() throws {
        let run = try MemstatsBinary.run(Self.fixed + ["--gomaxprocs", "2", "--bands"], environment: Self.wide)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("predicted bands: each snapshot's simulator fields, [min, max] over these variants "
                                    + "(latency-mix-0 0.17–6.8 ms per cycle, latency-mix-2 0.17–6.8 ms per cycle, "
                                    + "latency-p25 0.9 ms, latency-p90 7.2 ms, large-object-scanned scanned by its cycle, ms-2 2 Ms beyond one P's)"),
                "\(run.stdout)")
        #expect(run.stdout.contains("predicted band, moved by where a mark ends"))
        #expect(run.stdout.range(of: #"    NumGC \d+ – \d+  \(point \d+; low: "#, options: .regularExpression) != nil,
                "\(run.stdout)")
        let zh = try MemstatsBinary.run(Self.fixed + ["--gomaxprocs", "2", "--bands", "--lang", "zh"], environment: Self.wide)
        #expect(zh.status == 0)
        #expect(zh.stdout.contains("预测区间，随标记在何处结束"), "\(zh.stdout)")
        // One P: the variants are sysmon's preemption at either end of its range and the
        // large-object race. gc-pacing's churn marks for longer than the point's 5 ms delay, so
        // with sysmon preempting at once the fractional worker ends its marks sooner: the band
        // after the churn says so. Apart from the bands, the tables are those of a run without
        // --bands.
        let one = try MemstatsBinary.run(Self.fixed + ["--bands"], environment: Self.wide)
        #expect(one.stdout.contains("over these variants (preempt-0ms 0 ms late, preempt-10ms 10 ms late, "
                                    + "large-object-scanned scanned by its cycle)"), "\(one.stdout)")
        #expect(one.stdout.contains("sysmon's preemption (the fractional worker runs only when sysmon preempts"), "\(one.stdout)")
        #expect(one.stdout.range(of: #"    NumGC \d+ – \d+  \(point \d+; low: the point, high: preempt-0ms"#,
                                 options: .regularExpression) != nil, "\(one.stdout)")
        let plain = try MemstatsBinary.run(Self.fixed, environment: Self.wide)
        let bandLine = #"^    \w+ [^ ]+( [KMG]iB)? – [^ ]+( [KMG]iB)?  \(point "#
        #expect(one.stdout.split(separator: "\n").filter {
            !$0.contains("predicted band") && !$0.contains("point is the prediction")
                && $0.range(of: bandLine, options: .regularExpression) == nil
        } == plain.stdout.split(separator: "\n"))
    }

    /// One P: a program whose first statement is random-3-17's, `alloc 622592 x 64B as g1
    /// pointers`: its first cycle finds 33 times the expected scan work (a program's first cycle
    /// expects the globals alone) and more than heapScan holds, so the assists stop short and the
    /// fractional worker ends the mark when sysmon preempts the program: the preemption variants
    /// move where, and text says which mechanism moved the band.
    @Test func onePBandsWhereTheFractionalWorkerEndsAMark() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("markend-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("slots.scenario")
        try "alloc 622592 x 64B as g1 pointers\nsnapshot \"filled\"\n".write(to: file, atomically: true, encoding: .utf8)
        let base = ["run", file.path, "--backend", "simulator", "--go-environment", "reference", "--bands", "--heap-base", "fixed"]
        let json = try MemstatsBinary.run(base + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try JSONDecoder().decode(Document.self, from: Data(json.stdout.utf8))
        let variants = try #require(document.bandVariants)
        #expect(variants.map(\.name) == ["preempt-0ms", "preempt-10ms", "large-object-scanned"]
                && variants[0].value == 0 && variants[1].value == 10_000_000)
        #expect(variants[0].mechanism == "sysmon's preemption" && variants[0].provenance.contains("forcePreemptNS"))
        let filled = try #require(document.snapshots.first)
        let goal = try #require(filled.predictedBand?["NextGC"], "\(filled)")
        #expect(goal.min < goal.max && [goal.minVariant, goal.maxVariant].contains { $0.hasPrefix("preempt-") })
        let text = try MemstatsBinary.run(base + ["--all-fields"], environment: Self.wide)
        #expect(text.stdout.contains("sysmon's preemption (the fractional worker runs only when sysmon preempts"), "\(text.stdout)")
        #expect(text.stdout.range(of: #"    NextGC .+ – .+  \(point .+preempt-\d+ms \d+ ms late"#,
                                  options: .regularExpression) != nil, "\(text.stdout)")
        let zh = try MemstatsBinary.run(base + ["--all-fields", "--lang", "zh"], environment: Self.wide)
        #expect(zh.stdout.contains("sysmon 的抢占"), "\(zh.stdout)")
        // At two Ps neither one-P variant runs.
        let two = try MemstatsBinary.run(base + ["--gomaxprocs", "2", "--format", "json"])
        let twoVariants = try #require(try JSONDecoder().decode(Document.self, from: Data(two.stdout.utf8)).bandVariants)
        #expect(!twoVariants.contains { $0.name.hasPrefix("preempt-") })
    }

    /// A random heap base, the default (`--heap-base random`): the point is Go's middle padding (256
    /// pages), the band's ends 0 and 511 pages, at one P too; a profile whose base is fixed (go1.22)
    /// has nothing to vary, and `--heap-base fixed` opts out.
    @Test func aRandomHeapBaseBandsThePaddingsEnds() throws {
        let json = try MemstatsBinary.run(Self.base + ["--bands", "--format", "json", "--exact"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try JSONDecoder().decode(Document.self, from: Data(json.stdout.utf8))
        let variants = try #require(document.bandVariants)
        #expect(variants.map(\.name) == ["preempt-0ms", "preempt-10ms", "large-object-scanned", "heap-base-0", "heap-base-511"])
        #expect(variants.filter { $0.mechanism == "random heap base" }.allSatisfy { $0.provenance.contains("0–511") })
        // Somewhere the padding costs or saves a chunk, or moves what is released.
        let moved = document.snapshots.compactMap { $0.predictedBand?["HeapReleased"] ?? $0.predictedBand?["HeapSys"] }
        #expect(!moved.isEmpty, "\(json.stdout.prefix(2000))")
        // The point differs from the fixed base's somewhere: padding is not free.
        let fixed = try JSONDecoder().decode(Document.self, from: Data(
            try MemstatsBinary.run(Self.fixed + ["--format", "json", "--exact"]).stdout.utf8))
        let released = { (d: Document) in d.snapshots.map { $0.readings["simulator"]?.memstats?["HeapReleased"]?.value } }
        #expect(released(fixed) != released(document))
        let random = try JSONDecoder().decode(Document.self, from: Data(
            try MemstatsBinary.run(Self.base + ["--heap-base", "random", "--format", "json", "--exact"]).stdout.utf8))
        #expect(released(random) == released(document))
        let text = try MemstatsBinary.run(Self.base + ["--bands", "--all-fields"], environment: Self.wide)
        #expect(text.stdout.contains("predicted band, moved by the random heap base"), "\(text.stdout)")
        let old = try MemstatsBinary.run(Self.base + ["--bands", "--model", "go1.22"],
                                         environment: Self.wide)
        #expect(old.status == 0 && old.stdout.contains("over these variants (preempt-0ms 0 ms late, preempt-10ms 10 ms late)")
                && !old.stdout.contains("heap-base-"), "\(old.stdout)")
        let wrong = try MemstatsBinary.run(Self.base + ["--heap-base", "sometimes"])
        #expect(wrong.status == 2 && wrong.stderr.contains("heap-base"), "\(wrong.stderr)")
    }

    /// With go beside it, the model follows the toolchain's release and keeps the run's other
    /// settings: the simulator's column of `--heap-base fixed --extra-ms 1` is the same as the
    /// simulator alone with those options.
    @Test(.enabled(if: GoToolchainCheck.isAvailable || GoToolchainCheck.isRequired, "no Go toolchain on PATH"))
    func theToolchainsModelKeepsTheRunsSettings() throws {
        let options = ["run", "spike", "--heap-base", "fixed", "--extra-ms", "1", "--format", "json", "--exact"]
        let alone = try MemstatsBinary.run(options + ["--backend", "simulator", "--model", "go1.27"])
        let beside = try MemstatsBinary.run(options + ["--backend", "simulator,go"])
        #expect(alone.status == 0 && beside.status == 0, "\(alone.stderr)\(beside.stderr)")
        let simulated = { (text: String) throws -> [UInt64?] in
            try JSONDecoder().decode(Document.self, from: Data(text.utf8)).snapshots.flatMap { snapshot in
                ["HeapReleased", "HeapSys", "StackInuse"].map { snapshot.readings["simulator"]?.memstats?[$0]?.value }
            }
        }
        #expect(try simulated(beside.stdout) == simulated(alone.stdout))
        #expect(try simulated(alone.stdout) != simulated(try MemstatsBinary.run(
            ["run", "spike", "--format", "json", "--exact", "--backend", "simulator"]).stdout))
    }

    /// `fidelity` at GOMAXPROCS 2 scores the predicted band beside the point (JSON and text); at
    /// GOMAXPROCS 1 too, with the one variant of where a mark ends there. Real Go: 3 runs of a
    /// small churn.
    @Test(.enabled(if: GoToolchainCheck.isAvailable || GoToolchainCheck.isRequired, "no Go toolchain on PATH"))
    func fidelityScoresTheBandBesideThePoint() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bands-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("churn.scenario")
        try "alloc 2000 x 1KiB as live\nalloc 200000 x 256B\nsnapshot \"churned\"\n".write(to: file, atomically: true, encoding: .utf8)
        let json = try MemstatsBinary.run(["fidelity", file.path, "--runs", "3", "--gomaxprocs", "2", "--format", "json"])
        #expect(json.status == 0 || json.status == 1, "\(json.stderr)")
        struct Reports: Decodable {
            struct Report: Decodable {
                struct Variant: Decodable { var name: String }
                struct Snapshot: Decodable { var scores: [Score] }
                struct Score: Decodable {
                    var simulated: UInt64; var error: Double
                    var predicted_min: UInt64?; var predicted_max: UInt64?; var band_error: Double?
                }
                struct Field: Decodable { var field: String; var error: Summary; var band_error: Summary? }
                struct Summary: Decodable { var p90: Double; var max: Double }
                var band_variants: [Variant]?
                var snapshots: [Snapshot]
                var fields: [Field]
            }
            var reports: [Report]
        }
        let report = try #require(try JSONDecoder().decode(Reports.self, from: Data(json.stdout.utf8)).reports.first)
        #expect(report.band_variants?.count == 8)
        for score in report.snapshots.flatMap(\.scores) {
            let (low, high) = (try #require(score.predicted_min), try #require(score.predicted_max))
            #expect(low <= score.simulated && score.simulated <= high)
            #expect(try #require(score.band_error) <= score.error)
        }
        #expect(report.fields.allSatisfy { $0.band_error != nil })
        let text = try MemstatsBinary.run(["fidelity", file.path, "--runs", "3", "--gomaxprocs", "2", "--summary"],
                                          environment: Self.wide)
        #expect(text.stdout.contains("predicted band: the simulator's point and 8 variants of Ms started by timing, "
                                     + "large-object zeroing race, mark-termination latency, random heap base"),
                "\(text.stdout)")
        #expect(text.stdout.contains("band (median/p90/max)"))
        let one = try MemstatsBinary.run(["fidelity", file.path, "--runs", "3", "--format", "json"])
        let single = try #require(try JSONDecoder().decode(Reports.self, from: Data(one.stdout.utf8)).reports.first,
                                  "\(one.stderr)")
        #expect(single.band_variants?.map(\.name) == ["preempt-0ms", "preempt-10ms", "large-object-scanned", "heap-base-0", "heap-base-511"])
        #expect(single.fields.allSatisfy { $0.band_error != nil })
    }

    @Test func bandsRefuseStepModeAndARunWithoutTheSimulator() throws {
        let step = try MemstatsBinary.run(["run", "spike", "--bands", "--step"])
        #expect(step.status == 2 && step.stderr.contains("--bands"), "\(step.stderr)")
        let native = try MemstatsBinary.run(["run", "spike", "--bands", "--backend", "native"])
        #expect(native.status == 2 && native.stderr.contains("needs the simulator"), "\(native.stderr)")
    }
}
