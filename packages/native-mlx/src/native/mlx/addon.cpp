// Node-API surface of the MLX executor (node-addon-api). Heavy calls (load, encode, decode step) are
// Napi::AsyncWorkers returning promises; their Execute hands the MLX work to the one MLX thread
// (mlx_thread.h says why), which also serializes it.
// JS shapes are documented in src/native-types.ts.
#include <napi.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "mlx_thread.h"
#include "whisper_model.h"

#ifndef WXTS_MLX_VERSION_STRING
#define WXTS_MLX_VERSION_STRING "unknown"
#endif

namespace wxts {
namespace {

struct AddonData {
  Napi::FunctionReference model, encoded, state;
};

struct StateImpl {
  std::shared_ptr<WhisperModel> model;
  DecodeState state;
  std::atomic<bool> busy{false};
};

class EncodedWrap : public Napi::ObjectWrap<EncodedWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "MlxEncoded",
                       {InstanceAccessor<&EncodedWrap::BatchSize>("batchSize"),
                        InstanceMethod<&EncodedWrap::Dispose>("dispose")});
  }
  explicit EncodedWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EncodedWrap>(info) {}
  std::shared_ptr<EncodedBatch> impl;
  std::shared_ptr<WhisperModel> model;

 private:
  Napi::Value BatchSize(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), impl ? impl->batchSize : 0); }
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    impl.reset();
    return info.Env().Undefined();
  }
};

class StateWrap : public Napi::ObjectWrap<StateWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "MlxDecodeState",
                       {InstanceAccessor<&StateWrap::Rows>("rows"), InstanceAccessor<&StateWrap::Length>("length"),
                        InstanceMethod<&StateWrap::Select>("select"), InstanceMethod<&StateWrap::Dispose>("dispose")});
  }
  explicit StateWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<StateWrap>(info) {}
  std::shared_ptr<StateImpl> impl;

 private:
  Napi::Value Rows(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), impl ? impl->state.liveRows() : 0); }
  Napi::Value Length(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), impl ? impl->state.length : 0); }
  Napi::Value Select(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!impl) throw Napi::Error::New(env, "decode state was disposed");
    if (impl->busy) throw Napi::Error::New(env, "select() while a decode step is running; await the step first");
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
      throw Napi::TypeError::New(env, "select(rowIndices) needs an Int32Array");
    Napi::Int32Array idx = info[0].As<Napi::Int32Array>();
    const int rows = impl->state.liveRows();
    std::vector<int32_t> v(idx.Data(), idx.Data() + idx.ElementLength());
    if (v.empty()) throw Napi::RangeError::New(env, "select() needs at least one row");
    for (int32_t i : v)
      if (i < 0 || i >= rows) throw Napi::RangeError::New(env, "select(): row " + std::to_string(i) + " is outside 0.." + std::to_string(rows - 1));
    impl->state.select(v);
    return env.Undefined();
  }
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    impl.reset();
    return info.Env().Undefined();
  }
};

Napi::Object makeInfo(Napi::Env env, const WhisperModel& m) {
  const ModelDims& d = m.config().dims;
  Napi::Object dims = Napi::Object::New(env);
  dims.Set("nMels", d.nMels);
  dims.Set("nVocab", d.nVocab);
  dims.Set("nAudioCtx", d.nAudioCtx);
  dims.Set("nAudioState", d.nAudioState);
  dims.Set("nAudioHead", d.nAudioHead);
  dims.Set("nAudioLayer", d.nAudioLayer);
  dims.Set("nTextCtx", d.nTextCtx);
  dims.Set("nTextState", d.nTextState);
  dims.Set("nTextHead", d.nTextHead);
  dims.Set("nTextLayer", d.nTextLayer);
  Napi::Array heads = Napi::Array::New(env, m.alignmentHeads().size());
  for (size_t i = 0; i < m.alignmentHeads().size(); i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, m.alignmentHeads()[i].first);
    pair.Set(1u, m.alignmentHeads()[i].second);
    heads.Set(static_cast<uint32_t>(i), pair);
  }
  Napi::Object info = Napi::Object::New(env);
  info.Set("dims", dims);
  info.Set("layout", m.hfLayout() ? "hf" : "mlx");
  info.Set("weightsFile", m.weightsFile());
  info.Set("dtype", m.dtypeName());
  info.Set("quantBits", m.quantBits());
  info.Set("groupSize", m.groupSize());
  info.Set("alignmentHeads", heads);
  info.Set("mlxVersion", WXTS_MLX_VERSION_STRING);
  info.Set("device", mx::default_device().type == mx::Device::gpu ? "gpu" : "cpu");
  return info;
}

