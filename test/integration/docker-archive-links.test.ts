// docker-archives whose members are links: `docker save` writes a layer it has already saved as
// a symlink to the first copy (legacy format), so a link to a file inside the archive is read
// as that file. A link that leads nowhere, or out of the archive, is refused naming the member
// as the archive spells it, never a temporary path. The archives are made by GNU tar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const sha = (bytes: Buffer) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');
const cli = (store: string, args: string[]) => spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8' });

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/**
 * A docker-archive of one image with two layers: `aaa/layer.tar` (a file) and
 * `bbb/layer.tar`, a symlink to `linkTarget`. Both layers are the same tar, so that a link to
 * the first is a valid archive.
 */
function dockerArchive(dir: string, label: string, linkTarget: string): { archive: string; layer: Buffer } {
  const root = join(dir, label);
  const tree = join(dir, `${label}-tree`);
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, 'data.bin'), seededBytes(`docker-link-${label}`, 100_000));
  mkdirSync(join(root, 'aaa'), { recursive: true });
  mkdirSync(join(root, 'bbb'));
  run('tar', ['--format=gnu', '-cf', join(root, 'aaa', 'layer.tar'), '-C', tree, '.']);
  symlinkSync(linkTarget, join(root, 'bbb', 'layer.tar'));
  const layer = readFileSync(join(root, 'aaa', 'layer.tar'));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer), sha(layer)] } }));
  const configName = `${sha(config).slice(7)}.json`;
  writeFileSync(join(root, configName), config);
  writeFileSync(join(root, 'manifest.json'), JSON.stringify([{ Config: configName, RepoTags: [`linked/${label}:v1`], Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]));
  const archive = join(dir, `${label}.tar`);
  run('tar', ['--format=gnu', '-cf', archive, '-C', root, 'manifest.json', configName, 'aaa', 'bbb']);
  return { archive, layer };
}

test('a docker-archive layer member that is a symlink to another member is read as that member', () => {
  const dir = scratchDir('docker-links-');
  const { archive, layer } = dockerArchive(dir, 'good', '../aaa/layer.tar');
  const store = join(dir, 'store');
  const r = cli(store, ['--json', 'ingest', archive]);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.images[0].name, 'linked/good:v1');
  assert.deepEqual(result.images[0].layers, [sha(layer), sha(layer)]);
  const out = join(dir, 'out.tar');
  assert.equal(cli(store, ['export', 'layer', sha(layer), '-o', out]).status, 0);
  assert.ok(readFileSync(out).equals(layer));
});

test('a docker-archive layer member that is a dangling or escaping symlink is refused, naming the member', () => {
  const dir = scratchDir('docker-links-');
  for (const [label, target] of [['dangling', '../ccc/layer.tar'], ['escaping', '../../../etc/passwd'], ['absolute', '/etc/passwd']] as const) {
    const { archive } = dockerArchive(dir, label, target);
    const r = cli(join(dir, 'store'), ['ingest', archive]);
    assert.equal(r.status, 2, `${label}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /bbb\/layer\.tar/, `${label}: names the member: ${lines[0]}`);
    assert.doesNotMatch(lines[0]!, /cairn-archive-|\bENOENT\b/, `${label}: no temporary path: ${lines[0]}`);
  }
});

test('an OCI archive missing a blob is refused naming the archive, not its temporary directory', () => {
  const dir = scratchDir('docker-links-');
  const root = join(dir, 'layout');
  mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(root, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const absent = 'sha256:' + 'ab'.repeat(32);
  writeFileSync(join(root, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: absent, size: 100 }] }));
  const archive = join(dir, 'missing-blob.tar');
  run('tar', ['--format=gnu', '-cf', archive, '-C', root, 'oci-layout', 'index.json', 'blobs']);
  const r = cli(join(dir, 'store'), ['ingest', archive]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`blob ${absent} is missing from ${archive.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.doesNotMatch(r.stderr, /cairn-archive-/);
});
