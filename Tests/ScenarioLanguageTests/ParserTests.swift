import BundledScenarios
import FieldCatalogue
import Testing
@testable import ScenarioLanguage

/// Every statement of the spec parses into the expected tree.
@Suite struct ParserTests {
    static let everyStatement = """
    title "Every statement"
    about "line one"
    about "line two"

    step "Setup"          # a comment
    note "Narration with \\"quotes\\""
    alloc 200_000 x 1KiB as burst
    alloc 10 x 64B
    alloc 3 x 1MiB as big pointers untouched
    alloc 1 x 0B untouched pointers as big
    snapshot "start" focus HeapAlloc HeapInuse HeapIdle HeapReleased
    expect HeapSys == HeapInuse + HeapIdle
    expect HeapIdle - HeapReleased > 100MiB
    expect HeapAlloc ~ 200MiB within 10%
    expect NumGC >= 1
    expect HeapAlloc <= 1GiB
    expect HeapAlloc < 1_000_000_000
    free burst keep 1 in 8
    free burst
    gc
    release
    sleep 250ms
    sleep 5m
    goroutines 100 stack 64KiB as workers
    exit workers
    set gogc 50
    set gogc off
    set memlimit 512MiB
    set memlimit off
    repeat 3
        alloc 10 x 1KiB as loop
        repeat 2
            gc
        end
        free loop
    end
    snapshot "end"
    """

    @Test func everyStatementKindRoundTrips() throws {
        let compilation = compile(Self.everyStatement)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.rendered())")
        let scenario = try #require(compilation.scenario)
        #expect(scenario.title == "Every statement")
        #expect(scenario.about == ["line one", "line two"])
        #expect(scenario.file == testFile)
        let s = scenario.statements
        #expect(s.count == 27)

        guard case .step("Setup") = s[0].kind else { Issue.record("step: \(s[0].kind)"); return }
        guard case .note("Narration with \"quotes\"") = s[1].kind else { Issue.record("note"); return }
        #expect(operation(s[2]) == .alloc(Allocation(count: 200_000, sizeBytes: 1024, group: "burst", hasPointers: false, isTouched: true)))
        #expect(operation(s[3]) == .alloc(Allocation(count: 10, sizeBytes: 64, group: nil, hasPointers: false, isTouched: true)))
        #expect(operation(s[4]) == .alloc(Allocation(count: 3, sizeBytes: 1 << 20, group: "big", hasPointers: true, isTouched: false)))
        #expect(operation(s[5]) == .alloc(Allocation(count: 1, sizeBytes: 0, group: "big", hasPointers: true, isTouched: false)))
        guard case .snapshot(let label, let focus) = s[6].kind else { Issue.record("snapshot"); return }
        #expect(label == "start")
        #expect(focus == [.heapAlloc, .heapInuse, .heapIdle, .heapReleased])

