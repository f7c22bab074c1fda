/**
 * Counts in words, said the same way on every page: "3 people", "Both people", "All 5 entries".
 * Plain TypeScript.
 */

/** A count and its noun: "1 person", "1,204 people". */
export function plural(n: number, one: string, several: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : several}`;
}

/**
 * Every one of `n` things, as a sentence starts: "The one person", "Both people",
 * "All 1,204 people". `single` replaces "The one person" where the sentence names one already
 * known ("That person").
 */
export function everyOne(n: number, one: string, several: string, single = `The one ${one}`): string {
  if (n === 1) return single;
  if (n === 2) return `Both ${several}`;
  return `All ${n.toLocaleString("en")} ${several}`;
}
