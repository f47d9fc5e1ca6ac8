// Step and predict modes of `memstats run`, for a class in front of a projector.
//
// The session watches the interpreter's events as they happen and shows the run one step at a
// time. With stepping on, before each `step` runs it shows the step's narration (its heading
// and the notes right after it) and waits for a key: Enter runs the step, `b` shows the
// previous step again as it was recorded (nothing runs again, so this works for every backend),
// `q` ends the run there. With predicting on, before each snapshot that has an earlier one to
// compare with, it asks whether each focused field will go up, down or stay, then shows the
// snapshot, the answers and the score so far.
//
// Keys come from an injected reader (one byte per call, nil at the end of input), so this file
// never touches the terminal; LinuxProbes.TerminalKeys reads the real one.

import FieldCatalogue
import Foundation
import ScenarioLanguage

public final class ClassSession {
    /// What the session does.
    public struct Modes: Sendable, Equatable {
        /// Pause before each step.
        public var steps: Bool
        /// Ask for predictions before each snapshot.
        public var predicts: Bool
        /// Clear the screen at each step (a projector: standard output is a terminal).
        public var clearsScreen: Bool

        public init(steps: Bool, predicts: Bool, clearsScreen: Bool) {
            self.steps = steps
            self.predicts = predicts
            self.clearsScreen = clearsScreen
        }
    }

    /// A key and what it means to the session.
    enum Key: Equatable {
        case next, back, quit, up, down, stay, other
        /// The end of input: nobody can answer any more.
        case end

        init(_ byte: UInt8?) {
            guard let byte else {
                self = .end
                return
            }
            switch byte {
            case 10, 13, 32: self = .next // Enter (either line ending), space
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, 4: self = .quit // q, Ctrl-C, Ctrl-D
            case UInt8(ascii: "b"): self = .back
            case UInt8(ascii: "u"), UInt8(ascii: "+"): self = .up
            case UInt8(ascii: "d"), UInt8(ascii: "-"): self = .down
            case UInt8(ascii: "s"), UInt8(ascii: "="): self = .stay
            default: self = .other
            }
        }
    }

    /// Which way a field moved, or was predicted to move.
    enum Direction: Equatable {
        case up, down, stay
    }

    /// The escape sequence that clears a terminal and moves the cursor home.
    static let clearScreen = "\u{1B}[2J\u{1B}[H"

    private let renderer: RunTextRenderer
    private let scenario: Scenario
    private let requested: [BackendKind]
    private var modes: Modes
    private let readByte: () -> UInt8?
    private let write: (String) -> Void
    private var words: ClassWords { ClassWords(language: renderer.language) }

    private var events: [RunEvent] = []
    /// Every complete page as shown (page 0: the header and what came before the first step).
    private var pages: [[String]] = []
    /// The lines of the page being built.
    private var currentPage: [String] = []
    /// Where the current page's events begin.
    private var pageStart = 0
    /// The current page's step heading and leading notes were shown before the step ran.
    private var narrationShown = false
    private var headerShown = false
    private var stepNumber = 0
    private let stepTotal: Int?
    private var right = 0
    private var asked = 0

    /// True once the user quit: the interpreter stops before its next statement.
    public private(set) var hasQuit = false
    /// Where the user quit: before a step ran, or while predicting inside a step.
    private var quitBeforeStep = true

    /// - Parameters:
    ///   - requested: The backends asked for, in order (for the header, before the run ends).
    ///   - readByte: The next byte typed, or nil at the end of input.
    ///   - write: Writes text to the user at once.
    public init(renderer: RunTextRenderer, scenario: Scenario, requested: [BackendKind], modes: Modes,
                readByte: @escaping () -> UInt8?, write: @escaping (String) -> Void) {
        self.renderer = renderer
        self.scenario = scenario
        self.requested = requested
        self.modes = modes
        self.readByte = readByte
        self.write = write
        stepTotal = Self.stepCount(scenario.statements)
    }

