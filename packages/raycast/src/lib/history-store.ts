/**
 * Recent transcripts, kept in a key-value store (Raycast's LocalStorage in the extension, a
 * Map in tests) under one key as a JSON array, newest first, capped at `limit` entries.
 */
import type { SaveFormat, TranscribeSettings } from "./settings.js";

/** What is remembered of one transcription. */
export interface HistoryEntry {
  /** Unique id (time + random). */
  id: string;
  /** ISO time of the transcription. */
  createdAt: string;
  /** The media file's path. */
  file: string;
  /** Markdown transcript. */
  markdown: string;
  /** srt, vtt and txt text, for Save from the history. */
  formats: Record<SaveFormat, string>;
  language: string;
  /** Seconds of audio. */
  duration: number;
  speakers: string[];
  settings: TranscribeSettings;
}

/** The slice of Raycast's LocalStorage this store needs. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | number | boolean | undefined>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface HistoryStoreOptions {
  /** Entries kept; older ones are dropped. Default 20. */
  limit?: number;
  /** Storage key. Default "transcription-history.v1". */
  key?: string;
  /** Clock, for ids and createdAt. Default () => new Date(). */
  now?: () => Date;
}

export interface HistoryStore {
  /** Newest first. */
  list(): Promise<HistoryEntry[]>;
  /** Adds an entry at the front, drops the oldest past the limit, and returns it. */
  add(entry: Omit<HistoryEntry, "id" | "createdAt">): Promise<HistoryEntry>;
  /** Removes one entry; true when it was there. */
  remove(id: string): Promise<boolean>;
  clear(): Promise<void>;
}

function isEntry(value: unknown): value is HistoryEntry {
  const e = value as Partial<HistoryEntry> | null;
  return !!e && typeof e.id === "string" && typeof e.file === "string" && typeof e.markdown === "string";
}

export function createHistoryStore(storage: KeyValueStorage, options: HistoryStoreOptions = {}): HistoryStore {
  const limit = options.limit ?? 20;
  const key = options.key ?? "transcription-history.v1";
  const now = options.now ?? (() => new Date());
  // Read-modify-write calls run one after another, so two quick adds never lose one.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<HistoryEntry[]> {
    const raw = await storage.getItem(key);
    if (typeof raw !== "string") return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      return []; // a damaged value starts a fresh history rather than breaking the command
    }
  }

  const write = (entries: HistoryEntry[]) => storage.setItem(key, JSON.stringify(entries));

  return {
    list: () => serial(read),
    add: (entry) =>
      serial(async () => {
        const at = now();
        const full: HistoryEntry = {
          ...entry,
          id: `${at.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
          createdAt: at.toISOString(),
        };
        await write([full, ...(await read())].slice(0, limit));
        return full;
      }),
    remove: (id) =>
      serial(async () => {
        const entries = await read();
        const kept = entries.filter((e) => e.id !== id);
        if (kept.length === entries.length) return false;
        await write(kept);
        return true;
      }),
    clear: () => serial(() => storage.removeItem(key)),
  };
}

/** Entries matching every word of the query in the file name, language, model or transcript. */
export function filterHistory(entries: readonly HistoryEntry[], query: string): HistoryEntry[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...entries];
  return entries.filter((e) => {
    const haystack = [e.file, e.language, e.settings.model, e.speakers.join(" "), e.formats.txt || e.markdown]
      .join("\n")
      .toLowerCase();
    return terms.every((t) => haystack.includes(t));
  });
}
