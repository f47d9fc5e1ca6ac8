// The course's lessons (Tutorials/NN-*.md and Tutorials/zh/NN-*.md), shipped inside the
// memstats binary so that `memstats learn` works anywhere. The Markdown files stay the source
// of truth; this target only reads them (Package.swift lists them as resources).

import Foundation

/// One lesson of the course in one language.
public struct Lesson: Sendable, Equatable {
    /// Its place in the course, from the file name (`03-size-classes.md` is 3).
    public var number: Int
    /// The file name, `03-size-classes.md`.
    public var fileName: String
    /// The first heading without its number (`Size classes, …`).
    public var title: String
    /// The whole Markdown text.
    public var markdown: String
}

public enum Course {
    /// The lessons in `languageCode` (`en` or `zh`), in course order.
    public static func lessons(_ languageCode: String) -> [Lesson] {
        guard let base = Bundle.module.resourceURL else { return [] }
        let folder = languageCode == "en" ? base : base.appendingPathComponent(languageCode)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter(isLessonFileName).sorted()
        return names.compactMap { name in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
                  let number = Int(name.prefix(2)) else { return nil }
            return Lesson(number: number, fileName: name, title: title(of: text), markdown: text)
        }
    }

    /// `01-what-top-cannot-tell.md`: two digits, a dash, a name, `.md`.
    public static func isLessonFileName(_ name: String) -> Bool {
        let characters = Array(name)
        return characters.count > 6 && characters[0].isNumber && characters[1].isNumber && characters[2] == "-"
            && name.hasSuffix(".md")
    }

    /// `# 3. Size classes` → `Size classes`.
    static func title(of markdown: String) -> String {
        guard let heading = markdown.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) else { return "" }
        var text = heading.dropFirst(2)
        if let dot = text.firstIndex(of: "."), text[..<dot].allSatisfy(\.isNumber) {
            text = text[text.index(after: dot)...]
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
