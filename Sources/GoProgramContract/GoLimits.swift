// GoLimits: what a real Go program cannot do on linux/amd64, from Go's source.
//
// What it describes: the largest goroutine stack (runtime.main sets `maxstacksize` to
// 1 000 000 000 bytes on 64-bit platforms, src/runtime/proc.go; newstack stops the program with
// "runtime: goroutine stack exceeds 1000000000-byte limit", src/runtime/stack.go) and the address
// space Go's heap arenas cover (`heapAddrBits` = 48 on linux/amd64, src/runtime/malloc.go: 256 TiB).
//
// Why it exists: `check` refuses a scenario that real Go cannot run, so that the simulator never
// shows numbers for a program that would crash or could not map its heap.
//
// Simplification: the arena limit is compared with the scenario's live memory (objects, slot
// slices, stacks); the runtime's own metadata and a GC cycle's floating garbage are left out.

/// Go's own limits, as the scenario checker applies them.
public enum GoLimits {
    /// `maxstacksize` on 64-bit platforms (src/runtime/proc.go).
    public static let maximumStackBytes: UInt64 = 1_000_000_000
    /// 1 << `heapAddrBits` on linux/amd64 (src/runtime/malloc.go): 256 TiB.
    public static let arenaAddressSpaceBytes: UInt64 = 1 << 48

    /// The largest `stack SIZE` a goroutine of `shape`'s program can ask for: stacks grow by
    /// doubling, so the largest power of two not above Go's maximum (512 MiB).
    public static func largestStackRequest(_ shape: GoProgramShape) -> UInt64 {
        var s = shape.startingStackBytes
        while s * 2 <= maximumStackBytes { s *= 2 }
        return s
    }
}
