// Text captured from a real process on the development machine (Linux 6.18, glibc 2.36,
// x86_64, 4 KiB pages): a python3 process holding a 50 MiB bytearray, its status, statm and
// smaps_rollup read at the same moment, and /proc/meminfo of the machine. Kept verbatim
// (tabs, padding) so the parsers meet exactly what the kernel writes; the literals drop the
// file's final newline, and the tests check both forms.

enum Fixtures {
    /// /proc/self/status of the python3 process.
    static let status = #"""
Name:	python3
Umask:	0022
State:	R (running)
Tgid:	9656
Ngid:	0
Pid:	9656
PPid:	9654
TracerPid:	0
Uid:	0	0	0	0
Gid:	0	0	0	0
FDSize:	256
Groups:	 
NStgid:	9656
NSpid:	9656
NSpgid:	9654
NSsid:	3280
Kthread:	0
VmPeak:	   67768 kB
VmSize:	   67768 kB
VmLck:	       0 kB
VmPin:	       0 kB
VmHWM:	   64692 kB
VmRSS:	   64692 kB
RssAnon:	   58076 kB
RssFile:	    6616 kB
RssShmem:	       0 kB
VmData:	   59148 kB
VmStk:	     132 kB
VmExe:	       4 kB
VmLib:	    4672 kB
VmPTE:	     176 kB
VmSwap:	       0 kB
HugetlbPages:	       0 kB
CoreDumping:	0
THP_enabled:	1
untag_mask:	0xffffffffffffffff
Threads:	1
SigQ:	0/96364
SigPnd:	0000000000000000
ShdPnd:	0000000000000000
SigBlk:	0000000000000000
SigIgn:	0000000001001000
SigCgt:	0000000000000002
CapInh:	0000000000000000
CapPrm:	000001fffeffffff
CapEff:	000001fffeffffff
CapBnd:	000001fffeffffff
CapAmb:	0000000000000000
NoNewPrivs:	0
Seccomp:	0
Seccomp_filters:	0
Speculation_Store_Bypass:	thread vulnerable
SpeculationIndirectBranch:	conditional enabled
Cpus_allowed:	3
Cpus_allowed_list:	0-1
Mems_allowed:	00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000001
Mems_allowed_list:	0
voluntary_ctxt_switches:	13
nonvoluntary_ctxt_switches:	8
"""#
    /// /proc/self/statm of the same process at the same moment.
    static let statm = #"""
16942 16173 1654 1 0 14820 0
"""#
    /// /proc/self/smaps_rollup of the same process at the same moment.
    static let smapsRollup = #"""
555977fe2000-7ffcddd44000 ---p 00000000 00:00 0                          [rollup]
Rss:               64692 kB
Pss:               63252 kB
Pss_Dirty:         58076 kB
Pss_Anon:          58076 kB
Pss_File:           5176 kB
Pss_Shmem:             0 kB
Shared_Clean:       1692 kB
Shared_Dirty:          0 kB
Private_Clean:      4924 kB
Private_Dirty:     58076 kB
Referenced:        64692 kB
Anonymous:         58076 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
"""#
    /// /proc/meminfo of the machine (24 GiB, idle).
    static let meminfo = #"""
MemTotal:       24683656 kB
MemFree:        23423608 kB
MemAvailable:   24249052 kB
Buffers:            7296 kB
Cached:          1002616 kB
SwapCached:            0 kB
Active:           639576 kB
Inactive:         429032 kB
Active(anon):       1552 kB
Inactive(anon):    66096 kB
Active(file):     638024 kB
Inactive(file):   362936 kB
Unevictable:       13288 kB
Mlocked:           11752 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Zswap:                 0 kB
Zswapped:              0 kB
Dirty:              2504 kB
Writeback:             0 kB
AnonPages:         72056 kB
Mapped:            15176 kB
Shmem:              8952 kB
KReclaimable:      64276 kB
Slab:              86248 kB
SReclaimable:      64276 kB
SUnreclaim:        21972 kB
KernelStack:        1432 kB
PageTables:         1464 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    12341828 kB
Committed_AS:     115128 kB
VmallocTotal:   34359738367 kB
VmallocUsed:        5668 kB
VmallocChunk:          0 kB
Percpu:              664 kB
AnonHugePages:         0 kB
ShmemHugePages:        0 kB
ShmemPmdMapped:        0 kB
FileHugePages:      8192 kB
FilePmdMapped:         0 kB
Balloon:               0 kB
HugePages_Total:       0
HugePages_Free:        0
HugePages_Rsvd:        0
HugePages_Surp:        0
Hugepagesize:       2048 kB
Hugetlb:               0 kB
DirectMap4k:       20480 kB
DirectMap2M:     2076672 kB
DirectMap1G:    25165824 kB
"""#
}
