// The Chinese words of every diagnostic (`--lang zh`): the same cases, values and advice as the
// English in Diagnostic.swift, which stays the reference. Keywords, field names, units and the
// code a hint asks for stay as written in a scenario ('alloc', 'HeapIdle', 'KiB'); quoted
// offending text is quoted and escaped as in English.

import FieldCatalogue

extension Diagnostic.Kind {
    /// The message after `error: ` in `language`.
    public func message(in language: Language) -> String {
        language == .chinese ? chineseMessage : message
    }

    /// What to do about it in `language`, or nil.
    public func hint(in language: Language) -> String? {
        language == .chinese ? chineseHint : hint
    }

    var chineseMessage: String {
        switch self {
        case .emptyScenario:
            return "场景是空的：没有可运行的语句"
        case .invalidUTF8(let byte):
            return "文件不是 UTF-8 文本：字节 \(hexByte(byte)) 不能出现在这里"
        case .bareCarriageReturn:
            return "回车符（CR）后面没有换行符"
        case .unexpectedCharacter(let c):
            return "意外的字符 \(quotedCharacter(c))"
        case .unterminatedString:
            return "字符串没有结束"
        case .controlCharacterInString(let c):
            return "字符串中有控制字符 \(quotedCharacter(c))"
        case .invalidEscape(let c):
            return "字符串中有未知的转义 '\\\(escaped(String(c)))'"
        case .tooManyTokens(let limit):
            return "这一行的单词和符号超过 \(limit) 个"
        case .unknownStatement(let word, _):
            return "未知的语句 \(quoted(word))"
        case .expected(let what, let after, let found):
            return "\(quoted(after)) 后面应为\(spacedBeforeLatin(chineseThing(what)))，却是" + (found.map { " " + quoted($0) } ?? "行尾")
        case .unexpectedToken(let text, let statement):
            return "\(quoted(statement)) 语句已经结束，后面多出了 \(quoted(text))"
        case .duplicateOption(let option):
            return "\(quoted(option)) 出现了两次"
        case .reservedGroupName(let name):
            return "\(quoted(name)) 是关键字，不能用作组名"
        case .unknownSetting(let name, _):
            return "未知的设置 \(quoted(name))"
        case .keepOnlyOne(let found):
            return "应为 'keep 1 in K'，却是 'keep \(shortened(found)) in'"
        case .withinWithoutApproximately:
            return "'within' 只能跟在 '~' 之后"
        case .approximatelyWithoutWithin:
            return "'~' 需要在末尾写 'within P%'"
        case .missingSpaceAroundX(let text):
            return "\(quoted(text)) 中的 'x' 两边应有空格"
        case .emptyText(let statement):
            return "\(quoted(statement)) 的文字是空的"
        case .unknownLanguageTag(let tag, _):
            return "译文前的语言标记 \(quoted(tag)) 未知"
        case .duplicateTranslation(let tag):
            return "这一行有第二个 \(quoted(tag)) 译文"
        case .emptyTranslation(let tag):
            return "\(quoted(tag)) 译文是空的"
        case .misplacedTranslation(let tag, let statement, let afterFocus):
            if afterFocus { return "\(quoted(tag)) 译文写在了 'focus' 之后" }
            return "\(quoted(statement)) 不带译文（\(quoted(tag)) \"…\"）"
        case .countOutOfRange(let text, let what):
            return "\(chineseCountName(what))必须在 1 到 10^12 之间，却是 \(quoted(text))"
        case .negativeNumber(let text):
            return "负数 \(quoted(text))"
        case .notWholeNumber(let text, _):
            return "\(quoted(text)) 不是整数"
        case .exponentNotation(let text, _):
            return "\(quoted(text)) 使用了指数记法"
        case .misplacedUnderscore(let text):
            return "\(quoted(text)) 中的 '_' 位置不对；'_' 只能写在数字之间"
        case .unexpectedUnit(let unit, let literal, let expected):
            return "\(chineseThing(expected))不带单位，\(quoted(literal)) 中却有 \(quoted(unit))"
        case .missingSizeUnit(let text):
            return "大小 \(quoted(text)) 没有单位"
        case .spaceBeforeUnit(let number, let unit):
            return "\(quoted(number)) 和它的单位 \(quoted(unit)) 之间有空格"
        case .decimalSizeUnit(let unit, let literal), .unknownSizeUnit(let unit, let literal, _):
            return "\(quoted(literal)) 中的大小单位 \(quoted(unit)) 未知"
        case .sizeTooLarge(let text):
            return "大小 \(quoted(text)) 超过 1TiB"
        case .missingDurationUnit(let text):
            return "时长 \(quoted(text)) 没有单位"
        case .unknownDurationUnit(let unit, let literal, _):
            return "\(quoted(literal)) 中的时长单位 \(quoted(unit)) 未知"
        case .durationTooLong(let text):
            return "时长 \(quoted(text)) 超过 \(ScenarioLimits.maximumSleepHours)h"
        case .percentOutOfRange(let text):
            return "百分数必须在 1 到 10000 之间，却是 \(quoted(text))"
        case .numberTooLarge(let text):
            return "数字 \(quoted(text)) 超出 64 位"
        case .unknownField(let name, _):
            return "未知的 MemStats 字段 \(quoted(name))"
        case .nonScalarField(let field):
            return "字段 '\(field.goName)' 不是单个数字，'expect' 无法比较它"
        case .mixedKinds(let term, let kind, let other, let otherKind):
            return "\(quoted(term)) 是\(chineseKind(kind))，而 \(quoted(other)) 是\(chineseKind(otherKind))；"
                + "断言只能比较同类的量"
        case .headerAfterStatements(let keyword, let line):
            return "\(quoted(keyword)) 必须写在第一条语句（第 \(line) 行）之前"
        case .duplicateTitle(let line):
            return "第二个 'title'；场景在第 \(line) 行已经有一个"
        case .endWithoutRepeat:
            return "'end' 前面没有 'repeat'"
        case .repeatWithoutEnd:
            return "'repeat' 后面没有 'end'"
        case .nestingTooDeep(let limit):
            return "'repeat' 嵌套超过 \(limit) 层"
        case .undefinedGroup(let name, let action, _):
            return "'\(action)' 的组 \(quoted(name)) 在这里不存在"
        case .groupGone(let name, let action, let kind, let removedLine, let repeatLine):
            let verb = kind == .objects ? "释放" : "退出"
            if let repeatLine {
                return "'\(action)' 的组 \(quoted(name)) 已在第 \(repeatLine) 行的 repeat 上一轮中于第 \(removedLine) 行\(verb)"
            }
            return "'\(action)' 的组 \(quoted(name)) 已在第 \(removedLine) 行\(verb)"
        case .wrongGroupKind(let name, let action, let actual, let line):
            return "'\(action)' 需要一组\(actual == .objects ? " goroutine" : "对象")，"
                + "但 \(quoted(name)) 装的是\(chineseGroupKind(actual))（第 \(line) 行创建）"
        case .groupKindConflict(let name, let wanted, let existing, let line):
            return "组 \(quoted(name)) 装的是\(chineseGroupKind(existing))（第 \(line) 行创建），"
                + "不能再放\(chineseGroupKind(wanted))"
        case .allocationOverflow(let count, let size):
            return "'\(count) x \(sizeText(size))' 超过 2^64 字节"
        case .totalMemoryOverflow:
            return "场景请求的内存总共超过 2^64 字节"
        case .tooManyStatements(let executed, let limit):
            return "场景将执行 " + (executed.map { "\($0)" } ?? "超过 2^64")
                + " 条语句；上限是 \(limit)"
        case .tooManySnapshots(let executed, let limit):
            return "场景将拍下 " + (executed.map { "\($0)" } ?? "超过 2^64")
                + " 个快照；上限是 \(limit)"
        case .fileTooLong(let limit):
            return "场景的语句超过 \(limit) 行；文件其余部分没有读取"
        case .goroutineStackTooLarge(let size, let grown, let limit, _):
            return "\(sizeText(size)) 的 goroutine 栈会增长到 \(sizeText(grown))，超过 Go 的上限 \(limit) 字节："
                + "真实的 Go 会以 'runtime: goroutine stack exceeds \(limit)-byte limit' 终止"
        case .beyondGoAddressSpace(let peak, let limit):
            let about = approximateSizeText(peak)
            let reached = about == "about " + sizeText(limit) ? "\(peak) 字节"
                : about.replacingOccurrences(of: "about ", with: "约 ")
            return "场景同时保持 \(reached) 存活（对象、它们的槽切片和栈），超过 Go 在 linux/amd64 上能映射的 "
                + "\(sizeText(limit))（它的堆 arena 覆盖 48 位地址空间）"
        case .expectBeforeSnapshot:
            return "在任何 'snapshot' 之前的 'expect' 没有可检查的内容"
        }
    }

