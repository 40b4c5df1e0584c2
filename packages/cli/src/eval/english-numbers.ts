/**
 * Spelled-out English numbers -> digits, with the behaviour of Whisper's English evaluation
 * normaliser (written here as a small state machine): "twenty one" -> "21", "one hundred and
 * five" -> "105", "two point five" -> "2.5", "nineteen eighties" -> "1980s", "one oh one" -> "101"
 * (successive digits are nominal), "twenty second" -> "22nd", "five dollars" -> "$5",
 * "ten percent" -> "10%", "double five" -> "55", and "1"/"1s" written back as "one"/"ones".
 */

const ZEROS = new Set(['o', 'oh', 'zero']);
const ONE_WORDS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const ONES = new Map(ONE_WORDS.map((w, i) => [w, i + 1]));
const TENS = new Map(
  ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i) => [w, 20 + 10 * i]),
);
const MULTIPLIERS = new Map<string, number>([
  ['hundred', 1e2],
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
]);

/** Words with a suffix: value and suffix ("sixes" 6 s, "third" 3 rd, "twenties" 20 s, "hundredth" 100 th). */
const ONES_SUFFIXED = new Map<string, [number, string]>();
for (const [w, v] of ONES) ONES_SUFFIXED.set(w === 'six' ? 'sixes' : `${w}s`, [v, 's']);
for (const [w, v] of Object.entries({ zeroth: 0, first: 1, second: 2, third: 3, fifth: 5, twelfth: 12 }))
  ONES_SUFFIXED.set(w, [v, w === 'first' ? 'st' : w === 'second' ? 'nd' : w === 'third' ? 'rd' : 'th']);
for (const [w, v] of ONES)
  if (v > 3 && v !== 5 && v !== 12) ONES_SUFFIXED.set(w.endsWith('t') ? `${w}h` : `${w}th`, [v, 'th']);
const TENS_SUFFIXED = new Map<string, [number, string]>();
for (const [w, v] of TENS) {
  TENS_SUFFIXED.set(w.replace('y', 'ies'), [v, 's']);
  TENS_SUFFIXED.set(w.replace('y', 'ieth'), [v, 'th']);
}
const MULTIPLIERS_SUFFIXED = new Map<string, [number, string]>();
for (const [w, v] of MULTIPLIERS) {
  MULTIPLIERS_SUFFIXED.set(`${w}s`, [v, 's']);
  MULTIPLIERS_SUFFIXED.set(`${w}th`, [v, 'th']);
}
const PRECEDING = new Map([
  ['minus', '-'],
  ['negative', '-'],
  ['plus', '+'],
  ['positive', '+'],
]);
const FOLLOWING = new Map([
  ['pound', '£'],
  ['pounds', '£'],
  ['euro', '€'],
  ['euros', '€'],
  ['dollar', '$'],
  ['dollars', '$'],
  ['cent', '¢'],
  ['cents', '¢'],
]);
const PREFIX_CHARS = new Set([...PRECEDING.values(), ...FOLLOWING.values()]);
const SPECIALS = new Set(['and', 'double', 'triple', 'point']);
const DECIMAL_WORDS = new Set([...ONES.keys(), ...TENS.keys(), ...ZEROS]);
const NUMBER_WORDS = new Set<string>([
  ...ZEROS,
  ...ONES.keys(),
  ...ONES_SUFFIXED.keys(),
  ...TENS.keys(),
  ...TENS_SUFFIXED.keys(),
  ...MULTIPLIERS.keys(),
  ...MULTIPLIERS_SUFFIXED.keys(),
  ...PRECEDING.keys(),
  ...FOLLOWING.keys(),
  'per',
  'percent',
  ...SPECIALS,
]);
const NUMERIC = /^\d+(\.\d+)?$/;

/** A decimal string times a power of ten, when the product is a whole number. */
function scaleDecimal(value: string, multiplier: number): number | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m) return undefined;
  const zeros = Math.round(Math.log10(multiplier));
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > zeros) return undefined;
  return Number(`${m[1] || '0'}${frac.padEnd(zeros, '0')}`);
}

type Value = number | string | null;

