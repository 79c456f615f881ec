import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fileClass } from '../../../src/bundle/format.js';
import { stemOf } from '../../../src/bundle/catalog.js';

test('fileClass: the last extension that is not a version number', () => {
  assert.equal(fileClass('usr/lib/libz.so.1.3'), '.so');
  assert.equal(fileClass('app/lib/guava-33.0.jar'), '.jar');
  assert.equal(fileClass('bin/node'), '(none)');
  assert.equal(fileClass('etc/.bashrc'), '.bashrc');
  assert.equal(fileClass('a/Main.JS'), '.js');
});

test('stemOf: the name up to its first dot, a leading dot kept', () => {
  assert.equal(stemOf('libssl.so.3'), 'libssl');
  assert.equal(stemOf('guava-33.0.jar'), 'guava-33');
  assert.equal(stemOf('.profile'), '.profile');
  assert.equal(stemOf('README'), 'README');
});
