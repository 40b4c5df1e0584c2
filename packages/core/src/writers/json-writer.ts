/**
 * json: the WhisperX result written as WhisperX's `json.dump(result, f, ensure_ascii=False)`
 * writes it: one line, `", "` and `": "` separators, UTF-8 text unescaped, numbers as Python
 * floats (`1.0`), no trailing newline. Keys: segments, word_segments (when present), language,
 * speaker_embeddings (when present), then any other key of the result; inner objects keep
 * their own key order; undefined fields are left out. A non-finite number is written as null
 * (Python would write NaN, which is not JSON).
 */
import type { TranscriptResult } from '../transcript.js';
import { pythonFloatRepr } from './time-format.js';

const TOP_LEVEL_ORDER = ['segments', 'word_segments', 'language', 'speaker_embeddings'];

function serialize(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? pythonFloatRepr(value) : 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value))
    return `[${value.map((item) => serialize(typeof item === 'function' ? null : item)).join(', ')}]`;
  if (ArrayBuffer.isView(value)) return serialize(Array.from(value as unknown as ArrayLike<number>));
  if (typeof value === 'object') return serializeEntries(Object.entries(value as Record<string, unknown>));
  return 'null';
}

function serializeEntries(entries: [string, unknown][]): string {
  const fields = entries
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .map(([k, v]) => `${JSON.stringify(k)}: ${serialize(v)}`);
  return `{${fields.join(', ')}}`;
}

export function formatJson(result: TranscriptResult): string {
  const record = result as unknown as Record<string, unknown>;
  const known = TOP_LEVEL_ORDER.filter((k) => k in record).map((k): [string, unknown] => [k, record[k]]);
  const others = Object.entries(record).filter(([k]) => !TOP_LEVEL_ORDER.includes(k));
  return serializeEntries([...known, ...others]);
}
