// The helpers every generated program ends with. memstats appends everything after the package
// clause to main.go, below the scenario's own part (snapshotStatements, the storage arrays and
// main), which is why this file alone does not compile: GoProgramFilesTests checks it with gofmt
// and checks a whole generated program with go vet. The values of frameBytes,
// startingStackBytes and stackMarginBytes are rendered from GoProgramShape.

package main

// sink keeps the newest garbage object reachable until the next one is made, so the
// compiler can neither keep it on the stack nor drop the allocation.
var sink unsafe.Pointer

// touchMark is what a touched pointer object points to.
var touchMark byte

// newObject allocates one object of size bytes: make([]byte, size), or with pointers
// make([]*byte, ceil(size/8)); unless untouched, it writes the first byte of every 4 KiB
// page the object covers. It returns a pointer to the first element, which keeps the
// whole object alive.
func newObject(size int, pointers bool, touch bool) unsafe.Pointer {
	if pointers {
		p := make([]*byte, (size+7)/8)
		if len(p) == 0 {
			return nil
		}
		if touch {
			start := uintptr(unsafe.Pointer(&p[0]))
			for i := 0; i < len(p); {
				p[i] = &touchMark
				next := (start+uintptr(i)*8)/pageBytes*pageBytes + pageBytes
				i = int((next - start + 7) / 8)
			}
		}
		return unsafe.Pointer(&p[0])
	}
	b := make([]byte, size)
	if len(b) == 0 {
		return nil
	}
	if touch {
		start := uintptr(unsafe.Pointer(&b[0]))
		for i := 0; i < len(b); {
			b[i] = 1
			next := (start+uintptr(i))/pageBytes*pageBytes + pageBytes
			i = int(next - start)
		}
	}
	return unsafe.Pointer(&b[0])
}

// allocIntoGroup appends count new objects to a group. The group gets a new slot slice of
// exactly len(old)+count slots before any object is made; the old slice is garbage from then on.
func allocIntoGroup(group *[]unsafe.Pointer, count int, size int, pointers bool, touch bool) {
	old := *group
	slots := make([]unsafe.Pointer, len(old)+count)
	copy(slots, old)
	*group = slots
	for i := len(slots) - count; i < len(slots); i++ {
		slots[i] = newObject(size, pointers, touch)
	}
}

// allocGarbage makes count objects that nothing keeps beyond the next one.
func allocGarbage(count int, size int, pointers bool, touch bool) {
	for i := 0; i < count; i++ {
		sink = newObject(size, pointers, touch)
	}
	sink = nil
}

// keepOneIn keeps the objects at slots 0, k, 2k, … and drops the rest; the slice stays.
func keepOneIn(slots []unsafe.Pointer, k int) {
	for i := range slots {
		if i%k != 0 {
			slots[i] = nil
		}
	}
}

// A goroutineGroup is the goroutines started under one name: they block until quit is closed.
type goroutineGroup struct {
	quit    chan struct{}
	running sync.WaitGroup
}

// What the goroutines being started read before they signal spawnReady.
var (
	spawnFrames uintptr
	spawnReady  sync.WaitGroup
)

// frameBytes is the local array of each recursion frame; the frame itself is a little larger.
const frameBytes = 240

// The goroutine's starting stack (Go's fixedStack), and what its frames leave free of the stack
// it asked for (room for the runtime's stack guard and the goroutine's own entry frames).
const (
	startingStackBytes = 2048
	stackMarginBytes   = 2048
)

// stackFrameTarget is how many bytes of frames a goroutine asked for stack bytes keeps live:
// max(stack − 2 KiB, S/2) with S the stack rounded up to a power of two (at least 2 KiB), so
// the runtime's doubling stack ends at exactly S; 0 for a 2 KiB stack (no recursion).
func stackFrameTarget(stack uintptr) uintptr {
	s := uintptr(startingStackBytes)
	for s < stack {
		s *= 2
	}
	if s == startingStackBytes {
		return 0
	}
	want := s / 2
	if stack > stackMarginBytes && stack-stackMarginBytes > want {
		want = stack - stackMarginBytes
	}
	return want
}

// growStack recurses with frames whose local array stays live across the call until the
// frames reach want bytes below top, then blocks until quit is closed.
//
//go:noinline
func growStack(top *byte, want uintptr, quit chan struct{}) byte {
	var frame [frameBytes]byte
	frame[0] = byte(want)
	used := uintptr(unsafe.Pointer(top)) - uintptr(unsafe.Pointer(&frame[0]))
	if used+2*frameBytes <= want {
		frame[1] = growStack(top, want, quit)
	} else {
		spawnReady.Done()
		<-quit
	}
	return frame[0] + frame[1]
}

