// Slices: how append grows a slice's backing array (growslice).
//
// What it models: `slice.go` growslice + nextslicecap + roundupsize (1.20+ rule): the new
// capacity is double the old one below 256 elements, then grows by (cap + 3·256)/4 until it is
// enough (or is the new length when that is more than double); the byte size is then rounded up
// to the size class the allocator will use, and the capacity is whatever fits in it. Since 1.22
// a pointer-holding array over 512 B carries an 8-byte malloc header inside its slot, so it gets
// (class size − 8)/8 elements: allgs of 1 000 goroutines grows 8 → 16 → 32 → 64 → 143 → 287 →
// 607 → 1023 (arrays of 128 … 8192 B), as measured on go1.27.3.
//
// Why the real thing exists: amortised O(1) append; the rounding to size classes means no
// capacity is wasted inside the slot.
//
// Simplification: only the runtime's own slices use it (allgs); large arrays round up to whole
// pages.

enum Slices {
    /// The capacity and byte size of the array `append` makes when `newLength` exceeds `oldCapacity`.
    static func grow(oldCapacity: UInt64, newLength: UInt64, elementBytes: UInt64, hasPointers: Bool,
                     profile: GoProfile) -> (capacity: UInt64, bytes: UInt64) {
        var newCapacity = oldCapacity
        let doubled = oldCapacity * 2
        if newLength > doubled {
            newCapacity = newLength
        } else if oldCapacity < 256 {
            newCapacity = doubled
        } else {
            while newCapacity < newLength { newCapacity += (newCapacity + 3 * 256) / 4 }
        }
        let request = newCapacity * elementBytes
        var header: UInt64 = 0
        if hasPointers, let threshold = profile.mallocHeaderThreshold, request > threshold { header = 8 }
        let usable: UInt64
        if request <= profile.largeObjectThreshold {
            let slot = SizeClasses.objectSize[SizeClasses.sizeClass(forSlotSize: request + header)]
            usable = slot - header
        } else {
            usable = (request + Heap.pageSize - 1) / Heap.pageSize * Heap.pageSize
        }
        return (usable / elementBytes, usable - usable % elementBytes)
    }
}
