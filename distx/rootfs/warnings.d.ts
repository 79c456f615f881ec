/**
 * Warnings of one export. A hostile or odd layer can trigger the same warning thousands of
 * times (every file labelled with security.selinux, every name with a leading '/'), so each
 * kind is reported once, when first seen, and counted; the summary says how many more there
 * were.
 */
export declare class Warnings {
    #private;
    constructor(onWarning?: (message: string) => void);
    /** Records a warning of kind `key`; the first of each kind is passed on at once. */
    add(key: string, message: string): void;
    /** One line per kind, with the number of further occurrences. */
    list(): string[];
}
