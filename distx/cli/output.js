/**
 * What the command line prints: JSON on stdout with --json, the output asked for on stdout,
 * chatter (confirmations, timings) on stdout unless --quiet, one line on stderr for an error.
 * Progress bars live in progress.ts.
 */
import { CairnError } from '../errors.js';
export { MAX_COLUMNS, short } from './image-lines.cjs';
export function printJson(value) {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
/** The output a command was asked for: printed with or without --quiet (not with --json). */
export function output(options, text) {
    if (!options.json)
        process.stdout.write(text + '\n');
}
/** Confirmations and figures about what was done: silenced by --quiet (and --json). */
export function say(options, text) {
    if (!options.json && !options.quiet)
        process.stdout.write(text + '\n');
}
/** A note about a choice cairn made (a default name, say): stderr, silenced by --quiet. */
export function note(options, text) {
    if (!options.quiet)
        process.stderr.write(`cairn: ${text}\n`);
}
export function warn(text) {
    process.stderr.write(`cairn: warning: ${text}\n`);
}
/** errno codes that mean the path given was wrong (a bad target: exit 2), and how to say them. */
const PATH_ERRORS = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a part of the path is not a directory',
    EISDIR: 'it is a directory',
    EEXIST: 'it already exists',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENAMETOOLONG: 'name too long',
    ELOOP: 'too many symbolic links',
};
const OTHER_ERRORS = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    EMFILE: 'too many open files',
};
/** Exit statuses: 2 bad usage, input, target or unknown name; 3 store locked; 4 corrupt data; 1 other. */
export function exitCodeFor(error) {
    if (error instanceof CairnError) {
        switch (error.code) {
            case 'CAIRN_BAD_PARAMETER':
            case 'CAIRN_BAD_INPUT':
            case 'CAIRN_NOT_FOUND':
            case 'CAIRN_INCOMPATIBLE': // a chunker or store file at odds with the store's packs: the user must choose
                return 2;
            case 'CAIRN_LOCKED':
                return 3;
            case 'CAIRN_CORRUPT':
                return 4;
            default:
                return 1;
        }
    }
    const code = error?.code;
    if (code !== undefined && code in PATH_ERRORS)
        return 2;
    return 1;
}
/** Temporary names cairn writes beside a target (`out.cairn-partial-30814`, `x.html.123.tmp`), as the target. */
function withoutTemporaryNames(text) {
    return text.replace(/\.cairn-partial-\d+/g, '').replace(/\.\d+\.tmp\b/g, '');
}
/**
 * The one-line message for an error: a system error (errno) becomes a sentence naming the path
 * and what is wrong with it, never the errno code, the syscall or a temporary name.
 */
export function messageFor(error) {
    if (!(error instanceof Error))
        return String(error);
    const system = error;
    let message = error.message;
    if (!(error instanceof CairnError) && system.code !== undefined) {
        const what = PATH_ERRORS[system.code] ?? OTHER_ERRORS[system.code];
        if (what !== undefined) {
            message = system.path !== undefined ? `${system.path}: ${what}` : what;
            if (system.code === 'EPIPE')
                message = 'output closed';
        }
    }
    // Messages that quote a system error ("cannot read x: ENOENT: no such file ..., open 'x'").
    message = message.replace(/\b(E[A-Z]{2,})(?:: ([^,]+), [a-z]+ '[^']*'(?: -> '[^']*')?)?/g, (all, code, text) => {
        const said = PATH_ERRORS[code] ?? OTHER_ERRORS[code];
        return said ?? text ?? all;
    });
    return withoutTemporaryNames(message.split('\n')[0]);
}
/** One line on stderr (and the error as JSON on stdout with --json). */
export function reportError(error, json) {
    const message = messageFor(error);
    process.stderr.write(`cairn: ${message}\n`);
    if (json) {
        const body = error instanceof CairnError ? { ...error.toJSON(), message } : { code: 'CAIRN_INTERNAL', message };
        printJson({ error: body });
    }
    if (process.env['CAIRN_DEBUG'] && error instanceof Error)
        process.stderr.write(`${error.stack}\n`);
}
/** True for the error a write to a closed pipe gives (`cairn ls | head -1`). */
export function isClosedPipe(error) {
    return error?.code === 'EPIPE';
}
//# sourceMappingURL=output.js.map