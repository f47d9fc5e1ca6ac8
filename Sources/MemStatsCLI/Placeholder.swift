@_exported import Foundation
public enum MemStatsCommand {
    public static func main(arguments: [String]) -> Int { 0 }
}
