import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { BaseCatalog, versionlessName } from '../../../src/bundle/catalog.js';

const file = (path: string, size: number, n: number) => ({ path, size, digest: n.toString(16).padStart(64, '0') });

test('versionlessName: version-like digit runs become #', () => {
  assert.equal(versionlessName('guava-31.1.jar'), 'guava-#.jar');
  assert.equal(versionlessName('guava-32.0.1.jar'), 'guava-#.jar');
  assert.equal(versionlessName('libfoo.so.1.2.3'), 'libfoo.so.#');
  assert.equal(versionlessName('README'), 'README');
});

test('baseFor: a versioned jar finds the other version of the same name (not another jar)', () => {
  const catalog = new BaseCatalog();
  catalog.indexFile(file('app/lib/guava-31.1.jar', 3_000_000, 1));
  catalog.indexFile(file('app/lib/gson-2.10.jar', 300_000, 2));
  assert.equal(catalog.baseFor('app/lib/guava-32.0.jar', 3_100_000)?.path, 'app/lib/guava-31.1.jar');
  assert.equal(catalog.baseFor('app/lib/gson-2.11.0.jar', 310_000)?.path, 'app/lib/gson-2.10.jar');
  assert.equal(catalog.baseFor('app/lib/jackson-2.17.jar', 300_000), undefined);
});

test('baseFor: versionless match within 10x in size, the closest size first', () => {
  const catalog = new BaseCatalog();
  catalog.indexFile(file('opt/a/foo-1.0.jar', 100, 1));
  catalog.indexFile(file('opt/b/foo-2.0.jar', 5_000, 2));
  catalog.indexFile(file('opt/c/foo-3.0.jar', 900, 3));
  assert.equal(catalog.baseFor('lib/foo-4.0.jar', 1_000)?.path, 'opt/c/foo-3.0.jar');
  assert.equal(catalog.baseFor('lib/foo-4.0.jar', 4_000)?.path, 'opt/b/foo-2.0.jar');
  assert.equal(catalog.baseFor('lib/foo-4.0.jar', 200_000), undefined, 'more than 10x every candidate');
});

test('baseFor: a .so with a longer version finds its older release, the earlier rules still first', () => {
  const catalog = new BaseCatalog();
  catalog.indexFile(file('usr/lib/libfoo.so.1.2.3', 50_000, 1));
  catalog.indexFile(file('usr/lib/libbar-1.so', 1_000_000, 2));
  // Stem rule (up to the first dot) misses: 'libbar-2' vs 'libbar-1'; the versionless rule finds it.
  assert.equal(catalog.baseFor('usr/lib/libbar-2.so', 900_000)?.path, 'usr/lib/libbar-1.so');
  assert.equal(catalog.baseFor('usr/lib/libfoo.so.1.2.4', 51_000)?.path, 'usr/lib/libfoo.so.1.2.3');
  // Same path wins over everything.
  catalog.indexFile(file('usr/lib/libbar-2.so', 10, 3));
  assert.equal(catalog.baseFor('usr/lib/libbar-2.so', 900_000)?.digest, file('', 0, 3).digest);
});
