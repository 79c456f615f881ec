// A bundle of several target images: one bundle manifest per target in index.json, each with
// that target's manifest as its subject (so registries and `oras discover` find it from either
// image), the same blobs, and one apply names every target.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cairn, tmp, cairnOk as ok, writeTree as tree } from '../support/cli.js';
import { seededBytes } from '../support/random.js';

type Listing = { images: { manifest: string; names: string[] }[] };

test('a bundle for two targets carries one manifest per target, subject = that target', () => {
  const dir = tmp('bundle-targets');
  const sender = join(dir, 'sender');
  const receiver = join(dir, 'receiver');
  const v1 = tree(join(dir, 'v1'), { 'lib.so': seededBytes('targets-lib', 120_000) });
  ok(sender, ['ingest', v1, '--name', 'app:v1']);
  ok(receiver, ['ingest', v1, '--name', 'app:v1']);
  ok(sender, ['ingest', tree(join(dir, 'v2'), { 'lib.so': seededBytes('targets-lib', 120_000), 'new.txt': Buffer.from('two\n') }), '--name', 'app:v2']);
  ok(sender, ['ingest', tree(join(dir, 'tool'), { 'tool.bin': seededBytes('targets-tool', 40_000) }), '--name', 'tool:1']);
  const listed = JSON.parse(ok(sender, ['--json', 'ls'])) as Listing;
  const manifestOf = (name: string) => listed.images.find((i) => i.names.includes(name))!.manifest;
  const bundle = join(dir, 'up.tar');
  ok(sender, ['bundle', 'app:v2', 'tool:1', '--from', 'app:v1', '-o', bundle]);

  const out = join(dir, 'unpacked');
  mkdirSync(out);
  execFileSync('tar', ['-xf', bundle, '-C', out]);
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string; artifactType: string }[] };
  assert.equal(index.manifests.length, 2);
  const manifests = index.manifests.map((m) => JSON.parse(readFileSync(join(out, 'blobs', 'sha256', m.digest.slice(7)), 'utf8')) as { artifactType: string; subject: { digest: string }; layers: unknown[] });
  assert.deepEqual(manifests.map((m) => m.subject.digest), [manifestOf('app:v2'), manifestOf('tool:1')]);
  assert.ok(manifests.every((m) => m.artifactType === 'application/vnd.cairn.bundle.v1'));
  assert.deepEqual(manifests[0]!.layers, manifests[1]!.layers, 'the same blobs');

  ok(receiver, ['apply', bundle]);
  const got = JSON.parse(ok(receiver, ['--json', 'ls'])) as Listing;
  assert.deepEqual(got.images.flatMap((i) => i.names).sort(), ['app:v1', 'app:v2', 'tool:1']);
  assert.equal(got.images.find((i) => i.names.includes('tool:1'))!.manifest, manifestOf('tool:1'));
  ok(receiver, ['verify']);
});
