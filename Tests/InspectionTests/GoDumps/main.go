// memstatsdumps runs a small workload and writes what a Go service would show of its memory,
// in every form `memstats inspect` reads. It also serves expvar for the `watch` tests.
//
// Fixtures (committed under Tests/InspectionTests/Fixtures; regenerate with
// `go run -trimpath . -out ../Fixtures` from this directory, with GOTOOLCHAIN=local and a
// private GOCACHE; InspectionTests/FixtureRegenerationTests does the same and checks the result):
//
//	WORKLOAD.memstats.json   json.Marshal(runtime.MemStats)
//	WORKLOAD.expvar.json     the /debug/vars document served by expvar
//	WORKLOAD.heap.txt        pprof heap profile, debug=1 (ends with the # runtime.MemStats block)
//	WORKLOAD.metrics.txt     runtime/metrics samples, one "name value" line each
//	WORKLOAD.metrics.json    the same samples as {"go": VERSION, "metrics": {NAME: VALUE}}
//	WORKLOAD.gctrace.log     stderr of the same workload run under GODEBUG=gctrace=1
//
// Serving: `-serve -requests N [-behaviour ok|truncate|nonjson|nomemstats|slow]` listens on
// 127.0.0.1:0, prints "listening HOST:PORT", allocates a little between requests and exits
// after N requests to /debug/vars (the server going away).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"expvar"
	"flag"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"time"
)

// Package-level so the compiler can never free the live sets early.
var (
	live    [][]byte
	nodes   []*node
	cache   map[int][]byte
	sink    []byte
	parked  sync.WaitGroup
	release = make(chan struct{})
	// Held by the held-out workloads.
	sessions any
	tiny     []string
)

type node struct {
	left, right *node
	value       [2]int64
}

// rng is a small deterministic generator (xorshift64*), so each run does the same work.
type rng uint64

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	*r = rng(x)
	return x * 2685821657736338717
}

