// Checks what the grammar cannot: that every group exists, and is of the right kind, where a
// statement uses it; that the run stays finite (statements, snapshots), its requested memory
// fits in 64 bits and its live memory in what Go can map (GoLimits). Then builds the checked
// `Scenario` tree.
//
// Groups and `repeat`: a body's effect on groups is the same on every pass (the last statement
// touching a group in the body decides its state, whatever it was before), so the state after
// pass 2 equals the state after pass 1. Checking the body with the entry state and, when that
// differs, once more with the state after one pass finds every error any pass would meet.
// Each (block, entry state) is walked once (memo), so nested repeats cost no more than the
// states they actually produce.

import FieldCatalogue
import GoProgramContract

struct Checker {
    let parsed: ParsedScenario
    let sink: DiagnosticSink
    let limits: ScenarioLimits

    /// Reports group, limit and memory errors; returns the statements in checked form.
    func check() -> [Statement] {
        var groups = GroupWalker(sink: sink, poisoned: parsed.poisonedGroups, everDefined: definedNames(parsed.nodes),
                                 nodes: parsed.nodes)
        var table: GroupWalker.Table = [:]
        groups.walk(parsed.nodes, state: &table, enclosing: [])

        var totals = Totals()
        totals.walk(parsed.nodes, multiplier: 1, outermostRepeat: nil, limits: limits, sink: sink)
        totals.reportLimits(limits: limits, sink: sink)

        let statements = Self.statements(parsed.nodes)
        // Go's address space, for a scenario without other errors (so the run is finite and its
        // bytes fit 64 bits).
        if sink.errorCount == 0 {
            let live = ResourceEstimate.liveMemory(statements, shape: .go1_27, limit: GoLimits.arenaAddressSpaceBytes)
            if let place = live.firstPastLimit {
                sink.report(.beyondGoAddressSpace(peakBytes: live.peakBytes, limitBytes: GoLimits.arenaAddressSpaceBytes),
                            at: place)
            }
        }
        return statements
    }

    /// Every name after `as`, in order of first appearance: candidates for "did you mean".
    private func definedNames(_ nodes: [SyntaxNode]) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        func visit(_ nodes: [SyntaxNode]) {
            for node in nodes {
                switch node {
                case .statement(_, let use):
                    if let use, case .define = use.action, seen.insert(use.name).inserted { names.append(use.name) }
                case .repeatBlock(_, _, _, _, let body):
                    visit(body)
                }
            }
        }
        visit(nodes)
        return names
    }

    /// The checked tree. Recursion is bounded by `ScenarioLimits.maximumNesting`.
    static func statements(_ nodes: [SyntaxNode]) -> [Statement] {
        nodes.map { node in
            switch node {
            case .statement(let s, _): s
            case .repeatBlock(_, let count, let span, _, let body): Statement(.repeatBlock(count: count, body: statements(body)), span: span)
            }
        }
    }
}

/// Follows group existence through the statements, repeats included.
private struct GroupWalker {
    enum State: Hashable {
        case live(GroupKind, line: Int)
        case gone(GroupKind, line: Int)
    }

    typealias Table = [String: State]

    /// A block and the state, on entry, of the groups it mentions (nothing else can matter).
    struct MemoKey: Hashable {
        var block: Int
        var entry: Table
    }

    /// A diagnostic already reported (a later pass meets the same error at the same place).
    struct Reported: Hashable {
        var line: Int
        var column: Int
        var message: String
    }

    let sink: DiagnosticSink
    let poisoned: Set<String>
    let everDefined: [String]
    /// For each repeat block, the groups its statements (nested ones included) mention.
    private var mentioned: [Int: [String]] = [:]
    /// The mentioned groups' states after one pass, by block and entry state.
    private var memo: [MemoKey: Table] = [:]
    private var reported: Set<Reported> = []

    init(sink: DiagnosticSink, poisoned: Set<String>, everDefined: [String], nodes: [SyntaxNode]) {
        self.sink = sink
        self.poisoned = poisoned
        self.everDefined = everDefined
        _ = collectMentions(nodes)
    }

    /// Fills `mentioned` for every block in `nodes`; returns the names `nodes` mention.
    private mutating func collectMentions(_ nodes: [SyntaxNode]) -> Set<String> {
        var names: Set<String> = []
        for node in nodes {
            switch node {
            case .statement(_, let use):
                if let use { names.insert(use.name) }
            case .repeatBlock(let id, _, _, _, let body):
                let inner = collectMentions(body)
                mentioned[id] = inner.sorted()
                names.formUnion(inner)
            }
        }
        return names
    }

