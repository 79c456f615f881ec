/** Pure parts of the registry client: references, challenges, auth files, platforms, docker schema 2 form. */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  choosePlatform, credentialsFromAuthFile, dockerManifestOf, findCredentials, isLoopback, parseChallenges, parseCreds, parsePlatform,
  parseRegistryReference,
} from '../../../src/registry/index.js';
import { scratchDir } from '../../support/scratch.js';

test('references: docker defaults and normalisation', () => {
  assert.deepEqual(parseRegistryReference('debian'), {
    registry: 'docker.io', endpoint: 'registry-1.docker.io', repository: 'library/debian', tag: 'latest', digest: undefined, reference: 'latest',
  });
  const hub = parseRegistryReference('index.docker.io/team/app:1.2');
  assert.equal(hub.registry, 'docker.io');
  assert.equal(hub.repository, 'team/app');
  assert.equal(hub.reference, '1.2');
  const local = parseRegistryReference('localhost:5000/app');
  assert.deepEqual([local.registry, local.endpoint, local.repository, local.tag], ['localhost:5000', 'localhost:5000', 'app', 'latest']);
  const digest = `sha256:${'a'.repeat(64)}`;
  const byDigest = parseRegistryReference(`127.0.0.1:5000/x/y@${digest}`);
  assert.equal(byDigest.tag, undefined);
  assert.equal(byDigest.reference, digest);
  const both = parseRegistryReference(`quay.io/x/y:v1@${digest}`);
  assert.equal(both.tag, 'v1');
  assert.equal(both.reference, digest);
  assert.throws(() => parseRegistryReference('team/Upper'), /lowercase/);
  assert.throws(() => parseRegistryReference('a@sha256:abc'), /invalid image name/);
});

test('loopback hosts', () => {
  for (const host of ['localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', 'foo.localhost']) assert.equal(isLoopback(host), true, host);
  for (const host of ['registry.example.com', '10.0.0.1:5000', 'docker.io', '128.0.0.1']) assert.equal(isLoopback(host), false, host);
});

test('WWW-Authenticate challenges', () => {
  assert.deepEqual(parseChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' } },
  ]);
  assert.deepEqual(parseChallenges('Basic realm="Registry Realm"'), [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
  const two = parseChallenges(['Basic realm="x"', 'Bearer realm="y", error="insufficient_scope"']);
  assert.deepEqual(two.map((c) => c.scheme), ['basic', 'bearer']);
  assert.equal(two[1]!.params['error'], 'insufficient_scope');
  assert.deepEqual(parseChallenges(undefined), []);
});

test('credentials: --creds, auth files (docker and containers keys), precedence', () => {
  assert.deepEqual(parseCreds('u:p:with:colons'), { username: 'u', password: 'p:with:colons' });
  assert.deepEqual(parseCreds('u'), { username: 'u', password: '' });
  assert.throws(() => parseCreds(':p'), /user name is empty/);
  const dir = scratchDir('cairn-auth-');
  const file = join(dir, 'config.json');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  writeFileSync(file, JSON.stringify({
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'reg.example:5000': { auth: b64('plain:one') },
      'reg.example:5000/team': { auth: b64('team:two') },
      'other.example': { username: 'u2', password: 'p2' },
    },
  }));
  assert.deepEqual(credentialsFromAuthFile(file, 'docker.io', 'library/debian'), { username: 'hubuser', password: 'hubpass' });
  assert.deepEqual(credentialsFromAuthFile(file, 'reg.example:5000', 'app'), { username: 'plain', password: 'one' });
  assert.deepEqual(credentialsFromAuthFile(file, 'reg.example:5000', 'team/app'), { username: 'team', password: 'two' });
  assert.deepEqual(credentialsFromAuthFile(file, 'other.example', 'x'), { username: 'u2', password: 'p2' });
  assert.equal(credentialsFromAuthFile(file, 'nowhere.example', 'x'), undefined);
  const envFile = join(dir, 'env.json');
  writeFileSync(envFile, JSON.stringify({ auths: { 'reg.example:5000': { auth: b64('fromenv:x') } } }));
  const home = scratchDir('cairn-home-');
  assert.equal(findCredentials('reg.example:5000', 'app', { creds: 'given:y', env: { REGISTRY_AUTH_FILE: envFile } })?.username, 'given');
  assert.equal(findCredentials('reg.example:5000', 'app', { authFile: file, env: { REGISTRY_AUTH_FILE: envFile } })?.username, 'plain');
  assert.equal(findCredentials('reg.example:5000', 'app', { env: { REGISTRY_AUTH_FILE: envFile, HOME: home } })?.username, 'fromenv');
  assert.equal(findCredentials('reg.example:5000', 'app', { env: { HOME: home } }), undefined);
  writeFileSync(join(dir, 'bad.json'), '{not json');
  assert.throws(() => credentialsFromAuthFile(join(dir, 'bad.json'), 'x', 'y'), /not valid JSON/);
});

test('platforms: parsing and choosing from an index', () => {
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.throws(() => parsePlatform('linux'), /OS\/ARCH/);
  const index = {
    manifests: [
      { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'sha256:armv7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { digest: 'sha256:arm64', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
    ],
  };
  assert.equal(choosePlatform(index, { os: 'linux', architecture: 'amd64' }, 'x').digest, 'sha256:amd');
  assert.equal(choosePlatform(index, { os: 'linux', architecture: 'arm64' }, 'x').digest, 'sha256:arm64');
  assert.equal(choosePlatform(index, { os: 'linux', architecture: 'arm', variant: 'v7' }, 'x').digest, 'sha256:armv7');
  assert.throws(() => choosePlatform(index, { os: 'linux', architecture: 'arm', variant: 'v6' }, 'x'), /no image for linux\/arm\/v6.*linux\/amd64/);
  assert.throws(() => choosePlatform(index, { os: 'windows', architecture: 'amd64' }, 'x'), /give --platform/);
});

test('docker schema 2 form of an OCI manifest; zstd layers have none', () => {
  const oci = {
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c', size: 10 },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l', size: 20 }],
  };
  const docker = JSON.parse(dockerManifestOf(oci).toString());
  assert.equal(docker.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.equal(docker.config.mediaType, 'application/vnd.docker.container.image.v1+json');
  assert.deepEqual(docker.layers, [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 20, digest: 'sha256:l' }]);
  assert.throws(() => dockerManifestOf({ ...oci, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: 'sha256:z', size: 1 }] }), /--compress gzip/);
});
