// The libc calls for reading single keys from a terminal, like FileSyscalls.swift: tcgetattr,
// tcsetattr, read.

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one byte from `descriptor`. When it is a terminal, canonical mode, echo and signal keys
/// are off for this read only (the previous settings are restored before returning), so a key
/// arrives without Enter, is not echoed, and Ctrl-C arrives as byte 3 instead of killing the
/// process with the terminal left in that mode. Returns nil at the end of input or on an error.
/// The corresponding C functions are `tcgetattr`, `tcsetattr` and `read`.
func system_readKeyByte(_ descriptor: Int32) -> UInt8? {
    var saved = termios()
    let isTerminal = tcgetattr(descriptor, &saved) == 0
    if isTerminal {
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        _ = tcsetattr(descriptor, TCSANOW, &raw)
    }
    defer { if isTerminal { _ = tcsetattr(descriptor, TCSANOW, &saved) } }
    var byte: UInt8 = 0
    while true {
        let got = read(descriptor, &byte, 1)
        if got == 1 { return byte }
        if got < 0 && errno == EINTR { continue }
        return nil
    }
}
