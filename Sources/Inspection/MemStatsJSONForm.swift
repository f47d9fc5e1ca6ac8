// `json.Marshal(runtime.MemStats)`, alone or as expvar's `memstats` member.

import FieldCatalogue

enum MemStatsJSONForm {
    static func read(_ object: JSONValue, into dump: inout Dump) throws(InspectionError) {
        let source = dump.source
        func fail(_ problem: InspectionError.Problem) -> InspectionError { InspectionError(source: source, problem: problem) }
        guard case .object(let members, _) = object else {
            throw fail(.wrongType(field: "memstats", expected: "an object", found: object.kindName, at: object.location))
        }
        for (key, value) in members {
            guard let field = MemStatsField(rawValue: key) else {
                dump.setAside.append(SetAside(name: key, location: value.location, reason: .unknownField))
                continue
            }
            func number() throws(InspectionError) -> String {
                guard case .number(let text, _) = value else {
                    throw fail(.wrongType(field: key, expected: "a number", found: value.kindName, at: value.location))
                }
                return text
            }
            switch field {
            case .enableGC, .debugGC:
                guard case .bool(let flag, _) = value else {
                    throw fail(.wrongType(field: key, expected: "true or false", found: value.kindName, at: value.location))
                }
                if field == .enableGC { dump.stats.enableGC = flag } else { dump.stats.debugGC = flag }
            case .gcCPUFraction:
                dump.stats.gcCPUFraction = try DumpNumber.fraction(number(), field: key, at: value.location, source: source)
            case .numGC, .numForcedGC:
                let n = UInt32(try DumpNumber.count(number(), field: key, at: value.location, limit: UInt64(UInt32.max),
                                                    source: source))
                if field == .numGC { dump.stats.numGC = n } else { dump.stats.numForcedGC = n }
            case .pauseNs, .pauseEnd:
                let ring = try counts(value, field: key, source: source)
                guard ring.count == 256 else {
                    throw fail(.wrongType(field: key, expected: "an array of 256 numbers", found: "an array of \(ring.count)",
                                          at: value.location))
                }
                if field == .pauseNs { dump.stats.pauseNs = ring } else { dump.stats.pauseEnd = ring }
            case .bySize:
                try readBySize(value, into: &dump)
            default:
                let n = try DumpNumber.count(number(), field: key, at: value.location, source: source)
                set(field, n, in: &dump.stats)
            }
            dump.mark(field)
        }
        if dump.present.isEmpty { throw fail(.noFields) }
    }

    static func counts(_ value: JSONValue, field: String, source: String) throws(InspectionError) -> [UInt64] {
        guard case .array(let elements, _) = value else {
            throw InspectionError(source: source, problem: .wrongType(field: field, expected: "an array", found: value.kindName,
                                                                       at: value.location))
        }
        var result: [UInt64] = []
        for element in elements {
            guard case .number(let text, let location) = element else {
                throw InspectionError(source: source, problem: .wrongType(field: field, expected: "a number",
                                                                           found: element.kindName, at: element.location))
            }
            result.append(try DumpNumber.count(text, field: field, at: location, source: source))
        }
        return result
    }

    static func readBySize(_ value: JSONValue, into dump: inout Dump) throws(InspectionError) {
        let source = dump.source
        guard case .array(let entries, _) = value else {
            throw InspectionError(source: source, problem: .wrongType(field: "BySize", expected: "an array", found: value.kindName,
                                                                       at: value.location))
        }
        let known = dump.stats.bySize.count
        if entries.count > known {
            dump.setAside.append(SetAside(name: "BySize", location: value.location,
                                          reason: .extraSizeClasses(count: entries.count)))
        }
        for (i, entry) in entries.prefix(known).enumerated() {
            guard case .object = entry else {
                throw InspectionError(source: source, problem: .wrongType(field: "BySize[\(i)]", expected: "an object",
                                                                           found: entry.kindName, at: entry.location))
            }
            func member(_ name: String, limit: UInt64 = .max) throws(InspectionError) -> UInt64 {
                guard let m = entry[name] else { return 0 }
                guard case .number(let text, let location) = m else {
                    throw InspectionError(source: source, problem: .wrongType(field: "BySize[\(i)].\(name)", expected: "a number",
                                                                               found: m.kindName, at: m.location))
                }
                return try DumpNumber.count(text, field: "BySize[\(i)].\(name)", at: location, limit: limit, source: source)
            }
            dump.stats.bySize[i] = SizeClassStats(size: UInt32(try member("Size", limit: UInt64(UInt32.max))),
                                                  mallocs: try member("Mallocs"), frees: try member("Frees"))
        }
    }

    static func set(_ field: MemStatsField, _ n: UInt64, in stats: inout MemStats) {
        switch field {
        case .alloc: stats.alloc = n
        case .totalAlloc: stats.totalAlloc = n
        case .sys: stats.sys = n
        case .lookups: stats.lookups = n
        case .mallocs: stats.mallocs = n
        case .frees: stats.frees = n
        case .heapAlloc: stats.heapAlloc = n
        case .heapSys: stats.heapSys = n
        case .heapIdle: stats.heapIdle = n
        case .heapInuse: stats.heapInuse = n
        case .heapReleased: stats.heapReleased = n
        case .heapObjects: stats.heapObjects = n
        case .stackInuse: stats.stackInuse = n
        case .stackSys: stats.stackSys = n
        case .mSpanInuse: stats.mSpanInuse = n
        case .mSpanSys: stats.mSpanSys = n
        case .mCacheInuse: stats.mCacheInuse = n
        case .mCacheSys: stats.mCacheSys = n
        case .buckHashSys: stats.buckHashSys = n
        case .gcSys: stats.gcSys = n
        case .otherSys: stats.otherSys = n
        case .nextGC: stats.nextGC = n
        case .lastGC: stats.lastGC = n
        case .pauseTotalNs: stats.pauseTotalNs = n
        case .numGC: stats.numGC = UInt32(clamping: n)
        case .numForcedGC: stats.numForcedGC = UInt32(clamping: n)
        case .gcCPUFraction, .enableGC, .debugGC, .pauseNs, .pauseEnd, .bySize: break
        }
    }
}
