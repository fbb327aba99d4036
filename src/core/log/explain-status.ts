import { GMAIL_CODES, type CodeInfo } from '../findings/gmail-codes.ts';
import { CODE_SUBJECTS, ENHANCED_CODES } from './enhanced-codes.ts';

/**
 * The meaning and fix of an enhanced status code from a delivery attempt: Gmail's own meaning
 * when the reply came from Google (a relay under google.com or googlemail.com, or Google's
 * `- gsmtp` reply trailer), else the registry's (enhanced-codes.ts); for a code neither knows,
 * what its class and subject say. Null without a code.
 */
export function explainStatus(
  code: string | null,
  reply: { relay: string | null; text: string },
): (CodeInfo & { source: 'gmail' | 'rfc3463' }) | null {
  if (code === null) return null;
  if (isGoogle(reply)) {
    const gmail = GMAIL_CODES.get(code);
    if (gmail !== undefined) return { ...gmail, source: 'gmail' };
  }
  const [klass = '', subject = '', detail = ''] = code.split('.');
  const temporary = klass === '4';
  const known = ENHANCED_CODES.get(`${subject}.${detail}`);
  const kind = temporary
    ? 'Temporary failure: the server keeps retrying until the message expires.'
    : 'Permanent failure: the message was returned to the sender.';
  if (known !== undefined)
    return { meaning: `${known.meaning} ${kind}`, fix: known.fix, source: 'rfc3463' };
  const about = CODE_SUBJECTS.get(subject);
  if (about === undefined) return null;
  return {
    meaning: `${kind} The reason concerns ${about}.`,
    fix: "Read the remote's text: it names the reason.",
    source: 'rfc3463',
  };
}

function isGoogle(reply: { relay: string | null; text: string }): boolean {
  const relay = reply.relay?.toLowerCase().replace(/\.$/, '') ?? '';
  return (
    relay.endsWith('.google.com') ||
    relay.endsWith('.googlemail.com') ||
    / - gsmtp\b/.test(reply.text)
  );
}
