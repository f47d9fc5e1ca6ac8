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

    public static func poll(_ poll: WatchPoll, session: WatchSession, process: ProcessReading?,
                            language: Language = .english) -> String {
        let zh = language == .chinese
        let stamp = String(format: "[#%d +%.1fs]", poll.number, poll.elapsedSeconds)
        switch poll.outcome {
        case .failure(let problem):
            return "\(stamp) \(describe(problem, endpoint: session.endpoint, language: language))\n"
        case .reading(let dump, let changes, let rates):
            var lines: [String] = []
            if poll.number == 1 || changes.isEmpty && session.readings == 1 {
                lines.append("\(stamp) \(session.endpoint.description)" + (zh ? "：\(dump.present.count) 个字段；" : ": \(dump.present.count) fields; ")
                             + "HeapAlloc \(ByteCount(dump.stats.heapAlloc)), HeapSys \(ByteCount(dump.stats.heapSys)), NumGC \(dump.stats.numGC)")
            } else if changes.isEmpty {
                lines.append("\(stamp) " + (zh ? "没有字段变化" : "no field changed"))
            } else {
                lines.append("\(stamp) " + (zh ? "\(changes.count) 个字段变化" : "\(changes.count) field\(changes.count == 1 ? "" : "s") changed"))
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
                if let a = rates.allocatedBytesPerSecond { parts.append((zh ? "分配 " : "allocating ") + "\(ByteCount.format(a))/s") }
                if let o = rates.objectsPerSecond { parts.append(String(format: zh ? "%.0f 个对象/s" : "%.0f objects/s", o)) }
                if let g = rates.gcPerSecond { parts.append(String(format: zh ? "%.2f 次 GC/s" : "%.2f GC/s", g)) }
                if !parts.isEmpty { lines.append((zh ? "  速率：" : "  rates: ") + parts.joined(separator: zh ? "，" : ", ")) }
            }
            if session.heapAllocHistory.count >= 2 {
                lines.append("  HeapAlloc \(sparkline(session.heapAllocHistory))  "
                             + "\(ByteCount(session.heapAllocHistory.suffix(40).min()!)) … \(ByteCount(session.heapAllocHistory.suffix(40).max()!))")
            }
            if let process, let rss = process[ProcessMetric(.status, "VmRSS")] {
                var text = (zh ? "  进程：" : "  process: ") + "VmRSS \(ByteCount(rss))"
                if dump.has(.sys), dump.has(.heapReleased) {
                    text += (zh ? "，运行时物理占用（Sys − HeapReleased）" : ", runtime footprint (Sys − HeapReleased) ")
                        + "\(ByteCount(dump.stats.sys &- dump.stats.heapReleased))"
                }
                lines.append(text)
            } else if let process, let reason = process.unavailable.first(where: { $0.source == .status })?.reason {
                lines.append((zh ? "  进程：" : "  process: ") + reason)
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    public static func summary(_ session: WatchSession, interrupted: Bool, language: Language = .english) -> String {
        let zh = language == .chinese
        var lines: [String] = []
        let duration = session.polls.last?.elapsedSeconds ?? 0
        if zh {
            lines.append(String(format: "观察 %@ 共 %.1f s%@：%d 次读数，%d 次轮询失败", session.endpoint.description,
                                duration, interrupted ? "（被 Ctrl-C 停止）" : "", session.readings, session.failures))
        } else {
            lines.append(String(format: "watched %@ for %.1f s%@: %d reading%@, %d failed poll%@", session.endpoint.description,
                                duration, interrupted ? " (stopped by Ctrl-C)" : "", session.readings,
                                session.readings == 1 ? "" : "s", session.failures, session.failures == 1 ? "" : "s"))
        }
        if let first = session.first, let last = session.last, let low = session.heapAllocHistory.min(),
           let high = session.heapAllocHistory.max() {
            lines.append("  HeapAlloc \(ByteCount(first.stats.heapAlloc)) → \(ByteCount(last.stats.heapAlloc)) "
                         + (zh ? "（最小 \(ByteCount(low))，最大 \(ByteCount(high))）" : "(min \(ByteCount(low)), max \(ByteCount(high)))")
                         + "  \(sparkline(session.heapAllocHistory))")
            let seconds = session.lastSeconds - session.firstSeconds
            if last.has(.totalAlloc), last.stats.totalAlloc >= first.stats.totalAlloc {
                let allocated = last.stats.totalAlloc - first.stats.totalAlloc
                let cycles = Int(last.stats.numGC) - Int(first.stats.numGC)
                if zh {
                    let rate = seconds > 0 ? String(format: "（%@/s）", ByteCount.format(Double(allocated) / seconds)) : ""
                    lines.append("  分配了 \(ByteCount(allocated))\(rate)；\(cycles) 个 GC 周期")
                } else {
                    let rate = seconds > 0 ? String(format: " (%@/s)", ByteCount.format(Double(allocated) / seconds)) : ""
                    lines.append("  allocated \(ByteCount(allocated))\(rate); \(cycles) GC cycles")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The one rendering of each watch problem, in the language asked.
    public static func describe(_ problem: WatchProblem, endpoint: WatchEndpoint, language: Language = .english) -> String {
        language == .chinese ? describeInChinese(problem, endpoint: endpoint) : describe(problem, endpoint: endpoint)
    }

    static func describeInChinese(_ problem: WatchProblem, endpoint: WatchEndpoint) -> String {
        let place = "\(endpoint.host):\(endpoint.port)"
        switch problem {
        case .connection(.refused):
            return "连接被拒绝：\(place) 上没有程序在监听（服务在运行吗？端口对吗？）"
        case .connection(.hostNotFound(let host, let reason)):
            return "找不到主机 '\(host)'：\(reason)"
        case .connection(.connectTimedOut(let seconds)):
            return String(format: "%.1f s 内没能连上 %@（超时）", seconds, place)
        case .connection(.answerTimedOut(let seconds, let received)):
            return String(format: "已连上，但 %.1f s 内没有收到回答（收到 %d 字节后超时）", seconds, received.count)
        case .connection(.reset(let received)):
            return "服务器在 \(received.count) 字节之后重置了连接"
        case .connection(.tooLarge(let limit)):
            return "回答大于 \(ByteCount(UInt64(limit)))；不是 expvar 文档？"
        case .connection(.failed(let call, let errno, let text)):
            return "\(call) 失败：\(text)（errno \(errno)）"
        case .notHTTP(let first):
            return "回答不是 HTTP（开头是 \"\(first)\"）；这是 HTTP 端口吗？"
        case .status(let code, let reason):
            return "服务器回答 \(code) \(reason)" + (code == 404 ? "（这里没有 expvar：程序导入了 expvar 吗？试试路径 /debug/vars）" : "")
        case .closedMidResponse(let received, let expected):
            return "服务器在回答中途关闭了连接（收到正文 \(received) 字节" + (expected.map { "，共 \($0) 字节" } ?? "") + "）"
        case .badChunk:
            return "回答的分块编码已损坏"
        case .notJSON(let contentType, let first):
            return "回答不是 JSON（Content-Type \(contentType ?? "无")；开头是 \"\(first)\"）"
        case .dump(let error):
            return InspectionText.error(error).replacingOccurrences(of: "error: ", with: "")
        }
    }

    /// The one rendering of each watch problem.
    static func describe(_ problem: WatchProblem, endpoint: WatchEndpoint) -> String {
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
