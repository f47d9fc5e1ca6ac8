// Real threads standing in for goroutines in the native backend: each gets its own stack
// mapping, writes one byte in every 4 KiB page of a frame about SIZE bytes deep (so those pages
// become resident, like a goroutine's stack after deep recursion), then blocks on a condition
// variable until its group exits.
//
// Why a cap: a Go program can park 100 000 goroutines in 2 KiB stacks each; 100 000 OS threads
// would exhaust the machine's thread limit and its memory for kernel stacks. So at most
// `maximumThreadCount` threads run at once (1000 by default) and a start reports how many of
// the requested it could not start.
//
// Simplification: each thread's stack is one fixed mapping of the touched size plus
// `stackSlackBytes` (for the thread's own frames, glibc's thread descriptor and static TLS);
// Go's stacks instead start at 2 KiB and are copied as they grow.

import FieldCatalogue

/// What one `start` did.
public struct ThreadStartReport: Sendable, Equatable {
    /// Threads the scenario asked for.
    public var requestedCount: UInt64
    /// Threads now running and parked.
    public var startedCount: Int
    /// The size of each thread's stack mapping (VmSize grows by this much per thread).
    public var stackMapping: ByteCount
    /// True when the cap kept some threads from starting.
    public var isLimitedByCap: Bool
    /// When `pthread_create` failed: its error text.
    public var failure: String?
}

/// Groups of parked threads. Everything is stopped by `stopAll()` and at deinit.
public final class ParkedThreads {
    /// The default cap on threads alive at once: enough to see stacks in RSS, far below the
    /// usual per-user thread limits (ulimit -u, kernel.threads-max).
    public static let defaultMaximumThreadCount = 1000
    /// Added to each requested stack depth for the thread's own frames, glibc's thread
    /// descriptor and static TLS, which live in the same mapping. Generous on purpose: a
    /// thread that overflows its stack would crash the process.
    public static let stackSlackBytes: UInt64 = 64 * 1024

    /// Depths are clamped to this (1 TiB, the scenario language's largest SIZE) so sizes stay
    /// addressable; no machine could map such a stack, and `pthread_create` reports that.
    public static let maximumDepthBytes: UInt64 = 1 << 40

    /// The most threads alive at once across all groups.
    public let maximumThreadCount: Int
    private var groups: [String: [OpaquePointer]] = [:]
    private var counts: [String: Int] = [:]

    /// Threads alive now, over all groups.
    public private(set) var liveThreadCount = 0

    public init(maximumThreadCount: Int = ParkedThreads.defaultMaximumThreadCount) {
        self.maximumThreadCount = max(0, maximumThreadCount)
    }

    deinit { stopAll() }

    /// The stack mapping a thread gets for a frame of `depthBytes`: depth plus slack, rounded
    /// up to pages, at least the system minimum.
    public static func stackMapping(forDepth depthBytes: UInt64) -> ByteCount {
        let page = system_pageSize()
        let wanted = min(depthBytes, maximumDepthBytes) + stackSlackBytes
        let rounded = (wanted + page - 1) / page * page
        return ByteCount(max(rounded, system_threadStackMinimum()))
    }

    /// Whether `group` has threads.
    public func hasGroup(_ group: String) -> Bool { groups[group] != nil }

    /// `goroutines COUNT stack SIZE as GROUP`: starts up to `count` threads (fewer when the cap
    /// is reached or `pthread_create` fails), each touching `stackBytes` of its stack, and
    /// returns when all of them are parked. Threads are added to `group` if it exists.
    public func start(count: UInt64, stackBytes: UInt64, group: String) -> ThreadStartReport {
        let room = max(0, maximumThreadCount - liveThreadCount)
        let allowed = Int(min(count, UInt64(room)))
        let mapping = Self.stackMapping(forDepth: stackBytes)
        var report = ThreadStartReport(requestedCount: count, startedCount: 0, stackMapping: mapping,
                                       isLimitedByCap: UInt64(allowed) < count, failure: nil)
        guard allowed > 0 else { return report }
        let (handle, started, errorNumber) = system_startParkedThreads(
            count: allowed, stackMappingBytes: Int(mapping.bytes),
            touchBytes: Int(min(stackBytes, Self.maximumDepthBytes)))
        if errorNumber != 0 { report.failure = system_errorText(errorNumber) }
        guard let handle else { return report }
        groups[group, default: []].append(handle)
        counts[group, default: 0] += started
        liveThreadCount += started
        report.startedCount = started
        return report
    }

    /// `exit GROUP`: wakes the group's threads and joins them.
    ///
    /// - Returns: how many threads exited, or nil when there is no such group.
    @discardableResult
    public func stop(group: String) -> Int? {
        guard let handles = groups.removeValue(forKey: group) else { return nil }
        for handle in handles { system_stopParkedThreads(handle) }
        let count = counts.removeValue(forKey: group) ?? 0
        liveThreadCount -= count
        return count
    }

    /// Stops every group.
    public func stopAll() {
        for name in Array(groups.keys) { stop(group: name) }
    }
}
