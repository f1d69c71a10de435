// Options every subcommand shares (--quiet, --verbose, --help) and
// the parsing helper that turns Boost's errors into UsageError.
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace ketapgx::cli {

struct CommonOptions {
  bool quiet = false;
  bool verbose = false;
  bool help = false;
};

void add_common_options(boost::program_options::options_description& desc, CommonOptions& common);

// Parses `args` into `vm`; throws UsageError naming `command` on unknown or bad options.
void parse_args(const std::string& command, const std::vector<std::string>& args,
                const boost::program_options::options_description& desc, boost::program_options::variables_map& vm);

// Applies --quiet / --verbose to the logger and HTSlib.
void apply_logging(const CommonOptions& common);

// Prints "Usage: ketapgx COMMAND [options]" and the options to stdout.
void print_help(const std::string& command, const std::string& summary,
                const boost::program_options::options_description& desc);

}  // namespace ketapgx::cli
