/**
 * The Wav2Vec2ForCTC forward pass (inference: no dropout, no masking) as ONNX nodes, the way
 * transformers computes it:
 *
 *   input_values [batch, samples]
 *   -> feature encoder: conv (+ group norm on the first layer | layer norm on every layer) + act
 *   -> [batch, frames, conv_dim[-1]] -> feature projection: layer norm, linear -> [b, frames, hidden]
 *   -> + positional conv embedding (weight-normed grouped conv, same padding, act)
 *   -> post-norm: layer norm, then layers (attention -> add -> norm -> feed forward -> add -> norm)
 *      stable layer norm: layers (norm -> attention -> add -> norm -> feed forward -> add), final norm
 *   -> lm_head -> logits [batch, frames, vocab]
 */
import type { Activation, Wav2Vec2Architecture } from './config.js';
import type { OnnxWriter } from '../../onnx/onnx-writer.js';
import type { CheckpointWeights } from './weights.js';

/** Conv-layer norms use torch's default eps; the transformer's use config.layer_norm_eps. */
const TORCH_NORM_EPS = 1e-5;

class Wav2Vec2GraphBuilder {
  constructor(
    private readonly g: OnnxWriter,
    private readonly w: CheckpointWeights,
    private readonly arch: Wav2Vec2Architecture,
  ) {}

  private weight(name: string): string {
    const t = this.w.tensor(name);
    return this.g.weight(name, t.data, t.shape);
  }

  private activation(x: string, act: Activation): string {
    const g = this.g;
    switch (act) {
      case 'relu':
        return g.node('Relu', [x]);
      case 'silu':
        return g.node('Mul', [x, g.node('Sigmoid', [x])]);
      case 'gelu_new': {
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        const cube = g.node('Mul', [g.node('Mul', [x, x]), x]);
        const inner = g.node('Mul', [
          g.node('Add', [x, g.node('Mul', [cube, g.float([0.044715])])]),
          g.float([Math.sqrt(2 / Math.PI)]),
        ]);
        return g.node('Mul', [
          g.node('Mul', [x, g.float([0.5])]),
          g.node('Add', [g.node('Tanh', [inner]), g.float([1])]),
        ]);
      }
      default: {
        // exact gelu: 0.5 x (1 + erf(x / sqrt 2))
        const erf = g.node('Erf', [g.node('Div', [x, g.float([Math.SQRT2])])]);
        return g.node('Mul', [g.node('Mul', [x, g.float([0.5])]), g.node('Add', [erf, g.float([1])])]);
      }
    }
  }

  private layerNorm(x: string, prefix: string, eps: number): string {
    return this.g.node('LayerNormalization', [x, this.weight(`${prefix}.weight`), this.weight(`${prefix}.bias`)], {
      axis: -1,
      epsilon: { float: eps },
    });
  }

  private linear(x: string, prefix: string, scale = 1): string {
    const wt = this.w.linearTransposed(`${prefix}.weight`);
    const b = this.w.tensor(`${prefix}.bias`);
    if (scale !== 1) {
      for (let i = 0; i < wt.data.length; i++) wt.data[i] *= scale;
      for (let i = 0; i < b.data.length; i++) b.data[i] *= scale;
    }
    const wName = this.g.weight(`${prefix}.weight_t`, wt.data, wt.shape);
    const bName = this.g.weight(`${prefix}.bias`, b.data, b.shape);
    return this.g.node('Add', [this.g.node('MatMul', [x, wName]), bName]);
  }

  /** [batch, samples] -> [batch, channels, frames]. */
  private featureEncoder(input: string): string {
    const { g, arch } = this;
    let x = g.node('Unsqueeze', [input, g.int64([1])]);
    arch.convDim.forEach((_, i) => {
      const p = `feature_extractor.conv_layers.${i}`;
      const inputs = [x, this.weight(`${p}.conv.weight`)];
      if (this.w.has(`${p}.conv.bias`)) inputs.push(this.weight(`${p}.conv.bias`));
      x = g.node('Conv', inputs, { kernel_shape: [arch.convKernel[i]], strides: [arch.convStride[i]] });
      if (arch.featExtractNorm === 'group' && i === 0) {
        // GroupNorm with one group per channel is instance normalisation over time
        x = g.node(
          'InstanceNormalization',
          [x, this.weight(`${p}.layer_norm.weight`), this.weight(`${p}.layer_norm.bias`)],
          {
            epsilon: { float: TORCH_NORM_EPS },
          },
        );
      } else if (arch.featExtractNorm === 'layer') {
        const t = g.node('Transpose', [x], { perm: [0, 2, 1] });
        x = g.node('Transpose', [this.layerNorm(t, `${p}.layer_norm`, TORCH_NORM_EPS)], { perm: [0, 2, 1] });
      }
      x = this.activation(x, arch.featExtractActivation);
    });
    return x;
  }

