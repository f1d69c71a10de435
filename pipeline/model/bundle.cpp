#include "model/bundle.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <memory>

#include "ketapgx/core/errors.h"
#include "features/feature_matrix.h"
#include "model/training_data.h"
#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

namespace {

std::string hex(const unsigned char* md, unsigned int len) {
  std::string out;
  char b[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(b, sizeof b, "%02x", md[i]);
    out += b;
  }
  return out;
}

// Limits on what a bundle may hold: far above any real bundle (the default's
// weights are ~50 kB a file), low enough that a hostile manifest cannot make
// ketapgx allocate gigabytes.
constexpr std::size_t kMaxWeightBytes = 512u << 20;
constexpr std::size_t kMaxTableBytes = 64u << 20;
constexpr int kMaxFolds = 100;
constexpr int kMaxHidden = 4096;
constexpr std::size_t kMaxFeatures = 100000;

// Reads a file the bundle lists: a plain name, a regular file (not a link,
// FIFO or device), at most `max_bytes`. Opened without following links and
// without blocking, then checked with fstat, so nothing can swap it in between.
std::string read_bundle_file(const std::string& dir, const std::string& name, std::size_t max_bytes, const std::string& what) {
  const std::string where = "--model " + dir + ": " + what + " '" + name + "'";
  if (!is_plain_bundle_file_name(name))
    throw ModelError(where + " is not a plain file name inside the bundle (no '/', no '..'); the manifest is corrupt or altered");
  const std::string path = dir + "/" + name;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw ModelError(where + " is missing or is a symbolic link; restore the bundle or retrain it");
  struct stat st {};
  std::string bytes;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok && static_cast<std::size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    throw ModelError(where + " has " + std::to_string(st.st_size) + " bytes, more than a bundle file may (" +
                     std::to_string(max_bytes) + "); the bundle is corrupt or altered");
  }
  if (ok) {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t r = ::read(fd, &bytes[got], bytes.size() - got);
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    ok = got == bytes.size();
  }
  ::close(fd);
  if (!ok) throw ModelError(where + " is not a readable regular file; restore the bundle or retrain it");
  return bytes;
}

std::string read_verified(const std::string& dir, const nlohmann::json& entry, std::size_t max_bytes, const std::string& what) {
  const std::string name = entry.at("file").get<std::string>();
  const std::string bytes = read_bundle_file(dir, name, max_bytes, what);
  if (sha256_bytes(bytes) != entry.at("sha256").get<std::string>())
    throw ModelError("--model " + dir + ": " + what + " " + name +
                     " does not match its SHA-256 in manifest.json (corrupt or altered bundle); restore or retrain it");
  return bytes;
}

