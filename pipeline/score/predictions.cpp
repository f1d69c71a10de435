#include "score/predictions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "util/text.h"

namespace ketapgx {
namespace {

std::string opt(const std::optional<double>& v) { return v ? format_double(*v, 6) : ""; }

double as_written(double v) { return std::isfinite(v) ? std::stod(format_double(v, 6)) : v; }

// A contribution as the TSV writes it: signed, 3 decimals.
std::string contribution_text(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%+.3f", v);
  return std::string(buf) == "-0.000" ? "+0.000" : buf;
}

std::string list(const std::vector<std::string>& v) { return v.empty() ? "." : text::join(v, ";"); }
std::string or_dot(const std::string& s) { return s.empty() ? "." : s; }

// The line that opens the streamed "samples" array (written and read below).
const std::string kSamplesLine = "  \"samples\": [";

}  // namespace

void round_as_written(PredictionRow& r) {
  r.p_responder = as_written(r.p_responder);
  r.p_lo = as_written(r.p_lo);
  r.p_hi = as_written(r.p_hi);
  for (double& p : r.p_class) p = as_written(p);
  for (std::optional<double>* v : {&r.dose.mg_per_kg, &r.dose.dose_mg, &r.dose.observation_minutes})
    if (*v) **v = as_written(**v);
  for (auto& [name, value] : r.top_features) value = std::stod(contribution_text(value));
  r.logit = as_written(r.logit);
  r.logit_baseline = as_written(r.logit_baseline);
  r.ood_distance2 = as_written(r.ood_distance2);
}

void write_contributions_header(std::ostream& out, const std::vector<std::string>& features) {
  out << "sample_id\tlogit\tbaseline_logit";
  for (const auto& f : features) out << '\t' << f;
  out << '\n';
}

void write_contributions_row(std::ostream& out, const std::string& sample, double logit, double baseline, const double* c,
                             std::size_t n) {
  out << sample << '\t' << format_double(logit, 10) << '\t' << format_double(baseline, 10);
  for (std::size_t j = 0; j < n; ++j) out << '\t' << format_double(c[j], 10);
  out << '\n';
}

std::string top_features_text(const std::vector<std::pair<std::string, double>>& top) {
  std::string s;
  for (const auto& [name, value] : top) s += (s.empty() ? "" : ";") + name + ":" + contribution_text(value);
  return s.empty() ? "." : s;
}

std::vector<std::pair<std::string, double>> parse_top_features(const std::string& text) {
  std::vector<std::pair<std::string, double>> out;
  if (text.empty() || text == ".") return out;
  for (auto part : text::split(text, ';')) {
    const std::string item(part);
    const auto colon = item.rfind(':');  // feature names hold ':' themselves (expr:GRM2)
    if (colon == std::string::npos || colon == 0) throw InputError("top_features entry '" + item + "' is not feature:value");
    out.emplace_back(item.substr(0, colon), std::stod(item.substr(colon + 1)));
  }
  return out;
}

void write_predictions_tsv(std::ostream& out, std::vector<const PredictionRow*> rows) {
  std::sort(rows.begin(), rows.end(), [](const PredictionRow* a, const PredictionRow* b) { return a->sample_id < b->sample_id; });
  out << "sample_id\tp_responder\tp_responder_lo\tp_responder_hi\tresponder\tmetabolizer_class\tp_PM\tp_IM\tp_NM\tp_RM\tp_UM\t"
         "cyp2b6_diplotype\tcyp2b6_phenotype\tcyp3a5_diplotype\tcyp3a5_phenotype\tcyp3a4_diplotype\tcyp3a4_phenotype\t"
         "dose_route\tdose_mg_per_kg\tdose_mg\tdose_rules\tqc_flags\tdose_observation_minutes\tdose_notes\ttop_features\n";
  for (const PredictionRow* r : rows) {
    out << r->sample_id << '\t' << format_double(r->p_responder, 6) << '\t' << format_double(r->p_lo, 6) << '\t'
        << format_double(r->p_hi, 6) << '\t' << (r->responder ? "yes" : "no") << '\t' << r->metabolizer_class;
    for (double p : r->p_class) out << '\t' << format_double(p, 6);
    for (int g = 0; g < 3; ++g) out << '\t' << or_dot(r->diplotype[g]) << '\t' << or_dot(r->phenotype[g]);
    out << '\t' << r->dose.route << '\t' << opt(r->dose.mg_per_kg) << '\t' << opt(r->dose.dose_mg) << '\t'
        << list(r->dose.rules_fired) << '\t' << list(r->qc_flags) << '\t' << opt(r->dose.observation_minutes) << '\t'
        << list(r->dose.flags) << '\t' << top_features_text(r->top_features) << '\n';
  }
}

std::string prediction_json(const PredictionRow& r) {
  auto o = [](const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
  nlohmann::ordered_json j;
  j["sample_id"] = r.sample_id;
  j["p_responder"] = r.p_responder;
  j["p_responder_lo"] = r.p_lo;
  j["p_responder_hi"] = r.p_hi;
  j["responder"] = r.responder ? "yes" : "no";
  j["metabolizer_class"] = r.metabolizer_class;
  j["p_metabolizer"] = {{"PM", r.p_class[0]}, {"IM", r.p_class[1]}, {"NM", r.p_class[2]}, {"RM", r.p_class[3]}, {"UM", r.p_class[4]}};
  static const char* genes[] = {"CYP2B6", "CYP3A5", "CYP3A4"};
  for (int g = 0; g < 3; ++g) j["star_alleles"][genes[g]] = {{"diplotype", r.diplotype[g]}, {"phenotype", r.phenotype[g]}};
  j["dose"] = {{"route", r.dose.route},
               {"mg_per_kg", o(r.dose.mg_per_kg)},
               {"mg", o(r.dose.dose_mg)},
               {"infusion_minutes", o(r.dose.infusion_minutes)},
               {"observation_minutes", o(r.dose.observation_minutes)},
               {"rules", r.dose.rules_fired},
               {"notes", r.dose.flags}};
  j["qc_flags"] = r.qc_flags;
  nlohmann::ordered_json top = nlohmann::ordered_json::array();
  for (const auto& [name, value] : r.top_features) top.push_back({{"feature", name}, {"contribution", value}});
  j["explanation"] = {{"logit", r.logit}, {"baseline_logit", r.logit_baseline}, {"top_features", top}};
  j["ood_distance2"] = std::isfinite(r.ood_distance2) ? nlohmann::ordered_json(r.ood_distance2) : nlohmann::ordered_json(nullptr);
  return j.dump();
}

void write_predictions_json(std::ostream& out, const nlohmann::ordered_json& head, std::size_t n,
                            const std::function<const std::string&(std::size_t)>& person) {
  std::string text = head.dump(2);
  text.pop_back();  // reopen the object: the samples array is streamed, one person per line
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  out << text << ",\n" << kSamplesLine << "\n";
  for (std::size_t i = 0; i < n; ++i) out << "    " << person(i) << (i + 1 < n ? ",\n" : "\n");
  out << "  ]\n}\n";
}

PredictionsJson read_predictions_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot read " + path + " (did the score run that writes it finish?)");
  auto broken = [&](const std::string& what) {
    return InputError(path + ": " + what + "; expected a predictions.json as `ketapgx score` writes it (rerun that run)");
  };
  PredictionsJson out;
  std::string line, head;
  std::size_t line_no = 0;
  bool in_samples = false, closed = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!in_samples) {
      if (line == kSamplesLine) {
        in_samples = true;
        continue;
      }
      head += line + "\n";
      continue;
    }
    if (line == "  ]") {
      closed = true;
      break;
    }
    std::string obj = line.size() > 4 ? line.substr(4) : "";
    if (!obj.empty() && obj.back() == ',') obj.pop_back();
    static const std::string kKey = "{\"sample_id\":\"";
    const auto end = obj.find('"', kKey.size());
    if (obj.rfind(kKey, 0) != 0 || end == std::string::npos) throw broken("line " + std::to_string(line_no) + " is not one person");
    std::string id = obj.substr(kKey.size(), end - kKey.size());
    if (id.find('\\') != std::string::npos) {  // an escaped character: let the JSON parser read the ID
      try {
        id = nlohmann::json::parse(obj).at("sample_id").get<std::string>();
      } catch (const nlohmann::json::exception& e) {
        throw broken("line " + std::to_string(line_no) + ": " + e.what());
      }
    }
    out.people.emplace_back(std::move(id), std::move(obj));
  }
  if (!in_samples || !closed) throw broken("no complete \"samples\" array (truncated?)");
  while (!head.empty() && (head.back() == '\n' || head.back() == ',')) head.pop_back();
  try {
    out.head = nlohmann::ordered_json::parse(head + "\n}");
  } catch (const nlohmann::json::exception& e) {
    throw broken(std::string("its provenance is not valid JSON (") + e.what() + ")");
  }
  return out;
}

