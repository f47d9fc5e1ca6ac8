import Testing
@testable import ScenarioLanguage

@Suite struct LexerTests {
    private func lex(_ line: String) -> [Token] {
        (try? Lexer.tokens(of: Substring(line)).get()) ?? []
    }

    @Test func wordsNumbersStringsAndSymbols() {
        let tokens = lex(#"alloc 200_000 x 1KiB as warm-cache # comment "not a string""#)
        #expect(tokens.map { String($0.text) } == ["alloc", "200_000", "x", "1KiB", "as", "warm-cache"])
        #expect(tokens.map(\.kind) == [.word, .number, .word, .number, .word, .word])
        #expect(tokens.map(\.column) == [1, 7, 15, 17, 22, 25])
    }

    @Test func symbolsTakeTheLongestForm() {
        let tokens = lex("expect A<=B >= C<D>E==F ~ G + H - I within 5%")
        let symbols = tokens.filter { $0.kind == .symbol }.map { String($0.text) }
        #expect(symbols == ["<=", ">=", "<", ">", "==", "~", "+", "-", "%"])
    }

    @Test func stringsResolveEscapesAndCountCharacters() {
        let tokens = lex(#"note "say \"中文\" \\ ok" gc"#)
        #expect(tokens.count == 3)
        #expect(tokens[1].kind == .string(#"say "中文" \ ok"#))
        // The string covers columns 6…23 (quotes and escapes included, 中 and 文 one column each).
        #expect(tokens[1].column == 6 && tokens[1].length == 18)
        #expect(tokens[2].column == 25)
    }

    @Test func badFormsStayOneNumberToken() {
        #expect(lex("1.5MiB 1e6 1KB 5min").map { String($0.text) } == ["1.5MiB", "1e6", "1KB", "5min"])
    }

    @Test(arguments: [
        ("note \"abc", 6, "unterminated string"),
        ("note \"a\\nb\"", 8, "unknown escape '\\n' in string"),
        ("alloc 10 * 1KiB", 10, "unexpected character '*'"),
        ("expect A = B", 10, "unexpected character '='"),
        ("gc\u{0}", 3, "unexpected character U+0000"),
        ("步 gc", 1, "unexpected character '步'"),
    ])
    func lexicalErrors(line: String, column: Int, message: String) throws {
        guard case .failure(let error) = Lexer.tokens(of: Substring(line)) else {
            Issue.record("expected an error for \(line)")
            return
        }
        #expect(error.column == column)
        #expect(error.kind.message == message)
    }

    @Test func tokenCountIsBounded() {
        let line = String(repeating: "a ", count: Lexer.maximumTokensPerLine + 10)
        guard case .failure(let error) = Lexer.tokens(of: Substring(line)) else {
            Issue.record("expected tooManyTokens")
            return
        }
        #expect(error.kind == .tooManyTokens(limit: Lexer.maximumTokensPerLine))
    }

    @Test func sourceFileSplitsLinesAndDropsTheByteOrderMark() {
        let file = SourceFile(text: "\u{FEFF}gc\r\nrelease\n\ngc\r", file: "f")
        #expect(file.lines == ["gc", "release", "", "gc\r"])
        #expect(SourceFile(text: "", file: "f").lines == [""])
    }
}

@Suite struct PublicLiteralTests {
    @Test func sizesDurationsAndCountsReadAsInScenarios() throws {
        #expect(try ScenarioLiteral.size("2GiB").get() == 2 << 30)
        #expect(try ScenarioLiteral.duration("250ms").get() == 250_000_000)
        #expect(try ScenarioLiteral.count("200_000").get() == 200_000)
        guard case .failure(let kind) = ScenarioLiteral.size("1GB") else { Issue.record("1GB accepted"); return }
        #expect(kind.hint == "decimal units are ambiguous here; write 1GiB or 1000000000B")
        #expect((try? ScenarioLiteral.size("").get()) == nil)
        #expect((try? ScenarioLiteral.size("x1KiB").get()) == nil)
        #expect((try? ScenarioLiteral.size("1 KiB").get()) == nil)
        #expect((try? ScenarioLiteral.count("0").get()) == nil)
    }
}
