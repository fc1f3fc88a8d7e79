/**
 * A small deterministic PRNG (mulberry32) for the loop network's loss,
 * duplication and reordering decisions: the same seed replays the same
 * "bad network", so a lossy-network test that fails can be re-run exactly.
 * Not for anything security-related (branches and tags use node:crypto).
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }
}
