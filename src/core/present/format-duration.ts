/**
 * A delay for people: `42 s`, `3 min 05 s`, `5 min`, `2 h 07 min`, `2 h`; negative values keep
 * their sign. A zero second or minute part is left out.
 */
export function formatDuration(seconds: number): string {
  let s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && s !== 0 ? '-' : '';
  if (s < 60) return `${sign}${s} s`;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  s -= minutes * 60;
  if (hours > 0) {
    return minutes === 0
      ? `${sign}${hours} h`
      : `${sign}${hours} h ${String(minutes).padStart(2, '0')} min`;
  }
  return s === 0
    ? `${sign}${minutes} min`
    : `${sign}${minutes} min ${String(s).padStart(2, '0')} s`;
}
