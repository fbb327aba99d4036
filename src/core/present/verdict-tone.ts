import type { VerdictStatus } from '../report.ts';
import type { Tone } from './presentation.ts';

/** The verdict's colour per status (its words come from the verdict's code). */
export const VERDICT_TONE: Readonly<Record<VerdictStatus, Tone>> = {
  authenticated: 'good',
  forwarded: 'neutral',
  unauthenticated: 'bad',
  suspicious: 'bad',
  unknown: 'neutral',
};

export function isVerdictStatus(value: unknown): value is VerdictStatus {
  return typeof value === 'string' && Object.hasOwn(VERDICT_TONE, value);
}
