#include "score/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pgx/allele_definitions.h"

#include "output/format.h"

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

// A bar chart as inline SVG: labels under the bars, counts above them.
std::string bars_svg(const std::vector<std::pair<std::string, double>>& bars, const std::string& title, const std::string& id) {
  const int w = 560, h = 220, left = 40, bottom = 30, top = 20;
  double max = 1;
  for (const auto& b : bars) max = std::max(max, b.second);
  const double bw = static_cast<double>(w - left - 10) / static_cast<double>(std::max<std::size_t>(1, bars.size()));
  std::string s = "<svg id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
                  std::to_string(h) + "\" role=\"img\" aria-label=\"" + esc(title) + "\"><title>" + esc(title) + "</title>";
  s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(h - bottom) + "\" x2=\"" + std::to_string(w - 10) +
       "\" y2=\"" + std::to_string(h - bottom) + "\" stroke=\"#333\"/>";
  char buf[512];
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double bh = (h - bottom - top) * bars[i].second / max;
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
  return s + "</svg>";
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
    out << " see <code>call_quality</code> in PREFIX.predictions.json.</p>\n";
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

void write_report_html(std::ostream& out, const ReportData& d) {
  const std::size_t n = d.rows.size();
  double mean = 0;
  std::size_t yes = 0;
  std::map<std::string, double> classes = {{"PM", 0}, {"IM", 0}, {"NM", 0}, {"RM", 0}, {"UM", 0}};
  std::vector<std::pair<std::string, double>> hist(10);
  for (int b = 0; b < 10; ++b) hist[static_cast<std::size_t>(b)].first = format_double(b / 10.0, 2) + "-" + format_double((b + 1) / 10.0, 2);
  std::size_t flagged = 0, ood = 0;
  std::map<std::string, std::size_t> inputs_used;  // model_inputs -> people
  std::map<std::string, std::map<std::string, int>> cross;  // learned class -> CYP2B6 CPIC class -> people
  for (const PredictionRow* r : d.rows) {
    mean += r->p_responder / static_cast<double>(std::max<std::size_t>(1, n));
    yes += r->responder;
    classes[r->metabolizer_class] += 1;
    // Probabilities were checked finite and in [0, 1] before any writer; clamp anyway.
    const double pr = std::isfinite(r->p_responder) ? std::min(1.0, std::max(0.0, r->p_responder)) : 0.0;
    hist[static_cast<std::size_t>(std::min(9, static_cast<int>(pr * 10)))].second += 1;
    if (std::find(r->qc_flags.begin(), r->qc_flags.end(), "out_of_distribution") != r->qc_flags.end()) ++ood;
    const std::string cpic = metabolizer_class(r->phenotype[0]);
    ++cross[r->metabolizer_class][cpic.empty() ? "n/a" : cpic];
    flagged += !r->qc_flags.empty();
    ++inputs_used[r->model_inputs.empty() ? std::string("n/a") : r->model_inputs];
  }
  std::string inputs_text;
  for (const auto& [inputs, people] : inputs_used) inputs_text += (inputs_text.empty() ? "" : "; ") + std::to_string(people) + " from " + inputs;
  std::vector<std::pair<std::string, double>> class_bars;
  for (const char* c : {"PM", "IM", "NM", "RM", "UM"}) class_bars.emplace_back(c, classes[c]);
  std::vector<std::pair<std::string, double>> qc_bars(d.panel_status.begin(), d.panel_status.end());

  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ketapgx report</title>\n"
         "<style>body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}"
         ".notice{background:#fff3cd;border:1px solid #e0b000;padding:.8em;margin:1em 0}"
         "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
         "th{background:#eee}.summary td{font-size:14px}</style></head><body>\n";
  out << "<h1>ketapgx: predicted response to ketamine</h1>\n";
  out << "<p class=\"notice\" id=\"notice\"><strong>" << esc(d.notice) << "</strong> " << esc(d.dose_notice) << "</p>\n";
  if (d.simulated_model)
    out << "<p class=\"notice\">The model <code>" << esc(d.model_id) << "</code> was trained on <strong>simulated data</strong>.</p>\n";
  out << "<h2>Cohort</h2>\n<table class=\"summary\" id=\"summary\">"
      << "<tr><td>samples scored</td><td>" << n << "</td></tr>"
      << "<tr><td>mean predicted probability of response</td><td>" << format_double(mean, 3) << "</td></tr>"
      << "<tr><td>predicted responders (at the model's threshold)</td><td>" << yes << "</td></tr>"
      << "<tr><td>genome build</td><td>" << esc(d.genome_build) << "</td></tr>"
      << "<tr><td>model</td><td>" << esc(d.model_id) << "</td></tr>"
      << "<tr><td>dose route</td><td>" << esc(d.route) << "</td></tr>"
      << "<tr><td>predicted from (model inputs)</td><td>" << esc(inputs_text) << "</td></tr>"
      << "<tr><td>samples with QC flags</td><td>" << flagged << "</td></tr>"
      << "<tr><td>out of the training distribution</td><td>" << ood << "</td></tr></table>\n";
  out << "<h2>Distribution of p_responder</h2>\n" << bars_svg(hist, "samples per p_responder bin", "plot-p-responder") << "\n";
  out << "<h2>Predicted metabolizer classes</h2>\n" << bars_svg(class_bars, "samples per metabolizer class", "plot-metabolizer") << "\n";
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
  out << "<h2>QC</h2>\n" << bars_svg(qc_bars, "panel variants per QC status", "plot-qc")
      << "<p>" << d.samples_not_in_every_input << " sample(s) are missing from at least one input (see PREFIX.qc.samples.tsv).</p>\n";
  out << "<h2>Samples</h2>\n";
  if (n > d.table_limit)
    out << "<p>The first " << d.table_limit << " of " << n << " samples; PREFIX.predictions.tsv has them all.</p>\n";
  out << "<p>p_responder is the fold models' mean; in brackets the lowest and highest of the fold models' predictions "
         "(how much they disagree, not a confidence interval).</p>\n";
  out << "<table id=\"samples\"><tr><th>sample</th><th>p_responder (lowest-highest fold model)</th><th>responder</th><th>metabolizer</th>"
         "<th>CYP2B6</th><th>CYP3A5</th><th>CYP3A4</th><th>research dose</th><th>rules</th><th>QC flags</th>"
         "<th>top features (logit)</th><th>model inputs</th></tr>\n";
  for (std::size_t i = 0; i < std::min(n, d.table_limit); ++i) {
    const PredictionRow& r = *d.rows[i];
    std::string dose = r.dose.dose_mg ? format_double(*r.dose.dose_mg, 4) + " mg" : "";
    if (r.dose.mg_per_kg) dose += (dose.empty() ? "" : " (") + format_double(*r.dose.mg_per_kg, 3) + " mg/kg" + (r.dose.dose_mg ? ")" : "");
    std::string rules, flags;
    for (const auto& x : r.dose.rules_fired) rules += (rules.empty() ? "" : ", ") + x;
    for (const auto& x : r.qc_flags) flags += (flags.empty() ? "" : ", ") + x;
    out << "<tr><td>" << esc(r.sample_id) << "</td><td>" << format_double(r.p_responder, 3) << " (" << format_double(r.p_lo, 3) << "-"
        << format_double(r.p_hi, 3) << ")</td><td>" << (r.responder ? "yes" : "no") << "</td><td>" << esc(r.metabolizer_class)
        << "</td>";
    for (int g = 0; g < 3; ++g) out << "<td>" << esc(r.diplotype[g].empty() ? "no call" : r.diplotype[g]) << " " << esc(r.phenotype[g]) << "</td>";
    std::string why = r.top_features.empty() ? "" : top_features_text(r.top_features);
    for (std::size_t k = 0; (k = why.find(';', k)) != std::string::npos; k += 2) why.replace(k, 1, "; ");
    out << "<td>" << esc(dose) << "</td><td>" << esc(rules) << "</td><td>" << esc(flags) << "</td><td>" << esc(why) << "</td><td>"
        << esc(r.model_inputs) << "</td></tr>\n";
  }
  out << "</table>\n<p class=\"notice\">" << esc(d.notice) << "</p>\n</body></html>\n";
}

}  // namespace ketapgx
