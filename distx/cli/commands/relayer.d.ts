/** `cairn relayer`: re-layered images for plain registry pulls (docs/relayer.md). */
import type { Command } from 'commander';
import { type GlobalOptions } from '../output.js';
export declare function registerRelayer(program: Command, globals: () => GlobalOptions): void;
