#include "score/predictions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string_view>

#include "ketapgx/core/errors.h"
#include "output/format.h"
#include "output/ordered_writer.h"
#include "util/text.h"

namespace ketapgx {
namespace {

// The dose numbers: empty where no dose is suggested (the SPEC's contract for
// dose_mg: "empty where weight is unknown"), the one exception to NA.
std::string opt(const std::optional<double>& v) { return v ? format_double(*v, 6) : std::string(); }

// Text back to the number: from_chars rounds correctly, as strtod does, and
// without the locale or a string (the rows of a biobank spent a second in strtod).
double parse_written(const char* begin, const char* end) {
  double v = 0;
  std::from_chars(begin, end, v);
  return v;
}

double as_written(double v) {
  if (!std::isfinite(v)) return v;
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);  // format_double(v, 6)
  return parse_written(buf, r.ptr);
}

// A contribution as the TSV writes it: signed, 3 decimals (printf's "%+.3f",
// which to_chars gives exactly for finite numbers), "-0.000" written "+0.000".
std::string contribution_text(double v) {
  char buf[48];
  if (!std::isfinite(v)) {
    std::snprintf(buf, sizeof buf, "%+.3f", v);
    return buf;
  }
  buf[0] = '+';
  const auto r = std::to_chars(buf + 1, buf + sizeof buf, v, std::chars_format::fixed, 3);
  const char* begin = buf[1] == '-' ? buf + 1 : buf;
  const std::string_view text(begin, static_cast<std::size_t>(r.ptr - begin));
  return text == "-0.000" ? "+0.000" : std::string(text);
}

std::string list(const std::vector<std::string>& v) { return v.empty() ? std::string(kNA) : text::join(v, ";"); }

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
  for (auto& [name, value] : r.top_features) {
    const std::string t = contribution_text(value);
    value = parse_written(t.data() + (t[0] == '+' ? 1 : 0), t.data() + t.size());  // from_chars takes no '+'
  }
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
  return or_na(s);
}

std::vector<std::pair<std::string, double>> parse_top_features(const std::string& text) {
  std::vector<std::pair<std::string, double>> out;
  if (is_na_cell(text)) return out;
  for (auto part : text::split(text, ';')) {
    const std::string item(part);
    const auto colon = item.rfind(':');  // feature names hold ':' themselves (expr:GRM2)
    if (colon == std::string::npos || colon == 0) throw InputError("top_features entry '" + item + "' is not feature:value");
    const auto v = text::parse_double(item.substr(colon + 1));
    if (!v) throw InputError("entry '" + item + "' is not feature:value");
    out.emplace_back(item.substr(0, colon), *v);
  }
  return out;
}

void append_prediction_tsv(std::string& s, const PredictionRow& r) {
  auto field = [&s](const std::string& v) {
    s += v;
    s += '\t';
  };
  auto number = [&s](double v) {  // format_double(v, 6), without a string
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);
    s.append(buf, res.ptr);
    s += '\t';
  };
  field(r.sample_id);
  number(r.p_responder);
  number(r.p_lo);
  number(r.p_hi);
  field(r.responder ? "yes" : "no");
  field(r.metabolizer_class);
  for (double p : r.p_class) number(p);
  for (int g = 0; g < 3; ++g) {
    field(or_na(r.diplotype[g]));
    field(or_na(r.phenotype[g]));
  }
  field(r.dose.route);
  field(opt(r.dose.mg_per_kg));
  field(opt(r.dose.dose_mg));
  field(list(r.dose.rules_fired));
  field(list(r.qc_flags));
  field(opt(r.dose.observation_minutes));
  field(list(r.dose.flags));
  s += top_features_text(r.top_features);
  s += '\t';
  s += or_na(r.model_inputs);
  s += '\n';
}

