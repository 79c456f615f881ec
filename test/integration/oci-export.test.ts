// `export oci` into a directory that already holds an OCI layout adds to its index (as skopeo
// and umoci do) and keeps every existing tag and blob; anything else that is not empty, or not
// a directory, is refused with exit 2 and one plain sentence, and left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const tmp = () => scratchDir('oci-export-test-');
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['umoci', 'skopeo'].filter((t) => !have(t));
const skip = missing.length > 0 ? `skipped: ${missing.join(', ')} not installed (.ci/run installs them)` : false;
const REF = 'org.opencontainers.image.ref.name';

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const cli = (store: string, args: string[]) => spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8' });

interface Index { manifests: { digest: string; annotations?: Record<string, string> }[] }
const readIndex = (layout: string): Index => JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
const tags = (layout: string) => readIndex(layout).manifests.map((m) => m.annotations?.[REF]).filter((t) => t !== undefined).sort();
const blob = (layout: string, digest: string) => readFileSync(join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)));

/** Every blob the index reaches (manifests, their configs and layers). */
function reachable(layout: string): Set<string> {
  const out = new Set<string>();
  for (const m of readIndex(layout).manifests) {
    out.add(m.digest);
    const manifest = JSON.parse(blob(layout, m.digest).toString('utf8'));
    out.add(manifest.config.digest);
    for (const l of manifest.layers) out.add(l.digest);
  }
  return out;
}

/** A store holding app:v1, a one-layer image of a small tree. */
function storeWithImage(dir: string): string {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'etc'), { recursive: true });
  writeFileSync(join(tree, 'etc', 'data.bin'), seededBytes('oci-export', 300_000));
  const store = join(dir, 'store');
  const r = cli(store, ['ingest', tree, '--name', 'app:v1']);
  assert.equal(r.status, 0, r.stderr);
  return store;
}

test('export oci into a umoci layout keeps its tags and blobs; umoci and skopeo read every tag', { skip, timeout: 120_000 }, () => {
  const dir = tmp();
  const store = storeWithImage(dir);
  const layout = join(dir, 'layout');
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:t`]);
  run('umoci', ['config', '--image', `${layout}:t`, '--tag', 't2', '--config.env', 'A=1']);
  const before = readIndex(layout).manifests;
  assert.deepEqual(tags(layout), ['t', 't2']);

  const r = cli(store, ['export', 'oci', 'app:v1', layout]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(tags(layout), ['t', 't2', 'v1']);
  for (const m of before) assert.ok(readIndex(layout).manifests.some((n) => n.digest === m.digest && n.annotations?.[REF] === m.annotations?.[REF]), `${m.annotations?.[REF]} unchanged`);
  // No blob left unreferenced, none missing.
  assert.deepEqual([...reachable(layout)].sort(), readdirSync(join(layout, 'blobs', 'sha256')).map((h) => `sha256:${h}`).sort());
  const listed = run('umoci', ['ls', '--layout', layout]).split('\n').filter(Boolean).sort();
  assert.deepEqual(listed, ['t', 't2', 'v1']);
  run('umoci', ['unpack', '--rootless', '--image', `${layout}:v1`, join(dir, 'bundle')]);
  assert.ok(readFileSync(join(dir, 'bundle', 'rootfs', 'etc', 'data.bin')).equals(seededBytes('oci-export', 300_000)));
  for (const tag of ['t', 't2', 'v1']) run('skopeo', ['copy', '-q', `oci:${layout}:${tag}`, `dir:${join(dir, `copy-${tag}`)}`]);

  // The same tag again moves it, as skopeo does: the image it named stays in the index, unnamed,
  // so that its blobs are still referenced.
  const t = readIndex(layout).manifests.find((m) => m.annotations?.[REF] === 't')!;
  const again = cli(store, ['export', 'oci', 'app:v1', layout, '--tag', 't']);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(tags(layout), ['t', 't2', 'v1']);
  const index = readIndex(layout).manifests;
  assert.equal(index.find((m) => m.annotations?.[REF] === 't')!.digest, index.find((m) => m.annotations?.[REF] === 'v1')!.digest);
  assert.ok(index.some((m) => m.digest === t.digest && m.annotations?.[REF] === undefined), 'the old t stays, unnamed');
  assert.deepEqual([...reachable(layout)].sort(), readdirSync(join(layout, 'blobs', 'sha256')).map((h) => `sha256:${h}`).sort());
  // Exporting the same image under the same tag once more changes nothing.
  const indexBytes = readFileSync(join(layout, 'index.json'));
  assert.equal(cli(store, ['export', 'oci', 'app:v1', layout, '--tag', 't']).status, 0);
  assert.ok(readFileSync(join(layout, 'index.json')).equals(indexBytes));
  run('umoci', ['unpack', '--rootless', '--image', `${layout}:t2`, join(dir, 'bundle-t2')]);
  run('skopeo', ['copy', '-q', `oci:${layout}:t`, `dir:${join(dir, 'copy-t-again')}`]);
});

test('export oci refuses a directory that is neither empty nor a layout, and a file, with exit 2 and one sentence', () => {
  const dir = tmp();
  const store = storeWithImage(dir);
  const notLayout = join(dir, 'not-layout');
  mkdirSync(notLayout);
  writeFileSync(join(notLayout, 'notes.txt'), 'keep me\n');
  const file = join(dir, 'some-file');
  writeFileSync(file, 'a regular file\n');
  const brokenIndex = join(dir, 'broken');
  mkdirSync(brokenIndex);
  writeFileSync(join(brokenIndex, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(brokenIndex, 'index.json'), '{"manifests": "nope"');
  for (const [target, what] of [[notLayout, /neither empty nor an OCI image layout/], [file, /not a directory/], [join(file, 'sub'), /not a directory/], [brokenIndex, /index\.json/]] as const) {
    const r = cli(store, ['export', 'oci', 'app:v1', target]);
    assert.equal(r.status, 2, `${target}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, what);
    assert.doesNotMatch(lines[0]!, /\b(EEXIST|ENOTDIR|EISDIR|ENOENT|EACCES|EPERM)\b|\.tmp-|cairn-(partial|archive)|mkdir|scandir|open '/, `no errno name or internal path: ${lines[0]}`);
  }
  assert.deepEqual(readdirSync(notLayout), ['notes.txt']);
  assert.equal(readFileSync(file, 'utf8'), 'a regular file\n');
  assert.deepEqual(readdirSync(brokenIndex).sort(), ['index.json', 'oci-layout']);
});
