// This program measures, on the machine it runs on, the costs the memstats simulator charges
// in virtual time (Sources/HeapSimulator/Calibration.swift): the mutator's cost of an
// allocation per size class, a first write to a fresh page (page fault and kernel zeroing),
// releasing memory to the OS, the GC's mark rate (and how much faster Green Tea scans small
// pointer objects, and scanobject large mostly-nil ones) and fixed work, sweeping a span (one
// that is freed, and one whose objects stay), and the stop-the-world pauses with few and with
// many goroutines. Run it with GOMAXPROCS=1 and GOGC, GOMEMLIMIT and GODEBUG unset: the model's
// costs are single-core figures.
//
// Times are the process's CPU time (user and system, getrusage), not wall time: the machine
// may be shared, and what the model charges is work, not waiting. Pauses are Go's own
// PauseNs (wall time of the stop-the-world phases).
//
// Output: one line per figure, `measure NAME VALUE`, and a few `machine NAME VALUE` lines,
// on stdout. Every figure is the median of several repetitions inside this run; memstats
// calibrate runs the program several times and takes the median of the runs.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strings"
	"syscall"
	"unsafe"
)

// osPageBytes is the kernel's page size, the unit of a page fault and of madvise.
const osPageBytes = 4096

// repetitions of each timed measurement inside one run; the median is reported.
const repetitions = 5

// sink keeps the compiler from removing allocations; readers never look at it.
var sink any

// pointerNode is a 64-byte object made of pointers only: every word is scanned.
type pointerNode struct {
	next  *pointerNode
	other [7]*pointerNode
}

// live holds the structures a measurement keeps reachable.
var live []*pointerNode

func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// cpuNanoseconds is the CPU time the process has used so far, user and system.
func cpuNanoseconds() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return float64(usage.Utime.Nano() + usage.Stime.Nano())
}

func report(name string, value float64) {
	fmt.Printf("measure %s %.3f\n", name, value)
}

// allocationNanoseconds is the cost of one make([]byte, size) whose memory the heap reuses
// (GC off while timing, a forced GC before: the spans come back swept, so their reuse includes
// zeroing, as in a program's steady state).
func allocationNanoseconds(size int) float64 {
	count := (32 << 20) / size
	previous := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(previous)
	var samples []float64
	for r := 0; r < repetitions; r++ {
		runtime.GC()
		start := cpuNanoseconds()
		for i := 0; i < count; i++ {
			sink = make([]byte, size)
		}
		samples = append(samples, (cpuNanoseconds()-start)/float64(count))
	}
	sink = nil
	return median(samples)
}

// freshPageNanoseconds is the cost of the first write to a 4 KiB page the process has not
// touched since the OS gave it (or took it back): a minor page fault and the kernel's zeroing.
func freshPageNanoseconds() float64 {
	const bytes = 64 << 20
	var samples []float64
	for r := 0; r < repetitions; r++ {
		debug.FreeOSMemory()
		buffer := make([]byte, bytes)
		start := cpuNanoseconds()
		for i := 0; i < bytes; i += osPageBytes {
			buffer[i] = 1
		}
		samples = append(samples, (cpuNanoseconds()-start)/float64(bytes/osPageBytes))
		sink = buffer
		sink = nil
	}
	return median(samples)
}

// releasedPageNanoseconds is debug.FreeOSMemory's cost per 4 KiB page it returns to the OS,
// beyond the cost of the collection it starts (a second call, with nothing left to release).
func releasedPageNanoseconds() float64 {
	const bytes = 64 << 20
	var samples []float64
	var stats runtime.MemStats
	for r := 0; r < repetitions; r++ {
		buffer := make([]byte, bytes)
		for i := 0; i < bytes; i += osPageBytes {
			buffer[i] = 1
		}
		sink = buffer
		sink = nil
		runtime.GC()
		runtime.ReadMemStats(&stats)
		releasedBefore := stats.HeapReleased
		start := cpuNanoseconds()
		debug.FreeOSMemory()
		withRelease := cpuNanoseconds() - start
		runtime.ReadMemStats(&stats)
		released := stats.HeapReleased - releasedBefore
		start = cpuNanoseconds()
		debug.FreeOSMemory()
		withoutRelease := cpuNanoseconds() - start
		if released == 0 {
			continue
		}
		samples = append(samples, (withRelease-withoutRelease)/float64(released/osPageBytes))
	}
	if len(samples) == 0 {
		return 0
	}
	return median(samples)
}

// buildLiveHeap makes `bytes` of reachable 64-byte pointer objects.
func buildLiveHeap(bytes int) {
	count := bytes / 64
	live = make([]*pointerNode, 0, count)
	var previous *pointerNode
	for i := 0; i < count; i++ {
		node := &pointerNode{next: previous}
		live = append(live, node)
		previous = node
	}
}

var metricSamples = []metrics.Sample{{Name: "/gc/scan/heap:bytes"}}

