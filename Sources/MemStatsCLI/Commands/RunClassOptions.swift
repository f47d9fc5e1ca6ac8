// The classroom options of `memstats run`: --step pauses before each step, --predict asks the
// class before each snapshot (see Presentation.ClassSession).

import Presentation
import ScenarioLanguage

enum RunClassOptions {
    static let step = OptionSpec("step", help: "Pause before each step and show its narration: Enter runs it, b shows "
                                 + "the previous step again, q quits. Clears the screen per step on a terminal.")
    static let predict = OptionSpec("predict", help: "Before each snapshot, ask whether each focused field will go up, "
                                    + "down or stay (keys u, d, s); then show the answer and a score.")

    /// The session for --step or --predict, or nil when neither is given or standard input is not
    /// a terminal (then the run is shown without pausing, and a note says so).
    static func session(_ arguments: ParsedArguments, renderer: RunTextRenderer, scenario: Scenario,
                        requested: [BackendKind], context: CommandContext) throws -> ClassSession? {
        let steps = arguments.isSet("step")
        let predicts = arguments.isSet("predict")
        guard steps || predicts else { return nil }
        let format = SharedOptions.outputFormat(arguments)
        for option in ["step", "predict"] where arguments.isSet(option) && format != .text {
            throw CLIError.invalidValue(option: "format", value: format.rawValue, allowed: ["text (with --\(option))"],
                                        command: "run")
        }
        let names = [steps ? "--step" : nil, predicts ? "--predict" : nil].compactMap { $0 }.joined(separator: " and ")
        guard context.standardInputIsTerminal() else {
            context.writeError("note: \(names) need\(names.contains(" and ") ? "" : "s") a terminal on standard input; "
                               + "showing the run without pausing\n")
            return nil
        }
        return ClassSession(renderer: renderer, scenario: scenario, requested: requested,
                            modes: .init(steps: steps, predicts: predicts, clearsScreen: steps && context.terminal.isTerminal),
                            readByte: context.readKey, write: context.writeOutput)
    }
}
