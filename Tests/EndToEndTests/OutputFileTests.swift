// Files the user names for output (`run --html FILE`, `inspect --reproduce FILE`): a device stays a
// device (an atomic write would rename a plain file over /dev/null when run as root, as the
// command-line fuzz test once did), a symbolic link stays a link to the rewritten file, and a
// path that cannot be written is exit status 7 with an error that says "write".

import Foundation
import Testing

@Suite struct OutputFileTests {
    static func fileType(_ path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    @Test func aDeviceIsWrittenInPlaceNotReplaced() throws {
        #expect(Self.fileType("/dev/null") == .typeCharacterSpecial)
        let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--html", "/dev/null"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.fileType("/dev/null") == .typeCharacterSpecial, "--html /dev/null replaced the device")
        let dump = MemstatsBinary.packageRoot.appendingPathComponent("Tests/InspectionTests/Fixtures/sessions.expvar.json").path
        let inspect = try MemstatsBinary.run(["inspect", dump, "--reproduce", "/dev/null"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(Self.fileType("/dev/null") == .typeCharacterSpecial, "--reproduce /dev/null replaced the device")
    }

    @Test func aLinkStaysALinkToTheRewrittenFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("output-file-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("report.html").path
        let link = directory.appendingPathComponent("latest.html").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--html", link])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.fileType(link) == .typeSymbolicLink)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.hasPrefix("<!DOCTYPE html>") || written.contains("<html"), "\(written.prefix(80))")
    }

    @Test func anUnwritablePathIsExitStatusSevenAndSaysWrite() throws {
        let run = try MemstatsBinary.run(["run", "spike", "--backend", "simulator", "--html",
                                          FileManager.default.temporaryDirectory.path])
        #expect(run.status == 7)
        #expect(run.stderr.hasPrefix("error: cannot write '"), "\(run.stderr)")
        #expect(run.stderr.contains("hint: choose a FILE"))
    }
}
