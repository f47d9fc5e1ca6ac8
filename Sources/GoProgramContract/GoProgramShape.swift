// GoProgramShape: the one description of the Go program that a scenario becomes.
//
// What it describes: the shape of the program GoProgramWriter writes (Backends) and the
// simulator models (HeapSimulator): how a group keeps its objects (a slice of 8-byte slots),
// how a pointer-holding object is made (whole 8-byte words), where garbage goes (a
// package-level sink), what a `goroutines` statement costs on the heap (a 16-byte closure per
// `go goroutineMain(group)`, one element-less channel per group), how deep its frames reach,
// how many stack bytes the GC then scans, and which packages the program imports. The writer
// renders these numbers into Go source; the simulator reads them; neither has its own copy.
//
// Why it exists: the simulator predicts the MemStats of one particular program. When the
// program changes (an extra import, a bigger frame, a second channel) and the model does not,
// the two disagree silently; with one value both sides move together, and a test that renders
// the program checks the Go text against this value.
//
// Simplification: one target (linux/amd64, Go 1.27). Sizes that are Go's own (hchan, the
// funcval of a one-argument `go` statement, the starting stack) are read from Go's source for
// that target; the scanned-stack sizes are measurements, with their provenance below.

/// Where the program's garbage (`alloc` without `as`) goes.
public enum GarbageHolder: Sendable, Hashable {
    /// A package-level `sink unsafe.Pointer`: each garbage object is stored in it, so escape
    /// analysis cannot keep the object on the stack or drop the allocation; the sink holds the
    /// newest garbage object until the next one is stored and is set to nil when the statement
    /// ends. (So, in Go, the two garbage objects nearest a GC trigger survive the cycle it starts.)
    case packageSink
}

/// The generated program as the simulator models it. All sizes in bytes, linux/amd64.
public struct GoProgramShape: Sendable, Hashable {
    /// The Go release whose runtime the sizes below are for (`go1.27`).
    public var goRelease: String
    /// GOOS/GOARCH of the sizes below.
    public var platform: String
    /// The packages main.go imports, in import order. Every scenario imports the same set, so
    /// the start-up baseline (their package initialisation) does not depend on the statements.
    public var imports: [String]

    /// One slot of a group's slot slice (`[]unsafe.Pointer`): a pointer.
    public var slotBytes: UInt64
    /// A pointer-holding object is `make([]*byte, ceil(SIZE/8))`: whole words of this size.
    public var pointerWordBytes: UInt64
    /// A touched object gets one write every this many bytes (the first byte of each page).
    public var touchStrideBytes: UInt64
    /// Where garbage goes.
    public var garbage: GarbageHolder

    /// The closure `go f(x)` allocates for a one-argument call: a funcval (code pointer) and the
    /// argument, 2 × 8 B (cmd/compile wraps `go goroutineMain(group)` in such a closure). The
    /// runtime starts its GC mark workers the same way (`go gcBgMarkWorker(ready)`).
    public var goStatementClosureBytes: UInt64
    /// An element-less unbuffered channel (`make(chan struct{})`): runtime.hchanSize, which is
    /// unsafe.Sizeof(hchan{}) rounded to 8. On linux/amd64 in Go 1.27 (src/runtime/chan.go):
    /// qcount, dataqsiz, buf (24) + elemsize/closed (8) + timer, elemtype, sendx, recvx (32) +
    /// recvq, sendq (32) + bubble (8) + lock (8) = 112 B. Each goroutine group has one; the
    /// runtime's mark-worker start makes one (`ready`) too.
    public var hchanBytes: UInt64

    /// Go's starting goroutine stack (fixedStack on linux, src/runtime/stack.go).
    public var startingStackBytes: UInt64
    /// Bytes of the local array in each recursion frame (`frameBytes` in the program; the frame
    /// itself is a little larger).
    public var recursionFrameLocalBytes: UInt64
    /// What a goroutine leaves of its stack for the runtime's stack guard and its own entry
    /// frames: its frames cover max(SIZE − this, S/2), so the stack ends exactly at S.
    public var stackMarginBytes: UInt64
    /// Stack bytes the GC scans of a program goroutine blocked in a channel receive without
    /// recursing (entry, chanrecv and gopark frames). Measured on go1.27.3 from NextGC after
    /// 20 000 such goroutines: (30 209 522 − 2 · 12 068 120 − globals) / 20 006 ≈ 296 B.
    public var blockedGoroutineScanBytes: UInt64
    /// Stack bytes the GC scans beyond the frame target of a goroutine that recursed; measured
    /// the same way with 10 000 goroutines at 8 KiB (6 176 B scanned for 6 144 B of frames).
    public var recursionExtraScanBytes: UInt64

