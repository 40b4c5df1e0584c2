import type { Checks } from '../checks.js';
import type { RunContext } from '../context.js';
import type { KitCase } from '../kit.js';

/** Runs one case through the public API, recording comparisons in `checks`. */
export type CaseHandler = (c: KitCase, ctx: RunContext, checks: Checks) => Promise<void>;
