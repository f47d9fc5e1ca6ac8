// `memstats watch URL`: poll an expvar endpoint, read each answer as a dump, and keep what a
// watcher wants: the fields that changed with deltas and rates, a history for a small chart,
// and a summary at the end. The network call is injected (LinuxProbes' TCPExchange in the
// CLI, scripted answers in tests).

import FieldCatalogue
import LinuxProbes

/// Where to poll: http://HOST[:PORT][/PATH] (the path defaults to /debug/vars).
public struct WatchEndpoint: Sendable, Equatable {
    public var host: String
    public var port: UInt16
    public var path: String

    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) } else if rest.contains("://") { return nil }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        path = slash == rest.endIndex ? "/debug/vars" : String(rest[slash...])
        if path == "/" { path = "/debug/vars" }
        guard !authority.isEmpty else { return nil }
        if let colon = authority.lastIndex(of: ":"), !authority.hasPrefix("[") || authority[..<colon].hasSuffix("]") {
            guard let port = UInt16(authority[authority.index(after: colon)...]), port > 0 else { return nil }
            self.port = port
            host = String(authority[..<colon])
        } else {
            port = 80
            host = String(authority)
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !path.contains(" "), !path.contains("\r"), !path.contains("\n") else { return nil }
    }

    public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)" }

    /// The HTTP/1.1 request: a GET that asks the server to close after answering.
    public var request: [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: memstats-watch\r\nAccept: application/json\r\nConnection: close\r\n\r\n".utf8)
    }
}

/// Why one poll gave no reading.
public enum WatchProblem: Error, Sendable, Equatable {
    case connection(ConnectionProblem)
    case notHTTP(firstBytes: String)
    case status(code: Int, reason: String)
    /// The server closed before the whole body came (Content-Length or chunks say how much was due).
    case closedMidResponse(received: Int, expected: Int?)
    case badChunk
    case notJSON(contentType: String?, firstBytes: String)
    case dump(InspectionError)
}

