// SimulatedHeap: the public face of the model: scenario operations in, MemStats out.
//
// What it models: one Go process (linux/amd64, GOMAXPROCS = configuration.gomaxprocs) running
// the scenario's generated program: groups are package-level slot slices of exact capacity,
// objects are `make([]byte, n)` (or pointer-holding objects), garbage goes to a sink,
// goroutines recurse to a stack size and block on a channel.
//
// Why the real thing exists: a class should be able to watch every MemStats field move without
// a Go toolchain, deterministically, and at scales (64 GiB) no class machine can allocate.
//
// Simplification: the whole model is single-threaded and event-driven, and GC phases are
// measured in heap bytes rather than time: a cycle marks from the trigger until heapLive
// reaches the end of mark (objects allocated meanwhile are black), and its sweep is lazy,
// finished by the next trigger (GarbageCollector.swift); the allocator is one P's mcache even
// when gomaxprocs > 1 (gomaxprocs scales per-P metadata,
// the scavenger's CPU share, GCCPUFraction and the mark workers on the other Ps, which can end a
// mark past its goal: GCController); see each file's own "Simplification".
//
// Invariants, checked after every operation in debug builds (see Invariants.swift).
//
// Component: the coordinator. It owns the program's side (groups, the sink, the clock, the object
// counters) and the components, each of which owns its state: MHeap (pages, metadata, Scavenger),
// one MCache per P, MCentral, AllSpans, GCController (pacer and phase) and Scheduler (goroutines,
// StackAllocator). A component calls only those it owns; it returns what happened (a GCEvent, a
// replaced span, work done) and the coordinator's files (Malloc.swift, GarbageCollector.swift,
// Sysmon.swift) act on it. The graph: Tutorials/model-architecture.md.

import FieldCatalogue
import GoProgramContract

/// How the simulated process is set up.
public struct SimulatorConfiguration: Sendable {
    public var profile: GoProfile = .go1_27
    /// GOMAXPROCS of the simulated program.
    public var gomaxprocs: Int = 1
    /// CPUs the machine gives the program; nil: one per P (Go's default GOMAXPROCS). Fewer CPUs
    /// than Ps lengthen the mark-termination latency (Calibration).
    public var cpuCount: Int?
    /// The generated program the model runs: slot bytes, object words, closures, channels, frames.
    public var program: GoProgramShape = .go1_27
    /// The model's own numbers (costs, step sizes, caps); tests vary them (Calibration.swift).
    public var calibration: Calibration = .standard
    /// The environment variables the program starts with (the runtime copies each to the heap).
    public var environment: GoEnvironment = .reference
    /// How many Ms (OS threads) the process starts beyond the GOMAXPROCS=1 start-up's: the
    /// model's rule, or that rule moved by some Ms (real Go's count depends on timing; a dump's
    /// StackInuse shows how many it started).
    public var extraMs: ExtraMs = .rule
    /// Where the program's heap starts (Go 1.26+ randomises it; older profiles ignore this).
    public var heapBase: HeapBase = .fixed
    /// Profiles that zero a large pointer object after the trigger check: whether the cycle its
    /// allocation starts meets it before its type is set (real Go does either from run to run;
    /// the point takes the GC first).
    public var largeObjectRace: LargeObjectRace = .gcFirst

    public init(profile: GoProfile = .go1_27, gomaxprocs: Int = 1, environment: GoEnvironment = .reference) {
        self.profile = profile
        self.program = profile.program
        self.gomaxprocs = max(1, gomaxprocs)
        self.environment = environment
    }
}

/// The Ms a process starts beyond those of the measured GOMAXPROCS=1 start-up (Scheduler.startExtraMs).
public enum ExtraMs: Sendable, Equatable {
    /// The model's rule: with more than one P, P−1 at start-up.
    case rule
    /// The rule's count moved by this many Ms (never below none), all started at start-up.
    case moved(by: Int)

    /// The rule's count of Ms beyond one P's: one per extra P.
    public static func ruleCount(gomaxprocs: Int) -> Int { max(0, gomaxprocs - 1) }

    /// The offset from the rule.
    public var offset: Int {
        switch self {
        case .rule: 0
        case .moved(let by): by
        }
    }
}

