// Byte quantities with their unit in the type, and their human-readable rendering.

/// A number of bytes. Go's MemStats byte fields are `uint64`; so is this.
public struct ByteCount: Sendable, Hashable, Comparable, Codable, ExpressibleByIntegerLiteral,
                         CustomStringConvertible {
    public var bytes: UInt64

    public init(_ bytes: UInt64) { self.bytes = bytes }
    public init(integerLiteral value: UInt64) { self.bytes = value }

    public static func kibibytes(_ n: UInt64) -> ByteCount { ByteCount(n << 10) }
    public static func mebibytes(_ n: UInt64) -> ByteCount { ByteCount(n << 20) }
    public static func gibibytes(_ n: UInt64) -> ByteCount { ByteCount(n << 30) }

    public static func < (a: ByteCount, b: ByteCount) -> Bool { a.bytes < b.bytes }

    /// Binary units with one decimal, e.g. `3.5 MiB`; exact below 1 KiB (`512 B`).
    public var description: String { ByteCount.format(Double(bytes)) }

    /// Formats a possibly negative or fractional byte amount the same way (used for deltas).
    public static func format(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var magnitude = abs(value)
        var index = 0
        while magnitude >= 1024, index < units.count - 1 {
            magnitude /= 1024
            index += 1
        }
        let sign = value < 0 ? "-" : ""
        if index == 0 { return "\(sign)\(Int(magnitude)) B" }
        let tenths = (magnitude * 10).rounded() / 10
        let text = tenths == tenths.rounded() ? String(Int(tenths)) + ".0" : String(tenths)
        return "\(sign)\(text) \(units[index])"
    }
}
