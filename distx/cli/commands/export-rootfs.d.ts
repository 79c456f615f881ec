/** `cairn export rootfs IMAGE DIR` and `cairn export rootfs IMAGE --tar FILE`: an image's root file system. */
import type { Command } from 'commander';
import { type GlobalOptions } from '../output.js';
export declare function registerExportRootfs(exportCommand: Command, globals: () => GlobalOptions): void;