class ModelWrap;

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, std::string dir, LoadOptions options)
      : Napi::AsyncWorker(env), deferred(Napi::Promise::Deferred::New(env)), dir_(std::move(dir)), options_(std::move(options)) {}
  Napi::Promise::Deferred deferred;
  void Execute() override {
    try {
      model_ = MlxThread::instance().run([this] { return WhisperModel::load(dir_, options_); });
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override;
  void OnError(const Napi::Error& e) override { deferred.Reject(e.Value()); }

 private:
  std::string dir_;
  LoadOptions options_;
  std::shared_ptr<WhisperModel> model_;
};

class EncodeWorker : public Napi::AsyncWorker {
 public:
  EncodeWorker(Napi::Env env, std::shared_ptr<WhisperModel> m, std::vector<float> mel, int batch)
      : Napi::AsyncWorker(env), deferred(Napi::Promise::Deferred::New(env)), model_(std::move(m)), mel_(std::move(mel)), batch_(batch) {}
  Napi::Promise::Deferred deferred;
  void Execute() override {
    try {
      result_ = MlxThread::instance().run([this] { return model_->encode(mel_.data(), batch_); });
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    auto* data = Env().GetInstanceData<AddonData>();
    Napi::Object obj = data->encoded.New({});
    EncodedWrap* w = EncodedWrap::Unwrap(obj);
    w->impl = result_;
    w->model = model_;
    deferred.Resolve(obj);
  }
  void OnError(const Napi::Error& e) override { deferred.Reject(e.Value()); }

 private:
  std::shared_ptr<WhisperModel> model_;
  std::vector<float> mel_;
  int batch_;
  std::shared_ptr<EncodedBatch> result_;
};

class StepWorker : public Napi::AsyncWorker {
 public:
  StepWorker(Napi::Env env, std::shared_ptr<StateImpl> s, std::vector<int32_t> tokens, int perRow, bool align)
      : Napi::AsyncWorker(env), deferred(Napi::Promise::Deferred::New(env)), state_(std::move(s)), tokens_(std::move(tokens)),
        perRow_(perRow), align_(align) {}
  Napi::Promise::Deferred deferred;
  void Execute() override {
    try {
      result_ = MlxThread::instance().run(
          [this] { return state_->model->step(state_->state, tokens_.data(), perRow_, align_); });
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    state_->busy = false;
    Napi::Object out = Napi::Object::New(env);
    Napi::Float32Array logits = Napi::Float32Array::New(env, result_.logits.size());
    std::copy(result_.logits.begin(), result_.logits.end(), logits.Data());
    out.Set("logits", logits);
    if (!result_.crossAttention.empty()) {
      Napi::Float32Array cross = Napi::Float32Array::New(env, result_.crossAttention.size());
      std::copy(result_.crossAttention.begin(), result_.crossAttention.end(), cross.Data());
      out.Set("crossAttention", cross);
    }
    deferred.Resolve(out);
  }
  void OnError(const Napi::Error& e) override {
    state_->busy = false;
    deferred.Reject(e.Value());
  }

 private:
  std::shared_ptr<StateImpl> state_;
  std::vector<int32_t> tokens_;
  int perRow_;
  bool align_;
  StepResult result_;
};

class StatesWorker : public Napi::AsyncWorker {
 public:
  StatesWorker(Napi::Env env, std::shared_ptr<WhisperModel> m, std::shared_ptr<EncodedBatch> e)
      : Napi::AsyncWorker(env), deferred(Napi::Promise::Deferred::New(env)), model_(std::move(m)), encoded_(std::move(e)) {}
  Napi::Promise::Deferred deferred;
  void Execute() override {
    try {
      values_ = MlxThread::instance().run([this] { return model_->encoderStates(*encoded_); });
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    Napi::Float32Array out = Napi::Float32Array::New(Env(), values_.size());
    std::copy(values_.begin(), values_.end(), out.Data());
    deferred.Resolve(out);
  }
  void OnError(const Napi::Error& e) override { deferred.Reject(e.Value()); }

 private:
  std::shared_ptr<WhisperModel> model_;
  std::shared_ptr<EncodedBatch> encoded_;
  std::vector<float> values_;
};

class ModelWrap : public Napi::ObjectWrap<ModelWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "MlxWhisperModel",
                       {InstanceMethod<&ModelWrap::Encode>("encode"), InstanceMethod<&ModelWrap::StartDecode>("startDecode"),
                        InstanceMethod<&ModelWrap::Decode>("decode"),
                        InstanceMethod<&ModelWrap::EncoderStates>("encoderStates"),
                        InstanceMethod<&ModelWrap::Dispose>("dispose")});
  }
  explicit ModelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ModelWrap>(info) {}
  std::shared_ptr<WhisperModel> impl;

 private:
  std::shared_ptr<WhisperModel> live(Napi::Env env) {
    if (!impl) throw Napi::Error::New(env, "MLX Whisper model was disposed");
    return impl;
  }
  Napi::Value Encode(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto m = live(env);
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array || !info[1].IsNumber())
      throw Napi::TypeError::New(env, "encode(mel: Float32Array, batchSize: number)");
    Napi::Float32Array mel = info[0].As<Napi::Float32Array>();
    const int batch = info[1].As<Napi::Number>().Int32Value();
    const size_t want = static_cast<size_t>(batch) * m->config().dims.nMels * 2 * m->config().dims.nAudioCtx;
    if (batch <= 0 || mel.ElementLength() != want)
      throw Napi::RangeError::New(env, "encode(): mel has " + std::to_string(mel.ElementLength()) + " values, expected " + std::to_string(want) +
                                           " = batchSize x nMels x 3000");
    auto* w = new EncodeWorker(env, m, std::vector<float>(mel.Data(), mel.Data() + mel.ElementLength()), batch);
    Napi::Promise p = w->deferred.Promise();
    w->Queue();
    return p;
  }
  Napi::Value EncoderStates(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto m = live(env);
    auto* data = env.GetInstanceData<AddonData>();
    if (!info[0].IsObject() || !info[0].As<Napi::Object>().InstanceOf(data->encoded.Value()))
      throw Napi::TypeError::New(env, "encoderStates(encoded: MlxEncoded)");
    EncodedWrap* enc = EncodedWrap::Unwrap(info[0].As<Napi::Object>());
    if (!enc->impl) throw Napi::Error::New(env, "encoderStates(): the encoded batch was disposed");
    if (enc->model != m) throw Napi::Error::New(env, "encoderStates(): the encoded batch belongs to another model");
    auto* w = new StatesWorker(env, m, enc->impl);
    Napi::Promise p = w->deferred.Promise();
    w->Queue();
    return p;
  }
  Napi::Value StartDecode(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto m = live(env);
    auto* data = env.GetInstanceData<AddonData>();
    if (!info[0].IsObject() || !info[0].As<Napi::Object>().InstanceOf(data->encoded.Value()) || !info[1].IsTypedArray())
      throw Napi::TypeError::New(env, "startDecode(encoded: MlxEncoded, rowSources: Int32Array)");
    EncodedWrap* enc = EncodedWrap::Unwrap(info[0].As<Napi::Object>());
    if (!enc->impl) throw Napi::Error::New(env, "startDecode(): the encoded batch was disposed");
    if (enc->model != m) throw Napi::Error::New(env, "startDecode(): the encoded batch belongs to another model");
    Napi::Int32Array src = info[1].As<Napi::Int32Array>();
    auto impl = std::make_shared<StateImpl>();
    impl->model = m;
    impl->state.encoded = enc->impl;
    for (size_t i = 0; i < src.ElementLength(); i++) {
      int32_t s = src[i];
      if (s < 0 || s >= enc->impl->batchSize)
        throw Napi::RangeError::New(env, "startDecode(): row source " + std::to_string(s) + " is outside the encoded batch");
      impl->state.rowSources.push_back(s);
    }
    if (impl->state.rowSources.empty()) throw Napi::RangeError::New(env, "startDecode(): no rows");
    Napi::Object obj = data->state.New({});
    StateWrap::Unwrap(obj)->impl = impl;
    return obj;
  }
  Napi::Value Decode(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    live(env);
    auto* data = env.GetInstanceData<AddonData>();
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array || !info[1].IsNumber() ||
        !info[2].IsObject() || !info[2].As<Napi::Object>().InstanceOf(data->state.Value()))
      throw Napi::TypeError::New(env, "decode(tokens: Int32Array, tokensPerRow: number, state: MlxDecodeState, options?)");
    StateWrap* sw = StateWrap::Unwrap(info[2].As<Napi::Object>());
    if (!sw->impl) throw Napi::Error::New(env, "decode(): the decode state was disposed");
    if (sw->impl->busy) throw Napi::Error::New(env, "decode(): a step is already running on this state; await it first");
    Napi::Int32Array tokens = info[0].As<Napi::Int32Array>();
    const int perRow = info[1].As<Napi::Number>().Int32Value();
    const size_t want = static_cast<size_t>(sw->impl->state.liveRows()) * static_cast<size_t>(perRow > 0 ? perRow : 0);
    if (perRow <= 0 || tokens.ElementLength() != want)
      throw Napi::RangeError::New(env, "decode(): " + std::to_string(tokens.ElementLength()) + " tokens for " +
                                           std::to_string(sw->impl->state.liveRows()) + " rows x " + std::to_string(perRow));
    bool align = false;
    if (info.Length() > 3 && info[3].IsObject()) {
      Napi::Value a = info[3].As<Napi::Object>().Get("withAlignment");
      align = a.IsBoolean() && a.As<Napi::Boolean>().Value();
    }
    sw->impl->busy = true;
    auto* w = new StepWorker(env, sw->impl, std::vector<int32_t>(tokens.Data(), tokens.Data() + tokens.ElementLength()), perRow, align);
    Napi::Promise p = w->deferred.Promise();
    w->Queue();
    return p;
  }
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    impl.reset();
    return info.Env().Undefined();
  }
};

