/**
 * A batched form of a Silero v5 / v6 VAD model, built in memory from the shipped ONNX file.
 *
 * Silero's ONNX runs one 512-sample chunk per call: an STFT and four convolutions (stateless,
 * each chunk sees only its 64 + 512 input samples) followed by an LSTM cell whose state carries
 * over to the next chunk. Called chunk by chunk that is 18,750 session calls per 10 minutes, and
 * the calls, not the arithmetic, are most of the cost. This graph takes N chunks at once:
 * the stateless front end runs on an [N, 576] batch, and the LSTM runs over the N chunks as one
 * sequence (ONNX LSTM, batch 1, the same cell weights), so one call covers a whole block of audio
 * and the state after the last chunk is returned for the next block.
 *
 * The weights are read from the model's 16 kHz branch by name (stft.forward_basis_buffer,
 * encoder.K.reparam_conv.*, decoder.rnn.*, decoder.decoder.2.*); a model without them gives
 * `undefined` (the caller then runs the file chunk by chunk). {@link SileroVad.load} also
 * compares both forms on a test signal before it uses this one.
 */
import type onnxProto from 'onnx-proto';
import { loadOnnxProto, OnnxWriter } from '../onnx/onnx-writer.js';

/** Samples per row of the batched input: 64 of context and the 512-sample chunk. */
export const BATCHED_ROW_SAMPLES = 576;

interface Constant {
  dims: number[];
  data: Float32Array;
}

const FLOAT = 1;
const HIDDEN = 128;

const NEEDED = [
  'stft.forward_basis_buffer',
  'encoder.0.reparam_conv.weight',
  'encoder.0.reparam_conv.bias',
  'encoder.1.reparam_conv.weight',
  'encoder.1.reparam_conv.bias',
  'encoder.2.reparam_conv.weight',
  'encoder.2.reparam_conv.bias',
  'encoder.3.reparam_conv.weight',
  'encoder.3.reparam_conv.bias',
  'decoder.rnn.weight_ih',
  'decoder.rnn.weight_hh',
  'decoder.rnn.bias_ih',
  'decoder.rnn.bias_hh',
  'decoder.decoder.2.weight',
] as const;

function floatData(t: onnxProto.onnx.ITensorProto): Float32Array | undefined {
  if (t.dataType !== FLOAT) return undefined;
  if (t.rawData && t.rawData.length > 0) {
    const copy = new Uint8Array(t.rawData); // aligned copy
    return new Float32Array(copy.buffer, 0, copy.length / 4);
  }
  if (t.floatData && t.floatData.length > 0) return Float32Array.from(t.floatData);
  return undefined;
}

/** Constants of one graph (Constant nodes and initializers), by their name's last `__` part. */
function constantsOf(graph: onnxProto.onnx.IGraphProto): Map<string, Constant> {
  const out = new Map<string, Constant>();
  const add = (name: string, t: onnxProto.onnx.ITensorProto | null | undefined) => {
    if (!t) return;
    const data = floatData(t);
    if (!data) return;
    out.set(name.split('__').at(-1) ?? name, { dims: (t.dims ?? []).map(Number), data });
  };
  for (const init of graph.initializer ?? []) add(init.name ?? '', init);
  for (const node of graph.node ?? []) {
    if (node.opType !== 'Constant' || !node.output?.[0]) continue;
    add(node.output[0], node.attribute?.find((a) => a.name === 'value')?.t);
  }
  return out;
}

/** The If branch that holds the 16 kHz weights (a 256-tap STFT basis). */
function sixteenKhzBranch(model: onnxProto.onnx.IModelProto): Map<string, Constant> | undefined {
  const graphs: onnxProto.onnx.IGraphProto[] = [];
  const visit = (g: onnxProto.onnx.IGraphProto | null | undefined) => {
    if (!g) return;
    graphs.push(g);
    for (const node of g.node ?? []) for (const a of node.attribute ?? []) visit(a.g);
  };
  visit(model.graph);
  for (const g of graphs) {
    const c = constantsOf(g);
    const basis = c.get('stft.forward_basis_buffer');
    if (basis && basis.dims.length === 3 && basis.dims[2] === 256 && NEEDED.every((n) => c.has(n))) return c;
  }
  return undefined;
}

/** A [rows, cols] matrix transposed. */
function transposed(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
  return out;
}

/** A Conv1d weight [out, in, kernel] as the matrix [kernel * in, out] of shifted inputs side by side. */
function convAsMatrix(weight: Float32Array, outChannels: number, inChannels: number, kernel: number): Float32Array {
  const out = new Float32Array(weight.length);
  for (let o = 0; o < outChannels; o++)
    for (let i = 0; i < inChannels; i++)
      for (let k = 0; k < kernel; k++)
        out[(k * inChannels + i) * outChannels + o] = weight[(o * inChannels + i) * kernel + k];
  return out;
}

