// The store as an embedder and a CLI user see it: dedup figures, verify finding one flipped
// byte, repair from packs alone, gc reclaiming space, the lock, chunker identity, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, chownSync, mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { openStore, ingest, CorruptDataError, IncompatibleStoreError, BadInputError, type Store } from 'cairn';
import { CLI } from '../support/paths.js';
import { makeTree } from '../support/trees.js';
import { seededBytes } from '../support/random.js';
import { holdsStoreLock, waitUntil } from '../support/store-watch.js';
import { scratchDir } from '../support/scratch.js';

/** The uid and gid of nobody, for commands that must run unprivileged. */
const NOBODY = 65534;

const tmp = () => scratchDir('cairn-store-');

function cli(store: string, args: string[], input?: Buffer) {
  return spawnSync(process.execPath, [CLI, '--store', store, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
}

async function readAll(store: Store, digest: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of store.readFile(digest)) parts.push(p);
  return Buffer.concat(parts);
}

function packFiles(storeDir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(join(storeDir, 'packs'))) for (const f of readdirSync(join(storeDir, 'packs', sub))) out.push(join(storeDir, 'packs', sub, f));
  return out;
}

const dirSize = (storeDir: string) => packFiles(storeDir).reduce((a, f) => a + statSync(f).size, 0);

test('putFile and readFile round-trip; identical content is stored once', async () => {
  const dir = tmp();
  const store = await openStore(join(dir, 's'), { compressionThreads: 1 });
  try {
    const data = seededBytes('roundtrip', 3_000_000);
    const first = await store.putFile([data]);
    assert.equal(first.digest, 'sha256:' + createHash('sha256').update(data).digest('hex'));
    assert.equal(first.size, data.length);
    assert.ok(first.newChunks > 10 && first.newChunks === first.chunks);
    assert.ok((await readAll(store, first.digest)).equals(data));
    const again = await store.putFile([data.subarray(0, 1000), data.subarray(1000)]);
    assert.equal(again.newChunks, 0);
    assert.equal(again.digest, first.digest);
    const stat = await store.stat(first.digest);
    assert.equal(stat.size, data.length);
  } finally {
    await store.close();
    await store.close(); // idempotent
  }
  await assert.rejects(store.stat('0'.repeat(64)), { code: 'CAIRN_CLOSED' });
});

test('ingest --json: the same tree twice stores almost nothing; one changed file stores only its chunks', async () => {
  const dir = tmp();
  const tree = join(dir, 'tree');
  const files = makeTree(tree, { files: 40, maxSize: 2_000_000, seed: 7 });
  const store = join(dir, 'store');
  const first = cli(store, ['--json', 'ingest', tree, '--name', 'app:v1']);
  assert.equal(first.status, 0, first.stderr);
  const a = JSON.parse(first.stdout);
  assert.deepEqual(Object.keys(a), ['images', 'layers', 'totals']);
  assert.deepEqual(Object.keys(a.layers[0]), ['diffId', 'tarBytes', 'files', 'chunks', 'newChunks', 'storedBytes', 'stored']);
  assert.deepEqual(Object.keys(a.totals), ['files', 'chunks', 'newChunks', 'storedBytes']);
  assert.equal(a.images[0].name, 'app:v1');
  assert.match(a.images[0].manifest, /^sha256:[0-9a-f]{64}$/);
  assert.ok(a.totals.newChunks > 0 && a.totals.newChunks <= a.totals.chunks, 'a first ingest stores new chunks, at most one per chunk');
  assert.ok(a.totals.storedBytes > 0);
  const second = JSON.parse(cli(store, ['--json', 'ingest', tree, '--name', 'app:v1b']).stdout);
  assert.equal(second.totals.newChunks, 0);
  assert.ok(second.totals.storedBytes < 2000, `second ingest stored ${second.totals.storedBytes}`);
  assert.equal(second.layers[0].diffId, a.layers[0].diffId, 'same tree, same DiffID');
  // Change one file: only its new chunks are stored.
  const victim = files.reduce((big, f) => (statSync(f).size > statSync(big).size ? f : big));
  const bytes = readFileSync(victim);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  writeFileSync(victim, bytes);
  const third = JSON.parse(cli(store, ['--json', 'ingest', tree, '--name', 'app:v2']).stdout);
  assert.equal(third.totals.newChunks, 1, 'one flipped byte changes one chunk');
  assert.ok(third.totals.storedBytes < 300_000 + 5000, `stored ${third.totals.storedBytes}`);
  const ls = JSON.parse(cli(store, ['--json', 'ls']).stdout);
  assert.equal(ls.images.length, 2);
  assert.deepEqual(ls.images.flatMap((i: { names: string[] }) => i.names).sort(), ['app:v1', 'app:v1b', 'app:v2']);
  const verify = cli(store, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stderr);
});

