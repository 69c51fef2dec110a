/**
 * A fake clock for the session's lifetime (issue 17): it takes the place of `clock`
 * (`src/flow/clock.ts`), so a test moves time on by minutes at once. Only the session's timing
 * uses that clock: web-test-runner, Lit and `waitUntil` keep the real timers.
 */
import { clock } from '../../src/flow/clock.js';

export class FakeClock {
  time: number;
  readonly #timers = new Map<number, { at: number; run: () => void }>();
  readonly #saved = { ...clock };
  #next = 1;

  constructor(start = Date.parse('2026-11-30T10:00:00Z')) {
    this.time = start;
    clock.now = () => this.time;
    clock.setTimeout = (run, ms) => {
      const id = this.#next++;
      this.#timers.set(id, { at: this.time + Math.max(ms, 0), run });
      return id;
    };
    clock.clearTimeout = (id) => void (id !== undefined && this.#timers.delete(id));
  }

  /** Moves time on by `ms`, running each timer that falls due on the way, in order. */
  tick(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = end;
  }

  /** Moves time on by `ms` without running any timer: a laptop asleep (its timers stood still). */
  sleep(ms: number): void {
    this.time += ms;
  }

  restore(): void {
    Object.assign(clock, this.#saved);
  }
}
