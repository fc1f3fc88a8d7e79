/**
 * Drives the LCD menus the way a person does: from idle, MENU (or OK), then for
 * each label of a manual path Down until that item is selected, then OK. Only
 * keys are pressed; the snapshot is read to see where the cursor is.
 */
import type { VirtualClock } from '../../../src/base/index.js';
import type { Device } from '../../../src/device/index.js';

/** The item text of a menu line ("3.Function setting" or "1.Auto answer  On" → the label). */
function itemLabel(line: string): string {
  return line.replace(/^\d+\./, '').split('  ')[0]!.replace(/^[\u25ba ]/, '');
}

/** Down until the selected line is `label` (at most `limit` presses), then OK. A notice on the glass is waited out. */
export async function choose(device: Device, label: string, clock?: VirtualClock, limit = 40): Promise<void> {
  for (let i = 0; i <= limit; i++) {
    if (device.snapshot().notice && clock) await clock.advanceAsync(2000);
    const s = device.snapshot();
    const sel = s.selected !== undefined ? s.lines[s.selected] : undefined;
    if (sel !== undefined && itemLabel(sel) === label) {
      await device.press('ok');
      return;
    }
    await device.press('down');
  }
  throw new Error(`no item "${label}" in ${device.snapshot().menu.join(' > ')}: ${device.snapshot().lines.join(' | ')}`);
}

/** "Press MENU or OK button > a > b > c": the keys, from idle. */
export async function follow(device: Device, path: string[], opts: { first?: 'menu' | 'ok'; clock?: VirtualClock } = {}): Promise<void> {
  await device.press(opts.first ?? 'menu');
  for (const label of path) await choose(device, label, opts.clock);
}
