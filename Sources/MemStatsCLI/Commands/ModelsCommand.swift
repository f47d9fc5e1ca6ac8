// `memstats models`: the Go releases the simulator models, and what differs between them.

import Foundation
import HeapSimulator
import Presentation

enum ModelsCommand: Subcommand {
    static let spec = CommandSpec(
        name: "models",
        abstract: "List the Go releases the simulator models and what differs between them.",
        discussion: """
            Each model is a profile of one Go release: rules and sizes read from that release's runtime \
            source and a start-up state measured on it. Choose one with --model on run, fidelity and bench; \
            with the go backend the default is the real toolchain's release (or, for a release without its own, the newest model whose rules began at or before it), \
            else the newest. Each model after the first lists what changed since the one before it.
            """,
        options: [SharedOptions.format],
        examples: ["models", "models --format json", "run spike --model go1.19"])

    /// One property of a profile, as the listing shows it.
    struct Trait: Codable, Equatable {
        var name: String
        var value: String
    }

    struct Entry: Codable {
        var name: String
        var measuredOn: String
        var traits: [Trait]
        /// The traits that differ from the previous (older) model; empty for the oldest.
        var changedSincePrevious: [String]
    }

    static func traits(_ p: GoProfile) -> [Trait] {
        let rule: String = switch p.objectsPerSpanRule {
        case .classic: "classic: span bytes / object size"
        case .heapBitsInSpan: "scan spans of ≤ 512 B objects keep a 128 B heap bitmap"
        case .inlineMarkBits: "plus 128 B inline mark bits in 16–512 B spans (Green Tea GC)"
        }
        let header = p.mallocHeaderThreshold.map { "8 B on pointer-holding objects > \($0) B" } ?? "none"
        let workers: String = switch p.markWorkerStart {
        case .note: "go gcBgMarkWorker() and a note"
        case .readyChannel: "go gcBgMarkWorker(ready): a closure, a channel, a sudog"
        }
        let b = p.baseline
        return [
            Trait(name: "objects per span", value: rule),
            Trait(name: "GC span queue (GCSys)", value: p.greenTeaSpanQueue
                    ? "per P: spans spill into rings of 1024+ entries; each P keeps its largest" : "none: grey objects go to workbufs"),
            Trait(name: "malloc header", value: header),
            Trait(name: "large objects", value: "> \(p.largeObjectThreshold) B"),
            Trait(name: "dense-chunk scavenging rule", value: p.denseChunkRule ? "yes: freed pages wait one more GC" : "no"),
            Trait(name: "memory-limit headroom", value: p.memoryLimitHeadroomPercent == 0 ? "flat 1 MiB"
                    : "\(p.memoryLimitHeadroomPercent) % (at least 1 MiB)"),
            Trait(name: "background scavenger and the memory limit",
                  value: p.backgroundScavengerHonoursMemoryLimit ? "works toward 95 % of the limit"
                    : "ignores it (goal computed as limit × 95)"),
            Trait(name: "heap base", value: p.randomizesHeapBase ? "randomised (0-511 released padding pages; --heap-base fixed opts out)" : "fixed"),
            Trait(name: "GC mark worker start", value: workers),
            Trait(name: "large pointer object on reused pages", value: p.largeObjectZeroing == .beforePublishing
                    ? "zeroed before the GC trigger's check: a cycle it starts scans it"
                    : "trigger checked first, then zeroed in 256 KiB chunks: a cycle it starts may mark it unscanned"),
            Trait(name: "small pointer array in heapScan", value: p.smallPointerArrayScanAlloc == .wholeArray
                    ? "its whole size" : "8 B (golang/go#77573): heapScan undercounts, so assists stop short"),
            Trait(name: "pacer's cons/mark estimate", value: p.consMarkEstimate == .piController
                    ? "PI controller toward each cycle's" : "max of the last five cycles'"),
            Trait(name: "mspan / mcache / heapArena bytes", value: "\(p.mspanBytes) / \(p.mcacheBytes) / \(p.heapArenaMetadataBytes)"),
            Trait(name: "g / p / sudog bytes", value: "\(p.gStructBytes) / \(p.pStructBytes) / \(p.sudogBytes)"),
            Trait(name: "channel (hchan) bytes", value: "\(p.program.hchanBytes)"),
            Trait(name: "start-up GCSys / OtherSys / BuckHashSys",
                  value: "\(b.gcMiscSysBytes + p.heapArenaMetadataBytes) / \(b.otherSysBytes) / \(b.buckHashSysBytes)"),
            Trait(name: "start-up goroutines / globals bytes", value: "\(b.systemGoroutines) / \(b.globalsBytes)"),
        ]
    }

    static func entries() -> [Entry] {
        var out: [Entry] = []
        var previous: [Trait]?
        for profile in GoProfile.all {
            let now = traits(profile)
            let changed = previous.map { old in now.filter { !old.contains($0) }.map(\.name) } ?? []
            out.append(Entry(name: profile.name, measuredOn: profile.measuredOn, traits: now, changedSincePrevious: changed))
            previous = now
        }
        return out
    }

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let list = entries()
        if SharedOptions.isJSON(arguments) {
            struct Document: Codable { var models: [Entry]; var defaultWithoutGo: String }
            context.writeOutput(try JSONText.encode(Document(models: list, defaultWithoutGo: GoProfile.newest.name)))
            return .success
        }
        let width = FieldGuide.width(context)
        var lines = ["Go releases the simulator models (choose with --model; default without Go: \(GoProfile.newest.name)).",
                     "* marks what changed since the model before."]
        let nameWidth = (list.flatMap { $0.traits.map(\.name.count) }.max() ?? 0) + 2
        for entry in list {
            lines.append("")
            lines.append("\(entry.name)  (measured on \(entry.measuredOn))")
            let indent = String(repeating: " ", count: nameWidth + 4)
            for trait in entry.traits {
                let mark = entry.changedSincePrevious.contains(trait.name) ? "* " : "  "
                let head = "  " + mark + trait.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                lines += TextLayout.wrap(trait.value, width: max(width, indent.count + 20), firstIndent: head, restIndent: indent)
            }
        }
        context.writeOutput(lines.joined(separator: "\n") + "\n")
        return .success
    }
}