  /** [batch, frames, hidden] -> the same plus the positional conv embedding. */
  private withPositions(h: string): string {
    const { g, arch } = this;
    const k = arch.numConvPosEmbeddings;
    const wt = this.w.positionalConvWeight();
    const wName = g.weight('encoder.pos_conv_embed.conv.weight', wt.data, wt.shape);
    const bName = this.weight('encoder.pos_conv_embed.conv.bias');
    const pad = Math.floor(k / 2);
    let x = g.node('Conv', [g.node('Transpose', [h], { perm: [0, 2, 1] }), wName, bName], {
      kernel_shape: [k],
      pads: [pad, pad],
      group: arch.numConvPosEmbeddingGroups,
    });
    // an even kernel yields one frame too many: drop the last (Wav2Vec2SamePadLayer)
    if (k % 2 === 0) x = g.node('Slice', [x, g.int64([0]), g.int64([-1]), g.int64([2])]);
    x = this.activation(x, arch.featExtractActivation);
    return g.node('Add', [h, g.node('Transpose', [x], { perm: [0, 2, 1] })]);
  }

  private attention(h: string, p: string): string {
    const { g, arch } = this;
    const heads = arch.numAttentionHeads;
    const headDim = arch.hiddenSize / heads;
    const split = g.int64([0, 0, heads, headDim]);
    const toHeads = (x: string, perm: number[]) => g.node('Transpose', [g.node('Reshape', [x, split])], { perm });
    const q = toHeads(this.linear(h, `${p}.q_proj`, headDim ** -0.5), [0, 2, 1, 3]);
    const k = toHeads(this.linear(h, `${p}.k_proj`), [0, 2, 3, 1]);
    const v = toHeads(this.linear(h, `${p}.v_proj`), [0, 2, 1, 3]);
    const probs = g.node('Softmax', [g.node('MatMul', [q, k])], { axis: -1 });
    const ctx = g.node('Transpose', [g.node('MatMul', [probs, v])], { perm: [0, 2, 1, 3] });
    return this.linear(g.node('Reshape', [ctx, g.int64([0, 0, arch.hiddenSize])]), `${p}.out_proj`);
  }

  private feedForward(h: string, p: string): string {
    const inner = this.activation(this.linear(h, `${p}.feed_forward.intermediate_dense`), this.arch.hiddenActivation);
    return this.linear(inner, `${p}.feed_forward.output_dense`);
  }

  private encoder(h: string): string {
    const { g, arch } = this;
    const eps = arch.layerNormEps;
    let x = this.withPositions(h);
    if (!arch.stableLayerNorm) x = this.layerNorm(x, 'encoder.layer_norm', eps);
    for (let i = 0; i < arch.numHiddenLayers; i++) {
      const p = `encoder.layers.${i}`;
      if (arch.stableLayerNorm) {
        x = g.node('Add', [x, this.attention(this.layerNorm(x, `${p}.layer_norm`, eps), `${p}.attention`)]);
        x = g.node('Add', [x, this.feedForward(this.layerNorm(x, `${p}.final_layer_norm`, eps), p)]);
      } else {
        x = this.layerNorm(g.node('Add', [x, this.attention(x, `${p}.attention`)]), `${p}.layer_norm`, eps);
        x = this.layerNorm(g.node('Add', [x, this.feedForward(x, p)]), `${p}.final_layer_norm`, eps);
      }
    }
    if (arch.stableLayerNorm) x = this.layerNorm(x, 'encoder.layer_norm', eps);
    return x;
  }

  build(): void {
    const { g, arch } = this;
    const input = g.input('input_values', ['batch_size', 'sequence_length']);
    const features = g.node('Transpose', [this.featureEncoder(input)], { perm: [0, 2, 1] });
    const projected = this.linear(
      this.layerNorm(features, 'feature_projection.layer_norm', arch.layerNormEps),
      'feature_projection.projection',
    );
    const hidden = this.encoder(projected);
    const wt = this.w.linearTransposed('lm_head.weight');
    const logits = g.node(
      'Add',
      [g.node('MatMul', [hidden, g.weight('lm_head.weight_t', wt.data, wt.shape)]), this.weight('lm_head.bias')],
      {},
      'logits',
    );
    g.output(logits, ['batch_size', 'frames', arch.vocabSize]);
  }
}

/** Emit the Wav2Vec2ForCTC graph into `writer` (weights streamed as they are added). */
export function emitWav2Vec2Graph(writer: OnnxWriter, weights: CheckpointWeights, arch: Wav2Vec2Architecture): void {
  new Wav2Vec2GraphBuilder(writer, weights, arch).build();
}
