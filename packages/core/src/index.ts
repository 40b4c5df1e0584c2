export * from './errors.js';
export * from './onnx/session.js';
