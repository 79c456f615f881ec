/**
 * Warnings of one export. A hostile or odd layer can trigger the same warning thousands of
 * times (every file labelled with security.selinux, every name with a leading '/'), so each
 * kind is reported once, when first seen, and counted; the summary says how many more there
 * were.
 */
export class Warnings {
    #seen = new Map();
    #onWarning;
    constructor(onWarning) {
        this.#onWarning = onWarning;
    }
    /** Records a warning of kind `key`; the first of each kind is passed on at once. */
    add(key, message) {
        const seen = this.#seen.get(key);
        if (seen) {
            seen.count++;
            return;
        }
        this.#seen.set(key, { message, count: 1 });
        this.#onWarning?.(message);
    }
    /** One line per kind, with the number of further occurrences. */
    list() {
        return [...this.#seen.values()].map(({ message, count }) => (count > 1 ? `${message} (and ${count - 1} more like it)` : message));
    }
}
//# sourceMappingURL=warnings.js.map