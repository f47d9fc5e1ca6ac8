// What a scenario costs in real memory when the native backend performs it: glibc's chunks,
// not the objects' nominal sizes. The difference matters for small objects — `alloc 100000000
// x 8B` asks for 800 MB of objects but takes 3.2 GB of 32-byte chunks plus 800 MB of slots —
// and the cap must be checked against what will really be taken.
//
// The walk itself is ResourceEstimate's (live groups, repeat unrolling); this file only
// rewrites each statement to its malloc-sized equivalent first, so there is one walker.
//
// Simplification: glibc's dynamic mmap threshold (it rises up to 32 MiB as mmapped chunks are
// freed) is ignored; every request at or above the initial threshold is costed as its own
// page-rounded mapping, which is never less than the arena chunk it might become.

import LinuxProbes
import ScenarioLanguage

/// The real memory footprint of scenarios performed with malloc and threads.
enum NativeFootprint {
    /// A chunk's size field before its payload. glibc: `SIZE_SZ` (8 on 64-bit).
    static let chunkHeaderBytes: UInt64 = 8
    /// Chunk sizes are multiples of this. glibc: `MALLOC_ALIGNMENT` (16 on x86_64 and aarch64).
    static let chunkAlignmentBytes: UInt64 = 16
    /// The smallest chunk. glibc: `MINSIZE` (32 on 64-bit).
    static let minimumChunkBytes: UInt64 = 32
    /// Requests this large get their own mmap. glibc: `DEFAULT_MMAP_THRESHOLD_MIN` (128 KiB).
    static let mmapThresholdBytes: UInt64 = 128 * 1024
    /// Header of an mmapped chunk (prev_size and size). glibc: `2 * SIZE_SZ`.
    static let mmappedHeaderBytes: UInt64 = 16
    /// Each object held in a group costs one pointer in the group's slot array.
    static let slotBytes: UInt64 = 8

    /// The bytes malloc takes for a request of `sizeBytes`.
    static func chunkBytes(forRequest sizeBytes: UInt64) -> UInt64 {
        if sizeBytes >= mmapThresholdBytes {
            let page = SystemMemory.pageSize.bytes
            return roundUp(sizeBytes + mmappedHeaderBytes, to: page)
        }
        return max(minimumChunkBytes, roundUp(sizeBytes + chunkHeaderBytes, to: chunkAlignmentBytes))
    }

    /// The scenario's peak in real bytes on the native backend: chunks and slots of live
    /// objects, plus the stack mappings of at most `maximumThreadCount` threads per
    /// `goroutines` statement (the stacks' whole mappings, resident or not).
    static func peakBytes(of scenario: Scenario, maximumThreadCount: Int) -> UInt64 {
        let rewritten = Scenario(file: scenario.file, title: scenario.title, about: scenario.about,
                                 statements: scenario.statements.map { rewrite($0, maximumThreadCount) })
        return ResourceEstimate.estimate(rewritten).peakBytes
    }

    private static func rewrite(_ statement: Statement, _ maximumThreadCount: Int) -> Statement {
        switch statement.kind {
        case .repeatBlock(let count, let body):
            return Statement(.repeatBlock(count: count, body: body.map { rewrite($0, maximumThreadCount) }),
                             span: statement.span)
        case .operation(.alloc(var allocation)):
            allocation.sizeBytes = chunkBytes(forRequest: allocation.sizeBytes)
                + (allocation.group == nil ? 0 : slotBytes)
            return Statement(.operation(.alloc(allocation)), span: statement.span)
        case .operation(.goroutines(let count, let stackBytes, let group)):
            let threads = min(count, UInt64(max(0, maximumThreadCount)))
            let mapping = ParkedThreads.stackMapping(forDepth: stackBytes).bytes
            return Statement(.operation(.goroutines(count: threads, stackBytes: mapping, group: group)),
                             span: statement.span)
        default:
            return statement
        }
    }

    private static func roundUp(_ value: UInt64, to multiple: UInt64) -> UInt64 {
        let (sum, overflow) = value.addingReportingOverflow(multiple - 1)
        return overflow ? .max / multiple * multiple : sum / multiple * multiple
    }
}