    /// The interpreter's observer: called with each event as it happens.
    public func observe(_ event: RunEvent) {
        events.append(event)
        guard case .step(let name, let span) = event, !hasQuit else { return }
        finishPage(upTo: events.count - 1)
        guard !hasQuit else { return }
        stepNumber += 1
        if modes.steps {
            pause(beforeStep: name, span: span)
            guard !hasQuit else { return }
            if modes.clearsScreen { write(Self.clearScreen) }
            currentPage = narration(name, span)
            show(currentPage)
            narrationShown = true
        }
    }

    /// Shows the rest of the run (the last step, the closing lines and the score), or says where
    /// the run stopped when the user quit.
    public func finish(_ record: RunRecord) {
        if !hasQuit { finishPage(upTo: events.count) }
        if hasQuit {
            show(["", quitBeforeStep ? words.stopped(beforeStep: stepNumber, total: stepTotal)
                      : words.stopped(inStep: stepNumber, total: stepTotal)])
        } else {
            show(renderer.closingLines(record))
        }
        if asked > 0 { show([words.finalScore(right: right, asked: asked)]) }
    }

    // MARK: Pages

    /// The record as far as the run has got: the header and the tables read it.
    private var partialRecord: RunRecord {
        let record = RunRecord(scenario: scenario, requestedBackends: requested, activeBackends: [], events: events)
        return RunRecord(scenario: scenario, requestedBackends: requested,
                         activeBackends: requested.filter { record.unavailableReason($0) == nil }, events: events)
    }

    /// Shows the events of the current page up to `end` (predicting before each snapshot when
    /// asked to) and keeps the page.
    private func finishPage(upTo end: Int) {
        let record = partialRecord
        if !headerShown {
            headerShown = true
            currentPage = renderer.headerLines(record)
            show(currentPage)
        }
        var pageEvents = Array(events[pageStart..<end])
        if narrationShown {
            // The step heading and the notes right after it are on screen already.
            pageEvents.removeFirst()
            while case .note? = pageEvents.first { pageEvents.removeFirst() }
        }
        var earlier = Array(events[0..<pageStart])
        var chunk: [RunEvent] = []
        for event in pageEvents {
            if modes.predicts, !hasQuit, case .snapshot(let snapshot) = event,
               let question = question(for: snapshot, after: earlier + chunk, record: record) {
                showOnPage(renderer.eventLines(chunk, after: earlier, record: record))
                earlier += chunk
                chunk = []
                let answers = ask(question)
                if hasQuit { return }
                showOnPage(renderer.eventLines([event], after: earlier, record: record))
                earlier.append(event)
                if let answers { showOnPage(verdict(question, answers)) }
            } else {
                chunk.append(event)
            }
        }
        showOnPage(renderer.eventLines(chunk, after: earlier, record: record))
        pages.append(currentPage)
        currentPage = []
        pageStart = end
        narrationShown = false
    }

    /// A step's heading and the notes that follow it in the scenario, as the report shows them.
    private func narration(_ name: String, _ span: SourceSpan) -> [String] {
        var narration: [RunEvent] = [.step(name: name, span: span)]
        for statement in Self.statementsAfter(span, in: scenario.statements) ?? [] {
            guard case .note(let text) = statement.kind else { break }
            narration.append(.note(text: text, span: statement.span))
        }
        let lines = renderer.eventLines(narration, after: [], record: partialRecord)
        var heading = lines
        if let total = stepTotal, let index = heading.firstIndex(where: { !$0.isEmpty }) {
            heading.insert(words.stepCounter(stepNumber, of: total), at: index)
        }
        return heading
    }

    /// The statements after the one at `span`, in the same block.
    static func statementsAfter(_ span: SourceSpan, in statements: [Statement]) -> ArraySlice<Statement>? {
        for (index, statement) in statements.enumerated() {
            if statement.span == span { return statements[(index + 1)...] }
            if case .repeatBlock(_, let body) = statement.kind, let found = statementsAfter(span, in: body) {
                return found
            }
        }
        return nil
    }

    /// How many steps the run has, passes of `repeat` counted; nil when that is not a small number.
    static func stepCount(_ statements: [Statement]) -> Int? {
        var total = 0
        for statement in statements {
            switch statement.kind {
            case .step: total += 1
            case .repeatBlock(let count, let body):
                guard let inner = stepCount(body) else { return nil }
                let (product, overflow) = Int(clamping: count).multipliedReportingOverflow(by: inner)
                guard !overflow, product <= 10_000 else { return nil }
                total += product
            default: break
            }
        }
        return total
    }

