#include "cli/common_options.h"

#include <htslib/hts_log.h>

#include <iostream>

#include "cli/help.h"
#include "cli/number_options.h"
#include "ketapgx/core/errors.h"
#include "util/input_paths.h"
#include "util/log.h"

namespace po = boost::program_options;

namespace ketapgx::cli {

void add_common_options(po::options_description& desc, CommonOptions& common) {
  desc.add_options()
      ("quiet,q", po::bool_switch(&common.quiet), "print only errors on stderr")
      ("verbose,v", po::bool_switch(&common.verbose), "print debugging detail on stderr")
      ("help,h", po::bool_switch(&common.help), "show this help")
      ("version", po::bool_switch(&common.version), "versions of ketapgx, its data and components (as 'ketapgx --version')");
}

void parse_args(const std::string& command, const std::vector<std::string>& args, const po::options_description& desc,
                po::variables_map& vm, const po::positional_options_description* positional) {
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::string typed = e.get_option_name();
    while (!typed.empty() && typed[0] == '-') typed.erase(0, 1);
    const std::string near = nearest_name(typed, long_option_names(desc));
    throw UsageError(command + ": unrecognised option '" + e.get_option_name() + "'" +
                     (near.empty() ? "" : "; did you mean --" + near + "?") + " (see 'ketapgx " + command + " --help')");
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + " (see 'ketapgx " + command + " --help')");
  }
  // Every option that names an input file, whichever command declares it: a
  // pipe or '-' given to two of them would be read by one and found empty by
  // the other.
  static const char* const kInputFileOptions[] = {"vcf", "samples", "expression", "covariates", "outcomes", "weights",
                                                  "read-freq", "outside-calls", "panel", "gene-sets", "dose-rules",
                                                  "config", "expect-samples", "pgs"};
  std::vector<std::pair<std::string, std::string>> inputs;
  for (const char* name : kInputFileOptions)
    if (vm.count(name) && !vm[name].defaulted() && !(command == "simulate" && std::string(name) == "samples")) {
      if (const auto* v = boost::any_cast<std::string>(&vm[name].value())) inputs.emplace_back(std::string("--") + name, *v);
      if (const auto* v = boost::any_cast<std::vector<std::string>>(&vm[name].value()))
        for (const auto& one : *v) inputs.emplace_back(std::string("--") + name, one);
    }
  check_streams_used_once(inputs);
}

void apply_logging(const CommonOptions& common) {
  if (common.quiet && common.verbose) throw UsageError("--quiet and --verbose contradict each other");
  struct Flush {  // the warnings parsing found, at the level just set
    ~Flush() {
      for (const auto& w : deferred_warnings()) log::warn(w);
      deferred_warnings().clear();
    }
  } flush;
  if (common.quiet) {
    log::set_level(log::Level::Error);
    hts_set_log_level(HTS_LOG_OFF);
  } else if (common.verbose) {
    log::set_level(log::Level::Debug);
    hts_set_log_level(HTS_LOG_WARNING);  // HTSlib's info level only says which index file it opened
  } else {
    log::set_level(log::Level::Info);
    hts_set_log_level(HTS_LOG_OFF);
  }
}


}  // namespace ketapgx::cli
