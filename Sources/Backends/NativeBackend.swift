// The native backend: performs a scenario in this very process with glibc's malloc and real
// threads, and reads what Linux and glibc show. It exists to make the contrast concrete: the
// same story told to a collector-less allocator, with the numbers `ps` and `top` print.
//
// How each statement is performed (the output says so where it differs from Go):
//   alloc      malloc COUNT blocks, one byte written per 4 KiB page unless `untouched`; without
//              a group each block is freed as soon as it is made (no collector keeps garbage;
//              at most 10 000 such pairs per alloc, since each reuses the same chunk)
//   free       free(3) each block; the chunks stay in glibc's free lists (fordblks), RSS stays
//   gc         nothing: malloc frees at once; there is no collector
//   release    malloc_trim(0): free pages of every arena go back to the kernel
//   sleep      not slept: glibc has no background scavenger or timer, so waiting changes nothing
//   goroutines real threads, each touching ~SIZE of its stack, parked on a condition variable
//              (at most 1000 alive; the output says how many did not start)
//   set gogc / memlimit   nothing: there is no Go runtime here
//
// Its snapshot has no MemStats. It carries the process reading (status, statm, smaps_rollup,
// mallinfo2) and glibc's numbers mapped onto the nearest MemStats ideas, each labelled as an
// analogy with the caveat that makes it different.
//
// Safety: before anything is allocated, `prepare` costs the scenario in malloc chunks and
// stack mappings (NativeFootprint) and refuses it above the RealAllocationCap; each `alloc`
// checks the cap again. Simplification: the process's own baseline (Swift runtime, test
// harness) is not subtracted from any reading.

import FieldCatalogue
import LinuxProbes
import ScenarioLanguage

/// Runs scenarios with this process's malloc and threads.
public final class NativeBackend: ScenarioBackend {
    public let kind: BackendKind = .native

    private let files: any ProcFileReader
    private let malloc: any MallocInfoReader
    private let injectedSystem: SystemMemory?
    private let injectedCap: RealAllocationCap?
    private let realLimitBytes: UInt64?
    private let maximumThreadCount: Int

    /// The cap in force, known after `prepare`.
    public private(set) var cap: RealAllocationCap?
    /// The scenario's peak in real bytes on this backend, known after `prepare`.
    public private(set) var estimatedPeakBytes: UInt64?

    /// The most malloc/free pairs one `alloc` without a group performs. Each pair after the
    /// first gets the same chunk back from glibc (tcache or bins), so more would change no
    /// reading; this keeps `repeat 1000000` around a garbage `alloc` from taking minutes.
    static let garbagePairLimit: UInt64 = 10_000

    private var arena: MallocArena?
    private var threads: ParkedThreads?
    private var saidOnce: Set<OnceNotice> = []
    /// The drop in RssAnon across the latest `release`, when both readings were available.
    private var lastTrimReleasedBytes: UInt64?

    /// - Parameters:
    ///   - cap: the cap to enforce; nil to derive it from `system` and `realLimitBytes`.
    ///   - realLimitBytes: the user's `--real-limit`, if any.
    ///   - files: where /proc text comes from (the real /proc by default).
    ///   - malloc: where malloc statistics come from (this process's glibc by default).
    ///   - system: the machine's memory; nil to read /proc/meminfo through `files`.
    ///   - maximumThreadCount: the most threads alive at once for `goroutines`.
    public init(cap: RealAllocationCap? = nil, realLimitBytes: UInt64? = nil,
                files: any ProcFileReader = LiveProcFiles(), malloc: any MallocInfoReader = LiveMallocInfo(),
                system: SystemMemory? = nil,
                maximumThreadCount: Int = ParkedThreads.defaultMaximumThreadCount) {
        self.injectedCap = cap
        self.realLimitBytes = realLimitBytes
        self.files = files
        self.malloc = malloc
        self.injectedSystem = system
        self.maximumThreadCount = maximumThreadCount
    }

    deinit { release() }

    // MARK: - ScenarioBackend

