import { fill } from '../fill-template.ts';
import type { Severity, Warning } from '../report.ts';

/** One warning of the catalogue (warning-catalogue.ts): its code, the `reason` that picks the
 * variant, its severity and its English template. */
export interface WarningEntry {
  readonly code: string;
  readonly reason?: string;
  readonly severity: Severity;
  readonly text: string;
}

/** The `{name}` holes of a template, as a union of names. */
type Holes<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Holes<Rest>
  : never;

/** What a variant's template needs (its holes), and any further facts for the report. */
export type WarningParams<Text extends string> = Readonly<
  Record<Holes<Text>, string> & Record<string, string>
>;

/**
 * A warning from its entry with the holes filled. `params.reason` names the variant, as
 * translations look it up; a variant without a reason reports only the given parameters (none
 * when it has no holes).
 */
export function makeWarning(
  entry: WarningEntry,
  params: Readonly<Record<string, string>>,
): Warning {
  const text = fill(entry.text, params);
  const { code, severity } = entry;
  if (entry.reason !== undefined) {
    return { code, severity, text, params: { ...params, reason: entry.reason } };
  }
  return Object.keys(params).length === 0
    ? { code, severity, text }
    : { code, severity, text, params };
}

/** The builder for one table of warnings: `variant` with its holes filled, each hole required by
 * the type of that variant's template. */
export function warningsOf<T extends Readonly<Record<string, WarningEntry>>>(
  table: T,
): <V extends keyof T & string>(variant: V, params: WarningParams<T[V]['text']>) => Warning {
  return <V extends keyof T & string>(variant: V, params: WarningParams<T[V]['text']>): Warning =>
    // `variant` is a key of `table`: the entry is there (noUncheckedIndexedAccess can't tell).
    makeWarning(table[variant] as WarningEntry, params);
}
