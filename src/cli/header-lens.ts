/**
 * `header-lens`: the installed command (bin) and `npm run cli` / `npm run inspect` from a clone.
 * `header-lens [inspect] FILE` explains a message or a bounce, `header-lens check DOMAIN` asks
 * current DNS whether mail would pass before it is sent, `header-lens log [FILE…]` summarizes
 * a mail log's bounced and deferred deliveries. Each command has its own --help; every command
 * prints JSON with --json and exits 0 (good), 1 (not good) or 2 (bad input or usage).
 */
import { check, CHECK_USAGE } from './check.ts';
import { inspect, INSPECT_USAGE } from './inspect.ts';
import { log, LOG_USAGE } from './log.ts';
import { VERSION } from './version.ts';

export const USAGE = `Usage: header-lens [inspect] [FILE | -] [options]   explain a message, its headers or a bounce
       header-lens check DOMAIN [--ip IP] [--helo NAME] [--selector S]…   would mail pass now?
       header-lens log [FILE… | -] [--since WHEN]   bounced and deferred deliveries in a mail log
       header-lens COMMAND --help   options of a command
       header-lens --version

Every command takes --json (JSON on standard output, nothing else) and --no-color (also when
NO_COLOR is set or the output is not a terminal). Exit status: 0 authenticated / passes / no
failed deliveries, 1 not, 2 bad input or usage (the message on standard error).
`;

const COMMANDS = {
  inspect: { run: inspect, usage: INSPECT_USAGE },
  check: { run: check, usage: CHECK_USAGE },
  log: { run: log, usage: LOG_USAGE },
} as const;

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    process.stdout.write(`header-lens ${VERSION}\n`);
    return 0;
  }
  if (first === '-h' || first === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) process.stdout.write(USAGE);
    else if (isCommand(topic)) process.stdout.write(COMMANDS[topic].usage);
    else {
      process.stderr.write(`header-lens: no command ${topic}\n\n${USAGE}`);
      return 2;
    }
    return 0;
  }
  if (first !== undefined && isCommand(first)) return COMMANDS[first].run(rest);
  // No command word: a FILE (or nothing, the bundled sample) to inspect. A file named like a
  // command is `header-lens inspect check` or `header-lens ./check`.
  return inspect(argv);
}

function isCommand(word: string): word is keyof typeof COMMANDS {
  return Object.hasOwn(COMMANDS, word);
}

// An EPIPE (`header-lens log … | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
