#!/usr/bin/env bash
# Regenerates the small media fixtures in test/fixtures/media/ (committed; tests never run this).
# Needs ffmpeg (Debian 12: 5.1, with libx264, libmp3lame, libvorbis, libopus) and the conformance kit.
# Usage: packages/core/scripts/make-media-fixtures.sh [KIT_DIR] [OUT_DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
kit="${1:-${WHISPERX_KIT_DIR:-$repo/../shared/conformance}}"
out="${2:-$repo/test/fixtures/media}"
ff="${FFMPEG_PATH:-ffmpeg}"

jfk="$kit/audio/jfk.wav"
libri="$kit/audio/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"
[[ -f "$jfk" && -f "$libri" ]] || { echo "kit audio not found under $kit" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# -bitexact everywhere keeps reruns byte-stable (no encoder version strings).
ffq() { "$ff" -nostdin -hide_banner -loglevel error -y "$@"; }
bx=(-fflags +bitexact -flags:a +bitexact -map_metadata -1)

# 2.5 s of speech, 16 kHz mono s16: the source of most fixtures.
ffq -ss 0.2 -t 2.5 -i "$jfk" -c:a pcm_s16le "$tmp/src.wav"
# Video source: 64x48 test pattern at 10 fps, same length.
vid=(-f lavfi -i "testsrc=size=64x48:rate=10:duration=2.5")
x264=(-c:v libx264 -preset ultrafast -threads 1 -pix_fmt yuv420p -flags:v +bitexact)

# 16 kHz mono s16 WAV with a LIST chunk before "data" (like the kit's jfk.wav).
ffq -i "$tmp/src.wav" -fflags +bitexact -metadata title="jfk excerpt" -c:a pcm_s16le "$out/speech-16k-s16.wav"
# 44.1 kHz stereo s16 WAV, different speech per channel (left jfk, right librivox), 0.75 s.
ffq -ss 0.5 -t 0.75 -i "$jfk" -ss 0.5 -t 0.75 -i "$libri" \
  -filter_complex "[0:a][1:a]amerge=inputs=2,aresample=44100" "${bx[@]}" -c:a pcm_s16le "$out/stereo-44k.wav"
# 8 kHz and 96 kHz.
ffq -i "$tmp/src.wav" "${bx[@]}" -ar 8000 -c:a pcm_s16le "$out/speech-8k.wav"
ffq -t 1 -i "$tmp/src.wav" "${bx[@]}" -ar 96000 -c:a flac "$out/speech-96k.flac"
# Compressed audio formats.
ffq -i "$tmp/src.wav" "${bx[@]}" -c:a flac "$out/speech.flac"
ffq -i "$tmp/src.wav" "${bx[@]}" -ar 44100 -c:a libmp3lame -b:a 48k "$out/speech.mp3"
ffq -i "$tmp/src.wav" "${bx[@]}" -ar 44100 -c:a aac -b:a 32k "$out/speech.m4a"
ffq -i "$tmp/src.wav" "${bx[@]}" -ar 44100 -c:a libvorbis -q:a 0 "$out/speech.ogg"
ffq -i "$tmp/src.wav" "${bx[@]}" -c:a libopus -b:a 24k "$out/speech.opus"
ffq -i "$tmp/src.wav" "${bx[@]}" -c:a libopus -b:a 24k "$out/speech.webm"
# Video containers with an audio track, and one without.
ffq "${vid[@]}" -i "$tmp/src.wav" "${bx[@]}" "${x264[@]}" -ar 44100 -c:a aac -b:a 32k -shortest "$out/video-h264-aac.mp4"
ffq "${vid[@]}" -i "$tmp/src.wav" "${bx[@]}" "${x264[@]}" -ar 48000 -c:a aac -b:a 32k -shortest "$out/video-h264-aac.mov"
ffq "${vid[@]}" -i "$tmp/src.wav" "${bx[@]}" "${x264[@]}" -ar 44100 -c:a libvorbis -q:a 0 -shortest "$out/video-h264-vorbis.mkv"
ffq "${vid[@]}" "${bx[@]}" "${x264[@]}" -an "$out/video-no-audio.mp4"
# Eight channels (7.1 layout), 1 s: speech at gain 1 and at gain 0.5 in two channels (join maps the
# mono inputs to FC = channel 2 and FR = channel 1), the other six silent (keeps the FLAC small).
ffq -t 1 -i "$tmp/src.wav" -f lavfi -t 1 -i "anullsrc=r=16000:cl=mono" -filter_complex \
  "[0:a]asplit=2[s0][s1];[s1]volume=0.5[c];[1:a]asplit=6[z0][z1][z2][z3][z4][z5];\
[s0][z0][c][z1][z2][z3][z4][z5]join=inputs=8:channel_layout=7.1" "${bx[@]}" -sample_fmt s16 -c:a flac "$out/eight-channel.flac"
# Silence (not an error: decodes to zeros).
ffq -f lavfi -i "anullsrc=r=16000:cl=mono" -t 0.5 "${bx[@]}" -c:a pcm_s16le "$out/silence.wav"
ffq -f lavfi -i "anullsrc=r=44100:cl=mono" -t 0.5 "${bx[@]}" -c:a libmp3lame -b:a 32k "$out/silence.mp3"
# Bad inputs.
mp3size=$(stat -c %s "$out/speech.mp3")
head -c $((mp3size / 2)) "$out/speech.mp3" > "$out/truncated.mp3"   # decodable prefix
m4asize=$(stat -c %s "$out/speech.m4a")
head -c $((m4asize * 6 / 10)) "$out/speech.m4a" > "$out/truncated.m4a" # moov atom (at the end) lost
# Corrupt WAV header: valid RIFF/WAVE magic, garbage in the fmt chunk (format tag 0xBEEF, 0 channels).
head -c 4000 "$out/speech-16k-s16.wav" > "$tmp/c.wav"
printf '\xef\xbe\x00\x00\xff\xff\xff\xff' | dd of="$tmp/c.wav" bs=1 seek=20 conv=notrunc status=none
cp "$tmp/c.wav" "$out/corrupt-header.wav"
printf 'These are meeting notes, not audio.\nAction items: none.\n' > "$out/not-media.mp3"
: > "$out/empty.wav"
ls -l "$out"
du -sb "$out"
