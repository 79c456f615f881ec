/** `cairn push` and `cairn pull`: standard images to and from OCI registries (src/registry). */
import type { Command } from 'commander';
import { type GlobalOptions } from '../output.js';
export declare function registerRegistry(program: Command, globals: () => GlobalOptions): void;
