#!/usr/bin/env python3
"""Writes src/__fixtures__/*.json from real sources (run once by hand; tests never need Python).

Usage: python3 scripts/make-fixtures.py KIT_DIR MLX_EXAMPLES_CONVERT_PY

- hf-whisper-mini-keys.json: tensor names from the safetensors header of the conformance kit's
  whisper-mini/model.safetensors (a real Hugging Face WhisperForConditionalGeneration export).
- mlx-reference-names.json: the same names passed through the Hugging Face -> MLX rename of
  ml-explore/mlx-examples whisper/convert.py (function `hf_to_pt`, executed from the file given,
  not copied), as the reference for our own mapping.
- whisper-sizes.json: decoder layers x heads per released checkpoint, from the size of the
  alignment-head masks in that same convert.py (_ALIGNMENT_HEADS, base85 + gzip of a
  [n_text_layer, n_text_head] bool mask), with the encoder layer counts whisper.cpp uses to tell
  the sizes apart (src/whisper.cpp: 4 tiny, 6 base, 12 small, 24 medium, 32 large).
"""
import ast, base64, gzip, json, struct, sys
from pathlib import Path

kit, convert_py = Path(sys.argv[1]), Path(sys.argv[2])
out = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"

with open(kit / "whisper-mini" / "model.safetensors", "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(n))
keys = sorted(k for k in header if k != "__metadata__")

tree = ast.parse(convert_py.read_text())
ns = {}
heads = None
for node in tree.body:
    if isinstance(node, ast.FunctionDef) and node.name == "hf_to_pt":
        exec(compile(ast.Module(body=[node], type_ignores=[]), str(convert_py), "exec"), ns)
    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_ALIGNMENT_HEADS":
        heads = ast.literal_eval(node.value)
config = {k: 0 for k in ["num_mel_bins", "max_source_positions", "d_model", "encoder_attention_heads",
                         "encoder_layers", "vocab_size", "max_target_positions", "decoder_attention_heads",
                         "decoder_layers"]}
renamed, _ = ns["hf_to_pt"]({k: k for k in keys}, config)
mapping = {v: k for k, v in renamed.items()}  # hf name -> mlx name

# decoder heads per size (the papers' widths / 64)
text_heads = {"tiny": 6, "base": 8, "small": 12, "medium": 16, "large": 20}
enc_layers = {"tiny": 4, "base": 6, "small": 12, "medium": 24, "large": 32}
sizes = {}
for name, dump in heads.items():
    cells = len(gzip.decompress(base64.b85decode(dump)))
    family = "large" if name.startswith("large") or name == "turbo" else name.split(".")[0]
    n_head = text_heads[family]
    assert cells % n_head == 0
    sizes[name] = {"encoderLayers": enc_layers[family], "decoderLayers": cells // n_head,
                   "decoderHeads": n_head, "alignmentMaskCells": cells}

src = "ml-explore/mlx-examples whisper/convert.py (" + sys.argv[3] + ")" if len(sys.argv) > 3 else str(convert_py)
(out / "hf-whisper-mini-keys.json").write_text(json.dumps(
    {"source": "conformance kit whisper-mini/model.safetensors header (HF WhisperForConditionalGeneration)",
     "encoderLayers": 2, "decoderLayers": 2, "keys": keys}, indent=1) + "\n")
(out / "mlx-reference-names.json").write_text(json.dumps(
    {"source": "hf_to_pt rename of " + src + " applied to hf-whisper-mini-keys.json",
     "mapping": mapping}, indent=1) + "\n")
(out / "whisper-sizes.json").write_text(json.dumps(
    {"source": "decoder layers = alignment-mask cells / heads from " + src +
               "; encoder layers from ggml-org/whisper.cpp src/whisper.cpp model-type table",
     "sizes": sizes}, indent=1) + "\n")
print("wrote", len(keys), "keys,", len(sizes), "sizes")