PredictionRow parse_prediction_row(const std::vector<std::string>& columns, const std::vector<std::string>& fields) {
  auto get = [&](const char* name) -> const std::string& {
    static const std::string kEmpty;
    for (std::size_t i = 0; i < columns.size() && i < fields.size(); ++i)
      if (columns[i] == name) return fields[i];
    return kEmpty;
  };
  auto num = [&](const char* name) { const std::string& v = get(name); return v.empty() ? 0.0 : std::stod(v); };
  auto opt_num = [&](const char* name) -> std::optional<double> { const std::string& v = get(name); if (v.empty()) return std::nullopt; return std::stod(v); };
  auto list_of = [&](const char* name) {
    std::vector<std::string> out;
    const std::string& v = get(name);
    if (v == "." || v.empty()) return out;
    for (auto part : text::split(v, ';')) out.emplace_back(part);
    return out;
  };
  auto dot_empty = [&](const char* name) { const std::string& v = get(name); return v == "." ? std::string() : v; };
  PredictionRow r;
  r.sample_id = get("sample_id");
  r.p_responder = num("p_responder");
  r.p_lo = num("p_responder_lo");
  r.p_hi = num("p_responder_hi");
  r.responder = get("responder") == "yes";
  r.metabolizer_class = get("metabolizer_class");
  const char* p_cols[] = {"p_PM", "p_IM", "p_NM", "p_RM", "p_UM"};
  for (int c = 0; c < 5; ++c) r.p_class[static_cast<std::size_t>(c)] = num(p_cols[c]);
  const char* dip[] = {"cyp2b6_diplotype", "cyp3a5_diplotype", "cyp3a4_diplotype"};
  const char* phe[] = {"cyp2b6_phenotype", "cyp3a5_phenotype", "cyp3a4_phenotype"};
  for (int g = 0; g < 3; ++g) {
    r.diplotype[static_cast<std::size_t>(g)] = dot_empty(dip[g]);
    r.phenotype[static_cast<std::size_t>(g)] = dot_empty(phe[g]);
  }
  r.dose.route = get("dose_route");
  r.dose.mg_per_kg = opt_num("dose_mg_per_kg");
  r.dose.dose_mg = opt_num("dose_mg");
  r.dose.observation_minutes = opt_num("dose_observation_minutes");
  r.dose.rules_fired = list_of("dose_rules");
  r.dose.flags = list_of("dose_notes");
  r.qc_flags = list_of("qc_flags");
  r.top_features = parse_top_features(get("top_features"));
  return r;
}

}  // namespace ketapgx
