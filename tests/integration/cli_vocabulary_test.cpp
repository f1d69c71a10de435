// One command-line vocabulary across the commands: help (its examples run
// here, every one, and the README's), 'help CMD', 'CMD --version', "did you
// mean", the old option names kept as aliases, defaults written one way,
// train's --out given with a trailing slash and a flag for every config key,
// HTSlib's own log lines silenced, prs's PREFIX.log, evaluate's predictions
// with score's columns, and the man page and bash completion the build writes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <regex>

#include "support/test_support.h"

namespace ketapgx {
namespace {

const std::string kExample = test::source_dir() + "/examples/cohort/";
const std::vector<std::string> kCommands = {"score", "merge", "qc", "call", "prs", "features", "simulate", "train", "evaluate"};

// A help text with its line wrapping undone (runs of whitespace as one space).
std::string flat(const std::string& help) { return std::regex_replace(help, std::regex(R"(\s+)"), " "); }

// The lines of a help text's "Examples" block.
std::vector<std::string> examples_of(const std::string& help) {
  std::vector<std::string> out;
  bool in = false;
  for (const auto& line : test::split(help, '\n')) {
    if (line.rfind("Examples", 0) == 0) {
      in = true;
      continue;
    }
    if (in && line.empty()) break;
    if (in) out.push_back(line.substr(line.find_first_not_of(' ')));
  }
  return out;
}

// A directory where examples written for the source tree run: its examples/
// and models/ linked in, and bin/ketapgx (put on PATH by run_in_sandbox).
bool make_source_tree_sandbox(const test::TempDir& d) {
  return test::run("mkdir -p " + d.file("bin") + " && ln -s " + test::binary() + " " + d.file("bin/ketapgx") + " && ln -s " +
                   test::source_dir() + "/examples " + d.file("examples") + " && ln -s " + test::source_dir() + "/models " +
                   d.file("models"))
             .exit_code == 0;
}
test::CommandResult run_in_sandbox(const test::TempDir& d, const std::string& command_line) {
  return test::run("cd " + d.path() + " && PATH=" + d.file("bin") + ":$PATH " + command_line + " --quiet");
}

TEST(CliVocabulary, EveryHelpHasExamplesAndEveryExampleRuns) {
  // The examples are written to be run from the source tree: a directory
  // with its examples/ and models/, and 'ketapgx' on PATH.
  test::TempDir d;
  ASSERT_TRUE(make_source_tree_sandbox(d));
  std::size_t ran = 0;
  for (const auto& c : kCommands) {
    const auto help = test::run_ketapgx(c + " --help");
    ASSERT_EQ(help.exit_code, 0) << c;
    const auto examples = examples_of(help.out);
    EXPECT_FALSE(examples.empty()) << c << " --help has no examples";
    for (const auto& e : examples) {
      ASSERT_EQ(e.rfind("ketapgx " + c, 0) == 0 || (c == "merge" && e.rfind("ketapgx score", 0) == 0), true) << e;
      const auto r = run_in_sandbox(d, e);
      EXPECT_EQ(r.exit_code, 0) << "example of '" << c << " --help' failed: " << e << "\n" << r.err;
      ++ran;
    }
  }
  EXPECT_GE(ran, kCommands.size());
  // What the examples say they write is there.
  for (const char* f : {"results/cohort.report.html", "results/merged.predictions.tsv", "calls/cohort.pgx.tsv", "scores/cohort.sscore",
                        "sim/cohort.vcf.gz", "bundle/manifest.json", "eval/cohort.metrics.json", "ketapgx-demo.predictions.tsv"})
    EXPECT_FALSE(test::read_file(d.file(f)).empty()) << f;
}

TEST(CliVocabulary, HelpListsOutputsAndWritesDefaultsOneWay) {
  const std::regex boost_default(R"(^  \S.* \(=)"), bracket_default(R"(\[[0-9.]+\]$)");
  for (const auto& c : kCommands) {
    const auto r = test::run_ketapgx(c + " --help");
    for (const auto& line : test::split(r.out, '\n')) {
      EXPECT_FALSE(std::regex_search(line, boost_default)) << c << ": " << line;
      EXPECT_FALSE(std::regex_search(line, bracket_default)) << c << ": " << line;
    }
    EXPECT_NE(r.out.find("\nOutputs:\n"), std::string::npos) << c;
    // The options table keeps Boost's layout after the rewrite: every line
    // within 80 columns, each description in one column (that of the wrapped
    // lines), so "(=X)" taken out of a long name left no ragged line.
    const std::string options = r.out.substr(0, r.out.find("\nOutputs:\n"));
    std::map<std::size_t, std::size_t> indents;
    const std::size_t summary = options.find("\n\n") + 2;  // Usage, summary, then the table
    const auto lines = test::split(options.substr(options.find("\n\n", summary) + 2), '\n');
    for (const auto& line : lines)
      if (line.rfind("   ", 0) == 0) ++indents[line.find_first_not_of(' ')];
    ASSERT_FALSE(indents.empty()) << c;
    const std::size_t column = std::max_element(indents.begin(), indents.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    for (const auto& line : lines) {
      EXPECT_LE(line.size(), 80u) << c << ": " << line;
      if (line.rfind("  -", 0) == 0 && line.size() > column)
        EXPECT_TRUE(line[column - 1] == ' ' && line[column] != ' ') << c << ": description not at column " << column << ": " << line;
    }
  }
  const auto score = test::run_ketapgx("score --help").out;
  for (const char* f : {"PREFIX.predictions.tsv", "PREFIX.predictions.json", "PREFIX.qc.variants.tsv", "PREFIX.qc.samples.tsv",
                        "PREFIX.report.html", "PREFIX.contributions.tsv"})
    EXPECT_NE(score.find(f), std::string::npos) << f;
  EXPECT_NE(score.find("--threads arg"), std::string::npos);
  EXPECT_NE(score.find("(default: auto)"), std::string::npos) << "Boost's (=auto) rewritten";
  // --threads defaults to the cores this process may use.
  const std::string cores = test::run("nproc").out;
  EXPECT_NE(flat(score).find("cores, " + cores.substr(0, cores.find('\n')) + " here"), std::string::npos);
}

TEST(CliVocabulary, HelpCommandAndCommandVersion) {
  for (const auto& c : kCommands) {
    const auto a = test::run_ketapgx("help " + c), b = test::run_ketapgx(c + " --help");
    EXPECT_EQ(a.exit_code, 0);
    EXPECT_EQ(a.out, b.out) << c;
    EXPECT_NE(a.out.find("Usage: ketapgx " + c), std::string::npos);
  }
  const auto v = test::run_ketapgx("--version");
  EXPECT_EQ(test::run_ketapgx("score --version").out, v.out);
  EXPECT_EQ(test::run_ketapgx("prs --vcf x --version").out, v.out);
  // The commit, the star-allele definitions and the default model, by name.
  for (const char* key : {"\ncommit\t", "\npgx_definitions\tPharmCAT 2025-11-05", "\ndefault_model\tketapgx-"})
    EXPECT_NE(v.out.find(key), std::string::npos) << key << " in\n" << v.out;
  const auto manifest = nlohmann::json::parse(test::read_file(test::source_dir() + "/models/default/manifest.json"));
  EXPECT_NE(v.out.find("default_model\t" + manifest.at("model_id").get<std::string>() + "\n"), std::string::npos);
}

TEST(CliVocabulary, DidYouMean) {
  auto r = test::run_ketapgx("scor");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'score'?"), std::string::npos) << r.err;
  r = test::run_ketapgx("evalute --model x");
  EXPECT_NE(r.err.find("did you mean 'evaluate'?"), std::string::npos) << r.err;
  r = test::run_ketapgx("frobnicate");
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
  r = test::run_ketapgx("score --vfc x.vcf --out y");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean --vcf?"), std::string::npos) << r.err;
  r = test::run_ketapgx("call --pgx-combinatons --vcf x --out y");
  EXPECT_NE(r.err.find("did you mean --pgx-combinations?"), std::string::npos) << r.err;
  r = test::run_ketapgx("merge --expect-smaples x --out y a");
  EXPECT_NE(r.err.find("did you mean --expect-samples?"), std::string::npos) << r.err;
  r = test::run_ketapgx("qc --zzzzzzz --vcf x --out y");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(CliVocabulary, CallTakesThePgxNamesAndItsOldOnes) {
  // The example cohort lacks rs12721655 (CYP2B6 *8/*13): assuming reference
  // there changes CYP2B6 phenotypes, so each name visibly does something.
  test::TempDir d;
  const std::string vcf = kExample + "cohort.vcf.gz";
  auto call = [&](const std::string& name, const std::string& flag) {
    const auto r = test::run_ketapgx("call --quiet --vcf " + vcf + " " + flag + " --out " + d.file(name));
    EXPECT_EQ(r.exit_code, 0) << flag << r.err;
    return test::read_file(d.file(name + ".pgx.tsv"));
  };
  const std::string plain = call("plain", ""), assume_new = call("new", "--pgx-assume-reference-at-missing"),
                    assume_old = call("old", "--assume-reference-at-missing");
  EXPECT_NE(plain, assume_new);
  EXPECT_EQ(assume_new, assume_old);
  EXPECT_EQ(call("comb_new", "--pgx-combinations"), call("comb_old", "--combinations"));
  // Both spellings in the help: the new one listed, the old one named in its text.
  const auto help = test::run_ketapgx("call --help").out;
  EXPECT_NE(help.find("--pgx-assume-reference-at-missing"), std::string::npos);
  EXPECT_NE(flat(help).find("'--combinations' (the SPEC's name)"), std::string::npos) << help;
}

TEST(CliVocabulary, SimulatePeopleAndTheSpecsSamples) {
  test::TempDir d;
  ASSERT_EQ(test::run_ketapgx("simulate --quiet --people 30 --out " + d.file("a")).exit_code, 0);
  ASSERT_EQ(test::run_ketapgx("simulate --quiet -n 30 --out " + d.file("b")).exit_code, 0);
  const auto spec = test::run_ketapgx("simulate --quiet --samples 30 --out " + d.file("c"));  // the SPEC's name
  ASSERT_EQ(spec.exit_code, 0) << spec.err;
  for (const char* f : {"/outcomes.tsv", "/expression.tsv"}) {
    EXPECT_EQ(test::read_file(d.file("a") + f), test::read_file(d.file("b") + f));
    EXPECT_EQ(test::read_file(d.file("a") + f), test::read_file(d.file("c") + f));
  }
  EXPECT_EQ(test::read_tsv(d.file("a/outcomes.tsv")).rows.size(), 30u);
  EXPECT_EQ(test::run_ketapgx("simulate --people 30 --samples 30 --out " + d.file("x")).exit_code, 2);
}

TEST(CliVocabulary, TrainOutWithATrailingSlashAndFlagsForEveryConfigKey) {
  test::TempDir d;
  const std::string in = "--vcf " + kExample + "cohort.vcf.gz --expression " + kExample + "expression.tsv --covariates " + kExample +
                         "covariates.tsv --outcomes " + kExample + "outcomes.tsv --folds 2 --max-epochs 20 --threads 1";
  auto r = test::run_ketapgx("train --quiet " + in + " --calibration temperature --responder-class-weight yes --out " + d.file("bundle/"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto m = nlohmann::json::parse(test::read_file(d.file("bundle/manifest.json")));
  EXPECT_EQ(m.at("params").at("calibration").at("method"), "temperature") << "--calibration was ignored";
  EXPECT_EQ(m.at("hyperparameters").at("responder_class_weight"), true) << "--responder-class-weight was ignored";
  EXPECT_EQ(d.list(), std::vector<std::string>{"bundle"}) << "nothing left beside the bundle";
  EXPECT_EQ(test::run("ls -a " + d.file("bundle") + " | grep -c tmp").out, "0\n");
  // An empty directory is taken; one with anything in it is refused before any work.
  ASSERT_EQ(test::run("mkdir " + d.file("empty")).exit_code, 0);
  r = test::run_ketapgx("train --quiet " + in + " --out " + d.file("empty") + "/");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(test::read_file(d.file("empty/manifest.json")).empty());
  r = test::run_ketapgx("train --quiet " + in + " --out " + d.file("bundle/"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not an empty directory"), std::string::npos) << r.err;
  EXPECT_EQ(test::run_ketapgx("train " + in + " --calibration isotonic --out " + d.file("x")).exit_code, 2);

  // Every --config key is a flag ('_' -> '-') and every training-settings flag a key.
  test::write_file(d.file("bad.yaml"), "no_such_key: 1\n");
  r = test::run_ketapgx("train " + in + " --config " + d.file("bad.yaml") + " --out " + d.file("y"));
  EXPECT_EQ(r.exit_code, 3);
  const auto at = r.err.find("expected ");
  ASSERT_NE(at, std::string::npos) << r.err;
  std::string keys = r.err.substr(at + 9);
  keys = keys.substr(0, keys.find('\n'));
  std::vector<std::string> key_list;
  for (auto k : test::split(std::regex_replace(keys, std::regex(" or |, "), ","), ',')) key_list.push_back(k);
  ASSERT_GE(key_list.size(), 10u) << keys;
  const auto help = test::run_ketapgx("train --help").out;
  for (auto k : key_list) {
    std::replace(k.begin(), k.end(), '_', '-');
    EXPECT_NE(help.find("  --" + k + " "), std::string::npos) << "config key without a flag: " << k;
  }
  const std::string settings = help.substr(help.find("Training settings"), help.find("\nOutputs:") - help.find("Training settings"));
  std::smatch m2;
  std::string rest = settings;
  while (std::regex_search(rest, m2, std::regex(R"(\n  --([a-z-]+))"))) {
    std::string flag = m2[1].str();
    std::replace(flag.begin(), flag.end(), '-', '_');
    EXPECT_NE(std::find(key_list.begin(), key_list.end(), flag), key_list.end()) << "flag without a config key: " << flag;
    rest = m2.suffix();
  }
}

TEST(CliVocabulary, HtslibsOwnLogLinesAreSilent) {
  test::TempDir d;
  auto r = test::run_ketapgx("qc --vcf " + d.file("missing.vcf.gz") + " --out " + d.file("q"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err.find("[E::"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing.vcf.gz"), std::string::npos) << r.err;
  test::write_file(d.file("bad.vcf"), "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\nchr1\tx\t.\tA\tG\t.\t.\t.\tGT\t0/1\n");
  r = test::run_ketapgx("qc --vcf " + d.file("bad.vcf") + " --out " + d.file("q"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err.find("[E::"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("[W::"), std::string::npos) << r.err;
}


TEST(CliVocabulary, PrsWritesALogLikePlink2) {
  // PREFIX.log holds the command line and what the run said, even with --quiet
  // (which only silences the terminal), for --weights and for --pgs.
  test::TempDir d;
  const std::string args = "prs --quiet --vcf " + kExample + "cohort.vcf.gz --weights " + test::source_dir() +
                           "/examples/weights.tsv --out " + d.file("w");
  auto r = test::run_ketapgx(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const std::string log = test::read_file(d.file("w.log"));
  EXPECT_NE(log.find("command: "), std::string::npos) << log;
  EXPECT_NE(log.find("--weights " + test::source_dir() + "/examples/weights.tsv"), std::string::npos) << log;
  EXPECT_NE(log.find("40 samples, 8 weight entries x 3 score(s)"), std::string::npos) << log;
  EXPECT_NE(log.find("8 variants scored"), std::string::npos) << log;
  EXPECT_NE(log.find("warning: only 40 samples"), std::string::npos) << log;
  EXPECT_NE(log.find("\nend: "), std::string::npos) << log;
  // A failed run leaves no log (and no other output) behind.
  test::write_file(d.file("none.tsv"), "ID\tA1\tS\nrs_absent\tA\t1\n");
  r = test::run_ketapgx("prs --quiet --vcf " + kExample + "cohort.vcf.gz --weights " + d.file("none.tsv") + " --out " + d.file("f"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(test::read_file(d.file("f.log")).empty());
}


// The build writes them beside bin/ as they are installed: share/man/man1/ketapgx.1,
// share/bash-completion/completions/ketapgx.
std::string share_dir() { return std::filesystem::path(test::binary()).parent_path().parent_path().string() + "/share"; }

TEST(CliVocabulary, ManPageHasEveryCommandAndOption) {
  const std::string page = share_dir() + "/man/man1/ketapgx.1";
  ASSERT_FALSE(test::read_file(page).empty()) << page << " (built by the ketapgx_docs target)";
  if (!test::have_tool("man")) GTEST_SKIP() << "man is not installed";
  const auto r = test::run("MANWIDTH=200 man -l " + page + " 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0);
  for (const auto& c : kCommands) {
    std::string upper = c;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_NE(r.out.find("KETAPGX " + upper), std::string::npos) << c;
    // Every long option of the command's --help is in the page.
    const std::string help = test::run_ketapgx(c + " --help").out;
    std::smatch m;
    std::string rest = help.substr(0, help.find("\nOutputs:"));
    while (std::regex_search(rest, m, std::regex(R"(\n  (?:-\w \[ )?(--[a-z][a-z-]+))"))) {
      EXPECT_NE(r.out.find(m[1].str()), std::string::npos) << c << " " << m[1].str();
      rest = m.suffix();
    }
  }
  EXPECT_NE(r.out.find("For research use only"), std::string::npos);
  EXPECT_NE(r.out.find("ketapgx score --demo"), std::string::npos);
  EXPECT_NE(r.out.find("EXIT STATUS"), std::string::npos);
}

TEST(CliVocabulary, BashCompletionCompletesCommandsOptionsAndChoices) {
  const std::string script = share_dir() + "/bash-completion/completions/ketapgx";
  ASSERT_FALSE(test::read_file(script).empty()) << script;
  auto complete = [&](const std::string& words) {
    test::TempDir d;
    test::write_file(d.file("t.sh"), "source " + script + "\nCOMP_WORDS=(" + words + ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_ketapgx\n"
                                     "echo \"${COMPREPLY[*]}\"\n");
    return test::run("bash " + d.file("t.sh")).out;
  };
  EXPECT_EQ(complete("ketapgx sc"), "score\n");
  EXPECT_EQ(complete("ketapgx help ev"), "evaluate\n");
  EXPECT_EQ(complete("ketapgx score --vc"), "--vcf\n");
  EXPECT_EQ(complete("ketapgx call --pgx-comb"), "--pgx-combinations\n");
  EXPECT_EQ(complete("ketapgx simulate --peo"), "--people\n");
  EXPECT_EQ(complete("ketapgx score --route ''"), "iv_racemic esketamine_nasal\n");
  EXPECT_EQ(complete("ketapgx train --calibration t"), "temperature\n");
}


TEST(CliVocabulary, EvaluateWritesScoresColumnsThenTheOutcomes) {
  test::TempDir d;
  const std::string in = " --vcf " + kExample + "cohort.vcf.gz --expression " + kExample + "expression.tsv --covariates " + kExample +
                         "covariates.tsv --allow-missing-expression --route esketamine_nasal";
  auto r = test::run_ketapgx("score --quiet" + in + " --out " + d.file("s"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run_ketapgx("evaluate --quiet --model " + test::source_dir() + "/models/default" + in + " --outcomes " + kExample +
                        "outcomes.tsv --out " + d.file("e"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto score = test::read_tsv(d.file("s.predictions.tsv")), eval = test::read_tsv(d.file("e.predictions.tsv"));
  ASSERT_EQ(std::vector<std::string>(eval.columns.begin(), eval.columns.begin() + static_cast<std::ptrdiff_t>(score.columns.size())),
            score.columns);
  EXPECT_EQ(eval.columns.size(), score.columns.size() + 2);
  EXPECT_EQ(eval.columns.back(), "observed_metabolizer_class");
  const auto outcomes = test::read_tsv(kExample + "outcomes.tsv");
  std::map<std::string, std::map<std::string, std::string>> scored, observed;
  for (const auto& row : score.rows) scored[row.at("sample_id")] = row;
  for (const auto& row : outcomes.rows) observed[row.at("sample_id")] = row;
  ASSERT_FALSE(eval.rows.empty());
  for (const auto& row : eval.rows) {
    const auto& s = scored.at(row.at("sample_id"));
    for (const auto& c : score.columns) EXPECT_EQ(row.at(c), s.at(c)) << row.at("sample_id") << " " << c;
    EXPECT_EQ(row.at("observed_responder"), observed.at(row.at("sample_id")).at("responder"));
    EXPECT_EQ(row.at("observed_metabolizer_class"), observed.at(row.at("sample_id")).at("metabolizer_class"));
    EXPECT_EQ(row.at("dose_route"), "esketamine_nasal") << "--route reaches evaluate's dose columns";
  }

  // --dose-rules reaches them too: a rule file whose esketamine dose is 42 mg.
  std::string rules = test::read_file(test::source_dir() + "/configs/dosing.yaml");
  const std::string rule = "    then: {set_dose_mg: 56,";
  ASSERT_NE(rules.find(rule), std::string::npos);
  rules.replace(rules.find(rule), rule.size(), "    then: {set_dose_mg: 42,");
  test::write_file(d.file("rules.yaml"), rules);
  r = test::run_ketapgx("evaluate --quiet --model " + test::source_dir() + "/models/default" + in + " --outcomes " + kExample +
                        "outcomes.tsv --dose-rules " + d.file("rules.yaml") + " --out " + d.file("e42"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t under_65 = 0;
  for (const auto& row : test::read_tsv(d.file("e42.predictions.tsv")).rows) {
    const std::string before = scored.at(row.at("sample_id")).at("dose_mg");
    if (before == "56") {
      EXPECT_EQ(row.at("dose_mg"), "42") << row.at("sample_id") << ": --dose-rules reaches evaluate's dose columns";
      ++under_65;
    } else {
      EXPECT_EQ(row.at("dose_mg"), before) << row.at("sample_id");
    }
  }
  EXPECT_GT(under_65, 0u);
}


TEST(CliVocabulary, EveryReadmeExampleRuns) {
  const std::string readme = test::read_file(test::source_dir() + "/README.md");
  const std::size_t begin = readme.find("<!-- examples-begin -->"), end = readme.find("<!-- examples-end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  test::TempDir d;
  ASSERT_TRUE(make_source_tree_sandbox(d));
  std::size_t ran = 0;
  for (const auto& line : test::split(readme.substr(begin, end - begin), '\n')) {
    if (line.rfind("ketapgx ", 0) != 0) continue;
    const auto r = run_in_sandbox(d, line);
    EXPECT_EQ(r.exit_code, 0) << "README example failed: " << line << "\n" << r.err;
    ++ran;
  }
  EXPECT_GE(ran, 8u);
  EXPECT_FALSE(test::read_file(d.file("results/own_model.report.html")).empty());
}

}  // namespace
}  // namespace ketapgx
