// `memstats fields` and `memstats explain FIELD`: the field guide from the command line.

import FieldCatalogue
import Presentation

enum FieldsCommand: Subcommand {
    static let spec = CommandSpec(
        name: "fields",
        abstract: "List all 32 fields of runtime.MemStats, grouped as Go's docs group them.",
        discussion: "Each field is shown with its unit and a one-line meaning. 'memstats explain FIELD' tells the rest.",
        options: [SharedOptions.language, SharedOptions.format],
        examples: ["fields", "fields --lang zh", "fields --format json"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let catalogue = try FieldGuide.catalogue(arguments)
        context.writeOutput(SharedOptions.isJSON(arguments)
            ? FieldGuideJSON.fields(catalogue)
            : FieldGuideText.fieldsListing(catalogue, width: FieldGuide.width(context)))
        return .success
    }
}

enum ExplainCommand: Subcommand {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Explain one MemStats field: meaning, relations, what Linux shows, versions, misreadings.",
        discussion: """
            FIELD is spelled as in Go (HeapIdle). A different letter case is accepted with a note; \
            a misspelling gets a suggestion.
            """,
        arguments: [ArgumentSpec("FIELD", help: "A runtime.MemStats field name, e.g. HeapIdle.")],
        options: [SharedOptions.language, SharedOptions.format],
        examples: ["explain HeapIdle", "explain HeapReleased --lang zh", "explain Sys --format json"])

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let typed = arguments.positionals[0]
        let language = FieldGuide.language(arguments)
        let field: MemStatsField
        switch FieldLookup.resolve(typed) {
        case .exact(let exact):
            field = exact
        case .caseInsensitive(let matched):
            field = matched
            context.writeError(FieldGuideText.caseInsensitiveNote(typed: typed, field: matched,
                                                                  language: language) + "\n")
        case .unknown(let suggestions):
            throw CLIError.unknownField(typed, suggestions: suggestions, command: "explain")
        }
        // Only this field's entry is parsed: explain starts fast (measured by `memstats bench`).
        let entry: FieldEntry
        do { entry = try FieldCatalogue.entry(for: field, language: language) } catch {
            throw CLIError.backendFailed("the field guide could not be loaded: \(error)")
        }
        context.writeOutput(SharedOptions.isJSON(arguments)
            ? FieldGuideJSON.explain(entry)
            : FieldGuideText.explainPage(entry, width: FieldGuide.width(context)))
        return .success
    }
}

/// What the field-guide commands share.
enum FieldGuide {
    static func language(_ arguments: ParsedArguments) -> Language {
        arguments.value("lang").flatMap(Language.init(code:)) ?? .english
    }

    static func catalogue(_ arguments: ParsedArguments) throws -> FieldCatalogue {
        do {
            return try FieldCatalogue.shared(language(arguments))
        } catch {
            throw CLIError.backendFailed("the field guide could not be loaded: \(error)")
        }
    }

    /// The width every line fits: COLUMNS, then the terminal's width, else 80.
    static func width(_ context: CommandContext) -> Int {
        OutputStyle.width(columnsVariable: context.environment["COLUMNS"], terminalColumns: context.terminal.columns)
    }
}
