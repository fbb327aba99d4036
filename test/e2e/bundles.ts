/**
 * What each context of the built extension loads, and its gzip size: the content script (every
 * Show original page), the popup (each time it opens: its page's scripts and every chunk they
 * import, transitively) and the service worker. Shared by the convention tests
 * (manifest.test.ts), which pin the budgets, and `npm run bench`, which reports them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Bundle {
  /** Files, relative to the build directory. */
  files: string[];
  raw: number;
  /** gzip -9 of the files concatenated. */
  gzip: number;
  /** The files' text, concatenated. */
  text: string;
}

export function bundles(dir: string): { content: Bundle; popup: Bundle; worker: Bundle } {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts: { js: string[] }[];
    action: { default_popup: string };
    background: { service_worker?: string; scripts?: string[] };
  };
  const js = allFiles(dir).filter((f) => f.endsWith('.js'));
  const popupHtml = readFileSync(join(dir, manifest.action.default_popup), 'utf8');
  const workerEntry = manifest.background.service_worker ?? manifest.background.scripts?.[0] ?? '';
  const bundle = (files: string[]): Bundle => {
    const data = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
    return {
      files,
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      text: data.toString('utf8'),
    };
  };
  return {
    content: bundle(manifest.content_scripts.flatMap((c) => c.js)),
    popup: bundle(
      closure(
        dir,
        js.filter((f) => popupHtml.includes(baseName(f))),
        js,
      ),
    ),
    worker: bundle(closure(dir, [workerEntry], js)),
  };
}

function baseName(file: string): string {
  return file.split('/').pop() ?? '\0';
}

/** The entry files plus every chunk they name, transitively. */
function closure(dir: string, entries: string[], all: string[]): string[] {
  const seen = new Set<string>();
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    const text = readFileSync(join(dir, f), 'utf8');
    for (const other of all) if (other !== f && text.includes(baseName(other))) visit(other);
  };
  entries.forEach(visit);
  return [...seen];
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}
