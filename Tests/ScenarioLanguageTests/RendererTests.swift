import Testing
@testable import ScenarioLanguage

@Suite struct RendererTests {
    @Test func theSpecExampleExactly() {
        let source = String(repeating: "gc\n", count: 11) + "alloc 1000 x 1KB as burst\n"
        let compilation = ScenarioCompiler.compile(source: source, file: "Scenarios/spike.scenario")
        #expect(compilation.rendered() == """
        Scenarios/spike.scenario:12:14: error: unknown size unit 'KB' in '1KB'
           12 | alloc 1000 x 1KB as burst
              |              ^~~
        hint: decimal units are ambiguous here; write 1KiB or 1000B

        """)
    }

    @Test func severalDiagnosticsAndAWarning() {
        let source = "expect HeapAlloc > 0\nsnapshot \"s\" focus HeapIdel\n"
        #expect(compile(source).rendered() == """
        t.scenario:1:1: warning: 'expect' before any 'snapshot' has nothing to check
            1 | expect HeapAlloc > 0
              | ^~~~~~
        hint: take a 'snapshot' first
        t.scenario:2:20: error: unknown MemStats field 'HeapIdel'
            2 | snapshot "s" focus HeapIdel
              |                    ^~~~~~~~
        hint: did you mean 'HeapIdle'?

        """)
    }

    @Test func columnsCountCharactersAndWideOnesTakeTwoCells() {
        // 中文 are two Characters (six bytes); the error column counts Characters.
        let compilation = compile("step \"中文\" gc\n")
        let d = compilation.diagnostics[0]
        #expect(d.span.start.column == 11)
        #expect(compilation.rendered() == """
        t.scenario:1:11: error: unexpected 'gc' after the end of the 'step' statement
            1 | step "中文" gc
              |             ^~
        hint: one statement per line; '#' starts a comment

        """)
    }

    @Test func combiningCharactersAreOneColumn() {
        // "é" written as e + U+0301 is one Character.
        let d = compile("note \"e\u{301}\u{301}\" x").diagnostics[0]
        #expect(d.span.start.column == 10)
    }

    @Test func tabsShowAsFourSpacesAndTheCaretFollows() {
        let compilation = compile("\talloc 1 x 1KB\n")
        #expect(compilation.diagnostics[0].span.start.column == 12)
        #expect(compilation.rendered() == """
        t.scenario:1:12: error: unknown size unit 'KB' in '1KB'
            1 |     alloc 1 x 1KB
              |               ^~~
        hint: decimal units are ambiguous here; write 1KiB or 1000B

        """)
    }

    @Test func aMissingTokenIsMarkedJustPastTheLine() {
        #expect(compile("sleep").rendered() == """
        t.scenario:1:6: error: expected a duration after 'sleep', found end of line
            1 | sleep
              |      ^
        hint: a duration is a whole number and a unit: 250ms, 30s, 5m, 1h

        """)
    }

    @Test func aHugeLineIsCutAroundTheColumn() {
        let long = String(repeating: "a", count: 100_000)
        let compilation = compile("note \"\(long)\" oops\n")
        let d = compilation.diagnostics[0]
        #expect(d.span.start.column == 100_009)
        let text = compilation.rendered()
        #expect(text.count < 400)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "t.scenario:1:100009: error: unexpected 'oops' after the end of the 'note' statement")
        #expect(lines[1].hasPrefix("    1 | …aaa"))
        #expect(lines[1].hasSuffix("a\" oops"))
        // The caret sits under 'oops'.
        let excerpt = Array(lines[1]), caret = Array(lines[2])
        let at = caret.firstIndex(of: "^")
        #expect(at.map { String(excerpt[$0..<($0 + 4)]) } == "oops")
    }

    @Test func aHugeWordIsShortenedInTheMessage() {
        let word = String(repeating: "z", count: 50_000)
        let text = compile(word).rendered()
        #expect(text.contains("unknown statement '" + String(repeating: "z", count: 40) + "…'"))
        #expect(text.count < 600)
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let text = compile("gc \u{1B}[31mred\nnote \"\u{1B}]0;title\u{7}\" \u{202E}x\n").rendered()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.unicodeScalars.contains { $0.value == 0x202E })
        #expect(text.contains("unexpected character U+001B"))
    }

    @Test func colourOnlyWhenAsked() {
        #expect(!compile("gc x").rendered().contains("\u{1B}"))
        #expect(compile("gc x").rendered(usesColor: true).contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }
}
