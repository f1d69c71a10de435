#include "score/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "pgx/allele_definitions.h"

#include "ketapgx_config.h"
#include "output/format.h"
#include "util/build_info.h"

namespace ketapgx {
namespace {

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

// A bar chart as inline SVG: labels under the bars, counts above them, axis
// titles, and optionally a dashed vertical marker at `marker` (0-1 of the x
// axis) labelled `marker_label`. A bar with any count is at least 2 px high.
struct Axis {
  std::string x_title, y_title;
  double marker = -1;
  std::string marker_label;
};
std::string bars_svg(const std::vector<std::pair<std::string, double>>& bars, const std::string& title, const std::string& id,
                     const Axis& axis) {
  const int w = 600, h = 260, left = 52, right = 10, bottom = 46, top = 32;
  const int plot_w = w - left - right;
  double max = 1;
  for (const auto& b : bars) max = std::max(max, b.second);
  const double bw = static_cast<double>(plot_w) / static_cast<double>(std::max<std::size_t>(1, bars.size()));
  std::string s = "<svg id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
                  std::to_string(h) + "\" role=\"img\" aria-label=\"" + esc(title) + "\"><title>" + esc(title) + "</title>";
  char buf[768];
  std::snprintf(buf, sizeof buf,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                "<text class=\"axis-title\" x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>"
                "<text class=\"axis-title\" x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">%s</text>"
                "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">%.0f</text>",
                left, h - bottom, w - right, h - bottom, left, top, left, h - bottom, left + plot_w / 2, h - 6, esc(axis.x_title).c_str(),
                (top + h - bottom) / 2, (top + h - bottom) / 2, esc(axis.y_title).c_str(), left - 3, top + 4, max);
  s += buf;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    double bh = (h - bottom - top) * bars[i].second / max;
    if (bars[i].second > 0) bh = std::max(2.0, bh);
    const double x = left + bw * static_cast<double>(i);
    std::snprintf(buf, sizeof buf,
                  "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3b6ea5\"><title>%s: %.0f</title></rect>"
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                  x + 1, h - bottom - bh, std::max(1.0, bw - 2), bh, esc(bars[i].first).c_str(), bars[i].second, x + bw / 2,
                  h - bottom + 14, esc(bars[i].first).c_str());
    s += buf;
    if (bars[i].second > 0) {
      std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%.0f</text>", x + bw / 2,
                    h - bottom - bh - 3, bars[i].second);
      s += buf;
    }
  }
  if (axis.marker >= 0 && axis.marker <= 1) {
    const double x = left + plot_w * axis.marker;
    std::snprintf(buf, sizeof buf,
                  "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
                  "<text class=\"marker-label\" x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#c0392b\">%s</text>",
                  x, top - 12, x, h - bottom, x + 4, top - 12, esc(axis.marker_label).c_str());
    s += buf;
  }
  return s + "</svg>";
}

std::string sha12(const nlohmann::ordered_json& file) {
  const std::string sha = file.is_object() ? file.value("sha256", "") : "";
  return sha.empty() ? "not hashed (a stream)" : "SHA-256 " + sha.substr(0, 12);
}

// The dose notice repeats the research-use sentence the page already opens
// with; keep what it adds.
std::string dose_notice_rest(const std::string& notice) {
  if (notice.rfind("For research use only", 0) != 0) return notice;
  const std::size_t at = notice.find(". ");
  return at == std::string::npos ? "" : notice.substr(at + 2);
}

