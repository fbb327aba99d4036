/**
 * `npm run bench`: runs every section in bench/sections/index.ts in one process and prints their
 * tables. A report, not a test: goals are shown ✓/✗ and the exit code is always 0.
 */
import { cpus, loadavg } from 'node:os';
import { formatSection, formatSummary, goalMet, type SummaryRow } from './report.ts';
import { sections } from './sections/index.ts';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length === 0 ? sections : sections.filter((s) => wanted.includes(s.id));
  const unknown = wanted.filter((id) => !sections.some((s) => s.id === id));

  console.log('Header Lens bench');
  console.log(
    `Node ${process.version} · ${process.platform}/${process.arch} · ${cpus()[0]?.model ?? 'unknown CPU'}`,
  );
  if (unknown.length > 0) {
    console.log(
      `Unknown section(s) ${unknown.join(', ')}; known: ${sections.map((s) => s.id).join(', ')}`,
    );
  }
  console.log(`Load average at start (1, 5, 15 min): ${formatLoad()} on ${cpus().length} CPUs`);
  console.log('');

  const started = performance.now();
  const summary: SummaryRow[] = [];
  let met = 0;
  let total = 0;
  const failed: string[] = [];
  for (const section of selected) {
    try {
      const result = await section.run();
      console.log(formatSection(section, result));
      summary.push(...result.goals.map((goal) => ({ section: section.id, goal })));
      total += result.goals.length;
      met += result.goals.filter(goalMet).length;
      if (result.checks.some((c) => !c.ok)) failed.push(`${section.id} (sanity check)`);
    } catch (error) {
      failed.push(section.id);
      console.log(`■ ${section.title}\n\n  ✗ The section failed: ${String(error)}\n`);
    }
  }

  if (summary.length > 0) {
    console.log(formatSummary(summary, `load average at end: ${formatLoad()}`));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const problems = failed.length > 0 ? ` · problems in: ${failed.join(', ')}` : '';
  console.log(
    `Goals met: ${met}/${total}${problems} · ${seconds} s · report only, exit code is always 0`,
  );
}

function formatLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

main()
  .catch((error: unknown) => console.log(`Bench failed: ${String(error)}`))
  .finally(() => {
    process.exitCode = 0;
  });
