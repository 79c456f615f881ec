// `cairn ls` from the listing cache (STORE/listing.json, src/store/listing-cache.cts): every
// close of the store writes it, a plain `cairn ls` prints it without opening the store, and
// it is trusted only while the index is exactly as the close left it. Checked here: the cache
// prints what the store itself lists (text and --json, wrapped names, an unnamed image); a
// stale cache (an older listing put back after the names changed, or the index written by a
// program that knows nothing of the cache) and a damaged one are ignored; the unit part checks
// which command lines take the fast path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { cairn, cairnOk, tmp, writeTree } from '../support/cli.js';
import { nameKey } from '../../src/store/keys.js';
import { plainLs } from '../../src/cli/fast-ls.cjs';

/** A store with three images: one with several long names (they wrap), one named once, one unnamed. */
function makeStore(work: string): string {
  const store = join(work, 'store');
  for (const [dir, text] of [['a', 'first tree\n'], ['b', 'second tree\n'], ['c', 'third tree\n']] as const) {
    writeTree(join(work, dir), { 'f.txt': Buffer.from(text.repeat(100)) });
  }
  const long = 'registry.example.com:5000/some/deeply/nested/repository/name';
  for (const tag of ['v1', 'v1.0', 'v1.0.0', 'latest']) cairnOk(store, ['--quiet', 'ingest', join(work, 'a'), '--name', `${long}:${tag}`]);
  cairnOk(store, ['--quiet', 'ingest', join(work, 'b'), '--name', 'b:1']);
  cairnOk(store, ['--quiet', 'ingest', join(work, 'c'), '--name', 'c:1']);
  cairnOk(store, ['rm', 'c:1']);
  return store;
}

test('ls from the listing cache prints what the store lists, in text and JSON', () => {
  const work = tmp('ls-listing');
  try {
    const store = makeStore(work);
    const listing = join(store, 'listing.json');
    assert.ok(existsSync(listing), 'the last close wrote the listing');
    const fast = { text: cairnOk(store, ['ls']), json: cairnOk(store, ['--json', 'ls']), images: cairnOk(store, ['--quiet', 'ls', 'images']) };
    rmSync(listing);
    const slow = cairnOk(store, ['ls']);
    assert.ok(existsSync(listing), 'ls without a listing writes it again when it closes');
    rmSync(listing);
    const slowJson = cairnOk(store, ['--json', 'ls']);
    assert.equal(fast.text, slow);
    assert.equal(fast.images, slow);
    assert.equal(fast.json, slowJson);

    const images = (JSON.parse(fast.json) as { images: { names: string[]; layers: string[] }[] }).images;
    assert.equal(images.length, 3);
    assert.deepEqual(images.map((i) => i.names.length).sort(), [0, 1, 4]);
    assert.match(fast.text, /\(no name\)/);
    assert.match(fast.text, /\n {20,}registry\.example\.com/, 'four long names wrap onto indented lines');
    for (const line of fast.text.split('\n')) assert.ok(line.length <= 100, `line wider than 100 columns: ${line}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a stale or damaged listing is ignored, and the store is listed as it is', async () => {
  const work = tmp('ls-stale');
  try {
    const store = makeStore(work);
    const listing = join(store, 'listing.json');
    const saved = join(work, 'listing.saved');
    copyFileSync(listing, saved);
    const unnamed = (JSON.parse(cairnOk(store, ['--json', 'ls'])) as { images: { manifest: string; names: string[] }[] }).images
      .find((i) => i.names.length === 0)!.manifest;

    // Names changed by cairn, then the older listing put back: its stamp is not the index's.
    cairnOk(store, ['rm', 'b:1']);
    copyFileSync(saved, listing);
    assert.doesNotMatch(cairnOk(store, ['ls']), /b:1/);
    assert.doesNotMatch(cairnOk(store, ['--json', 'ls']), /b:1/);

    // The index written by a program that knows nothing of the cache (an older cairn, say).
    const db = new Level<string, string>(join(store, 'index'));
    await db.open();
    await db.put(nameKey('written:elsewhere'), unnamed);
    await db.close();
    assert.match(cairnOk(store, ['ls']), /written:elsewhere/);

    // Garbage in the file: ignored, and written again by the store's close.
    writeFileSync(listing, '{"format": "cairn-listing-1", "images": [');
    assert.match(cairnOk(store, ['ls']), /written:elsewhere/);
    assert.doesNotThrow(() => JSON.parse(readFileSync(listing, 'utf8')));
    // A store that is not there: the full program's error, not a listing.
    const missing = cairn(join(work, 'nothing-here'), ['ls']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no cairn store/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('only a plain ls takes the fast path', () => {
  assert.deepEqual(plainLs(['ls']), { store: undefined, json: false });
  assert.deepEqual(plainLs(['--store', '/s', '--json', 'ls', 'images']), { store: '/s', json: true });
  assert.deepEqual(plainLs(['--quiet', '--store=/s', 'ls']), { store: '/s', json: false });
  for (const args of [['ls', 'layers'], ['ls', '--help'], ['ls', 'images', 'x'], ['--store'], ['--store', '--json', 'ls'],
    ['--store=', 'ls'], ['--verbose', 'ls'], ['rm', 'ls'], [], ['--json'], ['-V', 'ls']]) {
    assert.equal(plainLs(args), undefined, args.join(' '));
  }
});
