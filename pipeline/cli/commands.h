// The subcommands of the `ketapgx` binary. Each parses its own options
// (Boost.Program_options lives only in pipeline/cli/), validates them, runs,
// and returns an exit code; errors are thrown and mapped to codes in main().
#pragma once

#include <string>
#include <vector>

namespace ketapgx::cli {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args, const std::string& command_line);
};

const std::vector<Command>& commands();

int run_call_command(const std::vector<std::string>& args, const std::string& command_line);
int run_features_command(const std::vector<std::string>& args, const std::string& command_line);
int run_simulate_command(const std::vector<std::string>& args, const std::string& command_line);
int run_train_command(const std::vector<std::string>& args, const std::string& command_line);
int run_evaluate_command(const std::vector<std::string>& args, const std::string& command_line);
int run_score_command(const std::vector<std::string>& args, const std::string& command_line);
int run_merge_command(const std::vector<std::string>& args, const std::string& command_line);
int run_prs_command(const std::vector<std::string>& args, const std::string& command_line);
int run_qc_command(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace ketapgx::cli
