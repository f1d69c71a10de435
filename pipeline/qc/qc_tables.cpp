#include "qc/qc_tables.h"

#include <cmath>
#include <string_view>
#include <unordered_map>

#include "output/format.h"
#include "util/text.h"

namespace ketapgx {
namespace {

std::string or_dot(const std::string& s) { return s.empty() ? "." : s; }

}  // namespace

std::string alt_freq_text(const VariantCallStats& st) {
  return st.present && st.alt_freq() >= 0 ? format_double(st.alt_freq()) : "NA";
}
std::string call_rate_text(const VariantCallStats& st) { return st.present ? format_double(st.call_rate()) : "NA"; }
// The counts behind call_rate and alt_freq, so that `merge` can add shards up.
std::string count_columns(const VariantCallStats& st) {
  if (!st.present) return "NA\tNA\tNA\tNA";
  return std::to_string(st.n_samples) + "\t" + std::to_string(st.counts.called_samples) + "\t" +
         std::to_string(st.counts.called_alleles) + "\t" + std::to_string(st.counts.alt_alleles);
}

void write_sample_table_header(std::ostream& out) {
  out << "sample_id\tcall_rate\tin_vcf\tin_expression\tin_covariates\texpression_genes_missing\n";
}

void write_variant_table_header(std::ostream& out) {
  out << "variant_id\tchrom\tpos\tref\talt\tgene\tstatus\tcall_rate\talt_freq\trole\tvcf_ref\tvcf_alt\tnote\t"
         "n_samples\tcalled_samples\tcalled_alleles\talt_alleles\n";
}

void write_record_variant_row(std::ostream& out, const BlockRow& row, const VariantCallStats& st) {
  out << row.variant_id << '\t' << row.chrom << '\t' << row.pos << '\t' << row.ref << '\t' << row.alt << "\t.\t"
      << (row.n_alts > 1 ? "multiallelic" : "found") << '\t' << call_rate_text(st) << '\t' << alt_freq_text(st)
      << "\t.\t" << row.ref << '\t' << row.alt << "\t.\t" << count_columns(st) << '\n';
}

std::map<std::string, int> write_panel_variant_rows(std::ostream& out, const Panel& panel,
                                                    const std::vector<PanelMatch>& matches,
                                                    const std::vector<VariantCallStats>& stats) {
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < panel.variants.size(); ++i) {
    const PanelVariant& v = panel.variants[i];
    const PanelMatch& m = matches[i];
    ++counts[panel_status_name(m.status)];
    out << v.id << '\t' << v.chrom << '\t' << v.pos << '\t' << v.ref << '\t' << v.alt << '\t' << v.gene << '\t'
        << panel_status_name(m.status) << '\t' << call_rate_text(stats[i]) << '\t' << alt_freq_text(stats[i]) << '\t'
        << v.role << '\t' << or_dot(m.vcf_ref) << '\t' << or_dot(m.vcf_alt) << '\t' << or_dot(m.note) << '\t'
        << count_columns(stats[i]) << '\n';
  }
  return counts;
}

std::int64_t write_sample_table(std::ostream& out, const SampleTableInputs& in) {
  std::unordered_map<std::string_view, std::size_t> vcf_index, expr_index;
  for (std::size_t s = 0; s < in.alignment->order.size(); ++s) vcf_index.emplace(in.alignment->order[s], s);
  if (in.expression)
    for (std::size_t s = 0; s < in.expression->samples.size(); ++s) expr_index.emplace(in.expression->samples[s], s);
  write_sample_table_header(out);
  std::int64_t not_everywhere = 0;
  for (const auto& p : in.alignment->all) {
    std::string call_rate = "NA";
    if (auto it = vcf_index.find(p.sample_id); it != vcf_index.end() && !std::isnan((*in.call_rate)[it->second]))
      call_rate = format_double((*in.call_rate)[it->second]);
    std::string missing_genes = "NA";  // no expression given
    if (const ExpressionMatrix* e = in.expression) {
      auto it = expr_index.find(p.sample_id);
      if (it == expr_index.end()) {
        missing_genes = "all";
      } else {
        std::vector<std::string> miss = in.genes_absent_from_file;
        for (std::size_t g = 0; g < e->genes.size(); ++g)
          if (std::isnan(e->at(it->second, g))) miss.push_back(e->genes[g]);
        missing_genes = miss.empty() ? "." : text::join(miss, ";");
      }
    }
    if (!(p.in_vcf && (!in.expression || p.in_expression) && (!in.have_covariates || p.in_covariates))) ++not_everywhere;
    out << p.sample_id << '\t' << call_rate << '\t' << yes_no(p.in_vcf) << '\t'
        << (in.expression ? yes_no(p.in_expression) : "NA") << '\t' << (in.have_covariates ? yes_no(p.in_covariates) : "NA")
        << '\t' << missing_genes << '\n';
  }
  return not_everywhere;
}

}  // namespace ketapgx
