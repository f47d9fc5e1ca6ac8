// Reading another process's /proc files (`memstats inspect --pid`, `watch --pid`).

import FieldCatalogue

public enum OtherProcess {
    /// Reads /proc/PID/status and /proc/PID/smaps_rollup of process `pid` into one reading;
    /// a file that cannot be read (no such process, permission) is listed as unavailable.
    public static func reading(pid: Int32) -> ProcessReading {
        func read(_ name: String) -> Result<String, ProbeProblem> {
            let path = "/proc/\(pid)/\(name)"
            #if os(Linux)
            switch system_readWholeFile(path) {
            case .success(let bytes):
                guard !bytes.isEmpty else { return .failure(.empty(path: path)) }
                guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notText(path: path)) }
                return .success(text)
            case .failure(let error):
                switch error.rawValue {
                case SystemErrno.noSuchFile: return .failure(.noSuchFile(path: path))
                case SystemErrno.permissionDenied, SystemErrno.notPermitted: return .failure(.permissionDenied(path: path))
                default: return .failure(.readFailed(path: path, errno: error.rawValue, text: system_errorText(error.rawValue)))
                }
            }
            #else
            return .failure(.notLinux)
            #endif
        }
        return ProcessProbe.reading(status: read("status"), statm: read("statm"), smapsRollup: read("smaps_rollup"),
                                    mallinfo: nil, pageSize: SystemMemory.pageSize)
    }
}