    public func prepare(_ scenario: Scenario) -> BackendAvailability {
        release()
        do {
            _ = try ProcStatus.parse(files.contents(of: .status))
        } catch {
            return .unavailable(reason: Message.procUnreadable(error))
        }
        let cap = injectedCap ?? RealAllocationCap.standard(system: injectedSystem ?? SystemMemory.read(from: files),
                                                             explicit: realLimitBytes)
        let peak = NativeFootprint.peakBytes(of: scenario, maximumThreadCount: maximumThreadCount)
        self.cap = cap
        self.estimatedPeakBytes = peak
        if let refusal = cap.refusal(peakBytes: peak, backend: "the native backend") {
            return .unavailable(reason: refusal)
        }
        arena = MallocArena()
        threads = ParkedThreads(maximumThreadCount: maximumThreadCount)
        return .available
    }

    public func perform(_ operation: ScenarioOperation, at span: SourceSpan) throws -> [String] {
        guard let arena, let threads, let cap else {
            throw BackendFailure(backend: kind, span: span, message: Message.notPrepared)
        }
        func fail(_ message: String) -> BackendFailure { BackendFailure(backend: kind, span: span, message: message) }

        switch operation {
        case .alloc(let allocation):
            // Second line of defence after `prepare`: what is held plus what this statement
            // takes at once (a single chunk for garbage, freed as soon as it is made).
            let chunk = NativeFootprint.chunkBytes(forRequest: allocation.sizeBytes)
            let (taken, takenOverflow) = allocation.group == nil
                ? (chunk, false) : allocation.count.multipliedReportingOverflow(by: chunk)
            let held = arena.liveBytes
            let (total, totalOverflow) = held.addingReportingOverflow(taken)
            guard !takenOverflow, !totalOverflow, total <= cap.limitBytes else {
                throw fail(Message.capReachedMidRun(allocation, heldBytes: held, cap: cap))
            }
            let isShortened = allocation.group == nil && allocation.count > Self.garbagePairLimit
            do {
                try arena.allocate(count: isShortened ? Self.garbagePairLimit : allocation.count,
                                   sizeBytes: allocation.sizeBytes, isTouched: allocation.isTouched,
                                   group: allocation.group)
            } catch {
                throw fail(error.message)
            }
            var notices: [String] = []
            if allocation.group == nil { notices += once(.garbage) }
            if isShortened { notices += once(.garbageShortened) }
            if allocation.hasPointers { notices += once(.pointers) }
            return notices

        case .free(let group):
            do { try arena.free(group: group) } catch { throw fail(error.message) }
            return once(.free)

        case .freeKeeping(let group, let k):
            do { try arena.free(group: group, keepingOneIn: k) } catch { throw fail(error.message) }
            return once(.free)

        case .gc:
            return once(.gc)

        case .release:
            let before = residentAnonymousBytes()
            let outcome = MallocArena.trim()
            let after = residentAnonymousBytes()
            if let before, let after {
                lastTrimReleasedBytes = before > after ? before - after : 0
            } else {
                lastTrimReleasedBytes = nil
            }
            return [Message.released(outcome, before: before, after: after)]

        case .sleep(let nanoseconds):
            return once(.sleep(nanoseconds))

        case .goroutines(let count, let stackBytes, let group):
            let report = threads.start(count: count, stackBytes: stackBytes, group: group)
            return Message.threadsStarted(report, stackBytes: stackBytes, maximum: threads.maximumThreadCount)

        case .exit(let group):
            guard threads.stop(group: group) != nil else { throw fail(Message.noSuchThreadGroup(group)) }
            return []

        case .setGCPercent:
            return once(.setGCPercent)

        case .setMemoryLimit:
            return once(.setMemoryLimit)
        }
    }

    public func snapshot(label: String, at span: SourceSpan) throws -> BackendReading {
        guard arena != nil else { throw BackendFailure(backend: kind, span: span, message: Message.notPrepared) }
        let process = ProcessProbe.current(files: files, malloc: malloc)
        return BackendReading(memStats: nil, process: process,
                              analogies: Self.analogies(process, lastTrimReleasedBytes: lastTrimReleasedBytes))
    }

