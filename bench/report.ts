/**
 * What a bench section returns, and how it is printed. A section is anything that can produce
 * measurements (a timing, a size…) and goals over them; `run.ts` prints every section the same way.
 */
import type { Timing } from './harness.ts';

/** One measured quantity, printed for information. */
export interface Measurement {
  label: string;
  /** What was measured on, e.g. the input size. */
  input: string;
  value: number;
  /** Printed after the value: 'µs', ' B', ' KiB'… */
  unit: string;
  /** Spread, e.g. the interquartile range of a timing. */
  spread?: string;
  /** How it was obtained, e.g. samples × calls per sample. */
  runs?: string;
}

/** A derived figure set against a goal: a ratio or a size; an absolute time only where an issue
 * sets one for this machine class (the section says so in a note). */
export interface Goal {
  label: string;
  value: number;
  unit: string;
  op: '<=' | '>=';
  target: number;
  /** The figures the value was derived from. */
  basis: string;
}

/** A sanity check that the measured code did the work it was meant to (not an early return). */
export interface Check {
  label: string;
  ok: boolean;
}

export interface SectionResult {
  measurements: Measurement[];
  goals: Goal[];
  checks: Check[];
  notes: string[];
}

export interface BenchSection {
  id: string;
  title: string;
  run: () => Promise<SectionResult>;
}

export function goalMet(g: Goal): boolean {
  return g.op === '<=' ? g.value <= g.target : g.value >= g.target;
}

export function timingMeasurement(label: string, input: string, t: Timing): Measurement {
  return {
    label,
    input,
    value: t.medianUs,
    unit: ' µs',
    spread: `${formatNumber(t.q1Us)}–${formatNumber(t.q3Us)} µs`,
    runs: `${t.samples} × ${t.batch}`,
  };
}

/** Three significant digits for small numbers, whole numbers with separators for large ones. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Word-wraps `text` to `width` columns, the first line indented by `first`, the rest by `rest`. */
export function wrap(text: string, width: number, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/)) {
    const indent = lines.length === 0 ? first : rest;
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += line.length > indent.length ? ` ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

type Align = 'left' | 'right';

export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
  indent = '  ',
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent +
    widths
      .map((w, i) => {
        const cell = cells[i] ?? '';
        return align[i] === 'right' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = indent + widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function formatSection(section: BenchSection, result: SectionResult): string {
  const out: string[] = [`■ ${section.title}`, ''];
  if (result.measurements.length > 0) {
    out.push(
      formatTable(
        ['Measurement', 'Input', 'Median', 'IQR', 'Samples × calls'],
        result.measurements.map((m) => [
          m.label,
          m.input,
          `${formatNumber(m.value)}${m.unit}`,
          m.spread ?? '',
          m.runs ?? '',
        ]),
        ['left', 'right', 'right', 'right', 'right'],
      ),
      '',
    );
  }
  if (result.goals.length > 0) {
    out.push(
      formatTable(
        ['', 'Ratio', 'Value', 'Goal', 'From (medians)'],
        result.goals.map((g) => [
          goalMet(g) ? '✓' : '✗',
          g.label,
          `${formatNumber(g.value)}${g.unit}`,
          `${g.op === '<=' ? '≤' : '≥'} ${g.target}${g.unit}`,
          g.basis,
        ]),
        ['left', 'left', 'right', 'right', 'left'],
      ),
      '',
    );
  }
  if (result.checks.length > 0) {
    out.push('  Sanity checks:');
    for (const c of result.checks) out.push(`    ${c.ok ? '✓' : '✗'} ${c.label}`);
    out.push('');
  }
  for (const note of result.notes) out.push(wrap(`Note: ${note}`, 100, '  ', '        '));
  if (result.notes.length > 0) out.push('');
  return out.join('\n');
}

/** A goal in the closing table of a run. */
export interface SummaryRow {
  section: string;
  goal: Goal;
}

/** Every goal of the run, side by side, with where it was measured. */
export function formatSummary(rows: readonly SummaryRow[], note: string): string {
  return [
    '■ Every goal of this run, side by side',
    '',
    formatTable(
      ['', 'Section', 'Figure', 'Value', 'Goal', 'From (medians)'],
      rows.map(({ section, goal }) => [
        goalMet(goal) ? '✓' : '✗',
        section,
        goal.label,
        `${formatNumber(goal.value)}${goal.unit}`,
        `${goal.op === '<=' ? '≤' : '≥'} ${goal.target}${goal.unit}`,
        goal.basis,
      ]),
      ['left', 'left', 'left', 'right', 'right', 'left'],
    ),
    '',
    `  (${note})`,
    '',
  ].join('\n');
}
