// What of a process's RSS the Go runtime accounts for, and what it does not: the dump's
// footprint (Sys − HeapReleased) next to /proc/PID/status.

import FieldCatalogue

public struct RSSLedger: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        /// Signed: a negative remainder is said as such, not hidden.
        public var bytes: Int64
        public var note: String
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
        func add(_ label: String, _ fields: [MemStatsField], _ value: @autoclosure () -> UInt64, _ note: String) {
            if fields.allSatisfy(dump.has) { rows.append(Row(label: label, bytes: Int64(clamping: value()), note: note)) }
        }
        add("heap in use", [.heapInuse], s.heapInuse, "HeapInuse: spans holding objects")
        add("heap kept idle", [.heapIdle, .heapReleased], s.heapIdle &- s.heapReleased,
            "HeapIdle − HeapReleased: free pages not yet returned")
        add("stacks", [.stackSys], s.stackSys, "StackSys")
        add("runtime metadata", [.mSpanSys, .mCacheSys, .gcSys, .buckHashSys, .otherSys],
            s.mSpanSys + s.mCacheSys + s.gcSys + s.buckHashSys + s.otherSys,
            "MSpanSys + MCacheSys + GCSys + BuckHashSys + OtherSys (mapped; not all touched)")
        var unaccounted: Int64?
        if dump.has(.sys), dump.has(.heapReleased) {
            let footprint = Int64(clamping: s.sys &- s.heapReleased)
            rows.append(Row(label: "runtime footprint", bytes: footprint, note: "Sys − HeapReleased: the most the runtime's memory can make resident"))
            if let anon = process[ProcessMetric(.status, "RssAnon")] {
                unaccounted = Int64(clamping: anon) - footprint
                rows.append(Row(label: "anonymous RSS beyond it", bytes: unaccounted!,
                                note: unaccounted! >= 0
                                    ? "RssAnon − footprint: cgo/C allocations, thread stacks of the OS, or pages counted before they were released"
                                    : "negative: the runtime counts pages never touched (not yet resident) or swapped out"))
            }
            if let file = process[ProcessMetric(.status, "RssFile")] {
                rows.append(Row(label: "file-backed RSS", bytes: Int64(clamping: file),
                                note: "RssFile: the executable and shared libraries; never in Sys"))
            }
        }
        return RSSLedger(residentBytes: rss, rows: rows, unaccountedAnonymous: unaccounted)
    }
}