// workloads: programs the simulator was not built on, each with a different shape of heap.
var workloads = map[string]func(){
	// A service: a live set of mixed buffers and a steady stream of short-lived requests.
	"service": func() {
		r := rng(42)
		for i := 0; i < 20000; i++ {
			live = append(live, make([]byte, 256+int(r.next()%3840)))
		}
		for i := 0; i < 400000; i++ {
			sink = make([]byte, 64+int(r.next()%2000))
		}
	},
	// A cache: a map of small values that grows, then loses three quarters of its entries.
	"cache": func() {
		cache = make(map[int][]byte)
		for i := 0; i < 200000; i++ {
			cache[i] = make([]byte, 48+(i%5)*16)
		}
		for i := 0; i < 200000; i++ {
			if i%4 != 0 {
				delete(cache, i)
			}
		}
		runtime.GC()
	},
	// Workers: goroutines parked with grown stacks, plus a little heap each.
	"workers": func() {
		for i := 0; i < 2000; i++ {
			parked.Add(1)
			go func(depth int) {
				defer parked.Done()
				grow(depth)
			}(8 + i%24)
		}
		for i := 0; i < 2000; i++ {
			live = append(live, make([]byte, 1024))
		}
		time.Sleep(50 * time.Millisecond)
	},
	// A spike: 150 MB held, dropped and collected; memory stays mapped (retained).
	"spike": func() {
		for i := 0; i < 150000; i++ {
			live = append(live, make([]byte, 1024))
		}
		live = nil
		runtime.GC()
		live = append(live, make([]byte, 4096))
	},
	// Sessions (held out: added after the reproduction was built): a table of small records
	// with pointers, each replaced many times, so records of every age sit in the same spans.
	"sessions": func() {
		type session struct {
			id    int64
			name  string
			attrs map[string]string
			log   []int64
		}
		table := make([]*session, 30000)
		r := rng(7)
		for i := 0; i < 300000; i++ {
			k := int(r.next() % uint64(len(table)))
			s := &session{id: int64(i), name: fmt.Sprintf("user-%d", i), log: make([]int64, 1+r.next()%24)}
			if i%3 == 0 {
				s.attrs = map[string]string{"k": s.name}
			}
			table[k] = s
		}
		sessions = table
	},
	// Chunks (held out): large buffers of mixed sizes, appended and trimmed like a log that is
	// written in bursts and compacted, with tiny strings on the side.
	"chunks": func() {
		r := rng(99)
		for round := 0; round < 40; round++ {
			for i := 0; i < 25; i++ {
				live = append(live, make([]byte, 40000+int(r.next()%400000)))
			}
			if len(live) > 60 {
				live = append([][]byte(nil), live[len(live)-60:]...)
			}
			for i := 0; i < 5000; i++ {
				tiny = append(tiny, string(rune('a'+r.next()%26)))
			}
		}
	},
	// Queue (held out: added after the memory-limit inference; its results are reported, no
	// mechanism is tuned on it): messages through a pool of worker goroutines and channels, each
	// grown by its worker, the last 8000 kept in a ring; the workers exit before the dump.
	"queue": func() {
		type message struct {
			id   int
			body []byte
			tags []string
		}
		in := make(chan *message, 256)
		out := make(chan *message, 256)
		var workers sync.WaitGroup
		for w := 0; w < 16; w++ {
			workers.Add(1)
			go func() {
				defer workers.Done()
				for m := range in {
					m.body = append(m.body, m.body[:len(m.body)/2]...)
					out <- m
				}
			}()
		}
		kept := make([]*message, 8000)
		done := make(chan struct{})
		go func() {
			for m := range out {
				kept[m.id%len(kept)] = m
			}
			close(done)
		}()
		r := rng(5)
		for i := 0; i < 120000; i++ {
			in <- &message{id: i, body: make([]byte, 32+int(r.next()%1500)), tags: []string{"a", "b"}}
		}
		close(in)
		workers.Wait()
		close(out)
		<-done
		sessions = kept
	},
	// Logs (held out, as queue): formatted lines of varied length, the last 20000 kept in a ring.
	"logs": func() {
		r := rng(11)
		levels := []string{"info", "warn", "debug"}
		ring := make([]string, 20000)
		for i := 0; i < 250000; i++ {
			ring[i%len(ring)] = fmt.Sprintf("ts=%d level=%s msg=%q n=%d", i, levels[r.next()%3],
				strings.Repeat("x", int(r.next()%200)), r.next()%1000)
		}
		sessions = ring
	},
	// A tree: many small pointer-holding nodes, built and partly dropped, with garbage.
	"tree": func() {
		var build func(depth int) *node
		build = func(depth int) *node {
			n := &node{}
			nodes = append(nodes, n)
			if depth > 0 {
				n.left, n.right = build(depth-1), build(depth-1)
			}
			return n
		}
		for i := 0; i < 6; i++ {
			build(15)
			if i%2 == 0 {
				nodes = nodes[:len(nodes)/2]
			}
		}
	},
}

// grow recurses with a 512-byte frame until depth, then parks: a stack of about depth/2 KiB.
func grow(depth int) byte {
	var frame [512]byte
	frame[depth%512] = byte(depth)
	if depth > 0 {
		return grow(depth-1) + frame[0]
	}
	<-release
	return frame[0]
}