// Range checks with messages naming the manifest field.
struct Check {
  std::string dir;
  [[noreturn]] void fail(const std::string& field, const std::string& want) const {
    throw ModelError("--model " + dir + ": manifest.json field " + field + " is out of range (expected " + want +
                     "); the bundle is corrupt or altered, retrain it");
  }
  double finite(const nlohmann::json& j, const std::string& field) const {
    if (!j.is_number()) fail(field, "a number");
    const double v = j.get<double>();
    if (!std::isfinite(v)) fail(field, "a finite number");
    return v;
  }
  double range(const nlohmann::json& j, const std::string& field, double lo, double hi, const std::string& want) const {
    const double v = finite(j, field);
    if (v < lo || v > hi) fail(field, want);
    return v;
  }
  int integer(const nlohmann::json& j, const std::string& field, int lo, int hi) const {
    if (!j.is_number_integer()) fail(field, "an integer");
    const auto v = j.get<long long>();
    if (v < lo || v > hi) fail(field, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return static_cast<int>(v);
  }
  std::vector<double> vector(const nlohmann::json& j, const std::string& field, std::size_t size, bool positive) const {
    if (!j.is_array() || j.size() != size) fail(field, std::to_string(size) + " numbers");
    std::vector<double> v;
    v.reserve(size);
    for (std::size_t i = 0; i < size; ++i) {
      v.push_back(finite(j[i], field + "[" + std::to_string(i) + "]"));
      if (positive && !(v.back() > 0)) fail(field + "[" + std::to_string(i) + "]", "a positive number");
    }
    return v;
  }
};

models::ModelParams params_checked(const nlohmann::json& j, const Check& c) {
  models::ModelParams p;
  const auto& names = j.at("features");
  if (!names.is_array() || names.empty() || names.size() > kMaxFeatures) c.fail("params.features", "a non-empty list of feature names");
  std::set<std::string> seen;
  for (const auto& n : names) {
    if (!n.is_string()) c.fail("params.features", "feature names");
    p.feature_names.push_back(n.get<std::string>());
    if (!seen.insert(p.feature_names.back()).second) c.fail("params.features", "unique names ('" + p.feature_names.back() + "' repeats)");
  }
  const std::size_t f = p.feature_names.size();
  p.folds = c.integer(j.at("folds"), "params.folds", 1, kMaxFolds);
  p.hidden = c.integer(j.at("hidden"), "params.hidden", 1, kMaxHidden);
  p.dropout = c.range(j.at("dropout"), "params.dropout", 0, 0.999, "0 <= dropout < 1");
  const auto& fm = j.at("fold_mean");
  const auto& fs = j.at("fold_sd");
  if (!fm.is_array() || fm.size() != static_cast<std::size_t>(p.folds)) c.fail("params.fold_mean", "one list per fold");
  if (!fs.is_array() || fs.size() != static_cast<std::size_t>(p.folds)) c.fail("params.fold_sd", "one list per fold");
  for (int k = 0; k < p.folds; ++k) {
    const std::string ks = "[" + std::to_string(k) + "]";
    p.fold_mean.push_back(c.vector(fm[static_cast<std::size_t>(k)], "params.fold_mean" + ks, f, false));
    p.fold_sd.push_back(c.vector(fs[static_cast<std::size_t>(k)], "params.fold_sd" + ks, f, true));
  }
  const auto& cal = j.at("calibration");
  p.calibration.method = cal.at("method").get<std::string>();
  if (p.calibration.method != "platt" && p.calibration.method != "temperature")
    c.fail("params.calibration.method", "platt or temperature");
  p.calibration.slope = c.range(cal.at("slope"), "params.calibration.slope", 0, 1000, "0 <= slope <= 1000");
  p.calibration.intercept = c.range(cal.at("intercept"), "params.calibration.intercept", -100, 100, "-100 <= intercept <= 100");
  if (p.calibration.method == "temperature" && p.calibration.intercept != 0)
    c.fail("params.calibration.intercept", "0 for temperature scaling");
  p.threshold = c.range(j.at("threshold"), "params.threshold", 1e-9, 1 - 1e-9, "0 < threshold < 1");
  if (j.contains("ood") && !j.at("ood").is_null()) {
    const auto& o = j.at("ood");
    p.ood.mean = c.vector(o.at("mean"), "params.ood.mean", f, false);
    p.ood.sd = c.vector(o.at("sd"), "params.ood.sd", f, true);
    p.ood.precision = c.vector(o.at("precision"), "params.ood.precision", f * f, false);
    p.ood.shrinkage = c.range(o.at("shrinkage"), "params.ood.shrinkage", 0, 1, "0 to 1");
    p.ood.quantile = c.range(o.at("quantile"), "params.ood.quantile", 0, 1, "0 to 1");
    p.ood.threshold = c.range(o.at("threshold"), "params.ood.threshold", 0, 1e12, "a non-negative number");
  }
  return p;
}

}  // namespace

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw Error("SHA-256 unavailable");
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  return hex(md, len);
}

std::string sha256_bytes(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) throw Error("SHA-256 unavailable");
  return hex(md, len);
}

bool is_plain_bundle_file_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || name[0] == '.') return false;
  for (char ch : name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-')) return false;
  return true;
}

nlohmann::ordered_json params_to_json(const models::ModelParams& p) {
  nlohmann::ordered_json j = {{"features", p.feature_names},
                              {"folds", p.folds},
                              {"hidden", p.hidden},
                              {"dropout", p.dropout},
                              {"fold_mean", p.fold_mean},
                              {"fold_sd", p.fold_sd},
                              {"calibration", {{"method", p.calibration.method}, {"slope", p.calibration.slope}, {"intercept", p.calibration.intercept}}},
                              {"threshold", p.threshold}};
  if (p.ood.empty()) {
    j["ood"] = nullptr;
  } else {
    j["ood"] = {{"method", "Mahalanobis distance, Ledoit-Wolf shrunk correlation of the training features"},
                {"quantile", p.ood.quantile}, {"threshold", p.ood.threshold}, {"shrinkage", p.ood.shrinkage},
                {"mean", p.ood.mean}, {"sd", p.ood.sd}, {"precision", p.ood.precision}};
  }
  return j;
}

models::ModelParams params_from_json(const nlohmann::json& j) { return params_checked(j, Check{"(manifest)"}); }

std::string bundle_pgs_file(std::size_t k) { return "pgs_" + std::to_string(k + 1) + ".txt"; }

