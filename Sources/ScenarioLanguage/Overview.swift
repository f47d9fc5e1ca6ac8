// The scenario language: a map of this module, and the decisions the spec leaves to us.
//
// Contract: ../shared/specs/scenario-language.md (version 1). This file is the project's own
// reference for what the spec leaves open; tutorials link here.
//
// ## Pipeline (one job per file)
//
//     bytes ──UTF8Validation──▶ SourceFile (lines) ──Lexer (per line)──▶ [Token]
//           ──Parser (per line, explicit repeat stack)──▶ SyntaxNode tree + header
//           ──Checker (groups, totals)──▶ Scenario (Scenario.swift)
//           ──ScenarioInterpreter──▶ ScenarioBackend calls ──▶ RunRecord (RunRecord.swift)
//
// `ScenarioCompiler.compile(source:file:limits:)` and `compile(bytes:file:limits:)` run every
// stage even after errors, so one pass reports all of them (`Compilation.diagnostics`, sorted
// by position, at most `ScenarioLimits.maximumDiagnostics` kept and the rest counted). Any
// error means no `Scenario`: nothing runs. `DiagnosticRenderer` is the one place that lays
// diagnostics out; `Diagnostic.Kind.message`/`hint` the one place that words them.
//
// ## Grammar (one statement per line; `#` to end of line is a comment)
//
//     header     = "title" STRING | "about" STRING            (before any other statement)
//     statement  = "step" STRING | "note" STRING
//                | "alloc" COUNT "x" SIZE { "as" GROUP | "pointers" | "untouched" }
//                | "free" GROUP [ "keep" "1" "in" COUNT ]
//                | "gc" | "release" | "sleep" DURATION
//                | "goroutines" COUNT "stack" SIZE "as" GROUP | "exit" GROUP
//                | "set" "gogc" ( PERCENT | "off" ) | "set" "memlimit" ( SIZE | "off" )
//                | "snapshot" STRING [ "focus" FIELD { FIELD } ]
//                | "expect" expr ( "<" | "<=" | ">" | ">=" | "==" ) expr
//                | "expect" expr "~" expr "within" PERCENT "%"
//                | "repeat" COUNT  …lines…  "end"
//     expr       = term { ( "+" | "-" ) term }      term = FIELD | SIZE | INTEGER
//
// ## Decisions the spec leaves open
//
// - Empty file (or only comments, blank lines, `title`/`about`): an error, "empty scenario:
//   nothing to run", at 1:1, with a hint showing a minimal scenario.
// - Bytes that are not UTF-8: one error at the first bad byte's line and column; the text is
//   not parsed (binary files would only yield noise). A leading byte-order mark is ignored.
// - Line ends: "\n" or "\r\n"; a lone "\r" is whitespace. Columns count Characters (a
//   grapheme cluster such as "é" written with a combining accent is one column).
// - SIZE may be `0B` (Go's zero-size allocations take no memory); it is at most 1 TiB.
//   DURATION may be `0ms` and is at most 24h. `expect` integers are any 64-bit value;
//   `expect` sizes follow SIZE.
// - `alloc` options (`as G`, `pointers`, `untouched`) come in any order, each at most once.
// - Group names cannot be keywords (`x`, `as`, `pointers`, `keep`, …, and statement words).
// - `goroutines … as G` on an existing goroutine group adds to it (like `alloc` does for
//   objects); a group holds either objects or goroutines, never both, while it exists.
//   After `free G`/`exit G` the name is free again, for either kind.
// - `free G keep 1 in K` takes K from 1 to 10^12 (K = 1 keeps every object).
// - `snapshot … focus` drops repeated fields; `focus` accepts every field, `expect` only
//   fields that are one number (not PauseNs, PauseEnd, BySize).
// - `expect` before any `snapshot` (in file order) is a warning, not an error: on a backend
//   without a snapshot it is reported as not checked.
// - `A ~ B within P%` holds when |A − B| ≤ P/100 × |B|. Fields are read exactly as integers
//   (GCCPUFraction as a fraction, EnableGC/DebugGC as 0 or 1), compared as Double.
//
// ## Limits (`ScenarioLimits`, each with its reason there)
//
// COUNT 1…10^12 and SIZE ≤ 1 TiB and PERCENT 1…10000 (spec); `alloc`/`goroutines` COUNT ×
// SIZE and the run's total requested bytes (repeats multiplied out) must fit in 64 bits;
// `repeat` nests at most 16 deep; a run executes at most 1 000 000 statements and takes at
// most 10 000 snapshots (repeats multiplied out); a line holds at most 256 tokens; a file
// is read up to 1 000 000 lines of statements; at most 50 diagnostics are kept.
//
// ## Exit status
//
// The language reports; the CLI decides (`ExitStatus` in MemStatsCLI): a scenario with any
// error runs nothing and exits 3 (bad scenario); a file that cannot be read exits 4; warnings
// do not change the exit status; a failed `expect` exits 1; a backend failure exits 5.
//
// ## Why nothing here recurses deeply
//
// `repeat … end` is matched with an explicit stack, and blocks deeper than the nesting limit
// are reported and not built, so the checker and `ResourceEstimate` recurse at most 16 deep
// and the interpreter walks blocks with a frame stack. The lexer reads each Character once.