/** The digit-joining state machine over words (Whisper's process_words behaviour). */
function* numberWords(words: readonly string[]): Generator<string> {
  let value: Value = null;
  let prefix: string | null = null;
  const out = (result: number | string): string => {
    const s = (prefix ?? '') + String(result);
    value = null;
    prefix = null;
    return s;
  };
  /** value followed by digits: added where the place is free, else written after it. */
  const join = (current: number | string, add: number, freeModulo: number): number | string =>
    typeof current === 'number' && current % freeModulo === 0 ? current + add : `${current}${add}`;

  for (let i = 0; i < words.length; i++) {
    const prev = i > 0 ? words[i - 1] : undefined;
    const current = words[i];
    const next = words[i + 1];
    const nextIsNumeric = next !== undefined && NUMERIC.test(next);
    const hasPrefix = PREFIX_CHARS.has(current[0]);
    const bare = hasPrefix ? current.slice(1) : current;
    if (NUMERIC.test(bare)) {
      if (value !== null) {
        if (typeof value === 'string' && value.endsWith('.')) {
          value = `${value}${current}`; // decimals / address parts
          continue;
        }
        yield out(value);
      }
      prefix = hasPrefix ? current[0] : prefix;
      value = /^\d+$/.test(bare) ? Number(bare) : bare;
    } else if (!NUMBER_WORDS.has(current)) {
      if (value !== null) yield out(value);
      yield out(current);
    } else if (ZEROS.has(current)) {
      value = `${value ?? ''}0`;
    } else if (ONES.has(current) || ONES_SUFFIXED.has(current)) {
      const [ones, suffix] = ONES.has(current) ? [ONES.get(current)!, null] : ONES_SUFFIXED.get(current)!;
      let v: number | string;
      if (value === null) v = ones;
      else if (typeof value === 'string' || (prev !== undefined && ONES.has(prev))) {
        const s: string = String(value);
        v = prev !== undefined && TENS.has(prev) && ones < 10 ? `${s.slice(0, -1)}${ones}` : `${s}${ones}`;
      } else v = join(value, ones, ones < 10 ? 10 : 100);
      if (suffix === null) value = v;
      else {
        // suffixed numbers end here
        yield out(`${typeof v === 'number' ? v : v}${suffix}`);
      }
    } else if (TENS.has(current) || TENS_SUFFIXED.has(current)) {
      const [tens, suffix] = TENS.has(current) ? [TENS.get(current)!, null] : TENS_SUFFIXED.get(current)!;
      const v: number | string =
        value === null ? tens : typeof value === 'string' ? `${value}${tens}` : join(value, tens, 100);
      if (suffix === null) value = v;
      else yield out(`${v}${suffix}`);
    } else if (MULTIPLIERS.has(current) || MULTIPLIERS_SUFFIXED.has(current)) {
      const [mult, suffix] = MULTIPLIERS.has(current)
        ? [MULTIPLIERS.get(current)!, null]
        : MULTIPLIERS_SUFFIXED.get(current)!;
      if (value === null) {
        if (suffix === null) value = mult;
        else yield out(`${mult}${suffix}`);
      } else if (typeof value === 'string' || value === 0) {
        const scaled: number | undefined = scaleDecimal(String(value), mult);
        if (scaled !== undefined) {
          if (suffix === null) value = scaled;
          else yield out(`${scaled}${suffix}`);
        } else {
          yield out(value);
          if (suffix === null) value = mult;
          else yield out(`${mult}${suffix}`);
        }
      } else {
        const whole: number = value;
        const scaled: number = Math.floor(whole / 1000) * 1000 + (whole % 1000) * mult;
        if (suffix === null) value = scaled;
        else yield out(`${scaled}${suffix}`);
      }
    } else if (PRECEDING.has(current)) {
      if (value !== null) yield out(value);
      if ((next !== undefined && NUMBER_WORDS.has(next)) || nextIsNumeric) prefix = PRECEDING.get(current)!;
      else yield out(current);
    } else if (FOLLOWING.has(current)) {
      if (value !== null) {
        prefix = FOLLOWING.get(current)!;
        yield out(value);
      } else yield out(current);
    } else if (current === 'percent' || current === 'per') {
      if (value === null) yield out(current);
      else if (current === 'percent') yield out(`${value}%`);
      else if (next === 'cent') {
        yield out(`${value}%`);
        i += 1;
      } else {
        yield out(value);
        yield out(current);
      }
    } else {
      // and / double / triple / point
      if (!((next !== undefined && NUMBER_WORDS.has(next)) || nextIsNumeric)) {
        if (value !== null) yield out(value);
        yield out(current);
      } else if (current === 'and') {
        if (prev === undefined || !MULTIPLIERS.has(prev)) {
          if (value !== null) yield out(value);
          yield out(current);
        }
      } else if (current === 'double' || current === 'triple') {
        if (next !== undefined && (ONES.has(next) || ZEROS.has(next))) {
          const digit = String(ONES.get(next) ?? 0);
          value = `${value ?? ''}${digit.repeat(current === 'double' ? 2 : 3)}`;
          i += 1;
        } else {
          if (value !== null) yield out(value);
          yield out(current);
        }
      } else if (next !== undefined && (DECIMAL_WORDS.has(next) || nextIsNumeric)) {
        value = `${value ?? ''}.`; // point
      }
    }
  }
  if (value !== null) yield out(value);
}

/** Spelled numbers in a lower-case, space-separated text -> digits (the whole step, pre and post). */
export function normalizeEnglishNumbers(text: string): string {
  // "<number> and a half" -> "<number> point five"
  const segments = text.split(/\band\s+a\s+half\b/);
  const parts: string[] = [];
  segments.forEach((segment, i) => {
    if (segment.trim() === '') return;
    parts.push(segment);
    if (i === segments.length - 1) return;
    const last = segment.trim().split(/\s+/).pop() ?? '';
    parts.push(DECIMAL_WORDS.has(last) || MULTIPLIERS.has(last) ? 'point five' : 'and a half');
  });
  let s = parts.join(' ');
  s = s.replace(/([a-z])([0-9])/g, '$1 $2').replace(/([0-9])([a-z])/g, '$1 $2');
  s = s.replace(/([0-9])\s+(st|nd|rd|th|s)\b/g, '$1$2');
  s = [...numberWords(s.split(/\s+/).filter((w) => w !== ''))].join(' ');
  // "$2 and ¢7" -> "$2.07"; "$0.07" -> "¢7"
  s = s.replace(
    /([€£$])([0-9]+) (?:and )?¢([0-9]{1,2})\b/g,
    (_, c: string, n: string, cents: string) => `${c}${n}.${cents.padStart(2, '0')}`,
  );
  s = s.replace(/[€£$]0.([0-9]{1,2})\b/g, (_, cents: string) => `¢${Number(cents)}`);
  return s.replace(/\b1(s?)\b/g, 'one$1');
}
