import type { Command } from 'commander';
import { type GlobalOptions } from '../output.js';
export declare function registerBundle(program: Command, globals: () => GlobalOptions): void;
