// Runs `ketapgx merge`: read every shard's outputs, check they fit together,
// add the per-variant counts up, write one set of outputs.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <charconv>
#include <filesystem>
#include <string_view>
#include <unordered_map>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "genotypes/vcf_file.h"
#include "ketapgx/core/errors.h"
#include "model/bundle.h"
#include "output/notice.h"
#include "output/output_files.h"
#include "output/provenance.h"
#include "output/run_log.h"
#include "qc/qc_tables.h"
#include "score/merge.h"
#include "score/predictions.h"
#include "score/report_html.h"
#include "util/log.h"
#include "util/progress.h"
#include "util/text.h"

namespace ketapgx {

void MergeOptions::validate() const {
  if (shards.empty()) throw UsageError("merge: give the output prefixes of the shard runs (ketapgx merge --out PREFIX SHARD...)");
  if (out.empty()) throw UsageError("merge: --out PREFIX is required");
  // The merged files would replace that shard's own (its input destroyed).
  const auto canonical = [](const std::string& p) {
    std::error_code ec;
    const auto c = std::filesystem::weakly_canonical(p, ec);
    return ec ? p : c.string();
  };
  for (const std::string& shard : shards)
    if (canonical(shard) == canonical(out))
      throw UsageError("merge: --out " + out + " is the prefix of shard " + shard + ": merging would overwrite that shard's files; "
                       "choose another --out");
}

namespace {

struct TsvFile {
  std::string path;
  std::string header;
  std::vector<std::string> columns;
  std::vector<std::string> lines;  // data lines, as written
  std::vector<std::size_t> line_numbers;
};

// Every line as wide as the header, and no control characters (a NUL or a
// stray carriage return would end up in the merged files).
TsvFile read_tsv_file(const std::string& path, const std::string& shard) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("merge: shard " + shard + ": cannot read " + path + " (did that shard's score run finish?)");
  TsvFile t;
  t.path = path;
  auto check_text = [&](const std::string& line, std::size_t line_no) {
    for (unsigned char c : line)
      if (c < 0x20 && c != '\t') {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", c);
        throw InputError("merge: " + path + " line " + std::to_string(line_no) + " holds a control character (byte " + hex +
                         "); expected the tab-separated text `ketapgx score` writes (rerun that shard)");
      }
  };
  if (!std::getline(in, t.header)) throw InputError("merge: " + path + " is empty");
  check_text(t.header, 1);
  for (auto c : text::split(t.header, '\t')) t.columns.emplace_back(c);
  std::string line;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    check_text(line, line_no);
    const std::size_t fields = static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')) + 1;
    if (fields != t.columns.size())
      throw InputError("merge: " + path + " line " + std::to_string(line_no) + ": expected " + std::to_string(t.columns.size()) +
                       " tab-separated columns (as in its header), found " + std::to_string(fields) + " (truncated or edited?); rerun that shard");
    t.lines.push_back(line);
    t.line_numbers.push_back(line_no);
  }
  return t;
}

// A per-variant count of a shard's qc.variants.tsv: a non-negative whole number.
std::int64_t count_cell(const TsvFile& t, std::size_t i, const std::vector<std::string_view>& f, std::size_t column) {
  const auto v = text::parse_int(f[column]);
  if (!v || *v < 0)
    throw InputError("merge: " + t.path + " line " + std::to_string(t.line_numbers[i]) + ", column " + std::to_string(column + 1) +
                     " (" + t.columns[column] + "): '" + std::string(f[column]) + "' is not a count; rerun that shard");
  return *v;
}

void add_count(std::int64_t& total, std::int64_t v, const TsvFile& t, std::size_t i) {
  if (__builtin_add_overflow(total, v, &total))
    throw InputError("merge: " + t.path + " line " + std::to_string(t.line_numbers[i]) +
                     ": the counts add up beyond 2^63 (corrupt shard?); rerun that shard");
}

std::string first_field(const std::string& line) { return line.substr(0, line.find('\t')); }

}  // namespace

