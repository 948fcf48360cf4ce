/**
 * The estates the benchmark measures, by size. One place, so the runner, the synth child and the
 * tests agree on what "100 groups / 2,000 rules" means.
 */
import { EstateOptions } from "./estate";

/** The seed of every benchmark estate unless `--seed` says otherwise. */
export const BENCH_SEED = 20250611;

/** Rules per group in the synth, matrix and scaling estates. */
export const RULES_PER_GROUP = 20;

/**
 * A synth/matrix/scaling estate of `groups` groups: 20 rules each, one instance per group (each
 * with 1–5 groups), one VPC per 125 groups (2 to 40), 5 intents.
 */
export function estateOptions(groups: number, seed = BENCH_SEED): EstateOptions {
  return {
    seed,
    groups,
    rulesPerGroup: RULES_PER_GROUP,
    instances: groups,
    vpcs: Math.min(40, Math.max(2, Math.ceil(groups / 125))),
    intents: 5,
  };
}

/**
 * The estate of the single-flow and set-valued benchmarks: 5 groups of 120 rules, 20 instances
 * each with all 5 groups (in random order), 2 VPCs. The instance measured is the first one with
 * an IPv6 address (so both IP versions are exercised), else the first.
 */
export function instanceEstateOptions(seed = BENCH_SEED): EstateOptions {
  return { seed, groups: 5, rulesPerGroup: 120, instances: 20, vpcs: 2, groupsPerInstance: { min: 5, max: 5 }, intents: 0 };
}