        #expect(expectation(s[7]) == ScenarioLanguage.Expectation(
            left: Expression(terms: [(.plus, .field(.heapSys))]), comparison: .equal,
            right: Expression(terms: [(.plus, .field(.heapInuse)), (.plus, .field(.heapIdle))]),
            text: "HeapSys == HeapInuse + HeapIdle"))
        #expect(expectation(s[8]) == ScenarioLanguage.Expectation(
            left: Expression(terms: [(.plus, .field(.heapIdle)), (.minus, .field(.heapReleased))]), comparison: .greater,
            right: Expression(terms: [(.plus, .bytes(100 << 20))]), text: "HeapIdle - HeapReleased > 100MiB"))
        #expect(expectation(s[9]) == ScenarioLanguage.Expectation(
            left: Expression(terms: [(.plus, .field(.heapAlloc))]), comparison: .approximately(withinPercent: 10),
            right: Expression(terms: [(.plus, .bytes(200 << 20))]), text: "HeapAlloc ~ 200MiB within 10%"))
        #expect(expectation(s[10])?.comparison == .greaterOrEqual)
        #expect(expectation(s[10])?.right == Expression(terms: [(.plus, .integer(1))]))
        #expect(expectation(s[11])?.comparison == .lessOrEqual)
        #expect(expectation(s[12])?.comparison == .less)
        #expect(expectation(s[12])?.right == Expression(terms: [(.plus, .integer(1_000_000_000))]))

        #expect(operation(s[13]) == .freeKeeping(group: "burst", oneIn: 8))
        #expect(operation(s[14]) == .free(group: "burst"))
        #expect(operation(s[15]) == .gc)
        #expect(operation(s[16]) == .release)
        #expect(operation(s[17]) == .sleep(nanoseconds: 250_000_000))
        #expect(operation(s[18]) == .sleep(nanoseconds: 300_000_000_000))
        #expect(operation(s[19]) == .goroutines(count: 100, stackBytes: 64 << 10, group: "workers"))
        #expect(operation(s[20]) == .exit(group: "workers"))
        #expect(operation(s[21]) == .setGCPercent(50))
        #expect(operation(s[22]) == .setGCPercent(nil))
        #expect(operation(s[23]) == .setMemoryLimit(bytes: 512 << 20))
        #expect(operation(s[24]) == .setMemoryLimit(bytes: nil))

        guard case .repeatBlock(3, let body) = s[25].kind else { Issue.record("repeat: \(s[25].kind)"); return }
        #expect(body.count == 3)
        #expect(operation(body[0]) == .alloc(Allocation(count: 10, sizeBytes: 1024, group: "loop", hasPointers: false, isTouched: true)))
        guard case .repeatBlock(2, let inner) = body[1].kind else { Issue.record("inner repeat"); return }
        #expect(inner.count == 1 && operation(inner[0]) == .gc)
        #expect(operation(body[2]) == .free(group: "loop"))
        guard case .snapshot("end", []) = s[26].kind else { Issue.record("last snapshot"); return }
    }

    @Test func spansPointAtTheKeyword() throws {
        let s = statements("gc\n    release\n\trepeat 2\n  sleep 1s\nend")
        #expect(s.map(\.span.start.line) == [1, 2, 3])
        #expect(s.map(\.span.start.column) == [1, 5, 2])
        #expect(s.map(\.span.length) == [2, 7, 6])
        guard case .repeatBlock(_, let body) = s[2].kind else { Issue.record("repeat"); return }
        #expect(body[0].span.start == SourceLocation(file: testFile, line: 4, column: 3))
    }

    @Test func bundledScenariosCompileClean() throws {
        #expect(BundledScenarios.named("spike") != nil)
        for bundled in BundledScenarios.all {
            let compilation = ScenarioCompiler.compile(source: bundled.source, file: bundled.displayPath)
            #expect(compilation.diagnostics.isEmpty, "\(compilation.rendered())")
            #expect(compilation.scenario?.title != nil, "\(bundled.name) has a title")
        }
    }

    @Test func literalsReadTheirUnits() {
        let s = statements("""
        alloc 1 x 1TiB
        alloc 1_000_000_000_000 x 1B
        alloc 1 x 3GiB
        sleep 24h
        sleep 0ms
        set gogc 10000
        set gogc 1
        """)
        #expect(operation(s[0]) == .alloc(Allocation(count: 1, sizeBytes: 1 << 40, group: nil, hasPointers: false, isTouched: true)))
        #expect(operation(s[1]) == .alloc(Allocation(count: 1_000_000_000_000, sizeBytes: 1, group: nil, hasPointers: false, isTouched: true)))
        #expect(operation(s[2]) == .alloc(Allocation(count: 1, sizeBytes: 3 << 30, group: nil, hasPointers: false, isTouched: true)))
        #expect(operation(s[3]) == .sleep(nanoseconds: 24 * 3_600_000_000_000))
        #expect(operation(s[4]) == .sleep(nanoseconds: 0))
        #expect(operation(s[5]) == .setGCPercent(10000))
        #expect(operation(s[6]) == .setGCPercent(1))
    }

    @Test func groupsMayBeRemadeAfterFreeAndAppendedTo() {
        #expect(errors("""
        alloc 1 x 1KiB as g
        alloc 1 x 1KiB as g
        free g
        alloc 1 x 1KiB as g
        free g keep 1 in 2
        free g
        goroutines 2 stack 8KiB as g
        goroutines 2 stack 8KiB as g
        exit g
        repeat 5
          alloc 1 x 1KiB as r
          free r
        end
        """).isEmpty)
    }

    @Test func narrationCarriesItsTranslationsBesideTheEnglish() throws {
        let source = """
            title "Allocation spike" zh "分配尖峰"
            about "A burst." zh "一阵请求。"
            about "Untranslated."
            step "The burst ends" zh "尖峰结束"
            note "HeapIdle rises." zh "HeapIdle 上升。"
            repeat 2
              snapshot "after gc" zh "GC 之后" focus HeapIdle HeapReleased
            end
            snapshot "plain"
            """
        let scenario = try #require(compile(source).scenario)
        #expect(scenario.title == "Allocation spike")
        #expect(scenario.title(in: .chinese) == "分配尖峰")
        #expect(scenario.about(in: .chinese) == ["一阵请求。", "Untranslated."])
        #expect(scenario.about(in: .english) == ["A burst.", "Untranslated."])
        let byLine = scenario.translationsByLine
        #expect(byLine[4]?[.chinese] == "尖峰结束")
        #expect(byLine[5]?[.chinese] == "HeapIdle 上升。")
        #expect(byLine[7]?[.chinese] == "GC 之后")
        #expect(byLine[9] == nil)
        guard case .step(let name) = scenario.statements[0].kind else { Issue.record("not a step"); return }
        #expect(name == "The burst ends")
        guard case .repeatBlock(_, let body) = scenario.statements[2].kind,
              case .snapshot(let label, let focus) = body[0].kind else { Issue.record("not a snapshot"); return }
        #expect(label == "after gc")
        #expect(focus == [.heapIdle, .heapReleased])
        #expect(body[0].translations.text(label, in: .chinese) == "GC 之后")
        #expect(body[0].translations.text(label, in: .english) == "after gc")
    }

    @Test func chineseAboutLinesRunTogetherAndEnglishOnesTakeASpace() throws {
        let source = "about \"A burst\" zh \"一阵请求\"\nabout \"lifts the heap.\" zh \"把堆抬高。\"\ngc\n"
        let scenario = try #require(compile(source).scenario)
        #expect(scenario.aboutParagraph(in: .chinese) == "一阵请求把堆抬高。")
        #expect(scenario.aboutParagraph(in: .english) == "A burst lifts the heap.")
    }

    @Test func everyTranslationErrorOnALineIsReportedAndLocated() {
        let found = errors("note \"x\" zn \"甲\" zh \"\" zh \"乙\" zh \"丙\"\n")
        #expect(found.map { "\($0.span.start.column)+\($0.span.length): \($0.message)" } == [
            "10+2: unknown language tag 'zn' before a translation",
            "20+2: empty 'zh' translation",
            "30+6: second 'zh' translation on this line",
        ])
    }

    @Test func expectBeforeAnySnapshotIsAWarningNotAnError() throws {
        let compilation = compile("expect HeapAlloc > 0\nsnapshot \"s\"")
        #expect(compilation.scenario != nil)
        #expect(compilation.diagnostics.map(\.kind) == [.expectBeforeSnapshot])
        #expect(compilation.diagnostics.first?.severity == .warning)
    }

    private func operation(_ s: Statement) -> ScenarioOperation? {
        if case .operation(let op) = s.kind { op } else { nil }
    }

    private func expectation(_ s: Statement) -> ScenarioLanguage.Expectation? {
        if case .expect(let e) = s.kind { e } else { nil }
    }
}
