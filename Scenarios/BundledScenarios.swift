// The lessons in this folder, shipped inside the memstats binary.
//
// Each `NAME.scenario` here is a resource of this target (Package.swift lists them), so
// `memstats run NAME` needs no checkout. The files stay the source of truth; tests read them
// through this API too.

import Foundation

public struct BundledScenario: Sendable {
    /// The file name without `.scenario`: what `memstats run NAME` takes.
    public var name: String
    /// The path shown in diagnostics: `Scenarios/NAME.scenario`.
    public var displayPath: String
    public var source: String
}

public enum BundledScenarios {
    /// The scenarios in the order the course (Tutorials/) uses them; a test checks this against
    /// the lessons. Scenarios not listed follow, sorted by name.
    public static let courseOrder = [
        "spike", "heap-in-spans", "tiny-objects", "large-objects", "by-size", "fragmentation",
        "stack-growth", "goroutine-leak", "gc-pacing", "gc-timeline", "release-to-os", "memory-limit",
        "sys-accounting",
    ]

    /// All bundled scenarios, in course order.
    public static var all: [BundledScenario] {
        let urls = Bundle.module.urls(forResourcesWithExtension: "scenario", subdirectory: nil) ?? []
        return urls.compactMap { nsURL -> BundledScenario? in
            let url = nsURL as URL
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            let name = url.deletingPathExtension().lastPathComponent
            return BundledScenario(name: name, displayPath: "Scenarios/\(name).scenario", source: text)
        }
        .sorted { a, b in
            let (i, j) = (courseOrder.firstIndex(of: a.name) ?? Int.max, courseOrder.firstIndex(of: b.name) ?? Int.max)
            return i != j ? i < j : a.name < b.name
        }
    }

    /// The bundled scenario called `name`, if any.
    public static func named(_ name: String) -> BundledScenario? {
        all.first { $0.name == name }
    }
}