// Star alleles: what the calls rest on (people with a phenotype left
// Indeterminate for an unread position, outside calls) and what a VCF cannot
// show. Counted from the rows' flags, so a merged report draws the same.
void write_star_allele_section(std::ostream& out, const ReportData& d) {
  std::map<std::string, std::size_t> partial, outside;
  for (const PredictionRow* r : d.rows)
    for (const auto& f : r->qc_flags) {
      if (f.size() > 8 && f.compare(f.size() - 8, 8, "_partial") == 0) ++partial[f.substr(0, f.size() - 8)];
      if (f.size() > 8 && f.compare(f.size() - 8, 8, "_outside") == 0) ++outside[f.substr(0, f.size() - 8)];
    }
  out << "<h2>Star alleles</h2>\n<div id=\"star-alleles\">";
  const auto& sa = d.star_alleles;
  const bool assumed = sa.is_object() && sa.value("assume_reference_at_missing", false);
  if (assumed) {
    out << "<p class=\"notice\">Phenotypes were kept where an unread defining position could change them "
           "(<code>--pgx-assume-reference-at-missing</code>, PharmCAT's behaviour).</p>\n";
  } else if (partial.empty()) {
    out << "<p>No phenotype rests on an unread defining position that could change it.</p>\n";
  } else {
    out << "<p class=\"notice\">Phenotype left Indeterminate because an unread defining position could change it "
           "(<code>&lt;GENE&gt;_partial</code>; the dose rules do not use it):";
    for (const auto& [gene, k] : partial) out << " " << esc(gene) << " " << k << " people;";
    out << " each person's call quality is in the Samples table. The most common reasons:</p>\n<ul id=\"call-quality-reasons\">";
    static const char* kGenes[] = {"CYP2B6", "CYP3A5", "CYP3A4"};
    for (int g = 0; g < 3; ++g) {
      std::map<std::string, std::size_t> reasons;
      for (const PredictionRow* r : d.rows)
        if (r->call_quality[g].rfind("partial (missing:", 0) == 0 && r->phenotype[g] == "Indeterminate") ++reasons[r->call_quality[g]];
      std::vector<std::pair<std::size_t, std::string>> top;
      for (const auto& [text, k] : reasons) top.emplace_back(k, text);
      std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      for (std::size_t i = 0; i < std::min<std::size_t>(3, top.size()); ++i)
        out << "<li>" << kGenes[g] << ", " << top[i].first << " people: " << esc(top[i].second) << "</li>";
    }
    out << "</ul>\n";
  }
  if (!outside.empty()) {
    out << "<p>Outside calls (<code>--outside-calls</code>) replaced the VCF's call for:";
    for (const auto& [gene, k] : outside) out << " " << esc(gene) << " " << k << " people;";
    out << "</p>\n";
  }
  if (sa.is_object() && sa.contains("not_assessed"))
    for (const auto& st : sa.at("not_assessed")) out << "<p class=\"not-assessed\">" << esc(st.get<std::string>()) << ".</p>\n";
  out << "</div>\n";
}

}  // namespace

namespace {

// Sorting and filtering of the Samples table: every cell keeps its number in
// data-v; without scripts the table reads the same, unsorted by hand. A URL
// hash "#sort=p_responder:desc&filter=PM" sorts and filters on load.
constexpr const char* kTableScript = R"JS(
(function () {
  var t = document.getElementById('samples');
  if (!t || !t.tHead) return;
  var body = t.tBodies[0], heads = t.tHead.rows[0].cells;
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v !== null && v !== '' && !isNaN(v)) return parseFloat(v);
    return cell.textContent.toLowerCase();
  }
  function sortBy(col, desc) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (typeof x !== typeof y) { x = String(x); y = String(y); }
      var c = x < y ? -1 : (x > y ? 1 : 0);
      return desc ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    heads[col].setAttribute('aria-sort', desc ? 'descending' : 'ascending');
  }
  Array.prototype.forEach.call(heads, function (h, i) {
    h.style.cursor = 'pointer';
    h.title = 'click to sort';
    h.addEventListener('click', function () { sortBy(i, h.getAttribute('aria-sort') === 'ascending'); });
  });
  var f = document.createElement('input');
  f.type = 'search'; f.id = 'samples-filter'; f.size = 60;
  f.placeholder = 'filter the rows: any text (an ID, a flag, a phenotype, a rule)';
  f.addEventListener('input', function () {
    var q = f.value.toLowerCase();
    Array.prototype.forEach.call(body.rows, function (r) { r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none'; });
  });
  t.parentNode.insertBefore(f, t);
  decodeURIComponent(location.hash.slice(1)).split('&').forEach(function (kv) {
    var p = kv.split('=');
    if (p[0] === 'sort' && p[1]) {
      var s = p[1].split(':');
      for (var i = 0; i < heads.length; i++) if (heads[i].getAttribute('data-col') === s[0]) sortBy(i, s[1] === 'desc');
    }
    if (p[0] === 'filter' && p[1] !== undefined) { f.value = p[1]; f.dispatchEvent(new Event('input')); }
  });
})();
)JS";

