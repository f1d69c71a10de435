// Numeric command-line options, checked as they are parsed: decimal only
// (no hex, inf, nan), within a stated range, the message naming the option.
// Boost's own parsing would wrap '-5' into a huge unsigned value, take 'nan'
// as a number, and say 'cannot be converted' without the range.
#pragma once

#include <boost/program_options.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ketapgx::cli {

// A whole number in [lo, hi] stored into *target (int, or std::size_t / std::uint64_t, one type here).
template <class T>
boost::program_options::typed_value<std::string>* whole_number(T* target, const std::string& option, std::int64_t lo,
                                                               std::int64_t hi);

// A decimal number in [lo, hi] stored into *target.
boost::program_options::typed_value<std::string>* decimal_number(double* target, const std::string& option, double lo, double hi);

// --threads: 1 or more, by default core_count(); above kMaxThreadsPerCore x the machine's cores it is
// lowered to that, with a warning (more threads than that only add overhead,
// and libgomp fails outright on tens of thousands).
constexpr int kMaxThreadsPerCore = 4;
// The cores this process may use: its CPU affinity, capped by a cgroup v2
// CPU quota; --threads' default.
int core_count();
int max_threads();
boost::program_options::typed_value<std::string>* thread_count(int* target);

// Warnings found while parsing (e.g. --threads lowered), printed by
// apply_logging() once --quiet/--verbose are known.
std::vector<std::string>& deferred_warnings();

}  // namespace ketapgx::cli
