// Runs independent jobs on N threads, starting them in a given order (longest first keeps the
// threads busy to the end), and returns their results in job order. With more than one
// thread each job's OpenMP work is limited to one thread, so N trainings share N cores instead
// of each spawning threads of its own.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace lab {

/// Calls job(i) for each i in `order` (a permutation of 0 .. n−1) on up to `threads` threads.
/// An exception from a job is rethrown after all threads have finished.
template <class Result>
std::vector<Result> run_jobs(const std::vector<std::size_t>& order, int threads,
                             const std::function<Result(std::size_t)>& job) {
  const std::size_t count = order.size();
  std::vector<Result> results(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  const auto worker = [&](bool single_threaded) {
#if defined(_OPENMP)
    if (single_threaded) omp_set_num_threads(1);  // this thread's OpenMP setting only
#else
    (void)single_threaded;
#endif
    for (std::size_t k; (k = next++) < count;) {
      const std::size_t i = order[k];
      try {
        results[i] = job(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), count));
  if (n <= 1) {
    worker(false);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < n; ++t) pool.emplace_back(worker, true);
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return results;
}

}  // namespace lab