    var chineseHint: String? {
        switch self {
        case .emptyScenario:
            return "场景至少需要一条语句，例如 'alloc 1000 x 1KiB as data'，然后 'snapshot \"after\"'"
        case .invalidUTF8:
            return "场景文件是 UTF-8 文本；这是正确的文件吗？"
        case .bareCarriageReturn:
            return "行以 LF 或 CR LF 结尾；如果文件的行只以 CR 结尾（经典 Mac 格式），"
                + "请转换：tr '\\r' '\\n' < old.scenario > new.scenario"
        case .unexpectedCharacter(let c):
            switch c {
            case "=": return "比较请写 '=='"
            case "!": return "没有 '!='；请用 '<'、'<='、'>'、'>='、'==' 或 '~ … within P%'"
            case "*", "×": return "个数和大小之间写 'x'：'alloc 1000 x 1KiB'"
            case "\u{201C}", "\u{201D}", "'": return "字符串用直双引号：\"text\""
            case ".": return "数字是整数：写 1536KiB，不要写 1.5MiB"
            default:
                if c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    return "场景中不能有控制字符；这是文本文件吗？"
                }
                if c.unicodeScalars.first.map({ $0.value > 0x7F }) == true, c.isLetter {
                    return "名称只用 ASCII 字母；文字请放在双引号中"
                }
                return "'#' 开始注释；文字放在双引号中"
            }
        case .unterminatedString:
            return "在同一行用 '\"' 结束字符串；字符串里的引号写作 \\\""
        case .invalidEscape:
            return "字符串只认识 \\\" 和 \\\\"
        case .controlCharacterInString:
            return "字符串只放可打印的文字；请删掉它（制表符可以）"
        case .tooManyTokens:
            return "每行一条语句"
        case .unknownStatement(let word, let suggestions):
            if let first = suggestions.first {
                return first.lowercased() == word.lowercased() && first != word
                    ? "关键字是小写的：'\(first)'" : "你是不是想写 '\(first)'？"
            }
            if MemStatsField(goName: word) != nil { return "要检查字段，请写 'expect \(word) > 0'" }
            return "语句有 " + ScenarioKeywords.statements.joined(separator: "、")
        case .expected(let what, _, _):
            switch what {
            case "a string": return "文字放在双引号中：\"like this\""
            case "a size": return "大小是整数加单位：64B、1KiB、3MiB、1GiB"
            case "a duration": return "时长是整数加单位：250ms、30s、5m、1h"
            case "a group name": return "组名以字母或 '_' 开头，后面是字母、数字、'_' 或 '-'"
            case "a comparison": return "用 '<'、'<='、'>'、'>='、'==' 或 '~ … within P%' 比较"
            case "a field, size or number": return "例如 'HeapAlloc'、'64MiB' 或 '1000'"
            case "a field name": return "按 Go 的拼写写，例如 'HeapIdle'；'memstats fields' 会列出全部字段"
            case "'x'": return "写 'alloc 1000 x 1KiB'"
            case "'stack'", "'as'": return "写 'goroutines 100 stack 8KiB as workers'"
            case "'1'", "'in'": return "写 'free GROUP keep 1 in 4'"
            case "a percent", "'%'": return "写 'within 10%'"
            case "'gogc' or 'memlimit'": return "例如 'set gogc 50' 或 'set memlimit 512MiB'"
            case "a percent or 'off'": return "例如 'set gogc 50' 或 'set gogc off'"
            case "a size or 'off'": return "例如 'set memlimit 512MiB' 或 'set memlimit off'"
            default:
                return what.hasSuffix("count") ? "个数是 1 到 10^12 的整数，例如 1000 或 200_000" : nil
            }
        case .unexpectedToken(let text, let statement):
            if text == "%" && statement == "set" { return "'set gogc' 只接受数字：'set gogc 50'" }
            return "每行一条语句；'#' 开始注释"
        case .spaceBeforeUnit(let number, let unit):
            return "写成 \(shortened(number))\(shortened(unit))"
        case .duplicateOption:
            return "每个选项只写一次"
        case .reservedGroupName:
            return "换一个名字，例如 'data'"
        case .unknownSetting(_, let suggestions):
            return suggestions.first.map { "你是不是想写 '\($0)'？" } ?? "设置只有 'gogc' 和 'memlimit'"
        case .keepOnlyOne:
            return "'free GROUP keep 1 in K' 每 K 个对象保留一个"
        case .withinWithoutApproximately, .approximatelyWithoutWithin:
            return "写 'A ~ B within 10%'"
        case .missingSpaceAroundX:
            return "写 'alloc 1000 x 1KiB'"
        case .emptyText(let statement):
            return "写出它要显示的内容，例如 \(statement) \"After the burst\""
        case .unknownLanguageTag(let tag, let suggestions):
            if let first = suggestions.first { return "你是不是想写 '\(first)'？" }
            let tags = Translations.tags.map { "'\($0)'" }.joined(separator: "、")
            if tag == "en" { return "第一个字符串就是英文；译文的标记是 \(tags)" }
            return "译文的标记是 \(tags)"
        case .duplicateTranslation:
            return "每种语言只给一个译文；删掉其中一个"
        case .emptyTranslation:
            return "写出译文，或者不写这个译文（那时显示英文）"
        case .misplacedTranslation(let tag, _, let afterFocus):
            if afterFocus { return "写在 'focus' 之前：snapshot \"Label\" \(shortened(tag)) \"…\" focus HeapIdle" }
            return "译文跟在 title、about、step、note 和 snapshot 的文字后面"
        case .countOutOfRange:
            return "写 1 到 1_000_000_000_000 的整数"
        case .negativeNumber:
            return "个数从 1 开始"
        case .notWholeNumber(_, let alternative):
            return alternative.map { "写成 \($0)" } ?? "数字是整数"
        case .exponentNotation(_, let expanded):
            return expanded.map { "写成 \($0)" } ?? "把数字全部写出来；可以用 '_' 分隔"
        case .misplacedUnderscore:
            return "写 200_000，不要写 200__000 或 _200"
        case .unexpectedUnit:
            return "只写数字"
        case .missingSizeUnit(let text):
            return "写 \(shortened(text))B，或者 \(shortened(text))KiB 表示 \(shortened(text)) × 1024 字节"
        case .decimalSizeUnit(let unit, let literal):
            let digits = String(literal.dropLast(unit.count))
            let binary = unit.prefix(1).uppercased() + "iB"
            let decimal = decimalExample(digits: digits, unit: unit)
            return "十进制单位在这里有歧义；写 \(shortened(digits))\(binary)"
                + (decimal.map { " 或 \($0)B" } ?? "")
        case .unknownSizeUnit(_, _, let suggestions):
            return suggestions.first.map { "你是不是想写 '\($0)'？" } .map { $0 + "单位有 B、KiB、MiB、GiB、TiB" }
                ?? "单位有 B、KiB、MiB、GiB、TiB"
        case .sizeTooLarge:
            return "场景一次最多请求 1TiB"
        case .missingDurationUnit(let text):
            return "写 \(shortened(text))s 或 \(shortened(text))ms"
        case .unknownDurationUnit(_, _, let suggestion):
            return suggestion.map { "写 '\($0)'；单位有 ms、s、m、h" } ?? "单位有 ms、s、m、h"
        case .durationTooLong:
            return "一次最多 sleep \(ScenarioLimits.maximumSleepHours)h"
        case .percentOutOfRange:
            return "写 1 到 10000 的整数"
        case .numberTooLarge:
            return "数字最大到 18_446_744_073_709_551_615"
        case .unknownField(let name, let suggestions):
            if let first = suggestions.first { return "你是不是想写 '\(first)'？" }
            if name.contains("-") { return "'-' 两边写空格：'HeapIdle - HeapReleased'" }
            return "运行 'memstats fields' 列出字段名；按 Go 的拼写写，例如 'HeapIdle'"
        case .nonScalarField:
            return "比较一个只有单个数字的字段，例如 'NumGC' 或 'PauseTotalNs'"
        case .mixedKinds(_, _, _, let otherKind):
            return "把\(chineseKind(otherKind))与\(chineseKind(otherKind))或普通数字比较，例如 "
                + "'\(otherKind.example)'；'memstats explain FIELD' 说明字段计的是什么"
        case .headerAfterStatements:
            return "把 'title' 和 'about' 移到文件开头"
        case .duplicateTitle:
            return "更多的说明用 'about'"
        case .endWithoutRepeat:
            return "删掉它，或者在它结束的语句之前加上 'repeat COUNT'"
        case .repeatWithoutEnd:
            return "在要重复的语句之后加上 'end'"
        case .nestingTooDeep:
            return "把循环展平：'repeat 6' 套 'repeat 10' 就是 'repeat 60'"
        case .undefinedGroup(let name, let action, let suggestions):
            if let first = suggestions.first { return "你是不是想写 '\(first)'？" }
            return action == "exit"
                ? "先启动它：'goroutines 10 stack 8KiB as \(shortened(name))'"
                : "先创建它：'alloc 1000 x 1KiB as \(shortened(name))'"
        case .groupGone(let name, _, let kind, _, _):
            return kind == .objects
                ? "再次释放之前先重新分配到它（'alloc … as \(shortened(name))'）"
                : "'exit' 之前先在其中重新启动 goroutine"
        case .wrongGroupKind(let name, _, let actual, _):
            return actual == .objects ? "写 'free \(shortened(name))'" : "写 'exit \(shortened(name))'"
        case .groupKindConflict:
            return "换一个组名"
        case .allocationOverflow:
            return "减小个数或大小"
        case .totalMemoryOverflow:
            return "减小个数、大小或重复次数"
        case .tooManyStatements, .tooManySnapshots:
            return "减小重复次数"
        case .fileTooLong:
            return "一次运行最多执行这么多条语句；长的运行请用 'repeat'"
        case .goroutineStackTooLarge(_, _, _, let largest):
            return "栈按倍数增长，所以一个 goroutine 的栈最多 \(sizeText(largest))："
                + "写 'stack \(sizeText(largest))' 或更小，要更多的栈就用更多的 goroutine"
        case .beyondGoAddressSpace:
            return "减小个数或大小，或者在分配更多之前先释放一些组"
        case .expectBeforeSnapshot:
            return "先拍一个 'snapshot'"
        }
    }
}

