#include "qc/qc_tables.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "output/format.h"
#include "util/text.h"

namespace ketapgx {
namespace {


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
        << v.role << '\t' << or_na(m.vcf_ref) << '\t' << or_na(m.vcf_alt) << '\t' << or_na(m.note) << '\t'
        << count_columns(stats[i]) << '\n';
  }
  return counts;
}

std::int64_t write_sample_table(std::ostream& out, const SampleTableInputs& in) {
  write_sample_table_header(out);
  std::int64_t not_everywhere = 0;
  std::string line, missing_genes;
  for (const auto& p : in.alignment->all) {
    line.assign(p.sample_id);
    line += '\t';
    if (p.vcf_row >= 0 && !std::isnan((*in.call_rate)[static_cast<std::size_t>(p.vcf_row)])) {
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, (*in.call_rate)[static_cast<std::size_t>(p.vcf_row)], std::chars_format::general, 8);
      line.append(buf, r.ptr);  // format_double's text, without a string per row
    } else {
      line += "NA";
    }
    missing_genes = "NA";  // no expression given
    if (const ExpressionMatrix* e = in.expression) {
      if (p.expression_row < 0) {
        missing_genes = "all";
      } else {
        missing_genes.clear();
        for (const auto& g : in.genes_absent_from_file) (missing_genes.empty() ? missing_genes : missing_genes += ';') += g;
        for (std::size_t g = 0; g < e->genes.size(); ++g)
          if (std::isnan(e->at(static_cast<std::size_t>(p.expression_row), g)))
            (missing_genes.empty() ? missing_genes : missing_genes += ';') += e->genes[g];
        if (missing_genes.empty()) missing_genes = kNA;
      }
    }
    if (!(p.in_vcf && (!in.expression || p.in_expression) && (!in.have_covariates || p.in_covariates))) ++not_everywhere;
    line += '\t';
    line += yes_no(p.in_vcf);
    line += '\t';
    line += in.expression ? yes_no(p.in_expression) : "NA";
    line += '\t';
    line += in.have_covariates ? yes_no(p.in_covariates) : "NA";
    line += '\t';
    line += missing_genes;
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  return not_everywhere;
}

}  // namespace ketapgx
