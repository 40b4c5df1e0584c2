/**
 * Flags -> the core pipeline's typed options. Every flag the pipeline understands is mapped
 * here; nothing is accepted and then ignored.
 */
import type { PipelineOptions } from '@whisperx-ts/core';
import type { CliFlags } from './flags.js';

function temperatures(flags: CliFlags): number[] {
  const step = flags.temperature_increment_on_fallback;
  if (step === undefined || step === null || step <= 0) return [flags.temperature];
  const out: number[] = [];
  for (let t = flags.temperature; t <= 1.0 + 1e-6; t += step) out.push(Math.round(t * 1e6) / 1e6);
  return out;
}

/**
 * WhisperX's --fp16 (default True): float16 where the device computes it. On the CPU WhisperX
 * falls back to float32, and so does this: only a CUDA device turns the default into float16.
 * An explicit --compute_type wins.
 */
function computeType(flags: CliFlags): PipelineOptions['computeType'] {
  if (flags.compute_type === 'default' && flags.fp16 && flags.device === 'cuda') return 'float16';
  return flags.compute_type as PipelineOptions['computeType'];
}

/** `flags.device` must be concrete here (run.ts resolves `auto` first). */
export function pipelineOptionsFromFlags(flags: CliFlags): PipelineOptions {
  const alignEnabled = !flags.no_align && flags.task !== 'translate';
  return {
    model: flags.model,
    backend: flags.backend,
    device: flags.device as PipelineOptions['device'],
    deviceIndex: flags.device_index,
    computeType: computeType(flags),
    threads: flags.threads,
    cacheDir: flags.model_dir,
    localFilesOnly: flags.model_cache_only || undefined,
    hfToken: flags.hf_token,
    language: flags.language,
    task: flags.task,
    batchSize: flags.batch_size,
    chunkSize: flags.chunk_size,
    vadMethod: flags.vad_method,
    vadOptions: { onset: flags.vad_onset, offset: flags.vad_offset },
    asrOptions: {
      temperature: temperatures(flags),
      // None: one sample / no beam search (openai-whisper's meaning)
      bestOf: flags.best_of ?? 1,
      beamSize: flags.beam_size ?? 1,
      patience: flags.patience,
      lengthPenalty: flags.length_penalty,
      suppressTokens: flags.suppress_tokens.split(',').map((s) => Number.parseInt(s.trim(), 10)),
      suppressNumerals: flags.suppress_numerals,
      initialPrompt: flags.initial_prompt,
      hotwords: flags.hotwords,
      conditionOnPreviousText: flags.condition_on_previous_text,
      compressionRatioThreshold: flags.compression_ratio_threshold,
      logprobThreshold: flags.logprob_threshold,
      noSpeechThreshold: flags.no_speech_threshold,
      maxNewTokens: flags.max_new_tokens,
      seed: flags.seed,
    },
    align: alignEnabled
      ? {
          modelName: flags.align_model,
          interpolateMethod: flags.interpolate_method,
          returnCharAlignments: flags.return_char_alignments,
        }
      : false,
    diarize: flags.diarize
      ? {
          modelName: flags.diarize_model,
          embeddingModel: flags.speaker_embedding_model,
          minSpeakers: flags.min_speakers,
          maxSpeakers: flags.max_speakers,
          returnEmbeddings: flags.speaker_embeddings,
        }
      : false,
    segmentResolution: flags.segment_resolution,
  };
}
