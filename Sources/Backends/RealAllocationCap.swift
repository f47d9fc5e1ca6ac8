// PUBLIC API CONTRACT (stub: the native-backend work fills it in, keeps the signatures).
//
// The cap every real backend (native, go) checks before it allocates anything real.

import LinuxProbes

/// The most real memory a backend may allocate for one scenario.
public struct RealAllocationCap: Sendable, Equatable {
    public var limitBytes: UInt64
    /// How the limit was chosen, for the message ("min(2 GiB, 50% of MemAvailable 11.2 GiB)").
    public var origin: String

    public init(limitBytes: UInt64, origin: String) {
        self.limitBytes = limitBytes
        self.origin = origin
    }

    /// min(2 GiB, 50% of MemAvailable), or `explicit` (from `--real-limit`) when given.
    public static func standard(system: SystemMemory, explicit: UInt64? = nil) -> RealAllocationCap {
        RealAllocationCap(limitBytes: 2 << 30, origin: "default")
    }

    /// nil when `peakBytes` fits; otherwise the refusal message for the user.
    public func refusal(peakBytes: UInt64, backend: String) -> String? { nil }
}