/// On a profile whose mallocgcLarge checks the trigger before zeroing a large pointer object on
/// pages used before (GoProfile.LargeObjectZeroing.chunkedAfterTrigger): who comes first when that
/// allocation starts a cycle, the mark's first look at the allocating goroutine's stack or the
/// zeroing that ends with the object's type set. Real Go does either from run to run: on the
/// probe of LargeObjectZeroing (a 40.9 MB pointer slice on reused pages) the cycle left it
/// unscanned in 5 of 6 and 6 of 6 runs of go1.27.3 at GOMAXPROCS 1, in 4 of 6 and 0 of 6 at 2,
/// on two days.
public enum LargeObjectRace: Sendable, Equatable {
    /// The point: the GC greys the object while its type is unset, so the cycle does no scan work
    /// for it (its pointers are first scanned by the next cycle).
    case gcFirst
    /// The predicted-band variant: the zeroing ends and the type is set first, so the cycle
    /// scans the object, as on a profile that zeroes before the trigger check.
    case zeroingFirst
}

/// Where a Go 1.26+ program's heap starts: at a fixed base (GOEXPERIMENT=norandomizedheapbase64;
/// this type's default, and the command line's `--heap-base fixed`) or at a random one, as Go's
/// default build does (the command line's default).
public enum HeapBase: Sendable, Equatable {
    case fixed
    /// `mheap.grow`'s first growth marks `paddingPageCount` pages (0–511) at the base as padding.
    /// Go draws them uniformly (the low 22 bits of a random number, in 8 KiB pages), so no single
    /// value is right: `random` takes the middle of the range, and predicted bands its ends.
    case random(paddingPageCount: UInt64)

    /// The middle of Go's 0–511: what a random base leaves on average.
    public static let random = HeapBase.random(paddingPageCount: 256)
    /// The largest padding Go draws.
    public static let maximumPaddingPageCount: UInt64 = 511

