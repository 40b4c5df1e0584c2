/**
 * The prompt lists of Debian's asterisk-core-sounds-XX packages (core-sounds-XX.txt), read for
 * `pnpm eval:data` (scripts/eval-data.mjs). Kept apart so the rules are unit-tested
 * (test/eval/prompt-list.test.ts) without the Debian packages.
 */

/**
 * Name -> reference text of every spoken prompt in a core-sounds-XX.txt. A line is `name: text`
 * (lines starting with `;`, `:` or blank space are comments); bracketed descriptions (`[tone]`) are
 * removed, and a prompt whose text has no letter left is not speech and is left out. `has(name)`
 * says whether the prompt's audio exists (default: all do). A name listed twice with different
 * texts (core-sounds-es.txt: digits/0 as "cero" and "diez") has no trustworthy reference and is left
 * out; the same text twice is kept once.
 * @param {string} text the whole file, decompressed
 * @param {(name: string) => boolean} [has]
 * @returns {Map<string, string>}
 */
export function parsePromptList(text, has = () => true) {
  const texts = new Map();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([^;:\s][^:]*):\s*(.*)$/.exec(line);
    if (!m) continue;
    const spoken = m[2].replace(/\[[^\]]*\]/g, '').trim();
    if (!/\p{L}/u.test(spoken)) continue; // tone descriptions, empty texts
    const name = m[1].trim();
    if (!has(name)) continue;
    texts.set(name, texts.has(name) && texts.get(name) !== spoken ? null : spoken);
  }
  for (const [name, spoken] of texts) if (spoken === null) texts.delete(name);
  return texts;
}

/**
 * n rows evenly spread over `rows` (all of them when there are no more than n), in order.
 * @template T
 * @param {T[]} rows
 * @param {number} n
 * @returns {T[]}
 */
export function spread(rows, n) {
  if (rows.length <= n) return rows;
  return Array.from({ length: n }, (_, i) => rows[Math.floor((i * rows.length) / n)]);
}
