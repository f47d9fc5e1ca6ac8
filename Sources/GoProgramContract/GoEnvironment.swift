// GoEnvironment: the environment variables the generated Go program starts with, as the runtime
// sees them: one "KEY=VALUE" string per variable, in the order of the process's envp.
//
// Why it is part of the contract: the Go runtime copies every variable to the heap before main
// (runtime.goenvs: `envs = make([]string, n)` and one `gostring` copy of each string; then the
// syscall package's `envs = runtime_envs()` copies the slice again at init), so the program's
// start-up HeapObjects, Mallocs and HeapAlloc depend on how many variables it gets and how long
// they are. The simulator takes the environment as an input (its start-up state adds these
// objects, see HeapSimulator's StartupEnvironment.swift); only the command-line and backend
// layers read the real process environment.
//
// Simplification: a variable is its byte length only (what the allocator sees). Built from a
// dictionary (what Foundation's Process takes), the variables are ordered by name; a real
// process gets them in its parent's order, which moves which short strings share a 16-byte
// tiny block (at most a few objects).

/// The environment of the generated Go program: the byte length of each "KEY=VALUE" string.
public struct GoEnvironment: Sendable, Hashable {
    /// Bytes of each "KEY=VALUE" string, in envp order.
    public var variableBytes: [UInt64]

    public init(variableBytes: [UInt64]) {
        self.variableBytes = variableBytes
    }

    /// The environment a process started with `variables` gets (ordered by name).
    public init(variables: [String: String]) {
        variableBytes = variables.sorted { $0.key < $1.key }.map { UInt64($0.key.utf8.count + 1 + $0.value.utf8.count) }
    }

    /// Number of variables.
    public var count: Int { variableBytes.count }
    /// Bytes of all the strings together (without the slice).
    public var totalBytes: UInt64 { variableBytes.reduce(0, +) }

    /// The environment the start-up inventories of go1.19, go1.22 and go1.27 were measured with
    /// (a ~36-variable shell environment plus GOMAXPROCS=1), reconstructed from go1.27.3's
    /// per-class counts against the same program run with GOMAXPROCS=1 alone: 9 strings under
    /// 16 bytes (8 tiny blocks, one merged string), 6 of 17–24 bytes, 7 of 25–32, 5 of 33–48,
    /// 6 of 49–64, 2 of 65–80 and 1 of 193–208, and two 640-byte slice copies (36 variables).
    /// Only which size class each length falls in matters to the model. Tests, goldens and the
    /// lessons' outputs pin it (`--go-environment reference`), so their numbers do not depend on
    /// the shell they run in.
    public static let reference = GoEnvironment(variableBytes: [
        12, 12, 12, 12, 12, 12, 12, 4, 12,
        20, 22, 23, 18, 24, 21,
        26, 28, 30, 31, 27, 29, 32,
        36, 40, 44, 38, 47,
        50, 55, 60, 52, 58, 63,
        70, 77,
        200,
    ])

    /// The reference's first `count` variables, or all of them and `count` − 36 more of two bytes
    /// ("K="): the family `inspect --reproduce` fits a dump's start-up with, by its variable count.
    public static func reference(count: Int) -> GoEnvironment {
        let strings = reference.variableBytes
        return GoEnvironment(variableBytes: count <= strings.count ? Array(strings.prefix(max(0, count)))
                                 : strings + Array(repeating: 2, count: count - strings.count))
    }

    /// GOMAXPROCS=N alone (N < 10): what `memstats baseline` measures with.
    public static let gomaxprocsOnly = GoEnvironment(variableBytes: [12])

    /// No variable at all.
    public static let empty = GoEnvironment(variableBytes: [])
}
