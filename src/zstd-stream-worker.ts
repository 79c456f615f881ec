/**
 * Worker thread of zstd-stream.ts: one zstd streaming context per stream, fed the stream's
 * pieces in order (a pool lane), each answered with the compressed bytes it produced. The
 * context is set as zstd-napi's CompressStream sets its own (only the parameters given), and
 * driven the same way (ZSTD_e_continue for every piece, ZSTD_e_end at the end), so the frame is
 * the same bytes.
 */
import binding from 'zstd-napi/binding.js';
import { serveJobs } from './workers/serve.js';

/** The frame parameters a stream is opened with (zstd-napi's names). */
export interface ZstdStreamParameters {
  compressionLevel: number;
  checksumFlag?: boolean;
  contentSizeFlag?: boolean;
}

export type ZstdStreamJob =
  | { op: 'open'; stream: number; parameters: ZstdStreamParameters }
  | { op: 'data'; stream: number; data: Uint8Array }
  | { op: 'end'; stream: number }
  | { op: 'drop'; stream: number };

const OUT_SIZE = binding.cStreamOutSize();
const EMPTY = new Uint8Array(0);
const streams = new Map<number, InstanceType<typeof binding.CCtx>>();
let scratch = Buffer.allocUnsafe(OUT_SIZE);

/** A context set as zstd-napi's CompressStream sets one. */
function zstdStreamContext(parameters: ZstdStreamParameters): InstanceType<typeof binding.CCtx> {
  const cctx = new binding.CCtx();
  const C = binding.CParameter;
  cctx.setParameter(C.compressionLevel, parameters.compressionLevel);
  if (parameters.checksumFlag !== undefined) cctx.setParameter(C.checksumFlag, parameters.checksumFlag ? 1 : 0);
  if (parameters.contentSizeFlag !== undefined) cctx.setParameter(C.contentSizeFlag, parameters.contentSizeFlag ? 1 : 0);
  return cctx;
}

/** What the context produces for `input` (with `end`: the frame's end too), in one buffer of its own. */
function drive(cctx: InstanceType<typeof binding.CCtx>, input: Uint8Array, end: boolean): Uint8Array {
  const directive = end ? binding.EndDirective.end : binding.EndDirective.continue;
  const pieces: Buffer[] = [];
  let total = 0;
  for (let rest = input; ;) {
    const [remaining, produced, consumed] = cctx.compressStream2(scratch, rest, directive);
    if (produced > 0) {
      pieces.push(scratch.subarray(0, produced));
      total += produced;
      scratch = Buffer.allocUnsafe(Math.max(OUT_SIZE, remaining));
    }
    rest = rest.subarray(consumed);
    if (rest.length === 0 && (!end || remaining === 0)) break;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function contextOf(id: number): InstanceType<typeof binding.CCtx> {
  const cctx = streams.get(id);
  if (!cctx) throw new Error(`zstd stream worker: no open stream ${id}`);
  return cctx;
}

function handle(job: ZstdStreamJob): Uint8Array {
  switch (job.op) {
    case 'open':
      streams.set(job.stream, zstdStreamContext(job.parameters));
      return EMPTY;
    case 'data':
      return drive(contextOf(job.stream), job.data, false);
    case 'end': {
      const out = drive(contextOf(job.stream), EMPTY, true);
      streams.delete(job.stream);
      return out;
    }
    case 'drop':
      streams.delete(job.stream);
      return EMPTY;
  }
}

serveJobs<ZstdStreamJob, Uint8Array>((job) => {
  const out = handle(job);
  return { result: out, transfer: out.length > 0 ? [out.buffer as ArrayBuffer] : [] };
});