/** LSTMCell gates (PyTorch order i, f, g, o) in ONNX LSTM order (i, o, f, c), rows of `width`. */
function onnxGateOrder(w: Float32Array, width: number): Float32Array {
  const h = HIDDEN * width;
  const out = new Float32Array(w.length);
  out.set(w.subarray(0, h), 0); // i
  out.set(w.subarray(3 * h, 4 * h), h); // o
  out.set(w.subarray(h, 2 * h), 2 * h); // f
  out.set(w.subarray(2 * h, 3 * h), 3 * h); // g (ONNX: c)
  return out;
}

/**
 * Build the batched model from a Silero ONNX file's bytes. Inputs: `input` [N, 576] (each row the
 * previous 64 samples and one 512-sample chunk), `state` [2, 1, 128] (h and c before the first
 * row). Outputs: `output` [N] (speech probability per chunk), `stateN` [2, 1, 128].
 * Returns `undefined` when the file is not a Silero v5 / v6 model this builder knows.
 */
export async function buildBatchedSileroModel(fileBytes: Uint8Array): Promise<Uint8Array | undefined> {
  const onnx = await loadOnnxProto();
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(fileBytes);
  } catch {
    return undefined;
  }
  const c = sixteenKhzBranch(model);
  if (!c) return undefined;
  const get = (name: (typeof NEEDED)[number]) => c.get(name) as Constant;
  const basis = get('stft.forward_basis_buffer');
  const bins = basis.dims[0] / 2;
  const rnnIh = get('decoder.rnn.weight_ih');
  if (rnnIh.dims[0] !== 4 * HIDDEN || rnnIh.dims[1] !== HIDDEN) return undefined;
  const decoderBias = c.get('decoder.decoder.2.bias');

  const w = await OnnxWriter.create({});
  const x = w.input('input', ['chunks', BATCHED_ROW_SAMPLES]);
  const state = w.input('state', [2, 1, HIDDEN]);
  const weight = (name: (typeof NEEDED)[number]) => w.weight(name, get(name).data, get(name).dims);

  // Everything before the LSTM is laid out channels last ([N, frames, channels]) and written as
  // MatMuls over the whole batch: onnxruntime's Conv runs one small GEMM per row, which on a
  // 4-frame input costs more than the arithmetic. Same sums, in a different order (the load-time
  // check bounds the difference).

  // STFT: reflect-pad 64 samples on the right, frames of 256 at hop 128, times the basis, magnitude.
  const taps = basis.dims[2];
  const hop = taps / 2;
  const paddedLength = BATCHED_ROW_SAMPLES + 64;
  const frameCount = (paddedLength - taps) / hop + 1;
  const padded = w.node('Pad', [x, w.int64([0, 0, 0, 64])], { mode: { string: 'reflect' } });
  const halves = w.node('Reshape', [padded, w.int64([-1, paddedLength / hop, hop])]); // [N, 5, 128]
  const frames = w.node(
    'Concat',
    [
      w.node('Slice', [halves, w.int64([0]), w.int64([frameCount]), w.int64([1])]),
      w.node('Slice', [halves, w.int64([1]), w.int64([frameCount + 1]), w.int64([1])]),
    ],
    { axis: 2 },
  ); // [N, 4, 256]
  const spec = w.node('MatMul', [
    frames,
    w.weight('stft.basis', transposed(basis.data, basis.dims[0], taps), [taps, basis.dims[0]]),
  ]);
  const real = w.node('Slice', [spec, w.int64([0]), w.int64([bins]), w.int64([2])]);
  const imag = w.node('Slice', [spec, w.int64([bins]), w.int64([2 * bins]), w.int64([2])]);
  let h = w.node('Sqrt', [w.node('Add', [w.node('Mul', [real, real]), w.node('Mul', [imag, imag])])]);

  // Encoder: four 3-tap convolutions (padding 1; strides 1, 2, 2, 1), ReLU after each, each one
  // MatMul of the three shifted (strided) frame sequences side by side.
  let length = frameCount;
  let channels = bins;
  const strides = [1, 2, 2, 1];
  for (const k of [0, 1, 2, 3] as const) {
    const conv = get(`encoder.${k}.reparam_conv.weight`);
    const [outChannels, inChannels, kernel] = conv.dims;
    if (inChannels !== channels || kernel !== 3) {
      w.abort();
      return undefined;
    }
    const stride = strides[k];
    const outFrames = Math.floor((length + 2 - kernel) / stride) + 1;
    const p = w.node('Pad', [h, w.int64([0, 1, 0, 0, 1, 0])]);
    const shifted = Array.from({ length: kernel }, (_, tap) =>
      w.node('Slice', [
        p,
        w.int64([tap]),
        w.int64([tap + stride * (outFrames - 1) + 1]),
        w.int64([1]),
        w.int64([stride]),
      ]),
    );
    const columns = w.node('Concat', shifted, { axis: 2 }); // [N, outFrames, 3 * inChannels]
    const matrix = w.weight(`encoder.${k}.matrix`, convAsMatrix(conv.data, outChannels, inChannels, kernel), [
      kernel * inChannels,
      outChannels,
    ]);
    h = w.node('Relu', [
      w.node('Add', [w.node('MatMul', [columns, matrix]), weight(`encoder.${k}.reparam_conv.bias`)]),
    ]);
    length = outFrames;
    channels = outChannels;
  }
  if (length !== 1 || channels !== HIDDEN) {
    w.abort();
    return undefined;
  }

  // LSTM over the chunks as one sequence (batch 1), from the given state.
  const features = h; // [N, 1, 128]: sequence N, batch 1
  const W = w.weight('lstm.W', onnxGateOrder(rnnIh.data, HIDDEN), [1, 4 * HIDDEN, HIDDEN]);
  const R = w.weight('lstm.R', onnxGateOrder(get('decoder.rnn.weight_hh').data, HIDDEN), [1, 4 * HIDDEN, HIDDEN]);
  const bias = new Float32Array(8 * HIDDEN);
  bias.set(onnxGateOrder(get('decoder.rnn.bias_ih').data, 1), 0);
  bias.set(onnxGateOrder(get('decoder.rnn.bias_hh').data, 1), 4 * HIDDEN);
  const B = w.weight('lstm.B', bias, [1, 8 * HIDDEN]);
  const h0 = w.node('Slice', [state, w.int64([0]), w.int64([1]), w.int64([0])]);
  const c0 = w.node('Slice', [state, w.int64([1]), w.int64([2]), w.int64([0])]);
  const [y, yh, yc] = w.nodeOutputs('LSTM', [features, W, R, B, '', h0, c0], 3, { hidden_size: HIDDEN });

  // Decoder: ReLU, a 1x1 convolution to one channel (a dot product per chunk), sigmoid.
  const perChunk = w.node('Reshape', [y, w.int64([-1, HIDDEN])]);
  const decoderWeight = get('decoder.decoder.2.weight');
  if (decoderWeight.data.length !== HIDDEN) {
    w.abort();
    return undefined;
  }
  let logit = w.node('MatMul', [
    w.node('Relu', [perChunk]),
    w.weight('decoder.matrix', decoderWeight.data, [HIDDEN, 1]),
  ]);
  if (decoderBias)
    logit = w.node('Add', [logit, w.weight('decoder.decoder.2.bias', decoderBias.data, decoderBias.dims)]);
  w.node('Reshape', [w.node('Sigmoid', [logit]), w.int64([-1])], {}, 'output');
  w.node('Concat', [yh, yc], { axis: 0 }, 'stateN');
  w.output('output', ['chunks']);
  w.output('stateN', [2, 1, HIDDEN]);
  return w.finish(
    'silero_vad_batched',
    'Silero VAD, batched over chunks (built by whisperx-ts from the shipped model)',
  );
}

/**
 * Rows of the batched input for chunks [first, first + count) of `block` (the audio from chunk
 * `first` on) with `previous` = the 64 samples before the block (zeros at the start of a file):
 * row k = the 64 samples before chunk k, then chunk k (zero-padded past the end of the audio).
 */
export function batchedRows(
  block: Float32Array,
  count: number,
  previous: Float32Array,
  into?: Float32Array,
): Float32Array {
  const chunk = 512;
  const ctx = BATCHED_ROW_SAMPLES - chunk;
  const rows =
    into && into.length >= count * BATCHED_ROW_SAMPLES
      ? into.subarray(0, count * BATCHED_ROW_SAMPLES)
      : new Float32Array(count * BATCHED_ROW_SAMPLES);
  rows.fill(0);
  for (let k = 0; k < count; k++) {
    const row = k * BATCHED_ROW_SAMPLES;
    if (k === 0) rows.set(previous.subarray(0, ctx), row);
    else rows.set(rows.subarray(row - ctx, row), row); // the previous row's last 64 samples
    const from = k * chunk;
    const to = Math.min(from + chunk, block.length);
    if (to > from) rows.set(block.subarray(from, to), row + ctx);
  }
  return rows;
}
