export interface GlobalOptions {
    store?: string;
    json?: boolean;
    quiet?: boolean;
}
export { MAX_COLUMNS, short } from './image-lines.cjs';
export declare function printJson(value: unknown): void;
/** The output a command was asked for: printed with or without --quiet (not with --json). */
export declare function output(options: GlobalOptions, text: string): void;
/** Confirmations and figures about what was done: silenced by --quiet (and --json). */
export declare function say(options: GlobalOptions, text: string): void;
/** A note about a choice cairn made (a default name, say): stderr, silenced by --quiet. */
export declare function note(options: GlobalOptions, text: string): void;
export declare function warn(text: string): void;
/** Exit statuses: 2 bad usage, input, target or unknown name; 3 store locked; 4 corrupt data; 1 other. */
export declare function exitCodeFor(error: unknown): number;
/**
 * The one-line message for an error: a system error (errno) becomes a sentence naming the path
 * and what is wrong with it, never the errno code, the syscall or a temporary name.
 */
export declare function messageFor(error: unknown): string;
/** One line on stderr (and the error as JSON on stdout with --json). */
export declare function reportError(error: unknown, json: boolean): void;
/** True for the error a write to a closed pipe gives (`cairn ls | head -1`). */
export declare function isClosedPipe(error: unknown): boolean;
