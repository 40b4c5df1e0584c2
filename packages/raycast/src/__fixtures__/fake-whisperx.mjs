#!/usr/bin/env node
// A stand-in for the whisperx CLI in tests: parses the flags the extension passes, speaks the
// `--progress jsonl` protocol on stderr and writes md/srt/vtt/txt/json files like the CLI.
// FAKE_WHISPERX_MODE picks the behaviour:
//   ok (default)  progress for each stage, writes outputs, file-done, exit 0
//   error         an error event (kind "model"), exit 1
//   usage         an error event (kind "usage"), exit 2
//   crash         a stack trace as plain text, exit 1, no error event
//   no-md         exit 0 without writing the .md
//   hang          progress, starts a sleeping grandchild, then waits for a signal
//   stubborn      like hang but ignores SIGTERM (needs SIGKILL)
// FAKE_WHISPERX_RECORD: a file to which { argv, hfToken } is written.
// FAKE_WHISPERX_PIDFILE: a file to which { pid, grandchild } is written once running.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";

const argv = process.argv.slice(2);
const mode = process.env.FAKE_WHISPERX_MODE ?? "ok";
const emit = (o) => process.stderr.write(`${JSON.stringify(o)}\n`);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

if (process.env.FAKE_WHISPERX_RECORD) {
  writeFileSync(process.env.FAKE_WHISPERX_RECORD, JSON.stringify({ argv, hfToken: process.env.HF_TOKEN ?? null }));
}

const file = argv[0];
const outDir = flag("--output_dir");
const diarize = argv.includes("--diarize");
const language = flag("--language") ?? "en";

if (mode === "usage") {
  emit({
    type: "error",
    message: '--model: unknown model "nope" (use tiny ... large-v3-turbo)',
    kind: "usage",
    exitCode: 2,
  });
  process.exit(2);
}
if (mode === "error") {
  emit({ type: "progress", stage: "load", progress: 0 });
  emit({
    type: "error",
    message: `${basename(file)}: could not decode audio (install ffmpeg)`,
    kind: "input",
    exitCode: 1,
  });
  process.exit(1);
}
if (mode === "crash") {
  process.stderr.write("TypeError: Cannot read properties of undefined\n    at main (bin.js:1:1)\n");
  process.exit(1);
}

if (mode === "hang" || mode === "stubborn") {
  if (mode === "stubborn") process.on("SIGTERM", () => emit({ type: "log", message: "ignoring SIGTERM" }));
  const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  emit({ type: "progress", stage: "decode", progress: 0.05, etaSeconds: 100 });
  if (process.env.FAKE_WHISPERX_PIDFILE) {
    writeFileSync(process.env.FAKE_WHISPERX_PIDFILE, JSON.stringify({ pid: process.pid, grandchild: grandchild.pid }));
  }
  setInterval(() => emit({ type: "log", message: "still working" }), 200);
} else {
  // ok / no-md: stages, with one JSON line split across two writes to test line reassembly
  const stages = ["load", "decode", "vad", "asr", "align", ...(diarize ? ["diarize"] : [])];
  stages.forEach((stage, i) => emit({ type: "progress", stage, progress: i / stages.length, etaSeconds: 10 - i }));
  const split = JSON.stringify({ type: "progress", stage: stages.at(-1), progress: 1 });
  process.stderr.write(split.slice(0, 10));
  process.stderr.write(`${split.slice(10)}\n`);
  emit({ type: "log", message: "a log line" });
  process.stderr.write("(node:1) ExperimentalWarning: plain text on stderr\n");
  emit({ type: "segment", file, start: 0, end: 1.5, text: " Hello there." });

  mkdirSync(outDir, { recursive: true });
  const stem = basename(file, extname(file));
  const speaker = diarize ? "SPEAKER_00" : undefined;
  const segments = [
    { start: 0, end: 1.5, text: " Hello there.", ...(speaker ? { speaker } : {}) },
    { start: 1.5, end: 3, text: ` From ${basename(file)}.`, ...(diarize ? { speaker: "SPEAKER_01" } : {}) },
  ];
  const outputs = {
    md: `# ${stem}\n\n**[0:00]** Hello there.\n\n**[0:01]** From ${basename(file)}.\n`,
    srt: `1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n2\n00:00:01,500 --> 00:00:03,000\nFrom ${basename(file)}.\n`,
    vtt: `WEBVTT\n\n00:00.000 --> 00:01.500\nHello there.\n\n00:01.500 --> 00:03.000\nFrom ${basename(file)}.\n`,
    txt: `Hello there.\nFrom ${basename(file)}.\n`,
    json: JSON.stringify({ language, segments }),
  };
  const written = [];
  for (const [format, text] of Object.entries(outputs)) {
    if (mode === "no-md" && format === "md") continue;
    const path = join(outDir, `${stem}.${format}`);
    writeFileSync(path, text);
    written.push(path);
  }
  emit({ type: "file-done", file, outputs: written, language, duration: 3 });
  process.exit(0);
}
