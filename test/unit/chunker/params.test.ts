// Parameter validation: typed errors that name the parameter, for every bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadParameterError, createChunker, chunkerIdentity, resolveChunkerParams, sameChunkerIdentity, type ChunkerOptions } from 'cairn';

const bad: [ChunkerOptions, string][] = [
  [{ min: 32 }, 'min'],
  [{ min: 2 * 1024 * 1024, avg: 4 * 1024 * 1024, max: 8 * 1024 * 1024 }, 'min'],
  [{ avg: 128, min: 64, max: 1024, align: 64 }, 'avg'],
  [{ max: 32 * 1024 * 1024 }, 'max'],
  [{ min: 65536, avg: 32768 }, 'min'],
  [{ avg: 524288, max: 262144 }, 'max'],
  [{ align: 3000 }, 'align'],
  [{ align: 32 }, 'align'],
  [{ align: 8192, min: 12288 }, 'min'],
  [{ align: 65536, min: 65536, avg: 98304, max: 262144 }, 'avg'],
  [{ normalization: 4 }, 'normalization'],
  [{ normalization: -1 }, 'normalization'],
  [{ min: 1.5 }, 'min'],
  [{ min: Number.NaN }, 'min'],
  [{ seed: -1 }, 'seed'],
  [{ mode: 'rabin' as never }, 'mode'],
  [{ mode: 'fixed', avg: 100 }, 'avg'],
];

test('bad parameters throw BadParameterError naming the parameter', () => {
  for (const [options, parameter] of bad) {
    assert.throws(() => createChunker(options), (error: unknown) => {
      assert.ok(error instanceof BadParameterError, `${JSON.stringify(options, (_, v) => (typeof v === 'bigint' ? String(v) : v))}: ${String(error)}`);
      assert.equal(error.code, 'CAIRN_BAD_PARAMETER');
      assert.equal(error.parameter, parameter, JSON.stringify(options));
      return true;
    });
  }
});

test('alignment is only required in aligned mode', () => {
  assert.doesNotThrow(() => createChunker({ mode: 'fastcdc', min: 4097, avg: 16385, max: 65535 }));
  assert.throws(() => createChunker({ mode: 'aligned', min: 4097, avg: 16384, max: 65536 }), BadParameterError);
});

test('defaults resolve into a new frozen object; the options are not written', () => {
  const options: ChunkerOptions = { mode: 'fastcdc' };
  const params = resolveChunkerParams(options);
  assert.deepEqual(options, { mode: 'fastcdc' });
  assert.equal(params.avg, 65536);
  assert.ok(Object.isFrozen(params));
});

test('chunker identity separates incompatible cut rules', () => {
  const id = (o: ChunkerOptions) => chunkerIdentity(resolveChunkerParams(o));
  assert.ok(sameChunkerIdentity(id({}), id({ mode: 'aligned' })));
  assert.ok(!sameChunkerIdentity(id({}), id({ mode: 'fastcdc' })));
  assert.ok(!sameChunkerIdentity(id({}), id({ seed: 1 })));
  assert.ok(!sameChunkerIdentity(id({}), id({ normalization: 2 })));
  assert.ok(!sameChunkerIdentity(id({}), id({ align: 8192 })));
  // align does not take part in fastcdc's identity.
  assert.ok(sameChunkerIdentity(id({ mode: 'fastcdc', align: 8192 }), id({ mode: 'fastcdc' })));
  assert.equal(JSON.stringify(id({})), JSON.stringify(JSON.parse(JSON.stringify(id({})))), 'identity is plain JSON');
});
