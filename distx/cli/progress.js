/**
 * Progress bars on stderr (cli-progress), only when stderr is a terminal and neither --json nor
 * --quiet is set. Byte bars show MiB done of the total, the rate and the time left; while the
 * total is not known (a library that sends increments only) they show MiB done and the rate.
 */
import { createRequire } from 'node:module';
// cli-progress loads only when a bar is shown (a terminal), not with every command.
const require = createRequire(import.meta.url);
const NO_PROGRESS = { update() { }, stop() { } };
const MiB = 1024 * 1024;
const WIDTH = 24;
export function mib(bytes) {
    return (bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0);
}
function duration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        return '--:--';
    const s = Math.round(seconds);
    const h = Math.floor(s / 3600);
    const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
function bar(fraction) {
    const full = Math.max(0, Math.min(WIDTH, Math.round(fraction * WIDTH)));
    return '#'.repeat(full) + '-'.repeat(WIDTH - full);
}
/** One line of a byte bar (exported for its unit test): label, bar, percent, MiB done/total, MiB/s, ETA. */
export function byteLine(label, done, total, seconds) {
    const rate = seconds > 0 ? done / seconds : 0;
    const rateText = `${mib(rate)} MiB/s`;
    if (total === undefined || total <= 0)
        return `${label} ${mib(done)} MiB  ${rateText}`;
    const fraction = Math.min(1, done / total);
    const left = rate > 0 ? (total - done) / rate : Number.NaN;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    return `${label} [${bar(fraction)}] ${percent}  ${mib(done)}/${mib(total)} MiB  ${rateText}  ETA ${duration(left)}`;
}
function countLine(label, done, total, unit) {
    if (total === undefined || total <= 0)
        return `${label} ${done} ${unit}`;
    const fraction = Math.min(1, done / total);
    return `${label} [${bar(fraction)}] ${`${Math.floor(fraction * 100)}%`.padStart(4)}  ${done}/${total} ${unit}`;
}
/**
 * A bar on a terminal, nothing otherwise. `unit` 'bytes' gives the byte bar; any other unit
 * (e.g. 'packs') counts items.
 */
export function startProgress(options, label, total, unit = 'bytes') {
    if (options.json || options.quiet || !process.stderr.isTTY)
        return NO_PROGRESS;
    const started = process.hrtime.bigint();
    let known = total !== undefined && total > 0 ? total : undefined;
    let done = 0;
    const line = () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return unit === 'bytes' ? byteLine(label, done, known, seconds) : countLine(label, done, known, unit);
    };
    const { SingleBar } = require('cli-progress');
    const single = new SingleBar({
        format: () => line(),
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        fps: 5,
    });
    single.start(1, 0);
    return {
        update(value, newTotal) {
            done = value;
            if (newTotal !== undefined && newTotal > 0)
                known = newTotal;
            single.update(0);
        },
        stop() {
            single.stop();
        },
    };
}
/**
 * Progress from the library's byte events: `{ bytes }` increments, with `done` and `total` once
 * the library sends them (totals known up front); increments alone are summed.
 */
export function byteProgress(options, label) {
    const progress = startProgress(options, label);
    let sum = 0;
    return {
        progress,
        onBytes(event) {
            sum = event.done ?? sum + event.bytes;
            progress.update(sum, event.total);
        },
        bytes: () => sum,
    };
}
//# sourceMappingURL=progress.js.map