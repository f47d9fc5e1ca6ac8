// The memstats executable only dispatches: all behaviour lives in MemStatsCLI.
import Foundation
import MemStatsCLI

exit(MemStatsCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
