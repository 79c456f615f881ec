/** `[--store DIR] [--json] [--quiet] ls [images]` in any order of the options, or undefined. */
export declare function plainLs(args: readonly string[]): {
    store: string | undefined;
    json: boolean;
} | undefined;
/** Prints the listing and returns true, or returns false (nothing printed) for the full program to run. */
export declare function fastLs(args: readonly string[]): boolean;
