// What a run's header and closing lines say about the backends and the expectations, worked out
// from the record in one place so the text and the JSON cannot disagree about what ran.

import FieldCatalogue
import ScenarioLanguage

public enum RunSummary {
    /// What became of one backend that was asked for.
    public enum Outcome: Equatable, Sendable {
        case ran
        case unavailable(reason: String)
        case failed(BackendFailure)
    }

    public static func outcome(of kind: BackendKind, in record: RunRecord) -> Outcome {
        if let failure = record.failure(of: kind) { return .failed(failure) }
        if let reason = record.unavailableReason(kind) { return .unavailable(reason: reason) }
        return .ran
    }

    /// `backends: simulator, native (did not run; see below) — chosen by default: …`
    public static func backendsLine(_ record: RunRecord, choice: String?, language: Language = .english) -> String {
        let zh = language == .chinese
        let parts = record.requestedBackends.map { kind -> String in
            switch outcome(of: kind, in: record) {
            case .ran: kind.rawValue
            case .unavailable: zh ? "\(kind.rawValue)（未运行，见下文）" : "\(kind.rawValue) (did not run; see below)"
            case .failed(let failure):
                zh ? "\(kind.rawValue)（" + (failure.span.map { "在第 \($0.start.line) 行" } ?? "") + "失败，见下文）"
                    : "\(kind.rawValue) (failed" + (failure.span.map { " at line \($0.start.line)" } ?? "") + "; see below)"
            }
        }
        return "backends: " + parts.joined(separator: ", ") + (choice.map { " — \($0)" } ?? "")
    }

    /// The `expect` statements of the scenario, wherever they are (inside `repeat` too).
    public static func expectationCount(_ statements: [Statement]) -> Int {
        statements.reduce(0) { total, statement in
            switch statement.kind {
            case .expect: total + 1
            case .repeatBlock(_, let body): total + expectationCount(body)
            default: total
            }
        }
    }

    /// The closing lines: what held, what failed (each listed), and what was not checked where and why.
    public static func closingLines(_ record: RunRecord, language: Language = .english) -> [String] {
        let zh = language == .chinese
        let results = record.expectations
        let reached = Set(results.map(\.span)).count
        let total = max(expectationCount(record.scenario.statements), reached)
        guard total > 0 else { return [zh ? "此场景没有 expect" : "no expectations in this scenario"] }
        var lines: [String] = []
        let failed = results.filter(\.isFailure)
        // Claims (by place) each backend checked, and the reasons it did not check others.
        var checkedBy: [(BackendKind, Int)] = []
        var checkedAnywhere: Set<SourceSpan> = []
        var notChecked: [(BackendKind, Int, String)] = []
        for kind in record.requestedBackends {
            let own = results.filter { $0.backend == kind }
            var checked: Set<SourceSpan> = []
            var skipped: [SourceSpan: String] = [:]
            for result in own {
                if case .notChecked(let reason) = result.outcome { skipped[result.span] = skipped[result.span] ?? reason }
                else { checked.insert(result.span) }
            }
            if !checked.isEmpty { checkedBy.append((kind, checked.count)) }
            checkedAnywhere.formUnion(checked)
            let unchecked = skipped.keys.filter { !checked.contains($0) }
            if !unchecked.isEmpty {
                let reasons = Set(unchecked.compactMap { skipped[$0] }).sorted()
                notChecked.append((kind, unchecked.count, reasons.joined(separator: "; ")))
            }
        }
        let plural = total == 1 ? "" : "s"
        if failed.isEmpty {
            if checkedBy.isEmpty {
                lines.append(zh ? "\(total) 条 expect 都没有检查" : "none of the \(total) expectation\(plural) was checked")
            } else if notChecked.isEmpty && checkedAnywhere.count == total {
                lines.append(zh ? "全部 \(total) 条 expect 成立" : "all \(total) expectations hold")
            } else if zh {
                let on = checkedBy.map { $0.1 == total ? $0.0.rawValue : "\($0.0.rawValue)（\(total) 条中的 \($0.1) 条）" }
                let all = checkedAnywhere.count == total ? "全部 \(total) 条" : "\(total) 条中检查过的 \(checkedAnywhere.count) 条"
                lines.append("\(all) expect 在 " + on.joined(separator: "、") + " 上成立")
            } else {
                let on = checkedBy.map { $0.1 == total ? $0.0.rawValue : "\($0.0.rawValue) (\($0.1) of \(total))" }
                let all = checkedAnywhere.count == total ? "all \(total)" : "the \(checkedAnywhere.count) checked of \(total)"
                lines.append("\(all) expectations hold on " + on.joined(separator: ", "))
            }
        } else {
            lines.append(zh ? "\(failed.count) 条 expect 不成立：" : "\(failed.count) expectation\(failed.count == 1 ? "" : "s") failed:")
            for result in failed {
                let pass = RepeatPass.describe(result.passes).map { ", \($0)" } ?? ""
                lines.append("  \(result.span.start): \(result.text)  [\(result.backend.rawValue)\(pass)]")
            }
        }
        for (kind, count, reason) in notChecked {
            lines.append(zh ? "未在 \(kind.rawValue) 上检查：\(total) 条中的 \(count) 条（\(reason)）"
                            : "not checked on \(kind.rawValue): \(count) of \(total) (\(reason))")
        }
        if reached < total {
            lines.append(zh ? "未执行到：\(total) 条中的 \(total - reached) 条（在执行 0 遍的 repeat 中）"
                            : "not reached: \(total - reached) of \(total) (inside a repeat of 0 passes)")
        }
        return lines
    }
}
