// /proc/meminfo: the machine's memory. The real backends need one number from it before they
// allocate anything: MemAvailable, the kernel's estimate of what can be allocated without
// swapping (Linux 3.14 and later). The cap on real allocations is derived from it.

import FieldCatalogue

/// The machine's memory as /proc/meminfo shows it.
public struct SystemMemory: Sendable, Equatable {
    /// MemAvailable: what can be allocated without swapping. nil when /proc/meminfo is unreadable.
    /// The corresponding kernel field is `MemAvailable` in /proc/meminfo.
    public var availableBytes: UInt64?
    /// The corresponding kernel field is `MemTotal` in /proc/meminfo.
    public var totalBytes: UInt64?
    /// Why `availableBytes` is nil, when it is.
    public var problem: ProbeProblem?

    public init(availableBytes: UInt64?, totalBytes: UInt64?, problem: ProbeProblem? = nil) {
        self.availableBytes = availableBytes
        self.totalBytes = totalBytes
        self.problem = problem
    }

    /// Reads /proc/meminfo of this machine.
    public static func current() -> SystemMemory { read(from: LiveProcFiles()) }

    /// Reads /proc/meminfo through `files`; a problem leaves the numbers nil and says why.
    public static func read(from files: any ProcFileReader) -> SystemMemory {
        do {
            return try parse(meminfo: files.contents(of: .meminfo))
        } catch {
            return SystemMemory(availableBytes: nil, totalBytes: nil, problem: error)
        }
    }

    /// Parses the text of /proc/meminfo. `MemTotal` is required; without `MemAvailable`
    /// (kernels before 3.14) `availableBytes` is nil and `problem` says so.
    ///
    /// - Throws: `ProbeProblem` naming the line and what was expected, or the missing key.
    public static func parse(meminfo text: String) throws(ProbeProblem) -> SystemMemory {
        let path = ProcFile.meminfo.path
        let fields = try KilobyteFields.parse(text, path: path, keys: ["MemTotal", "MemAvailable"],
                                              optional: ["MemAvailable"])
        let available = fields["MemAvailable"]
        return SystemMemory(availableBytes: available, totalBytes: fields["MemTotal"],
                            problem: available == nil ? .missingKey(path: path, key: "MemAvailable") : nil)
    }

    /// The size of a memory page on this machine. The corresponding C call is `sysconf(_SC_PAGESIZE)`.
    public static var pageSize: ByteCount { ByteCount(system_pageSize()) }
}