void LoadWorker::OnOK() {
  Napi::Env env = Env();
  auto* data = env.GetInstanceData<AddonData>();
  Napi::Object obj = data->model.New({});
  ModelWrap::Unwrap(obj)->impl = model_;
  obj.DefineProperty(Napi::PropertyDescriptor::Value("info", makeInfo(env, *model_), napi_enumerable));
  deferred.Resolve(obj);
}

Napi::Value LoadWhisper(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString() || !info[1].IsObject())
    throw Napi::TypeError::New(env, "loadWhisper(dir: string, options: {dtype, quantBits, groupSize, alignmentHeads?})");
  Napi::Object o = info[1].As<Napi::Object>();
  LoadOptions options;
  if (o.Get("dtype").IsString()) options.dtype = o.Get("dtype").As<Napi::String>().Utf8Value();
  if (o.Get("quantBits").IsNumber()) options.quantBits = o.Get("quantBits").As<Napi::Number>().Int32Value();
  if (o.Get("groupSize").IsNumber()) options.groupSize = o.Get("groupSize").As<Napi::Number>().Int32Value();
  if (o.Get("alignmentHeads").IsArray()) {
    Napi::Array heads = o.Get("alignmentHeads").As<Napi::Array>();
    for (uint32_t i = 0; i < heads.Length(); i++) {
      Napi::Array pair = heads.Get(i).As<Napi::Array>();
      options.alignmentHeads.emplace_back(pair.Get(0u).As<Napi::Number>().Int32Value(), pair.Get(1u).As<Napi::Number>().Int32Value());
    }
  }
  auto* w = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value(), options);
  Napi::Promise p = w->deferred.Promise();
  w->Queue();
  return p;
}

Napi::Value MlxVersion(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), WXTS_MLX_VERSION_STRING); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->model = Napi::Persistent(ModelWrap::Define(env));
  data->encoded = Napi::Persistent(EncodedWrap::Define(env));
  data->state = Napi::Persistent(StateWrap::Define(env));
  env.SetInstanceData<AddonData>(data);
  exports.Set("loadWhisper", Napi::Function::New(env, LoadWhisper, "loadWhisper"));
  exports.Set("mlxVersion", Napi::Function::New(env, MlxVersion, "mlxVersion"));
  return exports;
}

}  // namespace
}  // namespace wxts

static Napi::Object InitWhisperxMlx(Napi::Env env, Napi::Object exports) { return wxts::Init(env, exports); }

NODE_API_MODULE(whisperx_mlx, InitWhisperxMlx)
