/**
 * Setting extended attributes. Node has no xattr API, so cairn uses Debian's `setfattr`
 * (package attr) — once per export: every attribute of the tree goes into one dump in
 * getfattr's format, fed to `setfattr -h --restore=-`. A process per file would cost a
 * fork and exec each (milliseconds, against microseconds for the rest of a file's work), and
 * an image can carry an attribute on thousands of files (file capabilities, ACLs). `-h` makes
 * setfattr use lsetxattr, so a symlink gets its own attributes and is never followed.
 *
 * The dump format (getfattr(1), setfattr(1)): a `# file: PATH` line, then `NAME=VALUE` lines,
 * then an empty line. In PATH and NAME, bytes that are not printable ASCII, and '\\' and
 * '=' (and '\n'), are written as a backslash and three octal digits, which setfattr decodes.
 * VALUE is `0s` and base64, or `""` when empty.
 *
 * setfattr goes on after a failure and names the path on stderr. Attributes the file system
 * does not support (ENOTSUP) and attributes the process may not set (EPERM: security.* and
 * trusted.* without privilege, user.* on symlinks and devices) are reported as warnings, as
 * umoci does in rootless mode; anything else is an error.
 */
import { spawnSync } from 'node:child_process';
import { CairnError } from '../errors.js';
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const FIRST_PRINTABLE = 0x21;
const LAST_PRINTABLE = 0x7e;
/** getfattr's quoting of a path or attribute name. */
export function quoteDumpField(bytes) {
    let out = '';
    for (const byte of bytes) {
        if (byte < FIRST_PRINTABLE || byte > LAST_PRINTABLE || byte === BACKSLASH || byte === EQUALS)
            out += '\\' + byte.toString(8).padStart(3, '0');
        else
            out += String.fromCharCode(byte);
    }
    return out;
}
/** The dump setfattr --restore reads for these targets. */
export function encodeXattrDump(targets) {
    const lines = [];
    for (const target of targets) {
        if (target.xattrs.size === 0)
            continue;
        lines.push(`# file: ${quoteDumpField(Buffer.from(target.path, 'latin1'))}`);
        for (const [name, value] of target.xattrs) {
            const encoded = value.length === 0 ? '""' : '0s' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
            lines.push(`${quoteDumpField(Buffer.from(name, 'utf8'))}=${encoded}`);
        }
        lines.push('');
    }
    return Buffer.from(lines.join('\n') + '\n', 'latin1');
}
const NOT_SUPPORTED = 'Operation not supported';
const NOT_PERMITTED = 'Operation not permitted';
/** Sets every attribute with one setfattr run; reports what could not be set through `warnings`. */
export function applyXattrs(targets, warnings) {
    const withAttributes = targets.filter((t) => t.xattrs.size > 0);
    if (withAttributes.length === 0)
        return;
    const count = withAttributes.reduce((n, t) => n + t.xattrs.size, 0);
    const run = spawnSync('setfattr', ['-h', '--restore=-'], { input: encodeXattrDump(withAttributes), maxBuffer: 1 << 26 });
    if (run.error) {
        const missing = run.error.code === 'ENOENT';
        if (!missing)
            throw new CairnError('CAIRN_IO', `cannot run setfattr: ${run.error.message}`, { cause: run.error });
        warnings.add('no-setfattr', `setfattr not found: ${count} extended attribute(s) on ${withAttributes.length} file(s) not applied (install the attr package)`);
        return;
    }
    if (run.status === 0)
        return;
    // setfattr names the path it failed on ("setfattr: PATH: MESSAGE"), not the attribute.
    const byPath = new Map(withAttributes.map((t) => [Buffer.from(t.path, 'latin1').toString('utf8'), t]));
    const failures = run.stderr.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    for (const line of failures) {
        const body = line.replace(/^setfattr: /, '');
        const cut = body.lastIndexOf(': ');
        const target = cut > 0 ? byPath.get(body.slice(0, cut)) : undefined;
        const what = target ? `${[...target.xattrs.keys()].join(', ')} on ${JSON.stringify(target.shown)}` : JSON.stringify(body);
        if (line.endsWith(NOT_SUPPORTED)) {
            warnings.add('xattr-unsupported', `extended attributes not applied: the target file system does not support them (${what})`);
        }
        else if (line.endsWith(NOT_PERMITTED)) {
            warnings.add('xattr-denied', `extended attributes not applied: not permitted (not root, or user.* on a symlink or device): ${what}`);
        }
        else {
            throw new CairnError('CAIRN_IO', `setting extended attributes failed: ${line}`);
        }
    }
    if (failures.length === 0)
        throw new CairnError('CAIRN_IO', `setfattr exited with status ${run.status}`);
}
//# sourceMappingURL=xattr-batch.js.map