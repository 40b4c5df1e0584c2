import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFirstRepoFile } from './diarize-stage.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diarize-stage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveFirstRepoFile offline', () => {
  const request = {
    repo: 'pyannote/speaker-diarization-community-1',
    files: ['config.yaml'],
    cacheDir: path.join(tmp, 'empty-hub'),
    localFilesOnly: true,
  };

  it('names the option that picks the model, not --model', async () => {
    const call = resolveFirstRepoFile({ ...request, option: '--diarize_model' });
    await expect(call).rejects.toThrow(/pyannote\/speaker-diarization-community-1 .*not in the Hugging Face cache/);
    await expect(call).rejects.toThrow(/pass --diarize_model <local folder or \.onnx file> holding the model/);
    await expect(call).rejects.not.toThrow(/--model </);
    const embedding = resolveFirstRepoFile({ ...request, option: '--speaker_embedding_model' });
    await expect(embedding).rejects.toThrow(/pass --speaker_embedding_model </);
  });

  it('falls back to --model when the caller names no option', async () => {
    await expect(resolveFirstRepoFile(request)).rejects.toThrow(/pass --model </);
  });
});
