// A layer of 200,000 tiny files (200 directories of 1,000 files of 0-100 seeded bytes, GNU tar
// --sort=name), made at test time: the CLI ingests it in bounded memory and exports it byte-exact.
// Before layer recipes were split into parts this failed with "record too large" after holding
// the whole recipe (1.46 GB peak). The memory bound is asserted, the time is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from '../support/paths.js';
import { makeManyFilesTar, makeManyFilesTree } from '../support/many-files.js';
import { scratchDir } from '../support/scratch.js';

/** Peak RSS allowed to an ingest or export of this layer (the bound for 1,000,000 files). */
const MAX_RSS_MIB = 300;
const RSS_HOOK = fileURLToPath(new URL('../support/max-rss.js', import.meta.url));

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return 'sha256:' + hash.digest('hex');
}

/** Runs the CLI; returns its result and peak RSS in MiB. */
function cairn(work: string, args: string[]): { status: number | null; stdout: string; stderr: string; rssMiB: number } {
  const rssFile = join(work, 'rss');
  rmSync(rssFile, { force: true });
  const run = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, '--store', join(work, 'store'), ...args], {
    encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, CAIRN_MAX_RSS_FILE: rssFile },
  });
  const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, rssMiB };
}

test('a layer of 200,000 files ingests in bounded memory and exports byte-exact', { timeout: 1_800_000 }, async () => {
  const work = scratchDir('cairn-many-');
  try {
    const tar = makeManyFilesTar(work, 200, 1000, 1);
    const expected = await sha256File(tar);

    const ingested = cairn(work, ['--json', '--quiet', 'ingest', '--name', 'many:v1', tar]);
    console.log(`# ingest peak RSS ${ingested.rssMiB.toFixed(0)} MiB`); // printed before the checks: a failing run shows it too
    assert.equal(ingested.status, 0, ingested.stderr);
    const result = JSON.parse(ingested.stdout) as { images: { layers: string[] }[]; totals: { files: number } };
    assert.equal(result.totals.files, 200_000, 'every regular file is stored');
    assert.equal(result.images[0]!.layers[0], expected, 'the DiffID is the sha256 of the tar');
    assert.ok(ingested.rssMiB < MAX_RSS_MIB, `ingest peak RSS ${ingested.rssMiB.toFixed(0)} MiB < ${MAX_RSS_MIB} MiB`);

    const out = join(work, 'out.tar');
    const exported = cairn(work, ['--quiet', 'export', 'layer', expected, '-o', out]);
    console.log(`# export peak RSS ${exported.rssMiB.toFixed(0)} MiB`);
    assert.equal(exported.status, 0, exported.stderr);
    assert.equal(await sha256File(out), expected, 'the exported layer is the tar, byte for byte');
    assert.ok(exported.rssMiB < MAX_RSS_MIB, `export peak RSS ${exported.rssMiB.toFixed(0)} MiB < ${MAX_RSS_MIB} MiB`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// A directory is walked whole before its tar can be cut (the tar's order is the byte order of
// every path), so what each entry costs while held counts. Measured as the live heap and
// array buffers after a full collection, in a child process, once the plan of a tree of
// 100,000 files is made: 1.1 KiB of heap and a kept 0.5 KiB header per entry before (a
// BigIntStats per entry while walking, a hidden class per entry), about 190 bytes since. The
// peak RSS of the whole ingest is not asserted here: V8 lets garbage pile up in the old
// generation beyond what is live (measured 222-310 MiB for such a tree, 431 MiB before).
test('a directory plan holds each entry in a few hundred bytes', { timeout: 600_000 }, () => {
  const work = scratchDir('cairn-many-dir-');
  try {
    const tree = makeManyFilesTree(work, 100, 1000, 2);
    const module = new URL('../../src/ingest/directory.js', import.meta.url).href;
    const script = `
      const { planDirectory } = await import(${JSON.stringify(module)});
      gc();
      const before = process.memoryUsage();
      const plan = await planDirectory(${JSON.stringify(tree)});
      gc();
      const after = process.memoryUsage();
      console.log(JSON.stringify({ entries: plan.entries.length, bytes: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers }));`;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { entries, bytes } = JSON.parse(run.stdout) as { entries: number; bytes: number };
    console.log(`# ${entries} entries held in ${(bytes / 1e6).toFixed(1)} MB: ${(bytes / entries).toFixed(0)} bytes each`);
    assert.equal(entries, 100_100, 'every file and directory has its entry');
    assert.ok(bytes / entries < 400, `${(bytes / entries).toFixed(0)} bytes per entry held`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