/// An HTTP/1.1 response read whole: status, headers, body (chunked bodies decoded).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public static func == (a: HTTPResponse, b: HTTPResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.map(\.name) == b.headers.map(\.name)
    }

    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Parses what the server sent before it closed the connection.
    public static func parse(_ bytes: [UInt8]) -> Result<HTTPResponse, WatchProblem> {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.starts(with: Array("HTTP/".utf8)) else {
            return .failure(bytes.isEmpty ? .closedMidResponse(received: 0, expected: nil) : .notHTTP(firstBytes: preview(bytes)))
        }
        guard let end = firstIndex(of: separator, in: bytes) else {
            return .failure(.closedMidResponse(received: bytes.count, expected: nil))
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = head[0].split(separator: " ", maxSplits: 2)
        guard statusWords.count >= 2, let code = Int(statusWords[1]) else { return .failure(.notHTTP(firstBytes: preview(bytes))) }
        var response = HTTPResponse(status: code, reason: statusWords.count > 2 ? String(statusWords[2]) : "", headers: [], body: [])
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            response.headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmed(" \t")))
        }
        let body = Array(bytes[(end + 4)...])
        if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            switch dechunk(body) {
            case .success(let decoded): response.body = decoded
            case .failure(let problem): return .failure(problem)
            }
        } else if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else { return .failure(.notHTTP(firstBytes: preview(bytes))) }
            guard body.count >= length else { return .failure(.closedMidResponse(received: body.count, expected: length)) }
            response.body = Array(body.prefix(length))
        } else {
            response.body = body
        }
        return .success(response)
    }

    static func dechunk(_ body: [UInt8]) -> Result<[UInt8], WatchProblem> {
        var out: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = firstIndex(of: [13, 10], in: body, from: index) else {
                return .failure(.closedMidResponse(received: out.count, expected: nil))
            }
            let sizeText = String(decoding: body[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(String(sizeText).trimmed(" "), radix: 16), size >= 0 else { return .failure(.badChunk) }
            index = lineEnd + 2
            if size == 0 { return .success(out) }
            guard body.count >= index + size + 2 else { return .failure(.closedMidResponse(received: out.count + max(0, body.count - index), expected: nil)) }
            out += body[index..<(index + size)]
            index += size + 2
        }
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for i in start...(bytes.count - needle.count) where bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    static func preview(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(40), as: UTF8.self).replacingOccurrences(of: "\r", with: "\\r")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension String {
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}

/// One poll's outcome.
public struct WatchPoll: Sendable {
    public var number: Int
    /// Seconds since the first poll.
    public var elapsedSeconds: Double
    public var outcome: Outcome

    public enum Outcome: Sendable {
        case reading(Dump, changes: [FieldChange], rates: WatchRates?)
        case failure(WatchProblem)
    }
}

/// Rates between two readings, per second of wall time.
public struct WatchRates: Sendable, Equatable {
    public var allocatedBytesPerSecond: Double?
    public var gcPerSecond: Double?
    public var objectsPerSecond: Double?
}

/// A watching session: feed it answers, it keeps the history.
public struct WatchSession: Sendable {
    public var endpoint: WatchEndpoint
    public private(set) var polls: [WatchPoll] = []
    private var previous: (dump: Dump, seconds: Double)?
    /// HeapAlloc of every reading, for the chart.
    public private(set) var heapAllocHistory: [UInt64] = []
    public private(set) var first: Dump?
    public private(set) var last: Dump?
    public private(set) var firstSeconds = 0.0
    public private(set) var lastSeconds = 0.0

    public init(endpoint: WatchEndpoint) { self.endpoint = endpoint }

    public var failures: Int { polls.filter { if case .failure = $0.outcome { true } else { false } }.count }
    public var readings: Int { polls.count - failures }

    /// Reads one exchange's result taken `seconds` after the session began.
    public mutating func record(_ exchange: Result<[UInt8], ConnectionProblem>, atSeconds seconds: Double) -> WatchPoll {
        let outcome: WatchPoll.Outcome
        switch interpret(exchange) {
        case .failure(let problem):
            outcome = .failure(problem)
        case .success(let dump):
            var changes: [FieldChange] = []
            var rates: WatchRates?
            if let previous {
                changes = Comparison.of(previous.dump, dump).changes.filter { $0.delta != 0 }
                let dt = seconds - previous.seconds
                if dt > 0 {
                    func rate(_ field: MemStatsField) -> Double? {
                        changes.first { $0.field == field }.map { $0.delta / dt } ?? (dump.has(field) ? 0 : nil)
                    }
                    rates = WatchRates(allocatedBytesPerSecond: rate(.totalAlloc), gcPerSecond: rate(.numGC),
                                       objectsPerSecond: rate(.mallocs))
                }
            }
            previous = (dump, seconds)
            if first == nil { first = dump; firstSeconds = seconds }
            last = dump
            lastSeconds = seconds
            if dump.has(.heapAlloc) { heapAllocHistory.append(dump.stats.heapAlloc) }
            outcome = .reading(dump, changes: changes, rates: rates)
        }
        let poll = WatchPoll(number: polls.count + 1, elapsedSeconds: seconds, outcome: outcome)
        polls.append(poll)
        return poll
    }

    func interpret(_ exchange: Result<[UInt8], ConnectionProblem>) -> Result<Dump, WatchProblem> {
        let bytes: [UInt8]
        switch exchange {
        case .success(let received): bytes = received
        case .failure(.reset(let received)) where !received.isEmpty:
            // A reset after some bytes: report what the HTTP framing says was missing.
            if case .failure(let problem) = HTTPResponse.parse(received) { return .failure(problem) }
            return .failure(.closedMidResponse(received: received.count, expected: nil))
        case .failure(let problem):
            return .failure(.connection(problem))
        }
        let response: HTTPResponse
        switch HTTPResponse.parse(bytes) {
        case .success(let parsed): response = parsed
        case .failure(let problem): return .failure(problem)
        }
        guard response.status == 200 else { return .failure(.status(code: response.status, reason: response.reason)) }
        let firstByte = response.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard firstByte == UInt8(ascii: "{") else {
            return .failure(.notJSON(contentType: response.header("Content-Type"), firstBytes: HTTPResponse.preview(response.body)))
        }
        do {
            return .success(try DumpReader.read(response.body, source: endpoint.description))
        } catch {
            return .failure(.dump(error))
        }
    }
}