    private func show(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        write(lines.joined(separator: "\n") + "\n")
    }

    private func showOnPage(_ lines: [String]) {
        currentPage += lines
        show(lines)
    }

    // MARK: Stepping

    /// Waits before step `stepNumber`: Enter runs it, `b` and Enter walk the recorded pages, `q` quits.
    private func pause(beforeStep name: String, span: SourceSpan) {
        var viewing = pages.count - 1
        let title = (scenario.translationsByLine[span.start.line] ?? Translations()).text(name, in: renderer.language)
        while true {
            let latest = viewing == pages.count - 1
            write(latest ? words.nextPrompt(step: stepNumber, total: stepTotal, title: title) : words.forwardPrompt)
            var key = Key(readByte())
            while key == .other || key == .up || key == .down || key == .stay { key = Key(readByte()) }
            write("\n")
            switch key {
            case .next:
                if latest { return }
                viewing += 1
                showPage(viewing, replayed: viewing < pages.count - 1)
            case .back:
                if viewing > 0 {
                    viewing -= 1
                    showPage(viewing, replayed: true)
                } else {
                    show([words.atFirstPage])
                }
            case .quit:
                hasQuit = true
                return
            case .end:
                modes.steps = false
                modes.predicts = false
                show([words.inputEnded])
                return
            case .other, .up, .down, .stay:
                continue
            }
        }
    }

    private func showPage(_ index: Int, replayed: Bool) {
        if modes.clearsScreen { write(Self.clearScreen) } else { write("\n") }
        show(pages[index])
        if replayed { show(["", words.replayed]) }
    }

    // MARK: Predicting

    /// What the class is asked before a snapshot: the focused fields that can go up or down,
    /// compared on the first backend with MemStats against its previous snapshot.
    struct Question {
        var backend: BackendKind
        var fields: [MemStatsField]
        var before: MemStats
        var after: MemStats
    }

    private func question(for snapshot: SnapshotRecord, after earlier: [RunEvent], record: RunRecord) -> Question? {
        guard let backend = record.activeBackends.first(where: { snapshot.readings[$0]?.memStats != nil }),
              let after = snapshot.readings[backend]?.memStats else { return nil }
        var before: MemStats?
        for case .snapshot(let previous) in earlier {
            if let stats = previous.readings[backend]?.memStats { before = stats }
        }
        guard let before else { return nil }
        let fields = renderer.fields(of: snapshot).filter { after.number($0) != nil && $0.unit != .boolean }
        guard !fields.isEmpty else { return nil }
        return Question(backend: backend, fields: fields, before: before, after: after)
    }

    /// The class's answer for each field, or nil when they quit or input ended.
    private func ask(_ question: Question) -> [Direction]? {
        show(["", words.predictHeading(question.backend.rawValue)])
        var answers: [Direction] = []
        let nameWidth = question.fields.map(\.goName.count).max() ?? 0
        for field in question.fields {
            write(words.predictPrompt(field.goName.padding(toLength: nameWidth, withPad: " ", startingAt: 0)))
            var direction: Direction?
            while direction == nil {
                switch Key(readByte()) {
                case .up: direction = .up
                case .down: direction = .down
                case .stay: direction = .stay
                case .quit:
                    write("\n")
                    hasQuit = true
                    quitBeforeStep = false
                    return nil
                case .end:
                    write("\n")
                    modes.predicts = false
                    modes.steps = false
                    show([words.inputEnded])
                    return nil
                case .next, .back, .other:
                    continue
                }
            }
            write(words.direction(direction!) + "\n")
            answers.append(direction!)
        }
        return answers
    }

    static func direction(_ field: MemStatsField, from before: MemStats, to after: MemStats) -> Direction {
        let (old, new) = (before.number(field) ?? 0, after.number(field) ?? 0)
        return new > old ? .up : (new < old ? .down : .stay)
    }

