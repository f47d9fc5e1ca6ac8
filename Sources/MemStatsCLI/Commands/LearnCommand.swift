// `memstats learn [N]`: the course in the terminal. Without N, the lessons in order; with N,
// lesson N rendered for the terminal, in the language asked for.

import Course
import FieldCatalogue
import Presentation

enum LearnCommand: Subcommand {
    static let spec = CommandSpec(
        name: "learn",
        abstract: "The course: list the lessons in order, or show lesson N in the terminal.",
        discussion: """
            Ten lessons teach every MemStats field by running scenarios; each ends with an exercise \
            and its answer key. The same lessons are in Tutorials/ of the source tree.
            """,
        arguments: [ArgumentSpec("N", help: "The lesson's number (see 'memstats learn').", optional: true)],
        options: [SharedOptions.language],
        examples: ["learn", "learn 1", "learn 7 --lang zh"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let language = FieldGuide.language(arguments)
        let lessons = Course.lessons(language == .chinese ? "zh" : "en")
        guard let typed = arguments.positionals.first else {
            var lines = [language == .chinese ? "memstats 课程（用 memstats learn N 阅读一节课）：" :
                            "The memstats course (read one with: memstats learn N):", ""]
            for lesson in lessons {
                lines.append((lesson.number < 10 ? "   " : "  ") + "\(lesson.number). " + LessonText.plain(lesson.title))
            }
            context.writeOutput(lines.joined(separator: "\n") + "\n")
            return .success
        }
        guard let number = Int(typed), let lesson = lessons.first(where: { $0.number == number }) else {
            throw CLIError.invalidValue(option: "N", value: typed, allowed: lessons.map { String($0.number) },
                                        command: "learn")
        }
        context.writeOutput(LessonText.render(lesson.markdown, width: FieldGuide.width(context)))
        return .success
    }
}
