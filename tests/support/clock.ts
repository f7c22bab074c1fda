/** Monday 1 March 2027, 09:00 UTC: the "now" of every test unless it sets another. */
export const TEST_NOW = Date.UTC(2027, 2, 1, 9, 0);

/** A clock a test sets and moves; the app reads it through its load context. */
export class TestClock {
  constructor(private current = TEST_NOW) {}
  now = (): number => this.current;
  set(ms: number) {
    this.current = ms;
  }
  advance(ms: number) {
    this.current += ms;
  }
}