// forcedCycle is one runtime.GC(): its CPU time and its stop-the-world pause.
func forcedCycle() (wall, pause float64) {
	var stats runtime.MemStats
	start := cpuNanoseconds()
	runtime.GC()
	wall = (cpuNanoseconds() - start)
	runtime.ReadMemStats(&stats)
	pause = float64(stats.PauseNs[(stats.NumGC+255)%256])
	return wall, pause
}

// cycleCost is the median CPU time of a forced cycle, less its pauses, and the median pause.
func cycleCost() (concurrent, pause float64) {
	forcedCycle()
	var walls, pauses []float64
	for r := 0; r < repetitions; r++ {
		wall, p := forcedCycle()
		walls = append(walls, wall-p)
		pauses = append(pauses, p)
	}
	return median(walls), median(pauses)
}

// markAndFixed measures a forced cycle's concurrent work on a small and on a large live heap of
// pointer objects: the difference over the difference in scanned bytes is the mark rate; the
// small heap's cost is the cycle's fixed work.
func markAndFixed() {
	live = nil
	fixed, _ := cycleCost()
	report("gcFixedNanoseconds", fixed)

	buildLiveHeap(16 << 20)
	small, _ := cycleCost()
	metrics.Read(metricSamples)
	smallScan := float64(metricSamples[0].Value.Uint64())
	buildLiveHeap(128 << 20)
	large, _ := cycleCost()
	metrics.Read(metricSamples)
	largeScan := float64(metricSamples[0].Value.Uint64())
	live = nil
	runtime.GC()
	if large > small && largeScan > smallScan {
		report("scanBytesPerNanosecond", (largeScan-smallScan)/(large-small))
	}
}

// outsideHeap is what the span-scan objects point to: a variable of the program, as the generated
// programs' touched pointer objects point to one.
var outsideHeap byte

// slots holds the span-scan objects, one slot word each, as a generated program's group does.
var slots []unsafe.Pointer

// buildPointerObjects makes `bytes` of reachable make([]*byte, size/8) objects, the first word
// pointing outside the heap and the others nil.
func buildPointerObjects(bytes, size int) {
	slots = make([]unsafe.Pointer, bytes/size)
	for i := range slots {
		object := make([]*byte, size/8)
		object[0] = &outsideHeap
		slots[i] = unsafe.Pointer(&object[0])
	}
}

// pointerObjectsCost is a forced cycle's CPU per object of `size`-byte pointer objects: the
// difference between 128 MiB and 16 MiB of them over the difference in their count.
func pointerObjectsCost(size int) float64 {
	buildPointerObjects(16<<20, size)
	small, _ := cycleCost()
	buildPointerObjects(128<<20, size)
	large, _ := cycleCost()
	slots = nil
	return (large - small) / float64((128<<20)/size-(16<<20)/size)
}

// spanScan measures how much faster the mark scans small pointer objects, which go1.26+ (Green
// Tea) scans span by span, than objects scanobject scans one by one, on the generated programs'
// pointer objects: the rate (bytes per nanosecond of a forced cycle's CPU, each object's 8-byte
// slot included in its bytes) of 64, 128, 256 and 512-byte objects, their median over the rate
// of 4096-byte ones.
func spanScan() {
	objectRate := 4104 / pointerObjectsCost(4096)
	report("scanobjectBytesPerNanosecond", objectRate)
	var rates []float64
	for _, size := range []int{64, 128, 256, 512} {
		rate := float64(size+8) / pointerObjectsCost(size)
		report(fmt.Sprintf("spanScanBytesPerNanosecond.%dB", size), rate)
		rates = append(rates, rate)
	}
	runtime.GC()
	report("spanScanRateRatio", median(rates)/objectRate)
}

// largeObjectScan measures how much faster the mark scans large pointer objects, which it splits
// into 128 KiB oblets and scans with no per-object lookups, than 4096-byte objects, on the
// generated programs' pointer objects: the rate (bytes per nanosecond of a forced cycle's CPU,
// each object's 8-byte slot included in its bytes) of 64 KiB, 256 KiB and 1 MiB objects, their
// median over the rate of 4096-byte ones.
func largeObjectScan() {
	objectRate := 4104 / pointerObjectsCost(4096)
	var rates []float64
	for _, size := range []int{64 << 10, 256 << 10, 1 << 20} {
		rate := float64(size+8) / pointerObjectsCost(size)
		report(fmt.Sprintf("largeObjectScanBytesPerNanosecond.%dKiB", size>>10), rate)
		rates = append(rates, rate)
	}
	runtime.GC()
	report("largeObjectScanRateRatio", median(rates)/objectRate)
}