    /// Padding pages at the base (0 for a fixed base; a count above 511 is taken as 511).
    public var paddingPageCount: UInt64 {
        switch self {
        case .fixed: 0
        case .random(let pages): min(pages, Self.maximumPaddingPageCount)
        }
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

/// A group of objects: the cohorts its `alloc` statements added, and its slot slice.
final class ObjectGroup {
    var cohorts: [Cohort] = []
    var count: UInt64 = 0
    var slice: Cohort?
}

enum Group {
    case objects(ObjectGroup)
    case goroutines(GoroutineGroup)
}

public final class SimulatedHeap {
    public let configuration: SimulatorConfiguration
    let profile: GoProfile
    var calibration: Calibration { configuration.calibration }

    /// The page heap: mapping, page allocator, off-heap metadata, scavenger.
    let mheap: MHeap
    var acct = Accounting()
    /// The pacer, the GC's phase and its statistics.
    let gc: GCController
    var clock: VirtualClock
    /// Goroutines, sudogs and stacks.
    let scheduler: Scheduler

    /// Each P's mcache; the model runs on P 0 (`mcache`).
    let mcaches: [MCache]
    /// The central partial lists and spanSets of every span class.
    let mcentral: MCentral
    /// The start-up state is adopted: from now on the spanSets' growth is charged (the measured
    /// start-up GCSys holds what the start-up's own pushes took).
    private(set) var startupAdopted = false
    /// Every run of heap spans, and which the next mark must look at.
    let allspans = AllSpans()
    /// Green Tea's per-P span queues (go1.26+ profiles), whose rings are GCSys.
    var spanQueues: GCSpanQueues?

    var groups: [String: Group] = [:]
    /// Objects nothing refers to.
    let garbage = Cohort(objectCount: 0, isDead: true)
    /// The run holding the last large garbage object the current statement allocated (the
    /// program's sink points to it; the sink is cleared when the statement ends).
    var lastLargeGarbage: SpanRun?
    /// The sink's objects, kept alive because an allocation is about to start a cycle.
    var pendingSink: Cohort?
    /// While a large allocation checks the heap trigger: its last object, when Go would still be
    /// zeroing it with its type unpublished should a cycle start now (GoProfile.largeObjectZeroing;
    /// GarbageCollector.startCycle leaves it out of the cycle's scan work).
    var largeObjectBeingZeroed: SpanRun?
    /// Where bgsweep waits for a P (GOMAXPROCS=1: it runs only when the program blocks).
    var backgroundSweeper: BackgroundSweeperPlace = .parked
    /// Virtual nanoseconds of work done by the current operation (advanced at its end).
    var pendingWork: UInt64 = 0
    /// Whose allocation is in progress (the program's sets the mutator's allocation rate).
    var allocationInProgress: AllocationInProgress = .none
    /// The allocation counters up to which allocation work has been charged.
    var chargedAllocationWork = AllocationWorkCounters()

    public init(configuration: SimulatorConfiguration = SimulatorConfiguration()) {
        self.configuration = configuration
        profile = configuration.profile
        mheap = MHeap(profile: profile, gomaxprocs: configuration.gomaxprocs, calibration: configuration.calibration)
        clock = VirtualClock(startupNanoseconds: profile.baseline.startupNanoseconds)
        gc = GCController(profile: profile, calibration: configuration.calibration, gomaxprocs: configuration.gomaxprocs,
                          cpuCount: configuration.cpuCount)
        mcaches = (0..<configuration.gomaxprocs).map { _ in MCache() }
        mcentral = MCentral(spanSetBytes: profile.baseline.spanSetBytes)
        spanQueues = profile.greenTeaSpanQueue ? GCSpanQueues(gomaxprocs: configuration.gomaxprocs) : nil
        scheduler = Scheduler(profile: profile, program: configuration.program, gomaxprocs: configuration.gomaxprocs,
                              extraMs: configuration.extraMs)
        buildStartupBaseline()
        #if DEBUG
        assertInvariants()
        #endif
    }

    /// `alloc`: `count` objects of `size` bytes; kept in `group` (appended) or garbage when nil.
    public func allocate(count: UInt64, size: UInt64, hasPointers: Bool, isTouched: Bool, group: String?) throws {
        switch configuration.program.garbage {
        case .packageSink: lastLargeGarbage = nil  // the previous statement ended with `sink = nil`
        }
        var cohort = garbage
        if let name = group {
            let g: ObjectGroup
            switch groups[name] {
            case .goroutines?: throw SimulatorError.groupIsNotObjects(name)
            case .objects(let existing)?: g = existing
            case nil:
                g = ObjectGroup()
                groups[name] = .objects(g)
            }
            // The slot slice is reallocated with exact capacity old+count; the old one is garbage
            // once the group's variable points to the new one. That store is a pointer write: while
            // a cycle marks (also one the new slice's allocation started), the barrier shades the
            // old slice, which survives that cycle.
            let slice = Cohort(objectCount: 1)
            allocateObjects(count: 1, size: (g.count + count) * configuration.program.slotBytes,
                            hasPointers: true, touched: true, cohort: slice, positionBase: 0)
            if let old = g.slice { drop(.all(old)) }
            g.slice = slice
            cohort = Cohort(positionBase: g.count, objectCount: count)
            if count > 0 { g.cohorts.append(cohort) }
            let base = g.count
            g.count += count
            allocateObjects(count: count, size: size, hasPointers: hasPointers, touched: isTouched,
                            cohort: cohort, positionBase: base, group: g, largePointers: .sparse)
        } else {
            allocateObjects(count: count, size: size, hasPointers: hasPointers, touched: isTouched,
                            cohort: garbage, positionBase: 0, largePointers: .sparse)
        }
        finishOperation()
    }

    /// `free GROUP`.
    public func free(group: String) throws {
        let g = try objectGroup(group)
        for c in g.cohorts { drop(.all(c)) }
        if let slice = g.slice { drop(.all(slice)) }
        groups[group] = nil
        finishOperation()
    }

    /// `free GROUP keep 1 in K`.
    public func free(group: String, keepingOneIn k: UInt64) throws {
        let g = try objectGroup(group)
        if k > 1 {
            for c in g.cohorts { drop(.thinned(c, modulus: k)) }
        }
        finishOperation()
    }

    /// The program drops references. While a cycle marks, Go's write barrier shades the old
    /// pointer (the deletion half of the hybrid barrier), so the objects survive that cycle: the
    /// change applies at its mark termination, after marking.
    func drop(_ change: DroppedReferences) {
        if let mark = gc.marking {
            mark.dropped(change)
        } else {
            apply(change)
        }
    }

    func apply(_ change: DroppedReferences) {
        switch change {
        case .all(let cohort):
            kill(cohort)
        case .thinned(let cohort, let k):
            cohort.modulus = Self.lcm(cohort.modulus, k)
            cohortChanged(cohort)
        }
    }

    /// `gc`: runtime.GC().
    public func collectGarbage() {
        collect(kind: .forced)
        finishOperation()
    }

    /// `release`: debug.FreeOSMemory().
    public func freeOSMemory() {
        collect(kind: .forced)
        let released = mheap.releaseAllFreePages()
        pendingWork += released * GoConstants.physPagesPerPage * calibration.nanosecondsPerReleasedPage
        finishOperation()
    }

    /// `sleep`: advance the virtual clock; the scavenger and periodic GC act.
    public func sleep(nanoseconds: UInt64) {
        finishOperation()
        runIdleGCWork()
        // bgsweep sweeps on the idle P within the sleep: its time is not added to the sleep's.
        pendingWork = 0
        advanceTime(by: nanoseconds, idle: true)
        #if DEBUG
        assertInvariants()
        #endif
    }

    /// `goroutines COUNT stack SIZE as GROUP`.
    public func startGoroutines(count: UInt64, stackBytes: UInt64, group: String) throws {
        let g: GoroutineGroup
        switch groups[group] {
        case .objects?: throw SimulatorError.groupIsNotGoroutines(group)
        case .goroutines(let existing)?: g = existing
        case nil:
            g = scheduler.newGroup(memory: self)
            groups[group] = .goroutines(g)
        }
        pendingWork += scheduler.spawn(count: count, stackBytes: stackBytes, into: g, memory: self)
        programWaited(whileRunning: count)
        finishOperation()
    }

    /// The program blocked (spawnReady.Wait, the exit's running.Wait) while `goroutines` goroutines
    /// it readied ran: with one P, bgsweep gets the P among them (backgroundSweepBatches) and frees
    /// the workbuf spans (not while a cycle marks: freeSomeWbufs needs _GCoff).
    func programWaited(whileRunning goroutines: UInt64) {
        if configuration.gomaxprocs == 1 { sweepInBackground(batches: backgroundSweepBatches(whileRunning: goroutines)) }
        if !gc.isMarking { mheap.freeWorkbufsAndDeadSpanRings() }
    }

    /// `exit GROUP`.
    public func exitGoroutines(group: String) throws {
        switch groups[group] {
        case nil: throw SimulatorError.unknownGroup(group)
        case .objects?: throw SimulatorError.groupIsNotGoroutines(group)
        case .goroutines(let g)?:
            let count = UInt64(g.stacks.count)
            pendingWork += scheduler.exit(g, memory: self)
            groups[group] = nil
            programWaited(whileRunning: count)
        }
        finishOperation()
    }

    /// `set gogc` (nil = off).
    public func setGCPercent(_ percent: Int?) {
        gc.setGCPercent(percent)
        commitPacer()
        finishOperation()
    }

    /// `set memlimit` (nil = off).
    public func setMemoryLimit(_ bytes: UInt64?) {
        gc.setMemoryLimit(bytes)
        commitPacer()
        // A lower limit can make the heap over its trigger at once; Go starts a cycle at the
        // next allocation that tests the trigger; we do the same at the next allocation.
        finishOperation()
    }

    /// runtime.ReadMemStats: flushes caches like Go does, then reports.
    public func readMemStats() -> MemStats {
        flushMCache()
        mcache.setTiny(nil)
        scheduler.stacks.clearCaches(memory: self)
        #if DEBUG
        assertInvariants()
        #endif
        return composeMemStats()
    }

    /// The Linux view the model predicts.
    public var processView: SimulatedProcessView {
        let resident = mheap.pages.residentPages * Heap.pageSize + mheap.metadataResidentBytes
            + profile.baseline.binaryResidentBytes
        let virtual = mheap.sysBytes + mheap.unmappedArenaReservationBytes + profile.baseline.binaryVirtualBytes
        return SimulatedProcessView(residentBytes: resident, virtualBytes: virtual)
    }

    /// Nanoseconds of virtual time since the simulated process started.
    public var virtualNanoseconds: UInt64 { clock.now }

    /// The virtual wall clock in Unix nanoseconds: the time base of LastGC and PauseEnd.
    public var unixNanoseconds: UInt64 { clock.unixNanoseconds }

    // MARK: helpers

    /// The goroutine groups (in no particular order: the table is a dictionary).
    var goroutineGroups: [GoroutineGroup] {
        groups.values.compactMap { group -> GoroutineGroup? in
            if case .goroutines(let g) = group { return g }
            return nil
        }
    }

    func objectGroup(_ name: String) throws -> ObjectGroup {
        switch groups[name] {
        case nil: throw SimulatorError.unknownGroup(name)
        case .goroutines?: throw SimulatorError.groupIsNotObjects(name)
        case .objects(let g)?: return g
        }
    }

    /// Ends an operation: its modelled work becomes elapsed time (the scavenger and the periodic
    /// GC see it), then the invariants are checked.
    func finishOperation() {
        chargeAllocationWork()
        let work = pendingWork
        pendingWork = 0
        if work > 0 { advanceTime(by: work) }
        #if DEBUG
        assertInvariants()
        #endif
    }

    /// A cohort's objects all became unreachable.
    func kill(_ cohort: Cohort) {
        cohort.isDead = true
        cohortChanged(cohort)
        cohort.runs = []
    }

    /// A cohort's liveness changed: the runs holding it must be swept again.
    func cohortChanged(_ cohort: Cohort) {
        for run in cohort.runs { markDirty(run) }
    }

    /// persistentalloc for what the mcentral spanSets' pushes needed (after the start-up).
    func charge(_ spanSetGrowth: [PersistentAllocRequest]) {
        if startupAdopted { mheap.spanSetsGrew(spanSetGrowth) }
    }

    /// The run will be marked at the next GC.
    func markDirty(_ run: SpanRun) { allspans.markDirty(run) }

    /// A new run of heap spans.
    func register(_ run: SpanRun) { allspans.register(run) }

    /// The mcache of the P the program runs on.
    var mcache: MCache { mcaches[0] }

    static func lcm(_ a: UInt64, _ b: UInt64) -> UInt64 {
        func gcd(_ x: UInt64, _ y: UInt64) -> UInt64 { y == 0 ? x : gcd(y, x % y) }
        let g = gcd(a, b)
        let (product, overflow) = (a / g).multipliedReportingOverflow(by: b)
        return overflow || product > 1 << 62 ? 1 << 62 : product
    }

    /// The runtime's state at the first statement of main (GoProfile.baseline, measured, plus
    /// the copy of the environment: StartupEnvironment.swift).
    private func buildStartupBaseline() {
        let b = profile.baseline
        let inventory = b.inventory(for: configuration.environment, profile: profile)
        mheap.grow(pages: Heap.chunkPages)
        if profile.randomizesHeapBase { mheap.markRandomPaddingPages(count: configuration.heapBase.paddingPageCount) }
        let permanent = Cohort(objectCount: .max)
        let startupGarbage = Cohort(objectCount: .max)
        var unit: UInt64 = 0
        for entry in inventory.objects {
            // Package-init temporaries (dead already, freed by the first GC) were made early in
            // init: they share the first span of their class with the oldest live objects.
            allocSmall(sizeClass: entry.sizeClass, noscan: !entry.hasPointers, units: entry.garbage,
                       cohort: startupGarbage, firstUnit: 0, touched: true)
            allocSmall(sizeClass: entry.sizeClass, noscan: !entry.hasPointers, units: entry.live, cohort: permanent,
                       firstUnit: unit, touched: true)
            unit += entry.live
        }
        kill(startupGarbage)
        for bytes in inventory.largeObjectBytes {
            allocateObjects(count: 1, size: bytes, hasPointers: true, touched: true, cohort: permanent, positionBase: 0)
        }
        // allgs (its backing array), the sudogs cached on the P since init, the runtime's goroutines.
        scheduler.adoptStartupState(b, memory: self)
        // The span classes of the measured (GOMAXPROCS=1) start-up: the further Ps' and Ms'
        // objects are in classes real Go already uses (GCSys at start is the same at P=4).
        let spanClasses = startupSpanClassCount
        // One more p struct per extra P (procresize).
        if configuration.gomaxprocs > 1 {
            let pClass = SizeClasses.sizeClass(forSlotSize: profile.pStructBytes + 8)
            allocSmall(sizeClass: pClass, noscan: false, units: UInt64(configuration.gomaxprocs - 1),
                       cohort: permanent, firstUnit: unit, touched: true)
        }
        acct.tinyAllocs = inventory.tinyMerges
        // Stack pool spans with the start-up goroutines' and g0s' stacks, then dedicated spans.
        for use in b.stackPoolSpans {
            scheduler.stacks.adoptStartupPoolSpan(order: use.order, used: use.used, memory: self)
        }
        for spanPages in b.stackSpanPages { scheduler.stacks.adoptStartupSpan(pages: spanPages, memory: self) }
        // The Ms a process with more Ps has started by main's first statement (Scheduler).
        scheduler.startExtraMs(memory: self)
        // Nothing has flushed the mcache before main's first statement (no ReadMemStats, no GC):
        // the current span of each class stays cached, and heapLive counts it whole (mcache.refill
        // added its free slots; the first flush subtracts the unused ones, as for any refill).
        // The baseline's mspan count already includes these spans and the P's spare mspans.
        let spans = UInt64(allspans.runs.reduce(0) { $0 + $1.spanCount }) + UInt64(b.stackSpanPages.count)
            + UInt64(b.stackPoolSpans.count)
        mheap.adoptStartupMSpans(structs: inventory.mspanStructs, spans: spans)
        // The measured start-up read after a ReadMemStats, whose flush made the partial-swept sets
        // of the classes whose only span was cached: those are made by the first flush here.
        let madeByFirstFlush = mcentral.setsTheFirstFlushCreates(cachedClassKeys: mcache.spanClassKeys)
        mheap.adoptStartupSpanSets(count: spanClasses - madeByFirstFlush, madeByFirstFlush: madeByFirstFlush,
                                   bytesEach: b.spanSetBytes)
        // With more Ps, main resumes on another P than the one that ran the start-up.
        if configuration.gomaxprocs > 1 { mheap.programMovedToAnotherP() }
        startupAdopted = true
        gc.adoptStartup(globalsScan: b.globalsBytes, heapLive: acct.heapAlloc + mcache.freeBytes,
                        heapScan: reachableScanBytes())
        commitPacer(paceScavenger: false)
        chargedAllocationWork = allocationWorkCounters
        pendingWork = 0
    }
}

extension SimulatedHeap {
    /// Span classes with small-object spans: each has had a span pushed to its mcentral's spanSet
    /// by the first ReadMemStats (StartupBaseline.spanSetBytes).
    var startupSpanClassCount: UInt64 {
        UInt64(Set(allspans.runs.compactMap { run -> Int? in
            if case .small(let sizeClass, let noscan) = run.kind { return Self.spanClassKey(sizeClass, noscan: noscan) }
            return nil
        }).count)
    }
}

extension SimulatedHeap: SchedulerMemory {
    func allocateRuntimeObjects(count: UInt64, size: UInt64, hasPointers: Bool, cohort: Cohort) {
        allocateObjects(count: count, size: size, hasPointers: hasPointers, touched: true, cohort: cohort, positionBase: 0,
                        by: .runtime)
    }

    func allocateRuntimeSlots(sizeClass: Int, units: UInt64, cohort: Cohort, firstUnit: UInt64) {
        runtimeAllocation {
            allocSmall(sizeClass: sizeClass, noscan: false, units: units, cohort: cohort, firstUnit: firstUnit, touched: true)
        }
    }

    func cachedFreeSlots(sizeClass: Int) -> UInt64 {
        mcache.span(Self.spanClassKey(sizeClass, noscan: false))?.freePerSpan ?? 0
    }

    func acquireStackSpan(pages: UInt64) -> UInt64 {
        var start: UInt64 = 0
        runtimeAllocation { start = acquirePages(count: 1, pages: pages, forStacks: true, touched: true)[0].start }
        return start
    }

    func releaseStackSpan(start: UInt64, pages: UInt64) {
        releasePages(start: start, count: pages, spans: 1, forStacks: true)
    }

    func cohortDied(_ cohort: Cohort) { kill(cohort) }
}
