#include "samples/sample_inputs.h"

#include "util/log.h"
#include "util/text.h"

namespace ketapgx {

void SampleInputOptions::validate() const {
  parse_expression_layout(expression_layout);
  parse_expression_units(expression_units);
}

std::future<Covariates> read_covariates_ahead(const SampleInputOptions& o, int threads) {
  if (o.covariates.empty() || threads < 2) return {};
  return std::async(std::launch::async, [path = o.covariates] { return read_covariates(path); });
}

SampleInputs load_sample_inputs(const SampleInputOptions& o, const std::vector<std::string>& genotype_samples,
                                const GeneTable& genes, const std::vector<std::string>& keep_genes, int threads,
                                std::future<Covariates>* covariates_ahead) {
  SampleInputs in;
  if (!o.covariates.empty()) {
    in.covariates = covariates_ahead && covariates_ahead->valid() ? covariates_ahead->get() : read_covariates(o.covariates);
    if (!in.covariates->columns_ignored.empty())
      log::warn("--covariates " + o.covariates + ": ignored column(s) " + text::join(in.covariates->columns_ignored, ", "));
  }
  if (!o.expression.empty()) {
    ExpressionOptions eo;
    eo.layout = parse_expression_layout(o.expression_layout);
    eo.units = parse_expression_units(o.expression_units);
    eo.allow_missing = o.allow_missing_expression;
    eo.threads = threads;
    eo.known_samples.reserve(genotype_samples.size() + (in.covariates ? in.covariates->samples.size() : 0));
    eo.known_samples.insert(genotype_samples.begin(), genotype_samples.end());
    if (in.covariates && in.covariates->samples != genotype_samples)  // the same list adds nothing
      eo.known_samples.insert(in.covariates->samples.begin(), in.covariates->samples.end());
    eo.keep_genes.insert(keep_genes.begin(), keep_genes.end());
    in.expression = read_expression(o.expression, eo, genes);
  }
  return in;
}

}  // namespace ketapgx