/// The Chinese for a thing the parser expected ("a size", "'x'", "a repeat count"); a quoted
/// token stays as it is.
private func chineseThing(_ what: String) -> String {
    switch what {
    case "a string": return "字符串"
    case "a size": return "大小"
    case "a duration": return "时长"
    case "a group name": return "组名"
    case "a comparison": return "比较运算符"
    case "a field, size or number": return "字段、大小或数字"
    case "a field name": return "字段名"
    case "a percent": return "百分数"
    case "a percent or 'off'": return "百分数或 'off'"
    case "a size or 'off'": return "大小或 'off'"
    case "'gogc' or 'memlimit'": return "'gogc' 或 'memlimit'"
    case "a Go release such as go1.22": return "Go 版本（如 go1.22）"
    default:
        if what.hasPrefix("a ") { return chineseCountName(String(what.dropFirst(2))) }
        return what
    }
}

/// "count", "repeat count", "goroutine count", "K" in Chinese.
private func chineseCountName(_ what: String) -> String {
    switch what {
    case "count": return "个数"
    case "repeat count": return "重复次数"
    case "goroutine count": return "goroutine 个数"
    case "K": return "K 值"
    default: return what
    }
}

/// A space before text that starts with a Latin letter or a quote, as Chinese typesetting puts
/// between Chinese and Latin words.
private func spacedBeforeLatin(_ text: String) -> String {
    text.first.map { $0.isASCII } == true ? " " + text : text
}

private func chineseKind(_ kind: FieldKind) -> String {
    switch kind {
    case .bytes: "字节数"
    case .count: "个数"
    case .nanoseconds: "纳秒数"
    case .timestamp: "时间戳"
    case .fraction: "比例"
    case .flag: "开关"
    }
}

private func chineseGroupKind(_ kind: GroupKind) -> String {
    kind == .objects ? "对象" : " goroutine"
}