    /// `enclosing` lists the repeats around `nodes`, outermost first, as their line ranges.
    ///
    /// Work per block is proportional to the groups it mentions, not to all groups alive, so a
    /// file with many groups and many loops stays linear.
    mutating func walk(_ nodes: [SyntaxNode], state: inout Table, enclosing: [ClosedRange<Int>]) {
        for node in nodes {
            switch node {
            case .statement(_, let use):
                if let use { apply(use, to: &state, enclosing: enclosing) }
            case .repeatBlock(let id, let count, let span, let endLine, let body):
                let inside = enclosing + [span.start.line...max(span.start.line, endLine)]
                let names = mentioned[id] ?? []
                let before = restrict(state, to: names)
                pass(id, body, names: names, state: &state, enclosing: inside)
                if count >= 2 && restrict(state, to: names) != before {
                    pass(id, body, names: names, state: &state, enclosing: inside)
                }
            }
        }
    }

    /// One pass over a block's body, or its remembered effect when this entry state was seen.
    private mutating func pass(_ id: Int, _ body: [SyntaxNode], names: [String], state: inout Table,
                               enclosing: [ClosedRange<Int>]) {
        let key = MemoKey(block: id, entry: restrict(state, to: names))
        if let exit = memo[key] {
            for name in names { state[name] = exit[name] }
            return
        }
        walk(body, state: &state, enclosing: enclosing)
        memo[key] = restrict(state, to: names)
    }

    /// "Did you mean": a live group of the right kind, else any group the file makes. It looks
    /// at every group, so it is only worked out for diagnostics that will be shown.
    private func suggestions(for name: String, _ needed: GroupKind, _ state: Table) -> [String] {
        guard !sink.isFull, name.count <= maximumQuotedCharacters else { return [] }
        let length = name.utf8.count // group names are ASCII
        let threshold = max(2, length / 3) // as Suggestions.closest
        let live = state.compactMap { candidate, s -> String? in
            guard case .live(let kind, _) = s, kind == needed, abs(candidate.utf8.count - length) <= threshold
            else { return nil }
            return candidate
        }
        let nearest = Suggestions.closest(to: name, among: Self.bounded(live.sorted()), limit: 1)
        guard nearest.isEmpty else { return nearest }
        let known = everDefined.filter { $0 != name && abs($0.utf8.count - length) <= threshold }
        return Suggestions.closest(to: name, among: Self.bounded(known), limit: 1)
    }

    /// The most candidates "did you mean" compares a name with; past that it offers nothing
    /// rather than spend seconds on a file with tens of thousands of groups.
    static let maximumSuggestionCandidates = 2000

    /// The candidates, or none when there are too many to compare. Callers first keep only names
    /// whose length is within the threshold (edit distance is at least the length difference).
    static func bounded(_ candidates: [String]) -> [String] {
        candidates.count <= maximumSuggestionCandidates ? candidates : []
    }

    private func restrict(_ state: Table, to names: [String]) -> Table {
        var part: Table = [:]
        for name in names { if let s = state[name] { part[name] = s } }
        return part
    }

    private mutating func report(_ kind: Diagnostic.Kind, at span: SourceSpan) {
        let key = Reported(line: span.start.line, column: span.start.column, message: kind.message)
        if reported.insert(key).inserted { sink.report(kind, at: span) }
    }

    private mutating func apply(_ use: GroupUse, to state: inout Table, enclosing: [ClosedRange<Int>]) {
        let line = use.span.start.line
        switch use.action {
        case .define(let wanted):
            if case .live(let existing, let definedLine) = state[use.name], existing != wanted {
                report(.groupKindConflict(use.name, wanted: wanted, existing: existing, definedLine: definedLine), at: use.span)
                return
            }
            if case .live = state[use.name] { return } // appended: the group keeps its first line
            state[use.name] = .live(wanted, line: line)
        case .free, .freeKeeping, .exit:
            let needed: GroupKind = use.action == .exit ? .goroutines : .objects
            let action = use.action == .exit ? "exit" : "free"
            switch state[use.name] {
            case .live(let kind, let definedLine) where kind != needed:
                report(.wrongGroupKind(use.name, action: action, actual: kind, definedLine: definedLine), at: use.span)
                return
            case .live:
                break
            case .gone(let kind, let removedLine):
                // Removed at or after this line: an earlier pass of the innermost repeat holding both.
                let loop = removedLine >= line
                    ? enclosing.last { $0.contains(removedLine) && $0.contains(line) }?.lowerBound : nil
                report(.groupGone(use.name, action: action, kind: kind, removedLine: removedLine, repeatLine: loop),
                       at: use.span)
            case nil:
                if !poisoned.contains(use.name) {
                    report(.undefinedGroup(use.name, action: action, suggestions: suggestions(for: use.name, needed, state)),
                           at: use.span)
                }
            }
            if use.action != .freeKeeping { state[use.name] = .gone(needed, line: line) }
        }
    }
}