func goroutineMain(group *goroutineGroup) {
	want := spawnFrames
	var top byte
	if want == 0 {
		spawnReady.Done()
		<-group.quit
	} else {
		growStack(&top, want, group.quit)
	}
	group.running.Done()
}

// startGoroutines starts count goroutines and returns when all of them have grown their
// stacks and are blocked.
func startGoroutines(group *goroutineGroup, count int, stack uintptr) {
	if group.quit == nil {
		group.quit = make(chan struct{})
	}
	spawnFrames = stackFrameTarget(stack)
	spawnReady.Add(count)
	group.running.Add(count)
	for i := 0; i < count; i++ {
		go goroutineMain(group)
	}
	spawnReady.Wait()
}

// stopGoroutines lets every goroutine of the group return and waits until they have.
func stopGoroutines(group *goroutineGroup) {
	if group.quit == nil {
		return
	}
	close(group.quit)
	group.running.Wait()
	group.quit = nil
}

// NUL-terminated paths for openat, so reading them allocates nothing.
var (
	statusPath = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 's', 't', 'a', 't', 'u', 's', 0}
	smapsPath  = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 's', 'm', 'a', 'p', 's', '_', 'r', 'o', 'l', 'l', 'u', 'p', 0}
	statmPath  = [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 's', 't', 'a', 't', 'm', 0}
)

// atFDCWD is AT_FDCWD (-100) as the uintptr openat takes.
const atFDCWD = ^uintptr(99)

// readProc reads a whole /proc file into t with raw system calls: no allocation, and no
// entersyscall, so the scheduler never hands the P to a new thread while we read (a new M
// would add its m, g0 and stacks to the very numbers being measured).
func readProc(path *byte, t *procText) {
	fd, _, errno := syscall.RawSyscall6(syscall.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(path)),
		uintptr(syscall.O_RDONLY|syscall.O_CLOEXEC), 0, 0, 0)
	if errno != 0 {
		t.length = -int(errno)
		return
	}
	n := 0
	for n < len(t.bytes) {
		m, _, errno := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&t.bytes[n])), uintptr(len(t.bytes)-n))
		if errno != 0 || m == 0 {
			break
		}
		n += int(m)
	}
	syscall.RawSyscall(syscall.SYS_CLOSE, fd, 0, 0)
	t.length = n
}

// takeSnapshot records MemStats and the process's Linux view for snapshot statement `statement`.
func takeSnapshot(statement int) {
	k := snapshotsTaken
	runtime.ReadMemStats(&snapshotMemStats[k])
	readProc(&statusPath[0], &snapshotStatus[k])
	readProc(&smapsPath[0], &snapshotSmaps[k])
	readProc(&statmPath[0], &snapshotStatm[k])
	snapshotStatementOf[k] = statement
	snapshotElapsed[k] = time.Since(programStart)
	snapshotsTaken = k + 1
}

// printReadings prints every reading as one JSON document, the only output and the only
// allocation that is not part of the scenario. It is written by hand with strconv:
// encoding/json's package initialisation alone adds about 27 objects and 32 KiB of in-use
// spans to the start-up baseline every snapshot would carry.
func printReadings(scenario string) {
	out := make([]byte, 0, 16384*(snapshotsTaken+1))
	out = append(out, `{"memstats_go_program":1,"scenario":`...)
	out = appendJSONString(out, scenario)
	out = append(out, `,"go_version":`...)
	out = appendJSONString(out, runtime.Version())
	out = append(out, `,"gomaxprocs":`...)
	out = strconv.AppendInt(out, int64(runtime.GOMAXPROCS(0)), 10)
	out = append(out, `,"readings":[`...)
	for k := 0; k < snapshotsTaken; k++ {
		if k > 0 {
			out = append(out, ',')
		}
		st := snapshotStatements[snapshotStatementOf[k]]
		out = append(out, `{"label":`...)
		out = appendJSONString(out, st.label)
		out = append(out, `,"line":`...)
		out = strconv.AppendInt(out, int64(st.line), 10)
		out = append(out, `,"elapsed_ns":`...)
		out = strconv.AppendInt(out, int64(snapshotElapsed[k]), 10)
		out = append(out, `,"memstats":`...)
		out = appendMemStats(out, &snapshotMemStats[k])
		texts := [...]struct {
			name string
			text *procText
		}{{"status", &snapshotStatus[k]}, {"smaps_rollup", &snapshotSmaps[k]}, {"statm", &snapshotStatm[k]}}
		out = append(out, `,"proc":{`...)
		first := true
		for _, t := range texts {
			if t.text.length < 0 {
				continue
			}
			if !first {
				out = append(out, ',')
			}
			first = false
			out = appendJSONString(out, t.name)
			out = append(out, ':')
			out = appendJSONString(out, string(t.text.bytes[:t.text.length]))
		}
		out = append(out, '}')
		first = true
		for _, t := range texts {
			problem := ""
			switch {
			case t.text.length < 0:
				problem = syscall.Errno(-t.text.length).Error()
			case t.text.length == len(t.text.bytes):
				problem = "truncated at 4096 bytes"
			default:
				continue
			}
			if first {
				out = append(out, `,"proc_errors":{`...)
			} else {
				out = append(out, ',')
			}
			first = false
			out = appendJSONString(out, t.name)
			out = append(out, ':')
			out = appendJSONString(out, problem)
		}
		if !first {
			out = append(out, '}')
		}
		out = append(out, '}')
	}
	out = append(out, "]}\n"...)
	if _, err := os.Stdout.Write(out); err != nil {
		os.Exit(2)
	}
}

