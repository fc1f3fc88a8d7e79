import type { SettingChange } from '../../config/index.js';
import type { PhoneContext } from '../phone-context.js';
import type { PhoneFeature } from '../phone-feature.js';
import type { LineFeatureState } from '../phone-types.js';
import { lineAutoAnswer } from './auto-answer.js';
import { lineDnd } from './feature-settings.js';
import { lineForward } from './forwarding.js';

/** Settings that change what a line shows (DND icon, forward, auto answer "AA"). */
const LINE_FEATURE_KEY = /^(call\.(dnd|forward\w*|autoAnswer\w*)|account\.\d+\.(dnd|autoAnswer))$/;

/** DND, forwarding and auto answer of every line, as the status and the `lineFeatures` event show them. */
export function lineFeatureStates(ctx: PhoneContext): LineFeatureState[] {
  return ctx.lines().map((line) => {
    const forward = lineForward(ctx, line);
    const autoAnswer = lineAutoAnswer(ctx, line.number);
    // manual §4: global DND turns "all enabled lines" to DND; a disabled line takes no calls at all
    const dnd = lineDnd(ctx, line.number) && line.status().state !== 'disabled';
    return { line: line.number, dnd, ...(forward ? { forward } : {}), ...(autoAnswer ? { autoAnswer } : {}) };
  });
}

/**
 * The per-line feature view (manual §3 "Line status": the fifth icon, "Line is
 * turned on DND"; "AA" for auto answer): added to each line of the status and
 * sent as a `lineFeatures` event whenever a setting behind it changes.
 */
export function lineFeaturesFeature(ctx: PhoneContext): PhoneFeature {
  let off: (() => void) | undefined;
  let last = '';
  return {
    name: 'line-features',
    start() {
      last = JSON.stringify(lineFeatureStates(ctx));
      off = ctx.settings.events.on('changed', (changes: SettingChange[]) => {
        if (!changes.some((c) => LINE_FEATURE_KEY.test(c.key))) return;
        const states = lineFeatureStates(ctx);
        const text = JSON.stringify(states);
        if (text === last) return;
        last = text;
        ctx.events.emit('lineFeatures', states);
      });
    },
    stop() {
      off?.();
    },
    decorateStatus(status) {
      const states = lineFeatureStates(ctx);
      for (const line of status.lines) {
        const s = states.find((x) => x.line === line.line);
        if (!s) continue;
        line.dnd = s.dnd;
        if (s.forward) line.forward = s.forward;
        if (s.autoAnswer) line.autoAnswer = s.autoAnswer;
      }
    },
  };
}