    public static let go1_27 = GoProgramShape(
        goRelease: "go1.27",
        platform: "linux/amd64",
        imports: ["math", "os", "runtime", "runtime/debug", "strconv", "sync", "syscall", "time", "unsafe"],
        slotBytes: 8,
        pointerWordBytes: 8,
        touchStrideBytes: 4096,
        garbage: .packageSink,
        goStatementClosureBytes: 16,
        hchanBytes: 112,
        startingStackBytes: 2048,
        recursionFrameLocalBytes: 240,
        stackMarginBytes: 2048,
        blockedGoroutineScanBytes: 296,
        recursionExtraScanBytes: 32
    )

    /// The same program on go1.22 (go1.22.10): hchan has no `timer` and no `bubble` field
    /// (src/runtime/chan.go of go1.22.10: qcount, dataqsiz, buf 24 + elemsize/closed 8 +
    /// elemtype, sendx, recvx 24 + recvq, sendq 32 + lock 8 = 96 B). The scanned-stack sizes are
    /// go1.27.3's measurements, not re-measured on this release.
    public static let go1_22: GoProgramShape = {
        var shape = GoProgramShape.go1_27
        shape.goRelease = "go1.22"
        shape.hchanBytes = 96
        return shape
    }()

    /// The same program on go1.23 (go1.23.9; also go1.24.11): hchan gained `timer` (src/runtime/
    /// chan.go of go1.23.9: 96 B + 8 = 104 B; go1.24.11's `synctest bool` packs beside elemsize and
    /// closed, still 104 B). Scanned-stack sizes as go1.27.3 measured them.
    public static let go1_23: GoProgramShape = {
        var shape = GoProgramShape.go1_22
        shape.goRelease = "go1.23"
        shape.hchanBytes = 104
        return shape
    }()

    /// The same program on go1.25 (go1.25.5): hchan gained `bubble` (src/runtime/chan.go of
    /// go1.25.5: 104 B + 8 = 112 B, go1.27.3's size). Scanned-stack sizes as go1.27.3 measured them.
    public static let go1_25: GoProgramShape = {
        var shape = GoProgramShape.go1_27
        shape.goRelease = "go1.25"
        return shape
    }()

    /// The same program on go1.19 (go1.19.8): hchan as in go1.22 (96 B, Debian's
    /// golang-1.19-src src/runtime/chan.go); scanned-stack sizes as go1.27.3 measured them.
    public static let go1_19: GoProgramShape = {
        var shape = GoProgramShape.go1_22
        shape.goRelease = "go1.19"
        return shape
    }()

    /// The bytes the program asks `make` for when a scenario allocates an object of
    /// `requestedBytes`: pointer-holding objects are whole words.
    public func objectBytes(requested requestedBytes: UInt64, hasPointers: Bool) -> UInt64 {
        guard hasPointers else { return requestedBytes }
        return (requestedBytes + pointerWordBytes - 1) / pointerWordBytes * pointerWordBytes
    }

    /// The stack a goroutine asked for `requestedBytes` ends on: the power of two S ≥ the
    /// request, at least the starting stack (stacks grow by doubling).
    public func stackBytes(requested requestedBytes: UInt64) -> UInt64 {
        var s = startingStackBytes
        while s < requestedBytes { s *= 2 }
        return s
    }

    /// The bytes of frames the goroutine keeps live: max(SIZE − margin, S/2), so the doubling
    /// stack ends at exactly S; 0 when S is the starting stack (no recursion).
    public func frameTargetBytes(requested requestedBytes: UInt64) -> UInt64 {
        let s = stackBytes(requested: requestedBytes)
        if s == startingStackBytes { return 0 }
        var want = s / 2
        if requestedBytes > stackMarginBytes && requestedBytes - stackMarginBytes > want {
            want = requestedBytes - stackMarginBytes
        }
        return want
    }

    /// Stack bytes the GC scans of such a goroutine once it blocks on its group's channel.
    public func scannedStackBytes(requested requestedBytes: UInt64) -> UInt64 {
        let frames = frameTargetBytes(requested: requestedBytes)
        return frames == 0 ? blockedGoroutineScanBytes : frames + recursionExtraScanBytes
    }
}
