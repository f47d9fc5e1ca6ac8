// Turns a checked scenario into one Go program (main.go) whose run is the scenario on a real
// Go runtime: the "Go program equivalent" column of the scenario-language spec, statement by
// statement, with `repeat` kept as Go loops.
//
// Why a generated program: real runtime.MemStats numbers come only from a real Go runtime,
// and the honest comparison is the same story told to both the simulator and Go. The program
// records every snapshot into storage that exists before the first one is taken and prints
// everything as one JSON document at the very end, so its own bookkeeping stays out of the
// numbers it measures.
//
// How the scenario maps onto Go (each choice is also commented in the generated program):
// - Groups of objects are package-level variables (`objects1_burst []unsafe.Pointer`), so the
//   compiler can never prove them dead. A slot is one pointer (8 B), as the spec says.
// - `alloc COUNT x SIZE as G` into an existing group makes a new slot slice of exactly
//   len(old)+COUNT slots, copies the old slots, stores the new slice in the group, and only
//   then makes the objects: the old slice is garbage from that moment, exactly like the
//   simulator's group slice. A new group starts with a slice of exactly COUNT slots.
// - An object without pointers is `make([]byte, SIZE)` (a noscan object of SIZE bytes). With
//   `pointers` it is `make([]*byte, ceil(SIZE/8))`: SIZE bytes of pointer slots, rounded up to
//   a whole 8-byte word (the only sizes a pointer array can have); the runtime then picks the
//   scan size class (and, above 512 B, adds its 8-byte malloc header) on its own. The slot
//   stores a pointer to element 0, which keeps the whole object alive.
// - Touching: one write in every 4 KiB page the object covers (the first byte of the object,
//   then the first byte of each later page), unless `untouched`. A pointer object gets a
//   pointer stored in the first slot of each page.
// - Garbage (`alloc` without `as`) goes through a package-level `sink`, so escape analysis
//   cannot keep it on the stack or drop it; the sink is cleared after the statement.
// - `goroutines COUNT stack SIZE as G`: each goroutine recurses through frames with a local
//   byte array that is live across the call, measuring how deep its frames reach, until they
//   cover max(SIZE − 2 KiB, S/2) bytes where S is SIZE rounded up to a power of two (at least
//   2 KiB). The 2 KiB margin keeps the runtime's stack guard and the goroutine's own entry
//   frames inside S, so the stack ends exactly at S (a 64 KiB request runs on a 64 KiB stack
//   with ≈62 KiB of frames); a 2 KiB request does not recurse. It then blocks on its group's
//   channel. The statement returns only when every new goroutine is blocked, so the next
//   snapshot sees grown stacks. Each is started as `go goroutineMain(group)`, with one
//   argument as Go programs usually start goroutines, so the heap gets what such a program
//   gets: a 16-byte closure holding the argument, the goroutine's g, and a sudog when it
//   blocks; plus one channel per group (an hchan, made when the group starts). The frame
//   target is handed over in a package variable. The sizes involved (slots, closure, hchan,
//   frames, the import set) are GoProgramShape's: the simulator reads the same value.
// - `exit G` closes the channel and waits (sync.WaitGroup) until all of them have returned.
// - `sleep` sleeps for real, capped at the writer's `maxSleepNanoseconds`; caps are reported.
// - Snapshots: runtime.ReadMemStats into a package-level array sized for every snapshot the
//   program will take, and the raw texts of /proc/self/status, smaps_rollup and statm read
//   with openat/read/close system calls into package-level buffers. Those arrays hold no
//   pointers, so they sit in .noptrbss: outside the heap, not scanned, not in Sys, resident
//   only once written.
// - The program writes its JSON by hand with strconv, and imports nothing that runtime/debug
//   does not already bring in: encoding/json's package initialisation would add about 27
//   objects and 32 KiB of in-use spans to the start-up baseline (measured with Go 1.27.3), and
//   with it the program starts where a tiny Go program does (HeapInuse 229 376 B at P=1).

import FieldCatalogue
import Foundation
import GoProgramContract
import ScenarioLanguage

