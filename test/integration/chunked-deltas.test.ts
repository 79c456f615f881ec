/**
 * A push by chunks of an image whose large file the sender keeps as a delta (`ingest
 * --deltas`, then gc, which reclaims the file's chunks): the file goes out as ingest cut it,
 * its stored recipe and its chunks cut from the rebuilt file, not as one whole-file chunk. A
 * puller holding the previous version then receives only the chunks it lacks, and stores the
 * file with the recipe a plain ingest of the same tree gives. Against a real docker-registry.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { openStore } from '../../src/store/index.js';

let dir: string;
let registry: RunningRegistry;

function run(store: string, args: string[]): any {
  const r = cairn(store, ['--json', ...args]);
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The tree of a version: version 2 of the tool has 8 bytes rewritten in three places (three chunks change). */
function tree(root: string, version: number): Buffer {
  const tool = Buffer.from(seededBytes('tool', 2_000_000));
  if (version === 2) for (const at of [300_000, 1_000_000, 1_700_000]) seededBytes(`v2-${at}`, 8).copy(tool, at);
  mkdirSync(join(root, 'bin'), { recursive: true });
  writeFileSync(join(root, 'bin', 'tool'), tool);
  writeFileSync(join(root, 'README'), `version ${version}\n`);
  return tool;
}

async function recipeOf(store: string, hex: string): Promise<{ digest: string; length: number }[]> {
  const s = await openStore(store);
  try {
    return (await s.fileDeltas.storedRecipe(hex)).chunks;
  } finally {
    await s.close();
  }
}

before(async () => {
  dir = tmp('chunked-deltas');
  registry = await startRegistry();
});

after(async () => {
  await registry?.stop({ remove: true });
  rmSync(dir, { recursive: true, force: true });
});

test('a delta-stored file is pushed as its chunks: the puller fetches only those it lacks', async () => {
  const sender = join(dir, 'sender');
  tree(join(dir, 'v1'), 1);
  const tool2 = tree(join(dir, 'v2'), 2);
  run(sender, ['--quiet', 'ingest', join(dir, 'v1'), '--name', 'app:1']);
  run(sender, ['--quiet', 'ingest', join(dir, 'v2'), '--name', 'app:2', '--deltas']);
  run(sender, ['gc']);
  const s = await openStore(sender);
  try {
    assert.equal(await s.fileDeltas.depth(sha(tool2)), 1, 'the sender keeps version 2 of the tool as a delta');
  } finally {
    await s.close();
  }
  // What a plain ingest of version 2 stores: the recipe the puller must end up with.
  const plain = join(dir, 'plain');
  run(plain, ['--quiet', 'ingest', join(dir, 'v2'), '--name', 'app:2']);
  const expected = await recipeOf(plain, sha(tool2));
  assert.ok(expected.length > 10, 'the tool is many chunks');

  run(sender, ['push', 'app:1', `${registry.host}/app:1`]);
  run(sender, ['push', 'app:2', `${registry.host}/app:2`]);
  const receiver = join(dir, 'receiver');
  run(receiver, ['pull', `${registry.host}/app:1`]);
  const pulled = run(receiver, ['pull', `${registry.host}/app:2`]);
  assert.deepEqual(await recipeOf(receiver, sha(tool2)), expected, 'the pulled file has the recipe ingest gives');
  // Only the chunks version 1 lacks came, far less than the whole file.
  const have = new Set((await recipeOf(receiver, sha(tree(join(dir, 'v1b'), 1)))).map((c) => c.digest));
  const missing = expected.filter((c) => !have.has(c.digest)).reduce((n, c) => n + c.length, 0);
  assert.ok(missing < tool2.length / 2, `version 2 shares chunks with version 1 (${missing} of ${tool2.length} bytes new)`);
  const chunks = pulled.bytes.received.chunks as number;
  assert.ok(chunks <= missing * 1.05 + 64 * 1024, `chunk data received ${chunks}, new chunks ${missing}`);
  assert.ok(pulled.layers.every((l: { how: string }) => l.how !== "whole"), JSON.stringify(pulled.layers));
});
