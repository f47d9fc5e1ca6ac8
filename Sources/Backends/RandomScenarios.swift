// Held-out scenarios for `memstats fidelity --random N --seed S`: N valid scenarios drawn from the
// language's statements (mixed sizes, live groups and garbage, frees and thinning, repeats, gc,
// release, sleeps, goroutines growing stacks and exiting, GOGC and memory-limit changes), within
// bounds that keep one real run short (at most 600 MiB allocated in all, 2 s of sleep). The same
// seed gives the same scenarios on every machine (SplitMix64, no system randomness), so a score
// on them can be reproduced and compared before and after a change to the model. None of them
// is in the repository: the model was never tuned on them.

import ScenarioLanguage

public struct RandomScenarios: Sendable {
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The i-th scenario's source (i from 0). Scenario i does not depend on how many are drawn.
    public func source(_ index: Int) -> String {
        var writer = Writer(random: SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &+ 1))
        writer.write(title: "random \(index + 1) (seed \(seed))")
        return writer.text
    }

    /// The file name a report shows for scenario i.
    public func name(_ index: Int) -> String { "random-\(seed)-\(index + 1).scenario" }

    /// Bounds of a scenario.
    static let maxTotalBytes: UInt64 = 600 << 20
    static let maxSleepMilliseconds: UInt64 = 2000

    struct Writer {
        var random: SplitMix64
        var lines: [String] = []
        var liveGroups: [(name: String, bytes: UInt64)] = []
        var goroutineGroups: [String] = []
        var nextGroup = 1
        var totalBytes: UInt64 = 0
        var sleptMilliseconds: UInt64 = 0
        var snapshots = 0
        var gcOff = false
        /// The memory limit in force, if any.
        var limitBytes: UInt64?
        var limitSet: Bool { limitBytes != nil }

        var text: String { lines.joined(separator: "\n") + "\n" }

        static let sizes: [UInt64] = [8, 16, 24, 32, 48, 64, 96, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
                                      65536, 262_144, 1 << 20]

        static func size(_ bytes: UInt64) -> String {
            if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20)MiB" }
            if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes >> 10)KiB" }
            return "\(bytes)B"
        }

        var liveBytes: UInt64 { liveGroups.reduce(0) { $0 + $1.bytes } }

        mutating func write(title: String) {
            lines.append("title \"\(title)\"")
            let steps = random.int(3...6)
            for step in 1...steps {
                lines.append("step \"step \(step)\"")
                for _ in 0..<random.int(1...3) { operation() }
                snapshot()
            }
        }

        mutating func snapshot() {
            snapshots += 1
            lines.append("snapshot \"s\(snapshots)\"")
        }

        mutating func operation() {
            switch random.int(0...99) {
            case 0..<28: allocate(live: true)
            case 28..<50: allocate(live: false)
            case 50..<60: free()
            case 60..<70: lines.append("gc")
            case 70..<74: lines.append("release")
            case 74..<80: sleep()
            case 80..<86: goroutines()
            case 86..<89: exitGoroutines()
            case 89..<94: setGOGC()
            case 94..<97: setMemoryLimit()
            default: churnRepeat()
            }
        }

        /// Objects of one size: live in a group (1–40 MiB) or garbage (5–150 MiB).
        mutating func allocate(live: Bool, indent: String = "", budget: UInt64? = nil) {
            let size = Self.sizes[random.int(0...(Self.sizes.count - 1))]
            let wanted = UInt64(live ? random.int(1...40) : random.int(5...150)) << 20
            var room = RandomScenarios.maxTotalBytes - totalBytes
            // Live data stays under half a memory limit in force.
            if live, let limit = limitBytes { room = min(room, limit / 2 > liveBytes ? limit / 2 - liveBytes : 0) }
            let bytes = min(wanted, room, budget ?? .max)
            let count = bytes / size
            guard count > 0 else { return }
            totalBytes += count * size
            var line = indent + "alloc \(count) x \(Self.size(size))"
            if live {
                let name: String
                if !liveGroups.isEmpty && random.int(0...3) == 0 {
                    let k = random.int(0...(liveGroups.count - 1))
                    name = liveGroups[k].name
                    liveGroups[k].bytes += count * size
                } else {
                    name = "g\(nextGroup)"
                    nextGroup += 1
                    liveGroups.append((name, count * size))
                }
                line += " as \(name)"
            }
            if random.int(0...9) < 3 { line += " pointers" }
            if random.int(0...9) == 0 { line += " untouched" }
            lines.append(line)
        }

        mutating func free() {
            guard !liveGroups.isEmpty else { return allocate(live: false) }
            let k = random.int(0...(liveGroups.count - 1))
            if random.int(0...1) == 0 {
                lines.append("free \(liveGroups[k].name)")
                liveGroups.remove(at: k)
            } else {
                let keep = [2, 4, 8, 32][random.int(0...3)]
                lines.append("free \(liveGroups[k].name) keep 1 in \(keep)")
                liveGroups[k].bytes /= UInt64(keep)
            }
        }

        mutating func sleep() {
            let ms = UInt64([100, 250, 500, 1000][random.int(0...3)])
            guard sleptMilliseconds + ms <= RandomScenarios.maxSleepMilliseconds else { return lines.append("gc") }
            sleptMilliseconds += ms
            lines.append(ms >= 1000 ? "sleep \(ms / 1000)s" : "sleep \(ms)ms")
        }

        mutating func goroutines() {
            let count = [10, 50, 200, 500][random.int(0...3)]
            let stack = [2048, 4096, 16384, 40960, 65536][random.int(0...4)]
            let name = "h\(nextGroup)"
            nextGroup += 1
            goroutineGroups.append(name)
            lines.append("goroutines \(count) stack \(Self.size(UInt64(stack))) as \(name)")
        }

        mutating func exitGoroutines() {
            guard !goroutineGroups.isEmpty else { return goroutines() }
            lines.append("exit \(goroutineGroups.removeFirst())")
        }

        /// GOGC 50, 100, 200, or off only while a memory limit bounds the heap.
        mutating func setGOGC() {
            let choice = random.int(0...3)
            if choice == 3 && limitSet {
                gcOff = true
                lines.append("set gogc off")
            } else {
                gcOff = false
                lines.append("set gogc \([50, 100, 200, 100][choice])")
            }
        }

        /// A limit well above the live heap (a limit below it makes Go collect without end), or off
        /// (then GOGC comes back on first).
        mutating func setMemoryLimit() {
            if limitSet && random.int(0...1) == 0 {
                if gcOff {
                    lines.append("set gogc 100")
                    gcOff = false
                }
                lines.append("set memlimit off")
                limitBytes = nil
            } else {
                let floor = (2 * liveBytes + (64 << 20)) >> 20
                let limit = floor + UInt64(random.int(0...128))
                lines.append("set memlimit \(limit)MiB")
                limitBytes = limit << 20
            }
        }

        mutating func churnRepeat() {
            let times = random.int(2...5)
            lines.append("repeat \(times)")
            allocate(live: false, indent: "  ", budget: (RandomScenarios.maxTotalBytes - totalBytes) / UInt64(times))
            // The repeat runs its body `times` times; the budget above counted it once.
            if let last = lines.last, last.hasPrefix("  alloc ") {
                let words = last.split(separator: " ")
                if let count = UInt64(words[1]), let size = Self.sizes.first(where: { Self.size($0) == words[3] }) {
                    totalBytes += count * size * UInt64(times - 1)
                }
            }
            if random.int(0...1) == 0 || lines.last?.hasPrefix("repeat ") == true { lines.append("  gc") }
            lines.append("end")
        }
    }
}
