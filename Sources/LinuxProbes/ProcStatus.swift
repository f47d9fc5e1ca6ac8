// /proc/self/status: the kernel's own summary of a process's memory, the numbers `ps` and
// `top` print. It exists so tools need not walk every mapping; it says how much is resident
// (VmRSS, split into RssAnon and RssFile), how much address space is mapped (VmSize), and the
// high-water mark (VmHWM). It says nothing about how the memory is used: that is what
// MemStats adds.
//
// Simplification: only the seven fields the explorer shows are read; VmPeak, VmLck, VmPin,
// VmExe, VmLib, VmPTE, VmSwap and the rest are skipped.

import FieldCatalogue

/// The memory lines of /proc/self/status, in bytes.
///
/// - Note: Only available on Linux. `RssAnon` and `RssFile` appeared in Linux 4.5.
public struct ProcStatus: Sendable, Equatable {
    /// Resident set size: pages of this process in RAM now.
    /// The corresponding kernel field is `VmRSS` in /proc/self/status.
    public var vmRSS: ByteCount
    /// The resident anonymous memory (heap, stacks, malloc arenas); nil before Linux 4.5.
    /// The corresponding kernel field is `RssAnon` in /proc/self/status.
    public var rssAnon: ByteCount?
    /// The resident file-backed memory (the binary and its libraries); nil before Linux 4.5.
    /// The corresponding kernel field is `RssFile` in /proc/self/status.
    public var rssFile: ByteCount?
    /// The whole mapped address space, resident or not.
    /// The corresponding kernel field is `VmSize` in /proc/self/status.
    public var vmSize: ByteCount
    /// The size of private data mappings (heap and anonymous mmap, including untouched pages).
    /// The corresponding kernel field is `VmData` in /proc/self/status.
    public var vmData: ByteCount
    /// The size of the main thread's stack mapping.
    /// The corresponding kernel field is `VmStk` in /proc/self/status.
    public var vmStk: ByteCount
    /// The peak resident set size ("high water mark").
    /// The corresponding kernel field is `VmHWM` in /proc/self/status.
    public var vmHWM: ByteCount

    public init(vmRSS: ByteCount, rssAnon: ByteCount?, rssFile: ByteCount?, vmSize: ByteCount,
                vmData: ByteCount, vmStk: ByteCount, vmHWM: ByteCount) {
        self.vmRSS = vmRSS
        self.rssAnon = rssAnon
        self.rssFile = rssFile
        self.vmSize = vmSize
        self.vmData = vmData
        self.vmStk = vmStk
        self.vmHWM = vmHWM
    }

    /// The keys in the order readings list them.
    static let keys = ["VmRSS", "RssAnon", "RssFile", "VmSize", "VmData", "VmStk", "VmHWM"]

    /// Parses the text of /proc/self/status (of this process or of another that captured it).
    ///
    /// - Throws: `ProbeProblem` naming the line and what was expected, or the missing key.
    public static func parse(_ text: String) throws(ProbeProblem) -> ProcStatus {
        let fields = try KilobyteFields.parse(text, path: ProcFile.status.path, keys: keys,
                                              optional: ["RssAnon", "RssFile"])
        func bytes(_ key: String) -> ByteCount { ByteCount(fields[key] ?? 0) }
        return ProcStatus(vmRSS: bytes("VmRSS"), rssAnon: fields["RssAnon"].map { ByteCount($0) },
                          rssFile: fields["RssFile"].map { ByteCount($0) }, vmSize: bytes("VmSize"),
                          vmData: bytes("VmData"), vmStk: bytes("VmStk"), vmHWM: bytes("VmHWM"))
    }

    /// The fields as reading values, keyed as the kernel spells them, absent ones left out.
    public var metrics: [(metric: ProcessMetric, bytes: UInt64)] {
        let values: [ByteCount?] = [vmRSS, rssAnon, rssFile, vmSize, vmData, vmStk, vmHWM]
        var metrics: [(metric: ProcessMetric, bytes: UInt64)] = []
        for (key, value) in zip(Self.keys, values) {
            if let value { metrics.append((ProcessMetric(.status, key), value.bytes)) }
        }
        return metrics
    }
}
