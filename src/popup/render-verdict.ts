import type { Verdict } from '../core/index.ts';
import type { Tone } from '../core/present/presentation.ts';
import { h } from '../ui/dom.ts';
import { say } from './say.ts';

/**
 * The verdict card: the answer in words and colour, then what the message is (From, Subject)
 * and where its headers came from. Drawn by the full report and, from the popup URL alone, by
 * the first paint (first-paint.ts), which has no summary yet.
 */
export function renderVerdict(
  verdict: Verdict & { tone: Tone },
  summary: HTMLElement | false,
  sourceLabel: string,
): HTMLElement {
  return h(
    'section',
    { class: 'verdict', 'data-result': verdict.tone, 'aria-labelledby': 'verdict-title' },
    h(
      'h2',
      {
        id: 'verdict-title',
        class: 'headline',
        'data-testid': 'verdict-status',
        'data-status': verdict.status,
      },
      say({
        family: 'verdict',
        code: verdict.code,
        text: verdict.headline,
        params: verdict.params,
      }),
    ),
    summary,
    h('p', { class: 'source small muted' }, sourceLabel),
  );
}
