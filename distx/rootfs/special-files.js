/**
 * Device nodes and fifos. Node has no mknod, so they are made with coreutils' `mknod` and
 * `mkfifo`, all of them in one `sh` run at the end of the export (one script: fifos in
 * batches on a single mkfifo command line, one mknod per device) rather than a process
 * spawned from Node per node. By then the tree is final, so nodes a later layer removed are
 * never made, and hard links to them are made right after.
 *
 * Device nodes need CAP_MKNOD. Without it — rootless mode, or root in a user namespace — a
 * device becomes an empty regular file with the device's permissions, as umoci --rootless
 * makes it, and a warning names it. Fifos need no privilege; failing to make one is an error.
 *
 * Paths reach the shell inside single quotes (a quote inside is written '\''), as bytes, so
 * no name is interpreted; each is absolute and its parents are directories the export made.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { CairnError } from '../errors.js';
/** Names per mkfifo command line, well under the argument limit. */
const FIFOS_PER_COMMAND = 256;
function shellQuote(text) {
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
/**
 * Makes the nodes with one shell run. Returns the devices that could not be made (to be
 * replaced by empty files); throws when a fifo could not be made.
 */
export function makeSpecialNodes(nodes) {
    if (nodes.length === 0)
        return { failed: [], message: '' };
    const lines = [];
    const fifos = nodes.filter((n) => n.inode.kind === 'fifo');
    for (let i = 0; i < fifos.length; i += FIFOS_PER_COMMAND) {
        lines.push(`mkfifo -- ${fifos.slice(i, i + FIFOS_PER_COMMAND).map((n) => shellQuote(n.path)).join(' ')}`);
    }
    for (const node of nodes) {
        if (node.inode.kind === 'fifo')
            continue;
        const type = node.inode.kind === 'char' ? 'c' : 'b';
        lines.push(`mknod -- ${shellQuote(node.path)} ${type} ${node.inode.devmajor} ${node.inode.devminor}`);
    }
    const run = spawnSync('sh', ['-s'], { input: Buffer.from(lines.join('\n') + '\n', 'latin1'), maxBuffer: 1 << 24 });
    if (run.error)
        throw new CairnError('CAIRN_IO', `cannot run sh to make device nodes and fifos: ${run.error.message}`, { cause: run.error });
    const message = run.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    const failed = [];
    for (const node of nodes) {
        let made = false;
        try {
            const stats = lstatSync(Buffer.from(node.path, 'latin1'));
            made = node.inode.kind === 'fifo' ? stats.isFIFO() : node.inode.kind === 'char' ? stats.isCharacterDevice() : stats.isBlockDevice();
        }
        catch {
            made = false;
        }
        if (made)
            continue;
        if (node.inode.kind === 'fifo')
            throw new CairnError('CAIRN_IO', `cannot make fifo ${Buffer.from(node.path, 'latin1').toString('utf8')}: ${message}`);
        failed.push(node);
    }
    return { failed, message };
}
//# sourceMappingURL=special-files.js.map