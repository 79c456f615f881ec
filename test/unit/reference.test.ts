// Image references: the grammar and normalisation of github.com/distribution/reference, checked
// against known answers from its own tests (reference_test.go, normalize_test.go), and how cairn
// matches a reference against stored names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadParameterError, familiarReference, matchingNames, nameFromPath, normalizeReference, parseImageName, parseReference,
} from 'cairn';

const F64 = 'f'.repeat(64);

test('parse: name, domain, tag and digest as distribution/reference splits them', () => {
  const cases: [string, { name: string; domain?: string; tag?: string; digest?: string }][] = [
    ['test_com', { name: 'test_com' }],
    ['test.com:tag', { name: 'test.com', tag: 'tag' }],
    ['test.com:5000', { name: 'test.com', tag: '5000' }],
    ['test.com/repo:tag', { name: 'test.com/repo', domain: 'test.com', tag: 'tag' }],
    ['test:5000/repo', { name: 'test:5000/repo', domain: 'test:5000' }],
    [`test:5000/repo:tag@sha256:${F64}`, { name: 'test:5000/repo', domain: 'test:5000', tag: 'tag', digest: `sha256:${F64}` }],
    ['lowercase:Uppercase', { name: 'lowercase', tag: 'Uppercase' }],
    [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, { name: `${'a/'.repeat(127)}a`, domain: 'a', tag: 'tag-puts-this-over-max' }],
    ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', { name: 'sub-dom1.foo.com/bar/baz/quux', domain: 'sub-dom1.foo.com', tag: 'some-long-tag' }],
    ['b.gcr.io/test.example.com/my-app:test.example.com', { name: 'b.gcr.io/test.example.com/my-app', domain: 'b.gcr.io', tag: 'test.example.com' }],
    ['xn--n3h.com/myimage:xn--n3h.com', { name: 'xn--n3h.com/myimage', domain: 'xn--n3h.com', tag: 'xn--n3h.com' }],
    ['foo_bar.com:8080', { name: 'foo_bar.com', tag: '8080' }],
    ['foo/foo_bar.com:8080', { name: 'foo/foo_bar.com', domain: 'foo', tag: '8080' }],
    ['192.168.1.1:5000/repo:5050', { name: '192.168.1.1:5000/repo', domain: '192.168.1.1:5000', tag: '5050' }],
    ['[2001:db8::1]:5000/repo:tag', { name: '[2001:db8::1]:5000/repo', domain: '[2001:db8::1]:5000', tag: 'tag' }],
    ['[::1]:5000/repo', { name: '[::1]:5000/repo', domain: '[::1]:5000' }],
  ];
  for (const [input, want] of cases) {
    const got = parseReference(input);
    assert.deepEqual(
      { name: got.name, domain: got.domain, tag: got.tag, digest: got.digest },
      { name: want.name, domain: want.domain, tag: want.tag, digest: want.digest },
      input,
    );
  }
});

test('parse: what distribution/reference refuses, cairn refuses (BadParameterError)', () => {
  const refused = [
    '', ':justtag', `@sha256:${F64}`, 'repo@sha256:' + 'f'.repeat(34), `validname@invaliddigest:${F64}`,
    'Uppercase:tag', 'test:5000/Uppercase/lowercase:tag', `${'a/'.repeat(128)}a:tag`, 'aa/asdf$$^/aa',
    '[2001:db8::1]', '[2001:db8::1]:5000', '[2001:db8::1]:tag', '[fe80::1%eth0]:5000/repo',
    'BAD NAME', 'a:b:c', '-docker', 'docker///docker', 'docker/', 'dock..er/docker', '_docker/_docker',
  ];
  for (const input of refused) assert.throws(() => parseReference(input), BadParameterError, JSON.stringify(input));
  assert.throws(() => parseReference('Uppercase:tag'), /must be lowercase/);
});

test('image names take no digest and are not 64 hex digits', () => {
  assert.throws(() => parseImageName(`app@sha256:${F64}`), BadParameterError);
  assert.throws(() => parseImageName('1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a'), BadParameterError);
  assert.equal(parseImageName('app:v1').tag, 'v1');
});

test('normalise as docker does (normalize_test.go known answers)', () => {
  const cases: [string, string][] = [
    ['redis', 'docker.io/library/redis:latest'],
    ['redis:latest', 'docker.io/library/redis:latest'],
    ['docker.io/library/redis:latest', 'docker.io/library/redis:latest'],
    ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest'],
    ['docker.io/foo', 'docker.io/library/foo:latest'],
    ['index.docker.io/docker/docker', 'docker.io/docker/docker:latest'],
    ['docker.io/library/foo/bar', 'docker.io/library/foo/bar:latest'],
    ['test_com/foo', 'docker.io/test_com/foo:latest'],
    ['test.com:8080/foo', 'test.com:8080/foo:latest'],
    ['localhost/foo', 'localhost/foo:latest'],
    ['Foo/bar', 'Foo/bar:latest'],
    ['127.0.0.1:8000/privatebase', '127.0.0.1:8000/privatebase:latest'],
    [`busybox:latest@sha256:${'8'.repeat(64)}`, `docker.io/library/busybox:latest@sha256:${'8'.repeat(64)}`],
  ];
  for (const [input, want] of cases) assert.equal(normalizeReference(input), want, input);
  const familiar: [string, string][] = [
    ['docker.io/library/ubuntu', 'ubuntu'],
    ['docker.io/library/t:latest', 't:latest'],
    ['index.docker.io/fooo/bar', 'fooo/bar'],
    ['docker.io/library/foo/bar', 'library/foo/bar'],
    ['example.com:8000/private/moonbase', 'example.com:8000/private/moonbase'],
  ];
  for (const [input, want] of familiar) assert.equal(familiarReference(input), want, input);
});

test('matching: exact first, then the normalised form', () => {
  const stored = ['docker.io/library/t:latest', 'app:v1', 'app:v2', 'not a valid name'];
  assert.deepEqual(matchingNames('t:latest', stored), ['docker.io/library/t:latest']);
  assert.deepEqual(matchingNames('t', stored), ['docker.io/library/t:latest']);
  assert.deepEqual(matchingNames('library/t', stored), ['docker.io/library/t:latest']);
  assert.deepEqual(matchingNames('docker.io/library/app:v1', stored), ['app:v1']);
  assert.deepEqual(matchingNames('app', stored), [], 'app means app:latest');
  assert.deepEqual(matchingNames('not a valid name', stored), ['not a valid name'], 'names stored before validation still match exactly');
  assert.deepEqual(matchingNames('7a91420e', stored), []);
});

test('names made from paths are valid references', () => {
  const cases: [string, string][] = [
    ['t.tar', 't'], ['My App.tar.gz', 'my-app'], ['base.tar.zst', 'base'], ['__x__.tgz', 'x'], ['...', 'image'], ['v1.2.3', 'v1.2.3'],
  ];
  for (const [input, want] of cases) {
    assert.equal(nameFromPath(input), want, input);
    parseImageName(`${nameFromPath(input)}:latest`);
  }
});
