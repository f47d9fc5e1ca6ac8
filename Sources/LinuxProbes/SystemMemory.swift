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
