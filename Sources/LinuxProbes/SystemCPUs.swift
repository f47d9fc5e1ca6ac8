// SystemCPUs: how many CPUs this process may run on: what the Go runtime sizes its default
// GOMAXPROCS by, and what the simulator needs to know when it is compared with real Go run here
// at a GOMAXPROCS above it.

import Foundation

public enum SystemCPUs {
    /// The CPUs this process may use now (its affinity and the machine's online CPUs), at least 1.
    public static func current() -> Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
