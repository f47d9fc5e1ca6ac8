// What of a process's RSS the Go runtime accounts for, and what it does not: the dump's
// footprint (Sys − HeapReleased) next to /proc/PID/status.

import FieldCatalogue

public struct RSSLedger: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var kind: Kind
        /// Signed: a negative remainder is said as such, not hidden.
        public var bytes: Int64
    }

    /// What a row stands for (its words are Presentation's, in each language).
    public enum Kind: String, Sendable, CaseIterable {
        /// HeapInuse.
        case heapInUse
        /// HeapIdle − HeapReleased.
        case heapKeptIdle
        /// StackSys.
        case stacks
        /// MSpanSys + MCacheSys + GCSys + BuckHashSys + OtherSys.
        case metadata
        /// Sys − HeapReleased.
        case footprint
        /// RssAnon − footprint.
        case anonymousBeyondFootprint
        /// RssFile.
        case fileBacked
    }

    public var residentBytes: UInt64
    public var rows: [Row]
    /// RSS the runtime's numbers do not explain (RssAnon − footprint); negative when the
    /// runtime counts pages that are not resident.
    public var unaccountedAnonymous: Int64?

    /// Builds the ledger from a dump and the readings of /proc/PID/status (and smaps_rollup when read).
    public static func of(_ dump: Dump, process: ProcessReading) -> RSSLedger? {
        guard let rss = process[ProcessMetric(.status, "VmRSS")] else { return nil }
        let s = dump.stats
        var rows: [Row] = []
        func add(_ kind: Kind, _ fields: [MemStatsField], _ value: @autoclosure () -> UInt64) {
            if fields.allSatisfy(dump.has) { rows.append(Row(kind: kind, bytes: Int64(clamping: value()))) }
        }
        add(.heapInUse, [.heapInuse], s.heapInuse)
        add(.heapKeptIdle, [.heapIdle, .heapReleased], s.heapIdle &- s.heapReleased)
        add(.stacks, [.stackSys], s.stackSys)
        add(.metadata, [.mSpanSys, .mCacheSys, .gcSys, .buckHashSys, .otherSys],
            s.mSpanSys + s.mCacheSys + s.gcSys + s.buckHashSys + s.otherSys)
        var unaccounted: Int64?
        if dump.has(.sys), dump.has(.heapReleased) {
            let footprint = Int64(clamping: s.sys &- s.heapReleased)
            rows.append(Row(kind: .footprint, bytes: footprint))
            if let anon = process[ProcessMetric(.status, "RssAnon")] {
                unaccounted = Int64(clamping: anon) - footprint
                rows.append(Row(kind: .anonymousBeyondFootprint, bytes: unaccounted!))
            }
            if let file = process[ProcessMetric(.status, "RssFile")] {
                rows.append(Row(kind: .fileBacked, bytes: Int64(clamping: file)))
            }
        }
        return RSSLedger(residentBytes: rss, rows: rows, unaccountedAnonymous: unaccounted)
    }
}
