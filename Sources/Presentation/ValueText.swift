// How one MemStats value reads in text: human units by default (98.5 MiB, 150 µs, "2.1 s
// ago"), exact integers on request. The pieces of a value are glued (`TextLayout.glue`) so a
// line break never splits a number from its unit or a grouped number in two.

import FieldCatalogue

enum ValueText {
    /// A scalar field's value, with its change since `previous` in parentheses when it moved.
    /// `takenAt` is when the reading was taken (Unix ns), for times shown as "ago".
    static func cell(_ field: MemStatsField, _ stats: MemStats, previous: MemStats?, style: OutputStyle,
                     takenAt: UInt64? = nil) -> String {
        switch field {
        case .lastGC:
            return time(stats.lastGC, takenAt: takenAt, exact: style.showsExactValues)
        case .pauseNs:
            return pauses(stats, style: style)
        case .pauseEnd:
            return pauseEnds(stats, takenAt: takenAt, style: style)
        case .bySize:
            let used = stats.bySize.filter { $0.mallocs > 0 }.count
            return style.language == .chinese ? "\(used) 个规格类有分配" : TextLayout.unbreakable("\(used) size") + " classes used"
        default:
            break
        }
        guard let value = stats.number(field) else { return "—" }
        let text = TextLayout.unbreakable(format(value, unit: field.unit, exact: style.showsExactValues))
        guard let old = previous?.number(field), old != value else { return text }
        return text + " " + delta(value - old, unit: field.unit, style: style)
    }

    /// "(+98.4 MiB)", coloured up or down when colour is on.
    static func delta(_ change: Double, unit: FieldUnit, style: OutputStyle) -> String {
        let text = TextLayout.unbreakable("(" + (change > 0 ? "+" : "") + format(change, unit: unit, exact: style.showsExactValues) + ")")
        return style.paint(text, change > 0 ? .up : .down)
    }

    static func bytes(_ value: UInt64, previous: UInt64?, style: OutputStyle) -> String {
        let text = TextLayout.unbreakable(style.showsExactValues ? grouped(Int64(clamping: value)) : ByteCount(value).description)
        guard let previous, previous != value else { return text }
        return text + " " + delta(Double(value) - Double(previous), unit: .bytes, style: style)
    }

    static func format(_ value: Double, unit: FieldUnit, exact: Bool) -> String {
        switch unit {
        case .bytes: exact ? grouped(value) : ByteCount.format(value)
        case .fraction: format6(value)
        case .boolean: value != 0 ? "true" : "false"
        case .nanoseconds: exact ? grouped(value) + " ns" : duration(value)
        default: grouped(value)
        }
    }

    /// 150 ns, 45.2 µs, 1.3 ms, 2.1 s, 3.5 min.
    static func duration(_ nanoseconds: Double) -> String {
        let sign = nanoseconds < 0 ? "-" : ""
        let n = nanoseconds.magnitude
        func one(_ x: Double) -> String {
            let tenths = (x * 10).rounded() / 10
            return tenths == tenths.rounded() && tenths >= 10 ? String(Int64(tenths)) : String(tenths)
        }
        switch n {
        case ..<1_000: return "\(sign)\(Int64(n)) ns"
        case ..<1_000_000: return "\(sign)\(one(n / 1_000)) µs"
        case ..<1_000_000_000: return "\(sign)\(one(n / 1_000_000)) ms"
        case ..<120_000_000_000: return "\(sign)\(one(n / 1_000_000_000)) s"
        default: return "\(sign)\(one(n / 60_000_000_000)) min"
        }
    }

