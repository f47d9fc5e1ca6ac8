// The terminal a command writes to: its width and whether it is one at all. The presentation
// layer fits every line to the width and colours only a terminal; it takes these as values,
// so only this module asks the OS.

/// What the OS says about an output descriptor.
public struct TerminalInfo: Sendable, Equatable {
    /// The terminal's column count, or nil when the descriptor is not a terminal (a pipe, a file).
    public var columns: Int?
    public var isTerminal: Bool

    public init(columns: Int?, isTerminal: Bool) {
        self.columns = columns
        self.isTerminal = isTerminal
    }

    /// Not a terminal: a pipe or a file.
    public static let notATerminal = TerminalInfo(columns: nil, isTerminal: false)

    /// Asks the OS about `descriptor` (1: standard output).
    public static func live(descriptor: Int32 = 1) -> TerminalInfo {
        let isTerminal = system_isTerminal(descriptor)
        return TerminalInfo(columns: isTerminal ? system_terminalColumns(descriptor) : nil, isTerminal: isTerminal)
    }
}

/// Keys typed on a terminal, one at a time (step and predict modes of `memstats run`).
public struct TerminalKeys: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Standard input.
    public static let standardInput = TerminalKeys(descriptor: 0)

    /// True when the descriptor is a terminal: someone can answer a prompt.
    public var isTerminal: Bool { system_isTerminal(descriptor) }

    /// The next byte typed, without waiting for Enter and without echo; Ctrl-C and Ctrl-D
    /// arrive as bytes 3 and 4. Nil at the end of input.
    public func readByte() -> UInt8? { system_readKeyByte(descriptor) }
}
