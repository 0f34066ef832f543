/** The small types of the statistics layer (a leaf: it imports nothing of the rest of the harness). */

/** A point estimate with the interval around it (bounds NaN when there is none). */
export interface Interval {
  value: number;
  ciLow: number;
  ciHigh: number;
}
