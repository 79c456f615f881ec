// The tests' scratch directories (test/support/scratch.ts) go when the process that made them
// exits, however it exits: checked in child processes that make two directories with files in
// them, then end normally, by process.exit(3), and by an uncaught error; the parent looks for
// the directories afterwards. The control: a child that exits with SIGKILL (no exit handlers
// run) leaves its directories, so the check can see one that stays (the suite's runner removes
// those with its own temporary directory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULE = new URL('../support/scratch.js', import.meta.url).href;

/** Runs a child that makes two scratch directories under `root`, then ends by `ending`; returns the directories and its status. */
function child(root: string, ending: string): { dirs: string[]; status: number | null; signal: NodeJS.Signals | null } {
  const script = `
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { scratchDir } = await import(${JSON.stringify(MODULE)});
    const a = scratchDir('one-');
    const b = scratchDir('two-');
    mkdirSync(a + '/sub');
    writeFileSync(a + '/sub/file', 'x'.repeat(10000));
    writeFileSync(b + '/file', 'y');
    console.log(JSON.stringify([a, b]));
    ${ending}
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TMPDIR: root } });
  return { dirs: JSON.parse(run.stdout.trim().split('\n')[0]!) as string[], status: run.status, signal: run.signal };
}

test('scratch directories are removed when their process exits normally, by exit(), or on an uncaught error', () => {
  // The children's directories go under a root of this test's own (removed at the end either way).
  const root = mkdtempSync(join(tmpdir(), 'cairn-scratch-test-'));
  try {
    for (const [ending, status] of [['', 0], ['process.exit(3);', 3], ["throw new Error('boom');", 1]] as const) {
      const run = child(root, ending);
      assert.equal(run.status, status, `the child ended as asked (${ending || 'normally'})`);
      assert.equal(run.dirs.length, 2);
      for (const dir of run.dirs) {
        assert.ok(dir.startsWith(root), `${dir} was made under TMPDIR`);
        assert.equal(existsSync(dir), false, `${dir} is gone after the child ended (${ending || 'normally'})`);
      }
    }
    const killed = child(root, "process.kill(process.pid, 'SIGKILL');");
    assert.equal(killed.signal, 'SIGKILL');
    for (const dir of killed.dirs) assert.equal(existsSync(dir), true, `${dir} stays when no exit handler runs`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
