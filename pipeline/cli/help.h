// What `ketapgx COMMAND --help` prints, and the "did you mean" suggestions
// for mistyped commands and options.
#pragma once

#include <boost/program_options.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace ketapgx::cli {

struct HelpText {
  std::string summary;                // what the command does, a few lines
  std::vector<std::string> outputs;   // the files it writes, "PREFIX.x.tsv  what it holds"
  std::vector<std::string> examples;  // whole command lines run from the source tree (tests run every one)
};

// "Usage: ketapgx COMMAND [options]", the summary, the options (each default
// written once, as "(default: X)"), the outputs, the examples and the exit codes.
void print_help(std::ostream& os, const std::string& command, const HelpText& help,
                const boost::program_options::options_description& desc);

// Boost's option table with every "(=X)" default moved to the end of its
// option's description as "(default: X)", unless the description already says
// its default.
std::string format_options(const boost::program_options::options_description& desc);

// Levenshtein distance (insertions, deletions, substitutions, transpositions of
// neighbours each cost 1).
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate nearest to `typed` when near enough to be a typo (distance at
// most 1 for short names, 2 from 5 characters, a third of the length beyond),
// or one that starts with it; "" when none is.
std::string nearest_name(const std::string& typed, const std::vector<std::string>& candidates);

// Every long option name of `desc` ("vcf", "threads", ...).
std::vector<std::string> long_option_names(const boost::program_options::options_description& desc);

}  // namespace ketapgx::cli
