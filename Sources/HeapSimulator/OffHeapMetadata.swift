// OffHeapMetadata: the runtime's memory outside the heap: MSpan*, MCache*, GCSys, OtherSys, BuckHashSys.
//
// What it models: mspan structs come from a fixalloc in 16 KiB chunks (⌊16384/160⌋·160 =
// 16 320 B each), never returned; freed mspans are reused; each P keeps up to 128 spare mspans
// (refilled 64 at a time) that count as in use. One mcache per P from a fixalloc of
// ⌊16384/2296⌋·2296 = 16 072-byte chunks. GCSys: 69 648 B of heapArena metadata per 64 MiB
// arena, page-allocator summaries (4 KiB per 512 chunks per level) and the scavenge index (8 B
// per chunk, mapped 4 KiB at a time), 64 KiB gcBits arenas holding each span's alloc and mark
// bitmaps (GCBitsEpochs: three epochs live at once, the arenas never returned), the mcentral
// spanSets' spines and blocks (MCentral.swift), Green Tea's span queue rings (SpanQueue.swift:
// sysAlloc'd, so Sys grows with them; the first ring's fixalloc chunk of spanSPMC headers is
// persistentalloc'd), and the first GC's one-off metadata. OtherSys: the start-up value, plus the allspans array
// (sysAlloc'd, grows ×1.5 from 8192 entries), plus what persistentalloc moves (PersistentAlloc):
// the mspan fixalloc's chunks, the spanSets' spines and blocks and the first GC's ptrBufs (one
// per P) are carved out of the 256 KiB block of the P the program runs on, each one moving its
// bytes from OtherSys to MSpanSys or GCSys, and a request that does not fit takes a new block
// (+256 KiB of OtherSys; the old block's rest stays there). With more than one P the program
// runs on another P than the start-up's, whose own block it starts without (programMovedToAnotherP).
//
// Why the real thing exists: the allocator needs per-span and per-arena bookkeeping that must not
// itself live in the garbage-collected heap; MemStats shows where that memory went.
//
// Simplification: the start-up values are measured (GoProfile.baseline); gcBits arenas are
// the most the three live epochs ever held together, each epoch holding the mark bits the sweep
// gave every span alive at its mark plus the alloc and mark bits of every span made in it, in
// whole arenas (GCBitsEpochs); GC work buffers are pages of the heap mapping (MHeap), added
// to GCSys by Accounting; finalizer/special records, itabs,
// profiling buckets and trace buffers do not grow; of persistentalloc's consumers the mspan
// fixalloc, the mcentral spanSets and the ptrBufs are modelled; the blocks of the start-up's P
// and of the program's P; the blocks of further Ps (their mark workers and bgsweep from the first
// GC on) only as half a block's rest each (otherPsTakeBlocks), their requests charged to the
// program's block, so real OtherSys at GOMAXPROCS 4 spreads about a block either side of the
// model's; the start-up block's position at
// start is measured per Go version (nil: not modelled, and the spanSets' bytes add to GCSys
// while OtherSys stays, the blocks taken balancing the bytes moved on average); the summary levels are modelled as one 4 KiB piece per 512 chunks
// for each of the 5 levels plus the scavenge index. Old allspans arrays are freed (Sys can drop),
// as in Go.

struct OffHeapMetadata {
    let mspanBytes: UInt64
    let mcacheBytes: UInt64
    let arenaBytes: UInt64
    let gomaxprocs: UInt64

    /// mspan structs handed out by fixalloc (live spans + per-P caches).
    private(set) var mspanInUse: UInt64
    /// Spare mspans in the cache of the P the program runs on (part of mspanInUse).
    private(set) var mspanCached: UInt64
    /// High-water mark of fixalloc'd mspans (chunks are never freed).
    private(set) var mspanHighWater: UInt64
    /// mspans ever created (allspans length).
    private(set) var mspansCreated: UInt64
    private(set) var allspansCapacity: UInt64 = 8192

