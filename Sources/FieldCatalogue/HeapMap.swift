// A heap map: the simulated Go heap's address space as runs of pages and what each run holds.
//
// The vocabulary lives here, next to MemStats and ProcessReading, because a reading carries it
// from the simulator (which fills it) through the scenario interpreter to the presentation
// (which draws it); none of those layers needs the simulator's internals to read it.

/// What a page of the heap mapping holds at one moment.
public enum HeapPageState: Hashable, Sendable {
    /// A span of small objects of one size class (HeapInuse), scan (`hasPointers`) or noscan.
    case smallObjects(sizeClass: Int, hasPointers: Bool)
    /// A span holding one large object (> 32 KiB) (HeapInuse).
    case largeObject(hasPointers: Bool)
    /// Goroutine stacks: stack-pool spans and dedicated stack spans (StackInuse).
    case stacks
    /// GC work buffers: 32 KiB spans the collector queues grey objects in (counted in GCSys,
    /// in neither HeapSys nor StackInuse).
    case gcWorkbufs
    /// Free and still backed by memory (HeapIdle − HeapReleased): the next spans reuse it.
    case idleRetained
    /// Free and returned to the OS (HeapReleased) after it held something.
    case released
    /// Mapped but never used since the heap grew (counts in HeapReleased: Go maps fresh
    /// address space as released); also Go 1.26+'s random padding at the heap base.
    case neverTouched

    /// The states that count in HeapInuse or StackInuse.
    public var isInUse: Bool {
        switch self {
        case .smallObjects, .largeObject, .stacks: true
        case .gcWorkbufs, .idleRetained, .released, .neverTouched: false
        }
    }

    /// A stable name for JSON, CSS classes and legends: `class-5`, `large`, `stacks`, `workbufs`,
    /// `idle`, `released`, `untouched`.
    public var key: String {
        switch self {
        case .smallObjects(let sizeClass, _): "class-\(sizeClass)"
        case .largeObject: "large"
        case .stacks: "stacks"
        case .gcWorkbufs: "workbufs"
        case .idleRetained: "idle"
        case .released: "released"
        case .neverTouched: "untouched"
        }
    }
}

/// Adjacent pages in one state.
public struct HeapPageRun: Sendable, Equatable {
    public var firstPage: UInt64
    public var pageCount: UInt64
    public var state: HeapPageState
    /// For object spans: object slots in the run's spans, and how many are allocated (live, or
    /// dead and not yet swept). 0 for other states.
    public var slots: UInt64
    public var allocatedSlots: UInt64

    public init(firstPage: UInt64, pageCount: UInt64, state: HeapPageState, slots: UInt64 = 0,
                allocatedSlots: UInt64 = 0) {
        self.firstPage = firstPage
        self.pageCount = pageCount
        self.state = state
        self.slots = slots
        self.allocatedSlots = allocatedSlots
    }

    public var endPage: UInt64 { firstPage + pageCount }
}

/// The heap mapping at one snapshot, lowest address first, every mapped page in exactly one run.
public struct HeapMap: Sendable, Equatable {
    /// Bytes per runtime page (8 KiB).
    public var pageBytes: UInt64
    /// Pages per chunk, the unit the heap grows by (512 pages = 4 MiB).
    public var chunkPages: UInt64
    public var runs: [HeapPageRun]

    public init(pageBytes: UInt64, chunkPages: UInt64, runs: [HeapPageRun]) {
        self.pageBytes = pageBytes
        self.chunkPages = chunkPages
        self.runs = runs
    }

    /// Pages in the mapping.
    public var mappedPages: UInt64 { runs.last?.endPage ?? 0 }

    /// Pages per state.
    public func pages(where include: (HeapPageState) -> Bool) -> UInt64 {
        runs.reduce(0) { include($1.state) ? $0 + $1.pageCount : $0 }
    }
}