void write_predictions_tsv(std::ostream& out, std::vector<const PredictionRow*> rows, int threads,
                           const std::function<void(std::size_t)>& progress) {
  auto by_id = [](const PredictionRow* a, const PredictionRow* b) { return a->sample_id < b->sample_id; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_id)) std::sort(rows.begin(), rows.end(), by_id);
  out << "sample_id\tp_responder\tp_responder_lo\tp_responder_hi\tresponder\tmetabolizer_class\tp_PM\tp_IM\tp_NM\tp_RM\tp_UM\t"
         "cyp2b6_diplotype\tcyp2b6_phenotype\tcyp3a5_diplotype\tcyp3a5_phenotype\tcyp3a4_diplotype\tcyp3a4_phenotype\t"
         "dose_route\tdose_mg_per_kg\tdose_mg\tdose_rules\tqc_flags\tdose_observation_minutes\tdose_notes\ttop_features\tmodel_inputs\n";
  write_ordered(out, rows.size(), threads, [&rows](std::size_t i, std::string& text) { append_prediction_tsv(text, *rows[i]); }, progress);
}

namespace {

// A string as a JSON value. Plain printable ASCII without '"' or '\\' (every
// ID, allele and flag in practice) is copied; anything else goes through
// nlohmann, which escapes it and refuses invalid UTF-8.
void append_json_string(std::string& out, const std::string& v) {
  for (unsigned char c : v)
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += nlohmann::json(v).dump();
      return;
    }
  char buf[64];  // "v" in one append where it fits
  if (v.size() + 2 > sizeof buf) {
    out += '"';
    out += v;
    out += '"';
    return;
  }
  buf[0] = '"';
  std::memcpy(buf + 1, v.data(), v.size());
  buf[v.size() + 1] = '"';
  out.append(buf, v.size() + 2);
}

}  // namespace

// nlohmann's number layout (its dtoa's format_buffer) over the shortest
// round-trip digits (std::to_chars): "0.25", "1.0", "1e-05", "-3.5e+20", "0.0".
void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // Laid out in a local buffer and appended once (a biobank's JSON has
  // millions of numbers; appending piece by piece was half its time).
  char buf[64];
  char* p = buf;
  if (std::signbit(v)) {
    *p++ = '-';
    v = -v;
  }
  if (v == 0) {
    std::memcpy(p, "0.0", 3);
    out.append(buf, static_cast<std::size_t>(p - buf) + 3);
    return;
  }
  char sci[32];
  const auto r = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  // sci = d[.ddd]e[+-]XX: the digits and the decimal exponent of the first one.
  const char* e = std::find(sci, r.ptr, 'e');
  char digits[24];
  int k = 0;
  for (const char* q = sci; q < e; ++q)
    if (*q != '.') digits[k++] = *q;
  int exp10 = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), r.ptr, exp10);
  const int n = exp10 + 1;  // value = 0.digits x 10^n
  constexpr int kMinExp = -4, kMaxExp = 15;
  if (k <= n && n <= kMaxExp) {  // digits000.0
    std::memcpy(p, digits, static_cast<std::size_t>(k));
    p += k;
    std::memset(p, '0', static_cast<std::size_t>(n - k));
    p += n - k;
    *p++ = '.';
    *p++ = '0';
  } else if (0 < n && n <= kMaxExp) {  // dig.its
    std::memcpy(p, digits, static_cast<std::size_t>(n));
    p += n;
    *p++ = '.';
    std::memcpy(p, digits + n, static_cast<std::size_t>(k - n));
    p += k - n;
  } else if (kMinExp < n && n <= 0) {  // 0.000digits
    *p++ = '0';
    *p++ = '.';
    std::memset(p, '0', static_cast<std::size_t>(-n));
    p += -n;
    std::memcpy(p, digits, static_cast<std::size_t>(k));
    p += k;
  } else {  // d.igitse+XX
    *p++ = digits[0];
    if (k > 1) {
      *p++ = '.';
      std::memcpy(p, digits + 1, static_cast<std::size_t>(k - 1));
      p += k - 1;
    }
    int x = n - 1;
    *p++ = 'e';
    *p++ = x < 0 ? '-' : '+';
    x = x < 0 ? -x : x;
    if (x < 10) *p++ = '0';
    p = std::to_chars(p, buf + sizeof buf, x).ptr;
  }
  out.append(buf, static_cast<std::size_t>(p - buf));
}

