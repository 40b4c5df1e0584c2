/**
 * A small writer for ONNX models on top of onnx-proto (the ONNX protobuf schema compiled for
 * protobufjs): nodes with named outputs, small constants stored inline, and weights streamed into
 * an external data file next to the model (so models past protobuf's 2 GB limit, e.g. the 1B
 * checkpoints, still load) or inside it. Opset 17 (LayerNormalization), IR version 8. Used by the
 * wav2vec2 graph builder, the batched Silero graph and the greedy pick.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type onnxProto from 'onnx-proto';

type OnnxNamespace = typeof onnxProto.onnx;

/** onnx-proto (protobufjs and the compiled schema take ~0.1 s to load): imported when a graph is first built or read. */
let loading: Promise<OnnxNamespace> | undefined;
export function loadOnnxProto(): Promise<OnnxNamespace> {
  loading ??= import('onnx-proto').then((m) => m.default.onnx);
  return loading;
}

export type AttrValue = number | number[] | { float: number } | { string: string };

/** Tensor element types used here (TensorProto.DataType). */
const FLOAT = 1;
const INT64 = 7;

/** Where each weight starts in the external data file (page-aligned, so onnxruntime can map it). */
const ALIGNMENT = 4096;

export interface OnnxWriterOptions {
  /** Path of the external data file to write. Default: none, weights are stored inside the model (under 2 GB only). */
  dataPath?: string;
  /** Its name as the model refers to it (relative to the model file). Default 'model.onnx_data'. */
  dataLocation?: string;
}

export class OnnxWriter {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly fd: number | undefined;
  private offset = 0;
  private counter = 0;
  private readonly constants = new Map<string, string>();

  private constructor(
    private readonly onnx: OnnxNamespace,
    private readonly options: OnnxWriterOptions,
  ) {
    this.fd = options.dataPath === undefined ? undefined : openSync(options.dataPath, 'w');
  }

  static async create(options: OnnxWriterOptions): Promise<OnnxWriter> {
    return new OnnxWriter(await loadOnnxProto(), options);
  }

  /** A graph input or output (float32 unless said) with symbolic (string) or fixed (number) dims. */
  private valueInfo(
    name: string,
    dims: (string | number)[],
    elemType: 'float' | 'int64' = 'float',
  ): onnxProto.onnx.IValueInfoProto {
    return {
      name,
      type: {
        tensorType: {
          elemType: elemType === 'float' ? FLOAT : INT64,
          shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
        },
      },
    };
  }

  input(name: string, dims: (string | number)[]): string {
    this.inputs.push(this.valueInfo(name, dims));
    return name;
  }

  output(name: string, dims: (string | number)[], elemType: 'float' | 'int64' = 'float'): void {
    this.outputs.push(this.valueInfo(name, dims, elemType));
  }

  /** Add a node; returns the name of its (first) output. */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    return this.nodeOutputs(op, inputs, 1, attrs, outName)[0];
  }

  /** Add a node with `count` outputs (LSTM: Y, Y_h, Y_c); returns their names. */
  nodeOutputs(
    op: string,
    inputs: string[],
    count: number,
    attrs: Record<string, AttrValue> = {},
    outName?: string,
  ): string[] {
    const base = outName ?? `${op.toLowerCase()}_${this.counter++}`;
    const outputs = Array.from({ length: count }, (_, i) => (i === 0 ? base : `${base}_${i}`));
    const attribute: onnxProto.onnx.IAttributeProto[] = Object.entries(attrs).map(([name, v]) => {
      if (Array.isArray(v)) return { name, type: this.onnx.AttributeProto.AttributeType.INTS, ints: v };
      if (typeof v === 'number') return { name, type: this.onnx.AttributeProto.AttributeType.INT, i: v };
      if ('string' in v)
        return { name, type: this.onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(v.string) };
      return { name, type: this.onnx.AttributeProto.AttributeType.FLOAT, f: v.float };
    });
    this.nodes.push({ opType: op, input: inputs, output: outputs, name: base, attribute });
    return outputs;
  }

  /** An inline int64 constant (shapes, axes), shared between uses. */
  int64(values: number[], dims: number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `const_${this.counter++}`;
    const raw = Buffer.alloc(8 * values.length);
    values.forEach((v, i) => raw.writeBigInt64LE(BigInt(v), 8 * i));
    this.initializers.push({ name, dataType: INT64, dims, rawData: raw });
    this.constants.set(key, name);
    return name;
  }

  /** An inline float32 constant (scalars), shared between uses. */
  float(values: number[], dims: number[] = []): string {
    const key = `f32:${dims.join('x')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `const_${this.counter++}`;
    this.initializers.push({ name, dataType: FLOAT, dims, rawData: Buffer.from(Float32Array.from(values).buffer) });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 weight, written to the external data file now. */
  weight(name: string, data: Float32Array, dims: number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length)
      throw new Error(`internal: weight ${name} has ${data.length} values for dims ${dims.join('x')}`);
    if (this.fd === undefined) {
      this.initializers.push({
        name,
        dataType: FLOAT,
        dims,
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      });
      return name;
    }
    const pad = (ALIGNMENT - (this.offset % ALIGNMENT)) % ALIGNMENT;
    if (pad) {
      writeSync(this.fd, Buffer.alloc(pad));
      this.offset += pad;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.initializers.push({
      name,
      dataType: FLOAT,
      dims,
      dataLocation: this.onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: this.options.dataLocation ?? 'model.onnx_data' },
        { key: 'offset', value: String(this.offset) },
        { key: 'length', value: String(bytes.length) },
      ],
    });
    this.offset += bytes.length;
    return name;
  }

  /** Close the data file and return the encoded model. */
  finish(graphName: string, docString: string): Uint8Array {
    if (this.fd !== undefined) closeSync(this.fd);
    const model = this.onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'whisperx-ts',
      docString,
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return this.onnx.ModelProto.encode(model).finish();
  }

  /** Close the data file without producing a model (on errors). */
  abort(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
