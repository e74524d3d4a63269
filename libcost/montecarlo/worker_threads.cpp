#include "montecarlo/worker_threads.h"

#include <exception>
#include <thread>
#include <vector>

namespace dbcost {

void run_workers(int threads, const std::function<void(int worker)>& work) {
  const int n = threads < 1 ? 1 : threads;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n));
  auto guarded = [&](int worker) {
    try {
      work(worker);
    } catch (...) {
      errors[static_cast<std::size_t>(worker)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(guarded, t);
  guarded(0);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace dbcost
