// This program is one memstats scenario told to a real Go runtime. Each statement below
// names its scenario line. Readings are stored in package-level arrays that exist before
// main starts and are printed as one JSON document on stdout at the end, so the program's
// own bookkeeping stays out of what it measures (the imports' initialisation is part of
// the start-up baseline). Run it with GOGC, GOMEMLIMIT and GODEBUG unset.
package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// Every scenario imports the same packages (the start-up baseline does not depend on the
// statements); these keep the compiler from rejecting the ones a scenario does not use.
var (
	_ = math.MaxInt64      // `set memlimit off`
	_ = debug.FreeOSMemory // `release`, `set gogc`, `set memlimit`
)

// Kinds of objects and whether their pages are written (see newObject).
const (
	noPointers   = false
	withPointers = true
	untouched    = false
	touched      = true
)

// pageBytes is the page size the program writes once per page of each object.
const pageBytes = 4096

// A proc text is read into a fixed buffer; length < 0 is -errno, length == len(bytes) means truncated.
type procText struct {
	length int
	bytes  [4096]byte
}

type snapshotStatement struct {
	label string
	line  int
}

var programStart time.Time
