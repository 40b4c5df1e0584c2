/**
 * Plain-text tables of the ASR matrix (--suite asr) and of the diarization case, printed by run.mjs
 * after the JSON lines.
 */

const num = (x, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '-');
const pct = (v, total) => (typeof v === 'number' ? `${((100 * v) / total).toFixed(1)}%` : '-');

function print(lines) {
  const w = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines) console.log(l.map((c, i) => c.padEnd(w[i])).join('  '));
}

/** One row per (model, backend, batch, word timing) run, skipped runs with their reason. */
export function printAsrMatrix(rows) {
  const lines = [
    ['case', 'executor', 'x realtime', 'tokens/s', 'vad', 'encoder', 'decoder', 'align', 'words', 'peak RSS MB'],
  ];
  for (const r of rows) {
    if (r.skipped) {
      lines.push([r.case, `skipped: ${r.skipped}`, '', '', '', '', '', '', '', '']);
      continue;
    }
    if (r.xRealtime === undefined) continue;
    const s = r.stages ?? {};
    lines.push([
      r.case,
      String(r.executor ?? r.backend ?? '-'),
      num(r.xRealtime),
      num(r.tokensPerSecond),
      pct(s.vad, r.seconds),
      pct(s.encoder, r.seconds),
      pct(s.decoder, r.seconds),
      pct(s.align, r.seconds),
      String(r.words ?? '-'),
      String(r.peakRssMb),
    ]);
  }
  print(lines);
}

/** Diarization runs: x realtime overall and per stage, embedding load, peak RSS. */
export function printDiarize(rows) {
  const d = rows.filter((r) => r.system?.endsWith('diarization'));
  if (d.length === 0) return;
  const lines = [
    [
      'case',
      'x realtime',
      'segmentation',
      'embeddings',
      'clustering',
      'windows',
      'emb items',
      'frames/item',
      'emb GFLOP/s',
      'speakers',
      'peak RSS MB',
    ],
  ];
  for (const r of d) {
    const x = r.stageXRealtime ?? {};
    lines.push([
      r.case,
      num(r.xRealtime, 2),
      num(x.segmentation),
      num(x.embeddings, 2),
      num(x.clustering, 0),
      String(r.windows),
      String(r.embeddingItems),
      num(r.embeddingFramesPerItem, 0),
      num(r.embeddingGflopsPerSecond),
      String(r.speakers),
      String(r.peakRssMb),
    ]);
  }
  print(lines);
}

/**
 * The peer comparison: per model and compute type, every system's x realtime, windows and tokens
 * (tokens = windows x 80 when the cap held), VAD seconds, peak RSS, and how many times faster
 * whisperx-ts is (its run of the same model and compute type / the system's). Skipped and failed
 * peers are listed with their reason.
 */
export function printPeers(rows) {
  const isPeerRow = (r) => / (ours|faster-whisper|whisperx|mlx-whisper|whisper\.cpp|transformers\.js)/.test(r.case);
  const peers = rows.filter((r) => isPeerRow(r) && !/ bare| full /.test(r.case));
  if (peers.length === 0) return;
  const int8 = (r) => /int8/.test(r.case);
  const size = (r) => r.case.split(' ')[0];
  const ours = new Map();
  for (const r of peers) {
    if (r.case.includes(' ours') && r.xRealtime) {
      const key = `${size(r)}|${int8(r)}`;
      ours.set(key, [...(ours.get(key) ?? []), r.xRealtime]);
    }
  }
  const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
  const lines = [['case', 'x realtime', 'windows', 'tokens', 'tok/window', 'vad s', 'peak RSS MB', 'ours / this']];
  for (const r of peers) {
    if (r.skipped || r.xRealtime === undefined) {
      lines.push([r.case, r.skipped ?? JSON.stringify(r).slice(0, 80), '', '', '', '', '', '']);
      continue;
    }
    const mine = ours.get(`${size(r)}|${int8(r)}`);
    lines.push([
      r.case,
      num(r.xRealtime),
      String(r.windows ?? '-'),
      String(r.tokens ?? '-'),
      r.windows && r.tokens ? num(r.tokens / r.windows, 1) : '-',
      num(r.stages?.vad, 2),
      String(r.peakRssMb),
      mine && !r.case.includes(' ours') ? `${num(mean(mine) / r.xRealtime, 2)}x` : '',
    ]);
  }
  print(lines);
}

/**
 * The full-pipeline race: per system, x realtime, stage seconds (ASR with its load, alignment with its
 * load, diarization with its load), words and how many carry a speaker, speakers, peak RSS, and how
 * many times faster whisperx-ts is than each peer run of the same model.
 */
export function printFull(rows) {
  const full = rows.filter((r) => / full /.test(r.case ?? ''));
  if (full.length === 0) return;
  const size = (r) => r.case.split(' ')[0];
  const ours = new Map(full.filter((r) => r.case.endsWith(' ours') && r.xRealtime).map((r) => [size(r), r.xRealtime]));
  const lines = [
    [
      'case',
      'x realtime',
      'seconds',
      'asr s',
      'align s',
      'diarize s',
      'words',
      'labelled',
      'speakers',
      'peak RSS MB',
      'ours / this',
    ],
  ];
  for (const r of full) {
    if (r.skipped || r.xRealtime === undefined) {
      lines.push([r.case, r.skipped ?? JSON.stringify(r).slice(0, 80), '', '', '', '', '', '', '', '', '']);
      continue;
    }
    const st = r.stages ?? {};
    const asr = st.asr !== undefined && st.asrLoad !== undefined ? st.asr + st.asrLoad : st.asr;
    const alignS = st.alignLoad !== undefined ? st.align + st.alignLoad : st.align;
    const diarize =
      st.diarizeLoad !== undefined
        ? st.diarizeLoad + st.segmentation + st.embeddings + st.clustering + st.assign
        : st.diarize;
    const mine = ours.get(size(r));
    lines.push([
      r.case,
      num(r.xRealtime, 2),
      num(r.seconds),
      num(asr),
      num(alignS),
      num(diarize),
      String(r.words),
      String(r.labelledWords),
      String(r.speakers),
      String(r.peakRssMb),
      mine && !r.case.endsWith(' ours') ? `${num(mine / r.xRealtime, 2)}x` : '',
    ]);
  }
  print(lines);
}
