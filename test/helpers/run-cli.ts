import { spawn } from 'node:child_process';
import { CLI_BUNDLE } from './cli-bundle.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `header-lens ARGS` (the bundle built for this test run: cli-bundle.ts), asynchronously so
 * a DoH server in the test's own process can answer it. Colour is off (NO_COLOR), the zone pinned (TZ=UTC) unless `env` says.
 */
export function runCli(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliRun> {
  return run(process.execPath, [CLI_BUNDLE, ...args], {
    ...options,
    cwd: options.cwd ?? root,
  });
}

/** Runs any command the same way (the installed `header-lens`, grep). */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The characters in `text` a terminal would act on: C0 controls but LF, DEL, C1 controls,
 * bidi overrides and isolates. Empty when the text is safe to print. */
export function terminalControls(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (
      (cp < 0x20 && cp !== 0x0a) ||
      (cp >= 0x7f && cp < 0xa0) ||
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069)
    ) {
      found.push(`U+${cp.toString(16).padStart(4, '0')}`);
    }
  }
  return found;
}
