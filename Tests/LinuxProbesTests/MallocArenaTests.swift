// The malloc driver's bookkeeping. These make small real allocations (a few KiB) but read no
// /proc: what is checked is which blocks are held, not what Linux shows.

import Testing
@testable import LinuxProbes

@Suite("MallocArena")
struct MallocArenaTests {
    @Test func groupsHoldTheirBlocksUntilFreed() throws {
        let arena = MallocArena()
        try arena.allocate(count: 100, sizeBytes: 64, isTouched: true, group: "g")
        try arena.allocate(count: 10, sizeBytes: 5000, isTouched: false, group: "h")
        #expect(arena.liveBlockCount == 110)
        #expect(arena.liveBytes == 100 * 64 + 10 * 5000)
        #expect(try arena.free(group: "h") == 10)
        #expect(arena.liveBlockCount == 100 && arena.liveBytes == 6400)
        #expect(!arena.hasGroup("h") && arena.hasGroup("g"))
        arena.checkInvariants()
    }

    @Test func garbageIsFreedAtOnce() throws {
        let arena = MallocArena()
        try arena.allocate(count: 1000, sizeBytes: 1024, isTouched: true, group: nil)
        #expect(arena.liveBlockCount == 0 && arena.liveBytes == 0)
        #expect(arena.totalBlockCount == 1000)
    }

    @Test func keepOneInKCountsPositionsOverEverySlotEverAppended() throws {
        let arena = MallocArena()
        try arena.allocate(count: 100, sizeBytes: 32, isTouched: true, group: "g")
        #expect(try arena.free(group: "g", keepingOneIn: 10) == 90)   // keeps 0, 10, …, 90
        #expect(try arena.free(group: "g", keepingOneIn: 10) == 0)    // the same positions again
        #expect(try arena.free(group: "g", keepingOneIn: 20) == 5)    // 10, 30, 50, 70, 90 go
        #expect(arena.liveBlockCount == 5)
        try arena.allocate(count: 5, sizeBytes: 48, isTouched: true, group: "g")  // positions 100…104
        #expect(try arena.free(group: "g", keepingOneIn: 10) == 4)    // 100 stays
        #expect(arena.liveBlockCount == 6 && arena.liveBytes == 5 * 32 + 48)
        #expect(arena.hasGroup("g"))
        arena.checkInvariants()
        arena.freeAll()
        #expect(arena.liveBlockCount == 0 && !arena.hasGroup("g"))
    }

    @Test func keepOneInOneFreesNothing() throws {
        let arena = MallocArena()
        try arena.allocate(count: 7, sizeBytes: 16, isTouched: true, group: "g")
        #expect(try arena.free(group: "g", keepingOneIn: 1) == 0)
        #expect(arena.liveBlockCount == 7)
    }

    @Test func unknownGroupsAreErrorsNotCrashes() {
        let arena = MallocArena()
        #expect(throws: MallocArenaError.unknownGroup("nope")) { try arena.free(group: "nope") }
        #expect(throws: MallocArenaError.unknownGroup("nope")) { try arena.free(group: "nope", keepingOneIn: 2) }
        #expect(MallocArenaError.unknownGroup("nope").message == "no group 'nope' holds objects here")
    }

    @Test func unaddressableRequestsAreRefusedBeforeAnyMalloc() {
        let arena = MallocArena()
        #expect(throws: MallocArenaError.tooLarge(count: 1 << 40, sizeBytes: 1 << 40)) {
            try arena.allocate(count: 1 << 40, sizeBytes: 1 << 40, isTouched: false, group: "g")
        }
        #expect(arena.liveBlockCount == 0 && arena.totalBlockCount == 0)
    }

    @Test func mallocFailureIsReportedAndWhatWasMadeIsKept() {
        // 2^62 bytes: representable, never satisfiable; malloc returns NULL at once.
        let arena = MallocArena()
        #expect(throws: MallocArenaError.outOfMemory(allocatedCount: 0, count: 1, sizeBytes: 1 << 62)) {
            try arena.allocate(count: 1, sizeBytes: 1 << 62, isTouched: false, group: "huge")
        }
        #expect(arena.liveBlockCount == 0)
        arena.checkInvariants()
    }
}

@Suite("ParkedThreads")
struct ParkedThreadsTests {
    @Test func threadsStartParkAndExitByGroup() {
        let threads = ParkedThreads(maximumThreadCount: 10)
        let report = threads.start(count: 3, stackBytes: 16 * 1024, group: "workers")
        #expect(report.startedCount == 3 && !report.isLimitedByCap && report.failure == nil)
        #expect(threads.liveThreadCount == 3)
        _ = threads.start(count: 2, stackBytes: 8 * 1024, group: "workers")
        #expect(threads.liveThreadCount == 5)
        #expect(threads.stop(group: "workers") == 5)
        #expect(threads.liveThreadCount == 0 && !threads.hasGroup("workers"))
        #expect(threads.stop(group: "workers") == nil)
    }

    @Test func theCapLimitsThreadsAliveAtOnceAndSaysSo() {
        let threads = ParkedThreads(maximumThreadCount: 4)
        let first = threads.start(count: 6, stackBytes: 4096, group: "a")
        #expect(first.requestedCount == 6 && first.startedCount == 4 && first.isLimitedByCap)
        let second = threads.start(count: 1, stackBytes: 4096, group: "b")
        #expect(second.startedCount == 0 && second.isLimitedByCap && !threads.hasGroup("b"))
        threads.stopAll()
        #expect(threads.liveThreadCount == 0)
    }

    @Test func stackMappingsHoldTheDepthPlusSlackInWholePages() {
        let page = SystemMemory.pageSize.bytes
        for depth: UInt64 in [0, 1, 8192, 1 << 20, (1 << 20) + 1] {
            let mapping = ParkedThreads.stackMapping(forDepth: depth).bytes
            #expect(mapping % page == 0)
            #expect(mapping >= depth + ParkedThreads.stackSlackBytes)
            #expect(mapping < depth + ParkedThreads.stackSlackBytes + page || mapping == system_threadStackMinimum())
        }
    }
}
