/**
 * Pushing the chunk artifact to a second repository of the same registry, against a real
 * docker-registry whose access log counts the requests independently of cairn: every pack,
 * index and layer blob the first repository holds is mounted (`?mount=&from=`), none uploaded,
 * whether the sender still has the layer's index from the first push or builds it again; a
 * push again to the first repository builds no layer; the second repository pulls by chunks.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let dir: string;
let registry: RunningRegistry;
let sender: string;

function run(store: string, args: string[]): any {
  const r = cairn(store, ['--json', ...args]);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The blob uploads (PATCH, or PUT to an upload) and the mounts the registry logged for `repo` since `from`. */
function blobTraffic(repo: string, from: number): { uploads: string[]; mounts: string[] } {
  const entries = registry.accessLog().slice(from).filter((e) => e.path.startsWith(`/v2/${repo}/blobs/uploads/`));
  return {
    uploads: entries.filter((e) => e.method === 'PATCH' || e.method === 'PUT').map((e) => e.path),
    mounts: entries.filter((e) => e.method === 'POST' && e.path.includes('mount=') && e.status === 201).map((e) => e.path),
  };
}

before(async () => {
  dir = tmp('chunked-push');
  sender = join(dir, 'sender');
  const root = join(dir, 'tree');
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < 8; i++) writeFileSync(join(root, `part${i}.bin`), seededBytes(`mount-${i}`, 400_000));
  assert.equal(cairn(sender, ['ingest', root, '--name', 'app:1']).status, 0);
  registry = await startRegistry();
});

after(async () => {
  await registry?.stop({ remove: true });
});

test('a second repository mounts every pack, index and layer of the first: no blob uploaded', () => {
  const first = run(sender, ['push', 'app:1', `${registry.host}/team-a/app:1`]);
  assert.ok(first.chunkData.packs >= 2, 'the image has several packs');
  assert.equal(first.chunkData.packsUploaded, first.chunkData.packs);
  const mark = registry.accessLog().length;
  const second = run(sender, ['push', 'app:1', `${registry.host}/team-b/app:1`]);
  const traffic = blobTraffic('team-b/app', mark);
  assert.deepEqual(traffic.uploads, [], 'nothing uploaded to the second repository');
  assert.ok(traffic.mounts.length >= second.chunkData.packs + 1 + 2, 'its packs, index, layer and config were mounted');
  assert.equal(second.chunkData.packsMounted, second.chunkData.packs);
  assert.equal(second.chunkData.artifact, first.chunkData.artifact, 'the same artifact');
  const pulled = run(join(dir, 'receiver-b'), ['pull', `${registry.host}/team-b/app:1`]);
  assert.deepEqual(pulled.layers.map((l: { how: string }) => l.how), ['chunks']);
});

test('without the cached index the layer is built again, and its packs are still mounted', () => {
  rmSync(join(sender, 'registry-cache'), { recursive: true, force: true });
  const mark = registry.accessLog().length;
  const third = run(sender, ['push', 'app:1', `${registry.host}/team-c/app:1`]);
  assert.deepEqual(blobTraffic('team-c/app', mark).uploads, []);
  assert.equal(third.chunkData.layersReused, 0, 'built again');
  assert.equal(third.chunkData.packsMounted, third.chunkData.packs);
});

test('a push again to the same repository builds no layer and uploads nothing', () => {
  const mark = registry.accessLog().length;
  const again = run(sender, ['push', 'app:1', `${registry.host}/team-a/app:1`]);
  assert.deepEqual(blobTraffic('team-a/app', mark).uploads, []);
  assert.equal(again.chunkData.layersReused, 1);
  assert.equal(again.chunkData.bytesUploaded, 0);
});
