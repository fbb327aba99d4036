/**
 * `header-lens inspect FILE --watch`: polls current DNS on several public resolvers until each
 * serves the records the message needs (the core watch, src/core/watch/), printing each
 * resolver's progress. Exit 0 when live everywhere, 1 when the time ran out, 2 when the message
 * gives nothing to watch.
 */
import {
  createDohResolver,
  liveQueryOf,
  pollWatch,
  presentWatch,
  startWatch,
  WATCH_ENDPOINTS,
  type DohEndpoint,
  type Report,
  type WatchState,
} from '../core/index.ts';
import { dohOption } from './doh-option.ts';

export interface WatchIo {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  write: (text: string) => void;
  fetch: typeof fetch;
}

const realIo: WatchIo = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  write: (text) => process.stdout.write(text),
  fetch: (url, init) => fetch(url, init),
};

/** `--resolvers cloudflare,google,quad9,https://…`: the endpoints a watch asks. */
export function resolversOption(value: string): DohEndpoint[] | null {
  const list = value.split(',').filter((v) => v !== '');
  const endpoints: DohEndpoint[] = [];
  for (const item of list) {
    const known = WATCH_ENDPOINTS.find((e) => e.id === item);
    if (known !== undefined) {
      endpoints.push(known);
      continue;
    }
    const choice = dohOption(item);
    if (choice === null) return null;
    endpoints.push({ id: choice.url, name: choice.name, url: choice.url, format: choice.format });
  }
  return endpoints.length === 0 ? null : endpoints;
}

/** `90s`, `10m`, `2h`, `48h`: a watch's limit. */
export function durationOption(value: string): number | null {
  const m = /^(\d{1,6})(s|m|h)$/.exec(value);
  if (m === null) return null;
  const n = Number(m[1]);
  const ms = n * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  return ms > 0 && ms <= 48 * 3_600_000 ? ms : null;
}

export async function watchReport(
  report: Report,
  options: { endpoints: readonly DohEndpoint[]; limitMs: number },
  io: WatchIo = realIo,
): Promise<number> {
  const query = liveQueryOf(report);
  const domain = query.spf?.domain ?? query.fromDomain;
  if (domain === null || (query.spf === null && query.fromDomain === null)) {
    process.stderr.write(
      'header-lens: nothing to watch — the message names no SPF domain with a client IP and no From: domain\n',
    );
    return 2;
  }
  const target = { spf: query.spf, fromDomain: query.fromDomain, dkimKeys: query.dkimKeys };
  let state: WatchState = startWatch(target, domain, options.endpoints, io.now());
  state = { ...state, deadline: state.startedAt + options.limitMs };
  io.write(
    `Watching ${domain} on ${options.endpoints.map((e) => e.name).join(', ')} until each serves ${
      query.spf === null ? 'the new records' : `an SPF record that authorizes ${query.spf.clientIp}`
    }${query.fromDomain === null ? '' : ', a DMARC record'}${query.dkimKeys.length === 0 ? '' : ' and the DKIM key'} (up to ${formatLimit(options.limitMs)}; Ctrl-C stops).\n`,
  );
  const resolverFor = (e: DohEndpoint) =>
    createDohResolver({ endpoint: e.url, format: e.format, fetch: io.fetch, now: io.now });
  for (;;) {
    const wait = (state.nextPollAt ?? io.now()) - io.now();
    if (wait > 0) await io.sleep(wait);
    state = await pollWatch(state, resolverFor, io.now);
    io.write(renderPoll(state, io.now()));
    if (state.status === 'live') return 0;
    if (state.status !== 'watching') return 1;
  }
}

function renderPoll(state: WatchState, now: number): string {
  const view = presentWatch(state, now);
  const width = Math.max(...view.resolvers.map((r) => r.name.length));
  const lines = [`\n${clock(now)}  ${view.headline}`];
  for (const r of view.resolvers) {
    const label = { live: 'live ', old: 'old  ', error: 'error', waiting: '…    ' }[r.state];
    const ttl = r.ttlLeft === null ? '' : ` — ${r.ttlLeft}`;
    lines.push(`  ${r.name.padEnd(width)}  ${label}  ${r.serves}${ttl}`);
    if (r.record !== null) lines.push(`  ${''.padEnd(width)}         serves: ${r.record}`);
  }
  if (view.nextPollAt !== null) lines.push(`  next look at ${clock(view.nextPollAt)}`);
  return `${lines.join('\n')}\n`;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19) + 'Z';
}

function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
