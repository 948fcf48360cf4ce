/**
 * What hwsg's jest matchers use of jest: the matcher context jest hands them, and what they
 * return. Declared here so that the matchers need no jest at run time.
 */

/**
 * What the matchers use of jest's matcher context (`this` in a matcher): jest's own
 * `MatcherContext` has all of it, so `expect.extend(hwsgMatchers)` type-checks.
 */
export interface HwsgMatcherContext {
  /**
   * Whether the assertion is negated (`.not`).
   * @default false
   */
  readonly isNot?: boolean;
  /**
   * `"rejects"` or `"resolves"` after `.rejects`/`.resolves`, else empty.
   * @default ""
   */
  readonly promise?: string;
  /** jest's matcher utilities. */
  readonly utils: {
    /** The `expect(received).matcher(expected)` headline. */
    matcherHint(matcherName: string, received?: string, expected?: string, options?: { isNot?: boolean; promise?: string }): string;
    /**
     * Colours what was expected (the question).
     * @default no colour
     */
    readonly EXPECTED_COLOR?: (text: string) => string;
    /**
     * Colours what was received (the flow found).
     * @default no colour
     */
    readonly RECEIVED_COLOR?: (text: string) => string;
  };
}

/** What a matcher returns to jest. */
export interface HwsgMatcherResult {
  /** Whether the matcher holds (before `.not`). */
  readonly pass: boolean;
  /** The failure message, for the case jest reports. */
  readonly message: () => string;
}