    private func verdict(_ question: Question, _ answers: [Direction]) -> [String] {
        var lines: [String] = []
        var here = 0
        for (field, answer) in zip(question.fields, answers) {
            let actual = Self.direction(field, from: question.before, to: question.after)
            if actual == answer { here += 1 }
            lines.append(words.answerLine(field.goName, said: answer, went: actual, right: actual == answer))
        }
        right += here
        asked += answers.count
        return [words.answersHeading] + lines.map { "  " + $0 }
            + [words.score(right: here, of: answers.count, total: right, asked: asked)]
    }
}

/// The words of step and predict modes, in English and Chinese.
struct ClassWords {
    let language: Language
    private var zh: Bool { language == .chinese }

    func stepCounter(_ number: Int, of total: Int) -> String {
        zh ? "第 \(number) 步，共 \(total) 步" : "step \(number) of \(total)"
    }

    func nextPrompt(step: Int, total: Int?, title: String) -> String {
        let counter = total.map { zh ? "第 \(step)/\($0) 步" : "step \(step)/\($0)" } ?? (zh ? "第 \(step) 步" : "step \(step)")
        return zh ? "▶ 回车：运行\(counter)「\(title)」 · b：上一步 · q：退出 "
            : "▶ Enter: run \(counter) \"\(title)\" · b: back · q: quit "
    }

    var forwardPrompt: String {
        zh ? "▶ 回车：下一页 · b：上一步 · q：退出 " : "▶ Enter: forward · b: back · q: quit "
    }

    var replayed: String {
        zh ? "（按记录重新显示；没有重新运行任何后端）" : "(shown again as recorded; no backend runs again)"
    }

    var atFirstPage: String { zh ? "（这是第一页）" : "(this is the first page)" }

    var inputEnded: String {
        zh ? "（输入已结束：不再暂停）" : "(input ended: going on without pausing)"
    }

    func stopped(beforeStep step: Int, total: Int?) -> String {
        let counter = total.map { "\(step)/\($0)" } ?? "\(step)"
        return zh ? "在第 \(counter) 步之前退出：场景的其余部分没有运行。"
            : "quit before step \(counter): the rest of the scenario did not run."
    }

    /// Quit while predicting: step 0 is what comes before the first step.
    func stopped(inStep step: Int, total: Int?) -> String {
        let counter = total.map { "\(step)/\($0)" } ?? "\(step)"
        if step == 0 { return zh ? "在第一步之前退出：其余部分没有显示。" : "quit before the first step: the rest is not shown." }
        return zh ? "在第 \(counter) 步中退出：其余部分没有显示。" : "quit in step \(counter): the rest is not shown."
    }

    func predictHeading(_ backend: String) -> String {
        zh ? "预测：下一个快照里，每个字段会上升、下降还是不变？（按 \(backend) 评分）"
            : "predict: in the next snapshot, will each field go up, down or stay? (scored on \(backend))"
    }

    func predictPrompt(_ field: String) -> String {
        zh ? "  \(field)  u：上升 · d：下降 · s：不变？ " : "  \(field)  u: up · d: down · s: stay? "
    }

    func direction(_ direction: ClassSession.Direction) -> String {
        switch direction {
        case .up: zh ? "上升" : "up"
        case .down: zh ? "下降" : "down"
        case .stay: zh ? "不变" : "stay"
        }
    }

    var answersHeading: String { zh ? "  预测的答案：" : "  the answers:" }

    func answerLine(_ field: String, said: ClassSession.Direction, went: ClassSession.Direction, right: Bool) -> String {
        let mark = right ? "✓" : "✗"
        return zh ? "\(mark) \(field)：预测\(direction(said))，实际\(direction(went))"
            : "\(mark) \(field): predicted \(direction(said)), went \(direction(went))"
    }

    func score(right: Int, of count: Int, total: Int, asked: Int) -> String {
        zh ? "  本次答对 \(right)/\(count)；累计 \(total)/\(asked)" : "  score: \(right) of \(count) here; \(total) of \(asked) so far"
    }

    func finalScore(right: Int, asked: Int) -> String {
        zh ? "预测得分：\(right)/\(asked)" : "prediction score: \(right) of \(asked)"
    }
}