test('one flipped byte in a pack: verify names chunk and pack; reads of that file fail, others work', async () => {
  const dir = tmp();
  const storeDir = join(dir, 's');
  let store = await openStore(storeDir, { compressionThreads: 0 });
  const a = seededBytes('flip-a', 400_000);
  const b = seededBytes('flip-b', 400_000);
  const ra = await store.putFile([a]);
  const rb = await store.putFile([b]);
  const firstChunk = (await store.getFileRecipe(ra.digest)).chunks[0]!;
  const chunkDigest = 'sha256:' + firstChunk.digest;
  await store.close();
  // Flip a byte inside the first chunk of file a (random data is stored raw, so it is findable).
  const pack = packFiles(storeDir).find((f) => readFileSync(f).includes(a.subarray(0, 64)));
  const bytes = readFileSync(pack!);
  const at = bytes.indexOf(a.subarray(0, 64));
  assert.ok(at > 0, 'chunk payload found in the pack');
  bytes[at + 10] ^= 0x01;
  writeFileSync(pack!, bytes);
  const verify = cli(storeDir, ['--json', 'verify']);
  assert.notEqual(verify.status, 0);
  const report = JSON.parse(verify.stdout);
  assert.equal(report.ok, false);
  const packId = pack!.split('/').pop()!.replace('.pack', '');
  assert.ok(report.problems.some((p: { code: string; pack?: string }) => p.code === 'pack-checksum' && p.pack === packId), 'pack named');
  assert.ok(report.problems.some((p: { digest?: string }) => p.digest === chunkDigest), 'chunk named');
  store = await openStore(storeDir);
  try {
    await assert.rejects(readAll(store, ra.digest), (e: unknown) => e instanceof CorruptDataError && e.pack === packId && e.digest === chunkDigest);
    assert.ok((await readAll(store, rb.digest)).equals(b), 'the other file still reads');
  } finally {
    await store.close();
  }
});

