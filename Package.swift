// swift-tools-version: 6.0
//
// memstats: an explorer for Go's runtime.MemStats.
//
// Modules, each with one job; dependencies point down this list only:
//   FieldCatalogue    the 32 MemStats fields, their explanations (en, zh), units, vocabulary types
//   GoProgramContract the shape of the generated Go program, shared by the writer and the simulator
//   HeapSimulator     a deterministic model of Go's span heap that yields MemStats snapshots
//                     (its components and how they call each other: Tutorials/model-architecture.md)
//   ScenarioLanguage  lexer, parser, checker and interpreter of .scenario files; the backend protocol
//   LinuxProbes       the only code that touches libc and /proc (with CLinuxProbes for mallinfo2)
//   BundledScenarios  the lessons in Scenarios/, embedded in the binary
//   Course            the course's lessons in Tutorials/ (en, zh), embedded in the binary
//   Backends          simulator, native (malloc) and real-Go backends; the fidelity score
//   Inspection        dumps from real Go programs (read, derive, diagnose, reproduce) and watching expvar
//   Presentation      text and JSON rendering of field guides, runs and fidelity tables
//   MemStatsCLI       our own command-line layer and the subcommands
//   memstats          the executable: dispatches to MemStatsCLI
import Foundation
import PackageDescription

/// Every lesson in Scenarios/ ships inside the binary, so `memstats run spike` works anywhere.
let bundledScenarioFiles = ((try? FileManager.default.contentsOfDirectory(
    atPath: Context.packageDirectory + "/Scenarios")) ?? [])
    .filter { $0.hasSuffix(".scenario") }
    .sorted()

/// The course's lessons ship inside the binary too, for `memstats learn`: the English lessons
/// (Tutorials/NN-*.md) one by one and the Chinese folder whole; everything else in Tutorials/ is
/// documentation only (listed when the manifest is evaluated; SwiftPM caches that evaluation by
/// this file's text, so a build that predates a new file there warns about it until this file changes).
let tutorialFiles = ((try? FileManager.default.contentsOfDirectory(
    atPath: Context.packageDirectory + "/Tutorials")) ?? []).sorted()
let lessonFiles = tutorialFiles.filter { name in
    let characters = Array(name)
    return characters.count > 6 && characters[0].isNumber && characters[1].isNumber && characters[2] == "-"
        && name.hasSuffix(".md")
}
let tutorialsNotInTheBinary = tutorialFiles.filter { !lessonFiles.contains($0) && $0 != "Course.swift" && $0 != "zh" }

let package = Package(
    name: "memstats",
    products: [
        .executable(name: "memstats", targets: ["memstats"]),
    ],
    targets: [
        .target(name: "FieldCatalogue", resources: [.copy("Entries")]),
        .target(name: "GoProgramContract"),
        .target(name: "HeapSimulator", dependencies: ["FieldCatalogue", "GoProgramContract"]),
        .target(name: "ScenarioLanguage", dependencies: ["FieldCatalogue", "GoProgramContract"]),
        .target(name: "CLinuxProbes"),
        .target(name: "LinuxProbes", dependencies: ["FieldCatalogue", "CLinuxProbes"]),
        .target(
            name: "BundledScenarios",
            path: "Scenarios",
            exclude: ["README.md"],
            resources: bundledScenarioFiles.map { .copy($0) }
        ),
        .target(
            name: "Course",
            path: "Tutorials",
            exclude: tutorialsNotInTheBinary,
            resources: lessonFiles.map { .copy($0) } + [.copy("zh")]
        ),
        .target(
            name: "Backends",
            dependencies: ["FieldCatalogue", "GoProgramContract", "HeapSimulator", "ScenarioLanguage", "LinuxProbes"],
            // The generated program's fixed Go code, as real .go files.
            // and the calibration program (`memstats calibrate`).
            resources: [.copy("GoProgram"), .copy("GoCalibration")]
        ),
        .target(
            name: "Inspection",
            dependencies: ["FieldCatalogue", "GoProgramContract", "HeapSimulator", "ScenarioLanguage", "LinuxProbes", "Backends"]
        ),
        .target(name: "Presentation", dependencies: ["FieldCatalogue", "ScenarioLanguage", "Backends", "Inspection"]),
        .target(
            name: "MemStatsCLI",
            dependencies: ["FieldCatalogue", "GoProgramContract", "HeapSimulator", "ScenarioLanguage", "LinuxProbes",
                           "BundledScenarios", "Backends", "Inspection", "Presentation", "Course"]
        ),
        .executableTarget(name: "memstats", dependencies: ["MemStatsCLI"]),

        .testTarget(name: "FieldCatalogueTests", dependencies: ["FieldCatalogue"]),
        .testTarget(name: "GoProgramContractTests", dependencies: ["GoProgramContract"]),
        .testTarget(
            name: "HeapSimulatorTests",
            // ScenarioLanguage only to compile the output-identity guard's fixtures (read from Identity/).
            dependencies: ["HeapSimulator", "FieldCatalogue", "ScenarioLanguage"],
            exclude: ["Identity"]
        ),
        .testTarget(name: "ScenarioLanguageTests", dependencies: ["ScenarioLanguage", "BundledScenarios"]),
        .testTarget(name: "LinuxProbesTests", dependencies: ["LinuxProbes"]),
        .testTarget(
            name: "BackendsTests",
            dependencies: ["Backends", "BundledScenarios", "GoProgramContract", "HeapSimulator"],
            // The struct-size probe (GoStructSizeTests), a real .go file; assist-trace is a
            // developer's script, not used by the tests.
            exclude: ["assist-trace"],
            resources: [.copy("GoStructSizes")]
        ),
        .testTarget(
            name: "InspectionTests",
            dependencies: ["Inspection", "BundledScenarios", "GoProgramContract"],
            exclude: ["GoDumps", "Fixtures", "reproduction-table"]
        ),
        .testTarget(name: "PresentationTests", dependencies: ["Presentation"], exclude: ["Goldens"]),
        .testTarget(name: "MemStatsCLITests", dependencies: ["MemStatsCLI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["BundledScenarios", "ScenarioLanguage"]),
    ]
)
