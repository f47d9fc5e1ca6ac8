//go:build !g256k && !g1m && !g4m && !g16m

package main

const globalWords = 1