func main() {
	out := flag.String("out", "", "write every form for each workload into this directory")
	only := flag.String("workload", "", "run only this workload")
	serve := flag.Bool("serve", false, "serve expvar on 127.0.0.1:0")
	requests := flag.Int("requests", 3, "with -serve: exit after this many requests")
	behaviour := flag.String("behaviour", "ok", "with -serve: ok, truncate, nonjson, nomemstats or slow")
	single := flag.String("dump", "", "internal: run one workload and write its forms to -out")
	flag.Parse()

	switch {
	case *serve:
		serveExpvar(*requests, *behaviour)
	case *single != "":
		workloads[*single]()
		writeForms(*out, *single)
		close(release)
		parked.Wait()
	case *out != "":
		names := []string{"service", "cache", "workers", "spike", "tree", "sessions", "chunks", "queue", "logs"}
		if *only != "" {
			names = []string{*only}
		}
		for _, name := range names {
			if err := runChild(*out, name); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// runChild runs one workload in a fresh process under GODEBUG=gctrace=1, so each dump starts
// from a fresh runtime and the gctrace log is that run's own.
func runChild(dir, name string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-dump", name, "-out", dir)
	cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
	var trace bytes.Buffer
	cmd.Stderr = &trace
	cmd.Stdout = os.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v\n%s", name, err, trace.String())
	}
	return os.WriteFile(filepath.Join(dir, name+".gctrace.log"), trace.Bytes(), 0o644)
}

func writeForms(dir, name string) {
	must := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	path := func(suffix string) string { return filepath.Join(dir, name+suffix) }

	// The metrics first: reading MemStats flushes the mcaches, which would move the numbers.
	samples := readMetrics()
	var text strings.Builder
	values := map[string]any{}
	for _, s := range samples {
		switch s.Value.Kind() {
		case metrics.KindUint64:
			fmt.Fprintf(&text, "%s %d\n", s.Name, s.Value.Uint64())
			values[s.Name] = s.Value.Uint64()
		case metrics.KindFloat64:
			f := s.Value.Float64()
			if math.IsInf(f, 0) || math.IsNaN(f) {
				continue
			}
			fmt.Fprintf(&text, "%s %v\n", s.Name, f)
			values[s.Name] = f
		}
	}
	must(os.WriteFile(path(".metrics.txt"), []byte(text.String()), 0o644))
	doc, err := json.MarshalIndent(map[string]any{"go": runtime.Version(), "metrics": values}, "", "  ")
	must(err)
	must(os.WriteFile(path(".metrics.json"), append(doc, '\n'), 0o644))

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	plain, err := json.Marshal(ms)
	must(err)
	must(os.WriteFile(path(".memstats.json"), append(plain, '\n'), 0o644))

	recorder := httptest.NewRecorder()
	expvar.Handler().ServeHTTP(recorder, httptest.NewRequest("GET", "/debug/vars", nil))
	must(os.WriteFile(path(".expvar.json"), recorder.Body.Bytes(), 0o644))

	var heap bytes.Buffer
	must(pprof.Lookup("heap").WriteTo(&heap, 1))
	must(os.WriteFile(path(".heap.txt"), heap.Bytes(), 0o644))
}

func readMetrics() []metrics.Sample {
	descriptions := metrics.All()
	samples := make([]metrics.Sample, len(descriptions))
	for i, d := range descriptions {
		samples[i].Name = d.Name
	}
	metrics.Read(samples)
	return samples
}

// serveExpvar serves /debug/vars until it has answered `requests` requests, then exits.
func serveExpvar(requests int, behaviour string) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var mu sync.Mutex
	served := 0
	done := make(chan struct{})
	vars := expvar.Handler()
	handler := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		served++
		n := served
		mu.Unlock()
		// Work between polls, so the fields change.
		for i := 0; i < 2000*n; i++ {
			live = append(live, make([]byte, 512))
		}
		switch behaviour {
		case "truncate":
			hijacker, ok := w.(http.Hijacker)
			if ok {
				conn, buf, _ := hijacker.Hijack()
				fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"memstats\": {\"Alloc\": 12")
				buf.Flush()
				conn.Close()
			}
		case "nonjson":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>not expvar</body></html>")
		case "nomemstats":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, "{\"cmdline\": [\"server\"], \"requests\": 3}")
		case "slow":
			time.Sleep(3 * time.Second)
			vars.ServeHTTP(w, req)
		default:
			vars.ServeHTTP(w, req)
		}
		if n >= requests {
			select {
			case <-done:
			default:
				close(done)
			}
		}
	})
	fmt.Printf("listening %s\n", listener.Addr())
	os.Stdout.Sync()
	server := &http.Server{Handler: handler}
	go server.Serve(listener)
	// Exit when the quota is served, or when whoever started us goes away (stdin closes).
	go func() {
		bufio.NewReader(os.Stdin).ReadString('\n')
		os.Exit(0)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
	}
	time.Sleep(50 * time.Millisecond)
	listener.Close()
	os.Exit(0)
}
