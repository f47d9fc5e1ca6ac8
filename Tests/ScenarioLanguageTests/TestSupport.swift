// Helpers shared by the scenario-language tests.

import FieldCatalogue
@testable import ScenarioLanguage

let testFile = "t.scenario"

func compile(_ source: String, limits: ScenarioLimits = .default) -> Compilation {
    ScenarioCompiler.compile(source: source, file: testFile, limits: limits)
}

/// The errors of `source` (warnings left out).
func errors(_ source: String) -> [Diagnostic] {
    compile(source).diagnostics.filter(\.isError)
}

/// The statements of a source that must compile.
func statements(_ source: String) -> [Statement] {
    compile(source).scenario?.statements ?? []
}

/// The first error as `line:column: message`.
func firstError(_ source: String) -> String? {
    errors(source).first.map { "\($0.span.start.line):\($0.span.start.column): \($0.message)" }
}

/// Every diagnostic's place must exist in the text: a line of the file, a column at most one
/// past its last character (where a missing token goes), and a span of at least one character.
func locationsAreValid(_ compilation: Compilation) -> Bool {
    compilation.diagnostics.allSatisfy { d in
        guard let line = compilation.source.line(d.span.start.line) else { return false }
        return d.span.start.column >= 1 && d.span.start.column <= line.count + 1 && d.span.length >= 1
            && d.span.start.file == compilation.source.file
    }
}

/// A MemStats with the given fields set.
func memStats(_ values: [MemStatsField: UInt64]) -> MemStats {
    var m = MemStats()
    for (field, value) in values {
        switch field {
        case .heapAlloc: m.heapAlloc = value
        case .heapSys: m.heapSys = value
        case .heapIdle: m.heapIdle = value
        case .heapInuse: m.heapInuse = value
        case .heapReleased: m.heapReleased = value
        case .numGC: m.numGC = UInt32(value)
        case .sys: m.sys = value
        default: fatalError("test helper does not set \(field)")
        }
    }
    return m
}
