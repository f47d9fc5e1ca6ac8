// The field guide: every MemStats field's explanation in one language, loaded from the
// Markdown files in Entries/ (package resources), and the lookup of a field by a name a
// user typed.

import Foundation

/// All 32 entries of one language. Loading checks every file (see `EntryParser`), so a
/// loaded catalogue has an entry for every `MemStatsField`.
public struct FieldCatalogue: Sendable {
    public let language: Language
    private let entries: [MemStatsField: FieldEntry]

    /// The entry of `field`. Total: a loaded catalogue has all 32.
    public func entry(for field: MemStatsField) -> FieldEntry { entries[field]! }

    /// Every entry, in Go's field order.
    public var allEntries: [FieldEntry] { MemStatsField.allCases.map { entries[$0]! } }

    /// The Entries folder inside the package resources (`<language>/<Field>.md`).
    public static var entriesFolder: URL? { Bundle.module.url(forResource: "Entries", withExtension: nil) }

    /// Loads `language`'s entries from the package resources.
    public static func load(language: Language) throws(CatalogueError) -> FieldCatalogue {
        guard let folder = entriesFolder else {
            throw CatalogueError(file: "Entries", line: nil, problem: .entriesFolderMissing)
        }
        return try load(language: language, from: folder)
    }

    /// Loads `language`'s entries from `folder/<language>/<Field>.md` (the Entries folder).
    public static func load(language: Language, from folder: URL) throws(CatalogueError) -> FieldCatalogue {
        var entries: [MemStatsField: FieldEntry] = [:]
        for field in MemStatsField.allCases {
            entries[field] = try loadEntry(field, language: language, from: folder)
        }
        return FieldCatalogue(language: language, entries: entries)
    }

    /// One field's entry, parsing only that field's file (`memstats explain` needs no other, and
    /// parsing all 32 is most of its start-up time). Loaded once per process; taken from the
    /// whole catalogue when that is already loaded.
    public static func entry(for field: MemStatsField, language: Language) throws(CatalogueError) -> FieldEntry {
        try cache.entry(field, language)
    }

    /// Loads one entry from `folder/<language>/<Field>.md`.
    static func loadEntry(_ field: MemStatsField, language: Language, from folder: URL) throws(CatalogueError) -> FieldEntry {
        let relative = "\(language.rawValue)/\(field.goName).md"
        let url = folder.appendingPathComponent(language.rawValue).appendingPathComponent("\(field.goName).md")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogueError(file: relative, line: nil, problem: .fileMissing)
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CatalogueError(file: relative, line: nil, problem: .unreadable(reason: "\(error)"))
        }
        return try EntryParser.parse(text, file: relative, field: field, language: language)
    }

    /// The catalogue of `language`, loaded once per process and then reused.
    public static func shared(_ language: Language) throws(CatalogueError) -> FieldCatalogue {
        try cache.get(language)
    }

    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var loaded: [Language: Result<FieldCatalogue, CatalogueError>] = [:]
        private var single: [Language: [MemStatsField: Result<FieldEntry, CatalogueError>]] = [:]

        func entry(_ field: MemStatsField, _ language: Language) throws(CatalogueError) -> FieldEntry {
            lock.lock()
            defer { lock.unlock() }
            if case .success(let catalogue)? = loaded[language] { return catalogue.entry(for: field) }
            if let result = single[language]?[field] { return try result.get() }
            let result: Result<FieldEntry, CatalogueError>
            do throws(CatalogueError) {
                guard let folder = FieldCatalogue.entriesFolder else {
                    throw CatalogueError(file: "Entries", line: nil, problem: .entriesFolderMissing)
                }
                result = .success(try FieldCatalogue.loadEntry(field, language: language, from: folder))
            } catch {
                result = .failure(error)
            }
            single[language, default: [:]][field] = result
            return try result.get()
        }

        func get(_ language: Language) throws(CatalogueError) -> FieldCatalogue {
            lock.lock()
            defer { lock.unlock() }
            if let result = loaded[language] { return try result.get() }
            let result: Result<FieldCatalogue, CatalogueError>
            do { result = .success(try FieldCatalogue.load(language: language)) } catch { result = .failure(error) }
            loaded[language] = result
            return try result.get()
        }
    }
}

/// Finds the field a user meant by a name they typed.
public enum FieldLookup {
    public enum Resolution: Sendable, Equatable {
        /// Spelled exactly as in Go.
        case exact(MemStatsField)
        /// Right letters, wrong case (`heapidle`): accepted, and the caller says so in a note.
        case caseInsensitive(MemStatsField)
        /// No such field; the nearest Go names by edit distance, best first (may be empty).
        case unknown(suggestions: [String])

        /// The field, when the name resolved to one.
        public var field: MemStatsField? {
            switch self {
            case .exact(let field), .caseInsensitive(let field): field
            case .unknown: nil
            }
        }
    }

    /// Resolves `name` (surrounding spaces ignored): `HeapIdle` → exact, `heapidle` →
    /// case-insensitive, `HeapIdel` → unknown with suggestion `HeapIdle`, `garbage` → unknown
    /// with no suggestion.
    public static func resolve(_ name: String) -> Resolution {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let field = MemStatsField(goName: trimmed) { return .exact(field) }
        if let field = MemStatsField.allCases.first(where: { $0.goName.lowercased() == trimmed.lowercased() }) {
            return .caseInsensitive(field)
        }
        return .unknown(suggestions: Suggestions.closest(to: trimmed, among: MemStatsField.allCases.map(\.goName)))
    }
}
