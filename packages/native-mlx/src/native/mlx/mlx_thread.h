// One thread owns all MLX work of the process.
//
// Why: MLX (0.32+) binds streams to threads. An array built on one thread records that thread's
// default stream, and evaluating it on another thread fails with "There is no Stream(cpu, 0) in
// current thread". Node-API AsyncWorkers run on whichever libuv pool thread is free, so load,
// encode and decode of one model would otherwise land on different threads. A stream made per
// worker would not help either: weights loaded (lazily) on one stream are then used on another.
// A single dedicated thread gives every array one stream, keeps MLX's graph building and
// evaluation single-threaded (MLX is not thread-safe across concurrent graph builders), and
// serializes the work of all models without per-model locks. Its cost is nothing: MLX's CPU
// backend parallelizes inside an op, and one model step at a time is what the decoder does.
//
// AsyncWorker::Execute (a libuv thread) hands its closure to run() and waits for it; JS never waits.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

namespace wxts {

class MlxThread {
 public:
  /** The process-wide MLX thread, started on first use and never stopped (it idles on a condition). */
  static MlxThread& instance() {
    static MlxThread* t = new MlxThread();  // leaked on purpose: no join during process teardown
    return *t;
  }

  /** Run f on the MLX thread and wait for its result; exceptions are rethrown here. */
  template <class F>
  auto run(F&& f) -> decltype(f()) {
    using R = decltype(f());
    auto task = std::make_shared<std::packaged_task<R()>>(std::forward<F>(f));
    std::future<R> done = task->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.emplace_back([task] { (*task)(); });
    }
    wake_.notify_one();
    return done.get();
  }

 private:
  MlxThread() : thread_([this] { loop(); }) { thread_.detach(); }

  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();  // packaged_task stores any exception for the waiting caller
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::thread thread_;
};

}  // namespace wxts
