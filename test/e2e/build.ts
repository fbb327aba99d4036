import { execFileSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

/** Builds the extension the tests load, so they always test the current source. */
export function buildExtension(browser: 'chrome' | 'firefox'): void {
  const args = [
    'build',
    '--logLevel',
    'error',
    ...(browser === 'firefox' ? ['--mode', 'firefox'] : []),
  ];
  execFileSync(`${root}node_modules/.bin/vite`, args, { cwd: root, stdio: 'inherit' });
}
