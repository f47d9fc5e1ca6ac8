import Testing
@testable import ScenarioLanguage

/// One error a user can make, and exactly what they are told.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var source: String
    var line: Int
    var column: Int
    var message: String
    var hint: String?

    var testDescription: String { name }
}

/// The message text, line and column of each distinct error, pinned.
@Suite struct DiagnosticTableTests {
    static let snap = "snapshot \"s\"\n"

    static let cases: [ErrorCase] = [
        ErrorCase(name: "decimal size unit", source: "alloc 1000 x 1KB as burst", line: 1, column: 14,
                  message: "unknown size unit 'KB' in '1KB'", hint: "decimal units are ambiguous here; write 1KiB or 1000B"),
        ErrorCase(name: "unknown size unit", source: "alloc 1 x 1kib", line: 1, column: 11,
                  message: "unknown size unit 'kib' in '1kib'", hint: "did you mean 'KiB'? units are B, KiB, MiB, GiB, TiB"),
        ErrorCase(name: "size without unit", source: "alloc 10 x 64", line: 1, column: 12,
                  message: "size '64' has no unit", hint: "write 64B, or 64KiB for 64 × 1024 bytes"),
        ErrorCase(name: "fractional size", source: "alloc 10 x 1.5MiB", line: 1, column: 12,
                  message: "'1.5MiB' is not a whole number", hint: "write 1536KiB"),
        ErrorCase(name: "whole size with a point", source: "alloc 10 x 2.0MiB", line: 1, column: 12,
                  message: "'2.0MiB' is not a whole number", hint: "write 2MiB"),
        ErrorCase(name: "size over 1TiB", source: "alloc 1 x 2TiB", line: 1, column: 11,
                  message: "size '2TiB' is more than 1TiB", hint: "scenarios ask for at most 1TiB at a time"),
        ErrorCase(name: "count zero", source: "alloc 0 x 1KiB", line: 1, column: 7,
                  message: "count must be between 1 and 10^12, found '0'", hint: "write a whole number from 1 to 1_000_000_000_000"),
        ErrorCase(name: "count past 10^12", source: "alloc 1_000_000_000_001 x 1B", line: 1, column: 7,
                  message: "count must be between 1 and 10^12, found '1_000_000_000_001'"),
        ErrorCase(name: "count past 64 bits", source: "repeat 99999999999999999999999\ngc\nend", line: 1, column: 8,
                  message: "repeat count must be between 1 and 10^12, found '99999999999999999999999'"),
        ErrorCase(name: "negative count", source: "alloc -5 x 1KiB", line: 1, column: 7,
                  message: "negative number '-5'", hint: "counts start at 1"),
        ErrorCase(name: "exponent", source: "alloc 1e6 x 1KiB", line: 1, column: 7,
                  message: "exponent notation in '1e6'", hint: "write 1_000_000"),
        ErrorCase(name: "exponent with a unit", source: "alloc 10 x 1e3KiB", line: 1, column: 12,
                  message: "exponent notation in '1e3KiB'", hint: "write 1_000KiB"),
        ErrorCase(name: "NUL byte", source: "gc\u{0}", line: 1, column: 3, message: "unexpected character U+0000",
                  hint: "control characters cannot appear in a scenario; is this a text file?"),
        ErrorCase(name: "bare CR line ends", source: "gc\rgc\r", line: 1, column: 3,
                  message: "carriage return (CR) without a line feed",
                  hint: "lines end with LF or CR LF; if the file's lines end with CR alone (classic Mac), convert it: "
                      + "tr '\\r' '\\n' < old.scenario > new.scenario"),
        ErrorCase(name: "empty step", source: "step \"\"\ngc", line: 1, column: 6, message: "empty text for 'step'",
                  hint: "write what it should show, e.g. step \"After the burst\""),
        ErrorCase(name: "blank snapshot label", source: "snapshot \"  \"", line: 1, column: 10,
                  message: "empty text for 'snapshot'"),
        ErrorCase(name: "count against bytes", source: snap + "expect NumGC == 1KiB", line: 2, column: 17,
                  message: "'1KiB' is bytes but 'NumGC' is a count; a claim compares like with like",
                  hint: "compare a count with a count or a plain number, e.g. 'NumGC >= 1'; 'memstats explain FIELD' "
                      + "tells what a field counts"),
        ErrorCase(name: "fraction against bytes", source: snap + "expect GCCPUFraction < 1MiB", line: 2, column: 24,
                  message: "'1MiB' is bytes but 'GCCPUFraction' is a fraction; a claim compares like with like"),
        ErrorCase(name: "bytes plus a count", source: snap + "expect HeapAlloc + NumGC > 0", line: 2, column: 20,
                  message: "'NumGC' is a count but 'HeapAlloc' is bytes; a claim compares like with like"),
        ErrorCase(name: "nanoseconds against a timestamp", source: snap + "expect PauseTotalNs < LastGC", line: 2,
                  column: 23, message: "'LastGC' is a timestamp but 'PauseTotalNs' is nanoseconds; a claim compares like with like"),
        ErrorCase(name: "misplaced underscore", source: "alloc 200__000 x 1B", line: 1, column: 7,
                  message: "misplaced '_' in '200__000'; '_' goes only between digits"),
        ErrorCase(name: "unit on a count", source: "alloc 3KiB x 1KiB", line: 1, column: 7,
                  message: "a count takes no unit, found 'KiB' in '3KiB'"),
        ErrorCase(name: "glued x", source: "alloc 1000x1KiB", line: 1, column: 7,
                  message: "expected spaces around 'x' in '1000x1KiB'", hint: "write 'alloc 1000 x 1KiB'"),
        ErrorCase(name: "star for x", source: "alloc 10 * 1KiB", line: 1, column: 10,
                  message: "unexpected character '*'", hint: "write 'x' between count and size: 'alloc 1000 x 1KiB'"),
        ErrorCase(name: "allocation overflows 64 bits", source: "alloc 1000000000000 x 1TiB", line: 1, column: 7,
                  message: "'1000000000000 x 1TiB' is more than 2^64 bytes", hint: "lower the count or the size"),
        ErrorCase(name: "total overflows 64 bits", source: "repeat 1000000\nalloc 1000000 x 1TiB\nend", line: 2, column: 1,
                  message: "the scenario requests more than 2^64 bytes in total"),
        ErrorCase(name: "stack past Go's maximum", source: "goroutines 4 stack 600MiB as w", line: 1, column: 20,
                  message: "a goroutine stack of 600MiB grows to 1GiB, past Go's 1000000000-byte maximum: "
                      + "real Go stops with 'runtime: goroutine stack exceeds 1000000000-byte limit'",
                  hint: "stacks grow by doubling, so one goroutine can have at most 512MiB: "
                      + "write 'stack 512MiB' or less, and more goroutines for more stack"),
        ErrorCase(name: "live memory past Go's address space", source: "alloc 100 x 1TiB as a\nalloc 200 x 1TiB as b",
                  line: 2, column: 1,
                  message: "the scenario keeps about 300TiB live at once (objects, their slot slices, stacks), more than "
                      + "the 256TiB Go can map on linux/amd64 (its heap arenas cover a 48-bit address space)",
                  hint: "lower the counts or the sizes, or free groups before allocating more"),
        ErrorCase(name: "live memory just past Go's address space", source: "repeat 256\nalloc 1 x 1TiB as g\nend",
                  line: 1, column: 1,
                  message: "the scenario keeps 281474976712704 bytes live at once (objects, their slot slices, stacks), "
                      + "more than the 256TiB Go can map on linux/amd64 (its heap arenas cover a 48-bit address space)"),
        ErrorCase(name: "size unit written apart", source: "alloc 5 x 1 KiB", line: 1, column: 11,
                  message: "space between '1' and its unit 'KiB'", hint: "write 1KiB"),
        ErrorCase(name: "decimal unit written apart", source: "alloc 5 x 1 KB", line: 1, column: 11,
                  message: "unknown size unit 'KB' in '1KB'"),
        ErrorCase(name: "gogc with percent sign", source: "set gogc 50%", line: 1, column: 12,
                  message: "unexpected '%' after the end of the 'set' statement", hint: "'set gogc' takes a plain number: 'set gogc 50'"),
        ErrorCase(name: "fields glued by minus", source: "snapshot \"s\"\nexpect HeapIdle-HeapReleased > 0", line: 2, column: 8,
                  message: "unknown MemStats field 'HeapIdle-HeapReleased'", hint: "write spaces around '-': 'HeapIdle - HeapReleased'"),
        ErrorCase(name: "fractional duration", source: "sleep 1.5s", line: 1, column: 7,
                  message: "'1.5s' is not a whole number", hint: "write 1500ms"),
        ErrorCase(name: "duration without unit", source: "sleep 5", line: 1, column: 7,
                  message: "duration '5' has no unit", hint: "write 5s or 5ms"),
        ErrorCase(name: "duration unit min", source: "sleep 5min", line: 1, column: 7,
                  message: "unknown duration unit 'min' in '5min'", hint: "write 'm'; units are ms, s, m, h"),
        ErrorCase(name: "duration over a day", source: "sleep 25h", line: 1, column: 7,
                  message: "duration '25h' is longer than 24h"),
        ErrorCase(name: "gogc zero", source: "set gogc 0", line: 1, column: 10,
                  message: "percent must be between 1 and 10000, found '0'"),
        ErrorCase(name: "unknown setting", source: "set gomemlimit 1GiB", line: 1, column: 5,
                  message: "unknown setting 'gomemlimit'", hint: "did you mean 'memlimit'?"),
        ErrorCase(name: "unknown statement", source: "aloc 10 x 1KiB", line: 1, column: 1,
                  message: "unknown statement 'aloc'", hint: "did you mean 'alloc'?"),
        ErrorCase(name: "upper-case keyword", source: "GC", line: 1, column: 1,
                  message: "unknown statement 'GC'", hint: "keywords are lower case: 'gc'"),
        ErrorCase(name: "misspelled field", source: "snapshot \"s\" focus heapidle", line: 1, column: 20,
                  message: "unknown MemStats field 'heapidle'", hint: "did you mean 'HeapIdle'?"),
        ErrorCase(name: "field in expect", source: snap + "expect HeapAloc > 1MiB", line: 2, column: 8,
                  message: "unknown MemStats field 'HeapAloc'", hint: "did you mean 'HeapAlloc'?"),
        ErrorCase(name: "table field in expect", source: snap + "expect BySize > 0", line: 2, column: 8,
                  message: "field 'BySize' is not a single number, so 'expect' cannot compare it"),
        ErrorCase(name: "single equals", source: snap + "expect NumGC = 1", line: 2, column: 14,
                  message: "unexpected character '='", hint: "compare with '=='"),
        ErrorCase(name: "missing comparison", source: snap + "expect HeapAlloc 5", line: 2, column: 18,
                  message: "expected a comparison after 'HeapAlloc', found '5'"),
        ErrorCase(name: "approximately without within", source: snap + "expect HeapAlloc ~ 100MiB", line: 2, column: 26,
                  message: "'~' needs 'within P%' at the end", hint: "write 'A ~ B within 10%'"),
        ErrorCase(name: "within without approximately", source: snap + "expect HeapAlloc > 1MiB within 5%", line: 2, column: 25,
                  message: "'within' only follows '~'"),
        ErrorCase(name: "missing percent sign", source: snap + "expect HeapAlloc ~ 1MiB within 5", line: 2, column: 33,
                  message: "expected '%' after '5', found end of line"),
        ErrorCase(name: "x expected", source: "alloc 10 by 1KiB", line: 1, column: 10,
                  message: "expected 'x' after '10', found 'by'", hint: "write 'alloc 1000 x 1KiB'"),
        ErrorCase(name: "stack expected", source: "goroutines 10 as w", line: 1, column: 15,
                  message: "expected 'stack' after '10', found 'as'", hint: "write 'goroutines 100 stack 8KiB as workers'"),
        ErrorCase(name: "setting value expected", source: "set memlimit", line: 1, column: 13,
                  message: "expected a size or 'off' after 'memlimit', found end of line",
                  hint: "e.g. 'set memlimit 512MiB' or 'set memlimit off'"),
        ErrorCase(name: "string expected", source: "step Burst", line: 1, column: 6,
                  message: "expected a string after 'step', found 'Burst'", hint: "text goes in double quotes: \"like this\""),
        ErrorCase(name: "escape sequence inside a string", source: "note \"x\u{1B}[2J\"", line: 1, column: 8,
                  message: "control character U+001B in string", hint: "strings hold printable text; remove it (tabs are fine)"),
        ErrorCase(name: "bidi override inside a string", source: "step \"\u{202E}abc\"", line: 1, column: 7,
                  message: "control character U+202E in string"),
        ErrorCase(name: "a field where a statement goes", source: "HeapAlloc > 5", line: 1, column: 1,
                  message: "unknown statement 'HeapAlloc'", hint: "to check a field, write 'expect HeapAlloc > 0'"),
        ErrorCase(name: "unterminated string", source: "note \"abc", line: 1, column: 6,
                  message: "unterminated string"),
        ErrorCase(name: "unknown escape", source: "note \"a\\tb\"", line: 1, column: 8,
                  message: "unknown escape '\\t' in string"),
        ErrorCase(name: "trailing words", source: "gc now", line: 1, column: 4,
                  message: "unexpected 'now' after the end of the 'gc' statement"),
        ErrorCase(name: "missing count", source: "repeat\ngc\nend", line: 1, column: 7,
                  message: "expected a repeat count after 'repeat', found end of line",
                  hint: "a count is a whole number from 1 to 10^12, e.g. 1000 or 200_000"),
        ErrorCase(name: "keep 2 in 5", source: "alloc 9 x 1KiB as g\nfree g keep 2 in 5", line: 2, column: 13,
                  message: "expected 'keep 1 in K', found 'keep 2 in'"),
        ErrorCase(name: "keyword as group", source: "alloc 1 x 1KiB as pointers", line: 1, column: 19,
                  message: "'pointers' is a keyword and cannot name a group"),
        ErrorCase(name: "undefined group", source: "alloc 10 x 1KiB as burst\nfree brust", line: 2, column: 6,
                  message: "'free' of group 'brust', which does not exist here", hint: "did you mean 'burst'?"),
        ErrorCase(name: "group freed twice", source: "alloc 10 x 1KiB as g\nfree g\nfree g", line: 3, column: 6,
                  message: "'free' of group 'g', which was already freed at line 2"),
        ErrorCase(name: "freed on an earlier pass", source: "alloc 1 x 1KiB as g\nrepeat 2\nfree g\nend", line: 3, column: 6,
                  message: "'free' of group 'g', which was freed at line 3 on the previous pass of the repeat at line 2"),
        ErrorCase(name: "exit of objects", source: "alloc 1 x 1KiB as g\nexit g", line: 2, column: 6,
                  message: "'exit' needs a group of goroutines, but 'g' holds objects (made at line 1)", hint: "write 'free g'"),
        ErrorCase(name: "free of goroutines", source: "goroutines 4 stack 8KiB as w\nfree w", line: 2, column: 6,
                  message: "'free' needs a group of objects, but 'w' holds goroutines (made at line 1)", hint: "write 'exit w'"),
        ErrorCase(name: "exit of nothing", source: "exit w", line: 1, column: 6,
                  message: "'exit' of group 'w', which does not exist here",
                  hint: "start it first: 'goroutines 10 stack 8KiB as w'"),
        ErrorCase(name: "objects into a goroutine group", source: "goroutines 4 stack 8KiB as w\nalloc 1 x 1KiB as w", line: 2, column: 19,
                  message: "group 'w' holds goroutines (made at line 1), so it cannot take objects"),
        ErrorCase(name: "end without repeat", source: "gc\nend", line: 2, column: 1,
                  message: "'end' without 'repeat'"),
        ErrorCase(name: "repeat without end", source: "repeat 3\ngc", line: 1, column: 1,
                  message: "'repeat' without 'end'", hint: "add 'end' after the statements to repeat"),
        ErrorCase(name: "nesting too deep", source: String(repeating: "repeat 1\n", count: 17) + "gc\n" + String(repeating: "end\n", count: 17),
                  line: 17, column: 1, message: "'repeat' nested more than 16 deep"),
        ErrorCase(name: "header after statement", source: "gc\ntitle \"late\"", line: 2, column: 1,
                  message: "'title' must come before the first statement (line 1)"),
        ErrorCase(name: "second title", source: "title \"a\"\ntitle \"b\"\ngc", line: 2, column: 1,
                  message: "second 'title'; the scenario already has one at line 1", hint: "use 'about' for more lines"),
        ErrorCase(name: "too many statements", source: "repeat 1000000\ngc\ngc\nend", line: 1, column: 1,
                  message: "the scenario would run 2000000 statements; the limit is 1000000"),
        ErrorCase(name: "statements past 64 bits", source: "repeat 1000000000000\nrepeat 1000000000000\ngc\nend\nend", line: 1, column: 1,
                  message: "the scenario would run more than 2^64 statements; the limit is 1000000"),
        ErrorCase(name: "too many snapshots", source: "repeat 10001\nsnapshot \"s\"\nend", line: 1, column: 1,
                  message: "the scenario would take 10001 snapshots; the limit is 10000"),
        ErrorCase(name: "empty", source: "# nothing here\n\n", line: 1, column: 1,
                  message: "empty scenario: nothing to run"),
        ErrorCase(name: "header only", source: "title \"t\"\nabout \"a\"", line: 1, column: 1,
                  message: "empty scenario: nothing to run"),
        // Version 1.1: translated narration.
        ErrorCase(name: "unknown language tag", source: "note \"Idle.\" zn \"空闲\"\ngc", line: 1, column: 14,
                  message: "unknown language tag 'zn' before a translation", hint: "did you mean 'zh'?"),
        ErrorCase(name: "English as a translation", source: "step \"a\" en \"a\"\ngc", line: 1, column: 10,
                  message: "unknown language tag 'en' before a translation",
                  hint: "the first string is the English; translations are tagged 'zh'"),
        ErrorCase(name: "second translation into one language", source: "step \"a\" zh \"甲\" zh \"乙\"\ngc", line: 1, column: 17,
                  message: "second 'zh' translation on this line",
                  hint: "give one translation per language; remove one of them"),
        ErrorCase(name: "empty translation", source: "title \"t\" zh \" \"\ngc", line: 1, column: 14,
                  message: "empty 'zh' translation"),
        ErrorCase(name: "translation after an operation", source: "alloc 10 x 1KiB as a zh \"分配\"", line: 1, column: 22,
                  message: "'alloc' takes no translation ('zh' \"…\")",
                  hint: "translations follow the text of title, about, step, note and snapshot"),
        ErrorCase(name: "translation after gc", source: "gc zh \"回收\"", line: 1, column: 4,
                  message: "'gc' takes no translation ('zh' \"…\")"),
        ErrorCase(name: "translation after focus", source: "snapshot \"s\" focus HeapIdle zh \"快照\"", line: 1, column: 29,
                  message: "the 'zh' translation comes after 'focus'",
                  hint: "write it before 'focus': snapshot \"Label\" zh \"…\" focus HeapIdle"),
        ErrorCase(name: "tag without its text", source: "snapshot \"s\" zh focus HeapIdle", line: 1, column: 17,
                  message: "expected a string after 'zh', found 'focus'"),
    ]

