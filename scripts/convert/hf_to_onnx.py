"""Hugging Face Whisper folder -> the onnx-community layout beside it: onnx/encoder_model.onnx and
onnx/decoder_model_merged.onnx (float32), exported with the explicit-attention wrappers of
bench/generate-models.py (the same graphs the benchmarks and the conformance kit use: optimum's
input/output names, an If-merged decoder whose cached branch returns empty encoder presents).
Own code.

usage: python hf_to_onnx.py HF_DIR
Writes HF_DIR/onnx/*.onnx atomically (a temp folder renamed into place); prints the files written.
"""
import importlib.util
import os
import shutil
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_models", os.path.join(HERE, "..", "..", "bench", "generate-models.py"))
bench_models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_models)


def export_folder(hf_dir):
    from transformers import WhisperForConditionalGeneration
    hf = WhisperForConditionalGeneration.from_pretrained(hf_dir, dtype=torch.float32).eval()
    cfg = hf.config
    h, n, D = cfg.decoder_attention_heads, cfg.decoder_layers, cfg.d_model
    tmp = tempfile.mkdtemp(prefix=".onnx-", dir=hf_dir)
    try:
        m = bench_models
        with torch.no_grad():
            m.export(m.Encoder(hf), (torch.randn(1, cfg.num_mel_bins, 3000),), os.path.join(tmp, "encoder_model.onnx"),
                     ["input_features"], ["last_hidden_state"],
                     {"input_features": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}})
            enc = torch.randn(2, cfg.max_source_positions, D)
            ids = torch.tensor([[50258, 50259, 50359], [50258, 50259, 50359]])
            kinds = [(i, p, kv) for i in range(n) for p in ("decoder", "encoder") for kv in ("key", "value")]
            presents = [f"present.{i}.{p}.{kv}" for i, p, kv in kinds]
            pasts = [f"past_key_values.{i}.{p}.{kv}" for i, p, kv in kinds]
            seq = lambda name: "encoder_sequence_length_out" if ".encoder." in name else "past_decoder_sequence_length"
            dyn = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"}, "encoder_hidden_states": {0: "batch_size"},
                   "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
            dyn.update({name: {0: "batch_size", 2: seq(name)} for name in presents})
            first = os.path.join(tmp, "decoder_model.onnx")
            m.export(m.Decoder(hf, False), (ids, enc), first, ["input_ids", "encoder_hidden_states"], ["logits"] + presents, dyn)
            first_out = m.Decoder(hf, False)(ids, enc)
            dec_presents = [p for p in presents if ".decoder." in p]
            dyn2 = {"input_ids": {0: "batch_size", 1: "decoder_sequence_length"}, "logits": {0: "batch_size", 1: "decoder_sequence_length"}}
            dyn2.update({name: {0: "batch_size", 2: seq(name)} for name in pasts + dec_presents})
            with_past = os.path.join(tmp, "decoder_with_past_model.onnx")
            m.export(m.with_named_pasts(m.Decoder(hf, True), n), (ids[:, :1], *first_out[1:]), with_past,
                     ["input_ids"] + pasts, ["logits"] + dec_presents, dyn2)
        m.build_merged(first, with_past, os.path.join(tmp, "decoder_model_merged.onnx"), n, h, D // h)
        os.makedirs(os.path.join(hf_dir, "onnx"), exist_ok=True)
        written = []
        for name in ("encoder_model.onnx", "decoder_model_merged.onnx"):
            os.replace(os.path.join(tmp, name), os.path.join(hf_dir, "onnx", name))
            written.append(os.path.join(hf_dir, "onnx", name))
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for path in export_folder(sys.argv[1]):
        print(path, os.path.getsize(path))
