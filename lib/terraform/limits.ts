/**
 * The bounds on the work the reader does for one configuration, so that input written by anyone
 * (hwsg runs on pull requests) can neither stall a CI job nor exhaust its memory or stack. Each
 * is checked BEFORE the memory is spent (a count is compared before instances are made, a
 * string's length before it is built), and going past one is an error (exit 2) naming the file,
 * the resource address, the field and the limit.
 *
 * The numbers are sized so that the largest real estate passes with room to spare: 100,000
 * rules in one configuration (hwsg's own benchmark estate), 6,000 instances in one security
 * group, and Huawei's quotas (a project holds at most a few thousand security groups and rules
 * per group in the low thousands even with a raised quota; an ECS instance has at most a few
 * dozen NICs). Everything beyond is far outside what a real configuration does, and what
 * Terraform itself would take minutes to plan.
 */
import { ValidationError } from "../core/errors";
import { deeperThan } from "./values";

/**
 * Instances one resource block may have through `count` or `for_each`: 100,000 — a whole
 * 100,000-rule estate written as one counted block still passes, and so do 6,000 instances of one
 * group (16 times fewer). `count = 1e6` is refused before any instance is made.
 */
export const MAX_INSTANCES_PER_BLOCK = 100_000;

/**
 * Elements of one list, set, tuple, map or object built while evaluating (a `for` expression's
 * result, `range`, `concat`, `flatten`, `setproduct`, `cidrsubnets`, decoded JSON or YAML):
 * 1,000,000 — ten times the largest estate's rule count, so a list holding one item per rule (or a
 * setproduct of ports by addresses for it) passes. Checked before the list is allocated.
 */
export const MAX_COLLECTION_LENGTH = 1_000_000;

/**
 * UTF-16 code units of one string built while evaluating (a template, `join`, `format`,
 * `replace`, `jsonencode`, `strrev`, a file read by `file`): 16 Mi — a 100,000-rule estate kept as
 * a YAML or JSON file of about 100 bytes per rule is 10 MB, and Huawei's user data is limited to
 * 32 KB. A `10^8`-character string is refused before it is built.
 */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;

/** Bytes of a file read by `file`, `templatefile` (the same bound as a string: what is read becomes one). */
export const MAX_FILE_BYTES = MAX_STRING_LENGTH;

/**
 * Levels of nesting of an expression's evaluation and of a value (lists in lists, objects in
 * objects, locals referring to locals): 500. Real configurations nest fewer than 20 levels; 500
 * keeps every recursive traversal of a value or an expression far within the JavaScript stack
 * (which overflows at a few thousand levels of the evaluator's frames).
 */
export const MAX_NESTING_DEPTH = 500;

/**
 * Steps of evaluation for a whole configuration (each expression node evaluated, each level of a
 * value written in a field, each element a function or a `for` expression produces): 10,000,000.
 * The 100,000-rule benchmark estate takes about 1,000,000 (a few references per rule), a module
 * expanding 6,000 instances with `for` expressions far fewer; a `for` nested in a `for` over large
 * lists, or a chain of locals each doubling a list, is stopped after a few seconds (a step costs
 * well under a microsecond) instead of running for hours.
 */
export const MAX_EVALUATION_STEPS = 10_000_000;

/**
 * Characters of all the strings built by functions and templates for a whole configuration
 * (they are kept: locals and attributes are evaluated once and cached): 64 Mi, four strings of
 * the largest size, so that many strings each under MAX_STRING_LENGTH cannot together exhaust
 * memory. The 100,000-rule estate builds about 10 M (descriptions and names included).
 */
export const MAX_TOTAL_STRING_LENGTH = 64 * 1024 * 1024;

/** Grouped thousands for messages: `100,000`. */
export function limitText(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * What an error about a limit shows of the value and the field: a value nested deeper than a few
 * levels as a phrase (printing it would itself recurse without bound), a field path cut short.
 */
export function shownValue(value: unknown): unknown {
  return typeof value === "object" && value !== null && deeperThan(value, 8) ? "(a value nested too deep to show)" : value;
}

/** A field path of at most 120 characters (`description[0][0]...`). */
export function shownField(field: string): string {
  return field.length > 120 ? `${field.slice(0, 117)}...` : field;
}

/**
 * A limit gone past: the input asks for more work than any real configuration needs. Unlike other
 * errors of evaluation, `try` and `can` do not catch it.
 */
export class LimitExceeded extends ValidationError {}

/**
 * The work budget of one configuration's evaluation: evaluation steps and string characters
 * spent so far. Each method is called before the work is done and returns the message of the
 * error to throw when it would go past a limit (undefined when it is within them).
 */
export class WorkBudget {
  private steps = 0;
  private chars = 0;

  /** Spends `n` evaluation steps. */
  step(n: number): string | undefined {
    this.steps += n;
    if (this.steps <= MAX_EVALUATION_STEPS) return undefined;
    return `evaluating the configuration takes more than ${limitText(MAX_EVALUATION_STEPS)} steps (the limit): an expression does far more work than any real configuration needs`;
  }

  /**
   * Checks the length of a string about to be built and counts it.
   * @param what what builds it, for the message: "join's result"
   */
  string(length: number, what: string): string | undefined {
    if (length > MAX_STRING_LENGTH) return `${what} would be ${limitText(length)} characters long: the limit is ${limitText(MAX_STRING_LENGTH)}`;
    this.chars += length;
    if (this.chars <= MAX_TOTAL_STRING_LENGTH) return undefined;
    return `the strings built while evaluating the configuration exceed ${limitText(MAX_TOTAL_STRING_LENGTH)} characters in all (the limit)`;
  }

  /**
   * Checks the length of a collection about to be built and counts its elements as steps.
   * @param what what builds it, for the message: "concat's result"
   */
  collection(length: number, what: string): string | undefined {
    if (length > MAX_COLLECTION_LENGTH) return `${what} would have ${limitText(length)} elements: the limit is ${limitText(MAX_COLLECTION_LENGTH)}`;
    return this.step(length);
  }
}
