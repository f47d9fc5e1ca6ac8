// PUBLIC API CONTRACT (stub: the HeapSimulator work replaces the bodies, keeps the signatures).
//
// The simulated Go heap as the rest of the package sees it. Backends call these methods in
// scenario order; readMemStats() returns a complete runtime.MemStats like Go's ReadMemStats.

import FieldCatalogue

/// Which Go release the model imitates. Go 1.22 and 1.19 profiles follow later as more values.
public struct GoProfile: Sendable, Hashable {
    /// `go1.27`: the name used in JSON output (`"model"`) and `--model`.
    public var name: String

    public static let go1_27 = GoProfile(name: "go1.27")
    public static let all: [GoProfile] = [.go1_27]
}

/// How the simulated process is set up.
public struct SimulatorConfiguration: Sendable {
    public var profile: GoProfile = .go1_27
    /// GOMAXPROCS of the simulated program.
    public var gomaxprocs: Int = 1

    public init(profile: GoProfile = .go1_27, gomaxprocs: Int = 1) {
        self.profile = profile
        self.gomaxprocs = gomaxprocs
    }
}

/// Errors an operation can raise (the scenario checker normally prevents them).
public enum SimulatorError: Error, Sendable, Equatable {
    case unknownGroup(String)
    case groupIsNotObjects(String)
    case groupIsNotGoroutines(String)
}

/// What the model predicts Linux would show for the simulated process.
public struct SimulatedProcessView: Sendable, Equatable {
    /// Resident set: touched, unreleased heap and stack pages, plus metadata, plus the binary's baseline.
    public var residentBytes: UInt64
    /// Mapped address space (VmSize-like): Sys plus the binary's own mappings.
    public var virtualBytes: UInt64
}

public final class SimulatedHeap {
    public let configuration: SimulatorConfiguration

    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        fatalError("not yet implemented")
    }

    /// `alloc`: `count` objects of `size` bytes; kept in `group` (appended) or garbage when nil.
    public func allocate(count: UInt64, size: UInt64, hasPointers: Bool, isTouched: Bool, group: String?) throws {}
    /// `free GROUP`.
    public func free(group: String) throws {}
    /// `free GROUP keep 1 in K`.
    public func free(group: String, keepingOneIn k: UInt64) throws {}
    /// `gc`: runtime.GC().
    public func collectGarbage() {}
    /// `release`: debug.FreeOSMemory().
    public func freeOSMemory() {}
    /// `sleep`: advance the virtual clock; the scavenger and periodic GC act.
    public func sleep(nanoseconds: UInt64) {}
    /// `goroutines COUNT stack SIZE as GROUP`.
    public func startGoroutines(count: UInt64, stackBytes: UInt64, group: String) throws {}
    /// `exit GROUP`.
    public func exitGoroutines(group: String) throws {}
    /// `set gogc` (nil = off).
    public func setGCPercent(_ percent: Int?) {}
    /// `set memlimit` (nil = off).
    public func setMemoryLimit(_ bytes: UInt64?) {}
    /// runtime.ReadMemStats: flushes caches like Go does, then reports.
    public func readMemStats() -> MemStats { MemStats() }
    /// The Linux view the model predicts.
    public var processView: SimulatedProcessView { SimulatedProcessView(residentBytes: 0, virtualBytes: 0) }
}
