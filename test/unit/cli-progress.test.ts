// The byte progress line: MiB done of the total, the rate and the time left; without a total
// (a library sending increments only), MiB done and the rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteLine } from '../../src/cli/progress.js';

const MiB = 1024 * 1024;

test('with a total: percent, MiB done/total, MiB/s and ETA', () => {
  const line = byteLine('ingest', 50 * MiB, 200 * MiB, 10);
  assert.match(line, /^ingest \[#{6}-{18}\]  25%  50\/200 MiB  5\.0 MiB\/s  ETA 00:30$/);
  assert.match(byteLine('rootfs', 3 * MiB, 3 * MiB, 1), /100%  3\.0\/3\.0 MiB  3\.0 MiB\/s  ETA 00:00$/);
  assert.match(byteLine('ingest', 1 * MiB, 4000 * MiB, 1), /ETA 1:06:39$/);
  assert.match(byteLine('ingest', 0, 10 * MiB, 0), /ETA --:--$/, 'no rate yet: no ETA');
});

test('without a total: MiB done and the rate, never a percentage of a growing total', () => {
  const line = byteLine('ingest', 52 * MiB, undefined, 2);
  assert.equal(line, 'ingest 52 MiB  26 MiB/s');
  assert.doesNotMatch(line, /%/);
});
