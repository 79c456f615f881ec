/**
 * The two deflate engines, driven the same way: compress a whole input, compress a prefix
 * without finishing (its output is a prefix of the whole stream's, whatever follows), and
 * compress while comparing against an expected stream, stopping at the first differing byte.
 */
import pako from 'pako';
import { constants, deflateRawSync, type ZlibOptions } from 'node:zlib';
import { BadInputError } from '../errors.js';
import { goCompressor, goDeflate } from './go-flate.js';
import type { DeflateParams, StreamParams, ZlibParams } from './params.js';
import { buildStored } from './stored.js';

const STEP = 64 * 1024;

/** True when node:zlib here is the zlib that `zlib-1.3.1` descriptors name. */
export function nodeZlibMatches(): boolean {
  return /^1\.3\.1(\D|$)/.test(process.versions.zlib ?? '');
}

function nodeOptions(p: ZlibParams, finishFlush?: number): ZlibOptions {
  const o: ZlibOptions = { level: p.level, memLevel: p.memLevel, windowBits: p.windowBits, strategy: p.strategy };
  if (finishFlush !== undefined) o.finishFlush = finishFlush;
  return o;
}

interface PakoStream {
  strm: { output: Uint8Array; next_out: number };
}

function pakoDeflater(p: ZlibParams, onData: (chunk: Uint8Array) => void): pako.Deflate {
  const d = new pako.Deflate({
    level: p.level as pako.DeflateFunctionOptions['level'],
    memLevel: p.memLevel as pako.DeflateFunctionOptions['memLevel'],
    windowBits: -p.windowBits,
    strategy: p.strategy as pako.DeflateFunctionOptions['strategy'],
    chunkSize: STEP,
  });
  if (d.err) throw new BadInputError(`deflate parameters refused: ${JSON.stringify(p)}`);
  d.onData = (chunk) => onData(chunk as Uint8Array);
  return d;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts);
}

/** The raw deflate stream of `input` with these parameters. */
export function deflateWith(p: DeflateParams, input: Uint8Array): Uint8Array {
  if (p.impl === 'stored') return buildStored(p, input);
  if (p.impl === 'go-flate') return goDeflate(p.level, input);
  if (p.impl === 'zlib-1.3.1') {
    if (!nodeZlibMatches()) {
      throw new BadInputError(`deflate ${p.impl} needs node:zlib 1.3.1; this Node has zlib ${process.versions.zlib}`);
    }
    return new Uint8Array(deflateRawSync(input, nodeOptions(p)));
  }
  const parts: Uint8Array[] = [];
  const d = pakoDeflater(p, (c) => parts.push(c));
  d.push(input, true);
  return concat(parts);
}

/** Output of compressing `prefix` without finishing: a prefix of any stream that starts with it. */
export function deflatePrefix(p: ZlibParams, prefix: Uint8Array): Uint8Array {
  if (p.impl === 'zlib-1.3.1') {
    if (!nodeZlibMatches()) return new Uint8Array(0);
    return new Uint8Array(deflateRawSync(prefix, nodeOptions(p, constants.Z_NO_FLUSH)));
  }
  const parts: Uint8Array[] = [];
  const d = pakoDeflater(p, (c) => parts.push(c));
  d.push(prefix, false);
  const s = (d as unknown as PakoStream).strm;
  parts.push(s.output.subarray(0, s.next_out));
  return concat(parts);
}

/**
 * Whether compressing `input` with `p` without finishing gives some output, and output that
 * agrees with `head` on every byte both have: deflatePrefix compared with `head`, but a pako
 * candidate stops compressing at the first byte that differs, or once all of `head` agrees
 * (a wrong candidate that agrees on the first block usually parts within a few more).
 */
export function agreesAsPrefix(p: ZlibParams, input: Uint8Array, head: Uint8Array): boolean {
  const agreesAt = (at: number, chunk: Uint8Array): boolean => {
    const n = Math.min(chunk.length, head.length - at);
    return n <= 0 || equalAt(head, at, chunk.subarray(0, n));
  };
  if (p.impl === 'zlib-1.3.1') {
    const out = deflatePrefix(p, input);
    return out.length > 0 && head.length > 0 && agreesAt(0, out);
  }
  let at = 0;
  let ok = true;
  const d = pakoDeflater(p, (chunk) => {
    if (ok && !agreesAt(at, chunk)) ok = false;
    at += chunk.length;
  });
  const s = (d as unknown as PakoStream).strm;
  for (let i = 0; i < input.length; i += STEP) {
    d.push(input.subarray(i, Math.min(i + STEP, input.length)), false);
    // Output not yet handed on lies in the stream's buffer.
    if (!ok || !agreesAt(at, s.output.subarray(0, s.next_out))) return false;
    if (at + s.next_out >= head.length) return head.length > 0;
  }
  return at + s.next_out > 0 && head.length > 0;
}

/** Whether `expected` holds `chunk` at `at`. */
export function equalAt(expected: Uint8Array, at: number, chunk: Uint8Array): boolean {
  if (at + chunk.length > expected.length) return false;
  return Buffer.compare(
    Buffer.from(expected.buffer, expected.byteOffset + at, chunk.length),
    Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
  ) === 0;
}

/** True when compressing `input` with `p` gives exactly `expected`; stops at the first difference. */
export function reproduces(p: ZlibParams, input: Uint8Array, expected: Uint8Array): boolean {
  if (p.impl === 'zlib-1.3.1') {
    if (!nodeZlibMatches()) return false;
    const out = deflateRawSync(input, nodeOptions(p));
    return out.length === expected.length && equalAt(expected, 0, out);
  }
  let at = 0;
  let ok = true;
  const d = pakoDeflater(p, (chunk) => {
    if (ok && equalAt(expected, at, chunk)) at += chunk.length;
    else ok = false;
  });
  if (input.length === 0) d.push(input, true);
  for (let i = 0; ok && i < input.length; i += STEP) {
    const end = Math.min(i + STEP, input.length);
    d.push(input.subarray(i, end), end === input.length);
  }
  return ok && at === expected.length;
}

/**
 * A deflater fed piece by piece, pako's (`zlib-1.2.13`) or Go's (`go-flate`): `push` hands each
 * finished piece of the raw deflate stream to `onData`, `final` ends the stream. For streams
 * too large to hold.
 */
export function deflateStream(p: StreamParams, onData: (chunk: Uint8Array) => void): { push(input: Uint8Array, final: boolean): void } {
  if (p.impl === 'go-flate') {
    const d = goCompressor(p.level, onData);
    return {
      push(input, final) {
        d.write(input);
        if (final) d.close();
      },
    };
  }
  if (p.impl !== 'zlib-1.2.13') throw new BadInputError(`deflateStream: ${p.impl} is node:zlib's`);
  const d = pakoDeflater(p, onData);
  return {
    push(input, final) {
      for (let i = 0; i < input.length || (final && i === 0); i += STEP) {
        const end = Math.min(i + STEP, input.length);
        d.push(input.subarray(i, end), final && end === input.length);
        if (input.length === 0) break;
      }
    },
  };
}
