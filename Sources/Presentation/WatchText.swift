// Text for `memstats watch`: each poll (changed fields with deltas, rates, a small chart of
// HeapAlloc), each failed poll's reason, and the summary at the end.

import FieldCatalogue
import Inspection
import LinuxProbes

public enum WatchText {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A one-line chart of `values`, the last `width` of them, scaled between their min and max.
    public static func sparkline(_ values: [UInt64], width: Int = 40) -> String {
        let shown = values.suffix(width)
        guard let low = shown.min(), let high = shown.max() else { return "" }
        guard high > low else { return String(repeating: bars[3], count: shown.count) }
        return String(shown.map { bars[Int(Double($0 - low) / Double(high - low) * Double(bars.count - 1))] })
    }

    public static func poll(_ poll: WatchPoll, session: WatchSession, process: ProcessReading?) -> String {
        let stamp = String(format: "[#%d +%.1fs]", poll.number, poll.elapsedSeconds)
        switch poll.outcome {
        case .failure(let problem):
            return "\(stamp) \(describe(problem, endpoint: session.endpoint))\n"
        case .reading(let dump, let changes, let rates):
            var lines: [String] = []
            if poll.number == 1 || changes.isEmpty && session.readings == 1 {
                lines.append("\(stamp) \(session.endpoint.description): \(dump.present.count) fields; HeapAlloc "
                             + "\(ByteCount(dump.stats.heapAlloc)), HeapSys \(ByteCount(dump.stats.heapSys)), NumGC \(dump.stats.numGC)")
            } else if changes.isEmpty {
                lines.append("\(stamp) no field changed")
            } else {
                lines.append("\(stamp) \(changes.count) field\(changes.count == 1 ? "" : "s") changed")
                var rows: [[String]] = []
                for change in changes where change.field != .lastGC && change.field != .gcCPUFraction {
                    let isBytes = (try? FieldCatalogue.shared(.english).entry(for: change.field).unit) == .bytes
                    let delta = (change.delta > 0 ? "+" : "−")
                        + (isBytes ? ByteCount.format(abs(change.delta)) : InspectionText.grouped(UInt64(abs(change.delta))))
                    let now = isBytes ? ByteCount.format(change.after) : InspectionText.grouped(UInt64(change.after))
                    rows.append([change.field.rawValue, delta, "→ " + now])
                }
                lines += TextLayout.table(rows, indent: "  ")
            }
            if let rates {
                var parts: [String] = []
                if let a = rates.allocatedBytesPerSecond { parts.append("allocating \(ByteCount.format(a))/s") }
                if let o = rates.objectsPerSecond { parts.append(String(format: "%.0f objects/s", o)) }
                if let g = rates.gcPerSecond { parts.append(String(format: "%.2f GC/s", g)) }
                if !parts.isEmpty { lines.append("  rates: " + parts.joined(separator: ", ")) }
            }
            if session.heapAllocHistory.count >= 2 {
                lines.append("  HeapAlloc \(sparkline(session.heapAllocHistory))  "
                             + "\(ByteCount(session.heapAllocHistory.suffix(40).min()!)) … \(ByteCount(session.heapAllocHistory.suffix(40).max()!))")
            }
            if let process, let rss = process[ProcessMetric(.status, "VmRSS")] {
                var text = "  process: VmRSS \(ByteCount(rss))"
                if dump.has(.sys), dump.has(.heapReleased) {
                    text += ", runtime footprint (Sys − HeapReleased) \(ByteCount(dump.stats.sys &- dump.stats.heapReleased))"
                }
                lines.append(text)
            } else if let process, let reason = process.unavailable.first(where: { $0.source == .status })?.reason {
                lines.append("  process: \(reason)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    public static func summary(_ session: WatchSession, interrupted: Bool) -> String {
        var lines: [String] = []
        let duration = session.polls.last?.elapsedSeconds ?? 0
        lines.append(String(format: "watched %@ for %.1f s%@: %d reading%@, %d failed poll%@", session.endpoint.description,
                            duration, interrupted ? " (stopped by Ctrl-C)" : "", session.readings,
                            session.readings == 1 ? "" : "s", session.failures, session.failures == 1 ? "" : "s"))
        if let first = session.first, let last = session.last, let low = session.heapAllocHistory.min(),
           let high = session.heapAllocHistory.max() {
            lines.append("  HeapAlloc \(ByteCount(first.stats.heapAlloc)) → \(ByteCount(last.stats.heapAlloc)) "
                         + "(min \(ByteCount(low)), max \(ByteCount(high)))  \(sparkline(session.heapAllocHistory))")
            let seconds = session.lastSeconds - session.firstSeconds
            if last.has(.totalAlloc), last.stats.totalAlloc >= first.stats.totalAlloc {
                let allocated = last.stats.totalAlloc - first.stats.totalAlloc
                let rate = seconds > 0 ? String(format: " (%@/s)", ByteCount.format(Double(allocated) / seconds)) : ""
                lines.append("  allocated \(ByteCount(allocated))\(rate); \(Int(last.stats.numGC) - Int(first.stats.numGC)) GC cycles")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The one rendering of each watch problem.
    public static func describe(_ problem: WatchProblem, endpoint: WatchEndpoint) -> String {
        let place = "\(endpoint.host):\(endpoint.port)"
        switch problem {
        case .connection(.refused):
            return "connection refused: nothing listens on \(place) (is the service running? is the port right?)"
        case .connection(.hostNotFound(let host, let reason)):
            return "cannot find host '\(host)': \(reason)"
        case .connection(.connectTimedOut(let seconds)):
            return String(format: "no connection to %@ within %.1f s (timed out)", place, seconds)
        case .connection(.answerTimedOut(let seconds, let received)):
            return String(format: "connected, but the answer did not come within %.1f s (timed out after %d bytes)", seconds, received.count)
        case .connection(.reset(let received)):
            return "the server reset the connection after \(received.count) bytes"
        case .connection(.tooLarge(let limit)):
            return "the answer is larger than \(ByteCount(UInt64(limit))); not an expvar document?"
        case .connection(.failed(let call, let errno, let text)):
            return "\(call) failed: \(text) (errno \(errno))"
        case .notHTTP(let first):
            return "the answer is not HTTP (it starts with \"\(first)\"); is this an HTTP port?"
        case .status(let code, let reason):
            return "the server answered \(code) \(reason)" + (code == 404 ? " (no expvar here: does the program import expvar? try the path /debug/vars)" : "")
        case .closedMidResponse(let received, let expected):
            return "the server closed the connection mid-response (\(received) bytes of the body"
                + (expected.map { " of \($0)" } ?? "") + ")"
        case .badChunk:
            return "the answer's chunked encoding is broken"
        case .notJSON(let contentType, let first):
            return "the answer is not JSON (Content-Type \(contentType ?? "none"); it starts with \"\(first)\")"
        case .dump(let error):
            return InspectionText.error(error).replacingOccurrences(of: "error: ", with: "")
        }
    }
}