    /// A Unix time in nanoseconds: "never" for 0, "2.1 s ago" when the reading's own time is
    /// known, else the UTC time of day ("09:43:21.287 UTC"); exact: the integer.
    static func time(_ unixNanoseconds: UInt64, takenAt: UInt64?, exact: Bool) -> String {
        if exact { return TextLayout.unbreakable(grouped(Int64(clamping: unixNanoseconds))) }
        if unixNanoseconds == 0 { return "never" }
        if let takenAt, takenAt >= unixNanoseconds {
            return TextLayout.unbreakable(duration(Double(takenAt - unixNanoseconds)) + " ago")
        }
        let secondsOfDay = (unixNanoseconds / 1_000_000_000) % 86_400
        let millis = (unixNanoseconds / 1_000_000) % 1_000
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)).\(ms) UTC"
    }

    /// How many of the newest pauses a cell lists.
    static let newestPauseCount = 3

    /// The ring positions of the newest pauses, newest first (Go: PauseNs[(NumGC+255)%256]).
    static func newestPauseSlots(_ stats: MemStats, limit: Int) -> [Int] {
        let count = min(Int(stats.numGC), stats.pauseNs.count, limit)
        return (0..<count).map { (Int(stats.numGC) - 1 - $0 + stats.pauseNs.count * 2) % stats.pauseNs.count }
    }

    /// "newest 45.1 µs, 30 µs, 52 µs; total 150 µs": the newest pauses and the total over the ring.
    static func pauses(_ stats: MemStats, style: OutputStyle) -> String {
        let slots = newestPauseSlots(stats, limit: newestPauseCount)
        if slots.isEmpty { return style.language == .chinese ? "无" : "none" }
        let unit = FieldUnit.nanoseconds
        let newest = slots.map { TextLayout.unbreakable(format(Double(stats.pauseNs[$0]), unit: unit, exact: style.showsExactValues)) }
        let kept = min(Int(stats.numGC), stats.pauseNs.count)
        let total = newestPauseSlots(stats, limit: kept).reduce(0.0) { $0 + Double(stats.pauseNs[$1]) }
        let totalText = TextLayout.unbreakable(format(total, unit: unit, exact: style.showsExactValues))
        let more = Int(stats.numGC) > slots.count
        if style.language == .chinese {
            return "最近 " + newest.joined(separator: "、") + (more ? "…" : "") + "；共 \(kept) 次 " + totalText
        }
        return "newest " + newest.joined(separator: ", ") + (more ? ", …" : "") + "; " + TextLayout.unbreakable("\(kept) total") + " " + totalText
    }

    /// The end times of the newest pauses, newest first.
    static func pauseEnds(_ stats: MemStats, takenAt: UInt64?, style: OutputStyle) -> String {
        let slots = newestPauseSlots(stats, limit: newestPauseCount)
        if slots.isEmpty { return style.language == .chinese ? "无" : "none" }
        let times = slots.map { time(stats.pauseEnd[$0], takenAt: takenAt, exact: style.showsExactValues) }
        return times.joined(separator: ", ") + (Int(stats.numGC) > slots.count ? ", …" : "")
    }

    /// A claim's number: human units with the exact integer for byte claims.
    static func number(_ value: Double, bytes: Bool, exact: Bool) -> String {
        guard value == value.rounded(), value.magnitude < 1e18 else { return format6(value) }
        if bytes, value.magnitude >= 1024, !exact {
            return TextLayout.unbreakable("\(ByteCount.format(value)) (\(grouped(value)))")
        }
        return TextLayout.unbreakable(grouped(value))
    }

    /// A claim's whole number printed exactly, however large (sums of 64-bit fields pass 2^63).
    static func number(exact value: Int128, bytes: Bool, exact showsExact: Bool) -> String {
        var digits = ""
        for (i, c) in String(value.magnitude).reversed().enumerated() {
            if i > 0, i % 3 == 0 { digits.append(" ") }
            digits.append(c)
        }
        let text = (value < 0 ? "-" : "") + String(digits.reversed())
        if bytes, value.magnitude >= 1024, !showsExact {
            return TextLayout.unbreakable("\(ByteCount.format(Double(value))) (\(text))")
        }
        return TextLayout.unbreakable(text)
    }

    static func format6(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == rounded.rounded() && rounded.magnitude < 1e15 ? String(Int64(rounded)) : String(rounded)
    }

    static func grouped(_ value: Double) -> String {
        value.magnitude < 9.2e18 ? grouped(Int64(value)) : String(value)
    }

    /// 1234567 → "1 234 567" (thin groups read well in any locale).
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
