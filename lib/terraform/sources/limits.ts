/**
 * The limits of reading Terraform sources, checked before any work is spent on what exceeds
 * them, so that hostile input ends with one clear line instead of a stalled or crashed run.
 */

/**
 * The deepest nesting of objects and arrays (JSON) or of blocks, brackets, parentheses and
 * template interpolations (HCL) read. Real configurations stay far below it: every cdktf stack
 * and fixture of this repository, and the benchmark's 100,000-rule estate, is at most 6 levels
 * deep. Terraform itself sets no limit, but its parser recurses: beyond a few thousand levels
 * nothing useful is written, only input meant to exhaust a stack.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * The largest file read, in bytes (256 MiB). A cdktf `cdk.tf.json` of a 100,000-rule estate is
 * under 60 MB; JavaScript cannot hold a string of much more than 512 MiB at all.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
