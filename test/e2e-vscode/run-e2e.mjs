// End-to-end test of the WhisperX extension in a real editor (run by scripts/e2e-vscode.sh):
// installs the .vsix into code-server, opens a workspace holding jfk.wav, and drives Debian's
// chromium with playwright-core through the command palette, checking the files written.
//
//   node test/e2e-vscode/run-e2e.mjs --code-server BIN --vsix FILE --kit DIR [--chromium /usr/bin/chromium]
//
// Prints one line per check and finally "e2e-vscode: N passed, N failed"; exits 1 on failure.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// playwright-core is a devDependency of packages/vscode (pnpm does not hoist it to the root).
const vscodePackage = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/vscode/package.json');
const { chromium } = createRequire(vscodePackage)('playwright-core');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  console.error(`missing --${name}`);
  process.exit(2);
}
const CODE_SERVER = arg('code-server');
const VSIX = path.resolve(arg('vsix'));
const KIT = path.resolve(arg('kit'));
const CHROMIUM = arg('chromium', '/usr/bin/chromium');
const KEEP = process.env.E2E_KEEP === '1';
const TRANSCRIBE_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 120_000);

const root = mkdtempSync(path.join(os.tmpdir(), 'whisperx-e2e-'));
const workspace = path.join(root, 'workspace');
const userData = path.join(root, 'user-data');
const extensions = path.join(root, 'extensions');
const workerTmp = path.join(root, 'worker-tmp'); // TMPDIR of the editor: the worker's temp folders go here
for (const d of [workspace, path.join(userData, 'User'), extensions, workerTmp, path.join(workspace, '.vscode')]) {
  mkdirSync(d, { recursive: true });
}
copyFileSync(path.join(KIT, 'audio/jfk.wav'), path.join(workspace, 'jfk.wav'));
writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\nThe speech is in jfk.wav.\n');
writeFileSync(
  path.join(userData, 'User/settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
  }),
);
writeFileSync(
  path.join(workspace, '.vscode/settings.json'),
  JSON.stringify({
    'whisperx.model': path.join(KIT, 'whisper-mini'),
    'whisperx.align': false,
    'whisperx.offline': true,
    'whisperx.openAfter': 'editor',
  }),
);

