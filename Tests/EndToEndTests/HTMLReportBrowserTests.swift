// `run --html FILE` rendered by a real browser (headless Chromium): the DOM has the snapshot
// tables, one chart per focused field with a line per backend, and the heap maps with their
// slider; the screenshot has the window's size and is far from blank. The screenshot is kept
// under .build/test-outputs (its path is printed). Without chromium the test skips with the
// reason, unless MEMSTATS_REQUIRE_BROWSER=1 (as in .ci/run), where it fails.

import Foundation
import Testing

enum Browser {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["MEMSTATS_REQUIRE_BROWSER"] == "1" }

    /// Runs headless chromium with `arguments` on `url`, a fresh profile, at most 120 s.
    static func run(_ arguments: [String], url: URL) throws -> ProcessResult {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("memstats-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        // --no-sandbox: chromium refuses to run as root with its sandbox (CI containers run as root).
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--user-data-dir=\(profile.path)"] + arguments + [url.absoluteString]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        nonisolated(unsafe) var outData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        DispatchQueue.global().async { _ = err.fileHandleForReading.readDataToEndOfFile() }
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: "")
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0] == 0x89, bytes[1] == 0x50 else { return nil }
        let int = { (o: Int) in bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }
}

@Suite struct HTMLReportBrowserTests {
    @Test func theReportRendersInABrowser() throws {
        guard Browser.path != nil else {
            if Browser.isRequired {
                Issue.record("MEMSTATS_REQUIRE_BROWSER=1 but no chromium at /usr/bin/chromium (apt-get install chromium)")
            } else {
                print("skipped the browser test: no chromium at /usr/bin/chromium (apt-get install chromium)")
            }
            return
        }
        let outputs = MemstatsBinary.packageRoot.appendingPathComponent(".build/test-outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let page = outputs.appendingPathComponent("fragmentation-report.html")
        let run = try MemstatsBinary.run(["run", "fragmentation", "--backend", "simulator", "--html", page.path])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        // Self-contained: nothing is fetched from anywhere.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))

        let dom = try Browser.run(["--dump-dom"], url: page).stdout
        #expect(dom.contains("<table class=\"snapshot\">"))
        #expect(dom.components(separatedBy: "<td class=\"field\">HeapInuse</td>").count - 1 == 3)
        for field in ["HeapAlloc", "HeapInuse", "HeapObjects", "HeapIdle"] {
            #expect(dom.contains("<svg class=\"chart\" data-field=\"\(field)\""), "no chart of \(field)")
        }
        #expect(dom.contains("<polyline class=\"series b0\" data-backend=\"simulator\" points=\""))
        #expect(dom.components(separatedBy: "<svg class=\"heapmap\"").count - 1 == 3)
        #expect(dom.contains("<rect class=\"sparse\""))
        // The slider's script ran: it named the snapshot shown.
        #expect(dom.contains("<span id=\"heap-label\">holes reused</span>"))

        let shot = outputs.appendingPathComponent("fragmentation-report.png")
        let blankShot = outputs.appendingPathComponent("blank.png")
        let blank = outputs.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blank, atomically: true, encoding: .utf8)
        for (url, png) in [(page, shot), (blank, blankShot)] {
            try? FileManager.default.removeItem(at: png)
            _ = try Browser.run(["--window-size=1200,1600", "--screenshot=\(png.path)"], url: url)
        }
        print("HTML report screenshot: \(shot.path)")
        let image = try Data(contentsOf: shot), empty = try Data(contentsOf: blankShot)
        let size = try #require(Browser.pngSize(image))
        #expect(size.width == 1200 && size.height == 1600)
        // A rendered report compresses far worse than a blank page of the same size.
        #expect(image.count > 5 * empty.count, "screenshot \(image.count) B vs blank \(empty.count) B")
    }
}