    private(set) var gcMiscBase: UInt64
    /// The mcentral spanSets' spines and blocks persistentalloc'd since start (MCentral).
    private(set) var spanSetBytes: UInt64 = 0
    private(set) var arenas: UInt64 = 0
    private(set) var summaryPieces: UInt64 = 0
    private(set) var gcBitsArenas: UInt64 = 0
    /// Bitmap bytes handed out in each live gcBits epoch.
    private(set) var gcBitsEpochs = GCBitsEpochs()
    private(set) var firstGCDone = false
    let firstGCBytes: UInt64
    private(set) var otherBase: UInt64
    /// The persistentalloc block of the P the program runs on; nil where the profile has no
    /// measured start position.
    private(set) var persistent: PersistentAlloc?
    /// OtherSys moved by the blocks of Ps the program no longer runs on (programMovedToAnotherP).
    private(set) var otherPsOtherSysDelta: Int64 = 0
    let persistentAtStart: PersistentAlloc?
    /// mspan fixalloc chunks whose bytes persistentalloc has handed out.
    private(set) var mspanChunks: UInt64
    private(set) var buckHash: UInt64
    /// Green Tea's span queue rings (spanSPMC.ring, sysAlloc'd into gcMiscSys), the dead ones
    /// that freeDeadSpanSPMCs has not freed yet included.
    private(set) var spanQueueRingBytes: UInt64 = 0
    /// Dead rings waiting for freeDeadSpanSPMCs.
    private(set) var deadSpanQueueRingBytes: UInt64 = 0
    /// The spanSPMC fixalloc has taken its chunk (the first ring's header).
    private(set) var spanSPMCChunkTaken = false
    /// `unsafe.Sizeof(spanSPMC{})` on 64-bit: list node 16, dead 8 (padded), prev 8, head, tail,
    /// cap 12 (padded to 16), ring 8.
    static let spanSPMCBytes: UInt64 = 56

    init(profile: GoProfile, gomaxprocs: Int) {
        let b = profile.baseline
        mspanBytes = profile.mspanBytes
        mcacheBytes = profile.mcacheBytes
        arenaBytes = profile.heapArenaMetadataBytes
        self.gomaxprocs = UInt64(gomaxprocs)
        mspanInUse = b.mspanStructs
        mspanCached = 0
        mspanHighWater = b.mspanStructs
        mspansCreated = b.mspanStructs
        gcMiscBase = b.gcMiscSysBytes
        firstGCBytes = b.firstGCMetadataBytes
        otherBase = b.otherSysBytes
        buckHash = b.buckHashSysBytes
        persistentAtStart = b.persistentBlockRemainingBytes.map { PersistentAlloc(remainingBytes: $0) }
        persistent = persistentAtStart
        mspanChunks = 0
        mspanChunks = chunks(ofMSpans: mspanHighWater)
    }

    var mspansPerChunk: UInt64 { Heap.fixAllocChunk / mspanBytes }
    var mspanInuseBytes: UInt64 { mspanInUse * mspanBytes }
    var mspanSysBytes: UInt64 { (mspanHighWater + mspansPerChunk - 1) / mspansPerChunk * mspansPerChunk * mspanBytes }
    var mcacheInuseBytes: UInt64 { gomaxprocs * mcacheBytes }
    var mcacheSysBytes: UInt64 {
        let perChunk = Heap.fixAllocChunk / mcacheBytes
        return (gomaxprocs + perChunk - 1) / perChunk * perChunk * mcacheBytes
    }
    var gcSysBytes: UInt64 {
        gcMiscBase + spanSetBytes + arenas * arenaBytes + summaryPieces * 4096 + gcBitsArenas * Heap.gcBitsArenaBytes
            + spanQueueRingBytes
            + (firstGCDone ? firstGCBytes * gomaxprocs : 0)
    }
    var otherSysBytes: UInt64 {
        UInt64(Int64(otherBase + (allspansCapacity - 8192) * 8) + (persistent?.otherSysDelta ?? 0) + otherPsOtherSysDelta)
    }

    private func chunks(ofMSpans count: UInt64) -> UInt64 { (count + mspansPerChunk - 1) / mspansPerChunk }

    /// fixalloc takes a new chunk for mspans from persistentalloc, charged to MSpanSys.
    private mutating func mspanHighWaterRose() {
        let needed = chunks(ofMSpans: mspanHighWater)
        let chunkBytes = mspansPerChunk * mspanBytes
        while mspanChunks < needed {
            persistent?.alloc(chunkBytes)
            mspanChunks += 1
        }
    }

