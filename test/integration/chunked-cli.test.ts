/**
 * `cairn push` and `cairn pull` with cairn's artifacts, against a real docker-registry: the chunk
 * artifact by default, `--deltas-from` (a holder of the base pulls the delta), `--no-chunk-data`
 * (whole layers), and the `--json` account of how each layer came.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let dir: string;
let registry: RunningRegistry;
let sender: string;
/** Two versions of a small app: v2 changes a few bytes of one of its files. */
const images = [{ name: 'app:1' }, { name: 'app:2' }];

function tree(root: string, change: boolean): string {
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < 6; i++) {
    const data = seededBytes(`cli-${i}`, 300_000);
    if (change && i === 2) data.write('changed!', 150_000);
    writeFileSync(join(root, `lib${i}.so`), data);
  }
  return root;
}

function run(store: string, args: string[]): Record<string, unknown> {
  const r = cairn(store, ['--json', ...args]);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const hows = (result: Record<string, unknown>): string[] => (result['layers'] as { how: string }[]).map((l) => l.how);

before(() => {
  dir = tmp('chunked-cli');
  sender = join(dir, 'sender');
  for (const [i, image] of images.entries()) assert.equal(cairn(sender, ['ingest', tree(join(dir, `v${i}`), i === 1), '--name', image.name]).status, 0);
});

before(async () => {
  registry = await startRegistry();
});

after(async () => {
  await registry?.stop({ remove: true });
});

test('push --deltas-from: a store holding v1 pulls v2 by its delta', async () => {
  const [v1, v2] = images as [{ name: string }, { name: string }];
  const one = run(sender, ['push', v1.name, `${registry.host}/demo/delta:1`]);
  assert.equal((one['chunkData'] as { packs: number }).packs > 0, true, 'the chunk artifact is pushed by default');
  const two = run(sender, ['push', v2.name, `${registry.host}/demo/delta:2`, '--deltas-from', v1.name]);
  const deltas = two['deltas'] as { bytes: number }[];
  assert.equal(deltas.length, 1);
  const receiver = join(dir, 'receiver');
  assert.deepEqual(hows(run(receiver, ['pull', `${registry.host}/demo/delta:1`, '--name', 'app:1'])), ['chunks']);
  const pulled = run(receiver, ['pull', `${registry.host}/demo/delta:2`, '--name', 'app:2']);
  assert.deepEqual(hows(pulled), ['delta']);
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
  const [v1] = images as [{ name: string }];
  const pushed = run(sender, ['push', v1.name, `${registry.host}/demo/plain:1`, '--no-chunk-data']);
  assert.equal(pushed['chunkData'], null);
  const pulled = run(join(dir, 'plain'), ['pull', `${registry.host}/demo/plain:1`]);
  assert.deepEqual(hows(pulled), ['whole']);
});
