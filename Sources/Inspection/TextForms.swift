// The text forms: the `# runtime.MemStats` block of a debug=1 heap profile, runtime/metrics
// samples (as text or JSON) and a GODEBUG=gctrace=1 log.

import FieldCatalogue

/// The block `runtime/pprof` writes after a debug=1 heap profile (`# Name = value` lines).
enum HeapProfileForm {
    static func read(_ lines: [Substring], source: String) throws(InspectionError) -> Dump {
        var dump = Dump(source: source, form: .heapProfile)
        let start = lines.firstIndex { $0 == "# runtime.MemStats" }!
        for index in (start + 1)..<lines.count {
            let line = lines[index]
            guard line.hasPrefix("# ") else { continue }
            let parts = line.dropFirst(2).split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = String(parts[0].trimmingSpaces)
            let value = parts[1].trimmingSpaces
            let valueColumn = line.count - value.count + 1
            let at = TextLocation(line: index + 1, column: valueColumn)
            func count(_ text: Substring, _ field: String, limit: UInt64 = .max) throws(InspectionError) -> UInt64 {
                try DumpNumber.count(String(text), field: field, at: at, limit: limit, source: source)
            }
            // Stack, MSpan and MCache are printed as "Inuse / Sys".
            let pairs: [String: (MemStatsField, MemStatsField)] = [
                "Stack": (.stackInuse, .stackSys), "MSpan": (.mSpanInuse, .mSpanSys), "MCache": (.mCacheInuse, .mCacheSys),
            ]
            if let (inuse, sys) = pairs[name] {
                let halves = value.split(separator: "/").map(\.trimmingSpaces)
                guard halves.count == 2 else {
                    throw InspectionError(source: source, problem: .badLine(line: index + 1, text: String(line.prefix(80)),
                                                                             expected: "\(name) = INUSE / SYS"))
                }
                MemStatsJSONForm.set(inuse, try count(halves[0], inuse.rawValue), in: &dump.stats)
                MemStatsJSONForm.set(sys, try count(halves[1], sys.rawValue), in: &dump.stats)
                dump.mark(inuse)
                dump.mark(sys)
                continue
            }
            if name == "MaxRSS" {
                dump.maxRSS = try count(value, name)
                continue
            }
            guard let field = MemStatsField(rawValue: name) else {
                dump.setAside.append(SetAside(name: name, location: at, reason: .unknownField))
                continue
            }
            switch field {
            case .pauseNs, .pauseEnd:
                guard value.hasPrefix("["), value.hasSuffix("]") else {
                    throw InspectionError(source: source, problem: .badLine(line: index + 1, text: String(line.prefix(80)),
                                                                             expected: "\(name) = [256 numbers]"))
                }
                var ring: [UInt64] = []
                for word in value.dropFirst().dropLast().split(separator: " ") { ring.append(try count(word, name)) }
                guard ring.count == 256 else {
                    throw InspectionError(source: source, problem: .wrongType(field: name, expected: "256 numbers",
                                                                               found: "\(ring.count)", at: at))
                }
                if field == .pauseNs { dump.stats.pauseNs = ring } else { dump.stats.pauseEnd = ring }
            case .gcCPUFraction:
                dump.stats.gcCPUFraction = try DumpNumber.fraction(String(value), field: name, at: at, source: source)
            case .enableGC, .debugGC:
                guard value == "true" || value == "false" else {
                    throw InspectionError(source: source, problem: .wrongType(field: name, expected: "true or false",
                                                                               found: "'\(value.prefix(20))'", at: at))
                }
                if field == .enableGC { dump.stats.enableGC = value == "true" } else { dump.stats.debugGC = value == "true" }
            case .numGC, .numForcedGC:
                MemStatsJSONForm.set(field, try count(value, name, limit: UInt64(UInt32.max)), in: &dump.stats)
            case .bySize:
                continue
            default:
                MemStatsJSONForm.set(field, try count(value, name), in: &dump.stats)
            }
            dump.mark(field)
        }
        if dump.present.isEmpty { throw InspectionError(source: source, problem: .noFields) }
        return dump
    }
}

