import { execFileSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The CLI as the tarball ships it (scripts/build-cli.ts), built once per test run into a
 * directory of its own: every CLI test runs `node header-lens.mjs`, which starts in a few tens of
 * milliseconds, instead of compiling the sources with tsx in each process (seconds on a busy
 * machine, which made those tests time out). Not dist/cli: `npm pack` in cli-package.test.ts
 * rebuilds that one while other tests run.
 */
export const CLI_BUNDLE_DIR = `${root}node_modules/.cache/header-lens-test-cli`;
export const CLI_BUNDLE = `${CLI_BUNDLE_DIR}/header-lens.mjs`;

/** vitest globalSetup of the unit project. */
export function setup(): void {
  execFileSync(
    process.execPath,
    ['--import', 'tsx', `${root}scripts/build-cli.ts`, '--out', CLI_BUNDLE_DIR],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
