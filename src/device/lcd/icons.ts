import type { Glyph } from './font.js';

/**
 * The status-bar icons (manual §3 "Understanding Phone Screen Features"): the five
 * line states, missed calls, voice mail, keypad lock and the audio path. Drawn for
 * Sayhi, 7 rows high so they sit on the status bar's text line.
 */
const DRAWINGS = {
  // line status 1) "Disconnect into network": a cut link
  offline: ['#.....#', '.#...#.', '..#.#..', '...#...', '..#.#..', '.#...#.', '#.....#'],
  // 2) "Only Peer-to-Peer call": a two-way arrow
  p2p: ['.......', '.#...#.', '##...##', '#######', '##...##', '.#...#.', '.......'],
  // 3) "Network connected normal, but the line is not successfully registered": a hollow phone
  unregistered: ['.#####.', '##...##', '#.#.#.#', '..#.#..', '.#...#.', '.#...#.', '.#####.'],
  // 4) "Network is OK and the line is available": a solid phone
  registered: ['.#####.', '##...##', '#.###.#', '..###..', '.#####.', '.#####.', '.#####.'],
  // 5) "Line is turned on DND": a no-entry sign
  dnd: ['..###..', '.#####.', '#######', '#.....#', '#######', '.#####.', '..###..'],
  missed: ['....#..', '...#...', '#.#....', '##.....', '###....', '.......', '.......'],
  message: ['.......', '#######', '##...##', '#.#.#.#', '#..#..#', '#.....#', '#######'],
  lock: ['.###.', '#...#', '#...#', '#####', '##.##', '##.##', '#####'],
  handset: ['##.....', '##.....', '.#.....', '.#.....', '.##..##', '..#####', '...###.'],
  headset: ['..###..', '.#...#.', '#.....#', '#.....#', '##...##', '##...##', '.......'],
  speaker: ['...#...', '..##.#.', '###.#.#', '###.#.#', '###.#.#', '..##.#.', '...#...'],
  mute: ['#...#..', '.#.##..', '..#.#..', '..##...', '..###..', '.##.#..', '#...#..'],
} as const;

export type IconName = keyof typeof DRAWINGS;

const cache = new Map<IconName, Glyph>();

/** The icon as a glyph whose top row is its `top` (draw it with Lcd.blit at the row you want). */
export function icon(name: IconName): Glyph {
  let g = cache.get(name);
  if (!g) {
    const rows = DRAWINGS[name].map((r) => parseInt(r.replace(/#/g, '1').replace(/\./g, '0'), 2));
    const width = DRAWINGS[name][0].length;
    g = { width, height: rows.length, left: 0, top: rows.length, advance: width + 1, rows };
    cache.set(name, g);
  }
  return g;
}

export const ICON_NAMES = Object.keys(DRAWINGS) as IconName[];
