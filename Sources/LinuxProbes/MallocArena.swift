// Real allocations with this process's malloc, for the native backend: the same scenario that
// drives the simulated Go heap, performed by glibc, so the Linux numbers can be compared with
// what a collector-less allocator does.
//
// Why it differs from Go, on purpose: malloc has no garbage collector. Objects in a group stay
// until the scenario frees the group; objects without a group are freed the moment they are
// made (malloc, touch, free), so glibc reuses the same chunk over and over and garbage never
// piles up the way it does in a Go heap between cycles. Freed chunks stay in glibc's arenas
// (fordblks) until `malloc_trim(0)` returns their pages; chunks of 128 KiB and more (glibc's
// mmap threshold at start; it rises dynamically as such chunks are freed) get their own mmap
// and go back to the kernel at `free`.
//
// Invariants: `liveBlockCount` is the number of non-nil slots over all groups, and
// `liveBytes` is the sum of their requested sizes; `checkInvariants()` recomputes both.
//
// Simplification: `pointers` changes nothing here (malloc does not scan); slots are 8-byte
// pointers kept in Swift arrays, like the group's slice in Go, but that array is not counted.

import FieldCatalogue

/// Why an allocation or a free could not be performed.
public enum MallocArenaError: Error, Sendable, Equatable {
    /// `free` of a group that holds no objects.
    case unknownGroup(String)
    /// malloc returned NULL after `allocatedCount` of `count` objects of `sizeBytes`.
    case outOfMemory(allocatedCount: UInt64, count: UInt64, sizeBytes: UInt64)
    /// A size or count this process cannot address.
    case tooLarge(count: UInt64, sizeBytes: UInt64)

    /// The message for the user.
    public var message: String {
        switch self {
        case .unknownGroup(let name):
            "no group '\(name)' holds objects here"
        case .outOfMemory(let done, let count, let size):
            "malloc failed after \(done) of \(count) objects of \(ByteCount(size)); the machine is out of memory"
        case .tooLarge(let count, let size):
            "\(count) objects of \(ByteCount(size)) cannot be addressed by this process"
        }
    }
}

/// What `malloc_trim(0)` reported.
public enum MallocTrimOutcome: Sendable, Equatable {
    /// glibc returned some memory to the kernel.
    case releasedMemory
    /// There was nothing to return.
    case releasedNothing
    /// Not glibc: no `malloc_trim`.
    case unsupported
}

/// Blocks from this process's malloc, kept in named groups.
///
/// Not thread-safe: one backend drives it from one thread. Everything it holds is freed by
/// `freeAll()` and at deinit.
public final class MallocArena {
    /// One byte is written in every page of this many bytes of a touched object (the scenario
    /// language's "one byte in every 4 KiB page").
    public static let touchStrideBytes: UInt64 = 4096

    /// A run of objects of one size appended to a group by one `alloc`.
    private struct Run {
        var sizeBytes: UInt64
        var slots: ContiguousArray<UnsafeMutableRawPointer?>
    }

    private var groups: [String: [Run]] = [:]

    /// Objects currently held in groups.
    public private(set) var liveBlockCount: UInt64 = 0
    /// Their requested sizes, summed (malloc's chunk headers and rounding not included).
    public private(set) var liveBytes: UInt64 = 0
    /// Objects made over the arena's life, groups or not.
    public private(set) var totalBlockCount: UInt64 = 0

    public init() {}

    deinit { freeAll() }

    /// Whether `group` holds objects (possibly all freed by `keep 1 in K` but still present).
    public func hasGroup(_ group: String) -> Bool { groups[group] != nil }