void run_merge(const MergeOptions& o, const std::string& command_line) {
  o.validate();
  check_output_location(o.out, "--out");
  std::vector<TsvFile> pred, variants, samples;
  std::vector<PredictionsJson> shard_json;
  std::atomic<std::int64_t> shards_read{0};
  auto reading = std::make_unique<ProgressStage>("reading shards", "shards", [&shards_read, n = o.shards.size()] {
    ProgressSample ps;
    ps.done = shards_read.load(std::memory_order_relaxed);
    ps.total = static_cast<std::int64_t>(n);
    return ps;
  });
  for (const std::string& s : o.shards) {
    pred.push_back(read_tsv_file(s + ".predictions.tsv", s));
    variants.push_back(read_tsv_file(s + ".qc.variants.tsv", s));
    samples.push_back(read_tsv_file(s + ".qc.samples.tsv", s));
    shard_json.push_back(read_predictions_json(s + ".predictions.json"));
    const auto& people = shard_json.back().people;
    const TsvFile& tsv = pred.back();
    if (people.size() != tsv.lines.size())
      throw InputError("merge: shard " + s + ": predictions.json has " + std::to_string(people.size()) +
                       " people but predictions.tsv " + std::to_string(tsv.lines.size()) + "; rerun that shard");
    for (std::size_t i = 0; i < people.size(); ++i)
      if (people[i].first != first_field(tsv.lines[i]))
        throw InputError("merge: shard " + s + ": predictions.json lists '" + people[i].first + "' where predictions.tsv line " +
                         std::to_string(tsv.line_numbers[i]) + " lists '" + first_field(tsv.lines[i]) +
                         "' (the two files do not belong together); rerun that shard");
    shards_read.fetch_add(1, std::memory_order_relaxed);
  }
  reading.reset();
  ProgressStage merging("checking and writing the merged cohort");
  // Every table as this ketapgx writes it (so every column read below exists).
  auto header_of = [](const std::function<void(std::ostream&)>& write) {
    std::ostringstream os;
    write(os);
    std::string h = os.str();
    return h.substr(0, h.find('\n'));
  };
  const std::string want_pred = header_of([](std::ostream& os) { write_predictions_tsv(os, {}); });
  const std::string want_variants = header_of(write_variant_table_header);
  const std::string want_samples = header_of(write_sample_table_header);
  for (std::size_t k = 0; k < o.shards.size(); ++k)
    for (const auto& [t, want] : {std::pair<const TsvFile*, const std::string*>{&pred[k], &want_pred},
                                  {&variants[k], &want_variants}, {&samples[k], &want_samples}})
      if (t->header != *want)
        throw InputError("merge: shard " + o.shards[k] + ": " + t->path + " has other columns than this ketapgx writes (another "
                         "ketapgx version?); rescore it with this version");
  std::vector<const nlohmann::ordered_json*> jsons;  // each shard's provenance
  for (const auto& sj : shard_json) jsons.push_back(&sj.head);
  for (std::size_t k = 1; k < o.shards.size(); ++k) {
    if (pred[k].header != pred[0].header || variants[k].header != variants[0].header || samples[k].header != samples[0].header)
      throw InputError("merge: shard " + o.shards[k] + " has other columns than " + o.shards[0] + " (another ketapgx version?)");
    if (jsons[k]->at("model").at("manifest_sha256") != jsons[0]->at("model").at("manifest_sha256"))
      throw InputError("merge: shard " + o.shards[k] + " was scored with another model than " + o.shards[0]);
    // Cohort checks and expression standardisation depend on the input files
    // only, so shards of one cohort agree on them; if not, they were scored
    // with other options (--expression-standardize) or another ketapgx.
    // (the outside-calls file by its content: a relative and an absolute path to one file agree)
    // Files are compared by content (SHA-256), not by path: a relative and
    // an absolute path to one file, or a copy of the model bundle in
    // another directory, agree.
    auto settings = [](const nlohmann::ordered_json* j, const char* key) {
      nlohmann::ordered_json v = j->value(key, nlohmann::ordered_json());
      const std::string k(key);
      if (k == "star_alleles" && v.is_object() && v.contains("outside_calls") && v["outside_calls"].is_object())
        v["outside_calls"].erase("path");
      if (k == "feature_definitions" && v.is_object())
        for (auto& [name, file] : v.items()) {
          if (file.is_object()) file.erase("path");
          if (file.is_array())  // the --pgs scores: each file by content
            for (auto& one : file)
              if (one.is_object()) one.erase("path");
        }
      if (k == "dose_rules" && v.is_object()) v.erase("path");
      return v;
    };
    for (const char* key : {"cohort_checks", "expression_standardize", "feature_definitions", "star_alleles", "dose_rules"})
      if (settings(jsons[k], key) != settings(jsons[0], key))
        throw InputError("merge: shard " + o.shards[k] + " has other " + key + " in its predictions.json than " + o.shards[0] +
                         " (scored with other options, e.g. --route, --dose-rules, --expression-standardize, --panel, --gene-sets "
                         "or the --pgx-* options?); score every shard alike");
    for (const char* input : {"vcf", "expression", "covariates"}) {
      auto sha = [&](const nlohmann::ordered_json* j) { return j->contains("inputs") ? (*j)["inputs"].value(input, nlohmann::ordered_json::object()).value("sha256", "") : ""; };
      if (sha(jsons[k]) != sha(jsons[0]))
        throw InputError("merge: shard " + o.shards[k] + " was scored from another --" + input + " file than " + o.shards[0] +
                         " (the SHA-256s in their predictions.json differ); shards must come from one cohort");
    }
  }

  // Predictions: every person once, sorted by sample ID as `score` writes them
  // (so the order does not depend on how the cohort was cut).
  std::map<std::string, std::size_t> shard_of;
  std::vector<std::pair<std::string, const std::string*>> rows;  // (sample, line)
  for (std::size_t k = 0; k < pred.size(); ++k)
    for (const std::string& line : pred[k].lines) {
      const std::string id = first_field(line);
      auto [it, inserted] = shard_of.emplace(id, k);
      if (!inserted)
        throw InputError("merge: sample " + id + " is in shard " + o.shards[it->second] + " and in shard " + o.shards[k] +
                         "; shards must not overlap");
      rows.emplace_back(id, &line);
    }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!o.expect_samples.empty()) {
    std::vector<std::string> missing;
    for (const std::string& s : read_sample_list(o.expect_samples, "--expect-samples"))
      if (!shard_of.count(s)) missing.push_back(s);
    if (!missing.empty())
      throw InputError("merge: " + std::to_string(missing.size()) + " expected sample(s) are in no shard (first: " + missing.front() +
                       "): a shard is missing or failed; rerun it");
  }

  // QC variants: the same variants everywhere; counts added up.
  std::vector<std::vector<std::string>> merged_variants;
  for (std::size_t i = 0; i < variants[0].lines.size(); ++i) {
    auto base = text::split(variants[0].lines[i], '\t');
    std::vector<std::string> f(base.begin(), base.end());
    if (f.size() < 17) throw InputError("merge: " + variants[0].path + " line " + std::to_string(variants[0].line_numbers[i]) + ": expected 17 columns");
    VariantCallStats st;
    st.present = f[13] != "NA";
    for (std::size_t k = 0; k < variants.size(); ++k) {
      if (variants[k].lines.size() != variants[0].lines.size())
        throw InputError("merge: shard " + o.shards[k] + " has another variant panel than " + o.shards[0]);
      const auto g = text::split(variants[k].lines[i], '\t');
      if (g[0] != base[0] || g[6] != base[6])
        throw InputError("merge: variant " + std::string(base[0]) + " differs between shards " + o.shards[0] + " and " + o.shards[k]);
      if ((g[13] == "NA") != !st.present)
        throw InputError("merge: " + variants[k].path + " line " + std::to_string(variants[k].line_numbers[i]) +
                         ": variant " + std::string(base[0]) + " was read in one shard and not in another; rerun the shards");
      if (!st.present) continue;
      add_count(st.n_samples, count_cell(variants[k], i, g, 13), variants[k], i);
      add_count(st.counts.called_samples, count_cell(variants[k], i, g, 14), variants[k], i);
      add_count(st.counts.called_alleles, count_cell(variants[k], i, g, 15), variants[k], i);
      add_count(st.counts.alt_alleles, count_cell(variants[k], i, g, 16), variants[k], i);
    }
    if (st.present && (st.counts.called_samples > st.n_samples || st.counts.alt_alleles > st.counts.called_alleles))
      throw InputError("merge: variant " + std::string(base[0]) + ": the shards' counts contradict each other (more called than "
                       "present, or more ALT than called alleles); rerun the shards");
    f[7] = call_rate_text(st);
    f[8] = alt_freq_text(st);
    const std::string counts = count_columns(st);  // split() returns views into it
    const auto c = text::split(counts, '\t');
    for (std::size_t j = 0; j < 4; ++j) f[13 + j] = std::string(c[j]);
    merged_variants.push_back(std::move(f));
  }

  // QC samples: the union; a genotyped sample's row comes from its shard.
  std::map<std::string, std::string> sample_rows;
  for (std::size_t k = 0; k < samples.size(); ++k)
    for (const std::string& line : samples[k].lines) {
      const auto f = text::split(line, '\t');
      const std::string id(f[0]);
      const bool genotyped = f.size() > 2 && f[2] == "yes";
      auto it = sample_rows.find(id);
      if (it == sample_rows.end() || genotyped) sample_rows[id] = line;
    }

  OutputSet outputs;
  std::ostream& p = outputs.open(o.out + ".predictions.tsv");
  p << pred[0].header << '\n';
  for (const auto& [id, line] : rows) p << *line << '\n';
  std::ostream& v = outputs.open(o.out + ".qc.variants.tsv");
  v << variants[0].header << '\n';
  std::map<std::string, int> status;
  for (const auto& f : merged_variants) {
    v << text::join(f, "\t") << '\n';
    ++status[f[6]];
  }
  std::ostream& sm = outputs.open(o.out + ".qc.samples.tsv");
  sm << samples[0].header << '\n';
  std::size_t not_everywhere = 0;
  for (const auto& [id, line] : sample_rows) {
    sm << line << '\n';
    const auto f = text::split(line, '\t');
    if (f[2] == "no" || f[3] == "no" || f[4] == "no") ++not_everywhere;
  }
  // JSON: the first shard's provenance, the merge's command line, every person.
  nlohmann::ordered_json j = json_provenance("merge", command_line);
  for (const char* key : {"model", "inputs", "feature_definitions", "genome_build", "dose_rules", "feature_engine",
                          "expression_standardize", "cohort_checks", "field_descriptions", "star_alleles"})
    if (jsons[0]->contains(key)) j[key] = (*jsons[0])[key];
  j["merged_from"] = o.shards;
  std::vector<const std::pair<std::string, std::string>*> people;
  for (const auto& sj : shard_json)
    for (const auto& person : sj.people) people.push_back(&person);
  std::sort(people.begin(), people.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  // One report for everyone.
  std::vector<PredictionRow> parsed;
  parsed.reserve(rows.size());
  for (const auto& [id, line] : rows) {
    std::vector<std::string> fields;
    for (auto f : text::split(*line, '\t')) fields.emplace_back(f);
    parsed.push_back(parse_prediction_row(pred[0].columns, fields, "merge: " + pred[shard_of.at(id)].path + ", sample " + id));
  }
  // What each star-allele call rests on and the dose's infusion time are in
  // the per-person JSON only (the report shows them per person, as score's does).
  {
    std::unordered_map<std::string_view, const std::string*> json_line;
    json_line.reserve(people.size());
    for (const auto* person : people) json_line.emplace(person->first, &person->second);
    // Read straight from the line score wrote (compact, keys in a fixed
    // order): a full JSON parse per person cost seconds at biobank scale.
    static const char* kGenes[] = {"CYP2B6", "CYP3A5", "CYP3A4"};
    auto string_at = [](const std::string& line, std::size_t quote) {  // the JSON string starting at line[quote]
      std::size_t end = quote + 1;
      while (end < line.size() && line[end] != '"') end += line[end] == '\\' ? 2 : 1;
      const auto v = nlohmann::json::parse(line.substr(quote, end + 1 - quote), nullptr, /*allow_exceptions=*/false);
      return v.is_string() ? v.get<std::string>() : std::string();
    };
    for (auto& r : parsed) {
      const auto it = json_line.find(r.sample_id);
      if (it == json_line.end()) continue;
      const std::string& line = *it->second;
      std::size_t at = line.find("\"star_alleles\":{");
      for (int g = 0; g < 3 && at != std::string::npos; ++g) {
        const std::size_t gene = line.find(std::string("\"") + kGenes[g] + "\":{", at);
        const std::size_t key = gene == std::string::npos ? gene : line.find("\"call_quality\":\"", gene);
        if (key != std::string::npos) r.call_quality[g] = string_at(line, key + 15);
      }
      at = line.find("\"infusion_minutes\":");
      if (at != std::string::npos) {
        double v = 0;
        const char* first = line.data() + at + 19;
        if (std::from_chars(first, line.data() + line.size(), v).ec == std::errc()) r.dose.infusion_minutes = v;
      }
    }
  }
  ReportData rd;
  rd.notice = kResearchUseNotice;
  rd.dose_notice = jsons[0]->contains("dose_rules") ? (*jsons[0])["dose_rules"].value("notice", "") : "";
  rd.model_id = jsons[0]->at("model").value("model_id", "");
  rd.simulated_model = jsons[0]->at("model").value("simulated_data", false);
  rd.genome_build = jsons[0]->contains("genome_build") ? (*jsons[0])["genome_build"].value("used", "") : "";
  rd.route = jsons[0]->contains("dose_rules") ? (*jsons[0])["dose_rules"].value("route", "") : "";
  for (const auto& r : parsed) rd.rows.push_back(&r);
  rd.panel_status = status;
  rd.samples_not_in_every_input = not_everywhere;
  rd.cohort_checks = jsons[0]->value("cohort_checks", nlohmann::ordered_json());
  rd.star_alleles = jsons[0]->value("star_alleles", nlohmann::ordered_json());
  rd.head = j;
  rd.prefix_name = std::filesystem::path(o.out).filename().string();
  rd.generated = utc_now();
  write_report_html(outputs.open(o.out + ".report.html"), rd);
  // Per-feature contributions (score --contributions): in every shard or in
  // none, and each the file its own score run wrote (predictions.json
  // records its SHA-256): a contributions.tsv left by an earlier run under
  // the same prefix holds other numbers.
  auto recorded_contributions = [&](std::size_t k) -> std::string {
    const auto& c = jsons[k]->value("contributions", nlohmann::ordered_json());
    return c.is_object() ? c.value("sha256", "") : "";
  };
  for (std::size_t k = 0; k < o.shards.size(); ++k) {
    const std::string file = o.shards[k] + ".contributions.tsv";
    const bool present = std::ifstream(file).good();
    const std::string want = recorded_contributions(k);
    if (want.empty() && present)
      throw InputError("merge: shard " + o.shards[k] + ": " + file + " was not written by the score run whose predictions.json is "
                       "there (it records no contributions): a file left by an earlier run? delete it, or rescore that shard "
                       "with --contributions");
    if (!want.empty() && !present)
      throw InputError("merge: shard " + o.shards[k] + ": its predictions.json records " + file + " (scored with --contributions), which is "
                       "missing; rerun that shard");
    if (!want.empty() && sha256_file(file) != want)
      throw InputError("merge: shard " + o.shards[k] + ": " + file + " is not the file its score run wrote (its SHA-256 differs from "
                       "the one in predictions.json: edited, or left by another run); rerun that shard");
    if (want.empty() != recorded_contributions(0).empty())
      throw InputError("merge: shard " + o.shards[k] + (want.empty() ? " has no contributions.tsv but " : " has a contributions.tsv but ") +
                       o.shards[0] + (want.empty() ? " has one" : " has none") +
                       "; score every shard with or every shard without --contributions");
  }
  const bool contributions = !recorded_contributions(0).empty();
  j["contributions"] = nullptr;
  if (contributions) {
    std::vector<TsvFile> parts;
    for (const std::string& sh : o.shards) {
      parts.push_back(read_tsv_file(sh + ".contributions.tsv", sh));
      if (parts.back().header != parts[0].header)
        throw InputError("merge: shard " + sh + " has other contribution columns than " + o.shards[0] + " (another model?)");
      if (parts.back().lines.size() != pred[parts.size() - 1].lines.size())
        throw InputError("merge: shard " + sh + ": contributions.tsv and predictions.tsv hold different people; rerun that shard");
    }
    std::vector<std::pair<std::string, const std::string*>> crow;
    for (const auto& part : parts)
      for (const std::string& line : part.lines) crow.emplace_back(first_field(line), &line);
    std::sort(crow.begin(), crow.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::string tmp = outputs.reserve(o.out + ".contributions.tsv");
    {
      std::ofstream c(tmp, std::ios::binary);
      c << parts[0].header << '\n';
      for (std::size_t i = 0; i < crow.size(); ++i) {
        if (crow[i].first != rows[i].first)
          throw InputError("merge: contributions.tsv of the shards lists " + crow[i].first + " where predictions.tsv lists " +
                           rows[i].first + "; rerun the shards");
        c << *crow[i].second << '\n';
      }
      c.close();
      if (!c) throw Error("writing " + o.out + ".contributions.tsv failed (disk full or file system error)");
    }
    j["contributions"] = {{"file", std::filesystem::path(o.out + ".contributions.tsv").filename().string()}, {"sha256", sha256_file(tmp)}};
  }
  write_predictions_json(outputs.open(o.out + ".predictions.json"), j, people.size(),
                         [&](std::size_t i, std::string& text) { text += people[i]->second; });
  outputs.commit();
  merging.finish();
  log::info("merged " + std::to_string(o.shards.size()) + " shards: " + std::to_string(rows.size()) + " samples; wrote " + o.out + ".*");
}

}  // namespace ketapgx
