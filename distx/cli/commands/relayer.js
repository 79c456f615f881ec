import { BadParameterError } from '../../errors.js';
import { DEFAULT_MAX_LAYERS as RELAYER_DEFAULT_MAX_LAYERS, MAX_LAYERS as RELAYER_MAX_LAYERS } from '../../relayer/limits.js';
import { printJson, say } from '../output.js';
import { formatBytes } from '../sizes.js';
import { withStore } from '../store-access.js';
function layerCount(text) {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > RELAYER_MAX_LAYERS)
        throw new BadParameterError('max-layers', `--max-layers must be an integer from 1 to ${RELAYER_MAX_LAYERS}, not ${JSON.stringify(text)}`);
    return n;
}
export function registerRelayer(program, globals) {
    program
        .command('relayer')
        .description('write images of the same trees with layers grouped by change history (REPO:TAG per version)')
        .argument('<image...>', 'versions of one application (sorted by tag as versions)')
        .option('--name <repo>', 'repository of the new images (each takes its version\'s tag)')
        .option('--max-layers <n>', `at most this many layers per image (1-${RELAYER_MAX_LAYERS})`, layerCount, RELAYER_DEFAULT_MAX_LAYERS)
        .option('--prior <image>', 'a re-layered image to continue: unchanged files keep their layers')
        .addHelpText('after', '\nExamples:\n  $ cairn relayer app:1.0 app:1.1 app:1.2 --name app-rl\n  $ cairn relayer app:1.3 --name app-rl --prior app-rl:1.2')
        .action(async (images, raw) => {
        const options = globals();
        if (!raw.name)
            throw new BadParameterError('name', 'relayer: give --name REPO');
        await withStore(options, async (store) => {
            const { relayer } = await import('../../relayer/index.js');
            const result = await relayer(store, images, { name: raw.name, maxLayers: raw.maxLayers, ...(raw.prior !== undefined ? { prior: raw.prior } : {}) });
            if (options.json) {
                printJson(result);
                return;
            }
            for (const image of result.images) {
                const reused = image.layers.filter((l) => l.reused).length;
                say(options, `${image.name}: ${image.layers.length} layers (${reused} reused) from ${image.source}`);
            }
            for (const u of result.upgrades) {
                const original = u.original ? `${formatBytes(u.original.bytes)} (${u.original.newLayers} layers)` : 'unknown';
                say(options, `  ${u.from} -> ${u.to}: pull ${formatBytes(u.relayered.bytes)} (${u.relayered.newLayers} layers), original ${original}, ideal ${formatBytes(u.ideal.bytes)}`);
            }
        });
    });
}
//# sourceMappingURL=relayer.js.map