bool has_flag(const PredictionRow& r, const char* flag) { return std::find(r.qc_flags.begin(), r.qc_flags.end(), flag) != r.qc_flags.end(); }

std::string num_or_empty(const std::optional<double>& v, int digits) { return v ? format_double(*v, digits) : ""; }

}  // namespace

void write_report_html(std::ostream& out, const ReportData& d) {
  const std::size_t n = d.rows.size();
  const nlohmann::ordered_json& head = d.head;
  const nlohmann::ordered_json model = head.value("model", nlohmann::ordered_json::object());
  const double threshold = model.value("threshold", 0.5);
  auto run_file = [&](const std::string& suffix) { return "<span class=\"run-file\">" + esc(d.prefix_name + suffix) + "</span>"; };
  double mean = 0;
  std::size_t yes = 0;
  std::map<std::string, double> classes = {{"PM", 0}, {"IM", 0}, {"NM", 0}, {"RM", 0}, {"UM", 0}};
  std::vector<std::pair<std::string, double>> hist(10);
  for (int b = 0; b < 10; ++b) hist[static_cast<std::size_t>(b)].first = format_double(b / 10.0, 2) + "-" + format_double((b + 1) / 10.0, 2);
  std::size_t flagged = 0, ood = 0;
  std::map<std::string, std::size_t> inputs_used;  // model_inputs -> people
  std::map<std::string, std::map<std::string, int>> cross;  // learned class -> CYP2B6 CPIC class -> people
  std::unordered_map<std::string, std::size_t> rule_people; // dose rule id -> people it fired for
  for (const PredictionRow* r : d.rows) {
    mean += r->p_responder / static_cast<double>(std::max<std::size_t>(1, n));
    yes += r->responder;
    classes[r->metabolizer_class] += 1;
    // Probabilities were checked finite and in [0, 1] before any writer; clamp anyway.
    const double pr = std::isfinite(r->p_responder) ? std::min(1.0, std::max(0.0, r->p_responder)) : 0.0;
    hist[static_cast<std::size_t>(std::min(9, static_cast<int>(pr * 10)))].second += 1;
    if (has_flag(*r, "out_of_distribution")) ++ood;
    const std::string cpic = metabolizer_class(r->phenotype[0]);
    ++cross[r->metabolizer_class][cpic.empty() ? "n/a" : cpic];
    flagged += !r->qc_flags.empty();
    ++inputs_used[r->model_inputs.empty() ? std::string("n/a") : r->model_inputs];
    for (const auto& id : r->dose.rules_fired) ++rule_people[id];
  }
  std::string inputs_text;
  for (const auto& [inputs, people] : inputs_used) inputs_text += (inputs_text.empty() ? "" : "; ") + std::to_string(people) + " from " + inputs;
  std::vector<std::pair<std::string, double>> class_bars;
  for (const char* c : {"PM", "IM", "NM", "RM", "UM"}) class_bars.emplace_back(c, classes[c]);
  std::vector<std::pair<std::string, double>> qc_bars(d.panel_status.begin(), d.panel_status.end());

  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ketapgx report</title>\n"
         "<style>body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}"
         ".notice{background:#fff3cd;border:1px solid #e0b000;padding:.8em;margin:1em 0}"
         "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
         "th{background:#eee}.summary td{font-size:14px}small{color:#555}#samples-filter{margin:.5em 0;padding:3px}"
         "th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}"
         "#how-to-read li{margin:.3em 0}</style></head><body>\n";
  out << "<h1>ketapgx: predicted response to ketamine</h1>\n";
  out << "<p class=\"notice\" id=\"notice\"><strong>" << esc(d.notice) << "</strong>";
  if (const std::string rest = dose_notice_rest(d.dose_notice); !rest.empty()) out << " " << esc(rest);
  out << "</p>\n";
  if (d.simulated_model)
    out << "<p class=\"notice\">The model <code>" << esc(d.model_id) << "</code> was trained on <strong>simulated data</strong>: "
           "its numbers say nothing about real patients.</p>\n";

  // How to read it.
  const nlohmann::ordered_json cv = model.value("cross_validated_responder", nlohmann::ordered_json::object());
  auto metric = [&](const char* key, int digits) {
    return cv.contains(key) && cv[key].is_number() ? format_double(cv[key].get<double>(), digits) : std::string("n/a");
  };
  out << "<h2>How to read this report</h2>\n<ul id=\"how-to-read\">"
      << "<li><strong>p_responder</strong> is the model's probability that the person responds to ketamine, as the outcomes it was "
         "trained on define response: the mean of its cross-validation fold models, calibrated on their out-of-fold predictions. "
         "A person is a <strong>predicted responder</strong> when p_responder is at least the threshold, <strong>"
      << format_double(threshold, 3) << "</strong> (the dashed line in the histogram).</li>"
      << "<li>The <strong>interval</strong> beside p_responder is the lowest and highest prediction of the fold models: how much "
         "they disagree, not a confidence interval.</li>"
      << "<li><strong>How well the model did</strong> (cross-validated on its " << (cv.contains("n") ? cv["n"].dump() : std::string("n/a"))
      << " training people" << (d.simulated_model ? ", simulated" : "") << "): AUROC " << metric("auroc", 3);
  if (cv.contains("auroc_ci95") && cv["auroc_ci95"].is_array() && cv["auroc_ci95"].size() == 2 && cv["auroc_ci95"][0].is_number())
    out << " (95% CI " << format_double(cv["auroc_ci95"][0].get<double>(), 3) << "-" << format_double(cv["auroc_ci95"][1].get<double>(), 3) << ")";
  out << ", calibration slope " << metric("calibration_slope", 3) << " (1 is ideal), expected calibration error " << metric("ece", 3)
      << ". An AUROC of 0.5 is chance.";
  if (model.contains("model_card") && model["model_card"].is_string())
    out << " The model card: <a id=\"model-card\" href=\"file://" << esc(model["model_card"].get<std::string>()) << "\">"
        << esc(model["model_card"].get<std::string>()) << "</a>.";
  out << "</li>"
      << "<li><strong>Metabolizer</strong> is the model's predicted class (PM poor, IM intermediate, NM normal, RM rapid, UM "
         "ultrarapid); CYP2B6, CYP3A5 and CYP3A4 show the star-allele call, its CPIC phenotype and what the call rests on "
         "(<code>complete</code>, or the defining positions the VCF lacked).</li>"
      << "<li><strong>Research dose</strong> is a starting point from the dose rules (route, infusion time, how long to observe "
         "and any notes); the Dose rules section gives each rule's evidence. It is not a prescription.</li>"
      << "<li><strong>QC flags</strong> say what to check before reading a row: e.g. <code>out_of_distribution</code> (unlike the "
         "training data), <code>CYP2B6_partial</code> (phenotype left Indeterminate), <code>metabolizer_disagrees</code>.</li></ul>\n";

  out << "<h2>Cohort</h2>\n<table class=\"summary\" id=\"summary\">"
      << "<tr><td>samples scored</td><td>" << n << "</td></tr>"
      << "<tr><td>mean predicted probability of response</td><td>" << format_double(mean, 3) << "</td></tr>"
      << "<tr><td>predicted responders (p_responder at least " << format_double(threshold, 3) << ")</td><td>" << yes << "</td></tr>"
      << "<tr><td>genome build</td><td>" << esc(d.genome_build) << "</td></tr>"
      << "<tr><td>model</td><td>" << esc(d.model_id) << "</td></tr>"
      << "<tr><td>dose route</td><td>" << esc(d.route) << "</td></tr>"
      << "<tr><td>predicted from (model inputs)</td><td>" << esc(inputs_text) << "</td></tr>"
      << "<tr><td>samples with QC flags</td><td>" << flagged << "</td></tr>"
      << "<tr><td>out of the training distribution</td><td>" << ood << "</td></tr></table>\n";
  out << "<h2>Distribution of p_responder</h2>\n"
      << bars_svg(hist, "people per p_responder bin", "plot-p-responder",
                  {"p_responder (the fold models' mean)", "people", threshold, "threshold " + format_double(threshold, 3)})
      << "\n";
  out << "<h2>Predicted metabolizer classes</h2>\n"
      << bars_svg(class_bars, "people per predicted metabolizer class", "plot-metabolizer", {"predicted metabolizer class", "people", -1, ""})
      << "\n";
  out << "<p>The model's class against the CYP2B6 CPIC phenotype of the star-allele call (people; rows: the model's class). "
         "Two or more steps apart is flagged <code>metabolizer_disagrees</code>.</p>\n<table id=\"metabolizer-cross\"><tr><th>model / CYP2B6</th>";
  static const char* kCols[] = {"PM", "IM", "NM", "RM", "UM", "n/a"};
  for (const char* c : kCols) out << "<th>" << c << "</th>";
  out << "</tr>\n";
  for (const char* row : {"PM", "IM", "NM", "RM", "UM"}) {
    out << "<tr><th>" << row << "</th>";
    for (const char* c : kCols) {
      auto it = cross.find(row);
      const int v = it == cross.end() || !it->second.count(c) ? 0 : it->second.at(c);
      out << "<td>" << v << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
  write_star_allele_section(out, d);

  // Dose rules, with the evidence behind each.
  out << "<h2>Dose rules</h2>\n<div id=\"dose-rules\"><p>The rules of the dose-rule file, in order, and how many people each "
         "applied to. Later rules refine earlier ones (a cap lowers a dose, the longest observation wins).</p>\n"
         "<table><tr><th>rule</th><th>people</th><th>note in the table</th><th>evidence</th><th>source</th></tr>\n";
  const nlohmann::ordered_json rules = head.contains("dose_rules") ? head["dose_rules"].value("rules", nlohmann::ordered_json::array())
                                                                    : nlohmann::ordered_json::array();
  for (const auto& rule : rules) {
    const std::string id = rule.value("id", "");
    out << "<tr><td><code>" << esc(id) << "</code></td><td>" << (rule_people.count(id) ? rule_people.at(id) : 0) << "</td><td>"
        << esc(rule.value("flag", "")) << "</td><td>" << esc(rule.value("evidence", "")) << "</td><td>" << esc(rule.value("source", ""))
        << "</td></tr>\n";
  }
  out << "</table></div>\n";

  out << "<h2>Cohort checks</h2>\n<div id=\"cohort-checks\">";
  const auto& cc = d.cohort_checks;
  if (cc.is_object()) {
    out << "<p>Expression standardised against: <strong>"
        << esc(cc.value("expression_standardize", "bundle") == "cohort" ? "this cohort's own statistics (--expression-standardize cohort)"
                                                                          : "the model's training statistics")
        << "</strong>.</p>\n";
    const auto& shift = cc.contains("expression_shift") ? cc.at("expression_shift") : nlohmann::ordered_json::array();
    const std::size_t checked = cc.value("expression_genes_checked", std::size_t{0});
    if (checked == 0) {
      out << "<p>No expression gene was checked against the training data (no expression, or the model uses none).</p>\n";
    } else if (shift.empty()) {
      out << "<p>None of the " << checked << " expression genes the model uses differs from its training data.</p>\n";
    } else {
      out << "<p class=\"notice\">" << shift.size() << " of " << checked << " expression genes differ from the model's training data "
          << "(another lab, kit or pipeline?). Predictions may be wrong and miscalibrated; for another batch, rerun with "
             "<code>--expression-standardize cohort</code>.</p>\n<table id=\"expression-shift\"><tr><th>gene</th><th>people</th>"
             "<th>shift (training SDs)</th><th>SD ratio</th></tr>\n";
      for (const auto& g : shift)
        out << "<tr><td>" << esc(g.at("gene").get<std::string>()) << "</td><td>" << g.at("n").get<std::size_t>() << "</td><td>"
            << format_double(g.at("shift").get<double>(), 4) << "</td><td>" << format_double(g.at("sd_ratio").get<double>(), 4)
            << "</td></tr>\n";
      out << "</table>\n";
    }
    if (cc.contains("expression_shift_rule")) out << "<p><small>Rule: " << esc(cc.at("expression_shift_rule").get<std::string>()) << ".</small></p>\n";
    if (cc.contains("out_of_distribution_rule"))
      out << "<p>" << ood << " of " << n << " people are out of the training distribution (<code>out_of_distribution</code>). <small>Rule: "
          << esc(cc.at("out_of_distribution_rule").get<std::string>()) << ".</small></p>\n";
  }
  out << "</div>\n";
  out << "<h2>QC</h2>\n"
      << bars_svg(qc_bars, "panel variants per QC status", "plot-qc", {"QC status of the panel's variants in the VCF", "variants", -1, ""})
      << "<p>" << d.samples_not_in_every_input << " sample(s) are missing from at least one input (see " << run_file(".qc.samples.tsv")
      << ").</p>\n";

  // The per-sample table: everyone by sample ID, or when capped the flagged
  // people first, then those furthest from the threshold.
  std::vector<const PredictionRow*> shown;
  out << "<h2>Samples</h2>\n";
  if (n <= d.table_limit) {
    shown = d.rows;
  } else {
    // Each person's place in that order, computed once (a sort comparing rows
    // chased two pointers per comparison: 0.3 s at 500,000 people); ties keep
    // the sample-ID order. Only the first table_limit are sorted.
    struct Key {
      bool unflagged;
      double closeness;  // minus the distance from the threshold
      std::size_t index;
      bool operator<(const Key& o) const {
        if (unflagged != o.unflagged) return !unflagged;
        if (closeness != o.closeness) return closeness < o.closeness;
        return index < o.index;
      }
    };
    std::vector<Key> keys(n);
    for (std::size_t i = 0; i < n; ++i)
      keys[i] = {d.rows[i]->qc_flags.empty(), -std::fabs(d.rows[i]->p_responder - threshold), i};
    const auto cut = keys.begin() + static_cast<std::ptrdiff_t>(d.table_limit);
    std::nth_element(keys.begin(), cut, keys.end());
    std::sort(keys.begin(), cut);
    for (auto k = keys.begin(); k != cut; ++k) shown.push_back(d.rows[k->index]);
    out << "<p id=\"table-cap\">" << d.table_limit << " of " << n << " people: those with QC flags first, then those furthest from the "
        << "threshold; " << run_file(".predictions.tsv") << " has everyone.</p>\n";
  }
  out << "<div style=\"overflow-x:auto\"><table id=\"samples\"><thead><tr>";
  static const char* kHeads[][2] = {{"sample_id", "sample"}, {"p_responder", "p_responder"}, {"p_responder_lo", "lowest fold model"},
                                    {"p_responder_hi", "highest fold model"}, {"responder", "predicted responder"},
                                    {"metabolizer_class", "metabolizer"}, {"cyp2b6", "CYP2B6"}, {"cyp3a5", "CYP3A5"}, {"cyp3a4", "CYP3A4"},
                                    {"dose_mg", "research dose"}, {"dose_route", "route"}, {"infusion_minutes", "infusion (min)"},
                                    {"observation_minutes", "observe (min)"}, {"dose_notes", "dose notes"}, {"dose_rules", "rules"},
                                    {"qc_flags", "QC flags"}, {"top_features", "top features (logit)"}, {"model_inputs", "model inputs"}};
  for (const auto& h : kHeads) out << "<th data-col=\"" << h[0] << "\">" << h[1] << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const PredictionRow* rp : shown) {
    const PredictionRow& r = *rp;
    std::string dose = r.dose.dose_mg ? format_double(*r.dose.dose_mg, 4) + " mg" : "";
    if (r.dose.mg_per_kg) dose += (dose.empty() ? "" : " (") + format_double(*r.dose.mg_per_kg, 3) + " mg/kg" + (r.dose.dose_mg ? ")" : "");
    std::string rules_text, flags, notes;
    for (const auto& x : r.dose.rules_fired) rules_text += (rules_text.empty() ? "" : ", ") + x;
    for (const auto& x : r.qc_flags) flags += (flags.empty() ? "" : ", ") + x;
    for (const auto& x : r.dose.flags) notes += (notes.empty() ? "" : "; ") + x;
    out << "<tr><td>" << esc(r.sample_id) << "</td><td data-v=\"" << format_double(r.p_responder, 6) << "\">" << format_double(r.p_responder, 3)
        << "</td><td data-v=\"" << format_double(r.p_lo, 6) << "\">" << format_double(r.p_lo, 3) << "</td><td data-v=\""
        << format_double(r.p_hi, 6) << "\">" << format_double(r.p_hi, 3) << "</td><td>" << (r.responder ? "yes" : "no") << "</td><td>"
        << esc(r.metabolizer_class) << "</td>";
    for (int g = 0; g < 3; ++g) {
      out << "<td>" << esc(r.diplotype[g].empty() || r.diplotype[g] == "." ? "no call" : r.diplotype[g]) << " " << esc(r.phenotype[g]);
      if (!r.call_quality[g].empty()) out << "<br><small class=\"call-quality\">" << esc(r.call_quality[g]) << "</small>";
      out << "</td>";
    }
    std::string why = r.top_features.empty() ? "" : top_features_text(r.top_features);
    for (std::size_t k = 0; (k = why.find(';', k)) != std::string::npos; k += 2) why.replace(k, 1, "; ");
    out << "<td data-v=\"" << (r.dose.dose_mg ? format_double(*r.dose.dose_mg, 6) : "") << "\">" << esc(dose) << "</td><td>"
        << esc(r.dose.route) << "</td><td data-v=\"" << num_or_empty(r.dose.infusion_minutes, 6) << "\">"
        << num_or_empty(r.dose.infusion_minutes, 4) << "</td><td data-v=\"" << num_or_empty(r.dose.observation_minutes, 6) << "\">"
        << num_or_empty(r.dose.observation_minutes, 4) << "</td><td class=\"dose-notes\">" << esc(notes) << "</td><td>" << esc(rules_text)
        << "</td><td>" << esc(flags) << "</td><td>" << esc(why) << "</td><td>" << esc(r.model_inputs) << "</td></tr>\n";
  }
  out << "</tbody></table></div>\n";

  // Provenance: everything that names this run.
  out << "<h2>Provenance</h2>\n<section id=\"provenance\"><table>"
      << "<tr><td>tool</td><td>ketapgx " << KETAPGX_VERSION << " (commit " << esc(build_commit()) << ")</td></tr>"
      << "<tr><td>report written</td><td>" << esc(d.generated) << "</td></tr>"
      << "<tr><td>command</td><td><code>" << esc(head.value("command_line", "")) << "</code></td></tr>";
  if (head.contains("merged_from") && head["merged_from"].is_array()) {
    out << "<tr><td>merged from</td><td>";
    for (const auto& s : head["merged_from"]) out << esc(s.get<std::string>()) << " ";
    out << "</td></tr>";
  }
  out << "<tr><td>model</td><td>" << esc(d.model_id) << " (" << esc(model.value("dir", "")) << ")</td></tr>";
  if (head.contains("inputs"))
    for (const auto& [name, file] : head["inputs"].items())
      if (file.is_object() && !file.value("path", "").empty())
        out << "<tr><td>--" << esc(name) << "</td><td>" << esc(file.value("path", "")) << " <small>" << sha12(file) << "</small></td></tr>";
  if (head.contains("feature_definitions"))
    for (const auto& [name, file] : head["feature_definitions"].items())
      if (file.is_object() && !file.value("path", "").empty())
        out << "<tr><td>" << esc(name) << "</td><td>" << esc(file.value("path", "")) << " <small>" << sha12(file) << "</small></td></tr>";
  if (head.contains("dose_rules"))
    out << "<tr><td>dose rules</td><td>" << esc(head["dose_rules"].value("path", "")) << " <small>" << sha12(head["dose_rules"])
        << "</small></td></tr>";
  out << "<tr><td>output files</td><td>" << run_file(".predictions.tsv") << ", " << run_file(".predictions.json") << ", "
      << run_file(".qc.variants.tsv") << ", " << run_file(".qc.samples.tsv") << "</td></tr></table></section>\n";
  out << "<p class=\"notice\" id=\"notice-end\"><strong>" << esc(d.notice) << "</strong></p>\n<script>" << kTableScript
      << "</script>\n</body></html>\n";
}

}  // namespace ketapgx
