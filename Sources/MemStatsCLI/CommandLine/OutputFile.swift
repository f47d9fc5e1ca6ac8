// Files the user names for output (`run --html FILE`, `inspect --reproduce FILE`).

import Foundation

enum OutputFile {
    /// Writes `text` to `path`. A regular file, or a path that does not exist yet, is written
    /// atomically (a failed write leaves the old file whole); through a symbolic link, the file it
    /// points to is, and the link stays. Anything else that exists, such as /dev/null, /dev/stdout or
    /// a FIFO, is written in place: replacing it would turn a device into a plain file.
    static func write(_ text: String, to path: String) throws {
        let resolved = (path as NSString).resolvingSymlinksInPath
        let attributes = try? FileManager.default.attributesOfItem(atPath: resolved)
        let type = attributes?[.type] as? FileAttributeType
        guard let type, type != .typeRegular, type != .typeDirectory else {
            try text.write(toFile: resolved, atomically: true, encoding: .utf8)
            return
        }
        guard let handle = FileHandle(forWritingAtPath: resolved) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
    }
}
