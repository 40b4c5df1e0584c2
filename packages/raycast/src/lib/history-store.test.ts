import { LocalStorage } from "@raycast/api";
import { beforeEach, describe, expect, it } from "vitest";
import { mockRaycast } from "../__mocks__/raycast-api.js";
import { createHistoryStore, filterHistory, type HistoryEntry } from "./history-store.js";
import { DEFAULT_SETTINGS } from "./settings.js";

function entry(n: number, text = `transcript ${n}`): Omit<HistoryEntry, "id" | "createdAt"> {
  return {
    file: `/media/clip-${n}.mp3`,
    markdown: `# clip ${n}\n\n${text}`,
    formats: { md: `# clip ${n}`, srt: "", vtt: "", txt: text },
    language: n % 2 ? "en" : "de",
    duration: n,
    speakers: n === 3 ? ["SPEAKER_00"] : [],
    settings: DEFAULT_SETTINGS,
  };
}

beforeEach(() => mockRaycast.reset());

describe("history store on LocalStorage", () => {
  it("adds, lists newest first and persists across store instances", async () => {
    let t = 0;
    const store = createHistoryStore(LocalStorage, { now: () => new Date(1_700_000_000_000 + t++ * 1000) });
    const first = await store.add(entry(1));
    await store.add(entry(2));
    const listed = await createHistoryStore(LocalStorage).list();
    expect(listed.map((e) => e.file)).toEqual(["/media/clip-2.mp3", "/media/clip-1.mp3"]);
    expect(listed[1]).toEqual(first);
    expect(first.createdAt).toBe(new Date(1_700_000_000_000).toISOString());
  });

  it("keeps only the last 20 (or the configured limit), even with concurrent adds", async () => {
    const store = createHistoryStore(LocalStorage);
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.add(entry(i))));
    const listed = await store.list();
    expect(listed).toHaveLength(20);
    expect(listed[0].file).toBe("/media/clip-24.mp3");
    expect(listed.at(-1)?.file).toBe("/media/clip-5.mp3");
    const small = createHistoryStore(LocalStorage, { limit: 3, key: "other" });
    for (let i = 0; i < 5; i++) await small.add(entry(i));
    expect((await small.list()).map((e) => e.duration)).toEqual([4, 3, 2]);
  });

  it("deletes one entry and clears all", async () => {
    const store = createHistoryStore(LocalStorage);
    const a = await store.add(entry(1));
    const b = await store.add(entry(2));
    expect(await store.remove(a.id)).toBe(true);
    expect(await store.remove(a.id)).toBe(false);
    expect((await store.list()).map((e) => e.id)).toEqual([b.id]);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it("starts fresh when the stored value is damaged", async () => {
    await LocalStorage.setItem("transcription-history.v1", "{not json");
    const store = createHistoryStore(LocalStorage);
    expect(await store.list()).toEqual([]);
    await store.add(entry(1));
    expect(await store.list()).toHaveLength(1);
  });
});

describe("filterHistory", () => {
  it("matches every term in file name, language, model, speakers or text", async () => {
    const store = createHistoryStore(LocalStorage);
    await store.add(entry(1, "the quarterly budget"));
    await store.add(entry(2, "Guten Morgen"));
    await store.add(entry(3, "budget review"));
    const all = await store.list();
    expect(filterHistory(all, "").length).toBe(3);
    expect(filterHistory(all, "BUDGET").map((e) => e.duration)).toEqual([3, 1]);
    expect(filterHistory(all, "budget speaker_00").map((e) => e.duration)).toEqual([3]);
    expect(filterHistory(all, "clip-2 de").map((e) => e.duration)).toEqual([2]);
    expect(filterHistory(all, "nothing-like-this")).toEqual([]);
  });
});
