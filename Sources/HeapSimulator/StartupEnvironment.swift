// StartupEnvironment: the heap objects the runtime makes for the program's environment before
// main, added to the measured start-up inventory of an environment-free process.
//
// What it models: runtime.goenvs (runtime1.go): `envs = make([]string, n)`, then `gostring` of
// each "KEY=VALUE" string: one pointer-free allocation of exactly its length (rawstring →
// mallocgc(len, nil, false)), so a string under 16 bytes goes to the tiny allocator and a longer
// one to its size class; and syscall's package init `envs = runtime_envs()` (env_unix.go), which
// appends runtime.envs into a fresh []string: a second 16-byte-per-variable slice, pointer-full
// (with a malloc header above 512 bytes where the release has them). The same code runs in
// go1.19.8, go1.22.10 and go1.27.3 (checked in their runtime and syscall sources; measured: ten
// 24-byte variables add ten 24-byte objects and two 176-byte slices on all three). goenvs runs in
// schedinit before the P exists, so each span it starts takes an mspan struct of its own (spans
// started after procresize come from the P's 64-struct refill): MSpanInuse grows by one struct
// per span the environment starts.
//
// Why the real thing exists: os.Getenv and os.Environ must not read the C envp after start
// (os.Setenv changes the Go copy), so the runtime copies the environment once.
//
// Simplification: the environment's tiny strings are packed from a fresh tiny block (no tiny
// block exists before goenvs); how they interact with the init's own tiny allocations is one
// measured rule: the first tiny allocation after goenvs (8 bytes on go1.22 and go1.27, none seen
// on go1.19 for an environment block with 4–11 bytes free) goes into the environment's last
// block when it fits there, one object fewer and one merge more than the inventory says. Span
// classes that already have a span before goenvs take the environment's slices without a new
// span: the 16-byte pointer class and the g struct's, and on go1.19 the 640-byte pointer class
// (measured: GOMAXPROCS=1 alone starts one span; 27 to 40 variables of 10 bytes start one span
// or none as the slices' class is one of these or not). GCSys and OtherSys at start move with the
// environment through the span classes it starts: each class in use at start has pushed one
// span into its mcentral spanSet, whose spine and block come out of OtherSys into GCSys
// (SimulatedHeap counts the classes; OffHeapMetadata moves the bytes).

import GoProgramContract

/// How a release copies the environment at start (measured; see StartupEnvironment.swift).
public struct EnvironmentCopyRule: Sendable, Hashable {
    /// Copies of the []string slice: runtime.envs and syscall.envs.
    public var sliceCopies: UInt64
    /// Bytes of the init's first tiny allocation after goenvs, which lands in the environment's
    /// last tiny block when it fits; nil when none was seen to.
    public var firstTinyAfterEnvironmentBytes: UInt64?
    /// Span classes (size class, pointers) that have a span before goenvs.
    public var spanClassesBeforeEnvironment: [SpanClassBefore]

    public struct SpanClassBefore: Sendable, Hashable {
        public var sizeClass: Int
        public var hasPointers: Bool
        public init(sizeClass: Int, hasPointers: Bool) {
            self.sizeClass = sizeClass
            self.hasPointers = hasPointers
        }
    }

    public init(sliceCopies: UInt64, firstTinyAfterEnvironmentBytes: UInt64?,
                spanClassesBeforeEnvironment: [SpanClassBefore]) {
        self.sliceCopies = sliceCopies
        self.firstTinyAfterEnvironmentBytes = firstTinyAfterEnvironmentBytes
        self.spanClassesBeforeEnvironment = spanClassesBeforeEnvironment
    }
}

/// The start-up objects of one environment: the environment-free inventory plus the environment's.
struct StartupInventory: Equatable {
    /// Small objects per span class, in the inventory's order (by class, pointer-free first).
    var objects: [StartupObjects]
    /// Tiny allocations merged into an existing block before main.
    var tinyMerges: UInt64
    /// mspan structs fixalloc'd at start.
    var mspanStructs: UInt64
    /// Environment slices too large for a size class (more than 2 047 variables), in bytes.
    var largeObjectBytes: [UInt64]

    /// Heap objects at start that the inventory holds (not those the scheduler makes).
    var objectCount: UInt64 { objects.reduce(0) { $0 + $1.live + $1.garbage } + UInt64(largeObjectBytes.count) }
}

