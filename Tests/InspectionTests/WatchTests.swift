// Watching an expvar endpoint: URL and HTTP parsing, a session fed scripted answers, and a
// real Go HTTP server with expvar on 127.0.0.1 that answers a few polls and then goes away.

import FieldCatalogue
import Foundation
import LinuxProbes
import Testing
@testable import Inspection

private func http(_ body: String, headers: String = "Content-Type: application/json\r\n") -> [UInt8] {
    Array("HTTP/1.1 200 OK\r\n\(headers)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
}

private func expvar(heapAlloc: UInt64, totalAlloc: UInt64, numGC: UInt64) -> String {
    #"{"cmdline": ["x"], "memstats": {"HeapAlloc": \#(heapAlloc), "TotalAlloc": \#(totalAlloc), "NumGC": \#(numGC), "Mallocs": 10}}"#
}

struct WatchParsingTests {
    @Test func endpoints() {
        #expect(WatchEndpoint("http://127.0.0.1:6060/debug/vars") == WatchEndpoint("127.0.0.1:6060"))
        #expect(WatchEndpoint("localhost:8080/vars")?.path == "/vars")
        #expect(WatchEndpoint("localhost")?.port == 80)
        #expect(WatchEndpoint("[::1]:6060")?.host == "::1")
        #expect(WatchEndpoint("https://example.com") == nil)
        #expect(WatchEndpoint("localhost:99999") == nil)
        #expect(WatchEndpoint("host:1/a b") == nil)
        #expect(String(decoding: WatchEndpoint("h:1")!.request, as: UTF8.self).hasPrefix("GET /debug/vars HTTP/1.1\r\nHost: h:1\r\n"))
    }

    @Test func responses() throws {
        let plain = try HTTPResponse.parse(http("{}")).get()
        #expect(plain.status == 200 && plain.body == Array("{}".utf8))
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n: 1\r\n1\r\n}\r\n0\r\n\r\n".utf8)
        #expect(try HTTPResponse.parse(chunked).get().body == Array("{\"a\": 1}".utf8))
        #expect(throws: WatchProblem.closedMidResponse(received: 3, expected: 10)) {
            try HTTPResponse.parse(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a".utf8)).get()
        }
        #expect(throws: WatchProblem.closedMidResponse(received: 4, expected: nil)) {
            try HTTPResponse.parse(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"a\"".utf8)).get()
        }
        #expect(throws: WatchProblem.notHTTP(firstBytes: "SSH-2.0-OpenSSH")) { try HTTPResponse.parse(Array("SSH-2.0-OpenSSH".utf8)).get() }
        #expect(throws: WatchProblem.closedMidResponse(received: 12, expected: nil)) {
            try HTTPResponse.parse(Array("HTTP/1.1 200".utf8)).get()
        }
    }

    @Test func aSessionKeepsDeltasRatesAndFailures() throws {
        var session = WatchSession(endpoint: WatchEndpoint("127.0.0.1:1")!)
        _ = session.record(.success(http(expvar(heapAlloc: 1000, totalAlloc: 5000, numGC: 1))), atSeconds: 0)
        let second = session.record(.success(http(expvar(heapAlloc: 3000, totalAlloc: 9000, numGC: 3))), atSeconds: 2)
        guard case .reading(_, let changes, let rates) = second.outcome else { Issue.record("no reading"); return }
        #expect(changes.map(\.field) == [.totalAlloc, .heapAlloc, .numGC])
        #expect(rates == WatchRates(allocatedBytesPerSecond: 2000, gcPerSecond: 1, objectsPerSecond: 0))
        let refused = session.record(.failure(.refused), atSeconds: 3)
        guard case .failure(.connection(.refused)) = refused.outcome else { Issue.record("not refused"); return }
        let html = session.record(.success(http("<html>", headers: "Content-Type: text/html\r\n")), atSeconds: 4)
        guard case .failure(.notJSON(let type, _)) = html.outcome else { Issue.record("not notJSON"); return }
        #expect(type == "text/html")
        let missing = session.record(.success(http(#"{"cmdline": []}"#)), atSeconds: 5)
        guard case .failure(.dump(let error)) = missing.outcome, case .noMemStatsMember = error.problem else {
            Issue.record("not a missing memstats member"); return
        }
        let notFound = session.record(.success(Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)), atSeconds: 6)
        guard case .failure(.status(404, _)) = notFound.outcome else { Issue.record("not 404"); return }
        #expect(session.readings == 2 && session.failures == 4)
        #expect(session.heapAllocHistory == [1000, 3000])
    }

    @Test func nothingListeningIsRefused() {
        // Port 1 on the loopback: nothing listens there on a test machine.
        let result = TCPExchange.exchange(host: "127.0.0.1", port: 1, request: [], timeoutSeconds: 2, byteLimit: 1024)
        #expect(result == .failure(.refused))
    }
}

/// A Go HTTP server with expvar (GoDumps/main.go -serve), stopped when the test ends.
final class GoExpvarServer {
    let process = Process()
    let input = Pipe()
    let port: UInt16

    init?(requests: Int, behaviour: String = "ok") throws {
        guard let binary = GoGate.dumpsBinary else { return nil }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-serve", "-requests", "\(requests)", "-behaviour", behaviour]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"),
              let port = UInt16(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            return nil
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

@Suite(.serialized)
struct WatchRealGoTests {
    private func poll(_ session: inout WatchSession, at seconds: Double) -> WatchPoll {
        session.record(TCPExchange.exchange(host: session.endpoint.host, port: session.endpoint.port,
                                            request: session.endpoint.request, timeoutSeconds: 2, byteLimit: 8 << 20),
                       atSeconds: seconds)
    }

    @Test func aFewPollsThenTheServerGoesAway() throws {
        guard GoGate.shouldRun() else { return }
        let server = try #require(try GoExpvarServer(requests: 3))
        var session = WatchSession(endpoint: WatchEndpoint("127.0.0.1:\(server.port)")!)
        var polls: [WatchPoll] = []
        for i in 0..<5 {
            polls.append(poll(&session, at: Double(i) * 0.2))
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(session.readings == 3)
        for p in polls.prefix(3) {
            guard case .reading(let dump, _, _) = p.outcome else { Issue.record("poll \(p.number) failed"); continue }
            #expect(dump.form == .expvar && dump.present.count == 32)
        }
        // The server allocates between answers, so later polls see changes and an allocation rate.
        if case .reading(_, let changes, let rates) = polls[2].outcome {
            #expect(changes.contains { $0.field == .totalAlloc && $0.delta > 0 })
            #expect((rates?.allocatedBytesPerSecond ?? 0) > 0)
        }
        // Then it is gone.
        for p in polls.suffix(2) {
            guard case .failure(.connection(.refused)) = p.outcome else { Issue.record("poll \(p.number): \(p.outcome)"); continue }
        }
    }

    @Test func ctrlCDuringAnExchangeDoesNotEndItAsATimeout() throws {
        // The slow server answers after 3 s; SIGINT reaches the exchanging thread meanwhile
        // (as Ctrl-C does in `watch`). The wait must go on, not report a timeout.
        guard GoGate.shouldRun() else { return }
        let server = try #require(try GoExpvarServer(requests: 1, behaviour: "slow"))
        let endpoint = WatchEndpoint("127.0.0.1:\(server.port)")!
        InterruptSignal.catchInterrupts()
        defer { InterruptSignal.restoreDefault() }
        let box = ExchangeBox()
        let thread = Thread {
            box.set(thread: pthread_self())
            box.set(result: TCPExchange.exchange(host: endpoint.host, port: endpoint.port, request: endpoint.request,
                                                 timeoutSeconds: 10, byteLimit: 1 << 20))
        }
        thread.start()
        var signalled = 0
        while box.result == nil {
            Thread.sleep(forTimeInterval: 0.3)
            if let target = box.thread, box.result == nil, pthread_kill(target, SIGINT) == 0 { signalled += 1 }
        }
        #expect(signalled >= 3, "the exchange was signalled while it waited")
        #expect(InterruptSignal.received)
        var session = WatchSession(endpoint: endpoint)
        let outcome = session.record(try #require(box.result), atSeconds: 0).outcome
        guard case .reading = outcome else { Issue.record("\(outcome)"); return }
    }

    @Test(arguments: ["truncate", "nonjson", "nomemstats", "slow"])
    func aMisbehavingServerGetsAClearProblem(_ behaviour: String) throws {
        guard GoGate.shouldRun() else { return }
        let server = try #require(try GoExpvarServer(requests: 1, behaviour: behaviour))
        let endpoint = WatchEndpoint("127.0.0.1:\(server.port)")!
        var session = WatchSession(endpoint: endpoint)
        let result = TCPExchange.exchange(host: endpoint.host, port: endpoint.port, request: endpoint.request,
                                          timeoutSeconds: behaviour == "slow" ? 0.5 : 3, byteLimit: 1 << 20)
        let outcome = session.record(result, atSeconds: 0).outcome
        switch (behaviour, outcome) {
        case ("truncate", .failure(.closedMidResponse(_, let expected))): #expect(expected == 5000)
        case ("nonjson", .failure(.notJSON)): break
        case ("nomemstats", .failure(.dump(let e))): #expect(e.problem == .noMemStatsMember(at: TextLocation(line: 1, column: 1)))
        case ("slow", .failure(.connection(.answerTimedOut))): break
        default: Issue.record("\(behaviour): \(outcome)")
        }
    }
}

/// The result of an exchange run on another thread, and that thread.
private final class ExchangeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _thread: pthread_t?
    private var _result: Result<[UInt8], ConnectionProblem>?
    var thread: pthread_t? { lock.withLock { _thread } }
    var result: Result<[UInt8], ConnectionProblem>? { lock.withLock { _result } }
    func set(thread: pthread_t) { lock.withLock { _thread = thread } }
    func set(result: Result<[UInt8], ConnectionProblem>) { lock.withLock { _result = result } }
}
