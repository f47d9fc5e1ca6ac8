// The words the field guide uses for groups and units, in each language.
//
// Additive to MemStatsField.swift: that file names groups and units for code; this one
// names them for readers, and fixes how every Definition section has to begin.

extension FieldGroup {
    /// The group's heading for readers of `language` (English is Go's own wording).
    public func title(_ language: Language) -> String {
        switch language {
        case .english: title
        case .chinese:
            switch self {
            case .general: "常规统计"
            case .heap: "堆内存统计"
            case .stacks: "栈内存统计"
            case .offHeap: "堆外内存统计"
            case .gc: "垃圾回收统计"
            }
        }
    }
}

extension FieldUnit {
    /// A short name of the unit for tables (`bytes`, `字节`).
    public func displayName(_ language: Language) -> String {
        switch language {
        case .english: rawValue
        case .chinese:
            switch self {
            case .bytes: "字节"
            case .objects: "个数"
            case .lookups: "次（指针查找）"
            case .cycles: "次（GC 周期）"
            case .nanoseconds: "纳秒"
            case .unixNanoseconds: "Unix 纳秒"
            case .nanosecondsRing: "纳秒[256]"
            case .unixNanosecondsRing: "Unix 纳秒[256]"
            case .fraction: "比例"
            case .boolean: "布尔"
            case .sizeClassTable: "size class 表[61]"
            }
        }
    }

    /// The words every Definition section of a field with this unit starts with
    /// ("unit first"): `Bytes.` / `字节。`.
    public func definitionLead(_ language: Language) -> String {
        switch language {
        case .english:
            switch self {
            case .bytes: "Bytes."
            case .objects: "A count."
            case .lookups: "A count of pointer lookups."
            case .cycles: "A count of GC cycles."
            case .nanoseconds: "Nanoseconds."
            case .unixNanoseconds: "Unix time in nanoseconds."
            case .nanosecondsRing: "Nanoseconds, in a ring of 256 entries."
            case .unixNanosecondsRing: "Unix times in nanoseconds, in a ring of 256 entries."
            case .fraction: "A fraction between 0 and 1."
            case .boolean: "A boolean."
            case .sizeClassTable: "A table of 61 rows, one per size class."
            }
        case .chinese:
            switch self {
            case .bytes: "字节。"
            case .objects: "计数。"
            case .lookups: "计数（指针查找次数）。"
            case .cycles: "计数（GC 周期数）。"
            case .nanoseconds: "纳秒。"
            case .unixNanoseconds: "Unix 时间，单位纳秒。"
            case .nanosecondsRing: "纳秒，256 项的环形数组。"
            case .unixNanosecondsRing: "Unix 时间（纳秒），256 项的环形数组。"
            case .fraction: "0 到 1 之间的比例。"
            case .boolean: "布尔值。"
            case .sizeClassTable: "一张 61 行的表，每行一个 size class。"
            }
        }
    }
}
