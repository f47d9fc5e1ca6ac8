// The cap every real backend (native, go) checks before it allocates anything real.
//
// Why: a class machine must never be pushed into swap or the OOM killer by a typo such as
// `alloc 1000000 x 1MiB`. Before a real backend runs a scenario it compares the scenario's
// peak with this cap; above it, that backend refuses and the message says how big the peak
// is, what the cap is and where it came from, and what to do.
//
// The rule, written once:
//   standard cap  = min(2 GiB, 50% of MemAvailable)                 when MemAvailable is known
//                 = 512 MiB                                         when it is not
//   --real-limit  = SIZE, but at most 90% of MemAvailable            when MemAvailable is known
//                 = SIZE                                            when it is not
// A scenario runs on a real backend only if its peak ≤ the cap.

import FieldCatalogue
import LinuxProbes

/// The most real memory a backend may allocate for one scenario.
public struct RealAllocationCap: Sendable, Equatable {
    public var limitBytes: UInt64
    /// How the limit was chosen, for the message ("min(2 GiB, 50% of MemAvailable 11.2 GiB)").
    public var origin: String
    /// The most any `--real-limit` may raise the cap to on this machine (90% of MemAvailable);
    /// nil when MemAvailable is unknown.
    public var machineMaximumBytes: UInt64?

    public init(limitBytes: UInt64, origin: String, machineMaximumBytes: UInt64? = nil) {
        self.limitBytes = limitBytes
        self.origin = origin
        self.machineMaximumBytes = machineMaximumBytes
    }

    /// The standard cap never exceeds this, however much memory is free: enough for every
    /// lesson (the largest bundled scenario peaks near 200 MiB), small enough to be harmless.
    public static let ceilingBytes: UInt64 = 2 << 30
    /// The standard cap's share of MemAvailable, in percent: half leaves room for the rest of
    /// the machine (other students, the browser, the page cache).
    public static let availablePercent: UInt64 = 50
    /// An explicit `--real-limit` is honoured up to this share of MemAvailable, in percent, so
    /// a typo in the limit cannot push the machine into swap either.
    public static let explicitMaximumPercent: UInt64 = 90
    /// The cap when MemAvailable cannot be read: small enough to be safe on any machine that
    /// can run the Swift toolchain.
    public static let unknownMemoryLimitBytes: UInt64 = 512 << 20

    /// min(2 GiB, 50% of MemAvailable), or `explicit` (from `--real-limit`) when given.
    ///
    /// - Parameters:
    ///   - system: the machine's memory; when MemAvailable is unknown, a fixed 512 MiB is used
    ///     and the origin says why.
    ///   - explicit: the user's `--real-limit`, lowered to 90% of MemAvailable if above it.
    public static func standard(system: SystemMemory, explicit: UInt64? = nil) -> RealAllocationCap {
        let available = system.availableBytes
        switch (explicit, available) {
        case (let explicit?, let available?):
            let ceiling = percent(explicitMaximumPercent, of: available)
            if explicit > ceiling {
                return RealAllocationCap(
                    limitBytes: ceiling,
                    origin: "--real-limit \(ByteCount(explicit)), lowered to \(explicitMaximumPercent)% of "
                        + "MemAvailable \(ByteCount(available)) so the machine does not swap",
                    machineMaximumBytes: ceiling)
            }
            return RealAllocationCap(limitBytes: explicit, origin: "--real-limit \(ByteCount(explicit))",
                                     machineMaximumBytes: ceiling)
        case (let explicit?, nil):
            return RealAllocationCap(
                limitBytes: explicit,
                origin: "--real-limit \(ByteCount(explicit)); MemAvailable is unknown, so it was not checked "
                    + "(\(unknownReason(system)))")
        case (nil, let available?):
            let share = percent(availablePercent, of: available)
            return RealAllocationCap(
                limitBytes: min(ceilingBytes, share),
                origin: "min(\(ByteCount(ceilingBytes)), \(availablePercent)% of MemAvailable \(ByteCount(available)))",
                machineMaximumBytes: percent(explicitMaximumPercent, of: available))
        case (nil, nil):
            return RealAllocationCap(
                limitBytes: unknownMemoryLimitBytes,
                origin: "a fixed \(ByteCount(unknownMemoryLimitBytes)), because MemAvailable is unknown "
                    + "(\(unknownReason(system)))")
        }
    }

    /// nil when `peakBytes` fits; otherwise the refusal message for the user.
    ///
    /// The message names the peak, the cap and how it was chosen, and what to do: raise the cap with `--real-limit SIZE` (suggesting a size that
    /// fits the peak, when the machine has room for it) or run on the simulator alone.
    public func refusal(peakBytes: UInt64, backend: String) -> String? {
        guard peakBytes > limitBytes else { return nil }
        var message = "\(backend) refuses this scenario: it needs about \(ByteCount(peakBytes)) of real memory "
            + "at its peak, above the cap of \(ByteCount(limitBytes)) (\(origin)). "
        if let maximum = machineMaximumBytes, peakBytes > maximum {
            message += "This machine cannot spare that much (--real-limit may go up to \(Self.explicitMaximumPercent)% "
                + "of MemAvailable, \(ByteCount(maximum))); run it on the simulator alone (--backend simulator) "
                + "or make the scenario smaller."
        } else {
            message += "To run it for real anyway, raise the cap with --real-limit SIZE (e.g. --real-limit "
                + "\(Self.suggestedLimit(above: peakBytes))), or run it on the simulator alone (--backend simulator)."
        }
        return message
    }

    /// A `--real-limit` argument just above `bytes`: whole MiB below 1 GiB, whole GiB above.
    static func suggestedLimit(above bytes: UInt64) -> String {
        let mib: UInt64 = 1 << 20
        let gib: UInt64 = 1 << 30
        if bytes < gib { return "\((bytes + mib - 1) / mib)MiB" }
        let (rounded, overflow) = bytes.addingReportingOverflow(gib - 1)
        return overflow ? "\(UInt64.max / gib)GiB" : "\(rounded / gib)GiB"
    }

    /// `percent`% of `value`, exact (no overflow, rounded down).
    static func percent(_ percent: UInt64, of value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: percent)
        return UInt64(100).dividingFullWidth((high: product.high, low: product.low)).quotient
    }

    private static func unknownReason(_ system: SystemMemory) -> String {
        system.problem?.reason ?? "/proc/meminfo gave no MemAvailable"
    }
}
