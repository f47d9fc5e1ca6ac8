import FieldCatalogue
import Testing
@testable import ScenarioLanguage

/// The Chinese diagnostics say the same thing as the English ones: every error of the pinned
/// table, in Chinese, keeps the values and code the English quotes, and is Chinese text.
@Suite struct ChineseDiagnosticTests {
    /// The single-quoted pieces of `text` ('KB', 'alloc 1000 x 1KiB'): the values and code a
    /// message or hint names, which a translation must keep.
    static func quotedPieces(_ text: String) -> [String] {
        // A quote opens after a non-letter and closes before one, so "Go's" and "file's" are words.
        let characters = Array(text)
        var pieces: [String] = []
        var index = 0
        while index < characters.count {
            let opens = characters[index] == "'" && (index == 0 || !characters[index - 1].isLetter)
            guard opens, let end = (index + 1..<characters.count).first(where: {
                characters[$0] == "'" && ($0 + 1 == characters.count || !characters[$0 + 1].isLetter)
            }) else {
                index += 1
                continue
            }
            pieces.append(String(characters[index + 1..<end]))
            index = end + 1
        }
        return pieces
    }

    static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test(arguments: DiagnosticTableTests.cases)
    func chineseKeepsWhatTheEnglishQuotes(_ c: ErrorCase) throws {
        let first = try #require(errors(c.source).first, "no error for \(c.name)")
        let message = first.kind.message(in: .chinese)
        #expect(Self.isChinese(message), "\(c.name): \(message)")
        #expect(first.kind.message(in: .english) == first.message)
        for piece in Self.quotedPieces(first.message) {
            #expect(message.contains("'\(piece)'"), "\(c.name): '\(piece)' is missing from \(message)")
        }
        if let hint = first.hint {
            let chinese = try #require(first.kind.hint(in: .chinese), "\(c.name) has an English hint only")
            #expect(Self.isChinese(chinese), "\(c.name): \(chinese)")
            for piece in Self.quotedPieces(hint) {
                #expect(chinese.contains(piece), "\(c.name): '\(piece)' is missing from \(chinese)")
            }
        } else {
            #expect(first.kind.hint(in: .chinese) == nil)
        }
    }

    @Test func theRendererKeepsTheSpecsFirstLineAndTranslatesTheRest() {
        let source = "alloc 1000 x 1KB as burst\nsnapshot \"s\"\n"
        let compiled = compile(source)
        let chinese = compiled.rendered(language: .chinese)
        #expect(chinese.hasPrefix("t.scenario:1:14: error: '1KB' 中的大小单位 'KB' 未知\n"), "\(chinese)")
        #expect(chinese.contains("\n提示：十进制单位在这里有歧义；写 1KiB 或 1000B\n"), "\(chinese)")
        #expect(!chinese.contains("hint:"))
        #expect(compiled.rendered() == compiled.rendered(language: .english))
        #expect(compiled.rendered().contains("hint: decimal units are ambiguous here"))
    }
}
