// Strictly ordered nanosecond timestamps for seeding, with random gaps and deliberate ties.
import type { SeededRandom } from './random.js';
import { formatNanoTimestamp, type NanoInstant } from './timestamps.js';

export class SeedTimeline {
  private instant: NanoInstant;

  constructor(
    private readonly random: SeededRandom,
    startIso: string,
  ) {
    this.instant = { ms: Date.parse(startIso), subMsNs: random.int(1_000_000) };
  }

  /** The next timestamp, between `minGapMs` and `maxGapMs` after the previous one (never equal). */
  next(minGapMs: number, maxGapMs: number): string {
    const gap = Math.max(1, this.random.between(minGapMs, maxGapMs));
    this.instant = { ms: this.instant.ms + gap, subMsNs: this.random.int(1_000_000) };
    return formatNanoTimestamp(this.instant);
  }

  current(): string {
    return formatNanoTimestamp(this.instant);
  }
}

/**
 * `count` created_at values in ascending order where the positions in `tieGroups` (e.g. [498, 501]
 * = positions 498..501) share one timestamp, plus a few random pairs of equal neighbours.
 */
export function createdAtSeries(
  random: SeededRandom,
  startIso: string,
  count: number,
  meanGapMs: number,
  tieGroups: [number, number][] = [],
  randomTies = 0,
): string[] {
  const timeline = new SeedTimeline(random, startIso);
  const tieWithPrevious = new Set<number>();
  for (const [from, to] of tieGroups) for (let i = from + 1; i <= to && i < count; i++) tieWithPrevious.add(i);
  for (let t = 0; t < randomTies && count > 2; t++) tieWithPrevious.add(1 + random.int(count - 1));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(tieWithPrevious.has(i) ? timeline.current() : timeline.next(meanGapMs / 4, (meanGapMs * 7) / 4));
  }
  return out;
}
