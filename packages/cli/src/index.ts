export { main, redact, type CliIo } from './main.js';
export { buildProgram, type CliFlags, OUTPUT_FORMAT_CHOICES } from './flags.js';
export { flagProblems } from './validate-flags.js';