    @Test(arguments: cases)
    func pinned(_ c: ErrorCase) throws {
        let found = errors(c.source)
        let first = try #require(found.first, "no error for \(c.name)")
        #expect("\(first.span.start.line):\(first.span.start.column)" == "\(c.line):\(c.column)")
        #expect(first.message == c.message)
        if let hint = c.hint { #expect(first.hint == hint) }
        #expect(compile(c.source).scenario == nil)
    }

    @Test func everyCaseIsDistinct() {
        #expect(Set(Self.cases.map(\.message)).count >= 55)
    }

    @Test func everyErrorInTheFileIsReportedInOnePass() {
        let source = """
        title "many mistakes"
        aloc 10 x 1KiB
        alloc 0 x 1KB as burst
        snapshot "s" focus heapidle HeapAloc
        free brust
        sleep 5
        end
        exit burst
        repeat 2
        gc
        """
        let found = errors(source).map { "\($0.span.start.line):\($0.span.start.column) \($0.message)" }
        #expect(found == [
            "2:1 unknown statement 'aloc'",
            "3:7 count must be between 1 and 10^12, found '0'",
            "3:11 unknown size unit 'KB' in '1KB'",
            "4:20 unknown MemStats field 'heapidle'",
            "4:29 unknown MemStats field 'HeapAloc'",
            "5:6 'free' of group 'brust', which does not exist here",
            "6:7 duration '5' has no unit",
            "7:1 'end' without 'repeat'",
            "8:6 'exit' needs a group of goroutines, but 'burst' holds objects (made at line 3)",
            "9:1 'repeat' without 'end'",
        ])
    }

    @Test func aBrokenLineDoesNotMakeItsGroupUndefinedLater() {
        // The alloc line fails (no size), but it meant to make 'cache': no follow-on error for 'free cache'.
        let found = errors("alloc 10 x as cache\nfree cache")
        #expect(found.count == 1)
        #expect(found.first?.message == "expected a size after 'x', found 'as'")
        // Also when the lexer gives up on the line.
        #expect(errors("alloc 10 * 1KiB as cache\nfree cache").map(\.message) == ["unexpected character '*'"])
    }

    @Test func groupsAcrossPassesOfNestedRepeatsNameTheLoopThatCarriedThem() {
        let source = """
        alloc 1 x 1KiB as g
        repeat 2
          repeat 2
            free g
            alloc 1 x 1KiB as g
          end
          free g
        end
        """
        #expect(errors(source).map(\.description) == [
            "t.scenario:4:10: error: 'free' of group 'g', which was freed at line 7 on the previous pass of the repeat at line 2",
        ])
        // A body that makes what it frees is fine on every pass.
        #expect(errors("repeat 3\nrepeat 2\nalloc 1 x 1KiB as g\nfree g\nend\ngoroutines 1 stack 8KiB as w\nexit w\nend").isEmpty)
        // A repeat of count 1 has no second pass.
        #expect(errors("alloc 1 x 1KiB as g\nrepeat 1\nfree g\nend").isEmpty)
    }

    @Test func aBrokenRepeatOrEndStillOpensOrClosesItsBlock() {
        #expect(errors("repeat\ngc\nend").map(\.description) == ["t.scenario:1:7: error: expected a repeat count after 'repeat', found end of line"])
        #expect(errors("repeat 2 times\ngc\nend").map(\.description) == ["t.scenario:1:10: error: unexpected 'times' after the end of the 'repeat' statement"])
        #expect(errors("repeat 2\ngc\nend repeat").map(\.description) == ["t.scenario:3:5: error: unexpected 'repeat' after the end of the 'end' statement"])
    }

    @Test func diagnosticsAreCappedAndCounted() {
        let source = String(repeating: "bogus\n", count: 500)
        let compilation = compile(source)
        #expect(compilation.diagnostics.count == ScenarioLimits.default.maximumDiagnostics)
        #expect(compilation.omittedDiagnosticCount == 450)
        #expect(compilation.errorCount == 500)
        #expect(compilation.rendered().hasSuffix("and 450 more problems in t.scenario not shown\n"))
    }
}
