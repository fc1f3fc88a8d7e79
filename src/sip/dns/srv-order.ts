import type { SrvRecord } from './dns-resolver.js';

/**
 * RFC 2782 "Usage rules": lowest priority first; within one priority, pick
 * records at random in proportion to their weight, zero-weight ones getting
 * a small chance (they go at the front of the list before each draw). A lone
 * record whose target is "." means the service is decidedly not available.
 * `random` returns [0, 1); tests pass a seeded one.
 */
export function orderSrv(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const usable = records.filter((r) => r.name !== '.' && r.name !== '');
  const priorities = [...new Set(usable.map((r) => r.priority))].sort((a, b) => a - b);
  const out: SrvRecord[] = [];
  for (const priority of priorities) {
    const group = usable.filter((r) => r.priority === priority);
    // "arrange all SRV RRs (that have not been ordered yet) in any order, except
    // that all those with weight 0 are placed at the beginning of the list"
    let pool = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight > 0)];
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      // "a uniform random number between 0 and the sum computed (inclusive)"
      const pick = Math.min(total, Math.floor(random() * (total + 1)));
      let running = 0;
      let chosen = pool.length - 1;
      for (let i = 0; i < pool.length; i++) {
        running += pool[i]!.weight;
        if (running >= pick) {
          chosen = i;
          break;
        }
      }
      out.push(pool[chosen]!);
      pool = pool.filter((_, i) => i !== chosen);
    }
  }
  return out;
}
