// A fixed pool for trial loops: work(0) .. work(threads - 1), worker 0 on the calling thread. Each
// worker takes its own share (trials k with k % threads == worker, say) so results never depend on
// scheduling. After all have joined, the first exception (by worker number) is rethrown.
#pragma once

#include <functional>

namespace dbcost {

void run_workers(int threads, const std::function<void(int worker)>& work);

}  // namespace dbcost
