// Shared settings of the fuzz suites: how many cases (FUZZ_RUNS, default 10,000 for `npm run fuzz`;
// scripts/test.sh runs 300), the seed (FUZZ_SEED reproduces a failure fast-check reported), and the
// two properties every parser shares: it throws nothing but a UserError, and each case is quick.
import assert from 'node:assert/strict';
import type { Parameters as FcParameters } from 'fast-check';
import { UserError } from '../../server/domain/errors';

const runs = Number(process.env.FUZZ_RUNS) || 10_000;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** fast-check parameters for one property; `share` lowers the count for costly properties. */
export function fuzzParams<T>(share = 1): FcParameters<T> {
  return { numRuns: Math.max(50, Math.round(runs * share)), ...(seed === undefined ? {} : { seed }), includeErrorInReport: true };
}

/** A case slower than this counts as a hang: every parser here is linear in its input, inputs are kilobytes. */
export const CASE_BUDGET_MS = 1_000;

/**
 * Runs `fn` on one input: returns its result, or null when it threw a UserError (a clean refusal).
 * Anything else thrown fails the case, and so does a case over CASE_BUDGET_MS.
 */
export function guarded<R>(fn: () => R): R | null {
  const t0 = performance.now();
  let out: R | null = null;
  try {
    out = fn();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  const ms = performance.now() - t0;
  assert.ok(ms < CASE_BUDGET_MS, `one case took ${ms.toFixed(0)} ms (hang?)`);
  return out;
}
