export { createMlxExecutor, pickBackend } from './mlx-backend.js';
export type {
  BackendChoice,
  BackendProbe,
  MlxDecodeSession,
  MlxExecutorOptions,
  MlxLoadOptions,
  MlxNativeEncoded,
  MlxNativeModel,
  MlxNativeModule,
  MlxNativeState,
  MlxWhisperExecutor,
} from './mlx-backend.js';