    /// `count` new spans need mspan structs (from the P cache, refilled 64 at a time).
    mutating func acquireMSpans(_ count: UInt64) {
        if mspanCached >= count { mspanCached -= count; return }
        let deficit = count - mspanCached
        let refills = (deficit + Heap.mspanCacheRefill - 1) / Heap.mspanCacheRefill
        let fresh = refills * Heap.mspanCacheRefill
        mspanInUse += fresh
        mspanCached = fresh - deficit
        if mspanInUse > mspanHighWater {
            mspansCreated += mspanInUse - mspanHighWater
            mspanHighWater = mspanInUse
            while mspansCreated > allspansCapacity { allspansCapacity = allspansCapacity * 3 / 2 }
            mspanHighWaterRose()
        }
    }

    /// `count` spans were freed: their mspans go to the P cache while it has room.
    mutating func releaseMSpans(_ count: UInt64) {
        let room = Heap.mspanCacheCapacity - min(Heap.mspanCacheCapacity, mspanCached)
        let cached = min(room, count)
        mspanCached += cached
        mspanInUse -= count - cached
    }

    /// The heap mapping is now `mappedBytes` long.
    mutating func heapMapped(_ mappedBytes: UInt64) {
        arenas = max(arenas, (mappedBytes + Heap.arenaBytes - 1) / Heap.arenaBytes)
        let chunks = mappedBytes / Heap.chunkBytes
        // 5 summary levels + the scavenge index, 4 KiB pieces; the first pieces are in the baseline.
        let pieces = ((chunks + 511) / 512 - 1) * 6
        summaryPieces = max(summaryPieces, pieces)
    }

    /// The start-up state: `structs` mspans handed out (measured), at least one per span of the
    /// `spans` that exist; the rest are spare in the P's cache.
    mutating func adoptStartup(structs: UInt64, spans: UInt64) {
        mspanInUse = max(structs, spans)
        mspanCached = mspanInUse - spans
        mspanHighWater = mspanInUse
        mspansCreated = mspanInUse
        // The start-up chunks and block are part of the measured start-up OtherSys and MSpanSys.
        mspanChunks = chunks(ofMSpans: mspanHighWater)
        persistent = persistentAtStart
        otherPsOtherSysDelta = 0
    }

    /// GOMAXPROCS > 1: the program's goroutine runs on a P other than the one that ran the
    /// runtime's start-up (runtime.main blocks until bgsweep and bgscavenge have started, and
    /// whichever P is free picks it up again). That P's mspan cache is empty and its palloc has
    /// no block: the program's first span needs a refill of 64 mspans, whose fixalloc chunk
    /// overflows the start-up one and is persistentalloc'd from a fresh block of the program's P
    /// (OtherSys +256 KiB − 16 320 B, MSpanSys +16 320 B). The start-up P keeps its spare mspans
    /// (in use, MSpanInuse) and the rest of its block (OtherSys). From now on the program's
    /// requests (its spanSets, mspan chunks, the first GC's ptrBufs) come from its own block.
    /// Measured (go1.27.3, a program that only reads MemStats, 8 runs each): at GOMAXPROCS=2,
    /// 7 runs show this at start (MSpanInuse +65 mspans, OtherSys 417 429 → 663 253), 1 does
    /// not; at GOMAXPROCS=4 all 8 show it, 4 with a second P's refill and block as well (not
    /// modelled); the first GC then took its 129 536 B out of the program's block (OtherSys
    /// −129 536 B, where GOMAXPROCS=1 takes a new block), as this predicts.
    mutating func programMovedToAnotherP() {
        guard gomaxprocs > 1, let startupBlock = persistent else { return }
        otherPsOtherSysDelta += startupBlock.otherSysDelta
        persistent = PersistentAlloc(remainingBytes: 0)
        mspanCached = 0
        acquireMSpans(Heap.mspanCacheRefill)
        mspanCached = Heap.mspanCacheRefill
    }

    /// The first GC runs mark workers and bgsweep on the Ps the program does not run on: each of
    /// those beyond the start-up's and the program's starts a persistentalloc block of its own
    /// with its first request (spanSet blocks for the spans it sweeps, mspan chunks, itabs), and
    /// keeps the rest of it, which stays in OtherSys. Which requests land on which P is timing;
    /// the model takes each such block as half used, (P − 2) × 128 KiB more OtherSys, and keeps
    /// charging the requests to the program's block. Measured (go1.27.3, a runtime printing each
    /// block it takes and the P taking it, held-out random-3-4, 3 runs each): blocks on all 2 Ps
    /// at GOMAXPROCS 2 by the first reading, on 3, 4 and 4 of 4 Ps at GOMAXPROCS 4. The half is
    /// the mean of a block's unused rest when the requests' sizes are small beside it, not a fit;
    /// on held-out seed 3 at GOMAXPROCS 4 (20 runs) real OtherSys lies from 0.2 blocks under the
    /// model without it to 2 blocks over (the band's middle is about +1, which this gives).
    /// Checked on held-out seed 17 at GOMAXPROCS 4 (Tutorials/held-out-fidelity.md).
    private mutating func otherPsTakeBlocks() {
        guard gomaxprocs > 2 else { return }
        otherPsOtherSysDelta += Int64((gomaxprocs - 2) * PersistentAlloc.blockBytes / 2)
    }

