import type { Hint, Report } from '../report.ts';
import { phraseOf } from './phrase.ts';
import type { Action, Phrase } from './presentation.ts';

/** Titles and texts of the next step, as templates (translated as `action_<code>`). */
export const ACTION_TEXTS: Readonly<Record<string, string>> = {
  'publish-record': 'Publish an SPF record at {domain}',
  'add-mechanism': 'Add {mechanism} to the SPF record of {domain}',
  'publish-merged': 'Publish this SPF record at {domain}',
  'publish-merged-text':
    'Replace the TXT record at {domain} with this one: it keeps every existing mechanism and include and adds {added} first. It needs {lookups} of 10 DNS lookups and passes for {ip} against the same DNS.',
  'note-merged': 'It merges the {n} published records into one (two or more are a permerror).',
  'note-dropped-ptr': 'It drops ptr (deprecated).',
  'note-plus-all': 'It replaces +all, which lets anyone send as your domain, with ~all.',
  retest: 'Current DNS already authorizes {ip}',
  'retest-text':
    "Today's record for {domain} passes for {ip}. Send a new test message and open it with Show original.",
  'dns-error': 'Current DNS for {domain} could not be read',
  'dns-error-text':
    "{reason} (via {resolver}). Nothing is known about today's record yet: check again in a moment.",
  'fix-record': 'Change the SPF record of {domain}',
  none: 'Nothing to change',
  'hint-other': 'What to change',
  'hint-forged-results': 'Do not trust this message',
  'hint-forwarded-arc': 'Nothing to fix',
  'hint-spf-permerror-lookups': 'Cut the SPF record to 10 lookups',
  'hint-spf-permerror-records': 'Merge the SPF records into one',
  'hint-spf-permerror-syntax': 'Correct the SPF record',
  'hint-spf-permerror': 'Repair the SPF record',
  'hint-spf-temperror': "Check the domain's DNS servers",
  'hint-spf-none': 'Publish an SPF record',
  'hint-dkim-missing': 'Sign with DKIM',
  'hint-dkim-no-key': 'Publish the DKIM key',
  'hint-dkim-fail': 'Fix the DKIM signature',
  'hint-dkim-not-aligned': 'Sign with your own domain',
  'hint-dmarc-missing': 'Publish a DMARC record',
  'hint-dmarc-fail': 'Align SPF or DKIM with From:',
  'hint-from-not-aligned': 'Align SPF or DKIM with From:',
  'hint-gmail-unauthenticated': 'Make SPF or DKIM pass',
  'hint-no-tls': 'Send with TLS',
  'hint-no-results': "Open the copy in the recipient's mailbox",
  bounce: 'Change what {host} refused the message for',
  'bounce-unknown': 'Read what {host} answered',
};

const say = (code: string, params: Record<string, string> = {}): Phrase =>
  phraseOf('action', ACTION_TEXTS, code, params);

const base = (kind: Action['kind'], title: Phrase): Action => ({
  kind,
  title,
  text: null,
  record: null,
  add: null,
  notes: [],
  checkDns: false,
  hint: null,
});

/** A hint as the next step; its record is kept (hints carry only complete records). */
function fromHint(h: Hint, kind: Action['kind'] = 'hint'): Action {
  const titleCode = `hint-${h.code}` in ACTION_TEXTS ? `hint-${h.code}` : 'hint-other';
  return {
    ...base(kind, say(titleCode, h.params)),
    text: { family: 'hint', code: h.code, text: h.text, params: h.params },
    record:
      h.record === null ? null : { name: h.recordName ?? '', value: h.record, strings: [h.record] },
    hint: h.code,
  };
}

/**
 * The one next step, in this order: the recipient's caution on forged results; what current DNS
 * says once it was checked (the merged record, "already authorized", what couldn't be read, why
 * no record helps); a complete SPF record where none is published; the mechanism to add, with
 * "Check current DNS" for the exact record; then the most severe remaining hint.
 */
export function chooseAction(report: Report): Action {
  const hints = report.hints;
  const hint = (code: string): Hint | undefined => hints.find((h) => h.code === code);
  const status = report.verdict.status;

  const forged = hint('forged-results');
  if (status === 'suspicious' && forged !== undefined) return fromHint(forged, 'caution');

  const live = report.spf.live;
  if (live !== undefined && status !== 'forwarded') {
    const domain = live.domain;
    if (live.lookupError !== null) {
      return {
        ...base('dns-error', say('dns-error', { domain })),
        text: say('dns-error-text', { reason: live.lookupError, resolver: live.resolver }),
        checkDns: true,
      };
    }
    if (live.authorizesClientIp) {
      return {
        ...base('retest', say('retest', { ip: live.clientIp })),
        text: say('retest-text', { domain, ip: live.clientIp }),
      };
    }
    if (live.fix !== null) {
      const fix = live.fix;
      return {
        ...base('publish-merged', say('publish-merged', { domain })),
        text: say('publish-merged-text', {
          domain,
          added: fix.added,
          lookups: String(fix.lookups),
          ip: live.clientIp,
        }),
        record: { name: domain, value: fix.record, strings: fix.strings },
        notes: [
          ...(fix.mergedRecords > 1 ? [say('note-merged', { n: String(fix.mergedRecords) })] : []),
          ...(fix.droppedPtr ? [say('note-dropped-ptr')] : []),
          ...(fix.replacedPlusAll ? [say('note-plus-all')] : []),
        ],
      };
    }
    if (live.advice !== null) {
      return {
        ...base('fix-record', say('fix-record', { domain })),
        text: {
          family: live.adviceCode === null ? null : 'liveAdvice',
          code: live.adviceCode ?? 'text',
          text: live.advice,
          params: live.adviceParams,
        },
      };
    }
  }

  const fix = report.spf.fix;
  const domain = report.spf.domain ?? '?';
  if (fix !== null && fix.record !== null) {
    return {
      ...fromHint(hint('spf-fix-new') as Hint, 'publish-record'),
      title: say('publish-record', { domain }),
      record: { name: domain, value: fix.record, strings: [fix.record] },
    };
  }
  if (fix !== null && fix.add !== null) {
    return {
      ...fromHint(hint('spf-fix-add') as Hint, 'add-mechanism'),
      title: say('add-mechanism', { mechanism: fix.add, domain }),
      add: { domain, mechanism: fix.add },
      checkDns: true,
    };
  }
  const bounce = report.bounce;
  if (bounce !== null) {
    const host = bounce.host ?? 'the receiving server';
    if (bounce.fix !== null && bounce.enhancedCode !== null) {
      return {
        ...base('bounce', say('bounce', { host })),
        text: { family: 'codeFix', code: bounce.enhancedCode, text: bounce.fix, params: {} },
      };
    }
    if (!hints.some((h) => h.severity === 'error')) {
      return base('bounce', say('bounce-unknown', { host }));
    }
  }
  const first =
    hints.find((h) => h.severity === 'error') ?? hints.find((h) => h.severity === 'warning');
  if (first !== undefined) {
    return fromHint(first, first.code.startsWith('spf-permerror') ? 'fix-record' : 'hint');
  }
  const forwarded = hint('forwarded-arc');
  if (forwarded !== undefined) return { ...fromHint(forwarded), kind: 'none' };
  return base('none', say('none'));
}
