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
    /// All bundled scenarios, sorted by name.
    public static var all: [BundledScenario] {
        let urls = Bundle.module.urls(forResourcesWithExtension: "scenario", subdirectory: nil) ?? []
        return urls.compactMap { nsURL -> BundledScenario? in
            let url = nsURL as URL
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            let name = url.deletingPathExtension().lastPathComponent
            return BundledScenario(name: name, displayPath: "Scenarios/\(name).scenario", source: text)
        }
        .sorted { $0.name < $1.name }
    }

    /// The bundled scenario called `name`, if any.
    public static func named(_ name: String) -> BundledScenario? {
        all.first { $0.name == name }
    }
}