    /// `alloc COUNT x SIZE [as GROUP] [untouched]`: `count` blocks of `sizeBytes` from malloc.
    ///
    /// With a group, the blocks are appended to it; without, each is freed as soon as it is made
    /// (and touched, if `isTouched`). The corresponding C functions are `malloc` and `free`.
    /// - Throws: `MallocArenaError.outOfMemory` if malloc returns NULL (the blocks made so far
    ///   stay in the group and are freed with it); `.tooLarge` if the size cannot be addressed.
    public func allocate(count: UInt64, sizeBytes: UInt64, isTouched: Bool, group: String?)
        throws(MallocArenaError)
    {
        guard let size = Int(exactly: sizeBytes), let slotCount = Int(exactly: count),
              !sizeBytes.multipliedReportingOverflow(by: count).overflow
        else { throw .tooLarge(count: count, sizeBytes: sizeBytes) }

        guard let group else {
            for made in 0..<count {
                guard let block = system_malloc(size) else {
                    throw .outOfMemory(allocatedCount: made, count: count, sizeBytes: sizeBytes)
                }
                if isTouched { Self.touch(block, sizeBytes: sizeBytes) }
                system_free(block)
                totalBlockCount += 1
            }
            return
        }

        var run = Run(sizeBytes: sizeBytes, slots: [])
        // Reserve up front for ordinary counts; beyond a million slots let the array grow, so
        // a huge count fails at malloc (an error) rather than at reserving the slots (a trap).
        run.slots.reserveCapacity(min(slotCount, 1 << 20))
        var failure: MallocArenaError?
        for made in 0..<count {
            guard let block = system_malloc(size) else {
                failure = .outOfMemory(allocatedCount: made, count: count, sizeBytes: sizeBytes)
                break
            }
            if isTouched { Self.touch(block, sizeBytes: sizeBytes) }
            run.slots.append(block)
        }
        let made = UInt64(run.slots.count)
        groups[group, default: []].append(run)
        liveBlockCount += made
        liveBytes += made * sizeBytes
        totalBlockCount += made
        if let failure { throw failure }
    }

    /// `free GROUP`: frees every block of the group and forgets the group.
    ///
    /// - Returns: how many blocks were freed.
    /// - Throws: `MallocArenaError.unknownGroup`.
    @discardableResult
    public func free(group: String) throws(MallocArenaError) -> UInt64 {
        guard let runs = groups.removeValue(forKey: group) else { throw .unknownGroup(group) }
        var freed: UInt64 = 0
        for run in runs {
            for case let block? in run.slots {
                system_free(block)
                freed += 1
                liveBytes -= run.sizeBytes
            }
        }
        liveBlockCount -= freed
        return freed
    }

    /// `free GROUP keep 1 in K`: keeps the blocks at positions 0, K, 2K, … of the group (positions
    /// count every slot ever appended, as in Go's slice) and frees the others.
    ///
    /// - Returns: how many blocks were freed.
    /// - Throws: `MallocArenaError.unknownGroup`.
    @discardableResult
    public func free(group: String, keepingOneIn k: UInt64) throws(MallocArenaError) -> UInt64 {
        guard var runs = groups[group] else { throw .unknownGroup(group) }
        let stride = max(k, 1)
        var position: UInt64 = 0
        var freed: UInt64 = 0
        for r in runs.indices {
            let size = runs[r].sizeBytes
            for s in runs[r].slots.indices {
                defer { position += 1 }
                guard position % stride != 0, let block = runs[r].slots[s] else { continue }
                system_free(block)
                runs[r].slots[s] = nil
                freed += 1
                liveBytes -= size
            }
        }
        groups[group] = runs
        liveBlockCount -= freed
        return freed
    }

    /// Frees every block of every group.
    public func freeAll() {
        for name in Array(groups.keys) { _ = try? free(group: name) }
    }

    /// `malloc_trim(0)`: returns free pages of every arena to the kernel.
    ///
    /// Process-wide: it trims every thread's arena, not only this object's blocks. The
    /// corresponding glibc call is `malloc_trim(0)`.
    public static func trim() -> MallocTrimOutcome {
        switch system_mallocTrim() {
        case 1: .releasedMemory
        case 0: .releasedNothing
        default: .unsupported
        }
    }

    /// Recomputes `liveBlockCount` and `liveBytes` from the groups and traps if the running
    /// totals disagree (a bookkeeping bug, never a user error).
    public func checkInvariants() {
        var count: UInt64 = 0
        var bytes: UInt64 = 0
        for runs in groups.values {
            for run in runs {
                let live = UInt64(run.slots.lazy.filter { $0 != nil }.count)
                count += live
                bytes += live * run.sizeBytes
            }
        }
        precondition(count == liveBlockCount && bytes == liveBytes,
                     "MallocArena: live totals \(liveBlockCount) blocks/\(liveBytes) B disagree with "
                        + "groups \(count)/\(bytes)")
    }

    /// Writes one byte in every `touchStrideBytes` of the block, so each of its pages becomes
    /// resident.
    private static func touch(_ block: UnsafeMutableRawPointer, sizeBytes: UInt64) {
        var offset: UInt64 = 0
        while offset < sizeBytes {
            block.storeBytes(of: 1, toByteOffset: Int(offset), as: UInt8.self)
            offset += touchStrideBytes
        }
    }
}