namespace {

// feature_schema.pgs: {"scores": [{"id", "file", "sha256", "source"}...],
// "frequencies": {"file", "sha256"}, "min_overlap", "keep_ambiguous",
// "keep_multiallelic", "ignore_strand_flips"}; every file verified.
void load_pgs(Bundle& b, const nlohmann::ordered_json& pgs, const Check& check) {
  std::set<std::string> ids;
  for (const auto& s : pgs.at("scores")) {
    const std::string id = s.at("id").get<std::string>();
    if (!ids.insert(id).second) check.fail("feature_schema.pgs.scores[].id", "each score once ('" + id + "' repeats)");
    read_verified(b.dir, s, kMaxTableBytes, "scoring file");
    b.pgs_paths.push_back(b.dir + "/" + s.at("file").get<std::string>());
    b.pgs_settings.ids.push_back(id);
  }
  b.pgs_settings.files = b.pgs_paths;
  b.pgs_settings.min_overlap = check.range(pgs.at("min_overlap"), "feature_schema.pgs.min_overlap", 0, 1, "0 <= min_overlap <= 1");
  b.pgs_settings.keep_ambiguous = pgs.at("keep_ambiguous").get<bool>();
  b.pgs_settings.keep_multiallelic = pgs.at("keep_multiallelic").get<bool>();
  b.pgs_settings.ignore_strand_flips = pgs.at("ignore_strand_flips").get<bool>();
  const std::string text = read_verified(b.dir, pgs.at("frequencies"), kMaxTableBytes, "frequency file");
  std::size_t line_no = 0;
  for (const auto line : text::split(text, '\n')) {
    ++line_no;
    if (line_no == 1 || line.empty()) continue;  // header
    const auto f = text::split(line, '\t');
    const auto l = f.size() == 3 ? text::parse_int(f[1]) : std::nullopt;
    const auto p = f.size() == 3 ? text::parse_double(f[2]) : std::nullopt;
    if (!l || !p || *p < 0 || *p > 1 || !ids.count(std::string(f[0])))
      check.fail(std::string(kBundlePgsFrequenciesFile) + " line " + std::to_string(line_no),
                 "a score of feature_schema.pgs, a line number and a frequency from 0 to 1");
    b.pgs_frequencies[std::string(f[0])][static_cast<long>(*l)] = *p;
  }
}

}  // namespace

namespace {

// One network's fold weights: exactly one responder and one metabolizer file
// per fold, each verified against its SHA-256; `names` gathers every weight
// file of the manifest (none may be listed twice).
std::vector<models::FoldWeights> load_fold_weights(const std::string& dir, const nlohmann::ordered_json& list, int n_folds,
                                                   const std::string& field, const Check& check, std::set<std::string>& names) {
  const std::size_t folds = static_cast<std::size_t>(n_folds);
  std::vector<models::FoldWeights> out(folds);
  std::vector<int> seen(folds * 2, 0);
  for (const auto& w : list) {
    const int k = check.integer(w.at("fold"), field + "[].fold", 0, n_folds - 1);
    const std::string task = w.at("task").get<std::string>();
    if (task != "responder" && task != "metabolizer") check.fail(field + "[].task", "responder or metabolizer");
    const std::string name = w.at("file").get<std::string>();
    if (!names.insert(name).second) check.fail(field + "[].file", "each file once ('" + name + "' repeats)");
    const std::size_t slot = static_cast<std::size_t>(k) * 2 + (task == "metabolizer");
    if (seen[slot]++) check.fail(field, "one " + task + " file for fold " + std::to_string(k));
    std::string bytes = read_verified(dir, w, kMaxWeightBytes, "weights file");
    models::FoldWeights& fw = out[static_cast<std::size_t>(k)];
    if (task == "responder") {
      fw.responder_file = dir + "/" + name;
      fw.responder = std::move(bytes);
    } else {
      fw.metabolizer_file = dir + "/" + name;
      fw.metabolizer = std::move(bytes);
    }
  }
  for (std::size_t s = 0; s < seen.size(); ++s)
    if (!seen[s])
      throw ModelError("--model " + dir + ": manifest.json lists no " + std::string(s % 2 ? "metabolizer" : "responder") + " " + field +
                       " for fold " + std::to_string(s / 2) + "; the bundle is incomplete, retrain it");
  return out;
}

}  // namespace

