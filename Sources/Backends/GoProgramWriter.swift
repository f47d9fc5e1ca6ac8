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

    public var message: String {
        switch self {
        case .tooManySnapshots(let count, let limit):
            "the scenario takes \(count) snapshots (repeats multiplied); the Go program preallocates at most \(limit)"
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
        out += preamble
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
        out += helpers
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

    var preamble: String { """
    // This program is one memstats scenario told to a real Go runtime. Each statement below
    // names its scenario line. Readings are stored in package-level arrays that exist before
    // main starts and are printed as one JSON document on stdout at the end, so the program's
    // own bookkeeping stays out of what it measures (the imports' initialisation is part of
    // the start-up baseline). Run it with GOGC, GOMEMLIMIT and GODEBUG unset.
    package main

    import (
    \(shape.imports.map { "\t\(GoText.literal($0))\n" }.joined()))

    // Every scenario imports the same packages (the start-up baseline does not depend on the
    // statements); these keep the compiler from rejecting the ones a scenario does not use.
    var (
    \t_ = math.MaxInt64      // `set memlimit off`
    \t_ = debug.FreeOSMemory // `release`, `set gogc`, `set memlimit`
    )

    // Kinds of objects and whether their pages are written (see newObject).
    const (
    \tnoPointers   = false
    \twithPointers = true
    \tuntouched    = false
    \ttouched      = true
    )

    // pageBytes is the page size the program writes once per page of each object.
    const pageBytes = \(shape.touchStrideBytes)

    // A proc text is read into a fixed buffer; length < 0 is -errno, length == len(bytes) means truncated.
    type procText struct {
    \tlength int
    \tbytes  [4096]byte
    }

    type snapshotStatement struct {
    \tlabel string
    \tline  int
    }

    var programStart time.Time

    """ }

    var helpers: String { """

    // sink keeps the newest garbage object reachable until the next one is made, so the
    // compiler can neither keep it on the stack nor drop the allocation.
    var sink unsafe.Pointer

    // touchMark is what a touched pointer object points to.
    var touchMark byte

    // newObject allocates one object of size bytes: make([]byte, size), or with pointers
    // make([]*byte, ceil(size/8)); unless untouched, it writes the first byte of every 4 KiB
    // page the object covers. It returns a pointer to the first element, which keeps the
    // whole object alive.
    func newObject(size int, pointers bool, touch bool) unsafe.Pointer {
    \tif pointers {
    \t\tp := make([]*byte, (size+7)/8)
    \t\tif len(p) == 0 {
    \t\t\treturn nil
    \t\t}
    \t\tif touch {
    \t\t\tstart := uintptr(unsafe.Pointer(&p[0]))
    \t\t\tfor i := 0; i < len(p); {
    \t\t\t\tp[i] = &touchMark
    \t\t\t\tnext := (start+uintptr(i)*8)/pageBytes*pageBytes + pageBytes
    \t\t\t\ti = int((next - start + 7) / 8)
    \t\t\t}
    \t\t}
    \t\treturn unsafe.Pointer(&p[0])
    \t}
    \tb := make([]byte, size)
    \tif len(b) == 0 {
    \t\treturn nil
    \t}
    \tif touch {
    \t\tstart := uintptr(unsafe.Pointer(&b[0]))
    \t\tfor i := 0; i < len(b); {
    \t\t\tb[i] = 1
    \t\t\tnext := (start+uintptr(i))/pageBytes*pageBytes + pageBytes
    \t\t\ti = int(next - start)
    \t\t}
    \t}
    \treturn unsafe.Pointer(&b[0])
    }

    // allocIntoGroup appends count new objects to a group. The group gets a new slot slice of
    // exactly len(old)+count slots before any object is made; the old slice is garbage from then on.
    func allocIntoGroup(group *[]unsafe.Pointer, count int, size int, pointers bool, touch bool) {
    \told := *group
    \tslots := make([]unsafe.Pointer, len(old)+count)
    \tcopy(slots, old)
    \t*group = slots
    \tfor i := len(slots) - count; i < len(slots); i++ {
    \t\tslots[i] = newObject(size, pointers, touch)
    \t}
    }

    // allocGarbage makes count objects that nothing keeps beyond the next one.
    func allocGarbage(count int, size int, pointers bool, touch bool) {
    \tfor i := 0; i < count; i++ {
    \t\tsink = newObject(size, pointers, touch)
    \t}
    \tsink = nil
    }

    // keepOneIn keeps the objects at slots 0, k, 2k, … and drops the rest; the slice stays.
    func keepOneIn(slots []unsafe.Pointer, k int) {
    \tfor i := range slots {
    \t\tif i%k != 0 {
    \t\t\tslots[i] = nil
    \t\t}
    \t}
    }

    // A goroutineGroup is the goroutines started under one name: they block until quit is closed.
    type goroutineGroup struct {
    \tquit    chan struct{}
    \trunning sync.WaitGroup
    }

    // What the goroutines being started read before they signal spawnReady.
    var (
    \tspawnFrames uintptr
    \tspawnReady  sync.WaitGroup
    )

    // frameBytes is the local array of each recursion frame; the frame itself is a little larger.
    const frameBytes = \(shape.recursionFrameLocalBytes)

    // stackFrameTarget is how many bytes of frames a goroutine asked for stack bytes keeps live:
    // max(stack − 2 KiB, S/2) with S the stack rounded up to a power of two (at least 2 KiB), so
    // the runtime's doubling stack ends at exactly S; 0 for a 2 KiB stack (no recursion).
    func stackFrameTarget(stack uintptr) uintptr {
    \ts := uintptr(\(shape.startingStackBytes))
    \tfor s < stack {
    \t\ts *= 2
    \t}
    \tif s == \(shape.startingStackBytes) {
    \t\treturn 0
    \t}
    \twant := s / 2
    \tif stack > \(shape.stackMarginBytes) && stack-\(shape.stackMarginBytes) > want {
    \t\twant = stack - \(shape.stackMarginBytes)
    \t}
    \treturn want
    }

    // growStack recurses with frames whose local array stays live across the call until the
    // frames reach want bytes below top, then blocks until quit is closed.
    //
    //go:noinline
    func growStack(top *byte, want uintptr, quit chan struct{}) byte {
    \tvar frame [frameBytes]byte
    \tframe[0] = byte(want)
    \tused := uintptr(unsafe.Pointer(top)) - uintptr(unsafe.Pointer(&frame[0]))
    \tif used+2*frameBytes <= want {
    \t\tframe[1] = growStack(top, want, quit)
    \t} else {
    \t\tspawnReady.Done()
    \t\t<-quit
    \t}
    \treturn frame[0] + frame[1]
    }

    func goroutineMain(group *goroutineGroup) {
    \twant := spawnFrames
    \tvar top byte
    \tif want == 0 {
    \t\tspawnReady.Done()
    \t\t<-group.quit
    \t} else {
    \t\tgrowStack(&top, want, group.quit)
    \t}
    \tgroup.running.Done()
    }

    // startGoroutines starts count goroutines and returns when all of them have grown their
    // stacks and are blocked.
    func startGoroutines(group *goroutineGroup, count int, stack uintptr) {
    \tif group.quit == nil {
    \t\tgroup.quit = make(chan struct{})
    \t}
    \tspawnFrames = stackFrameTarget(stack)
    \tspawnReady.Add(count)
    \tgroup.running.Add(count)
    \tfor i := 0; i < count; i++ {
    \t\tgo goroutineMain(group)
    \t}
    \tspawnReady.Wait()
    }

    // stopGoroutines lets every goroutine of the group return and waits until they have.
    func stopGoroutines(group *goroutineGroup) {
    \tif group.quit == nil {
    \t\treturn
    \t}
    \tclose(group.quit)
    \tgroup.running.Wait()
    \tgroup.quit = nil
    }

    // NUL-terminated paths for openat, so reading them allocates nothing.
    var (
    \tstatusPath = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 's', 't', 'a', 't', 'u', 's', 0}
    \tsmapsPath  = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 's', 'm', 'a', 'p', 's', '_', 'r', 'o', 'l', 'l', 'u', 'p', 0}
    \tstatmPath  = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 's', 't', 'a', 't', 'm', 0}
    )

    // atFDCWD is AT_FDCWD (-100) as the uintptr openat takes.
    const atFDCWD = ^uintptr(99)

    // readProc reads a whole /proc file into t with raw system calls: no allocation, and no
    // entersyscall, so the scheduler never hands the P to a new thread while we read (a new M
    // would add its m, g0 and stacks to the very numbers being measured).
    func readProc(path *byte, t *procText) {
    \tfd, _, errno := syscall.RawSyscall6(syscall.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(path)),
    \t\tuintptr(syscall.O_RDONLY|syscall.O_CLOEXEC), 0, 0, 0)
    \tif errno != 0 {
    \t\tt.length = -int(errno)
    \t\treturn
    \t}
    \tn := 0
    \tfor n < len(t.bytes) {
    \t\tm, _, errno := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&t.bytes[n])), uintptr(len(t.bytes)-n))
    \t\tif errno != 0 || m == 0 {
    \t\t\tbreak
    \t\t}
    \t\tn += int(m)
    \t}
    \tsyscall.RawSyscall(syscall.SYS_CLOSE, fd, 0, 0)
    \tt.length = n
    }

    // takeSnapshot records MemStats and the process's Linux view for snapshot statement `statement`.
    func takeSnapshot(statement int) {
    \tk := snapshotsTaken
    \truntime.ReadMemStats(&snapshotMemStats[k])
    \treadProc(&statusPath[0], &snapshotStatus[k])
    \treadProc(&smapsPath[0], &snapshotSmaps[k])
    \treadProc(&statmPath[0], &snapshotStatm[k])
    \tsnapshotStatementOf[k] = statement
    \tsnapshotElapsed[k] = time.Since(programStart)
    \tsnapshotsTaken = k + 1
    }

    // printReadings prints every reading as one JSON document, the only output and the only
    // allocation that is not part of the scenario. It is written by hand with strconv:
    // encoding/json's package initialisation alone adds about 27 objects and 32 KiB of in-use
    // spans to the start-up baseline every snapshot would carry.
    func printReadings(scenario string) {
    \tout := make([]byte, 0, 16384*(snapshotsTaken+1))
    \tout = append(out, `{"memstats_go_program":1,"scenario":`...)
    \tout = appendJSONString(out, scenario)
    \tout = append(out, `,"go_version":`...)
    \tout = appendJSONString(out, runtime.Version())
    \tout = append(out, `,"gomaxprocs":`...)
    \tout = strconv.AppendInt(out, int64(runtime.GOMAXPROCS(0)), 10)
    \tout = append(out, `,"readings":[`...)
    \tfor k := 0; k < snapshotsTaken; k++ {
    \t\tif k > 0 {
    \t\t\tout = append(out, ',')
    \t\t}
    \t\tst := snapshotStatements[snapshotStatementOf[k]]
    \t\tout = append(out, `{"label":`...)
    \t\tout = appendJSONString(out, st.label)
    \t\tout = append(out, `,"line":`...)
    \t\tout = strconv.AppendInt(out, int64(st.line), 10)
    \t\tout = append(out, `,"elapsed_ns":`...)
    \t\tout = strconv.AppendInt(out, int64(snapshotElapsed[k]), 10)
    \t\tout = append(out, `,"memstats":`...)
    \t\tout = appendMemStats(out, &snapshotMemStats[k])
    \t\ttexts := [...]struct {
    \t\t\tname string
    \t\t\ttext *procText
    \t\t}{{"status", &snapshotStatus[k]}, {"smaps_rollup", &snapshotSmaps[k]}, {"statm", &snapshotStatm[k]}}
    \t\tout = append(out, `,"proc":{`...)
    \t\tfirst := true
    \t\tfor _, t := range texts {
    \t\t\tif t.text.length < 0 {
    \t\t\t\tcontinue
    \t\t\t}
    \t\t\tif !first {
    \t\t\t\tout = append(out, ',')
    \t\t\t}
    \t\t\tfirst = false
    \t\t\tout = appendJSONString(out, t.name)
    \t\t\tout = append(out, ':')
    \t\t\tout = appendJSONString(out, string(t.text.bytes[:t.text.length]))
    \t\t}
    \t\tout = append(out, '}')
    \t\tfirst = true
    \t\tfor _, t := range texts {
    \t\t\tproblem := ""
    \t\t\tswitch {
    \t\t\tcase t.text.length < 0:
    \t\t\t\tproblem = syscall.Errno(-t.text.length).Error()
    \t\t\tcase t.text.length == len(t.text.bytes):
    \t\t\t\tproblem = "truncated at 4096 bytes"
    \t\t\tdefault:
    \t\t\t\tcontinue
    \t\t\t}
    \t\t\tif first {
    \t\t\t\tout = append(out, `,"proc_errors":{`...)
    \t\t\t} else {
    \t\t\t\tout = append(out, ',')
    \t\t\t}
    \t\t\tfirst = false
    \t\t\tout = appendJSONString(out, t.name)
    \t\t\tout = append(out, ':')
    \t\t\tout = appendJSONString(out, problem)
    \t\t}
    \t\tif !first {
    \t\t\tout = append(out, '}')
    \t\t}
    \t\tout = append(out, '}')
    \t}
    \tout = append(out, "]}\\n"...)
    \tif _, err := os.Stdout.Write(out); err != nil {
    \t\tos.Exit(2)
    \t}
    }

    // appendMemStats appends m as encoding/json would: Go's field names as keys.
    func appendMemStats(out []byte, m *runtime.MemStats) []byte {
    \tcounters := [...]struct {
    \t\tname  string
    \t\tvalue uint64
    \t}{
    \t\t{"Alloc", m.Alloc}, {"TotalAlloc", m.TotalAlloc}, {"Sys", m.Sys}, {"Lookups", m.Lookups},
    \t\t{"Mallocs", m.Mallocs}, {"Frees", m.Frees}, {"HeapAlloc", m.HeapAlloc}, {"HeapSys", m.HeapSys},
    \t\t{"HeapIdle", m.HeapIdle}, {"HeapInuse", m.HeapInuse}, {"HeapReleased", m.HeapReleased},
    \t\t{"HeapObjects", m.HeapObjects}, {"StackInuse", m.StackInuse}, {"StackSys", m.StackSys},
    \t\t{"MSpanInuse", m.MSpanInuse}, {"MSpanSys", m.MSpanSys}, {"MCacheInuse", m.MCacheInuse},
    \t\t{"MCacheSys", m.MCacheSys}, {"BuckHashSys", m.BuckHashSys}, {"GCSys", m.GCSys},
    \t\t{"OtherSys", m.OtherSys}, {"NextGC", m.NextGC}, {"LastGC", m.LastGC},
    \t\t{"PauseTotalNs", m.PauseTotalNs}, {"NumGC", uint64(m.NumGC)}, {"NumForcedGC", uint64(m.NumForcedGC)},
    \t}
    \tout = append(out, '{')
    \tfor _, c := range counters {
    \t\tout = append(out, '"')
    \t\tout = append(out, c.name...)
    \t\tout = append(out, `":`...)
    \t\tout = strconv.AppendUint(out, c.value, 10)
    \t\tout = append(out, ',')
    \t}
    \tout = append(out, `"PauseNs":`...)
    \tout = appendUints(out, m.PauseNs[:])
    \tout = append(out, `,"PauseEnd":`...)
    \tout = appendUints(out, m.PauseEnd[:])
    \tout = append(out, `,"GCCPUFraction":`...)
    \tout = strconv.AppendFloat(out, m.GCCPUFraction, 'g', -1, 64)
    \tout = append(out, `,"EnableGC":`...)
    \tout = strconv.AppendBool(out, m.EnableGC)
    \tout = append(out, `,"DebugGC":`...)
    \tout = strconv.AppendBool(out, m.DebugGC)
    \tout = append(out, `,"BySize":[`...)
    \tfor i, c := range m.BySize {
    \t\tif i > 0 {
    \t\t\tout = append(out, ',')
    \t\t}
    \t\tout = append(out, `{"Size":`...)
    \t\tout = strconv.AppendUint(out, uint64(c.Size), 10)
    \t\tout = append(out, `,"Mallocs":`...)
    \t\tout = strconv.AppendUint(out, c.Mallocs, 10)
    \t\tout = append(out, `,"Frees":`...)
    \t\tout = strconv.AppendUint(out, c.Frees, 10)
    \t\tout = append(out, '}')
    \t}
    \treturn append(out, "]}"...)
    }

    func appendUints(out []byte, values []uint64) []byte {
    \tout = append(out, '[')
    \tfor i, v := range values {
    \t\tif i > 0 {
    \t\t\tout = append(out, ',')
    \t\t}
    \t\tout = strconv.AppendUint(out, v, 10)
    \t}
    \treturn append(out, ']')
    }

    // appendJSONString appends s as a JSON string: quotes, backslashes and control bytes escaped.
    func appendJSONString(out []byte, s string) []byte {
    \tconst hexDigits = "0123456789abcdef"
    \tout = append(out, '"')
    \tfor i := 0; i < len(s); i++ {
    \t\tc := s[i]
    \t\tswitch {
    \t\tcase c == '"' || c == '\\\\':
    \t\t\tout = append(out, '\\\\', c)
    \t\tcase c == '\\n':
    \t\t\tout = append(out, '\\\\', 'n')
    \t\tcase c == '\\t':
    \t\t\tout = append(out, '\\\\', 't')
    \t\tcase c < 0x20:
    \t\t\tout = append(out, '\\\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
    \t\tdefault:
    \t\t\tout = append(out, c)
    \t\t}
    \t}
    \treturn append(out, '"')
    }

    """ }
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
