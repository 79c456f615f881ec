/**
 * docker's credential helpers against a real docker-registry with htpasswd basic auth: the
 * test writes `docker-credential-NAME` (a shell script) into a directory it puts first on PATH;
 * a config.json naming it in `credHelpers` (or `credsStore`) lets push and pull through, the
 * helper having been asked about the registry on stdin; a helper that holds nothing for the
 * registry leaves the client anonymous (refused, exit 2); a helper missing from PATH is one
 * line naming it, exit 2.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cairn, layerTar, tmp } from '../support/cli.js';
import { writeOciLayout } from '../support/report-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

/** A helper answering for `host` only, logging every server it is asked about into `log`. */
function writeHelper(dir: string, name: string, host: string, user: string, secret: string, log: string): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `docker-credential-${name}`);
  writeFileSync(path, [
    '#!/bin/sh',
    '[ "$1" = get ] || exit 3',
    'read -r server',
    `echo "$server" >> '${log}'`,
    `if [ "$server" = '${host}' ]; then`,
    `  printf '{"ServerURL":"%s","Username":"${user}","Secret":"${secret}"}' "$server"`,
    'else',
    '  echo "credentials not found in native keychain"',
    '  exit 1',
    'fi',
    '',
  ].join('\n'));
  chmodSync(path, 0o755);
}

describe('credential helpers (credHelpers, credsStore)', () => {
  let registry: RunningRegistry;
  let store: string;
  let dir: string;
  before(async () => {
    registry = await startRegistry({ basic: { user: 'dora', password: 'h3lper' } });
    dir = tmp('reg-credhelper');
    writeOciLayout(join(dir, 'app'), [{ tag: 'v1', layers: [layerTar('credhelper-a', 2, 50_000)] }]);
    store = join(dir, 'store');
    const ingest = cairn(store, ['ingest', join(dir, 'app'), '--name', 'app']);
    assert.equal(ingest.status, 0, ingest.stderr);
  });
  after(async () => { await registry.stop({ remove: true }); });

  const envWith = (bin: string, home: string): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: home, REGISTRY_AUTH_FILE: '' });

  test('credHelpers: push and pull with the helper\'s credentials; the helper was asked about the registry', () => {
    const bin = join(dir, 'bin1');
    const log = join(dir, 'asked1.log');
    writeHelper(bin, 'cairntest', registry.host, 'dora', 'h3lper', log);
    const config = join(dir, 'helpers.json');
    writeFileSync(config, JSON.stringify({ auths: {}, credHelpers: { [registry.host]: 'cairntest', 'other.example': 'absent' } }));
    const env = envWith(bin, join(dir, 'home1'));
    const ref = `${registry.host}/helped/app:v1`;
    const push = cairn(store, ['push', 'app:v1', ref, '--authfile', config, '--no-chunk-data'], { env });
    assert.equal(push.status, 0, push.stderr);
    const pulled = cairn(join(dir, 'store2'), ['--json', 'pull', ref, '--authfile', config], { env });
    assert.equal(pulled.status, 0, pulled.stderr);
    assert.ok(readFileSync(log, 'utf8').split('\n').includes(registry.host), 'the helper was asked about the registry on stdin');
    // Without the helper's answer the registry refuses: the credentials came from it.
    const none = join(dir, 'none.json');
    writeFileSync(none, JSON.stringify({ auths: {} }));
    const refused = cairn(join(dir, 'store3'), ['pull', ref, '--authfile', none], { env });
    assert.equal(refused.status, 2, refused.stderr);
  });

  test('credsStore: the helper in ~/.docker/config.json is used when no auths entry names the registry', () => {
    const bin = join(dir, 'bin2');
    const home = join(dir, 'home2');
    writeHelper(bin, 'cairnstore', registry.host, 'dora', 'h3lper', join(dir, 'asked2.log'));
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [registry.host]: {} }, credsStore: 'cairnstore' }));
    const pulled = cairn(join(dir, 'store4'), ['pull', `${registry.host}/helped/app:v1`], { env: envWith(bin, home) });
    assert.equal(pulled.status, 0, pulled.stderr);
  });

  test('a helper that holds nothing for the registry: anonymous, refused; a helper not on PATH: one line, exit 2', () => {
    const bin = join(dir, 'bin3');
    writeHelper(bin, 'elsewhere', 'not-this-registry.example', 'x', 'y', join(dir, 'asked3.log'));
    const config = join(dir, 'elsewhere.json');
    writeFileSync(config, JSON.stringify({ credHelpers: { [registry.host]: 'elsewhere' } }));
    const env = envWith(bin, join(dir, 'home3'));
    const refused = cairn(join(dir, 'store5'), ['pull', `${registry.host}/helped/app:v1`, '--authfile', config], { env });
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /realm|denied|unauthorized|credentials/i);
    const missing = join(dir, 'missing.json');
    writeFileSync(missing, JSON.stringify({ credHelpers: { [registry.host]: 'cairn-no-such-helper' } }));
    const absent = cairn(join(dir, 'store6'), ['pull', `${registry.host}/helped/app:v1`, '--authfile', missing], { env });
    assert.equal(absent.status, 2, absent.stderr);
    assert.match(absent.stderr, /docker-credential-cairn-no-such-helper .*not found on PATH/);
    assert.equal(absent.stderr.trim().split('\n').length, 1);
  });
});