test('repair rebuilds the index from packs alone; gc reclaims what nothing names', async () => {
  const dir = tmp();
  const storeDir = join(dir, 's');
  const t1 = join(dir, 't1');
  const t2 = join(dir, 't2');
  makeTree(t1, { files: 20, maxSize: 1_000_000, seed: 1 });
  makeTree(t2, { files: 20, maxSize: 1_000_000, seed: 2 });
  assert.equal(cli(storeDir, ['ingest', t1, '--name', 'one']).status, 0);
  assert.equal(cli(storeDir, ['ingest', t2, '--name', 'two']).status, 0);
  const before = JSON.parse(cli(storeDir, ['--json', 'ls']).stdout);
  rmSync(join(storeDir, 'index'), { recursive: true });
  const repair = cli(storeDir, ['--json', 'repair']);
  assert.equal(repair.status, 0, repair.stderr);
  assert.equal(JSON.parse(repair.stdout).names, 2);
  assert.deepEqual(JSON.parse(cli(storeDir, ['--json', 'ls']).stdout), before, 'lists the same after repair');
  assert.equal(cli(storeDir, ['verify', '--deep']).status, 0);
  // gc after removing a name whose content is unique
  const sizeBefore = dirSize(storeDir);
  assert.equal(cli(storeDir, ['rm', 'one']).status, 0);
  const gc = cli(storeDir, ['--json', 'gc']);
  assert.equal(gc.status, 0, gc.stderr);
  const sizeAfter = dirSize(storeDir);
  assert.ok(sizeAfter < sizeBefore * 0.7, `store shrank: ${sizeBefore} → ${sizeAfter}`);
  assert.equal(cli(storeDir, ['verify', '--deep']).status, 0);
  const after = JSON.parse(cli(storeDir, ['--json', 'ls']).stdout);
  assert.deepEqual(after.images.map((i: { names: string[] }) => i.names), [['two']]);
  // The remaining image's files read back bit-identically, also after a second repair.
  rmSync(join(storeDir, 'index'), { recursive: true });
  assert.equal(cli(storeDir, ['repair']).status, 0);
  assert.deepEqual(JSON.parse(cli(storeDir, ['--json', 'ls']).stdout).images.map((i: { names: string[] }) => i.names), [['two']], 'rm survives repair');
  const store = await openStore(storeDir);
  try {
    for (const f of readdirSync(join(t2, 'd0', 'e0')).slice(0, 5)) {
      const data = readFileSync(join(t2, 'd0', 'e0', f));
      const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
      assert.ok((await readAll(store, digest)).equals(data), f);
    }
  } finally {
    await store.close();
  }
});