/// Adds up what the run will execute, repeats multiplied out, saturating at 2^64 − 1.
private struct Totals {
    var statements: UInt64 = 0
    var statementsOverflow = false
    var statementsPassedLimitAt: SourceSpan?
    var snapshots: UInt64 = 0
    var snapshotsOverflow = false
    var snapshotsPassedLimitAt: SourceSpan?
    var bytes: UInt64 = 0
    var bytesReported = false

    /// `multiplier` is how many times the nodes run; nil when that overflows 64 bits.
    mutating func walk(_ nodes: [SyntaxNode], multiplier: UInt64?, outermostRepeat: SourceSpan?,
                       limits: ScenarioLimits, sink: DiagnosticSink) {
        for node in nodes {
            switch node {
            case .repeatBlock(_, let count, let span, _, let body):
                let inner = multiplier.flatMap { m -> UInt64? in
                    let (product, overflow) = m.multipliedReportingOverflow(by: count)
                    return overflow ? nil : product
                }
                walk(body, multiplier: inner, outermostRepeat: outermostRepeat ?? span, limits: limits, sink: sink)
            case .statement(let statement, _):
                let place = outermostRepeat ?? statement.span
                guard let multiplier else {
                    statementsOverflow = true
                    statementsPassedLimitAt = statementsPassedLimitAt ?? place
                    if case .snapshot = statement.kind {
                        snapshotsOverflow = true
                        snapshotsPassedLimitAt = snapshotsPassedLimitAt ?? place
                    }
                    if !bytesReported, requestsMemory(statement) {
                        bytesReported = true
                        sink.report(.totalMemoryOverflow, at: statement.span)
                    }
                    continue
                }
                add(multiplier, to: &statements, overflow: &statementsOverflow)
                if statementsPassedLimitAt == nil && (statementsOverflow || statements > limits.maximumExecutedStatements) {
                    statementsPassedLimitAt = place
                }
                if case .snapshot = statement.kind {
                    add(multiplier, to: &snapshots, overflow: &snapshotsOverflow)
                    if snapshotsPassedLimitAt == nil && (snapshotsOverflow || snapshots > limits.maximumSnapshots) {
                        snapshotsPassedLimitAt = place
                    }
                }
                var requested: (UInt64, UInt64)?
                if case .operation(.alloc(let a)) = statement.kind { requested = (a.count, a.sizeBytes) }
                if case .operation(.goroutines(let count, let stack, _)) = statement.kind { requested = (count, stack) }
                if let (count, size) = requested, !bytesReported {
                    let (once, o1) = count.multipliedReportingOverflow(by: size)
                    // A single statement's overflow is the parser's error already.
                    if !o1 && once > 0 {
                        let (all, o2) = once.multipliedReportingOverflow(by: multiplier)
                        let (sum, o3) = bytes.addingReportingOverflow(all)
                        if o2 || o3 {
                            bytesReported = true
                            sink.report(.totalMemoryOverflow, at: statement.span)
                        } else {
                            bytes = sum
                        }
                    }
                }
            }
        }
    }

    /// Whether the statement asks for any bytes (an `alloc` or `goroutines` of non-zero size).
    private func requestsMemory(_ statement: Statement) -> Bool {
        switch statement.kind {
        case .operation(.alloc(let a)): a.sizeBytes > 0
        case .operation(.goroutines(_, let stack, _)): stack > 0
        default: false
        }
    }

    private func add(_ amount: UInt64, to total: inout UInt64, overflow: inout Bool) {
        let (sum, o) = total.addingReportingOverflow(amount)
        if o { overflow = true; total = .max } else { total = sum }
    }

    func reportLimits(limits: ScenarioLimits, sink: DiagnosticSink) {
        if let place = statementsPassedLimitAt {
            sink.report(.tooManyStatements(executed: statementsOverflow ? nil : statements,
                                           limit: limits.maximumExecutedStatements), at: place)
        }
        if let place = snapshotsPassedLimitAt {
            sink.report(.tooManySnapshots(executed: snapshotsOverflow ? nil : snapshots,
                                          limit: limits.maximumSnapshots), at: place)
        }
    }
}
