// Preload for tests (`node --import ./trace-imports.mjs`): records every module URL the
// process resolves into the file named by TRACE_IMPORTS_FILE.
import { register } from 'node:module';

register('./trace-imports-hooks.mjs', import.meta.url, { data: { file: process.env.TRACE_IMPORTS_FILE } });