/// The generated program and what the backend needs to know about it.
public struct GoProgram: Sendable, Equatable {
    /// The whole main.go.
    public var source: String
    /// How many snapshot readings the program records (snapshot statements × enclosing repeats).
    public var snapshotCount: Int
    /// The real time the program sleeps in total, after capping, with repeats multiplied.
    public var totalSleepNanoseconds: UInt64
    /// Every `sleep` whose duration was cut to the cap.
    public var cappedSleeps: [CappedSleep]

    /// One `sleep` statement that sleeps less on real Go than the scenario says.
    public struct CappedSleep: Sendable, Equatable {
        public var span: SourceSpan
        public var requestedNanoseconds: UInt64
        public var sleptNanoseconds: UInt64
    }
}

/// Why a scenario cannot become a Go program.
public enum GoProgramError: Error, Sendable, Equatable {
    /// The snapshots (repeats multiplied) exceed the preallocated storage the program may have.
    case tooManySnapshots(count: UInt64, limit: Int)
    /// One of the program's `.go` files is missing from memstats' resources (a broken install).
    case missingProgramFile(String)

    public var message: String {
        switch self {
        case .tooManySnapshots(let count, let limit):
            "the scenario takes \(count) snapshots (repeats multiplied); the Go program preallocates at most \(limit)"
        case .missingProgramFile(let name):
            "memstats' resource GoProgram/\(name) is missing; reinstall memstats (swift build)"
        }
    }
}

/// Scenario → main.go. Deterministic: the same scenario and options give the same text.
public struct GoProgramWriter: Sendable {
    /// The longest real sleep of one `sleep` statement (`--max-sleep`, default 10 s).
    public var maxSleepNanoseconds: UInt64
    /// At most this many snapshot readings (each costs ≈13 KiB of .noptrbss).
    public var snapshotLimit: Int
    /// The program's shape: the numbers written into it, which the simulator models.
    public var shape: GoProgramShape

    public static let defaultMaxSleepNanoseconds: UInt64 = 10_000_000_000

    public init(maxSleepNanoseconds: UInt64 = GoProgramWriter.defaultMaxSleepNanoseconds, snapshotLimit: Int = 4096,
                shape: GoProgramShape = .go1_27) {
        self.maxSleepNanoseconds = maxSleepNanoseconds
        self.snapshotLimit = snapshotLimit
        self.shape = shape
    }

    public func program(for scenario: Scenario) throws(GoProgramError) -> GoProgram {
        var names = GroupNames()
        names.collect(scenario.statements)
        var labels: [(label: String, line: Int)] = []
        collectSnapshots(scenario.statements, into: &labels)

        let snapshotCount = countSnapshots(scenario.statements)
        guard snapshotCount <= UInt64(snapshotLimit) else {
            throw .tooManySnapshots(count: snapshotCount, limit: snapshotLimit)
        }
        var body = Body(maxSleep: maxSleepNanoseconds, names: names)
        body.emit(scenario.statements, depth: 1, times: 1)

        var out = ""
        out += "// Code generated by memstats from \(scenario.file); DO NOT EDIT.\n"
        out += "//\n"
        if let title = scenario.title { out += "// \(GoText.comment(title))\n" }
        for line in scenario.about { out += "// \(GoText.comment(line))\n" }
        if scenario.title != nil || !scenario.about.isEmpty { out += "//\n" }
        out += try preamble
        out += "\n// The scenario's snapshot statements, in source order.\n"
        out += "var snapshotStatements = [...]snapshotStatement{\n"
        for (label, line) in labels {
            out += "\t{label: \(GoText.literal(label)), line: \(line)},\n"
        }
        if labels.isEmpty { out += "\t{label: \"\", line: 0}, // none; keeps the array non-empty\n" }
        out += "}\n\n"
        out += "// Storage for every reading the program takes, allocated before main starts (no heap).\n"
        out += "const snapshotCapacity = \(max(snapshotCount, 1))\n\n"
        out += "var (\n"
        out += "\tsnapshotMemStats    [snapshotCapacity]runtime.MemStats\n"
        out += "\tsnapshotStatus      [snapshotCapacity]procText\n"
        out += "\tsnapshotSmaps       [snapshotCapacity]procText\n"
        out += "\tsnapshotStatm       [snapshotCapacity]procText\n"
        out += "\tsnapshotStatementOf [snapshotCapacity]int\n"
        out += "\tsnapshotElapsed     [snapshotCapacity]time.Duration\n"
        out += "\tsnapshotsTaken      int\n"
        out += ")\n"
        out += groupVariables("Groups of objects: one package-level slot slice each (\(shape.slotBytes) B a slot), in order of first use.",
                              order: names.objectOrder, goNames: names.objects, type: "[]unsafe.Pointer")
        out += groupVariables("Groups of goroutines, in order of first use.",
                              order: names.goroutineOrder, goNames: names.goroutines, type: "goroutineGroup")
        out += "\nfunc main() {\n"
        out += "\tprogramStart = time.Now()\n"
        out += body.text
        out += "\tprintReadings(\(GoText.literal(scenario.file)))\n"
        out += "}\n"
        out += try helpers
        return GoProgram(source: out, snapshotCount: Int(snapshotCount),
                         totalSleepNanoseconds: body.totalSleep, cappedSleeps: body.capped)
    }

