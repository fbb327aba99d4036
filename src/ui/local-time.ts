/** An ISO 8601 UTC time as the user's locale writes it, in their time zone (the ISO text when
 * it does not parse). */
export function localTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
