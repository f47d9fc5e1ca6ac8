// Prints the byte size of each runtime struct named on the command line, as the DWARF of this
// program's own executable records it (the sizes of the runtime it was built with).
// GoStructSizeTests builds it with every Go toolchain present and compares the sizes with the
// model's GoProfile of that release.
package main

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"os"
)

func main() {
	path, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := elf.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	d, err := f.DWARF()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	want := map[string]bool{}
	for _, name := range os.Args[1:] {
		want[name] = true
	}
	r := d.Reader()
	for len(want) > 0 {
		e, err := r.Next()
		if err != nil || e == nil {
			break
		}
		if e.Tag != dwarf.TagStructType {
			continue
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		if size, ok := e.Val(dwarf.AttrByteSize).(int64); ok && want[name] {
			fmt.Printf("%s %d\n", name, size)
			delete(want, name)
		}
	}
}
