// /proc/self/smaps_rollup: the per-mapping accounting of /proc/self/smaps summed over the
// whole process (Linux 4.14 and later). It exists because walking smaps is slow; it adds what
// status leaves out: the proportional share of shared pages (Pss), pages freed with
// MADV_FREE that the kernel may take back but has not yet (LazyFree, which is how a Go
// runtime built with GODEBUG=madvdontneed=0 "releases" memory while RSS stays high), and
// transparent huge pages (AnonHugePages).
//
// Simplification: only Rss, Pss, Anonymous, LazyFree and AnonHugePages are read.

import FieldCatalogue

/// The summed smaps lines of this process, in bytes.
///
/// - Note: Only available on Linux 4.14 and later.
public struct SmapsRollup: Sendable, Equatable {
    /// Resident memory over all mappings (close to VmRSS; counted page by page).
    /// The corresponding kernel field is `Rss` in /proc/self/smaps_rollup.
    public var rss: ByteCount
    /// Proportional set size: each shared page divided by the number of processes mapping it.
    /// The corresponding kernel field is `Pss` in /proc/self/smaps_rollup.
    public var pss: ByteCount
    /// Resident anonymous memory.
    /// The corresponding kernel field is `Anonymous` in /proc/self/smaps_rollup.
    public var anonymous: ByteCount
    /// Pages given up with MADV_FREE that are still counted as resident until the kernel
    /// needs them. The corresponding kernel field is `LazyFree` in /proc/self/smaps_rollup.
    public var lazyFree: ByteCount
    /// Anonymous memory backed by transparent huge pages.
    /// The corresponding kernel field is `AnonHugePages` in /proc/self/smaps_rollup.
    public var anonHugePages: ByteCount

    public init(rss: ByteCount, pss: ByteCount, anonymous: ByteCount, lazyFree: ByteCount,
                anonHugePages: ByteCount) {
        self.rss = rss
        self.pss = pss
        self.anonymous = anonymous
        self.lazyFree = lazyFree
        self.anonHugePages = anonHugePages
    }

    static let keys = ["Rss", "Pss", "Anonymous", "LazyFree", "AnonHugePages"]

    /// Parses the text of /proc/self/smaps_rollup. The first line (the `[rollup]` address
    /// range) is skipped like any other line not asked for.
    ///
    /// - Throws: `ProbeProblem` naming the line and what was expected, or the missing key.
    public static func parse(_ text: String) throws(ProbeProblem) -> SmapsRollup {
        let fields = try KilobyteFields.parse(text, path: ProcFile.smapsRollup.path, keys: keys)
        func bytes(_ key: String) -> ByteCount { ByteCount(fields[key] ?? 0) }
        return SmapsRollup(rss: bytes("Rss"), pss: bytes("Pss"), anonymous: bytes("Anonymous"),
                           lazyFree: bytes("LazyFree"), anonHugePages: bytes("AnonHugePages"))
    }

    /// The fields as reading values, keyed as the kernel spells them.
    public var metrics: [(metric: ProcessMetric, bytes: UInt64)] {
        zip(Self.keys, [rss, pss, anonymous, lazyFree, anonHugePages]).map {
            (ProcessMetric(.smapsRollup, $0), $1.bytes)
        }
    }
}
