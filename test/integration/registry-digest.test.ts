/**
 * The "manifest digest preserved" case, through a real docker-registry: an image whose
 * gzip layers Python's gzip module (system zlib) made, one Node's zlib made, and one Go's
 * compress/gzip made (when the Go toolchain is installed), are ingested and
 * pushed; the registry then serves, under the tag, the very manifest the producer wrote (its
 * sha256 computed here from the bytes skopeo fetches, not taken from cairn) and the original
 * layer blobs. An image gzipped by GNU gzip, which cairn cannot reproduce, is pushed with a new
 * manifest, and push says so. An image pulled whole, by chunks from the artifact cairn pushed
 * beside it, or by delta, is exported or pushed again from the puller's store under its own
 * digest.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cairn, tmp } from '../support/cli.js';
import { assertProducerLayers, goMissing, makeLayout, type Producer } from '../support/gzip-layouts.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

const sha = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function servedManifest(host: string, repo: string): { digest: string; layers: string[] } {
  const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/${repo}`]);
  const manifest = JSON.parse(raw.toString('utf8')) as { layers: { digest: string }[] };
  return { digest: sha(raw), layers: manifest.layers.map((l) => l.digest) };
}

describe('push keeps the original manifest digest where every layer blob is reproduced', () => {
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry(); });
  after(async () => { await registry.stop({ remove: true }); });

  const cases: [Producer, boolean][] = [['python-6', true], ['node-6', true], ['go-6', true], ['gnu-gzip-6', false]];
  for (const [producer, kept] of cases) {
    const skip = producer.startsWith('go-') ? goMissing() : false;
    test(`${producer}: ${kept ? 'the original manifest and blobs' : 'a new manifest, said so'}`, { skip }, () => {
      const dir = tmp(`reg-digest-${producer}`);
      const made = makeLayout(join(dir, 'layout'), producer, [`${producer}-a`, `${producer}-b`]);
      const store = join(dir, 'store');
      const ingest = cairn(store, ['ingest', made.dir, '--name', 'app']);
      assert.equal(ingest.status, 0, ingest.stderr);
      const repo = `digest/${producer}:v1`;
      const push = cairn(store, ['--json', 'push', 'app:v1', `${registry.host}/${repo}`, '--no-chunk-data']);
      assert.equal(push.status, 0, push.stderr);
      const result = JSON.parse(push.stdout) as { manifest: string; manifestKept: boolean; layers: { reproduced?: boolean; reason?: string }[] };
      assert.deepEqual(result.layers.map((l) => l.reproduced), made.layers.map(() => kept), 'push says per layer whether its blob is the original');
      if (!kept) for (const l of result.layers) assert.match(l.reason ?? '', /no known deflate/);
      const served = servedManifest(registry.host, repo);
      assert.equal(served.digest, result.manifest, 'push reports the manifest the registry serves');
      if (kept) {
        assert.equal(served.digest, made.manifest, 'the registry serves the producer\'s manifest');
        assert.deepEqual(served.layers, made.layers.map((l) => l.digest), 'and its original layer blobs');
      } else {
        assert.notEqual(served.digest, made.manifest);
        assert.equal(result.manifestKept, false);
      }
    });
  }
});

describe('an image another tool pushed, pulled whole by cairn and pushed again, keeps its manifest digest', () => {
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry(); });
  after(async () => { await registry.stop({ remove: true }); });

  for (const producer of ['python-6', 'go-6'] as Producer[]) {
    const skip = producer.startsWith('go-') ? goMissing() : false;
    test(`${producer}: skopeo pushes it, cairn pulls it into an empty store, describes each blob, exports and pushes the original manifest and blobs`, { skip }, () => {
      const dir = tmp(`reg-repush-${producer}`);
      const made = makeLayout(join(dir, 'layout'), producer, [`${producer}-c`, `${producer}-d`]);
      execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${made.dir}:v1`, `docker://${registry.host}/from/${producer}:v1`]);
      assert.equal(servedManifest(registry.host, `from/${producer}:v1`).digest, made.manifest, 'skopeo kept the producer\'s manifest');
      const store = join(dir, 'store');
      const pull = cairn(store, ['--json', 'pull', `${registry.host}/from/${producer}:v1`, '--name', 'pulled:v1']);
      assert.equal(pull.status, 0, pull.stderr);
      const pulled = (JSON.parse(pull.stdout) as { layers: { how: string; blob?: { reproduced: unknown } }[] }).layers;
      assert.deepEqual(pulled.map((l) => [l.how, l.blob?.reproduced]), made.layers.map(() => ['whole', 'unconfirmed']));
      // Export rebuilds each blob from the description its first MiB gave, checked: the producer's bytes.
      const exported = cairn(store, ['--json', 'export', 'oci', 'pulled:v1', join(dir, 'out')]);
      assert.equal(exported.status, 0, exported.stderr);
      assert.equal((JSON.parse(exported.stdout) as { manifest: string }).manifest, made.manifest);
      assertProducerLayers(join(dir, 'out'), made);
      const push = cairn(store, ['--json', 'push', 'pulled:v1', `${registry.host}/to/${producer}:v1`, '--no-chunk-data']);
      assert.equal(push.status, 0, push.stderr);
      const served = servedManifest(registry.host, `to/${producer}:v1`);
      assert.equal(served.digest, made.manifest, 'the registry serves the producer\'s manifest again');
      assert.deepEqual(served.layers, made.layers.map((l) => l.digest));
      assert.equal((JSON.parse(push.stdout) as { manifestKept: boolean }).manifestKept, true);
      // Pulled with --no-blob-descriptions into another store, the push makes a new manifest.
      const bare = join(dir, 'bare');
      const quick = cairn(bare, ['pull', `${registry.host}/from/${producer}:v1`, '--name', 'pulled:v1', '--no-blob-descriptions']);
      assert.equal(quick.status, 0, quick.stderr);
      const again = cairn(bare, ['--json', 'push', 'pulled:v1', `${registry.host}/bare/${producer}:v1`, '--no-chunk-data']);
      assert.equal(again.status, 0, again.stderr);
      assert.equal((JSON.parse(again.stdout) as { manifestKept: boolean }).manifestKept, false);
      assert.notEqual(servedManifest(registry.host, `bare/${producer}:v1`).digest, made.manifest);
    });
  }
});

describe('an image pulled by chunks from cairn\'s artifact, pushed again, keeps its manifest digest', () => {
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry(); });
  after(async () => { await registry.stop({ remove: true }); });

  for (const producer of ['python-6', 'go-6'] as Producer[]) {
    const skip = producer.startsWith('go-') ? goMissing() : false;
    test(`${producer}: cairn pushes it with chunk data; another store pulls it by chunks, keeps each blob description, exports the producer's blobs and pushes the original manifest`, { skip }, () => {
      const dir = tmp(`reg-chunks-${producer}`);
      const made = makeLayout(join(dir, 'layout'), producer, [`${producer}-e`, `${producer}-f`]);
      const origin = join(dir, 'origin');
      assert.equal(cairn(origin, ['ingest', made.dir, '--name', 'app']).status, 0);
      const first = cairn(origin, ['--json', 'push', 'app:v1', `${registry.host}/chunks/${producer}:v1`]);
      assert.equal(first.status, 0, first.stderr);
      assert.equal((JSON.parse(first.stdout) as { manifestKept: boolean }).manifestKept, true);
      const store = join(dir, 'store');
      const pull = cairn(store, ['--json', 'pull', `${registry.host}/chunks/${producer}:v1`, '--name', 'pulled:v1']);
      assert.equal(pull.status, 0, pull.stderr);
      const layers = (JSON.parse(pull.stdout) as { layers: { how: string; blob?: { reproduced: boolean | string } }[] }).layers;
      assert.deepEqual(layers.map((l) => [l.how, l.blob?.reproduced]), made.layers.map(() => ['chunks', 'unconfirmed']));
      // Export rebuilds each blob from its description and checks it: the producer's bytes.
      const out = join(dir, 'out');
      const exported = cairn(store, ['--json', 'export', 'oci', 'pulled:v1', out]);
      assert.equal(exported.status, 0, exported.stderr);
      assert.equal((JSON.parse(exported.stdout) as { manifest: string }).manifest, made.manifest);
      assertProducerLayers(out, made);
      const push = cairn(store, ['--json', 'push', 'pulled:v1', `${registry.host}/again/${producer}:v1`]);
      assert.equal(push.status, 0, push.stderr);
      assert.equal(servedManifest(registry.host, `again/${producer}:v1`).digest, made.manifest, 'the registry serves the producer\'s manifest again');
      assert.equal(cairn(store, ['verify']).status, 0);
      // Relayed: the descriptions it kept unconfirmed ride in its own chunk artifact to a third store.
      const third = join(dir, 'third');
      const relayed = cairn(third, ['--json', 'pull', `${registry.host}/again/${producer}:v1`, '--name', 'relayed:v1']);
      assert.equal(relayed.status, 0, relayed.stderr);
      assert.deepEqual((JSON.parse(relayed.stdout) as { layers: { how: string; blob?: { reproduced: unknown } }[] }).layers.map((l) => [l.how, l.blob?.reproduced]), made.layers.map(() => ['chunks', 'unconfirmed']));
      const thirdOut = cairn(third, ['--json', 'export', 'oci', 'relayed:v1', join(dir, 'out-third')]);
      assert.equal(thirdOut.status, 0, thirdOut.stderr);
      assert.equal((JSON.parse(thirdOut.stdout) as { manifest: string }).manifest, made.manifest);
      // Without descriptions, the chunks come as before and the push makes a new manifest.
      const bare = join(dir, 'bare');
      const quick = cairn(bare, ['--json', 'pull', `${registry.host}/chunks/${producer}:v1`, '--name', 'pulled:v1', '--no-blob-descriptions']);
      assert.equal(quick.status, 0, quick.stderr);
      assert.deepEqual((JSON.parse(quick.stdout) as { layers: { how: string; blob?: unknown }[] }).layers.map((l) => [l.how, l.blob]), made.layers.map(() => ['chunks', undefined]));
      const again = cairn(bare, ['--json', 'push', 'pulled:v1', `${registry.host}/bare/${producer}:v1`, '--no-chunk-data']);
      assert.equal(again.status, 0, again.stderr);
      assert.equal((JSON.parse(again.stdout) as { manifestKept: boolean }).manifestKept, false);
    });
  }
});

describe('an upgrade pulled by delta keeps the producer\'s manifest digest', () => {
  let registry: RunningRegistry;
  before(async () => { registry = await startRegistry(); });
  after(async () => { await registry.stop({ remove: true }); });

  test('python-6: cairn pushes v2 with a delta from v1; a store holding v1 pulls v2 by delta, keeps the blob description the bundle carries, and exports the producer\'s manifest', () => {
    const dir = tmp('reg-delta-blobs');
    const v1 = makeLayout(join(dir, 'v1'), 'python-6', ['delta-base', 'delta-one'], 'v1');
    const v2 = makeLayout(join(dir, 'v2'), 'python-6', ['delta-base', 'delta-two'], 'v2');
    const sender = join(dir, 'sender');
    for (const made of [v1, v2]) assert.equal(cairn(sender, ['ingest', made.dir, '--name', 'app']).status, 0);
    const push = cairn(sender, ['--json', 'push', 'app:v2', `${registry.host}/delta/app:v2`, '--deltas-from', 'app:v1']);
    assert.equal(push.status, 0, push.stderr);
    const receiver = join(dir, 'receiver');
    assert.equal(cairn(receiver, ['ingest', v1.dir, '--name', 'app']).status, 0);
    const pull = cairn(receiver, ['--json', 'pull', `${registry.host}/delta/app:v2`, '--name', 'app:v2']);
    assert.equal(pull.status, 0, pull.stderr);
    const layers = (JSON.parse(pull.stdout) as { layers: { how: string; blob?: { reproduced: unknown } }[] }).layers;
    assert.deepEqual(layers.map((l) => [l.how, l.blob?.reproduced]), [['already', undefined], ['delta', 'unconfirmed']]);
    const out = join(dir, 'out');
    const exported = cairn(receiver, ['--json', 'export', 'oci', 'app:v2', out]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.equal((JSON.parse(exported.stdout) as { manifest: string }).manifest, v2.manifest);
    assertProducerLayers(out, v2);
  });
});