/// runtime/metrics samples, mapped onto MemStats as Go documents the correspondence.
enum MetricsForm {
    /// Go's mapping: each MemStats field as a sum of runtime/metrics samples.
    static let sums: [(MemStatsField, [String])] = [
        (.alloc, ["/memory/classes/heap/objects:bytes"]),
        (.totalAlloc, ["/gc/heap/allocs:bytes"]),
        (.sys, ["/memory/classes/total:bytes"]),
        (.mallocs, ["/gc/heap/allocs:objects", "/gc/heap/tiny/allocs:objects"]),
        (.frees, ["/gc/heap/frees:objects", "/gc/heap/tiny/allocs:objects"]),
        (.heapAlloc, ["/memory/classes/heap/objects:bytes"]),
        (.heapSys, ["/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes",
                    "/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes"]),
        (.heapIdle, ["/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes"]),
        (.heapInuse, ["/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes"]),
        (.heapReleased, ["/memory/classes/heap/released:bytes"]),
        (.heapObjects, ["/gc/heap/objects:objects"]),
        (.stackInuse, ["/memory/classes/heap/stacks:bytes"]),
        (.stackSys, ["/memory/classes/heap/stacks:bytes", "/memory/classes/os-stacks:bytes"]),
        (.mSpanInuse, ["/memory/classes/metadata/mspan/inuse:bytes"]),
        (.mSpanSys, ["/memory/classes/metadata/mspan/inuse:bytes", "/memory/classes/metadata/mspan/free:bytes"]),
        (.mCacheInuse, ["/memory/classes/metadata/mcache/inuse:bytes"]),
        (.mCacheSys, ["/memory/classes/metadata/mcache/inuse:bytes", "/memory/classes/metadata/mcache/free:bytes"]),
        (.buckHashSys, ["/memory/classes/profiling/buckets:bytes"]),
        (.gcSys, ["/memory/classes/metadata/other:bytes"]),
        (.otherSys, ["/memory/classes/other:bytes"]),
        (.nextGC, ["/gc/heap/goal:bytes"]),
        (.numGC, ["/gc/cycles/total:gc-cycles"]),
        (.numForcedGC, ["/gc/cycles/forced:gc-cycles"]),
    ]
    static let extras = ["/sched/goroutines:goroutines", "/gc/gogc:percent", "/gc/gomemlimit:bytes",
                         "/sched/gomaxprocs:threads", "/cpu/classes/gc/total:cpu-seconds", "/cpu/classes/total:cpu-seconds"]
    static var known: Set<String> { Set(sums.flatMap(\.1) + extras) }

    static func readText(_ lines: [Substring], source: String) throws(InspectionError) -> Dump {
        var samples: [(name: String, text: String, at: TextLocation)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count == 2, words[0].hasPrefix("/") else {
                throw InspectionError(source: source, problem: .badLine(line: index + 1, text: String(line.prefix(80)),
                                                                         expected: "NAME VALUE, e.g. /gc/heap/goal:bytes 4194304"))
            }
            samples.append((String(words[0]), String(words[1]),
                            TextLocation(line: index + 1, column: line.count - words[1].count + 1)))
        }
        return try build(samples, form: .metricsText, goVersion: nil, source: source)
    }

    static func readJSON(_ document: JSONValue, source: String) throws(InspectionError) -> Dump {
        let table = document["metrics"] ?? document
        guard case .object(let members, _) = table else {
            throw InspectionError(source: source, problem: .wrongType(field: "metrics", expected: "an object",
                                                                       found: table.kindName, at: table.location))
        }
        var samples: [(name: String, text: String, at: TextLocation)] = []
        for (name, value) in members {
            switch value {
            case .number(let text, let at): samples.append((name, text, at))
            default:
                if known.contains(name) {
                    throw InspectionError(source: source, problem: .wrongType(field: name, expected: "a number",
                                                                               found: value.kindName, at: value.location))
                }
                samples.append((name, "", value.location))
            }
        }
        var goVersion: String?
        if case .string(let version, _)? = document["go"] { goVersion = version }
        return try build(samples, form: .metricsJSON, goVersion: goVersion, source: source)
    }

