// Property: any zip Python's zipfile makes from random entries (names, sizes, stored or
// deflated at any level, comments, data descriptors) splits into skeleton + entries and
// rebuilds byte for byte, with every deflated entry re-deflated rather than kept raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rebuildZip, splitZip } from '../../../src/zip/index.js';
import { textLike } from '../deflate/fixtures.js';
import { pythonZip } from './make-zip.js';

const entry = fc.record({
  name: fc.stringMatching(/^[a-zA-Z0-9_./-]{1,30}$/),
  size: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 120_000 })),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
  binary: fc.boolean(),
  deflated: fc.boolean(),
  level: fc.integer({ min: 0, max: 9 }),
  comment: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
});

test('Python zipfile archives of random entries round-trip byte for byte', () => {
  fc.assert(
    fc.property(
      fc.array(entry, { maxLength: 6 }),
      fc.boolean(),
      fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      (entries, streamed, comment) => {
        const spec = entries.map((e, i) => ({
          name: `${i}/${e.name}`,
          data: e.binary ? Buffer.from(Array.from({ length: e.size }, (_, k) => (k * e.seed) >>> 7 & 0xff)) : textLike(e.seed, e.size),
          deflated: e.deflated,
          level: e.level,
          ...(e.comment ? { comment: e.comment } : {}),
        }));
        const zip = pythonZip({ entries: spec, streamed, ...(comment ? { comment } : {}) });
        const split = splitZip(zip);
        assert.deepEqual(Buffer.from(rebuildZip(split)), zip);
        assert.equal(split.entries.length, spec.length);
        for (const [i, part] of split.entries.entries()) {
          const want = spec.find((s) => s.name === part.name)!;
          assert.equal(part.kind, want.deflated ? 'deflate' : 'raw', `${part.name} level ${want.deflated ? entries[i]?.level : '-'}`);
          const content = part.kind === 'deflate' ? part.content : part.bytes;
          assert.deepEqual(Buffer.from(content), Buffer.from(want.data));
        }
      },
    ),
    { numRuns: 25 },
  );
});
