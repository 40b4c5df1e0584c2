#!/usr/bin/env node
/** `pnpm eval:wer`: see eval/eval-wer.ts. */
import { evalWerMain } from './eval/eval-wer.js';

process.exitCode = await evalWerMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