    /// The spanSets of `count` span classes: persistentalloc'd into GCSys out of the chunk whose
    /// remainder OtherSys counts, so GCSys + OtherSys does not move. `madeByFirstFlush` more are
    /// in the measured start-up (read after a flush) but are made by the first flush here
    /// (spanSetsGrew); without a modelled block their bytes leave OtherSys now, as measured.
    mutating func adoptStartupSpanSets(count: UInt64, madeByFirstFlush: UInt64, bytesEach: UInt64) {
        gcMiscBase += count * bytesEach
        if persistent == nil {
            otherBase -= (count + madeByFirstFlush) * bytesEach
        } else {
            for _ in 0..<count { persistent?.alloc(bytesEach) }
        }
    }

    /// The mcentral spanSets took spines or blocks from persistentalloc, charged to gcMiscSys.
    /// Without a modelled block OtherSys does not move: over many requests the blocks taken
    /// (+256 KiB each) balance the bytes moved out of them.
    mutating func spanSetsGrew(_ requests: [PersistentAllocRequest]) {
        for request in requests {
            spanSetBytes += request.bytes
            // A spine of 8 192 blocks or more (64 KiB) is sysAlloc'd directly, outside the blocks.
            if request.bytes < PersistentAlloc.maxBlockBytes {
                persistent?.alloc(request.bytes, alignment: request.alignment)
            }
        }
    }

    /// A mark's span queues made rings of `madeBytes` and left `deadBytes` of older ones dead
    /// (SpanQueue): the rings are sysAlloc'd; the first one's header takes the spanSPMC
    /// fixalloc's chunk (⌊16384/56⌋·56 = 16 352 B) from persistentalloc.
    mutating func spanQueueRingsMade(_ madeBytes: [UInt64], deadBytes: UInt64) {
        guard !madeBytes.isEmpty else { return }
        if !spanSPMCChunkTaken {
            spanSPMCChunkTaken = true
            let chunk = Heap.fixAllocChunk / Self.spanSPMCBytes * Self.spanSPMCBytes
            gcMiscBase += chunk
            persistent?.alloc(chunk)
        }
        spanQueueRingBytes += madeBytes.reduce(0, +)
        deadSpanQueueRingBytes += deadBytes
    }

    /// freeDeadSpanSPMCs (bgsweep after its sweep, or a forced GC's eager sweep): the dead rings
    /// are freed.
    mutating func freeDeadSpanQueueRings() {
        spanQueueRingBytes -= deadSpanQueueRingBytes
        deadSpanQueueRingBytes = 0
    }

    /// A mark completed: the first GC's one-off metadata (persistentalloc'd, out of OtherSys's
    /// block; Green Tea's ptrBuf, one per P, made by gcStart on the program's P) exists from now on, and gcSweep starts a gcBits epoch (nextMarkBitArenaEpoch): the
    /// previous epoch's arenas go to the free list, current becomes previous, next becomes
    /// current, and sweeping takes `sweptBitmapBytes` of fresh mark bits, one bitmap for every span
    /// alive at the mark, from the new next epoch.
    mutating func gcMarked(sweptBitmapBytes: UInt64) {
        if !firstGCDone && firstGCBytes > 0 {
            for _ in 0..<gomaxprocs { persistent?.alloc(firstGCBytes) }
        }
        if !firstGCDone { otherPsTakeBlocks() }
        firstGCDone = true
        gcBitsEpochs = GCBitsEpochs(previous: gcBitsEpochs.current, current: gcBitsEpochs.next, next: sweptBitmapBytes)
        gcBitsTaken()
    }

