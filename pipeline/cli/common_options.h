// Options every subcommand shares (--quiet, --verbose, --help, --version) and
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
  bool version = false;  // main() answers it before the command runs
};

void add_common_options(boost::program_options::options_description& desc, CommonOptions& common);

// Parses `args` into `vm`; throws UsageError naming `command` on unknown or bad options.
// An unknown option's message suggests the nearest known one ("did you mean --vcf?").
void parse_args(const std::string& command, const std::vector<std::string>& args,
                const boost::program_options::options_description& desc, boost::program_options::variables_map& vm,
                const boost::program_options::positional_options_description* positional = nullptr);

// Applies --quiet / --verbose to the logger and HTSlib. HTSlib's own log
// lines are shown with --verbose only: ketapgx reports every failure itself,
// naming the file and option, and HTSlib's raw "[E::hts_open_format]" above
// it only confused.
void apply_logging(const CommonOptions& common);

}  // namespace ketapgx::cli
