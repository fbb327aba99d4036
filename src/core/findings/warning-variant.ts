import type { Warning } from '../report.ts';

/** The catalogue entry a reported warning came from (`code`, or `code-reason`): the name its
 * translation is looked up by. */
export function variantOf(w: Pick<Warning, 'code' | 'params'>): string {
  const reason = w.params?.['reason'];
  return reason === undefined ? w.code : `${w.code}-${reason}`;
}
