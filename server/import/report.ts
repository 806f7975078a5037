// The report of an import: how many features arrived, which were refused and why.
// Every refused feature counts; the problems listed are capped so that the answer
// stays small when a whole file is wrong (the count says how many more there were).
import type { RowProblem } from './target.ts';

export const REPORT_CAP = 1_000;

export class ImportReport {
  received = 0;
  readonly problems: RowProblem[] = [];
  private readonly refused = new Set<number>();
  private problemCount = 0;

  constructor(readonly target: string, readonly cap = REPORT_CAP) {}

  add(p: RowProblem): void {
    this.refused.add(p.index);
    this.problemCount++;
    if (this.problems.length < this.cap) this.problems.push(p);
  }

  /** Features refused (a feature with several problems counts once). */
  get rejected(): number {
    return this.refused.size;
  }

  toJSON() {
    const problems = [...this.problems].sort((a, b) => a.index - b.index);
    return {
      target: this.target,
      received: this.received,
      rejected: this.rejected,
      problemCount: this.problemCount,
      listed: problems.length,
      truncated: this.problemCount > problems.length,
      problems,
    };
  }
}
