export declare const NAME_MAX_LENGTH = 255;
export declare const DEFAULT_DOMAIN = "docker.io";
export declare const DEFAULT_TAG = "latest";
export interface Reference {
    /** The name as written (domain included when written), without tag or digest. */
    name: string;
    /** The domain as written; undefined when the name has none. */
    domain: string | undefined;
    /** The path after the domain. */
    path: string;
    tag: string | undefined;
    digest: string | undefined;
}
/** Parses a reference by the grammar above; throws BadParameterError (parameter `name`) saying why it is not one. */
export declare function parseReference(text: string): Reference;
/** Parses an image name as cairn stores it: a reference without a digest. */
export declare function parseImageName(text: string): Reference;
/** Docker's split of a name into domain and path (see the module comment). */
export declare function splitDomain(name: string): {
    domain: string;
    path: string;
};
/** The fully qualified form: `t` → `docker.io/library/t:latest`; a reference with a digest keeps it and gets no tag. */
export declare function normalizeReference(text: string): string;
/** The short form docker prints: `docker.io/library/t:latest` → `t:latest`. */
export declare function familiarReference(text: string): string;
/**
 * The stored names a reference means: the name itself when stored, else every stored name with
 * the same normalised form (so `t:latest` finds `docker.io/library/t:latest` and back).
 */
export declare function matchingNames(ref: string, stored: readonly string[]): string[];
/** True when the text could be a digest or a prefix of one (hex, with or without `sha256:`). */
export declare function digestPrefixOf(ref: string): string | undefined;
/** The shortest prefix length cairn accepts for a digest. */
export declare const MIN_DIGEST_PREFIX = 4;
/** A name made from a file or directory name: lowercased, other characters as `-` (`My App.tar` → `my-app`). */
export declare function nameFromPath(base: string): string;
