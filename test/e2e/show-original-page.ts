/**
 * Builds a page shaped like Gmail's Show original (docs/gmail-pages.md): a standalone
 * document titled "Original Message", a summary table under `.top-area`, and the raw message
 * HTML-escaped inside <pre class="raw_message_text" id="raw_message_text">.
 * test/fixtures/pages/show-original.html is one such page saved for the selector tests.
 */
export function showOriginalPage(
  raw: string,
  summary: { spf?: string; from?: string; subject?: string } = {},
): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Original Message</title>
<style>body{font-family:Roboto,Arial,sans-serif} pre{white-space:pre-wrap}</style>
</head><body>
<div class="top-area"><div class="header-title">Original Message</div>
<table class="top-table"><tbody>
<tr><th>Message ID</th><td><div class="top-table-message-id">&lt;placeholder@example.com&gt;</div></td></tr>
<tr><th>Created at:</th><td>Mon, Mar 4, 2024 at 12:11 PM (Delivered after 1 second)</td></tr>
<tr><th>From:</th><td>${escapeHtml(summary.from ?? 'Example &lt;shop@example.com&gt;')}</td></tr>
<tr><th>Subject:</th><td>${escapeHtml(summary.subject ?? 'Test')}</td></tr>
<tr><th>SPF:</th><td><span class="authresult">${escapeHtml(summary.spf ?? 'PASS')}</span> with IP 203.0.113.5 <a href="#">Learn more</a></td></tr>
</tbody></table>
<div class="download-buttons"><a href="#">Download Original</a> <a href="#">Copy to clipboard</a></div>
</div>
<pre class="raw_message_text" id="raw_message_text">${escapeHtml(raw)}</pre>
</body></html>`;
}

export const MISSING_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Gmail</title></head>
<body><div class="top-area"><p>The message you requested does not exist.</p></div></body></html>`;

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * test/fixtures/gmail-pass.eml turned into a softfail whose sender forged a passing
 * Authentication-Results under Gmail's block: the verdict must stay Gmail's softfail, flagged.
 */
export function forgedSoftfail(gmailPass: string): string {
  return gmailPass
    .replace('Received-SPF: pass', 'Received-SPF: softfail')
    .replaceAll(
      'spf=pass (google.com: domain of bounce@example.com designates 203.0.113.5 as permitted sender)',
      'spf=softfail (google.com: domain of transitioning bounce@example.com does not designate 203.0.113.5 as permitted sender)',
    )
    .replace(
      'DKIM-Signature:',
      'Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com\r\nDKIM-Signature:',
    );
}
