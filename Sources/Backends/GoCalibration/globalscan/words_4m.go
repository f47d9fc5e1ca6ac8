//go:build g4m

package main

// globalWords: 4194304 bytes of pointer words.
const globalWords = 524288
