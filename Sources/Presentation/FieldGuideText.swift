// The field guide as terminal text: `memstats fields` and `memstats explain FIELD`,
// in English or Chinese. Pure functions from catalogue entries to a String.

import FieldCatalogue

public enum FieldGuideText {
    /// `memstats fields`: every field under its Go documentation group, with its unit and
    /// one-line summary in aligned columns; summaries wrap to `width` display columns with a
    /// hanging indent, or go under their field, indented, when fewer than 24 columns are left.
    /// Names align across the whole listing, units within each group.
    public static func fieldsListing(_ catalogue: FieldCatalogue, width: Int = 80) -> String {
        let language = catalogue.language
        let nameColumn = (MemStatsField.allCases.map { $0.goName.count }.max() ?? 0) + 2
        var lines = TextLayout.wrap(Labels.listingTitle(language), width: width)
        for group in FieldGroup.allCases {
            let unitColumn = (group.fields.map { TextLayout.displayWidth($0.unit.displayName(language)) }.max() ?? 0) + 2
            let prefix = 2 + nameColumn + unitColumn
            let besideName = width >= prefix + 24
            lines.append("")
            lines.append(group.title(language))
            for field in group.fields {
                let entry = catalogue.entry(for: field)
                let lead = "  " + TextLayout.pad(field.goName, to: nameColumn)
                    + TextLayout.pad(entry.unit.displayName(language), to: unitColumn)
                if besideName {
                    lines += TextLayout.wrap(entry.summary, width: min(width, prefix + TextLayout.readingWidth),
                                             firstIndent: lead, restIndent: String(repeating: " ", count: prefix))
                } else {
                    lines.append(String(lead.reversed().drop { $0 == " " }.reversed()))
                    lines += TextLayout.wrap(entry.summary, width: width, firstIndent: "      ", restIndent: "      ")
                }
            }
        }
        lines.append("")
        lines += TextLayout.wrap(Labels.listingFooter(language), width: width)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `memstats explain FIELD`: the field's name, group and unit, its summary, then the
    /// seven sections in the entry's order (relations as formulas first, Linux counterparts
    /// as a list first), and the bundled scenarios that show it moving.
    public static func explainPage(_ entry: FieldEntry, width: Int = 80) -> String {
        let width = min(width, TextLayout.readingWidth)
        let language = entry.language
        let indent = "  "
        var lines = [entry.field.goName,
                     "\(entry.group.title(language)) · \(entry.unit.displayName(language))"]
        lines += TextLayout.wrap(entry.summary, width: width)
        for (section, heading, markdown) in entry.sections {
            lines.append("")
            lines.append(heading)
            switch section {
            case .relations where !entry.relations.isEmpty:
                lines += entry.relations.flatMap {
                    TextLayout.wrap($0.formula, width: width, firstIndent: indent, restIndent: indent + "    ")
                }
                lines.append("")
            case .linux where !entry.linuxCounterparts.isEmpty:
                lines += entry.linuxCounterparts.flatMap {
                    TextLayout.wrap($0, width: width, firstIndent: indent, restIndent: indent + "  ")
                }
                lines.append("")
            default:
                break
            }
            lines += TextLayout.render(markdown: markdown, width: width, indent: indent)
        }
        lines.append("")
        lines.append(Labels.scenariosHeading(language))
        if entry.scenarios.isEmpty {
            lines += TextLayout.wrap(Labels.noScenario(language), width: width, firstIndent: indent, restIndent: indent)
        } else {
            lines += entry.scenarios.map { indent + "memstats run \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The note printed when a field name was accepted despite its case (`heapidle`).
    public static func caseInsensitiveNote(typed: String, field: MemStatsField, language: Language) -> String {
        switch language {
        case .english: "note: '\(typed)' is spelled '\(field.goName)' in Go; showing \(field.goName)."
        case .chinese: "提示：Go 中的拼写是 '\(field.goName)'（你输入的是 '\(typed)'），下面显示 \(field.goName)。"
        }
    }

    enum Labels {
        static func listingTitle(_ language: Language) -> String {
            switch language {
            case .english: "The 32 fields of Go's runtime.MemStats, grouped as in Go's documentation."
            case .chinese: "Go 的 runtime.MemStats 共有 32 个字段，下面按 Go 文档的分组列出。"
            }
        }

        static func listingFooter(_ language: Language) -> String {
            switch language {
            case .english: "Explain one field: memstats explain FIELD (Chinese: --lang zh)."
            case .chinese: "查看某个字段的详细解释：memstats explain 字段名 --lang zh"
            }
        }

        static func scenariosHeading(_ language: Language) -> String {
            switch language {
            case .english: "Shown moving in"
            case .chinese: "可以看到它变化的场景"
            }
        }

        static func noScenario(_ language: Language) -> String {
            switch language {
            case .english: "No bundled scenario shows this field moving."
            case .chinese: "目前没有内置场景专门展示这个字段的变化。"
            }
        }
    }
}
