// The bound on a run's real time (`--max-real-time`), what `run` says up front about a long
// real run, and its progress on standard error while it runs.
//
// The native backend does the scenario's work in this process, statement by statement, so its
// time grows with the statements executed and the bytes allocated (`ScenarioWork`). The pace
// is measured, not assumed: after a few seconds the elapsed time per statement projects the
// whole run. A projection beyond twice the bound stops the native backend early (a run that
// would take hours is not made to wait for the bound); the bound itself stops it in any case.
// The simulator is not bounded (it allocates nothing real); real Go runs the whole program
// before the first statement, under its own timeout.

import Foundation
import FieldCatalogue
import ScenarioLanguage

final class RealRunPace {
    /// The default bound, and the option that raises it.
    static let defaultBoundNanoseconds: UInt64 = 10 * 60 * 1_000_000_000
    static let option = OptionSpec("max-real-time", value: "DURATION",
                                   help: "The longest the native backend may run for real (default 10m); a run that "
                                       + "would take longer is stopped with status 5. Raise it for long runs.")

    /// Runs this large are named up front (statements executed, bytes allocated in total).
    static let upFrontStatements: UInt64 = 10_000
    static let upFrontBytes: UInt64 = 64 << 30
    /// Progress lines start after this much time and come at most this often.
    static let progressStartNanoseconds: UInt64 = 2_000_000_000
    static let progressEveryNanoseconds: UInt64 = 5_000_000_000
    /// The pace is projected only once this much time has passed.
    static let projectionAfterNanoseconds: UInt64 = 3_000_000_000

    let work: ScenarioWork
    let boundNanoseconds: UInt64
    let boundText: String
    let writeError: @Sendable (String) -> Void
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastProgress: UInt64 = 0

    init(work: ScenarioWork, boundNanoseconds: UInt64, boundText: String, writeError: @escaping @Sendable (String) -> Void) {
        self.work = work
        self.boundNanoseconds = boundNanoseconds
        self.boundText = boundText
        self.writeError = writeError
    }

    /// The up-front note for a large real run, or nil.
    func upFrontNote() -> String? {
        guard work.statements > Self.upFrontStatements || work.allocatedBytes > Self.upFrontBytes else { return nil }
        return "note: the native backend will execute \(Self.grouped(work.statements)) statements allocating "
            + "\(ByteCount(work.allocatedBytes)) in total, for real; progress follows on standard error, and it stops "
            + "after --max-real-time \(boundText) (raise it to run longer)"
    }

    /// Called before each statement; a reason stops the native backend.
    func check(_ executed: UInt64) -> String? {
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        let place = "statement \(Self.grouped(executed)) of \(Self.grouped(work.statements))"
        if elapsed >= boundNanoseconds {
            return "stopped at \(place) after \(Self.duration(elapsed)): the bound on real run time "
                + "(--max-real-time \(boundText)) was reached; raise it to run the whole scenario"
        }
        guard elapsed >= Self.progressStartNanoseconds, executed > 0 else { return nil }
        let projected = Double(elapsed) / Double(executed) * Double(work.statements)
        if elapsed >= Self.projectionAfterNanoseconds, projected > 2 * Double(boundNanoseconds) {
            return "stopped at \(place) after \(Self.duration(elapsed)): at this pace the whole run would take about "
                + "\(Self.duration(UInt64(min(projected, 1e18)))), past --max-real-time \(boundText); raise it to run "
                + "it all, or lower the repeat counts"
        }
        if elapsed - lastProgress >= Self.progressEveryNanoseconds || lastProgress == 0 {
            lastProgress = elapsed
            let percent = Double(executed) / Double(max(work.statements, 1)) * 100
            let left = projected > Double(elapsed) ? UInt64(projected) - elapsed : 0
            writeError("progress: native at \(place) (\(String(format: "%.1f", percent))%), "
                + "\(Self.duration(elapsed)) elapsed, about \(Self.duration(left)) left\n")
        }
        return nil
    }

    static func duration(_ nanoseconds: UInt64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    static func grouped(_ value: UInt64) -> String {
        var out = ""
        for (i, c) in String(value).reversed().enumerated() {
            if i > 0, i % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return String(out.reversed())
    }
}
