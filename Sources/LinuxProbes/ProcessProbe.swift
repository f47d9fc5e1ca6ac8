// One reading of a process's memory as Linux and glibc show it: what `ps`, `top` and
// `cat /proc/PID/status` would say, next to which MemStats explains how the memory is used.
// Each source is read and parsed on its own; a source that fails is listed as unavailable
// with its reason and the others still report.
//
// This module never turns these numbers into MemStats: that mapping is an approximation and
// belongs to the backend that labels it as one.

import FieldCatalogue

/// Reads a process's memory as Linux shows it.
public enum ProcessProbe {
    /// Builds a reading from the raw texts of /proc/self/status, /proc/self/smaps_rollup and
    /// /proc/self/statm (nil: the file could not be read; the reading says so). Used for this
    /// process and for the text the generated Go program captured of itself.
    ///
    /// Pure parsing: statm's pages are converted with this machine's page size (the captured
    /// text comes from a process on this machine).
    public static func reading(status: String?, smapsRollup: String?, statm: String?) -> ProcessReading {
        func captured(_ text: String?, _ file: ProcFile) -> Result<String, ProbeProblem> {
            text.map(Result.success) ?? .failure(.notCaptured(path: file.path))
        }
        return reading(status: captured(status, .status), statm: captured(statm, .statm),
                       smapsRollup: captured(smapsRollup, .smapsRollup), mallinfo: nil,
                       pageSize: SystemMemory.pageSize)
    }

    /// Builds a reading from each source's text or the problem that kept it from being read.
    ///
    /// Sources appear in the order status, statm, smaps_rollup, mallinfo2, in `values` when
    /// they parse and in `unavailable` with the reason when they do not.
    /// - Parameters:
    ///   - mallinfo: nil when the process is not this one (no mallinfo2 row at all).
    ///   - pageSize: the page size statm's counts are multiplied by.
    public static func reading(status: Result<String, ProbeProblem>, statm: Result<String, ProbeProblem>,
                               smapsRollup: Result<String, ProbeProblem>,
                               mallinfo: Result<MallInfo2, ProbeProblem>?, pageSize: ByteCount) -> ProcessReading {
        var reading = ProcessReading()
        func add(_ source: ProcessMetric.Source,
                 _ parse: () throws(ProbeProblem) -> [(metric: ProcessMetric, bytes: UInt64)]) {
            do {
                reading.values += try parse()
            } catch {
                reading.unavailable.append((source, error.reason))
            }
        }
        add(.status) { () throws(ProbeProblem) in try ProcStatus.parse(status.get()).metrics }
        add(.statm) { () throws(ProbeProblem) in try ProcStatm.parse(statm.get(), pageSize: pageSize).metrics }
        add(.smapsRollup) { () throws(ProbeProblem) in try SmapsRollup.parse(smapsRollup.get()).metrics }
        if let mallinfo {
            add(.mallinfo2) { () throws(ProbeProblem) in try mallinfo.get().metrics }
        }
        return reading
    }

    /// Reads this process now: /proc/self/status, statm, smaps_rollup and glibc's mallinfo2.
    ///
    /// - Parameters:
    ///   - files: where /proc text comes from (the real /proc by default).
    ///   - malloc: where malloc statistics come from (this process's glibc by default).
    public static func current(files: any ProcFileReader = LiveProcFiles(),
                               malloc: any MallocInfoReader = LiveMallocInfo()) -> ProcessReading {
        func read(_ file: ProcFile) -> Result<String, ProbeProblem> {
            Result { () throws(ProbeProblem) in try files.contents(of: file) }
        }
        return reading(status: read(.status), statm: read(.statm), smapsRollup: read(.smapsRollup),
                       mallinfo: Result { () throws(ProbeProblem) in try malloc.mallinfo2() },
                       pageSize: SystemMemory.pageSize)
    }

    /// The largest resident set this process has had, in bytes, or nil when unknown.
    ///
    /// For the benchmark's memory ratios. The corresponding C call is `getrusage(RUSAGE_SELF)`,
    /// field `ru_maxrss` (the same number as `VmHWM` in /proc/self/status).
    public static func peakResidentBytes() -> UInt64? { system_maxResidentBytes() }
}