    public func finish() -> [String] {
        guard let arena, let threads else { return [] }
        let blocks = arena.liveBlockCount
        let bytes = arena.liveBytes
        let threadCount = threads.liveThreadCount
        release()
        _ = MallocArena.trim()
        guard blocks > 0 || threadCount > 0 else { return [] }
        return [Message.finished(blocks: blocks, bytes: bytes, threads: threadCount)]
    }

    // MARK: - Analogies

    /// glibc's view mapped onto the nearest MemStats ideas, each with the caveat that makes it
    /// a different quantity. Empty when mallinfo2 is unavailable.
    static func analogies(_ process: ProcessReading, lastTrimReleasedBytes: UInt64?) -> [BackendReading.Analogy] {
        func glibc(_ key: String) -> UInt64? { process[ProcessMetric(.mallinfo2, key)] }
        guard let arena = glibc("arena"), let mmapped = glibc("hblkhd"), let inUse = glibc("uordblks"),
              let free = glibc("fordblks")
        else { return [] }
        var analogies = [
            BackendReading.Analogy(
                idea: "bytes in use: uordblks + hblkhd", nearestField: .heapAlloc, bytes: inUse + mmapped,
                caveat: "glibc counts whole chunks (an 8-byte header, rounded to 16) of every malloc in this "
                    + "process, the Swift runtime's included; HeapAlloc counts live Go objects by size class"),
            BackendReading.Analogy(
                idea: "free bytes kept for reuse: fordblks", nearestField: .heapIdle, bytes: free,
                caveat: "nearest to HeapIdle − HeapReleased, but glibc does not track trimmed pages: after "
                    + "malloc_trim, fordblks still counts free chunks whose pages went back to the OS"),
            BackendReading.Analogy(
                idea: "bytes obtained for the heap: arena + hblkhd", nearestField: .heapSys, bytes: arena + mmapped,
                caveat: "malloc_trim can shrink arena by giving the top back with sbrk, and freed mmapped "
                    + "chunks are unmapped at once; Go's HeapSys never shrinks"),
        ]
        if let released = lastTrimReleasedBytes {
            analogies.append(BackendReading.Analogy(
                idea: "bytes given back by the last malloc_trim: drop in RssAnon", nearestField: .heapReleased,
                bytes: released,
                caveat: "one event measured from /proc/self/status, not a running total like HeapReleased; "
                    + "other threads' memory moves RssAnon too"))
        }
        return analogies
    }

    // MARK: - Internals

    /// Frees every block and stops every thread.
    private func release() {
        threads?.stopAll()
        arena?.freeAll()
        threads = nil
        arena = nil
        lastTrimReleasedBytes = nil
        saidOnce = []
    }

    private func residentAnonymousBytes() -> UInt64? {
        guard let text = try? files.contents(of: .status), let status = try? ProcStatus.parse(text) else { return nil }
        return status.rssAnon?.bytes
    }

    /// The notice for `notice` the first time it applies in a run; afterwards nothing, so a
    /// `gc` inside `repeat 1000` explains itself once.
    private func once(_ notice: OnceNotice) -> [String] {
        guard saidOnce.insert(notice.kind).inserted else { return [] }
        return [Message.once(notice)]
    }

    enum OnceNotice: Hashable {
        case garbage, garbageShortened, pointers, free, gc, sleep(UInt64), setGCPercent, setMemoryLimit

        /// The notice's kind: `sleep` explains itself once whatever its duration.
        var kind: OnceNotice {
            if case .sleep = self { return .sleep(0) }
            return self
        }
    }
}

// MARK: - Messages

extension NativeBackend {
    /// Every text the native backend shows, in one place.
    enum Message {
        static let notPrepared = "the native backend was not prepared for this scenario (or refused it)"

        static func procUnreadable(_ problem: ProbeProblem) -> String {
            "the native backend reads this process's memory from /proc, which is not readable here: "
                + "\(problem.reason). Run on Linux with /proc mounted, or use --backend simulator."
        }

