import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What each extension context loads, pinned by structure, not by time: the modules reachable by
 * static imports from its entry (type-only imports are erased and not followed; a dynamic
 * `import()` would be loaded on demand and is not followed either). The popup must open without
 * the analyzer or the Public Suffix List (the background analyzes; issue 11), and the content
 * script, which runs on every Show original page, without any parser or the polyfill. The built
 * bundles are checked too, by size and content, in test/e2e/manifest.test.ts.
 */

const root = resolve(new URL('..', import.meta.url).pathname);

/** Every module (repo-relative path, or the package name) reachable from `entry`. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const id = relative(root, file);
    if (seen.has(id)) return;
    seen.add(id);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      const target = staticImport(statement);
      if (target === null) continue;
      // `file.ts?iife`: a script built on its own and injected into a page (scripting), never
      // loaded by the importing context, which gets only its file name.
      if (target.includes('?')) {
        seen.add(`${relative(root, resolve(dirname(file), target.split('?')[0] ?? ''))}?injected`);
        continue;
      }
      if (!target.startsWith('.')) {
        seen.add(target);
        continue;
      }
      const path = resolve(dirname(file), target);
      if (!existsSync(path)) throw new Error(`${id}: cannot resolve ${target}`);
      if (path.endsWith('.ts')) visit(path);
      else seen.add(relative(root, path));
    }
  };
  visit(join(root, entry));
  return seen;
}

/** The module a statement loads when it runs, or null (a type-only import or export). With
 * verbatimModuleSyntax, `import { type A } from 'x'` still loads `x`, so it counts. */
function staticImport(statement: ts.Statement): string | null {
  if (ts.isImportDeclaration(statement)) {
    if (statement.importClause?.isTypeOnly === true) return null;
    return (statement.moduleSpecifier as ts.StringLiteral).text;
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
    if (statement.isTypeOnly) return null;
    return (statement.moduleSpecifier as ts.StringLiteral).text;
  }
  return null;
}

/** Modules only the background may load: the analyzer, its parsers, the list, the checks. */
const ANALYZER = [
  'src/core/index.ts',
  'src/core/analyze-message.ts',
  'src/core/read/parse-header-section.ts',
  'src/core/psl/domain-name.ts',
  'src/core/psl/registrable-domain.ts',
  'src/core/psl/icann-rules.ts',
  'src/core/live/check-live.ts',
  'src/core/spf/index.ts',
  'src/core/dkim/index.ts',
  'tldts',
  'ipaddr.js',
];

describe('what each context loads', () => {
  it('the popup: no analyzer, no Public Suffix List, no DNS checks', () => {
    const popup = reachable('src/popup/main.ts');
    expect(popup.has('src/popup/render-report.ts')).toBe(true);
    expect(ANALYZER.filter((m) => popup.has(m))).toEqual([]);
  });

  it("the popup's first paint: the verdict from the URL, drawn with no polyfill and no report", () => {
    // It imports main.ts by its built name (vite.config.ts), which this graph does not follow.
    expect([...reachable('src/popup/first-paint.ts')].sort()).toEqual([
      'src/core/fill-template.ts',
      'src/core/present/verdict-tone.ts',
      'src/platform/i18n.ts',
      'src/platform/message-keys.ts',
      'src/platform/native-api.ts',
      'src/platform/popup-url.ts',
      'src/popup/first-paint.ts',
      'src/popup/marks.ts',
      'src/popup/render-header.ts',
      'src/popup/render-verdict.ts',
      'src/popup/say.ts',
      'src/ui/dom.ts',
    ]);
  });

  it('the options page: none of them either', () => {
    const options = reachable('src/options/main.ts');
    expect(ANALYZER.filter((m) => options.has(m))).toEqual([]);
  });

  it('the content script: the header section end, the limits and message checks, the original read on request, nothing else', () => {
    expect([...reachable('src/content/index.ts')].sort()).toEqual([
      'src/content/index.ts',
      'src/content/read-header-section.ts',
      'src/content/read-original.ts',
      'src/content/show-original-page.ts',
      'src/core/dkim/dkim-limits.ts',
      'src/core/limits.ts',
      'src/core/read/header-section-end.ts',
      'src/core/work-meter.ts',
      'src/platform/answer-background.ts',
      'src/platform/download-original-url.ts',
      'src/platform/messages.ts',
      'src/platform/native-api.ts',
      'src/platform/send-to-background.ts',
      'src/platform/show-original-url.ts',
    ]);
  });

  it('the background has the analyzer and the list (the reference point of the checks above)', () => {
    const worker = reachable('src/background/index.ts');
    expect(worker.has('src/core/analyze-message.ts')).toBe(true);
    expect(worker.has('src/core/psl/icann-rules.ts')).toBe(true);
    expect(worker.has('tldts')).toBe(false);
  });
});

/** Every module a file names in an import or export, type-only ones too. */
function namedImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const out: string[] = [];
  for (const statement of source.statements) {
    const spec =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier !== undefined
        ? (statement.moduleSpecifier as ts.StringLiteral).text
        : null;
    if (spec?.startsWith('.') === true) out.push(resolve(dirname(file), spec));
  }
  return out;
}

describe('no import loops', () => {
  it('no module of src/ reaches itself again, not even through type-only imports', () => {
    // eslint's import-x/no-cycle guards the imports that run; a loop of types is a knot in the
    // design as well (the contract depending on what depends on it), so this walks both.
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => join(root, 'src', f));
    const state = new Map<string, 'open' | 'done'>();
    const loops: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        loops.push(
          [...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)).join(' → '),
        );
        return;
      }
      state.set(file, 'open');
      for (const next of namedImports(file)) if (next.endsWith('.ts')) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(loops).toEqual([]);
  });
});
