/** FLOP counts (multiply-add = 2) of the bench's diarization models (bench/generate-diarize-models.py). */

/**
 * FLOPs of one WeSpeaker ResNet34 (32 channels, [3, 4, 6, 3]) pass over T fbank frames: 3x3 convs
 * (and 1x1 shortcuts) at 80 x T, 40 x T/2, 20 x T/4, 10 x T/8, then the 5120 -> 256 projection.
 */
export function resnet34Flops(t) {
  let macs = 80 * t * 32 * 9; // stem
  let f = 80;
  let frames = t;
  let cin = 32;
  [3, 4, 6, 3].forEach((blocks, i) => {
    const c = 32 << i;
    if (i > 0) {
      f = Math.ceil(f / 2);
      frames = Math.ceil(frames / 2);
      macs += f * frames * c * cin; // 1x1 shortcut
    }
    for (let b = 0; b < blocks; b++) {
      macs += f * frames * c * (b === 0 ? cin : c) * 9 + f * frames * c * c * 9;
    }
    cin = c;
  });
  return 2 * (macs + 5120 * 256);
}

/** FLOPs of one 10 s segmentation window: sinc conv, two convs, 4 bidirectional LSTM layers, head. */
export function segmentationFlops() {
  const conv = 15975 * 80 * 251 + 5321 * 60 * 80 * 5 + 1769 * 60 * 60 * 5;
  const lstm = 589 * 2 * 4 * 128 * (60 + 128 + 3 * (256 + 128));
  const head = 589 * (256 * 128 + 128 * 128 + 128 * 7);
  return 2 * (conv + lstm + head);
}
