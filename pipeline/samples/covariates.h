// Clinical covariates: a TSV with `sample_id` and any of `age` (years), `sex`
// (M/F), `weight_kg`, `baseline_madrs` (0-60). Missing values are NA or empty.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ketapgx {

enum class Sex { Unknown, Male, Female };
const char* sex_name(Sex s);

struct Covariates {
  std::string path;
  std::vector<std::string> samples;
  std::vector<std::optional<double>> age;
  std::vector<Sex> sex;
  std::vector<std::optional<double>> weight_kg;
  std::vector<std::optional<double>> baseline_madrs;
  std::vector<std::string> columns_present;  // of the four known columns
  std::vector<std::string> columns_ignored;  // other columns, reported once
};

// Reads and validates; impossible values (age outside 0-120, weight outside
// 1-500 kg, MADRS outside 0-60, unknown sex codes) throw InputError with file,
// line and column.
Covariates read_covariates(const std::string& path);

}  // namespace ketapgx