        static func once(_ notice: OnceNotice) -> String {
            switch notice {
            case .garbage:
                "objects without a group are freed as soon as they are made: malloc has no collector, "
                    + "so garbage never piles up and glibc hands the same chunk out again"
            case .garbageShortened:
                "objects without a group: at most \(garbagePairLimit) malloc/free pairs are performed per "
                    + "alloc; after the first, glibc hands out the same chunk each time, so the rest would "
                    + "change no reading, only take time"
            case .pointers:
                "'pointers' changes nothing here: malloc never scans objects"
            case .free:
                "free: the chunks go back to glibc's free lists (mallinfo2 fordblks), not to the OS; "
                    + "RSS stays until malloc_trim (release), except for chunks of 128 KiB and more, "
                    + "which have their own mappings and are unmapped at once"
            case .gc:
                "gc: nothing to do: malloc frees at once; there is no collector"
            case .sleep(let nanoseconds):
                "sleep \(duration(nanoseconds)): not slept: glibc has no background scavenger or "
                    + "periodic collector, so waiting changes nothing here"
            case .setGCPercent:
                "set gogc: no Go runtime here; malloc has no collector to tune"
            case .setMemoryLimit:
                "set memlimit: no Go runtime here; glibc has no soft memory limit"
            }
        }

        static func released(_ outcome: MallocTrimOutcome, before: UInt64?, after: UInt64?) -> String {
            let change: String
            if let before, let after {
                change = " (RssAnon \(ByteCount(before)) → \(ByteCount(after)))"
            } else {
                change = " (RssAnon could not be read)"
            }
            return switch outcome {
            case .releasedMemory: "release: malloc_trim(0) gave free pages back to the OS" + change
            case .releasedNothing: "release: malloc_trim(0) found nothing to give back" + change
            case .unsupported: "release: this C library has no malloc_trim; nothing was given back"
            }
        }

        static func threadsStarted(_ report: ThreadStartReport, stackBytes: UInt64, maximum: Int) -> [String] {
            var notices = ["goroutines: started \(counted(UInt64(report.startedCount), "thread")), each touching \(ByteCount(stackBytes)) "
                + "of a \(report.stackMapping) stack mapping (OS threads stand in for goroutines)"]
            let missing = report.requestedCount - UInt64(report.startedCount)
            if report.isLimitedByCap {
                notices.append("goroutines: \(missing) of \(report.requestedCount) threads not started: at most "
                    + "\(maximum) threads run at once here (the thread cap), so their stacks are missing "
                    + "from these readings")
            } else if let failure = report.failure {
                notices.append("goroutines: \(missing) of \(report.requestedCount) threads not started: "
                    + "pthread_create failed (\(failure)); their stacks are missing from these readings")
            }
            return notices
        }

        static func noSuchThreadGroup(_ group: String) -> String {
            "no group '\(group)' of threads is running here"
        }

        static func capReachedMidRun(_ allocation: Allocation, heldBytes: UInt64, cap: RealAllocationCap) -> String {
            "alloc \(allocation.count) x \(ByteCount(allocation.sizeBytes)) would take the memory held past "
                + "the cap of \(ByteCount(cap.limitBytes)) (\(cap.origin)); \(ByteCount(heldBytes)) is held "
                + "already. Nothing more was allocated; run it on the simulator alone (--backend simulator)."
        }

        static func finished(blocks: UInt64, bytes: UInt64, threads: Int) -> String {
            "finished: freed the \(counted(blocks, "object")) still held (\(ByteCount(bytes))) and stopped "
                + "\(counted(UInt64(threads), "thread")) still running"
        }

        static func counted(_ count: UInt64, _ noun: String) -> String {
            count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
        }

        static func duration(_ nanoseconds: UInt64) -> String {
            let units: [(UInt64, String)] = [(3_600_000_000_000, "h"), (60_000_000_000, "m"),
                                             (1_000_000_000, "s"), (1_000_000, "ms")]
            for (size, name) in units where nanoseconds >= size && nanoseconds % size == 0 {
                return "\(nanoseconds / size)\(name)"
            }
            return "\(nanoseconds)ns"
        }
    }
}
