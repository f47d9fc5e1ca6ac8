// The native backend's malloc analogies in the languages of the report. The backend speaks
// English (its `idea` is the stable key, as in JSON); the other languages are looked up here
// by that key, and an analogy without a translation is shown in English, never dropped.
// A test checks that every analogy the native backend can produce has each translation.

import FieldCatalogue
import ScenarioLanguage

enum AnalogyWords {
    /// Chinese idea and caveat, keyed by the backend's English idea.
    static let chinese: [String: (idea: String, caveat: String)] = [
        "bytes in use: uordblks + hblkhd": (
            "使用中的字节：uordblks + hblkhd",
            "glibc 按整块计数（8 字节的头，向上取整到 16），包括本进程中每一次 malloc，Swift 运行时的也算在内；"
                + "HeapAlloc 按规格类计数存活的 Go 对象"),
        "free bytes kept for reuse: fordblks": (
            "留作复用的空闲字节：fordblks",
            "最接近 HeapIdle − HeapReleased，但 glibc 不记录已归还的页：malloc_trim 之后，"
                + "fordblks 仍然计入那些页已还给操作系统的空闲块"),
        "bytes obtained for the heap: arena + hblkhd": (
            "为堆获得的字节：arena + hblkhd",
            "malloc_trim 可以用 sbrk 把顶部还回去而缩小 arena，释放的 mmap 块会立即解除映射；Go 的 HeapSys 从不缩小"),
        "bytes given back by the last malloc_trim: drop in RssAnon": (
            "上一次 malloc_trim 归还的字节：RssAnon 的下降",
            "这是从 /proc/self/status 测得的一次事件，不像 HeapReleased 那样是一个随时更新的总量；其他线程的内存也会让 RssAnon 变化"),
    ]

    static func translated(_ analogy: BackendReading.Analogy, into language: Language) -> (idea: String, caveat: String) {
        if language == .chinese, let words = chinese[analogy.idea] { return words }
        return (analogy.idea, analogy.caveat)
    }
}