namespace {

// One compact JSON object written field by field, in the layout of
// nlohmann::ordered_json::dump(), without building the object tree or a
// serializer per value (100,000 people took seconds that way).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : s_(out) {}
  JsonWriter& open() { return raw('{'); }
  JsonWriter& close() { first_ = false; return raw('}'); }
  JsonWriter& open_array() { return raw('['); }
  JsonWriter& close_array() { first_ = false; return raw(']'); }
  // ,"k": in one append (three per key were a fifth of a biobank's JSON time).
  JsonWriter& key(const char* k) {
    char buf[64];
    char* p = buf;
    if (!first_) *p++ = ',';
    *p++ = '"';
    const std::size_t len = std::strlen(k);
    if (len > sizeof buf - 4) {  // not one of this file's short keys
      s_.append(buf, static_cast<std::size_t>(p - buf)).append(k, len).append("\":");
      first_ = true;
      return *this;
    }
    std::memcpy(p, k, len);
    p += len;
    *p++ = '"';
    *p++ = ':';
    s_.append(buf, static_cast<std::size_t>(p - buf));
    first_ = true;
    return *this;
  }
  JsonWriter& str(const std::string& v) {
    comma();
    append_json_string(s_, v);
    first_ = false;
    return *this;
  }
  JsonWriter& num(double v) {
    comma();
    append_json_number(s_, v);
    first_ = false;
    return *this;
  }
  JsonWriter& opt(const std::optional<double>& v) { return v ? num(*v) : value("null"); }
  JsonWriter& finite_or_null(double v) { return std::isfinite(v) ? num(v) : value("null"); }
  JsonWriter& strings(const std::vector<std::string>& v) {
    comma();
    s_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) s_ += ',';
      append_json_string(s_, v[i]);
    }
    s_ += ']';
    first_ = false;
    return *this;
  }
  // Before an element of an array of objects.
  JsonWriter& element() {
    comma();
    first_ = true;
    return *this;
  }

 private:
  JsonWriter& raw(char c) {
    if (c == '{' || c == '[') comma();
    s_ += c;
    first_ = c == '{' || c == '[';
    return *this;
  }
  JsonWriter& value(const std::string& v) {
    comma();
    s_ += v;
    first_ = false;
    return *this;
  }
  void comma() {
    if (!first_) s_ += ',';
  }
  std::string& s_;
  bool first_ = true;
};

}  // namespace

std::string prediction_json(const PredictionRow& r) {
  std::string s;
  append_prediction_json(s, r);
  return s;
}

void append_prediction_json(std::string& s, const PredictionRow& r) {
  JsonWriter j(s);
  j.open().key("sample_id").str(r.sample_id).key("p_responder").num(r.p_responder).key("p_responder_lo").num(r.p_lo);
  j.key("p_responder_hi").num(r.p_hi).key("responder").str(r.responder ? "yes" : "no").key("metabolizer_class").str(r.metabolizer_class);
  j.key("p_metabolizer").open();
  static const char* classes[] = {"PM", "IM", "NM", "RM", "UM"};
  for (int c = 0; c < 5; ++c) j.key(classes[c]).num(r.p_class[static_cast<std::size_t>(c)]);
  j.close().key("star_alleles").open();
  static const char* genes[] = {"CYP2B6", "CYP3A5", "CYP3A4"};
  for (int g = 0; g < 3; ++g)
    j.key(genes[g]).open().key("diplotype").str(r.diplotype[g]).key("phenotype").str(r.phenotype[g])
        .key("call_quality").str(r.call_quality[g]).close();
  j.close().key("dose").open().key("route").str(r.dose.route).key("mg_per_kg").opt(r.dose.mg_per_kg).key("mg").opt(r.dose.dose_mg);
  j.key("infusion_minutes").opt(r.dose.infusion_minutes).key("observation_minutes").opt(r.dose.observation_minutes);
  j.key("rules").strings(r.dose.rules_fired).key("notes").strings(r.dose.flags).close();
  j.key("qc_flags").strings(r.qc_flags);
  j.key("explanation").open().key("logit").num(r.logit).key("baseline_logit").num(r.logit_baseline).key("top_features").open_array();
  for (const auto& [name, value] : r.top_features) j.element().open().key("feature").str(name).key("contribution").num(value).close();
  j.close_array().close();
  j.key("ood_distance2").finite_or_null(r.ood_distance2).key("model_inputs").str(r.model_inputs).close();
}

