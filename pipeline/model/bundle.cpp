#include "model/bundle.h"

#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "ketapgx/core/errors.h"

namespace ketapgx {

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
  std::string hex;
  char b[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(b, sizeof b, "%02x", md[i]);
    hex += b;
  }
  return hex;
}

nlohmann::ordered_json params_to_json(const models::ModelParams& p) {
  return {{"features", p.feature_names}, {"folds", p.folds},           {"hidden", p.hidden},
          {"dropout", p.dropout},        {"fold_mean", p.fold_mean},    {"fold_sd", p.fold_sd},
          {"temperature", p.temperature}, {"threshold", p.threshold}};
}

models::ModelParams params_from_json(const nlohmann::json& j) {
  models::ModelParams p;
  p.feature_names = j.at("features").get<std::vector<std::string>>();
  p.folds = j.at("folds").get<int>();
  p.hidden = j.at("hidden").get<int>();
  p.dropout = j.at("dropout").get<double>();
  p.fold_mean = j.at("fold_mean").get<std::vector<std::vector<double>>>();
  p.fold_sd = j.at("fold_sd").get<std::vector<std::vector<double>>>();
  p.temperature = j.at("temperature").get<double>();
  p.threshold = j.at("threshold").get<double>();
  if (p.folds < 1 || p.fold_mean.size() != static_cast<std::size_t>(p.folds) ||
      p.fold_sd.size() != static_cast<std::size_t>(p.folds))
    throw ModelError("fold statistics do not match the fold count");
  for (std::size_t k = 0; k < p.fold_mean.size(); ++k)
    if (p.fold_mean[k].size() != p.feature_names.size() || p.fold_sd[k].size() != p.feature_names.size())
      throw ModelError("fold statistics do not match the feature count");
  return p;
}

Bundle load_bundle(const std::string& dir) {
  Bundle b;
  b.dir = dir;
  const std::string path = dir + "/manifest.json";
  std::ifstream in(path);
  if (!in) throw ModelError("--model " + dir + ": no manifest.json (not a ketapgx model bundle?); train one with 'ketapgx train'");
  try {
    b.manifest = nlohmann::ordered_json::parse(in);
    if (b.manifest.at("format_version").get<int>() != kBundleFormatVersion)
      throw ModelError("--model " + dir + ": bundle format " + b.manifest.at("format_version").dump() + ", this ketapgx reads format " +
                       std::to_string(kBundleFormatVersion) + "; retrain with this version");
    for (const auto& w : b.manifest.at("weights")) {
      const std::string file = dir + "/" + w.at("file").get<std::string>();
      std::string actual;
      try {
        actual = sha256_file(file);
      } catch (const Error&) {
        throw ModelError("--model " + dir + ": weights file " + w.at("file").get<std::string>() + " is missing");
      }
      if (actual != w.at("sha256").get<std::string>())
        throw ModelError("--model " + dir + ": weights file " + w.at("file").get<std::string>() +
                         " does not match its SHA-256 in manifest.json (corrupt or altered bundle); restore or retrain it");
    }
    b.params = params_from_json(b.manifest.at("params"));
    b.genome_build = b.manifest.at("feature_schema").at("genome_build").get<std::string>();
    if (b.manifest.contains("expression_stats") && !b.manifest.at("expression_stats").is_null()) {
      b.has_expression = true;
      for (const auto& [gene, ms] : b.manifest.at("expression_stats").items())
        b.expression_stats.mean_sd[gene] = {ms.at("mean").get<double>(), ms.at("sd").get<double>()};
    }
  } catch (const nlohmann::json::exception& e) {
    throw ModelError("--model " + dir + ": manifest.json is malformed (" + e.what() + ")");
  }
  return b;
}

void check_bundle_schema(const Bundle& b, const std::vector<std::string>& features, const std::string& build) {
  if (build != b.genome_build)
    throw ModelError("--model " + b.dir + " was trained on " + b.genome_build + " genotypes but the VCF is " + build +
                     "; use a bundle trained on " + build + " (or --build if the VCF header is wrong)");
  const auto& want = b.params.feature_names;
  if (features != want) {
    std::string diff;
    for (const auto& f : want)
      if (std::find(features.begin(), features.end(), f) == features.end()) {
        diff = "the data lack feature '" + f + "'";
        break;
      }
    if (diff.empty())
      for (const auto& f : features)
        if (std::find(want.begin(), want.end(), f) == want.end()) {
          diff = "the data have feature '" + f + "' the model does not know";
          break;
        }
    if (diff.empty()) diff = "the features are in another order";
    throw ModelError("--model " + b.dir + ": feature schema mismatch: " + diff +
                     " (give the same kinds of input as at training: expression, covariates, panel and gene sets)");
  }
}

}  // namespace ketapgx