    // MARK: - Walking the tree

    private func collectSnapshots(_ statements: [Statement], into labels: inout [(label: String, line: Int)]) {
        for s in statements {
            switch s.kind {
            case .snapshot(let label, _): labels.append((label, s.span.start.line))
            case .repeatBlock(_, let body): collectSnapshots(body, into: &labels)
            default: break
            }
        }
    }

    private func countSnapshots(_ statements: [Statement]) -> UInt64 {
        var n: UInt64 = 0
        for s in statements {
            switch s.kind {
            case .snapshot: n = saturatingAdd(n, 1)
            case .repeatBlock(let count, let body): n = saturatingAdd(n, saturatingMul(count, countSnapshots(body)))
            default: break
            }
        }
        return n
    }

    /// Go identifiers for scenario groups: `objects1_burst`, `goroutines1_workers`.
    struct GroupNames {
        var objects: [String: String] = [:]
        var objectOrder: [String] = []
        var goroutines: [String: String] = [:]
        var goroutineOrder: [String] = []

        mutating func collect(_ statements: [Statement]) {
            for s in statements {
                switch s.kind {
                case .repeatBlock(_, let body): collect(body)
                case .operation(.alloc(let a)):
                    if let g = a.group, objects[g] == nil {
                        objectOrder.append(g)
                        objects[g] = "objects\(objectOrder.count)_" + goIdentifierTail(g)
                    }
                case .operation(.goroutines(_, _, let g)):
                    if goroutines[g] == nil {
                        goroutineOrder.append(g)
                        goroutines[g] = "goroutines\(goroutineOrder.count)_" + goIdentifierTail(g)
                    }
                default: break
                }
            }
        }

        func goIdentifierTail(_ name: String) -> String {
            String(name.map { $0 == "-" ? "_" : $0 })
        }
    }

    struct Body {
        let maxSleep: UInt64
        let names: GroupNames
        var text = ""
        var totalSleep: UInt64 = 0
        var capped: [GoProgram.CappedSleep] = []
        var snapshotIndex = 0

        init(maxSleep: UInt64, names: GroupNames) {
            self.maxSleep = maxSleep
            self.names = names
        }

        mutating func line(_ depth: Int, _ s: String) {
            text += String(repeating: "\t", count: depth) + s + "\n"
        }

        mutating func emit(_ statements: [Statement], depth: Int, times: UInt64) {
            for s in statements {
                let at = "line \(s.span.start.line)"
                switch s.kind {
                case .step(let name):
                    line(depth, "// \(at): step \(GoText.comment(GoText.quoted(name)))")
                case .note(let note):
                    line(depth, "// \(at): note \(GoText.comment(GoText.quoted(note)))")
                case .expect(let e):
                    line(depth, "// \(at): expect \(GoText.comment(e.text)) (checked by memstats on the readings)")
                case .snapshot(let label, _):
                    line(depth, "// \(at): snapshot \(GoText.comment(GoText.quoted(label)))")
                    line(depth, "takeSnapshot(\(snapshotIndex))")
                    snapshotIndex += 1
                case .repeatBlock(let count, let body):
                    let v = "repeat\(depth)"
                    line(depth, "// \(at): repeat \(count)")
                    line(depth, "for \(v) := 0; \(v) < \(count); \(v)++ {")
                    emit(body, depth: depth + 1, times: saturatingMul(times, count))
                    line(depth, "}")
                case .operation(let op):
                    operation(op, span: s.span, depth: depth, times: times)
                }
            }
        }

