package main

import (
	"compress/gzip"
	"io"
	"os"
	"strconv"
)

// go-gzip LEVEL < in > out.gz: the input through Go's compress/gzip at LEVEL, in the io.Copy
// writes a Go tool makes (the producer of most image layers in registries). Built by
// test/support/gzip-layouts.ts with the Go toolchain (CI installs Debian's golang-go).
func main() {
	level, _ := strconv.Atoi(os.Args[1])
	w, err := gzip.NewWriterLevel(os.Stdout, level)
	if err != nil {
		panic(err)
	}
	if _, err := io.Copy(w, os.Stdin); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
}