    static func build(_ samples: [(name: String, text: String, at: TextLocation)], form: DumpForm, goVersion: String?,
                      source: String) throws(InspectionError) -> Dump {
        var dump = Dump(source: source, form: form)
        dump.goVersion = goVersion
        let known = known
        var counts: [String: UInt64] = [:]
        var floats: [String: Double] = [:]
        for sample in samples {
            guard known.contains(sample.name) else {
                dump.unmappedMetricCount += 1
                continue
            }
            if sample.name.hasSuffix(":cpu-seconds") {
                floats[sample.name] = try DumpNumber.fraction(sample.text, field: sample.name, at: sample.at, source: source)
            } else {
                counts[sample.name] = try DumpNumber.count(sample.text, field: sample.name, at: sample.at, source: source)
            }
        }
        for (field, names) in sums {
            let parts = names.compactMap { counts[$0] }
            guard parts.count == names.count else { continue }
            let (total, overflow) = parts.reduce((UInt64(0), false)) { acc, n in
                let r = acc.0.addingReportingOverflow(n)
                return (r.partialValue, acc.1 || r.overflow)
            }
            if overflow { continue }
            MemStatsJSONForm.set(field, total, in: &dump.stats)
            dump.mark(field)
            dump.approximations[field] = .fromMetrics(names)
        }
        if let gc = floats["/cpu/classes/gc/total:cpu-seconds"], let all = floats["/cpu/classes/total:cpu-seconds"], all > 0 {
            dump.stats.gcCPUFraction = gc / all
            dump.mark(.gcCPUFraction)
            dump.approximations[.gcCPUFraction] = .fromMetrics(["/cpu/classes/gc/total:cpu-seconds", "/cpu/classes/total:cpu-seconds"])
        }
        dump.goroutines = counts["/sched/goroutines:goroutines"]
        dump.gcPercent = counts["/gc/gogc:percent"]
        dump.gomaxprocs = counts["/sched/gomaxprocs:threads"]
        if let limit = counts["/gc/gomemlimit:bytes"] {
            dump.memoryLimitKnown = true
            if limit < UInt64(Int64.max) { dump.memoryLimit = limit }
        }
        if dump.present.isEmpty { throw InspectionError(source: source, problem: .noFields) }
        return dump
    }
}

/// A GODEBUG=gctrace=1 log. Each `gc N @Ts P%: …` line is one cycle; other lines are ignored.
enum GCTraceForm {
    static func isCycleLine(_ line: Substring) -> Bool {
        let words = line.split(separator: " ", maxSplits: 3)
        return words.count >= 3 && words[0] == "gc" && UInt64(words[1]) != nil && words[2].hasPrefix("@")
    }