    /// `count` fresh spans of `bitmapBytesPerSpan` each (mheap.initSpan: newAllocBits and
    /// newMarkBits, both from the next epoch's arenas, whether or not a GC runs).
    mutating func spansCreated(count: UInt64, bitmapBytesPerSpan: UInt64) {
        gcBitsEpochs.next += 2 * count * bitmapBytesPerSpan
        gcBitsTaken()
    }

    /// The arenas of the three live epochs are in use at once; the freed ones wait on the free
    /// list for the next epoch and are never returned, so the arenas sysAlloc'd are the most
    /// ever in use together.
    private mutating func gcBitsTaken() {
        let inUse = gcBitsEpochs.arenas
        // The first arena is part of the start-up baseline.
        gcBitsArenas = max(gcBitsArenas, inUse > 0 ? inUse - 1 : 0)
    }
}

/// The gcBits arenas' epochs (mheap.go gcBitsArenas): bytes of alloc and mark bitmaps handed
/// out in each of the three epochs a span's bits can live in. newMarkBits takes 8-byte words
/// from the next epoch's current arena and starts a fresh 64 KiB arena (16 bytes of header)
/// when a request does not fit.
///
/// Simplification: an epoch's bytes are packed into whole arenas (the few bytes a request that
/// does not fit leaves at an arena's end are not counted); the sweep's mark bits are taken at
/// once at the mark's end, not span by span as the sweeper reaches them.
struct GCBitsEpochs {
    static let arenaPayloadBytes: UInt64 = Heap.gcBitsArenaBytes - 16
    var previous: UInt64 = 0
    var current: UInt64 = 0
    var next: UInt64 = 0

    static func arenas(holding bytes: UInt64) -> UInt64 { (bytes + arenaPayloadBytes - 1) / arenaPayloadBytes }

    /// Arenas the three epochs hold.
    var arenas: UInt64 { Self.arenas(holding: previous) + Self.arenas(holding: current) + Self.arenas(holding: next) }
}

/// persistentalloc (malloc.go persistentalloc1): memory the runtime never frees is carved out of
/// 256 KiB blocks (persistentChunkSize) that sysAlloc charges to OtherSys. Each request moves its
/// bytes from OtherSys to its consumer's stat (the sysStat argument: MSpanSys for the mspan
/// fixalloc's 16 KiB chunks, gcMiscSys for the mcentral spanSets' spines and blocks); the offset is
/// first aligned (8 bytes unless the caller asks for more), and a request that does not fit then
/// takes a fresh block, whose first 8 bytes (the chunk list link) stay unused, and the old block's
/// rest, like the alignment gaps, stays in OtherSys.
///
/// Why the real thing exists: metadata such as mspans and itabs is small, immortal and must not
/// live in the GC'd heap; one mmap per 256 KiB amortises the system calls.
///
/// Simplification: one such allocator per P the model uses (OffHeapMetadata: the start-up's
/// and the program's; Go also has a global one for code without a P);
/// requests of 64 KiB or more, which bypass it, are never made here.
struct PersistentAlloc {
    static let blockBytes: UInt64 = 256 << 10
    /// persistentalloc1's maxBlock: larger requests go straight to sysAlloc.
    static let maxBlockBytes: UInt64 = 64 << 10

    /// Offset of the next free byte in the current block.
    private(set) var offsetBytes: UInt64
    /// Blocks reserved since start.
    private(set) var blocksTaken: UInt64 = 0
    /// Bytes moved off OtherSys to other stats since start.
    private(set) var movedBytes: UInt64 = 0

    init(remainingBytes: UInt64) { offsetBytes = Self.blockBytes - remainingBytes }

    /// Bytes left in the current block.
    var remainingBytes: UInt64 { Self.blockBytes - offsetBytes }

    mutating func alloc(_ size: UInt64, alignment: UInt64 = 8) {
        precondition(size > 0 && size < Self.maxBlockBytes, "persistentalloc request of \(size) B")
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "persistentalloc alignment \(alignment)")
        let alignUp = { (x: UInt64) in (x + alignment - 1) / alignment * alignment }
        offsetBytes = alignUp(offsetBytes)
        if offsetBytes + size > Self.blockBytes {
            blocksTaken += 1
            offsetBytes = alignUp(8)
        }
        offsetBytes += size
        movedBytes += size
    }

    /// OtherSys now minus OtherSys at start.
    var otherSysDelta: Int64 { Int64(blocksTaken * Self.blockBytes) - Int64(movedBytes) }
}
