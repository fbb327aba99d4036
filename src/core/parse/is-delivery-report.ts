import { parseHeaderSection, type HeaderField } from '../read/parse-header-section.ts';

/**
 * RFC 3464 delivery-status notifications, and the non-standard bounces mailers still send
 * (From: MAILER-DAEMON, "Undelivered Mail Returned to Sender"). For these the diagnostic text is in
 * the body, so a bounded prefix of it is read.
 */
export function isDeliveryReport(fields: readonly HeaderField[]): boolean {
  for (const f of fields) {
    if (f.key !== 'content-type' && f.key !== 'from' && f.key !== 'subject') continue;
    const v = f.value.toLowerCase();
    if (f.key === 'content-type' && v.includes('report-type') && v.includes('delivery-status')) {
      return true;
    }
    if (f.key === 'from' && (v.includes('mailer-daemon') || v.includes('postmaster@'))) return true;
    if (f.key === 'subject' && BOUNCE_SUBJECTS.some((s) => v.includes(s))) return true;
  }
  return false;
}

const BOUNCE_SUBJECTS = [
  'undeliver',
  'delivery status notification',
  'failure notice',
  'returned mail',
  'mail delivery failed',
];

/**
 * For the background, about what the content script read: does this header section (complete,
 * its empty line included) need the start of its body to be analyzed?
 */
export function wantsBounceBody(headerSection: string): boolean {
  const section = parseHeaderSection(headerSection);
  return section.bodyOffset !== null && isDeliveryReport(section.fields);
}