void write_predictions_json(std::ostream& out, const nlohmann::ordered_json& head, std::size_t n,
                            const std::function<void(std::size_t, std::string&)>& append_person, int threads,
                            const std::function<void(std::size_t)>& progress) {
  std::string text = head.dump(2);
  text.pop_back();  // reopen the object: the samples array is streamed, one person per line
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  out << text << ",\n" << kSamplesLine << "\n";
  write_ordered(out, n, threads, [&](std::size_t i, std::string& line) {
    line += "    ";
    append_person(i, line);
    line += i + 1 < n ? ",\n" : "\n";
  }, progress);
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

PredictionRow parse_prediction_row(const std::vector<std::string>& columns, const std::vector<std::string>& fields,
                                   const std::string& where) {
  auto get = [&](const char* name) -> const std::string& {
    static const std::string kEmpty;
    for (std::size_t i = 0; i < columns.size() && i < fields.size(); ++i)
      if (columns[i] == name) return fields[i];
    return kEmpty;
  };
  auto bad = [&](const char* name, const std::string& v, const char* want) {
    return InputError(where + ", column " + name + ": '" + v + "' is not " + want + "; rerun that shard");
  };
  auto number = [&](const char* name, double lo, double hi, const char* want) {
    const std::string& v = get(name);
    const auto d = text::parse_double(v);
    if (!d || *d < lo || *d > hi) throw bad(name, v, want);
    return *d;
  };
  auto probability = [&](const char* name) { return number(name, 0, 1, "a probability"); };
  auto opt_num = [&](const char* name) -> std::optional<double> {
    const std::string& v = get(name);
    if (is_na_cell(v)) return std::nullopt;
    const auto d = text::parse_double(v);
    if (!d || *d < 0) throw bad(name, v, "a non-negative number or NA");
    return *d;
  };
  auto list_of = [&](const char* name) {
    std::vector<std::string> out;
    const std::string& v = get(name);
    if (is_na_cell(v)) return out;
    for (auto part : text::split(v, ';')) out.emplace_back(part);
    return out;
  };
  auto dot_empty = [&](const char* name) { const std::string& v = get(name); return is_na_cell(v) ? std::string() : v; };
  PredictionRow r;
  r.sample_id = get("sample_id");
  r.p_responder = probability("p_responder");
  r.p_lo = probability("p_responder_lo");
  r.p_hi = probability("p_responder_hi");
  if (get("responder") != "yes" && get("responder") != "no") throw bad("responder", get("responder"), "yes or no");
  r.responder = get("responder") == "yes";
  r.metabolizer_class = get("metabolizer_class");
  static const std::vector<std::string> kClasses = {"PM", "IM", "NM", "RM", "UM"};
  if (std::find(kClasses.begin(), kClasses.end(), r.metabolizer_class) == kClasses.end())
    throw bad("metabolizer_class", r.metabolizer_class, "PM, IM, NM, RM or UM");
  const char* p_cols[] = {"p_PM", "p_IM", "p_NM", "p_RM", "p_UM"};
  for (int c = 0; c < 5; ++c) r.p_class[static_cast<std::size_t>(c)] = probability(p_cols[c]);
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
  try {
    r.top_features = parse_top_features(get("top_features"));
  } catch (const InputError& e) {
    throw InputError(where + ", column top_features: " + e.what());
  }
  r.model_inputs = dot_empty("model_inputs");
  return r;
}

}  // namespace ketapgx