Bundle load_bundle(const std::string& dir) {
  Bundle b;
  b.dir = dir;
  const std::string manifest_text = [&] {
    try {
      return read_bundle_file(dir, "manifest.json", kMaxTableBytes, "file");
    } catch (const ModelError&) {
      throw ModelError("--model " + dir + ": no readable manifest.json (not a ketapgx model bundle?); train one with 'ketapgx train'");
    }
  }();
  const Check check{dir};
  try {
    b.manifest = nlohmann::ordered_json::parse(manifest_text);
    const auto& version = b.manifest.at("format_version");
    if (!version.is_number_integer() || version.get<int>() != kBundleFormatVersion)
      throw ModelError("--model " + dir + ": bundle format " + version.dump() + ", this ketapgx reads format " +
                       std::to_string(kBundleFormatVersion) + "; retrain it with this version ('ketapgx train')");
    b.params = params_checked(b.manifest.at("params"), check);
    b.model_id = b.manifest.at("model_id").get<std::string>();
    b.simulated = b.manifest.at("simulated_data").get<bool>();

    std::set<std::string> names;  // weight files, each listed once in the whole manifest
    b.weights = load_fold_weights(dir, b.manifest.at("weights"), b.params.folds, "weights", check, names);
    b.inputs = b.manifest.value("inputs", std::string(kInputsFull));
    if (b.manifest.contains("reduced") && !b.manifest.at("reduced").is_null()) {
      const auto& r = b.manifest.at("reduced");
      ReducedModel m;
      m.inputs = r.at("inputs").get<std::string>();
      if (m.inputs != kInputsNoExpression) check.fail("reduced.inputs", kInputsNoExpression);
      m.params = params_checked(r.at("params"), check);
      m.weights = load_fold_weights(dir, r.at("weights"), m.params.folds, "reduced.weights", check, names);
      for (const auto& f : m.params.feature_names)
        if (is_expression_feature(f)) check.fail("reduced.params.features", "no expression feature ('" + f + "' is one)");
      b.reduced = std::move(m);
    }

    // The feature definitions it was trained with, verified like the weights.
    const auto& schema = b.manifest.at("feature_schema");
    b.genome_build = schema.at("genome_build").get<std::string>();
    if (b.genome_build != "GRCh37" && b.genome_build != "GRCh38") check.fail("feature_schema.genome_build", "GRCh37 or GRCh38");
    for (const auto& [key, path] : {std::pair<const char*, std::string*>{"panel", &b.panel_path}, {"gene_sets", &b.gene_sets_path}}) {
      const auto& entry = schema.at(key);
      read_verified(dir, entry, kMaxTableBytes, std::string(key == std::string("panel") ? "panel" : "gene-set file"));
      *path = dir + "/" + entry.at("file").get<std::string>();
    }
    if (schema.at("features") != b.manifest.at("params").at("features"))
      check.fail("feature_schema.features", "the same list as params.features");
    for (const auto& e : schema.at("excluded")) b.excluded_features.insert(e.at("feature").get<std::string>());
    for (const auto& e : schema.at("expression_genes_ignored")) b.expression_genes_ignored.insert(e.at("gene").get<std::string>());
    b.expression_scale = schema.at("expression_scale").get<std::string>();
    b.dosages = schema.at("dosages").get<bool>();
    if (schema.contains("star_alleles")) {
      b.pgx_assume_reference_at_missing = schema.at("star_alleles").at("assume_reference_at_missing").get<bool>();
      b.pgx_combinations = schema.at("star_alleles").at("combinations").get<bool>();
    }
    if (schema.contains("pgs") && !schema.at("pgs").is_null()) load_pgs(b, schema.at("pgs"), check);
    for (const auto& name : b.params.feature_names)
      if (name.rfind("pgs:", 0) == 0 && !b.pgs_frequencies.count(name.substr(4)))
        check.fail("feature_schema.pgs", "a scoring file and frequencies for every pgs: feature the model uses (" + name.substr(4) +
                   " has none)");
    const auto& stats = b.manifest.at("expression_stats");
    if (!stats.is_null())
      for (const auto& [gene, ms] : stats.items()) {
        const double mean = check.finite(ms.at("mean"), "expression_stats." + gene + ".mean");
        const double sd = check.range(ms.at("sd"), "expression_stats." + gene + ".sd", 1e-300, 1e300, "a positive number");
        b.expression_stats.mean_sd[gene] = {mean, sd};
      }
    for (const auto& name : b.params.feature_names)
      if (is_gene_expression_feature(name) && !b.expression_stats.mean_sd.count(name.substr(5)))
        check.fail("expression_stats", "statistics for every expression gene the model uses (" + name.substr(5) + " has none)");
  } catch (const nlohmann::json::exception& e) {
    throw ModelError("--model " + dir + ": manifest.json is malformed (" + e.what() + "); retrain the bundle");
  }
  return b;
}

