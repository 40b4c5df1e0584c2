#!/usr/bin/env node
/**
 * `pnpm eval:der --ref REF.rttm --hyp HYP.rttm [--collar 0.25] [--skip-overlap] [--json]`:
 * diarization error rate with NIST md-eval semantics.
 */
import { derMain } from '@whisperx-ts/core';

process.exitCode = derMain(process.argv.slice(2));
