// glibc's malloc statistics. glibc keeps freed chunks in its arenas for reuse instead of
// returning them to the kernel, so RSS stays up after `free`; mallinfo2 says how much of the
// arena is in use and how much is free but kept — the allocator's own view, the one closest to
// what MemStats shows for Go. malloc_trim(0) hands the free pages back (MADV_DONTNEED inside
// the arenas, sbrk at the top).
//
// Simplification: only the totals over all arenas (what mallinfo2 sums); no per-arena
// malloc_info XML.

import FieldCatalogue

/// glibc's `struct mallinfo2`, summed over all arenas, with byte fields in `ByteCount`.
///
/// - Note: Only available with glibc 2.33 or later.
public struct MallInfo2: Sendable, Equatable {
    /// Bytes obtained from the kernel with sbrk or mmap for the arenas (in use, free or trimmed).
    /// The corresponding glibc field is `mallinfo2.arena`.
    public var arena: ByteCount
    /// Chunks in the arenas' free lists. The corresponding glibc field is `mallinfo2.ordblks`.
    public var freeChunkCount: UInt64
    /// Large chunks mapped with their own mmap. The corresponding glibc field is `mallinfo2.hblks`.
    public var mmappedChunkCount: UInt64
    /// Bytes in large chunks mapped with their own mmap (at or above the mmap threshold, 128 KiB
    /// at start). The corresponding glibc field is `mallinfo2.hblkhd`.
    public var mmapped: ByteCount
    /// Bytes of arena chunks handed out by malloc and not freed (headers included).
    /// The corresponding glibc field is `mallinfo2.uordblks`.
    public var allocated: ByteCount
    /// Bytes of free chunks kept in the arenas for reuse.
    /// The corresponding glibc field is `mallinfo2.fordblks`.
    public var freeInArenas: ByteCount
    /// Free bytes at the top of the main arena that trimming could give back with sbrk.
    /// The corresponding glibc field is `mallinfo2.keepcost`.
    public var releasableAtTop: ByteCount

    public init(arena: ByteCount, freeChunkCount: UInt64, mmappedChunkCount: UInt64, mmapped: ByteCount,
                allocated: ByteCount, freeInArenas: ByteCount, releasableAtTop: ByteCount) {
        self.arena = arena
        self.freeChunkCount = freeChunkCount
        self.mmappedChunkCount = mmappedChunkCount
        self.mmapped = mmapped
        self.allocated = allocated
        self.freeInArenas = freeInArenas
        self.releasableAtTop = releasableAtTop
    }

    @available(*, unavailable, renamed: "mmapped")
    public var hblkhd: ByteCount { mmapped }
    @available(*, unavailable, renamed: "allocated")
    public var uordblks: ByteCount { allocated }
    @available(*, unavailable, renamed: "freeInArenas")
    public var fordblks: ByteCount { freeInArenas }
    @available(*, unavailable, renamed: "releasableAtTop")
    public var keepcost: ByteCount { releasableAtTop }

    /// The byte fields as reading values, keyed as glibc spells them (counts are not bytes and
    /// are left out).
    public var metrics: [(metric: ProcessMetric, bytes: UInt64)] {
        [("arena", arena), ("hblkhd", mmapped), ("uordblks", allocated), ("fordblks", freeInArenas),
         ("keepcost", releasableAtTop)].map { (ProcessMetric(.mallinfo2, $0), $1.bytes) }
    }
}

/// Where malloc statistics come from: glibc in this process, or a fixed value in tests.
public protocol MallocInfoReader: Sendable {
    /// The allocator's statistics now.
    ///
    /// - Throws: `ProbeProblem.mallinfo2Unavailable` without glibc 2.33+.
    func mallinfo2() throws(ProbeProblem) -> MallInfo2
}

/// This process's glibc. The corresponding glibc function is `mallinfo2`.
public struct LiveMallocInfo: MallocInfoReader {
    public init() {}

    public func mallinfo2() throws(ProbeProblem) -> MallInfo2 {
        let raw = system_mallinfo2()
        guard raw.available != 0 else { throw .mallinfo2Unavailable }
        return MallInfo2(arena: ByteCount(raw.arena), freeChunkCount: raw.ordblks, mmappedChunkCount: raw.hblks,
                         mmapped: ByteCount(raw.hblkhd), allocated: ByteCount(raw.uordblks),
                         freeInArenas: ByteCount(raw.fordblks), releasableAtTop: ByteCount(raw.keepcost))
    }
}

/// Fixed malloc statistics (or a fixed problem), for tests.
public struct FixedMallocInfo: MallocInfoReader {
    public var result: Result<MallInfo2, ProbeProblem>

    public init(_ result: Result<MallInfo2, ProbeProblem>) { self.result = result }

    public func mallinfo2() throws(ProbeProblem) -> MallInfo2 { try result.get() }
}
