// LinuxProbes: the only code in memstats that touches libc and /proc.
//
// What Linux shows about a process's memory — the numbers `ps`, `top` and `free` print — says
// how much memory is used, not how. This module reads those numbers so the explorer can put
// them next to MemStats, and performs real allocations for the native backend. It stays thin,
// in the swift-system style: raw readings with Swift names, each documented with the kernel or
// glibc field it mirrors; no interpretation (mapping glibc onto MemStats ideas is an analogy
// and belongs to the backend that labels it).
//
// Map of the module:
//   ProcFileReader.swift    ProcFile, the ProcFileReader protocol, LiveProcFiles (the only
//                           reader of /proc) and FixtureProcFiles (scripted text for tests)
//   ProcStatus.swift        /proc/self/status: VmRSS, RssAnon, RssFile, VmSize, VmData, VmStk, VmHWM
//   ProcStatm.swift         /proc/self/statm: pages × page size
//   SmapsRollup.swift       /proc/self/smaps_rollup: Rss, Pss, Anonymous, LazyFree, AnonHugePages
//   SystemMemory.swift      /proc/meminfo: MemAvailable, MemTotal; the page size
//   MallInfo2.swift         glibc mallinfo2 (MallocInfoReader: live or fixed)
//   ProcessProbe.swift      one ProcessReading from all sources; peak RSS (getrusage)
//   ProbeProblem.swift      why a source is unavailable, as data, and its one rendering
//   MallocArena.swift       malloc/free in named groups, page touching, malloc_trim
//   ParkedThreads.swift     capped threads that touch their stacks and block (goroutine stand-ins)
//   Terminal.swift          whether standard output is a terminal, and its width (isatty, TIOCGWINSZ)
//   Internals/Syscalls.swift  every libc call, one `system_` adapter each
//   Internals/KilobyteFields.swift  the shared `Key: N kB` line parser
//
// Rules: every OS touch goes through Internals/Syscalls.swift; everything above this module
// takes a ProcFileReader and a MallocInfoReader, so its tests need no real OS; a probe never
// traps on what it reads — a bad source becomes "unavailable" with a reason.
//
// - Note: Linux only. Elsewhere LiveProcFiles throws `ProbeProblem.notLinux` and readings list
//   every /proc source as unavailable.
