// PUBLIC API CONTRACT (stub: the LinuxProbes work fills it in, keeps the signatures).

/// The machine's memory as /proc/meminfo shows it.
public struct SystemMemory: Sendable, Equatable {
    /// MemAvailable: what can be allocated without swapping. nil when /proc/meminfo is unreadable.
    public var availableBytes: UInt64?
    public var totalBytes: UInt64?

    public init(availableBytes: UInt64?, totalBytes: UInt64?) {
        self.availableBytes = availableBytes
        self.totalBytes = totalBytes
    }

    /// Reads /proc/meminfo of this machine.
    public static func current() -> SystemMemory { SystemMemory(availableBytes: nil, totalBytes: nil) }
}

import FieldCatalogue

/// Reads this process's memory as Linux shows it.
public enum ProcessProbe {
    /// Builds a reading from the raw texts of /proc/self/status, /proc/self/smaps_rollup and
    /// /proc/self/statm (nil: the file could not be read; the reading says so). Used for this
    /// process and for the text the generated Go program captured of itself.
    public static func reading(status: String?, smapsRollup: String?, statm: String?) -> ProcessReading {
        ProcessReading()
    }
}
