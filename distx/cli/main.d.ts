/**
 * `node dist/cli/main.js`, the entry scripts and tests have always used: the same as the `cairn`
 * command (cairn.cts, the package's `bin`), which it runs.
 */
import './cairn.cjs';
