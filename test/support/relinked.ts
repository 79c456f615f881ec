/**
 * A relinked executable in miniature: `base` with the byte after every byte below 16 (opcodes
 * of calls, say, one byte in 16) moved by 5. The context-modelled diff coding predicts those
 * bytes from the base byte before them; the split coding spells out each gap, which is random
 * in random bytes, so the modelled coding is the smaller one (the tests that use this check it).
 */
export function relinked(base: Uint8Array): Buffer {
  const target = Buffer.from(base);
  for (let i = 0; i + 1 < base.length; i++) if (base[i]! < 16) target[i + 1] = (base[i + 1]! + 5) & 0xff;
  return target;
}
