/**
 * Wav2Vec2ForCTC weights by their transformers names, with the two transforms the graph needs:
 * linear weights transposed to [in, out] (for MatMul), and the positional convolution's weight
 * norm folded (w = g * v / ||v||, the norm taken over all dims but the kernel axis, as
 * torch.nn.utils.weight_norm(dim=2)). Both spellings of the weight-norm parameters are read:
 * `weight_g`/`weight_v` (older checkpoints) and `parametrizations.weight.original0/1` (newer);
 * a plain `weight` is used as is.
 */
import { WhisperxError } from '../../errors.js';
import type { SafetensorsFile } from './safetensors.js';

export interface Tensor32 {
  data: Float32Array;
  shape: number[];
}

export class CheckpointWeights {
  /** Prefix of the base model's tensors ('wav2vec2.' in Wav2Vec2ForCTC checkpoints). */
  private readonly prefix: string;

  constructor(private readonly file: SafetensorsFile) {
    const names = [...file.entries.keys()];
    this.prefix = names.some((n) => n.startsWith('wav2vec2.')) ? 'wav2vec2.' : '';
    if (!file.entries.has('lm_head.weight')) {
      throw new WhisperxError(
        'model',
        `${file.path}: no lm_head.weight, so this is not a Wav2Vec2ForCTC checkpoint (a CTC head is needed for alignment).`,
      );
    }
  }

  private full(name: string): string {
    return name.startsWith('lm_head.') ? name : this.prefix + name;
  }

  has(name: string): boolean {
    return this.file.entries.has(this.full(name));
  }

  tensor(name: string): Tensor32 {
    const full = this.full(name);
    const entry = this.file.entries.get(full);
    if (!entry)
      throw new WhisperxError(
        'model',
        `${this.file.path}: tensor ${full} is missing; is this a Wav2Vec2ForCTC checkpoint?`,
      );
    return { data: this.file.read(full), shape: entry.shape };
  }

  /** A [out, in] linear weight as [in, out]. */
  linearTransposed(name: string): Tensor32 {
    const { data, shape } = this.tensor(name);
    const [rows, cols] = shape;
    const out = new Float32Array(data.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
    return { data: out, shape: [cols, rows] };
  }

  /** The positional convolution's effective weight [hidden, hidden / groups, kernel]. */
  positionalConvWeight(): Tensor32 {
    const base = 'encoder.pos_conv_embed.conv.';
    if (this.has(`${base}weight`)) return this.tensor(`${base}weight`);
    const pair = this.has(`${base}weight_g`)
      ? [`${base}weight_g`, `${base}weight_v`]
      : [`${base}parametrizations.weight.original0`, `${base}parametrizations.weight.original1`];
    const g = this.tensor(pair[0]);
    const v = this.tensor(pair[1]);
    const kernel = v.shape[2];
    if (g.data.length !== kernel) {
      throw new WhisperxError(
        'model',
        `${this.file.path}: ${pair[0]} does not hold one gain per kernel position (weight_norm dim=2).`,
      );
    }
    const norms = new Float64Array(kernel);
    for (let i = 0; i < v.data.length; i++) norms[i % kernel] += v.data[i] * v.data[i];
    const out = new Float32Array(v.data.length);
    for (let i = 0; i < v.data.length; i++) {
      const k = i % kernel;
      out[i] = (g.data[k] * v.data[i]) / Math.sqrt(norms[k]);
    }
    return { data: out, shape: v.shape };
  }
}