        mutating func operation(_ op: ScenarioOperation, span: SourceSpan, depth: Int, times: UInt64) {
            let at = "line \(span.start.line)"
            switch op {
            case .alloc(let a):
                let words = [a.hasPointers ? "pointers" : nil, a.isTouched ? nil : "untouched"].compactMap { $0 }
                let text = "alloc \(a.count) x \(GoText.size(a.sizeBytes))"
                    + (a.group.map { " as \($0)" } ?? "") + words.map { " " + $0 }.joined()
                line(depth, "// \(at): \(GoText.comment(text))")
                let kind = a.hasPointers ? "withPointers" : "noPointers"
                let touch = a.isTouched ? "touched" : "untouched"
                if let g = a.group {
                    line(depth, "allocIntoGroup(&\(names.objects[g]!), \(a.count), \(a.sizeBytes), \(kind), \(touch))")
                } else {
                    line(depth, "allocGarbage(\(a.count), \(a.sizeBytes), \(kind), \(touch))")
                }
            case .free(let g):
                line(depth, "// \(at): free \(GoText.comment(g))")
                line(depth, "\(names.objects[g] ?? "sink") = nil")
            case .freeKeeping(let g, let k):
                line(depth, "// \(at): free \(GoText.comment(g)) keep 1 in \(k)")
                line(depth, "keepOneIn(\(names.objects[g] ?? "nil"), \(k))")
            case .gc:
                line(depth, "// \(at): gc")
                line(depth, "runtime.GC()")
            case .release:
                line(depth, "// \(at): release")
                line(depth, "debug.FreeOSMemory()")
            case .sleep(let ns):
                let slept = min(ns, maxSleep)
                totalSleep = saturatingAdd(totalSleep, saturatingMul(times, slept))
                line(depth, "// \(at): sleep \(GoText.duration(ns))")
                if slept < ns {
                    capped.append(.init(span: span, requestedNanoseconds: ns, sleptNanoseconds: slept))
                    line(depth, "time.Sleep(\(slept)) // capped at \(GoText.duration(slept)) (--max-sleep)")
                } else {
                    line(depth, "time.Sleep(\(slept))")
                }
            case .goroutines(let count, let stack, let g):
                line(depth, "// \(at): goroutines \(count) stack \(GoText.size(stack)) as \(GoText.comment(g))")
                line(depth, "startGoroutines(&\(names.goroutines[g]!), \(count), \(stack))")
            case .exit(let g):
                line(depth, "// \(at): exit \(GoText.comment(g))")
                line(depth, "stopGoroutines(&\(names.goroutines[g] ?? "goroutineGroup{}"))")
            case .setGCPercent(let p):
                line(depth, "// \(at): set gogc \(p.map(String.init) ?? "off")")
                line(depth, "debug.SetGCPercent(\(p ?? -1))")
            case .setMemoryLimit(let bytes):
                line(depth, "// \(at): set memlimit \(bytes.map(GoText.size) ?? "off")")
                if let bytes {
                    line(depth, "debug.SetMemoryLimit(\(min(bytes, UInt64(Int64.max))))")
                } else {
                    line(depth, "debug.SetMemoryLimit(math.MaxInt64) // off")
                }
            }
        }
    }

    // MARK: - The fixed parts of the program

    /// GoProgram/preamble.go with the shape's imports and constants: the program's opening.
    var preamble: String { get throws(GoProgramError) { try GoProgramFiles.render("preamble", shape: shape) } }

    /// GoProgram/helpers.go after its package clause, with the shape's constants: the program's end.
    var helpers: String {
        get throws(GoProgramError) {
            let text = try GoProgramFiles.render("helpers", shape: shape)
            guard let clause = text.range(of: "\npackage main\n") else { throw .missingProgramFile("helpers.go") }
            return String(text[clause.upperBound...])
        }
    }
}

/// The Go files the generated program is made of, as real `.go` files (resources of Backends in
/// GoProgram/, gofmt- and vet-checked by GoProgramFilesTests). The writer copies them, putting
/// in the program shape's import set and the values of the constants it names.
enum GoProgramFiles {
    /// The file names, without `.go`.
    static let names = ["preamble", "helpers"]

