/**
 * Loaded into a child with `node --import`: when the process exits, writes its peak resident
 * set size (KiB, worker threads included) to the file named by $CAIRN_MAX_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['CAIRN_MAX_RSS_FILE'];
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