    static func read(_ lines: [Substring], source: String) throws(InspectionError) -> Dump {
        var dump = Dump(source: source, form: .gctrace)
        let lastCycleLine = lines.indices.last { isCycleLine(lines[$0]) }
        for (index, line) in lines.enumerated() where isCycleLine(line) {
            guard let cycle = parse(line, number: index + 1) else {
                // Go prints a cycle's line piece by piece after the world restarts, so a program
                // that exits then leaves the log's last cycle line cut off: set aside and said.
                if index == lastCycleLine && !dump.gcCycles.isEmpty && !line.contains(" MB goal") {
                    dump.setAside.append(SetAside(name: String(line.prefix(40)), location: TextLocation(line: index + 1, column: 1),
                                                  reason: .cutOffLastCycle))
                    continue
                }
                throw InspectionError(source: source, problem: .badLine(
                    line: index + 1, text: String(line.prefix(80)),
                    expected: "gc N @Ts P%: … A->B->C MB, G MB goal, … (as Go 1.19 and later print it)"))
            }
            dump.gcCycles.append(cycle)
        }
        guard let last = dump.gcCycles.last else { throw InspectionError(source: source, problem: .noFields) }
        let mib: UInt64 = 1 << 20
        dump.stats.numGC = UInt32(clamping: last.number)
        dump.stats.nextGC = last.goalMiB * mib
        dump.stats.heapAlloc = last.liveMiB * mib
        dump.stats.gcCPUFraction = last.cpuPercent / 100
        dump.stats.numForcedGC = UInt32(clamping: dump.gcCycles.filter(\.forced).count)
        for field: MemStatsField in [.numGC, .nextGC, .heapAlloc, .gcCPUFraction] { dump.mark(field) }
        dump.approximations[.nextGC] = .fromGCTrace(line: last.line, what: "the goal of the last cycle")
        dump.approximations[.heapAlloc] = .fromGCTrace(line: last.line, what: "the heap marked live by the last cycle")
        dump.approximations[.gcCPUFraction] = .fromGCTrace(line: last.line, what: "the percent of CPU since start")
        dump.gomaxprocs = last.processors
        return dump
    }

    /// `gc 11 @0.429s 3%: 0.40+6.5+0.074 ms clock, 0.81+…+0.14 ms cpu, 116->131->60 MB, 136 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)`
    static func parse(_ line: Substring, number lineNumber: Int) -> GCTraceCycle? {
        let head = line.split(separator: ":", maxSplits: 1)
        guard head.count == 2 else { return nil }
        let words = head[0].split(separator: " ")
        guard words.count >= 4, let n = UInt64(words[1]), words[2].hasPrefix("@"), words[2].hasSuffix("s"),
              let at = Double(words[2].dropFirst().dropLast()), words[3].hasSuffix("%"),
              let cpu = Double(words[3].dropLast()) else { return nil }
        let clauses = head[1].split(separator: ",").map { $0.trimmingSpaces }
        var cycle = GCTraceCycle(number: n, atSeconds: at, cpuPercent: cpu, heapAtStartMiB: 0, heapAtEndMiB: 0, liveMiB: 0,
                                 goalMiB: 0, stacksMiB: nil, globalsMiB: nil, processors: nil,
                                 forced: line.hasSuffix("(forced)"), pauseMilliseconds: 0, line: lineNumber)
        var sawHeap = false, sawGoal = false
        for clause in clauses {
            let parts = clause.split(separator: " ")
            if clause.hasSuffix("ms clock"), let phases = parts.first?.split(separator: "+"), phases.count == 3,
               let sweepTerm = Double(phases[0]), let markTerm = Double(phases[2]) {
                cycle.pauseMilliseconds = sweepTerm + markTerm
            } else if parts.count == 2, parts[1] == "MB", parts[0].contains("->") {
                let sizes = parts[0].split(separator: "-").map { $0.hasPrefix(">") ? $0.dropFirst() : $0 }.compactMap { UInt64($0) }
                guard sizes.count == 3 else { return nil }
                (cycle.heapAtStartMiB, cycle.heapAtEndMiB, cycle.liveMiB) = (sizes[0], sizes[1], sizes[2])
                sawHeap = true
            } else if parts.count == 3, parts[1] == "MB", let size = UInt64(parts[0]) {
                switch parts[2] {
                case "goal": cycle.goalMiB = size; sawGoal = true
                case "stacks": cycle.stacksMiB = size
                case "globals": cycle.globalsMiB = size
                default: break
                }
            } else if parts.count >= 2, parts[1] == "P", let p = UInt64(parts[0]) {
                cycle.processors = p
            }
        }
        return sawHeap && sawGoal ? cycle : nil
    }
}
