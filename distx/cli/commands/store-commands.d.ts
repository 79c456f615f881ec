/** `cairn ingest`, `ls`, `rm`, `verify`, `gc`, `repair`: the store's commands. */
import type { Command } from 'commander';
import { type GlobalOptions } from '../output.js';
export declare function registerStoreCommands(program: Command, globals: () => GlobalOptions): void;
