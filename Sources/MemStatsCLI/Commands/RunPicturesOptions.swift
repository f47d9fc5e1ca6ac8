// The picture options of `memstats run`: --chart and --heap-map after the text report.

import FieldCatalogue
import Foundation
import Presentation
import ScenarioLanguage

enum RunPicturesOptions {
    static let chart = OptionSpec("chart", help: "After the report, chart each focused field across the snapshots, "
                                  + "every backend on the same scale.")
    static let heapMap = OptionSpec("heap-map", help: "After the report, draw the simulated heap's pages at each "
                                    + "snapshot (spans, large objects, stacks, free, released, never touched); "
                                    + "with --format json, add them to the simulator's readings as runs of pages.")

    static let html = OptionSpec("html", value: "FILE", help: "Also write one self-contained HTML report (tables, charts, "
                                 + "heap maps with a slider; no network needed) to FILE.")

    /// The pictures are text (the heap map is also data in JSON): with another format they are a
    /// usage error, not silently dropped.
    static func check(_ arguments: ParsedArguments) throws {
        let format = SharedOptions.outputFormat(arguments)
        for option in ["chart", "heap-map"] where arguments.isSet(option) && format != .text
            && !(option == "heap-map" && format == .json) {
            throw CLIError.invalidValue(option: "format", value: format.rawValue, allowed: ["text (with --\(option))"],
                                        command: "run")
        }
    }

    /// `--html FILE`, whatever the format of standard output.
    static func writeHTML(_ arguments: ParsedArguments, record: RunRecord, model: String,
                          summary: @escaping (MemStatsField) -> String, context: CommandContext) throws {
        guard let path = arguments.value("html") else { return }
        let page = HTMLReport(model: model, language: FieldGuide.language(arguments), summary: summary).render(record)
        do {
            try OutputFile.write(page, to: path)
        } catch {
            throw CLIError.unwritableOutput(path: path, reason: "the HTML report: \(error.localizedDescription)",
                                            hint: "choose a FILE in a directory you can write to")
        }
        context.writeError("wrote the HTML report to \(path)\n")
    }

    static func write(_ arguments: ParsedArguments, record: RunRecord, model: String, style: OutputStyle,
                      context: CommandContext) throws {
        let pictures = RunPictures(style: style)
        if arguments.isSet("chart") { context.writeOutput(pictures.charts(record, allFields: arguments.isSet("all-fields"))) }
        if arguments.isSet("heap-map") { context.writeOutput(pictures.heapMaps(record)) }
    }
}
