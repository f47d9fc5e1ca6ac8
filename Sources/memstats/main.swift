// The memstats executable only dispatches: all behaviour lives in MemStatsCLI.
import MemStatsCLI

exit(Int32(MemStatsCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))))