/// Strings packed into 16-byte tiny blocks as mallocgcTiny packs them (see TinyAllocator.swift).
struct TinyPacking: Equatable {
    /// Blocks taken from the 16-byte class.
    var blocks: UInt64 = 0
    /// Strings merged into the current block.
    var merges: UInt64 = 0
    /// Bytes used of the current block; nil before the first block.
    var currentOffset: UInt64?

    static func alignment(_ size: UInt64) -> UInt64 { size % 8 == 0 ? 8 : size % 4 == 0 ? 4 : size % 2 == 0 ? 2 : 1 }

    /// Whether `size` bytes fit into the current block.
    func fits(_ size: UInt64) -> Bool {
        guard let offset = currentOffset else { return false }
        let align = Self.alignment(size)
        return (offset + align - 1) / align * align + size <= Heap.tinyBlockBytes
    }

    mutating func place(_ size: UInt64) {
        if fits(size), let offset = currentOffset {
            let align = Self.alignment(size)
            currentOffset = (offset + align - 1) / align * align + size
            merges += 1
            return
        }
        blocks += 1
        // The new block replaces the current one when it leaves more room (size < tinyoffset).
        if currentOffset.map({ size < $0 }) ?? true { currentOffset = size }
    }
}

extension StartupBaseline {
    /// The start-up inventory of a process started with `environment` on `profile`.
    func inventory(for environment: GoEnvironment, profile: GoProfile) -> StartupInventory {
        let rule = environmentCopy
        var added: [SpanClassCount] = []
        var large: [UInt64] = []
        func add(_ size: UInt64, hasPointers: Bool, count: UInt64) {
            guard count > 0 else { return }
            if size > profile.largeObjectThreshold {
                large += Array(repeating: size, count: Int(count))
                return
            }
            var slot = size
            if hasPointers, let threshold = profile.mallocHeaderThreshold, size > threshold { slot += 8 }
            let key = SpanClassCount(sizeClass: SizeClasses.sizeClass(forSlotSize: slot), hasPointers: hasPointers, count: count)
            if let i = added.firstIndex(where: { $0.sizeClass == key.sizeClass && $0.hasPointers == hasPointers }) {
                added[i].count += count
            } else {
                added.append(key)
            }
        }
        let n = UInt64(environment.count)
        add(16 * n, hasPointers: true, count: n > 0 ? rule.sliceCopies : 0)
        var tiny = TinyPacking()
        for bytes in environment.variableBytes where bytes > 0 {
            if bytes < Heap.tinyBlockBytes { tiny.place(bytes) } else { add(bytes, hasPointers: false, count: 1) }
        }
        add(Heap.tinyBlockBytes, hasPointers: false, count: tiny.blocks)

        var objects = self.objects
        var merges = tinyMerges + tiny.merges
        if let first = rule.firstTinyAfterEnvironmentBytes, tiny.fits(first),
           let i = objects.firstIndex(where: { $0.sizeClass == SizeClasses.tinyClass && !$0.hasPointers
                                                && $0.live + $0.garbage > 0 }) {
            if objects[i].live > 0 { objects[i].live -= 1 } else { objects[i].garbage -= 1 }
            merges += 1
        }
        // Spans goenvs starts: one struct each (no P yet).
        var spans = UInt64(large.count)
        for entry in added where !rule.spanClassesBeforeEnvironment.contains(
            .init(sizeClass: entry.sizeClass, hasPointers: entry.hasPointers)) {
            let perSpan = SizeClasses.objectsPerSpan(entry.sizeClass, hasPointers: entry.hasPointers,
                                                      rule: profile.objectsPerSpanRule)
            spans += (entry.count + perSpan - 1) / perSpan
        }
        // The environment's objects are live for ever (runtime.envs, syscall.envs).
        for entry in added {
            if let i = objects.firstIndex(where: { $0.sizeClass == entry.sizeClass && $0.hasPointers == entry.hasPointers }) {
                objects[i].live += entry.count
            } else {
                let at = objects.firstIndex { ($0.sizeClass, $0.hasPointers ? 1 : 0) > (entry.sizeClass, entry.hasPointers ? 1 : 0) }
                objects.insert(StartupObjects(sizeClass: entry.sizeClass, live: entry.count, hasPointers: entry.hasPointers),
                               at: at ?? objects.endIndex)
            }
        }
        return StartupInventory(objects: objects, tinyMerges: merges, mspanStructs: mspanStructs + spans,
                                largeObjectBytes: large)
    }
}

/// Objects the environment adds to one span class.
struct SpanClassCount {
    var sizeClass: Int
    var hasPointers: Bool
    var count: UInt64
}
