// `memstats watch URL`: poll an expvar endpoint of a live Go service.

import FieldCatalogue
import Foundation
import Inspection
import LinuxProbes
import Presentation

enum WatchCommand: Subcommand {
    static let spec = CommandSpec(
        name: "watch",
        abstract: "Poll a live Go service's expvar endpoint: changed fields, deltas, rates, a small chart.",
        discussion: """
            URL is http://HOST:PORT[/PATH]; the path defaults to /debug/vars. Each poll shows the fields \
            that changed since the last one, the allocation and GC rates, and HeapAlloc as a chart. A poll \
            that fails (connection refused, timeout, not JSON, closed mid-response, no memstats member) is \
            said; watching then stops with exit status 4, or goes on with --keep-going. Ctrl-C ends \
            watching with a summary (exit status 0).
            """,
        arguments: [ArgumentSpec("URL", help: "The expvar endpoint, e.g. http://127.0.0.1:6060/debug/vars.")],
        options: [OptionSpec("interval", value: "DURATION", help: "Time between polls (default 1s)."),
                  OptionSpec("count", value: "N", help: "Stop after N polls (default: until Ctrl-C)."),
                  OptionSpec("timeout", value: "DURATION", help: "Give up on a poll after this long (default 5s)."),
                  OptionSpec("pid", value: "PID", help: "Also show VmRSS of process PID from /proc/PID/status."),
                  OptionSpec("keep-going", help: "Keep polling after a failed poll."), SharedOptions.language],
        examples: ["watch http://127.0.0.1:6060/debug/vars", "watch localhost:6060 --interval 500ms --count 10",
                   "watch localhost:6060 --pid 4242 --keep-going"])

    static let answerByteLimit = 8 << 20

    static func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitStatus {
        let text = arguments.positionals[0]
        guard let endpoint = WatchEndpoint(text) else {
            throw CLIError.invalidValue(option: "URL", value: text, allowed: ["http://HOST:PORT/PATH (plain HTTP)"], command: "watch")
        }
        let interval = try arguments.value("interval").map { try SharedOptions.duration($0, option: "interval", command: "watch") }
            ?? 1_000_000_000
        let timeout = try arguments.value("timeout").map { try SharedOptions.duration($0, option: "timeout", command: "watch") }
            ?? 5_000_000_000
        let count = try arguments.value("count").map {
            try SharedOptions.positiveInteger($0, option: "count", command: "watch", default: 1)
        }
        var pid: Int32?
        if let pidText = arguments.value("pid") {
            guard let value = Int32(pidText), value > 0 else {
                throw CLIError.invalidValue(option: "pid", value: pidText, allowed: ["a process id"], command: "watch")
            }
            pid = value
        }
        let keepGoing = arguments.isSet("keep-going")
        let language = FieldGuide.language(arguments)

        InterruptSignal.catchInterrupts()
        defer { InterruptSignal.restoreDefault() }
        var session = WatchSession(endpoint: endpoint)
        let start = Date()
        var status = ExitStatus.success
        while !InterruptSignal.received {
            let exchange = TCPExchange.exchange(host: endpoint.host, port: endpoint.port, request: endpoint.request,
                                                timeoutSeconds: Double(timeout) / 1e9, byteLimit: answerByteLimit)
            let poll = session.record(exchange, atSeconds: Date().timeIntervalSince(start))
            let process = pid.map { OtherProcess.reading(pid: $0) }
            context.writeOutput(WatchText.poll(poll, session: session, process: process, language: language))
            if case .failure = poll.outcome, !keepGoing {
                context.writeError(language == .chinese
                    ? "错误：第 \(poll.number) 次轮询失败（见上），观察已停止\n提示：--keep-going 会在轮询失败后继续\n"
                    : "error: watching stopped after poll \(poll.number) failed (said above)\n"
                                   + "hint: --keep-going keeps polling after a failed poll\n")
                status = .unreadableInput
                break
            }
            if let count, session.polls.count >= count { break }
            // Sleep in short slices so Ctrl-C ends the wait at once.
            let wake = Date().addingTimeInterval(Double(interval) / 1e9)
            while Date() < wake, !InterruptSignal.received { Thread.sleep(forTimeInterval: min(0.05, wake.timeIntervalSinceNow)) }
        }
        context.writeOutput(WatchText.summary(session, interrupted: InterruptSignal.received, language: language))
        return status
    }
}
