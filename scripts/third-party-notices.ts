/**
 * The licence notices for what a build bundles: each npm package whose code went in (found from
 * the bundler's module ids), with its licence file, and the Public Suffix List data the core
 * carries (src/core/psl/icann-rules.ts). Used by the CLI build (scripts/build-cli.ts) and the
 * extension build (vite.config.ts), which write it as THIRD-PARTY-LICENSES.txt beside the code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The npm packages among a bundle's module ids (paths or ids under node_modules/). */
export function bundledPackages(moduleIds: Iterable<string>): string[] {
  const packages = new Set<string>();
  for (const id of moduleIds) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'));
    if (m?.[1] !== undefined) packages.add(m[1]);
  }
  return [...packages].sort();
}

/** The notices text for `what` (e.g. "header-lens.mjs"), which bundles `packages`. */
export function thirdPartyNotices(root: string, what: string, packages: readonly string[]): string {
  const notices = packages.map((name) => {
    const dir = join(root, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      version: string;
      license?: string;
    };
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    const text =
      file === undefined
        ? '(no licence file in the package)'
        : readFileSync(join(dir, file), 'utf8').trim();
    return `${name} ${pkg.version} — ${pkg.license ?? 'see below'}\n\n${text}\n`;
  });
  // Data, not a package: the Public Suffix List's ICANN section.
  notices.push(
    'Public Suffix List (ICANN section) — MPL-2.0\n\n' +
      'The list is © its contributors, under the Mozilla Public License 2.0\n' +
      '(https://mozilla.org/MPL/2.0/). Its source form: https://publicsuffix.org/list/;\n' +
      "the rules as built in are in src/core/psl/icann-rules.ts of Header Lens's source.\n",
  );
  return `${what} bundles these packages and data:\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`;
}
