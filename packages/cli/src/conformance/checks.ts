/**
 * A small collector for one case's comparisons: every check records whether it held and the
 * worst deviation seen, so the runner can print one line per case.
 */
import { compare } from './kit.js';

export class Checks {
  readonly failures: string[] = [];
  worst = 0;

  /** Exact equality of JSON-comparable values. */
  equal(label: string, actual: unknown, expected: unknown): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) this.failures.push(`${label}: got ${a.slice(0, 120)}, expected ${e.slice(0, 120)}`);
  }

  /** |a - e| <= abs + rel*|e| elementwise (numpy isclose). */
  close(
    label: string,
    actual: ArrayLike<number>,
    expected: ArrayLike<number>,
    tol: { abs?: number; rel?: number },
  ): void {
    if (actual.length !== expected.length) {
      this.failures.push(`${label}: ${actual.length} values, expected ${expected.length}`);
      return;
    }
    const r = compare(actual, expected, tol);
    this.worst = Math.max(this.worst, r.maxAbs);
    if (!r.ok) this.failures.push(`${label}: max |diff| ${r.maxAbs.toExponential(2)} over tolerance`);
  }

  /** Same null/undefined pattern, then close on the numbers. */
  closeOptional(
    label: string,
    actual: readonly (number | null | undefined)[],
    expected: readonly (number | null | undefined)[],
    abs: number,
  ): void {
    const missing = (x: number | null | undefined) => x === null || x === undefined;
    this.equal(`${label} (timed entries)`, actual.map(missing), expected.map(missing));
    this.close(
      label,
      actual.filter((x): x is number => !missing(x)),
      expected.filter((x): x is number => !missing(x)),
      { abs },
    );
  }

  get ok(): boolean {
    return this.failures.length === 0;
  }
}
