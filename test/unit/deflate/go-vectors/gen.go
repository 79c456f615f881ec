// Generates go-flate.json: the length and sha256 of the raw deflate stream Go's compress/flate
// makes at levels 2-9 of seeded inputs that test/unit/deflate/go-flate.test.ts rebuilds the
// same way (see mixed() there). Run with `go run gen.go > go-flate.json` (Go 1.19 made the
// file in the repository).
package main

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"runtime"
)

type rng struct{ s uint32 }

func (r *rng) next() uint32 {
	r.s ^= r.s << 13
	r.s ^= r.s >> 17
	r.s ^= r.s << 5
	return r.s
}

var words = []string{"layer", "image", "chunk", "the", "of", "sha256:", "usr/lib/", ".so.1", "{\"name\":", "0000000", "\n", "  ", "cairn", "registry", "a", "version=1.2.3"}

// mixed: size bytes from seed: random runs, copies from earlier bytes, byte runs and words.
func mixed(size int, seed uint32) []byte {
	r := &rng{seed*2654435761 + 1}
	out := make([]byte, 0, size)
	for len(out) < size {
		switch r.next() % 4 {
		case 0:
			n := 1 + int(r.next()%64)
			for i := 0; i < n; i++ {
				out = append(out, byte(r.next()))
			}
		case 1:
			if len(out) == 0 {
				continue
			}
			max := len(out)
			if max > 40000 {
				max = 40000
			}
			d := 1 + int(r.next()%uint32(max))
			n := 3 + int(r.next()%300)
			for i := 0; i < n; i++ {
				out = append(out, out[len(out)-d])
			}
		case 2:
			b := byte(r.next())
			n := 1 + int(r.next()%600)
			for i := 0; i < n; i++ {
				out = append(out, b)
			}
		default:
			out = append(out, words[r.next()%uint32(len(words))]...)
		}
	}
	return out[:size]
}

// random: size bytes of the generator alone (stored blocks).
func random(size int, seed uint32) []byte {
	r := &rng{seed*2654435761 + 1}
	out := make([]byte, size)
	for i := range out {
		out[i] = byte(r.next() >> 7)
	}
	return out
}

type vector struct {
	Kind   string `json:"kind"`
	Size   int    `json:"size"`
	Seed   uint32 `json:"seed"`
	Level  int    `json:"level"`
	Length int    `json:"length"`
	Sha256 string `json:"sha256"`
}

func main() {
	type input struct {
		kind string
		size int
		seed uint32
	}
	inputs := []input{}
	for i, size := range []int{0, 1, 4, 5, 100, 5000, 70000, 300000, 1500000} {
		inputs = append(inputs, input{"mixed", size, uint32(i + 1)})
	}
	inputs = append(inputs, input{"random", 200000, 7}, input{"random", 70000, 8})
	vectors := []vector{}
	for _, in := range inputs {
		data := mixed(in.size, in.seed)
		if in.kind == "random" {
			data = random(in.size, in.seed)
		}
		for level := 1; level <= 9; level++ {
			vectors = append(vectors, encode(in.kind, in.size, in.seed, level, data))
		}
	}
	// Past 16 MiB Go rebases its hash chains: one input that long, at the default level (and at
	// level 1, whose table lives across blocks).
	big := mixed(17<<20, 99)
	vectors = append(vectors, encode("mixed", 17<<20, 99, 6, big), encode("mixed", 17<<20, 99, 1, big))
	out, _ := json.MarshalIndent(map[string]interface{}{"go": runtime.Version(), "vectors": vectors}, "", " ")
	os.Stdout.Write(append(out, '\n'))
}

func encode(kind string, size int, seed uint32, level int, data []byte) vector {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, level)
	w.Write(data)
	w.Close()
	sum := sha256.Sum256(buf.Bytes())
	return vector{kind, size, seed, level, buf.Len(), hex.EncodeToString(sum[:])}
}