FeaturesOptions with_bundle_definitions(FeaturesOptions o, const Bundle& b) {
  if (o.definitions.panel.empty()) o.definitions.panel = b.panel_path;
  if (o.definitions.gene_sets.empty()) o.definitions.gene_sets = b.gene_sets_path;
  // The scores are the bundle's own copies, matched as at training; files
  // given with --pgs must be those (by content), since the model's training
  // frequencies are per line of them.
  if (!o.pgs.files.empty()) {
    std::set<std::string> bundle_sha, given_sha;
    for (const auto& p : b.pgs_paths) bundle_sha.insert(sha256_file(p));
    for (const auto& p : o.pgs.files) given_sha.insert(sha256_file(p));
    if (given_sha != bundle_sha)
      throw InputError("--pgs: the scoring files given are not the ones --model " + b.dir + " was trained with (it keeps copies: " +
                       std::to_string(b.pgs_paths.size()) + " file(s), compared by SHA-256); leave --pgs out to use them");
  }
  if (!b.pgs_paths.empty()) {
    const PgsOptions& given = o.pgs;
    if (given.min_overlap != 0.75 || given.keep_ambiguous || given.keep_multiallelic || given.ignore_strand_flips)
      log::warn("--pgs-* matching options are taken from --model " + b.dir + " (as at training), not from the command line");
    o.pgs = b.pgs_settings;
  }
  return o;
}

FeatureRunSettings bundle_feature_settings(const Bundle& b, bool cohort_standardize) {
  FeatureRunSettings s;
  s.reference = b.has_expression() && !cohort_standardize ? &b.expression_stats : nullptr;
  s.ignore_expression_genes = &b.expression_genes_ignored;
  s.impute_from_model = true;
  s.required_build = b.genome_build;
  s.bundle_dir = b.dir;
  s.pgs_training = b.pgs_paths.empty() ? nullptr : &b.pgs_frequencies;
  return s;
}

std::vector<std::size_t> bundle_feature_columns(const Bundle& b, const FeatureMatrix& m, const std::string& build,
                                                const GivenInputs& given) {
  // Another build, input or feature definition than the model's is the
  // user's to fix (exit 3, naming the option); a bundle whose own panel and
  // gene sets do not give its own features is inconsistent (exit 4).
  if (build != b.genome_build)
    throw InputError("--model " + b.dir + " was trained on " + b.genome_build + " genotypes but the VCF is " + build +
                     "; use a bundle trained on " + build + " (or --build " + b.genome_build + " if the VCF header is wrong)");
  std::map<std::string, std::size_t> have;
  for (std::size_t j = 0; j < m.names.size(); ++j) have[m.names[j]] = j;
  std::vector<std::size_t> cols;
  for (const auto& f : b.params.feature_names) {
    auto it = have.find(f);
    if (it != have.end()) {
      cols.push_back(it->second);
      continue;
    }
    if (is_expression_feature(f) && !given.expression && b.reduced) {
      cols.push_back(kAbsentColumn);  // everyone is predicted by the network without expression
      continue;
    }
    if (is_expression_feature(f) && !given.expression)
      throw InputError("--model " + b.dir + " was trained with expression (its feature '" + f + "' and others): give --expression "
                       "with the cohort's expression matrix");
    if (f.rfind("cov:", 0) == 0 && !given.covariates)
      throw InputError("--model " + b.dir + " was trained with covariates (its feature '" + f + "'): give --covariates");
    if (given.other_definitions)
      throw InputError("--model " + b.dir + " needs feature '" + f + "', which the --panel/--gene-sets given do not define; leave "
                       "them out to use the bundle's own");
    throw ModelError("--model " + b.dir + ": feature schema mismatch: its own panel and gene sets do not give its feature '" + f +
                     "' (inconsistent bundle); restore it or retrain it");
  }
  const std::set<std::string> used(b.params.feature_names.begin(), b.params.feature_names.end());
  for (const auto& name : m.names)
    if (!used.count(name) && !b.excluded_features.count(name)) {
      if (!is_expression_feature(name) && name.rfind("cov:", 0) != 0 && !given.other_definitions)
        throw ModelError("--model " + b.dir + ": feature schema mismatch: its own panel and gene sets give feature '" + name +
                         "' the model does not know (inconsistent bundle); restore it or retrain it");
      const std::string what = is_expression_feature(name) ? "--expression" : name.rfind("cov:", 0) == 0 ? "--covariates" : "--panel/--gene-sets";
      throw InputError("--model " + b.dir + " was trained without feature '" + name + "', which " + what +
                       " gives here; " + (what == "--panel/--gene-sets" ? "leave them out to use the bundle's own"
                                                                       : "leave " + what + " out, as at training"));
    }
  return cols;
}

}  // namespace ketapgx
