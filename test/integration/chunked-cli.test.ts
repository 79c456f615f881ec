/**
 * `cairn push` and `cairn pull` with cairn's artifacts, against a real docker-registry: the chunk
 * artifact by default, `--deltas-from` (a holder of the base pulls the delta), `--no-chunk-data`
 * (whole layers), and the `--json` account of how each layer came.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { smallCorpus, type CorpusImage } from '../support/chunked-corpus.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let dir: string;
let registry: RunningRegistry;
let images: CorpusImage[];
let sender: string;

function run(store: string, args: string[]): Record<string, unknown> {
  const r = cairn(store, ['--json', ...args]);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const hows = (result: Record<string, unknown>): string[] => (result['layers'] as { how: string }[]).map((l) => l.how);

before(() => {
  dir = tmp('chunked-cli');
  images = smallCorpus().filter((i) => i.name.startsWith('esbuild-app:'));
  sender = join(dir, 'sender');
  for (const image of images) assert.equal(cairn(sender, ['ingest', image.ociLayout, '--name', image.name]).status, 0);
});

before(async () => {
  registry = await startRegistry();
});

after(async () => {
  await registry?.stop({ remove: true });
});

test('push --deltas-from: a store holding v1 pulls v2 by its delta', async () => {
  const [v1, v2] = images as [CorpusImage, CorpusImage];
  const one = run(sender, ['push', v1.name, `${registry.host}/demo/delta:1`]);
  assert.equal((one['chunkData'] as { packs: number }).packs > 0, true, 'the chunk artifact is pushed by default');
  const two = run(sender, ['push', v2.name, `${registry.host}/demo/delta:2`, '--deltas-from', v1.name]);
  const deltas = two['deltas'] as { bytes: number }[];
  assert.equal(deltas.length, 1);
  const receiver = join(dir, 'receiver');
  assert.deepEqual(hows(run(receiver, ['pull', `${registry.host}/demo/delta:1`, '--name', 'app:1'])), ['chunks', 'chunks', 'chunks']);
  const pulled = run(receiver, ['pull', `${registry.host}/demo/delta:2`, '--name', 'app:2']);
  assert.deepEqual(hows(pulled), ['already', 'delta', 'delta']);
  const received = (pulled['bytes'] as { received: Record<string, number> }).received;
  assert.ok(received['deltas']! >= deltas[0]!.bytes && received['deltas']! <= deltas[0]!.bytes * 1.05, `deltas received ${received['deltas']} for a bundle of ${deltas[0]!.bytes}`);
  assert.equal(received['chunks'] ?? 0, 0, 'no chunk data is fetched when the delta serves');
  const names = run(receiver, ['ls']);
  assert.match(JSON.stringify(names), /app:2/);
  assert.equal(cairn(receiver, ['verify']).status, 0);
  // The rebuilt layers are the image's: their DiffIDs are checked again by export.
  assert.equal(cairn(receiver, ['export', 'oci', 'app:2', join(dir, 'out')]).status, 0);
});

test('push --no-chunk-data: the pull falls back to whole layers', async () => {
  const [v1] = images as [CorpusImage];
  const pushed = run(sender, ['push', v1.name, `${registry.host}/demo/plain:1`, '--no-chunk-data']);
  assert.equal(pushed['chunkData'], null);
  const pulled = run(join(dir, 'plain'), ['pull', `${registry.host}/demo/plain:1`]);
  assert.deepEqual(hows(pulled), ['whole', 'whole', 'whole']);
});
