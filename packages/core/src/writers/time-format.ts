/**
 * Time and number formatting shared by every writer (one place, no near-copies).
 * Rounding follows Python's `round()` (half to even), as WhisperX's writers use it.
 */

/** Python's `round(x)` for a finite number: the nearest integer, ties to the even one. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends .5 up; Python sends it to the even neighbour.
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/** Seconds -> integer milliseconds, as WhisperX's `round(seconds * 1000)`. */
export function secondsToMillis(seconds: number): number {
  return roundHalfEven(seconds * 1000);
}

/** How a subtitle timestamp is written. */
export interface TimestampStyle {
  /** Write `hh:` even when the hours are zero (SRT: true, VTT: false). */
  alwaysIncludeHours: boolean;
  /** Separator before the milliseconds (SRT: ',', VTT: '.'). */
  decimalMarker: ',' | '.';
}

export const SRT_TIMESTAMP: TimestampStyle = { alwaysIncludeHours: true, decimalMarker: ',' };
export const VTT_TIMESTAMP: TimestampStyle = { alwaysIncludeHours: false, decimalMarker: '.' };

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * `[hh:]mm:ss<marker>mmm` from integer milliseconds (>= 0), as WhisperX's format_timestamp:
 * hours are written when asked for or when non-zero (and may exceed two digits).
 */
export function formatTimestamp(millis: number, style: TimestampStyle): string {
  const ms = Math.max(0, Math.trunc(millis));
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const hoursPart = style.alwaysIncludeHours || hours > 0 ? `${pad(hours, 2)}:` : '';
  return `${hoursPart}${pad(minutes, 2)}:${pad(seconds, 2)}${style.decimalMarker}${pad(rest, 3)}`;
}

/** `hh:mm:ss` (whole seconds, rounded down) for Markdown paragraph stamps and durations. */
export function formatClock(seconds: number): string {
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(whole % 60, 2)}`;
}

/** `hh:mm:ss.mmm` for Markdown word stamps. */
export function formatClockMillis(seconds: number): string {
  return formatTimestamp(secondsToMillis(Math.max(0, seconds)), { alwaysIncludeHours: true, decimalMarker: '.' });
}

/**
 * Python's `repr(float)` (what `print(float)` and `json.dump` write): the shortest round-trip
 * digits, always with a fractional part (`1.0`), scientific below 1e-4 or from 1e16 (`1e-05`).
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits.
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa!.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${pad(Math.abs(e), 2)}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}
