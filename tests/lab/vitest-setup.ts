/**
 * Optional setup file for the integration project (vitest `setupFiles`): after each
 * test file, stop every lab peer the file left running and remove its run dirs.
 * Files may still call `afterAll(stopAllLab)` themselves; a second call is a no-op.
 */
import { afterAll } from 'vitest';
import { stopAllLab } from './index.js';

afterAll(stopAllLab);