    /// Go constants whose values come from the shape: `const NAME = …` or a `NAME = …` line of a
    /// const block.
    static func constants(_ shape: GoProgramShape) -> [String: UInt64] {
        ["pageBytes": shape.touchStrideBytes, "frameBytes": shape.recursionFrameLocalBytes,
         "startingStackBytes": shape.startingStackBytes, "stackMarginBytes": shape.stackMarginBytes]
    }

    /// The text of GoProgram/NAME.go as shipped.
    static func text(_ name: String) -> String? {
        guard let url = Bundle.module.url(forResource: name, withExtension: "go", subdirectory: "GoProgram") else {
            return nil
        }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The file with the shape's imports (its `import (…)` block) and constant values.
    static func render(_ name: String, shape: GoProgramShape) throws(GoProgramError) -> String {
        guard let text = text(name) else { throw .missingProgramFile(name + ".go") }
        let values = constants(shape)
        var lines: [String] = []
        var inImports = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if inImports {
                if line == ")" {
                    inImports = false
                    lines += shape.imports.map { "\t" + GoText.literal($0) }
                    lines.append(line)
                }
                continue
            }
            if line == "import (" { inImports = true }
            lines.append(renderConstant(line, values) ?? line)
        }
        return lines.joined(separator: "\n")
    }

    /// `line` with the shape's value when it declares one of `values` (`const NAME = 123` or, in a
    /// const block, `\tNAME   = 123`), else nil.
    static func renderConstant(_ line: String, _ values: [String: UInt64]) -> String? {
        let prefix = line.hasPrefix("const ") ? "const " : line.hasPrefix("\t") ? "\t" : nil
        guard let prefix else { return nil }
        let rest = line.dropFirst(prefix.count)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard let value = values[name] else { return nil }
        let afterName = rest.dropFirst(name.count)
        let padding = afterName.prefix { $0 == " " }
        guard afterName.dropFirst(padding.count).hasPrefix("= "),
              afterName.dropFirst(padding.count + 2).allSatisfy(\.isNumber) else { return nil }
        return prefix + name + padding + "= \(value)"
    }
}

// MARK: - Text helpers (shared with the backend's messages)

private func saturatingAdd(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (r, o) = a.addingReportingOverflow(b)
    return o ? .max : r
}

private func saturatingMul(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    return o ? .max : r
}

/// How the program writer spells things in Go source and in scenario terms.
enum GoText {
    /// A Go interpreted string literal for `s` (UTF-8 kept, quotes, backslashes and controls escaped).
    static func literal(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f {
                    out += "\\x" + String(u.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Text safe inside a `//` comment: one line.
    static func comment(_ s: String) -> String {
        String(s.map { $0.isNewline ? " " : $0 })
    }

    /// A scenario string as the scenario file writes it: quoted, `\"` and `\\` escaped.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences("\\", with: "\\\\").replacingOccurrences("\"", with: "\\\"") + "\""
    }

    /// A size as the scenario language writes it: the largest binary unit that divides it exactly.
    static func size(_ bytes: UInt64) -> String {
        let units: [(String, UInt64)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (unit, scale) in units where bytes >= scale && bytes % scale == 0 {
            return "\(bytes / scale)\(unit)"
        }
        return "\(bytes)B"
    }

    /// A duration as the scenario language writes it: the largest unit that divides it exactly.
    static func duration(_ ns: UInt64) -> String {
        let units: [(String, UInt64)] = [("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
                                         ("ms", 1_000_000)]
        for (unit, scale) in units where ns >= scale && ns % scale == 0 {
            return "\(ns / scale)\(unit)"
        }
        return "\(ns)ns"
    }
}

/// `s` padded with spaces to `width` characters, as gofmt aligns a var block.
/// A `var (…)` block declaring one Go variable per scenario group, aligned, each commented with
/// the scenario's name for it; empty when there are no groups.
private func groupVariables(_ comment: String, order: [String], goNames: [String: String], type: String) -> String {
    guard !order.isEmpty else { return "" }
    let width = order.map { goNames[$0]!.count }.max() ?? 0
    var out = "\n// \(comment)\nvar (\n"
    for name in order {
        out += "\t\(padded(goNames[name]!, width)) \(type) // \(GoText.comment(name))\n"
    }
    return out + ")\n"
}

private func padded(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - s.count))
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