test('a plain ls is refused with "store locked" while another process holds the index lock, even before it writes', async () => {
  // The window between LevelDB taking its lock and starting its new files: the listing cache is
  // still fresh then, and must not answer for a store another process holds.
  const storeDir = join(tmp(), 's');
  await (await openStore(storeDir)).close();
  assert.equal(cli(storeDir, ['ls']).status, 0, 'the listing cache answers an unheld store');
  const holder = spawn('python3', ['-c', [
    'import fcntl, sys',
    `f = open(${JSON.stringify(join(storeDir, 'index', 'LOCK'))}, 'r+')`,
    'fcntl.lockf(f, fcntl.LOCK_EX)',
    'print("held", flush=True)',
    'sys.stdin.read()',
  ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const closed = new Promise((resolve) => holder.once('close', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('error', reject);
      holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    });
    const refused = cli(storeDir, ['ls']);
    assert.equal(refused.status, 3, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /store locked/);
  } finally {
    holder.stdin.end();
    await closed;
  }
  assert.equal(cli(storeDir, ['ls']).status, 0, 'released, the store lists again');
});

test('a second process gets "store locked" and a non-zero exit; the first finishes', async () => {
  const dir = tmp();
  const storeDir = join(dir, 's');
  // Deterministic: while this process has the store open, the CLI is refused.
  const holder = await openStore(storeDir);
  const refused = spawnSync(process.execPath, [CLI, '--store', storeDir, 'ls'], { encoding: 'utf8', timeout: 60_000 });
  await holder.close();
  assert.equal(refused.status, 3, refused.stderr);
  assert.match(refused.stderr, /store locked/);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  // And with a real ingest holding the store. The ingest is stopped (SIGSTOP) once the kernel's
  // lock table shows it holding the index lock, so the second command meets a held store
  // whatever the machine's speed; then it is continued and must finish cleanly.
  const tree = join(dir, 't');
  makeTree(tree, { files: 30, maxSize: 3_000_000, seed: 3 });
  const first = spawn(process.execPath, [CLI, '--store', storeDir, 'ingest', tree, '--name', 'a'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let firstErr = '';
  first.stderr.on('data', (d) => (firstErr += d));
  const exited = new Promise<number | null>((r) => first.on('close', r));
  const holding = await waitUntil(() => holdsStoreLock(first.pid!, storeDir), 60_000);
  assert.ok(holding, `the ingest was seen holding the store (stderr: ${firstErr})`);
  first.kill('SIGSTOP');
  let second;
  try {
    assert.ok(holdsStoreLock(first.pid!, storeDir), 'the stopped ingest still holds the store');
    second = spawnSync(process.execPath, [CLI, '--store', storeDir, 'ls'], { encoding: 'utf8', timeout: 60_000 });
  } finally {
    first.kill('SIGCONT');
  }
  const code = await exited;
  assert.equal(code, 0, firstErr);
  assert.equal(second.status, 3, second.stderr);
  assert.match(second.stderr, /store locked/);
  assert.equal(second.stderr.trim().split('\n').length, 1);
  const verify = cli(storeDir, ['verify']);
  assert.equal(verify.status, 0, verify.stderr);
  assert.deepEqual(JSON.parse(cli(storeDir, ['--json', 'ls']).stdout).images.map((i: { names: string[] }) => i.names), [['a']]);
});

test('a store refuses a different chunker; bad paths and special files', async () => {
  const dir = tmp();
  const storeDir = join(dir, 's');
  (await openStore(storeDir, { chunker: { mode: 'aligned' } })).close();
  await assert.rejects(openStore(storeDir, { chunker: { mode: 'fastcdc' } }), IncompatibleStoreError);
  const store = await openStore(storeDir);
  try {
    await assert.rejects(ingest(store, [join(dir, 'missing')]), BadInputError);
    writeFileSync(join(dir, 'plain.txt'), 'hello');
    await assert.rejects(ingest(store, [join(dir, 'plain.txt')]), BadInputError);
    // A socket is skipped with a warning; the ingest goes on.
    const tree = join(dir, 'with-socket');
    makeTree(tree, { files: 3, maxSize: 10_000, seed: 4 });
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(tree, 'sock'), r));
    const warnings: string[] = [];
    const result = await ingest(store, [tree], { name: 'sock', onWarning: (w) => warnings.push(w) });
    server.close();
    assert.equal(result.images.length, 1);
    assert.ok(warnings.some((w) => /sock.*socket/.test(w)), warnings.join('\n'));
    assert.equal((await store.verify()).ok, true);
  } finally {
    await store.close();
  }
  const cliResult = cli(storeDir, ['ingest', join(dir, 'missing')]);
  assert.equal(cliResult.status, 2);
  assert.match(cliResult.stderr, /cannot read .*missing/);
});

test('a file that grows while it is read fails the ingest cleanly, and the store stays consistent', async () => {
  const dir = tmp();
  const tree = join(dir, 't');
  makeTree(tree, { files: 5, maxSize: 100_000, seed: 5 });
  const growing = join(tree, 'zz-growing.log');
  writeFileSync(growing, seededBytes('grow', 8 << 20));
  const storeDir = join(dir, 's');
  const store = await openStore(storeDir);
  // Append to the file while the ingest reads it: its size no longer matches its header.
  const writer = setInterval(() => {
    const fd = openSync(growing, 'a');
    writeSync(fd, Buffer.alloc(65536, 1));
    closeSync(fd);
  }, 1);
  try {
    await assert.rejects(ingest(store, [tree], { name: 'grow' }), (e: unknown) => e instanceof BadInputError && /changed while being read/.test(e.message));
  } finally {
    clearInterval(writer);
  }
  assert.deepEqual(await store.listNames(), []);
  assert.equal((await store.verify()).ok, true);
  await store.close();
  // An unreadable directory in the input: exit 2 naming it. Root reads it anyway, so as root
  // (CI) the CLI runs as nobody (setpriv), on a store and tree that nobody may use.
  const asRoot = process.getuid?.() === 0;
  const unprivileged = join(dir, 'unprivileged-store');
  if (asRoot) {
    chmodSync(dir, 0o755);
    mkdirSync(unprivileged);
    chownSync(unprivileged, NOBODY, NOBODY);
  }
  chmodSync(join(tree, 'd0'), 0o000);
  const r = asRoot
    ? spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, '--store', unprivileged, 'ingest', tree], { encoding: 'utf8' })
    : cli(storeDir, ['ingest', tree]);
  chmodSync(join(tree, 'd0'), 0o755);
  assert.equal(r.error, undefined, 'setpriv runs (util-linux)');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /cannot read .*d0/);
});