// appendMemStats appends m as encoding/json would: Go's field names as keys.
func appendMemStats(out []byte, m *runtime.MemStats) []byte {
	counters := [...]struct {
		name  string
		value uint64
	}{
		{"Alloc", m.Alloc}, {"TotalAlloc", m.TotalAlloc}, {"Sys", m.Sys}, {"Lookups", m.Lookups},
		{"Mallocs", m.Mallocs}, {"Frees", m.Frees}, {"HeapAlloc", m.HeapAlloc}, {"HeapSys", m.HeapSys},
		{"HeapIdle", m.HeapIdle}, {"HeapInuse", m.HeapInuse}, {"HeapReleased", m.HeapReleased},
		{"HeapObjects", m.HeapObjects}, {"StackInuse", m.StackInuse}, {"StackSys", m.StackSys},
		{"MSpanInuse", m.MSpanInuse}, {"MSpanSys", m.MSpanSys}, {"MCacheInuse", m.MCacheInuse},
		{"MCacheSys", m.MCacheSys}, {"BuckHashSys", m.BuckHashSys}, {"GCSys", m.GCSys},
		{"OtherSys", m.OtherSys}, {"NextGC", m.NextGC}, {"LastGC", m.LastGC},
		{"PauseTotalNs", m.PauseTotalNs}, {"NumGC", uint64(m.NumGC)}, {"NumForcedGC", uint64(m.NumForcedGC)},
	}
	out = append(out, '{')
	for _, c := range counters {
		out = append(out, '"')
		out = append(out, c.name...)
		out = append(out, `":`...)
		out = strconv.AppendUint(out, c.value, 10)
		out = append(out, ',')
	}
	out = append(out, `"PauseNs":`...)
	out = appendUints(out, m.PauseNs[:])
	out = append(out, `,"PauseEnd":`...)
	out = appendUints(out, m.PauseEnd[:])
	out = append(out, `,"GCCPUFraction":`...)
	out = strconv.AppendFloat(out, m.GCCPUFraction, 'g', -1, 64)
	out = append(out, `,"EnableGC":`...)
	out = strconv.AppendBool(out, m.EnableGC)
	out = append(out, `,"DebugGC":`...)
	out = strconv.AppendBool(out, m.DebugGC)
	out = append(out, `,"BySize":[`...)
	for i, c := range m.BySize {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"Size":`...)
		out = strconv.AppendUint(out, uint64(c.Size), 10)
		out = append(out, `,"Mallocs":`...)
		out = strconv.AppendUint(out, c.Mallocs, 10)
		out = append(out, `,"Frees":`...)
		out = strconv.AppendUint(out, c.Frees, 10)
		out = append(out, '}')
	}
	return append(out, "]}"...)
}

func appendUints(out []byte, values []uint64) []byte {
	out = append(out, '[')
	for i, v := range values {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendUint(out, v, 10)
	}
	return append(out, ']')
}

// appendJSONString appends s as a JSON string: quotes, backslashes and control bytes escaped.
func appendJSONString(out []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c == '\n':
			out = append(out, '\\', 'n')
		case c == '\t':
			out = append(out, '\\', 't')
		case c < 0x20:
			out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			out = append(out, c)
		}
	}
	return append(out, '"')
}