/** `times` copies of a PCM WAV's samples back to back (a longer recording to cancel midway). */
function repeatWav(src, dest, times) {
  const wav = readFileSync(src);
  let at = 12;
  let fmt;
  let data;
  while (at + 8 <= wav.length) {
    const id = wav.toString('ascii', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    if (id === 'fmt ') fmt = wav.subarray(at, at + 8 + size);
    if (id === 'data') data = wav.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  if (!fmt || !data) throw new Error(`${src}: not a PCM WAV`);
  const body = Buffer.concat(Array.from({ length: times }, () => data));
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(4 + fmt.length + 8 + body.length, 4);
  head.write('WAVE', 8, 'ascii');
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'ascii');
  dataHead.writeUInt32LE(body.length, 4);
  writeFileSync(dest, Buffer.concat([head, fmt, dataHead, body]));
}
repeatWav(path.join(KIT, 'audio/jfk.wav'), path.join(workspace, 'long-talk.wav'), 12);

const results = [];
let page; // the browser page, once open (for screenshots of failures)
const shotsDir = process.env.E2E_SCREENSHOTS ? path.resolve(process.env.E2E_SCREENSHOTS) : undefined;
const log = (line) => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${line}`);
async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    log(`PASS ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (page && shotsDir) {
      mkdirSync(shotsDir, { recursive: true });
      const shot = path.join(shotsDir, `fail-${results.length}.png`);
      await page.screenshot({ path: shot }).then(
        () => log(`screenshot: ${shot}`),
        () => undefined,
      );
    }
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(predicate, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return;
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The Markdown transcript's structure as the core writer produces it (title, metadata, stamped paragraphs). */
function checkTranscript(text) {
  const lines = text.split('\n');
  assert(lines[0] === '# jfk.wav', `title line is "${lines[0]}", expected "# jfk.wav"`);
  for (const row of ['- **File:** jfk.wav', '- **Duration:** 00:00:11', `- **Model:** `, '- **Language:** ']) {
    assert(
      lines.some((l) => l.startsWith(row)),
      `no metadata line starting with "${row}"`,
    );
  }
  const stamp = lines.findIndex((l) => /^\[\d\d:\d\d:\d\d\]\\$/.test(l));
  assert(stamp > 0, 'no paragraph headed by a [hh:mm:ss] timestamp');
  assert((lines[stamp + 1] ?? '').trim().length > 0, 'the first paragraph has no text');
  assert(text.endsWith('\n'), 'file does not end with a newline');
}

let server;
let browser;
const serverLog = [];
try {
  log(`install ${path.basename(VSIX)} into code-server`);
  const install = spawnSync(
    CODE_SERVER,
    ['--install-extension', VSIX, '--extensions-dir', extensions, '--user-data-dir', userData],
    { encoding: 'utf8', timeout: 120_000 },
  );
  await check('the .vsix installs into code-server', async () => {
    assert(install.status === 0, `exit ${install.status}: ${install.stderr || install.stdout}`);
    const installed = readdirSync(extensions).filter((d) => d.startsWith('whisperx-ts.whisperx-vscode'));
    assert(installed.length === 1, `extensions folder holds ${readdirSync(extensions).join(', ')}`);
  });

  const port = await freePort();
  server = spawn(
    CODE_SERVER,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      workspace,
    ],
    // detached: its own process group, so the editor's helpers (language servers) end with it.
    { env: { ...process.env, TMPDIR: workerTmp }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  server.stdout.on('data', (d) => serverLog.push(String(d)));
  server.stderr.on('data', (d) => serverLog.push(String(d)));
  await waitFor(
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
    'code-server to listen',
  );
  log(`code-server on port ${port}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'jfk.wav' }).waitFor({ timeout: 60_000 });
  await sleep(1000); // let the workbench finish restoring before keyboard input

  async function runCommand(title) {
    // The palette can lose focus (and close) when an editor opens just then: retry. Enter only
    // once the filtered list has the command highlighted (recently used rows come first).
    for (let attempt = 1; ; attempt++) {
      try {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`, { timeout: 5_000 });
        await page
          .locator('.quick-input-list .monaco-list-row.focused', { hasText: title })
          .first()
          .waitFor({ timeout: 10_000 });
        await page.keyboard.press('Enter');
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        await page.keyboard.press('Escape');
        await sleep(1000);
      }
    }
  }
  async function pickMedia(name) {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: 10_000 });
    await page.locator('.quick-input-widget input').fill(name);
    // Wait for the filter to leave only this file, so the keys below act on it.
    await waitFor(
      async () => (await page.locator('.quick-input-list .monaco-list-row').count()) === 1,
      10_000,
      `the pick filtered to ${name}`,
    );
    // Tick the file (arrow into the list, Space), then Enter.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.locator('.quick-input-widget', { hasText: '1 Selected' }).waitFor({ timeout: 5_000 });
    await page.keyboard.press('Enter');
  }
  /**
   * Run a command and pick a media file in its quick pick. An editor opening just then (the
   * previous transcript) can steal focus and close the pick: start over, up to 3 times.
   */
  async function runAndPick(title, name) {
    for (let attempt = 1; ; attempt++) {
      try {
        await runCommand(title);
        await pickMedia(name);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        log(`retrying "${title}" (attempt ${attempt} failed: ${String(error.message ?? error).split('\n')[0]})`);
        await page.keyboard.press('Escape');
        await sleep(1500);
      }
    }
  }
  const tabVisible = (name) => page.locator('.tabs-container .tab', { hasText: name }).first().isVisible();

  const transcript = path.join(workspace, 'jfk.transcript.md');
  await check('palette command transcribes jfk.wav into jfk.transcript.md (title, metadata, timestamps)', async () => {
    await runAndPick('WhisperX: Transcribe Media to Markdown', 'jfk.wav');
    await waitFor(() => existsSync(transcript), TRANSCRIBE_TIMEOUT_MS, 'jfk.transcript.md');
    const text = readFileSync(transcript, 'utf8');
    log(
      `transcript head:\n${text
        .split('\n')
        .slice(0, 8)
        .map((l) => `    ${l.slice(0, 100)}`)
        .join('\n')}`,
    );
    checkTranscript(text);
  });

  await check('the transcript opens in an editor', async () => {
    await waitFor(() => tabVisible('jfk.transcript.md'), 20_000, 'an editor tab for jfk.transcript.md');
  });

  await check('no temporary output is left behind', async () => {
    await sleep(500);
    const left = readdirSync(workerTmp).filter((d) => d.startsWith('whisperx-vscode-'));
    assert(left.length === 0, `left in TMPDIR: ${left.join(', ')}`);
    const stray = readdirSync(workspace).filter((f) => f.endsWith('.tmp'));
    assert(stray.length === 0, `stray files in the workspace: ${stray.join(', ')}`);
  });

  await check('an existing transcript is not overwritten: Keep Both writes "jfk.transcript (2).md"', async () => {
    const before = statSync(transcript).mtimeMs;
    const original = readFileSync(transcript, 'utf8');
    await runAndPick('WhisperX: Transcribe Media to Markdown', 'jfk.wav');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    const message = await dialog.innerText();
    assert(/jfk\.transcript\.md/.test(message) && /already exists/.test(message), `dialog says: ${message}`);
    await dialog.locator('.monaco-button', { hasText: 'Keep Both' }).click();
    const second = path.join(workspace, 'jfk.transcript (2).md');
    await waitFor(() => existsSync(second), TRANSCRIBE_TIMEOUT_MS, '"jfk.transcript (2).md"');
    checkTranscript(readFileSync(second, 'utf8'));
    // Let the new transcript's editor open before the next command takes the keyboard.
    await waitFor(() => tabVisible('jfk.transcript (2).md'), 20_000, 'an editor tab for "jfk.transcript (2).md"');
    await sleep(1000);
    assert(
      statSync(transcript).mtimeMs === before && readFileSync(transcript, 'utf8') === original,
      'the first transcript changed',
    );
  });

  await check('"Transcribe Media to Subtitles" writes jfk.srt and jfk.vtt', async () => {
    await runAndPick('WhisperX: Transcribe Media to Subtitles', 'jfk.wav');
    const srt = path.join(workspace, 'jfk.srt');
    const vtt = path.join(workspace, 'jfk.vtt');
    await waitFor(() => existsSync(srt) && existsSync(vtt), TRANSCRIBE_TIMEOUT_MS, 'jfk.srt and jfk.vtt');
    const srtText = readFileSync(srt, 'utf8');
    const vttText = readFileSync(vtt, 'utf8');
    assert(
      /^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\r?\n\S/.test(srtText),
      `srt starts: ${srtText.slice(0, 80)}`,
    );
    assert(
      /^WEBVTT/.test(vttText) && /\d\d:\d\d\.\d{3} --> \d\d:\d\d\.\d{3}/.test(vttText),
      `vtt starts: ${vttText.slice(0, 80)}`,
    );
  });

  await check('Cancel in the progress notification stops the run and leaves no file', async () => {
    await runAndPick('WhisperX: Transcribe Media to Markdown', 'long-talk.wav');
    const toast = page.locator('.notification-toast', { hasText: 'WhisperX' });
    await toast.waitFor({ timeout: 20_000 });
    await page
      .locator('.notification-toast', { hasText: /long-talk\.wav: (Loading|Decoding|Finding|Transcribing)/ })
      .waitFor({ timeout: 30_000 });
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await page
      .locator('.notification-toast', { hasText: 'cancelled; nothing was written' })
      .waitFor({ timeout: 10_000 });
    await sleep(1000);
    assert(!existsSync(path.join(workspace, 'long-talk.transcript.md')), 'long-talk.transcript.md was written');
    const left = readdirSync(workerTmp).filter((d) => d.startsWith('whisperx-vscode-'));
    assert(left.length === 0, `left in TMPDIR: ${left.join(', ')}`);
  });
} catch (error) {
  results.push({ name: 'harness', ok: false });
  log(`FAIL harness: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  if (results.some((r) => !r.ok)) {
    console.log(`--- code-server output (last 40 lines) ---\n${serverLog.join('').split('\n').slice(-40).join('\n')}`);
  }
  await browser?.close().catch(() => undefined);
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM'); // the whole group: code-server and its children
    } catch {
      server.kill('SIGTERM');
    }
  }
  if (KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e-vscode: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