// liveSweepNanosecondsPerSpan is a forced cycle's CPU per 8 KiB span of live 8 KiB noscan
// objects (one per span, each held by an 8-byte slot): the difference between 128 MiB and 16 MiB
// of them over the difference in their spans. It includes marking each span's object and
// scanning its slot, so it bounds from above what sweeping a span whose object stays costs
// (bgsweep's pace over live spans); sweepNanosecondsPerSpan is a span that is freed.
func liveSweepNanosecondsPerSpan() float64 {
	const size = 8192
	build := func(bytes int) {
		slots = make([]unsafe.Pointer, bytes/size)
		for i := range slots {
			object := make([]byte, size)
			object[0] = 1
			slots[i] = unsafe.Pointer(&object[0])
		}
	}
	build(16 << 20)
	small, _ := cycleCost()
	build(128 << 20)
	large, _ := cycleCost()
	slots = nil
	runtime.GC()
	return (large - small) / float64((128<<20)/size-(16<<20)/size)
}

// kept is the live heap of pauseDuringChurn: package-level, so the compiler cannot end its
// life before the churn does.
var kept [][]byte

// pauseDuringChurn is the median stop-the-world pause of the cycles that 1 KiB garbage starts
// over a live heap of liveBytes in 1 KiB objects (16 times as much garbage: about 16 cycles),
// the shape of the lessons' programs. Real pauses grow with the live heap, so the model's one
// figure is taken at the size of a lesson's heap, and two others are reported beside it.
func pauseDuringChurn(liveBytes int) float64 {
	kept = nil
	for i := 0; i < liveBytes/1024; i++ {
		kept = append(kept, make([]byte, 1024))
	}
	runtime.GC()
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	first := stats.NumGC
	// No ReadMemStats inside the loop: its stop-the-world would change what mark termination finds.
	for i := 0; i < 16*liveBytes/1024; i++ {
		sink = make([]byte, 1024)
	}
	sink = nil
	runtime.ReadMemStats(&stats)
	var pauses []float64
	for n := first + 1; n <= stats.NumGC && n <= first+256; n++ {
		pauses = append(pauses, float64(stats.PauseNs[(n+255)%256]))
	}
	kept = nil
	runtime.GC()
	if len(pauses) == 0 {
		return 0
	}
	return median(pauses)
}

// sweepNanosecondsPerSpan is the extra concurrent work of a forced cycle that frees spans full of
// dead 16-byte objects, per span freed.
func sweepNanosecondsPerSpan() float64 {
	const spanBytes = 8192
	const spans = 16384
	var samples []float64
	var stats runtime.MemStats
	previous := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(previous)
	for r := 0; r < repetitions; r++ {
		runtime.GC()
		baseline, _ := forcedCycle()
		for i := 0; i < spans*spanBytes/16; i++ {
			sink = make([]byte, 16)
		}
		sink = nil
		runtime.ReadMemStats(&stats)
		inuseBefore := stats.HeapInuse
		wall, _ := forcedCycle()
		runtime.ReadMemStats(&stats)
		freed := float64(inuseBefore-stats.HeapInuse) / spanBytes
		if freed > 0 {
			samples = append(samples, (wall-baseline)/freed)
		}
	}
	if len(samples) == 0 {
		return 0
	}
	return median(samples)
}

// pausePerThousandGoroutines is the growth of a cycle's pause with 10 000 blocked goroutines.
func pausePerThousandGoroutines() float64 {
	const goroutines = 10000
	_, without := cycleCost()
	release := make(chan struct{})
	started := make(chan struct{}, goroutines)
	for i := 0; i < goroutines; i++ {
		go func() {
			started <- struct{}{}
			<-release
		}()
	}
	for i := 0; i < goroutines; i++ {
		<-started
	}
	_, with := cycleCost()
	close(release)
	return (with - without) / (goroutines / 1000)
}

// cpuModel is the processor's name from /proc/cpuinfo, or "unknown".
func cpuModel() string {
	file, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer file.Close()
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		key, value, found := strings.Cut(scanner.Text(), ":")
		if found && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}

func main() {
	fmt.Printf("machine cpu %s\n", cpuModel())
	fmt.Printf("machine cpus %d\n", runtime.NumCPU())
	fmt.Printf("machine gomaxprocs %d\n", runtime.GOMAXPROCS(0))
	fmt.Printf("machine go %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		if fields := strings.Fields(string(load)); len(fields) >= 3 {
			fmt.Printf("machine load %s\n", strings.Join(fields[:3], " "))
		}
	}

	for _, size := range []int{8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768} {
		report(fmt.Sprintf("allocation.%dB", size), allocationNanoseconds(size))
	}
	report("nanosecondsPerFreshPage", freshPageNanoseconds())
	report("nanosecondsPerReleasedPage", releasedPageNanoseconds())
	markAndFixed()
	spanScan()
	largeObjectScan()
	report("pauseNanoseconds", pauseDuringChurn(32<<20))
	report("pauseNanoseconds.live4MiB", pauseDuringChurn(4<<20))
	report("pauseNanoseconds.live128MiB", pauseDuringChurn(128<<20))
	report("sweepNanosecondsPerSpan", sweepNanosecondsPerSpan())
	report("liveSweepNanosecondsPerSpan", liveSweepNanosecondsPerSpan())
	report("pauseNanosecondsPerThousandGoroutines", pausePerThousandGoroutines())
}
