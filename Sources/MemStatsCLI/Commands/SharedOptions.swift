// Options several commands share, declared once.

import FieldCatalogue
import HeapSimulator
import Presentation
import ScenarioLanguage

enum SharedOptions {
    /// `--format`, offering the formats this command supports (others are a usage error).
    static func format(_ supported: [OutputFormat]) -> OptionSpec {
        OptionSpec("format", value: "FORMAT", help: "Output format (default text).", allowed: supported.map(\.rawValue))
    }
    static let format = format([.text, .json])
    static let color = OptionSpec("color", value: "WHEN",
                                  help: "Colour text output: auto (a terminal without NO_COLOR), always, never.",
                                  allowed: ColorChoice.allCases.map(\.rawValue))
    static let exact = OptionSpec("exact", help: "Exact values: bytes, counts and nanoseconds as integers, times as Unix nanoseconds.")
    static let bytes = OptionSpec("bytes", help: "Same as --exact.")
    static let language = OptionSpec("lang", value: "LANG", help: "Language of the explanations (en: English, zh: 中文).",
                                     allowed: ["en", "zh"])
    static let goToolchain = OptionSpec("go", value: "PATH",
                                        help: "The go command to use (default: $MEMSTATS_GO, then go on PATH).")
    static let model = OptionSpec("model", value: "MODEL",
                                  help: "The Go release the simulator models (default: the real Go's, else the newest; see 'memstats models').",
                                  allowed: GoProfile.all.map(\.name))
    static let gomaxprocs = OptionSpec("gomaxprocs", value: "N",
                                       help: "GOMAXPROCS for the simulator and the real Go program (default 1).")
    static let cpus = OptionSpec("cpus", value: "N",
                                 help: "CPUs the simulated machine gives the program. Fewer than GOMAXPROCS make a mark "
                                     + "end later (its last steps wait for a CPU). Default: one per P, as Go's default "
                                     + "GOMAXPROCS gives; when real Go runs beside the simulator (the go backend, "
                                     + "fidelity), this machine's CPUs.")
    static let extraMs = OptionSpec("extra-ms", value: "N",
                                    help: "Ms (threads) the simulator starts beyond its rule for GOMAXPROCS, or short of it when "
                                        + "negative (real Go starts them by timing; each holds a 32 KiB signal stack in StackInuse). "
                                        + "inspect --reproduce says when a dump needs it. Default 0.")
    static let heapBase = OptionSpec(
        "heap-base", value: "WHICH",
        help: "Where a Go 1.26+ program's heap starts: random (default), as Go's default build places it "
            + "(0-511 released padding pages at the base: the model takes 256, and --bands the ends 0 and 511), or "
            + "fixed (the go backend builds with GOEXPERIMENT=norandomizedheapbase64, the model has no padding). "
            + "Older releases have a fixed base either way.",
        allowed: ["fixed", "random"])
    static let heapPadding = OptionSpec(
        "heap-padding", value: "PAGES",
        help: "With a random heap base, the released padding pages the model puts at the base (0-511; default 256, "
            + "the middle of Go's draw). inspect --reproduce says when a dump needs it.")
    /// `--heap-base` and `--heap-padding`: random unless fixed is asked for (a profile without a
    /// random base ignores it), with the padding asked for or the middle of Go's draw.
    static func heapBase(_ arguments: ParsedArguments, command: String) throws -> HeapBase {
        let fixed = arguments.value("heap-base") == "fixed"
        guard let text = arguments.value("heap-padding") else { return fixed ? .fixed : .random }
        if fixed {
            throw CLIError.invalidCombination("--heap-padding is for a random heap base; a fixed base has no padding "
                                              + "(drop one of --heap-base fixed and --heap-padding)", command: command)
        }
        guard let pages = UInt64(text), pages <= HeapBase.maximumPaddingPageCount else {
            throw CLIError.invalidValue(option: "heap-padding", value: text,
                                        allowed: ["an integer from 0 to \(HeapBase.maximumPaddingPageCount)"], command: command)
        }
        return .random(paddingPageCount: pages)
    }
    static let goEnvironment = OptionSpec(
        "go-environment", value: "WHICH",
        help: "The environment variables the simulated Go program starts with (the runtime copies each to the heap: "
            + "about one more start-up object per variable): current, what a Go program started by memstats from "
            + "here gets (this environment without GOGC, GOMEMLIMIT, GODEBUG and MEMSTATS_*, plus GOMAXPROCS), or "
            + "reference, a fixed 36-variable one (the lessons' and tests' numbers), or reference:N, its first N "
            + "variables, or all 36 and N - 36 more of two bytes (what inspect --reproduce fits a dump's start-up "
            + "with). Default: $MEMSTATS_GO_ENVIRONMENT, else current.")

    static func isJSON(_ arguments: ParsedArguments) -> Bool { outputFormat(arguments) == .json }

    /// The format asked for (the scanner has checked it is one the command supports).
    static func outputFormat(_ arguments: ParsedArguments) -> OutputFormat {
        arguments.value("format").flatMap(OutputFormat.init(rawValue:)) ?? .text
    }

    /// The style of text output: width from COLUMNS or the terminal, colour, language, exact values.
    static func style(_ arguments: ParsedArguments, context: CommandContext) -> OutputStyle {
        let choice = arguments.value("color").flatMap(ColorChoice.init(rawValue:)) ?? .auto
        return OutputStyle(width: FieldGuide.width(context),
                           usesColor: OutputStyle.usesColor(choice, noColorVariable: context.environment["NO_COLOR"],
                                                            isTerminal: context.terminal.isTerminal),
                           language: FieldGuide.language(arguments),
                           showsExactValues: arguments.isSet("exact") || arguments.isSet("bytes"))
    }

    /// Parses a SIZE the way scenarios write it (`512MiB`, `2GiB`, `4096B`).
    static func size(_ text: String, option: String, command: String) throws -> UInt64 {
        guard case .success(let bytes) = ScenarioLiteral.size(text) else {
            throw CLIError.invalidSize(option: option, value: text, command: command)
        }
        return bytes
    }

    /// Parses a DURATION the way scenarios write it (`500ms`, `10s`, `2m`).
    static func duration(_ text: String, option: String, command: String) throws -> UInt64 {
        guard case .success(let nanoseconds) = ScenarioLiteral.duration(text) else {
            throw CLIError.invalidValue(option: option, value: text, allowed: ["a duration like 500ms, 10s or 2m"],
                                        command: command)
        }
        return nanoseconds
    }

    /// `--extra-ms N`: the model's rule for the number of Ms moved by N (an integer from -1024 to 1024).
    static func extraMs(_ text: String?, command: String) throws -> ExtraMs {
        guard let text else { return .rule }
        guard let n = Int(text), abs(n) <= 1024 else {
            throw CLIError.invalidValue(option: "extra-ms", value: text, allowed: ["an integer from -1024 to 1024"], command: command)
        }
        return n == 0 ? .rule : .moved(by: n)
    }

    static func positiveInteger(_ text: String?, option: String, command: String, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let n = Int(text), n >= 1, n <= 1024 else {
            throw CLIError.invalidValue(option: option, value: text, allowed: ["an integer from 1 to 1024"], command: command)
        }
        return n
    }
}
