#include "inputs/input_options.h"

#include "genotypes/genome_build.h"
#include "ketapgx/core/errors.h"
#include "ketapgx/engine/engine.h"

namespace ketapgx {

void GenotypeSource::validate(const std::string& command) const {
  if (vcf.empty()) throw UsageError(command + ": --vcf FILE is required (VCF, VCF.gz or BCF; '-' for stdin)");
  if (build != "auto") parse_build(build, "--build");
}

void ComputeOptions::validate() const {
  if (threads < 1) throw UsageError("--threads: expected a positive number, got " + std::to_string(threads));
  if (block_mb < 1 || block_mb > kMaxBlockMb)
    throw UsageError("--block-mb: expected a whole number of MiB from 1 to " + std::to_string(kMaxBlockMb));
  parse_backend(backend);
}

VcfOpenOptions vcf_open_options(const GenotypeSource& source, int threads) {
  return vcf_open_options(source.vcf, threads, source.samples, source.force_samples);
}

}  // namespace ketapgx
