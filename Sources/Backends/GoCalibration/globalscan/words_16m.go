//go:build g16m

package main

// globalWords: 16777216 bytes of pointer words.
const globalWords = 2097152
