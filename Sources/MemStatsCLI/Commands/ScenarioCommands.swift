// `memstats scenarios` and `memstats check FILE…`: the bundled lessons and validation.

import BundledScenarios
import FieldCatalogue
import Foundation
import Presentation
import ScenarioLanguage

enum ScenariosCommand: Subcommand {
    static let spec = CommandSpec(
        name: "scenarios",
        abstract: "List the bundled scenarios with their titles.",
        discussion: "Run one with 'memstats run NAME'. Their files live in Scenarios/ of the source tree.",
        options: [SharedOptions.format, SharedOptions.language],
        examples: ["scenarios", "scenarios --lang zh", "scenarios --format json"])

    /// One bundled scenario; `title` and `about` in the language asked for (the English where a
    /// scenario has no translation). JSON keeps the English and adds the translations beside it.
    struct Entry: Codable {
        var name: String
        var title: String
        var about: String
        var file: String
        var titleTranslations: [String: String]?
        var aboutTranslations: [String: String]?
    }

    static func entries(language: Language = .english) -> [Entry] {
        BundledScenarios.all.map { bundled in
            let compiled = ScenarioCompiler.compile(source: bundled.source, file: bundled.displayPath)
            let scenario = compiled.scenario
            var entry = Entry(name: bundled.name, title: scenario?.title(in: language) ?? bundled.name,
                              about: scenario.map { $0.aboutParagraph(in: language) }
                                  ?? (compiled.hasErrors ? "(this scenario has errors)" : ""),
                              file: bundled.displayPath)
            if let scenario, language == .english {
                let info = RunDocument.ScenarioInfo(scenario)
                entry.titleTranslations = info.titleTranslations
                entry.aboutTranslations = info.aboutTranslations
            }
            return entry
        }
    }

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let list = entries(language: SharedOptions.isJSON(arguments) ? .english : FieldGuide.language(arguments))
        if SharedOptions.isJSON(arguments) {
            context.writeOutput(try JSONText.encode(["scenarios": list]))
            return .success
        }
        let width = (list.map(\.name.count).max() ?? 0) + 2
        let heading = FieldGuide.language(arguments) == .chinese ? "内置场景（运行其中一个：memstats run 名称）："
            : "Bundled scenarios (run one with: memstats run NAME):"
        var lines = [heading, ""]
        for entry in list {
            lines.append("  " + entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + entry.title)
            let indent = String(repeating: " ", count: width + 2)
            lines += TextLayout.wrap(entry.about, width: min(FieldGuide.width(context), indent.count + TextLayout.readingWidth),
                                     firstIndent: indent, restIndent: indent)
        }
        context.writeOutput(lines.joined(separator: "\n") + "\n")
        return .success
    }
}

enum CheckCommand: Subcommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Check scenario files for errors without running them.",
        discussion: """
            Every error in each file is reported as FILE:LINE:COLUMN: error: MESSAGE with the source \
            line, a caret and a hint (with --lang zh the message and the hint are in Chinese; 'error:' \
            stays as editors expect it). Exit status 3 when any file has errors, 4 when a file cannot be read.
            """,
        arguments: [ArgumentSpec("FILE", help: "A .scenario file, the name of a bundled scenario, or - for standard input.",
                                   repeating: true)],
        options: [SharedOptions.language],
        examples: ["check Scenarios/spike.scenario", "check spike fragmentation", "check my.scenario --lang zh"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        var worst = ExitStatus.success
        let language = FieldGuide.language(arguments)
        for name in arguments.positionals {
            do {
                let input = try ScenarioInput.load(name, context: context)
                let compiled = ScenarioCompiler.compile(bytes: input.bytes, file: input.displayPath)
                if compiled.hasErrors {
                    context.writeError(compiled.rendered(width: FieldGuide.width(context), language: language))
                    context.writeError(CLIError.scenarioHasErrors(count: compiled.errorCount, file: input.displayPath,
                                                                  language: language).render(usage: nil) + "\n")
                    worst = worse(worst, .badScenario)
                } else {
                    if !compiled.diagnostics.isEmpty {
                        context.writeError(compiled.rendered(width: FieldGuide.width(context), language: language))
                    }
                    let snapshots = compiled.scenario.map { countSnapshots($0.statements) } ?? 0
                    context.writeOutput(language == .chinese ? "ok: \(input.displayPath)（\(snapshots) 个快照）\n"
                        : "ok: \(input.displayPath) (\(snapshots) snapshot\(snapshots == 1 ? "" : "s"))\n")
                }
            } catch let error as CLIError {
                context.writeError(error.render(usage: nil) + "\n")
                worst = worse(worst, error.exitStatus)
            }
        }
        return worst
    }

    static func worse(_ a: ExitStatus, _ b: ExitStatus) -> ExitStatus { a.rawValue >= b.rawValue ? a : b }

    /// The snapshots the run will take: each one inside `repeat N` counts N times (the checker
    /// bounds the total, so this cannot overflow on a valid scenario; it saturates anyway).
    static func countSnapshots(_ statements: [Statement]) -> UInt64 {
        statements.reduce(0) { total, statement in
            let more: UInt64
            switch statement.kind {
            case .snapshot: more = 1
            case .repeatBlock(let count, let body):
                let (product, overflow) = count.multipliedReportingOverflow(by: countSnapshots(body))
                more = overflow ? .max : product
            default: more = 0
            }
            let (sum, overflow) = total.addingReportingOverflow(more)
            return overflow ? .max : sum
        }
    }
}

extension ScenarioInput {
    /// Loads and compiles; renders diagnostics to stderr (in `language`) and throws when the
    /// scenario has errors.
    static func compiled(_ name: String, context: CommandContext, language: Language = .english) throws -> Scenario {
        let input = try load(name, context: context)
        let compiled = ScenarioCompiler.compile(bytes: input.bytes, file: input.displayPath)
        if !compiled.diagnostics.isEmpty {
            context.writeError(compiled.rendered(width: FieldGuide.width(context), language: language))
        }
        guard let scenario = compiled.scenario else {
            throw CLIError.scenarioHasErrors(count: compiled.errorCount, language: language)
        }
        return scenario
    }
}
