#include "cli/number_options.h"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <thread>

#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "util/text.h"

namespace po = boost::program_options;

namespace ketapgx::cli {
namespace {

std::string range_text(std::int64_t lo, std::int64_t hi) { return "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi); }

std::int64_t parse_whole(const std::string& option, const std::string& s, std::int64_t lo, std::int64_t hi) {
  const auto v = text::parse_int(text::trim(s));
  if (!v || *v < lo || *v > hi) throw UsageError("--" + option + ": expected " + range_text(lo, hi) + ", got '" + s + "'");
  return *v;
}

}  // namespace

template <class T>
po::typed_value<std::string>* whole_number(T* target, const std::string& option, std::int64_t lo, std::int64_t hi) {
  return po::value<std::string>()->notifier([target, option, lo, hi](const std::string& s) {
    *target = static_cast<T>(parse_whole(option, s, lo, hi));
  });
}
template po::typed_value<std::string>* whole_number<int>(int*, const std::string&, std::int64_t, std::int64_t);
template po::typed_value<std::string>* whole_number<std::size_t>(std::size_t*, const std::string&, std::int64_t, std::int64_t);

po::typed_value<std::string>* decimal_number(double* target, const std::string& option, double lo, double hi) {
  return po::value<std::string>()->notifier([target, option, lo, hi](const std::string& s) {
    const auto v = text::parse_double(text::trim(s));
    if (!v || !(*v >= lo && *v <= hi))
      throw UsageError("--" + option + ": expected a decimal number from " + format_double(lo, 6) + " to " + format_double(hi, 6) +
                       ", got '" + s + "'");
    *target = *v;
  });
}

int core_count() {
  // The CPUs this process may run on (a container's --cpuset-cpus, taskset,
  // a batch scheduler's binding), not the host's.
  int cores = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) cores = CPU_COUNT(&set);
  if (cores <= 0) cores = static_cast<int>(std::thread::hardware_concurrency());
  // A cgroup v2 CPU quota ('200000 100000' = 2 CPUs: docker --cpus 2,
  // Kubernetes limits) caps it further.
  std::ifstream quota("/sys/fs/cgroup/cpu.max");
  std::string max_text;
  double period = 0;
  if (quota >> max_text >> period && max_text != "max" && period > 0) {
    if (const auto q = text::parse_double(max_text); q && *q > 0)
      cores = std::min(cores > 0 ? cores : 1 << 20, std::max(1, static_cast<int>(std::ceil(*q / period))));
  }
  return std::max(1, cores);
}

int max_threads() { return kMaxThreadsPerCore * core_count(); }

po::typed_value<std::string>* thread_count(int* target) {
  return po::value<std::string>()->default_value(std::to_string(core_count()))->notifier([target](const std::string& s) {
    const auto v = text::parse_int(text::trim(s));
    if (!v || *v < 1) throw UsageError("--threads: expected a whole number of 1 or more, got '" + s + "'");
    const int cap = max_threads();
    if (*v > cap) {
      deferred_warnings().push_back("--threads " + s + " is more than " + std::to_string(kMaxThreadsPerCore) + " x the " +
                                    std::to_string(cap / kMaxThreadsPerCore) + " cores here; using " + std::to_string(cap));
      *target = cap;
    } else {
      *target = static_cast<int>(*v);
    }
  });
}

std::vector<std::string>& deferred_warnings() {
  static std::vector<std::string> w;
  return w;
}

}  // namespace ketapgx::cli
