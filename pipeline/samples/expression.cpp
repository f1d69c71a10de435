#include "samples/expression.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "ketapgx/core/errors.h"
#include "util/line_reader.h"
#include "util/text.h"

namespace ketapgx {

ExpressionLayout parse_expression_layout(const std::string& s) {
  if (s == "auto") return ExpressionLayout::Auto;
  if (s == "genes-by-samples") return ExpressionLayout::GenesBySamples;
  if (s == "samples-by-genes") return ExpressionLayout::SamplesByGenes;
  throw UsageError("--expression-layout: expected auto, genes-by-samples or samples-by-genes, got '" + s + "'");
}

ExpressionUnits parse_expression_units(const std::string& s) {
  if (s == "auto") return ExpressionUnits::Auto;
  if (s == "counts") return ExpressionUnits::Counts;
  if (s == "tpm") return ExpressionUnits::Tpm;
  throw UsageError("--expression-units: expected auto, counts or tpm, got '" + s + "'");
}

const char* expression_layout_name(ExpressionLayout l) {
  switch (l) {
    case ExpressionLayout::GenesBySamples: return "genes-by-samples";
    case ExpressionLayout::SamplesByGenes: return "samples-by-genes";
    case ExpressionLayout::Auto: break;
  }
  return "auto";
}

const char* expression_units_name(ExpressionUnits u) {
  switch (u) {
    case ExpressionUnits::Counts: return "counts";
    case ExpressionUnits::Tpm: return "tpm";
    case ExpressionUnits::Auto: break;
  }
  return "auto";
}

namespace {

struct RawTable {
  std::vector<std::string> lines;     // data lines, text
  std::vector<long> line_numbers;     // their 1-based numbers in the file
  std::vector<std::string> header;    // header fields
  long header_line = 0;
  std::size_t first_value_col = 1;    // 2 for GCT (Name, Description)
  bool gct = false;
  std::int64_t gct_rows = -1, gct_cols = -1;  // the GCT dimensions line
};

RawTable read_raw(const std::string& path) {
  LineReader in(path, "--expression");
  RawTable t;
  std::string_view line;
  bool have_header = false;
  while (in.next(line)) {
    if (!have_header) {
      if (in.line_number() == 1 && text::trim(line) == "#1.2") {
        t.gct = true;
        t.first_value_col = 2;
        if (!in.next(line)) break;
        // The dimensions line: data rows and sample columns, checked below.
        const auto dims = text::split(text::trim(line), '\t');
        const auto rows = dims.size() >= 2 ? text::parse_int(dims[0]) : std::nullopt;
        const auto cols = dims.size() >= 2 ? text::parse_int(dims[1]) : std::nullopt;
        if (dims.size() < 2 || !rows || !cols || *rows < 1 || *cols < 1)
          throw InputError("--expression " + path + " line 2: expected the GCT 1.2 dimensions line '<rows><TAB><sample columns>', "
                           "found '" + std::string(text::trim(line)) + "'");
        t.gct_rows = *rows;
        t.gct_cols = *cols;
        continue;
      }
      if (text::trim(line).empty() || (line[0] == '#' && !t.gct)) continue;
      for (auto f : text::split(line, '\t')) t.header.emplace_back(text::trim(f));
      t.header_line = in.line_number();
      have_header = true;
      continue;
    }
    if (text::trim(line).empty()) continue;
    t.lines.emplace_back(line);
    t.line_numbers.push_back(in.line_number());
  }
  if (!have_header) throw InputError("--expression " + path + ": the file is empty (expected a header line)");
  if (t.header.size() <= t.first_value_col)
    throw InputError("--expression " + path + " line " + std::to_string(t.header_line) +
                     ": the header has no value columns; is the file tab-separated?");
  if (t.lines.empty()) throw InputError("--expression " + path + ": no data lines after the header");
  if (t.gct) {
    if (t.header.size() < 2 || text::lower(t.header[0]) != "name" || text::lower(t.header[1]) != "description")
      throw InputError("--expression " + path + " line " + std::to_string(t.header_line) +
                       ": a GCT 1.2 header starts with Name<TAB>Description");
    const auto cols = static_cast<std::int64_t>(t.header.size() - t.first_value_col);
    const auto rows = static_cast<std::int64_t>(t.lines.size());
    if (rows != t.gct_rows || cols != t.gct_cols)
      throw InputError("--expression " + path + " line 2: the GCT dimensions say " + std::to_string(t.gct_rows) + " rows x " +
                       std::to_string(t.gct_cols) + " samples but the file has " + std::to_string(rows) + " x " +
                       std::to_string(cols) + " (truncated or edited?); fix the file or its dimensions line");
  }
  return t;
}

std::string first_field(const std::string& line) {
  const auto tab = line.find('\t');
  return std::string(text::trim(tab == std::string::npos ? std::string_view(line) : std::string_view(line).substr(0, tab)));
}

}  // namespace

ExpressionMatrix read_expression(const std::string& path, const ExpressionOptions& options, const GeneTable& genes) {
  RawTable raw = read_raw(path);
  ExpressionMatrix m;
  m.path = path;

  // Orientation: which axis holds the sample IDs.
  std::vector<std::string> col_ids(raw.header.begin() + static_cast<std::ptrdiff_t>(raw.first_value_col), raw.header.end());
  std::vector<std::string> row_ids;
  row_ids.reserve(raw.lines.size());
  for (const auto& l : raw.lines) row_ids.push_back(first_field(l));
  ExpressionLayout layout = raw.gct ? ExpressionLayout::GenesBySamples : options.layout;
  if (layout == ExpressionLayout::Auto) {
    auto count_samples = [&](const std::vector<std::string>& ids) {
      std::size_t n = 0;
      for (const auto& id : ids) n += options.known_samples.count(id);
      return n;
    };
    auto count_genes = [&](const std::vector<std::string>& ids) {
      std::size_t n = 0;
      for (const auto& id : ids) n += (!genes.resolve(id).empty() || text::lower(id).rfind("ensg", 0) == 0) ? 1 : 0;
      return n;
    };
    const std::size_t s_cols = count_samples(col_ids), s_rows = count_samples(row_ids);
    const std::size_t g_cols = count_genes(col_ids), g_rows = count_genes(row_ids);
    if (s_cols > s_rows || (s_cols == s_rows && g_rows > g_cols)) layout = ExpressionLayout::GenesBySamples;
    else if (s_rows > s_cols || g_cols > g_rows) layout = ExpressionLayout::SamplesByGenes;
    else
      throw InputError("--expression " + path + ": cannot tell whether rows are genes or samples (no sample ID of "
                       "the other inputs and no known gene name in the header or the first column); add "
                       "--expression-layout genes-by-samples or samples-by-genes");
  }
  m.layout = layout;
  const bool genes_in_rows = layout == ExpressionLayout::GenesBySamples;
  const std::vector<std::string>& sample_ids = genes_in_rows ? col_ids : row_ids;
  const std::vector<std::string>& gene_ids = genes_in_rows ? row_ids : col_ids;

  // Samples: unique.
  std::unordered_map<std::string_view, std::size_t> sample_pos;  // views into sample_ids
  sample_pos.reserve(sample_ids.size());
  for (std::size_t i = 0; i < sample_ids.size(); ++i) {
    if (sample_ids[i].empty()) {
      throw InputError("--expression " + path + ": an empty sample ID (" +
                       (genes_in_rows ? "header column " + std::to_string(i + raw.first_value_col + 1)
                                      : "line " + std::to_string(raw.line_numbers[i])) + ")");
    }
    if (!sample_pos.emplace(sample_ids[i], i).second) {
      throw InputError("--expression " + path + ": sample ID '" + sample_ids[i] + "' appears twice (" +
                       (genes_in_rows ? "header columns " : "first column, lines ") +
                       (genes_in_rows ? std::to_string(sample_pos[sample_ids[i]] + raw.first_value_col + 1) + " and " +
                                            std::to_string(i + raw.first_value_col + 1)
                                      : std::to_string(raw.line_numbers[sample_pos[sample_ids[i]]]) + " and " +
                                            std::to_string(raw.line_numbers[i])) +
                       "); sample IDs must be unique");
    }
  }
  m.samples = sample_ids;

  // Genes: resolved to symbols, unique, optionally filtered.
  std::vector<std::ptrdiff_t> gene_slot(gene_ids.size(), -1);
  std::map<std::string, std::size_t> gene_seen;
  m.n_genes_in_file = gene_ids.size();
  for (std::size_t i = 0; i < gene_ids.size(); ++i) {
    const std::string sym = genes.resolve(gene_ids[i]);
    const std::string name = sym.empty() ? gene_ids[i] : sym;
    if (auto it = gene_seen.find(name); it != gene_seen.end()) {
      throw InputError("--expression " + path + ": gene '" + gene_ids[i] + "' appears twice" +
                       (sym.empty() || sym == gene_ids[i] ? "" : " (as " + sym + ")") +
                       " (entries " + std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                       "); keep one row per gene");
    }
    gene_seen.emplace(name, i);
    if (!options.keep_genes.empty() && !options.keep_genes.count(name)) continue;
    gene_slot[i] = static_cast<std::ptrdiff_t>(m.genes.size());
    m.genes.push_back(name);
    m.gene_known.push_back(sym.empty() ? 0 : 1);
  }

  // Values.
  const std::size_t n_cols_expected = raw.header.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  m.values.assign(m.samples.size() * m.genes.size(), nan);
  m.library_size.assign(m.samples.size(), 0.0);
  // Cells are parsed in parallel: across a row's columns when genes are rows
  // (a biobank's 500,000 samples), across rows when samples are rows. Each
  // sample's library size still adds its genes in file order, so the matrix is
  // the same for any thread count; of several bad cells, the first in the file
  // is reported.
  const int threads = std::max(1, options.threads);
  char all_integer = 1;
  // Genes in rows: each row's values go to a gene-major copy first and are
  // turned sample-major at the end (written straight into the sample-major
  // matrix, every cell of a row touched another cache line).
  std::vector<double> by_gene(genes_in_rows ? m.samples.size() * m.genes.size() : 0, nan);
  auto split_row = [&](std::size_t r, std::vector<std::string_view>& fields) {
    text::split_into(raw.lines[r], '\t', fields);
    if (fields.size() != n_cols_expected) {
      throw InputError("--expression " + path + " line " + std::to_string(raw.line_numbers[r]) + ": expected " +
                       std::to_string(n_cols_expected) + " tab-separated columns (as in the header), found " +
                       std::to_string(fields.size()));
    }
  };
  auto parse_cell = [&](std::size_t r, std::size_t c, std::string_view field, char& integer) {
    const std::size_t k = c - raw.first_value_col;
    const std::size_t sample = genes_in_rows ? k : r;
    const std::size_t gene_in_file = genes_in_rows ? r : k;
    const std::string_view cell = text::trim(field);
    auto where = [&]() {
      return "--expression " + path + " line " + std::to_string(raw.line_numbers[r]) + ", column " + std::to_string(c + 1) +
             " (gene " + gene_ids[gene_in_file] + ", sample " + sample_ids[sample] + ")";
    };
    double v = nan;
    if (text::is_missing_token(cell)) {
      if (!options.allow_missing)
        throw InputError(where() + ": missing value '" + std::string(cell) +
                         "'; fill it in, drop the gene or sample, or pass --allow-missing-expression");
    } else {
      const auto d = text::parse_double(cell);
      if (!d) throw InputError(where() + ": '" + std::string(cell) + "' is not a number; expected counts or TPM");
      if (!std::isfinite(*d)) throw InputError(where() + ": '" + std::string(cell) + "' is not finite");
      if (*d < 0)
        throw InputError(where() + ": negative value " + std::string(cell) +
                         "; expected raw counts or TPM (not log-transformed values: ketapgx applies its own transform)");
      v = *d;
      if (v != std::floor(v)) integer = 0;
      m.library_size[sample] += v;
    }
    const std::ptrdiff_t slot = gene_slot[gene_in_file];
    if (slot < 0) return;
    if (genes_in_rows)
      by_gene[static_cast<std::size_t>(slot) * m.samples.size() + sample] = v;  // a row's cells side by side
    else
      m.values[sample * m.genes.size() + static_cast<std::size_t>(slot)] = v;
  };
  // The first failure in file order (row, then column) among the threads'.
  std::mutex failure_mutex;
  std::pair<std::size_t, std::size_t> failure_at{SIZE_MAX, SIZE_MAX};
  std::exception_ptr failure;
  auto fail = [&](std::size_t r, std::size_t c) {
    std::lock_guard<std::mutex> lock(failure_mutex);
    if (std::make_pair(r, c) < failure_at) {
      failure_at = {r, c};
      failure = std::current_exception();
    }
  };
  if (genes_in_rows) {
    std::vector<std::string_view> fields;
    for (std::size_t r = 0; r < raw.lines.size(); ++r) {
      split_row(r, fields);
      const auto n_fields = static_cast<std::int64_t>(fields.size());
#pragma omp parallel for schedule(static) num_threads(threads) reduction(& : all_integer) if (n_fields > 4096)
      for (auto c = static_cast<std::int64_t>(raw.first_value_col); c < n_fields; ++c) try {
        parse_cell(r, static_cast<std::size_t>(c), fields[static_cast<std::size_t>(c)], all_integer);
      } catch (...) {
        fail(r, static_cast<std::size_t>(c));
      }
      if (failure) std::rethrow_exception(failure);
    }
    const std::size_t ns = m.samples.size(), ng = m.genes.size();
    constexpr std::size_t kTile = 256;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::int64_t t = 0; t < static_cast<std::int64_t>((ns + kTile - 1) / kTile); ++t) {
      const std::size_t begin = static_cast<std::size_t>(t) * kTile, end = std::min(ns, begin + kTile);
      for (std::size_t g = 0; g < ng; ++g)
        for (std::size_t sample = begin; sample < end; ++sample) m.values[sample * ng + g] = by_gene[g * ns + sample];
    }
  } else {
    const auto n_rows = static_cast<std::int64_t>(raw.lines.size());
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads) reduction(& : all_integer) if (n_rows > 4096)
    for (std::int64_t r = 0; r < n_rows; ++r) try {
      std::vector<std::string_view> fields;
      split_row(static_cast<std::size_t>(r), fields);
      for (std::size_t c = raw.first_value_col; c < fields.size(); ++c) try {
        parse_cell(static_cast<std::size_t>(r), c, fields[c], all_integer);
      } catch (...) {
        fail(static_cast<std::size_t>(r), c);
        break;
      }
    } catch (...) {
      fail(static_cast<std::size_t>(r), 0);
    }
    if (failure) std::rethrow_exception(failure);
  }
  m.units = options.units != ExpressionUnits::Auto ? options.units
                                                   : (all_integer ? ExpressionUnits::Counts : ExpressionUnits::Tpm);
  return m;
}

}  // namespace ketapgx
