//go:build g1m

package main

// globalWords: 1048576 bytes of pointer words.
const globalWords = 131072
