// CPU time of the calling thread, for the speed figures of annals-eval: "tokens
// per second on one core" should not depend on what else the machine runs, as
// wall-clock time on a shared machine does.
#pragma once

#include <ctime>

namespace annals::cli {

/// Seconds of CPU time the calling thread has used so far.
inline double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace annals::cli
