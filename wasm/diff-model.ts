// The sa method's context-modelled diff stream, decoded (src/delta/diff-model.ts is the
// reference, DiffModelDecoder: the same model, the same range decoder, byte for byte). Part
// of the delta kernel (wasm/delta.ts exports it). The host has checked the steps: every run
// lies inside the base and the diff stream.

const PROB_INIT: u16 = 1024;
const MOVE: u32 = 5;
const TOP: u32 = 1 << 24;
const FLAGS: i32 = 8192;
const VALUES: i32 = 512 * 256;

/** Bytes of probability tables decodeDiffModel needs at `probs`. */
export function diffModelTableBytes(): i32 {
  return (FLAGS + VALUES) * 2;
}

/**
 * Decodes the diff bytes of every step (i32 triples at `steps`: diff run, extra run, seek)
 * from the `inputLength` range-coded bytes at `input` into `diff`, the runs added to the base
 * at `base`. Bytes read past the input are zero. Returns how far into the input the decoder
 * read (past inputLength + 4: the stream ended early).
 */
export function decodeDiffModel(input: usize, inputLength: u32, base: usize, steps: usize, stepCount: i32, diff: usize, probs: usize): u32 {
  const flags = probs;
  const values = probs + (<usize>FLAGS << 1);
  for (let k = 0; k < FLAGS + VALUES; k++) store<u16>(probs + (<usize>k << 1), PROB_INIT);
  let code: u32 = 0;
  let range: u32 = 0xffffffff;
  let at: u32 = 0;
  for (let k = 0; k < 5; k++) {
    code = (code << 8) | (at < inputLength ? <u32>load<u8>(input + at) : 0);
    at++;
  }
  let run: u32 = 0;
  let prev: u32 = 0;
  let i: usize = 0;
  let basePos: i32 = 0;
  for (let s = 0; s < stepCount; s++) {
    const count = load<i32>(steps + (<usize>s) * 12);
    const seek = load<i32>(steps + (<usize>s) * 12, 8);
    let b = <usize>basePos;
    const end = i + <usize>count;
    for (; i < end; i++, b++) {
      const before: u32 = b > 0 ? <u32>load<u8>(base + b - 1) : 0;
      const r: u32 = run < 3 ? run : 3;
      const back8: u32 = i >= 8 && load<u8>(diff + i - 8) != 0 ? 1 : 0;
      const back4: u32 = i >= 4 && load<u8>(diff + i - 4) != 0 ? 1 : 0;
      const ctx = ((((before * 4 + r) * 2 + back8) * 2 + back4) * 2) + (load<u8>(base + b) == 0 ? 1 : 0);
      const fp = flags + (<usize>ctx << 1);
      let p = <u32>load<u16>(fp);
      let bound = (range >> 11) * p;
      let v: u32 = 0;
      if (code < bound) {
        range = bound;
        store<u16>(fp, <u16>(p + ((2048 - p) >> MOVE)));
      } else {
        code -= bound;
        range -= bound;
        store<u16>(fp, <u16>(p - (p >> MOVE)));
        v = 1;
      }
      while (range < TOP) {
        range <<= 8;
        code = (code << 8) | (at < inputLength ? <u32>load<u8>(input + at) : 0);
        at++;
      }
      if (v == 1) {
        const vctx: u32 = (run == 0 ? prev : 256 + (i >= 8 ? <u32>load<u8>(diff + i - 8) : 0)) * 256;
        let node: u32 = 1;
        for (let k = 0; k < 8; k++) {
          const vp = values + (<usize>(vctx + node) << 1);
          p = <u32>load<u16>(vp);
          bound = (range >> 11) * p;
          if (code < bound) {
            range = bound;
            store<u16>(vp, <u16>(p + ((2048 - p) >> MOVE)));
            node = node << 1;
          } else {
            code -= bound;
            range -= bound;
            store<u16>(vp, <u16>(p - (p >> MOVE)));
            node = (node << 1) | 1;
          }
          while (range < TOP) {
            range <<= 8;
            code = (code << 8) | (at < inputLength ? <u32>load<u8>(input + at) : 0);
            at++;
          }
        }
        v = node & 0xff;
      }
      store<u8>(diff + i, <u8>v);
      if (v == 0) run++;
      else {
        run = 0;
        prev = v;
      }
    }
    basePos = basePos + count + seek;
  }
  return at;
}
