// The cap real backends check before allocating: how it is chosen and what the refusal says.

import Testing
@testable import Backends
import LinuxProbes

private let mib: UInt64 = 1 << 20
private let gib: UInt64 = 1 << 30

@Suite("RealAllocationCap")
struct RealAllocationCapTests {
    @Test func aRoomyMachineGetsTheTwoGiBCeiling() {
        let cap = RealAllocationCap.standard(system: SystemMemory(availableBytes: 24 * gib, totalBytes: 24 * gib))
        #expect(cap.limitBytes == 2 * gib)
        #expect(cap.origin == "min(2.0 GiB, 50% of MemAvailable 24.0 GiB)")
    }

    @Test func aSmallMachineGetsHalfOfWhatIsAvailable() {
        let cap = RealAllocationCap.standard(system: SystemMemory(availableBytes: 3 * gib, totalBytes: 4 * gib))
        #expect(cap.limitBytes == 3 * gib / 2)
        #expect(cap.origin == "min(2.0 GiB, 50% of MemAvailable 3.0 GiB)")
    }

    @Test func unknownMemoryGivesASmallFixedCapAndSaysWhy() {
        let system = SystemMemory(availableBytes: nil, totalBytes: nil, problem: .noSuchFile(path: "/proc/meminfo"))
        let cap = RealAllocationCap.standard(system: system)
        #expect(cap.limitBytes == 512 * mib)
        #expect(cap.origin == "a fixed 512.0 MiB, because MemAvailable is unknown "
            + "(no such file: /proc/meminfo (is /proc mounted?))")
    }

    @Test func anExplicitLimitReplacesTheStandardOne() {
        let system = SystemMemory(availableBytes: 24 * gib, totalBytes: 24 * gib)
        let cap = RealAllocationCap.standard(system: system, explicit: 4 * gib)
        #expect(cap.limitBytes == 4 * gib)
        #expect(cap.origin == "--real-limit 4.0 GiB")
        #expect(RealAllocationCap.standard(system: system, explicit: 64 * mib).limitBytes == 64 * mib)
    }

    @Test func anExplicitLimitCannotPushTheMachineIntoSwap() {
        let system = SystemMemory(availableBytes: 10 * gib, totalBytes: 16 * gib)
        let cap = RealAllocationCap.standard(system: system, explicit: 200 * gib)
        #expect(cap.limitBytes == 10 * gib * 9 / 10)
        #expect(cap.origin == "--real-limit 200.0 GiB, lowered to 90% of MemAvailable 10.0 GiB so the machine does not swap")
    }

    @Test func anExplicitLimitWithUnknownMemoryIsTakenAsGiven() {
        let system = SystemMemory(availableBytes: nil, totalBytes: nil, problem: .permissionDenied(path: "/proc/meminfo"))
        let cap = RealAllocationCap.standard(system: system, explicit: 3 * gib)
        #expect(cap.limitBytes == 3 * gib)
        #expect(cap.origin.hasPrefix("--real-limit 3.0 GiB; MemAvailable is unknown, so it was not checked (permission denied"))
    }

    @Test func aPeakAtOrBelowTheCapIsAccepted() {
        let cap = RealAllocationCap(limitBytes: 2 * gib, origin: "test")
        #expect(cap.refusal(peakBytes: 2 * gib, backend: "native") == nil)
        #expect(cap.refusal(peakBytes: 0, backend: "native") == nil)
        #expect(cap.refusal(peakBytes: 2 * gib + 1, backend: "native") != nil)
    }

    @Test func theRefusalNamesPeakCapOriginAndWhatToDo() {
        let cap = RealAllocationCap.standard(system: SystemMemory(availableBytes: 24 * gib, totalBytes: 24 * gib))
        #expect(cap.refusal(peakBytes: 3 * gib + 100 * mib, backend: "the native backend") ==
            "the native backend refuses this scenario: it needs about 3.1 GiB of real memory at its peak, above "
            + "the cap of 2.0 GiB (min(2.0 GiB, 50% of MemAvailable 24.0 GiB)). To run it for real anyway, raise "
            + "the cap with --real-limit SIZE (e.g. --real-limit 4GiB), or run it on the simulator alone "
            + "(--backend simulator).")
    }

    @Test func aPeakTheMachineCannotHoldIsNotOfferedALimit() {
        let cap = RealAllocationCap.standard(system: SystemMemory(availableBytes: 8 * gib, totalBytes: 8 * gib))
        let message = cap.refusal(peakBytes: 100 * gib, backend: "go") ?? ""
        #expect(message.contains("This machine cannot spare that much (--real-limit may go up to 90% of MemAvailable, 7.2 GiB)"))
        #expect(!message.contains("e.g. --real-limit"))
        #expect(!message.contains("The simulator still runs"), "whether the simulator runs is the run's to say")
    }

    @Test(arguments: [
        (UInt64(1), "1MiB"), (100 * mib, "100MiB"), (100 * mib + 1, "101MiB"), (gib, "1GiB"),
        (gib + 1, "2GiB"), (UInt64.max, "17179869183GiB"),
    ])
    func suggestedLimitsFitThePeak(_ bytes: UInt64, _ text: String) {
        #expect(RealAllocationCap.suggestedLimit(above: bytes) == text)
    }
}
