// This program measures what scanning pointer-holding globals costs the GC (markroot's root
// jobs: markrootBlock, scanblock), a cost the memstats model charges per byte of .data and .bss
// (Calibration.globalsScanBytesPerNanosecond). The size of its one large global is fixed at
// build time by a tag (see the words_*.go files: g256k, g1m, g4m, g16m; none: one word), so
// a run of each build and the difference in a forced cycle's CPU over the difference in
// /gc/scan/globals:bytes gives nanoseconds per byte of globals.
//
// Usage (GOMAXPROCS=1, GOGC, GOMEMLIMIT and GODEBUG unset), one build per size tag:
//
//	globalscan nil      every word of the global nil
//	globalscan mixed    one word in 8 pointing to a variable of the program (outside the heap),
//	                    the rest nil: the share a running go1.27.3 program's own globals have
//	                    (globalscan dump below: 88 % of their pointer words nil)
//	globalscan static   every word pointing to a variable of the program
//	globalscan live     every word pointing to its own 16-byte heap object
//	globalscan dump START END   after churn and a GC, print every word of [START, END) in hex
//	                    (addresses from `go tool nm` of this binary: runtime.data, runtime.ebss)
//
// Output: `MODE globals BYTES scanned SCANBYTES heap HEAPSCAN cycle_ns CPU`, CPU the median,
// over 41 forced cycles, of a cycle's process CPU time (getrusage) less its pause.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"syscall"
	"unsafe"
)

// node is what the global's words point to: 16 bytes, no pointers.
type node struct{ a, b uintptr }

// globals is the measured global: globalWords pointer words in .bss.
var globals [globalWords]*node

// staticNode is a variable of the program, outside the heap.
var staticNode node

// sink keeps the dump mode's churn from being removed by the compiler.
var sink []byte

func cpuNanoseconds() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return float64(usage.Utime.Nano() + usage.Stime.Nano())
}

func dump(start, end uint64) {
	for i := 0; i < 200000; i++ {
		sink = make([]byte, 1024)
	}
	runtime.GC()
	for a := start; a < end; a += 8 {
		fmt.Printf("%x\n", *(*uintptr)(unsafe.Pointer(uintptr(a))))
	}
}

func main() {
	mode := os.Args[1]
	switch mode {
	case "dump":
		start, _ := strconv.ParseUint(os.Args[2], 16, 64)
		end, _ := strconv.ParseUint(os.Args[3], 16, 64)
		dump(start, end)
		return
	case "mixed":
		for i := 0; i < len(globals); i += 8 {
			globals[i] = &staticNode
		}
	case "static":
		for i := range globals {
			globals[i] = &staticNode
		}
	case "live":
		for i := range globals {
			globals[i] = &node{}
		}
	}
	runtime.GC()
	runtime.GC()
	var cycles []float64
	var stats runtime.MemStats
	for r := 0; r < 41; r++ {
		start := cpuNanoseconds()
		runtime.GC()
		cpu := cpuNanoseconds() - start
		runtime.ReadMemStats(&stats)
		cycles = append(cycles, cpu-float64(stats.PauseNs[(stats.NumGC+255)%256]))
	}
	sort.Float64s(cycles)
	samples := []metrics.Sample{{Name: "/gc/scan/globals:bytes"}, {Name: "/gc/scan/heap:bytes"}}
	metrics.Read(samples)
	fmt.Printf("%s globals %d scanned %d heap %d cycle_ns %.0f\n", mode, globalWords*8,
		samples[0].Value.Uint64(), samples[1].Value.Uint64(), cycles[len(cycles)/2])
}
