#!/usr/bin/env bash
# Regenerate the diarization kit: models, PLDA, audio, goldens and kit.json (~30 s on 2 cores).
# Needs a venv with pyannote.audio 4.0.x (pip install 'pyannote.audio>=4.0,<4.1' onnx onnxruntime) and
# Debian's asterisk prompts: apt-get download asterisk-core-sounds-{en,fr,es}-wav; dpkg -x each into DIR.
# SHARED_KIT: the shared conformance kit (default: ../shared/conformance beside the repository).
set -euo pipefail
kit="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
sounds="${1:?usage: run_generation.sh ASTERISK_SOUNDS_DIR (…/usr/share/asterisk/sounds)}"
mkdir -p "$kit/generate/run-log"
rm -rf "$kit/golden" "$kit/models" "$kit/audio"
NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" OMP_NUM_THREADS=1 \
  "$python" "$kit/generate/gen_diarization.py" "$kit" "$sounds" 2>&1 | tee "$kit/generate/run-log/gen_diarization.log"
"$python" "$kit/generate/kit_index.py" "$kit"
(cd "$kit" && find . -type f ! -path './generate/*' ! -name MANIFEST.tsv ! -name README.md ! -name kit.test.ts | sort | while read -r f; do
  printf '%s\t%s\t%s\n' "${f#./}" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"; done > MANIFEST.tsv)
