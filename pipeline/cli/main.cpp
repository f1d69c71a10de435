// The `ketapgx` binary: dispatches to a subcommand and maps the exceptions
// library code throws to exit codes (the only place that does).
#include <htslib/hts.h>

#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "ketapgx/core/errors.h"
#include "ketapgx/engine/engine.h"
#include "ketapgx/models/runtime_info.h"
#include "ketapgx_commit.h"
#include "ketapgx_config.h"
#include "util/build_info.h"
#include "util/data_dir.h"
#include "util/log.h"

namespace ketapgx::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"score", "the main job: predictions, star alleles, research dose suggestions, QC, report", run_score_command},
      {"merge", "gather the outputs of score runs on shards into one set", run_merge_command},
      {"qc", "check genotypes, expression and covariates before scoring", run_qc_command},
      {"call", "star-allele diplotypes and phenotypes for CYP2B6, CYP3A5, CYP3A4", run_call_command},
      {"prs", "weighted allele-dosage scores with PLINK 2 --score semantics", run_prs_command},
      {"features", "the feature matrix the model sees, as a TSV", run_features_command},
      {"simulate", "a synthetic trial cohort from a documented generative model", run_simulate_command},
      {"train", "train the response/metabolizer model and write a model bundle", run_train_command},
      {"evaluate", "metrics of a model bundle on labelled data", run_evaluate_command},
  };
  return list;
}

namespace {

void print_usage(std::ostream& os) {
  os << "ketapgx " << KETAPGX_VERSION
     << " — pharmacogenomic response prediction for ketamine/esketamine (research use only)\n\n"
        "Usage: ketapgx <command> [options]\n\nCommands:\n";
  for (const Command& c : commands()) os << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << '\n';
  os << "\nGlobal options:\n  --help      this help ('ketapgx help <command>' or 'ketapgx <command> --help' for a command's)\n"
        "  --version   versions of ketapgx, its data and components, one 'name<TAB>value' per line\n\n"
        "Examples (from the source tree):\n"
        "  ketapgx score --demo\n"
        "  ketapgx help score\n\n"
     << exit_code::kHelpText;
}

// The value after "KEY:" on a '#' line near the top of a bundled data file,
// or "unknown" when the file or the line is not there.
std::string data_file_tag(const std::string& relative, const std::string& key) {
  try {
    std::ifstream in(data_dir() + "/" + relative);
    std::string line;
    for (int n = 0; n < 50 && std::getline(in, line); ++n) {
      const std::size_t at = line.find(key + ":");
      if (at != std::string::npos) {
        std::string v = line.substr(at + key.size() + 1);
        while (!v.empty() && (v.front() == ' ' || v.front() == '"')) v.erase(0, 1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '"' || v.back() == ',' || v.back() == '\r')) v.pop_back();
        return v;
      }
    }
  } catch (const std::exception&) {
  }
  return "unknown";
}

// Machine-readable: one "name<TAB>value" line per component.
void print_version() {
  std::cout << "ketapgx\t" << KETAPGX_VERSION << '\n'
            << "commit\t" << build_commit() << '\n'
            << "pgx_definitions\t" << data_file_tag("configs/pgx/genes.tsv", "definitions_version") << '\n'
            << "default_model\t" << data_file_tag("models/default/manifest.json", "\"model_id\"") << '\n'
            << "htslib\t" << hts_version() << '\n'
            << "libtorch\t" << models::torch_version() << '\n'
            << "cuda_backend\t" << (cuda_backend_built() ? "built" : "not built") << '\n'
            << "cuda_devices\t" << cuda_device_count() << '\n';
}

std::string join_command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) {
    if (i) s += ' ';
    s += argv[i];
  }
  return s;
}

}  // namespace
}  // namespace ketapgx::cli

int main(int argc, char** argv) {
  using namespace ketapgx;
  namespace ec = ketapgx::exit_code;
  set_build_commit(KETAPGX_COMMIT);
  if (argc < 2) {
    cli::print_usage(std::cerr);
    return ec::kUsage;
  }
  std::string first = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (first == "--help" || first == "-h" || (first == "help" && args.empty())) {
    cli::print_usage(std::cout);
    return ec::kOk;
  }
  if (first == "--version") {
    cli::print_version();
    return ec::kOk;
  }
  if (first == "help") {  // 'ketapgx help score' is 'ketapgx score --help'
    first = args[0];
    args = {"--help"};
  }
  try {
    for (const cli::Command& c : cli::commands()) {
      if (first != c.name) continue;
      // 'ketapgx score --version' answers like 'ketapgx --version', whatever else is on the line.
      for (const auto& a : args)
        if (a == "--version") {
          cli::print_version();
          return ec::kOk;
        }
      return c.run(args, cli::join_command_line(argc, argv));
    }
    std::vector<std::string> names;
    for (const cli::Command& c : cli::commands()) names.emplace_back(c.name);
    const std::string near = cli::nearest_name(first, names);
    throw UsageError("unknown command '" + first + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                     " (see 'ketapgx --help')");
  } catch (const UsageError& e) {
    log::error(e.what());
    return ec::kUsage;
  } catch (const InputError& e) {
    log::error(e.what());
    return ec::kInput;
  } catch (const ModelError& e) {
    log::error(e.what());
    return ec::kModel;
  } catch (const std::bad_alloc&) {
    log::error("out of memory; reduce --block-mb or --threads");
    return ec::kRuntime;
  } catch (const std::exception& e) {
    log::error(e.what());
    return ec::kRuntime;
  }
}
