//go:build g256k

package main

// globalWords: 262144 bytes of pointer words.
const globalWords = 32768
