// Small text helpers for the TSV readers: splitting, trimming, number parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ketapgx::text {

// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);
// The same into `out` (cleared first), reusing its storage: for long lines
// read one after another (an expression row of 500,000 samples).
void split_into(std::string_view s, char sep, std::vector<std::string_view>& out);
std::string_view trim(std::string_view s);
// Removes a trailing '\r' (files written on Windows).
std::string_view chomp(std::string_view s);

// Whole-string parses of decimal numbers (surrounding whitespace and a leading
// '+' allowed); nullopt for anything else: hex ("0x1p3"), "inf", "nan", an
// out-of-range value, trailing characters. Every reader of numbers in a TSV,
// YAML or text field goes through these (or the checked forms in
// util/numbers.h that name the file, line and field).
// `s` with every byte a terminal should not get escaped as \xNN: control
// characters (a line break stays), DEL, C1 controls (U+0080-U+009F) and bytes
// that are not valid UTF-8.
// Valid UTF-8 (e.g. an em dash in our own messages) is kept.
std::string printable(std::string_view s);
std::optional<double> parse_double(std::string_view s);  // finite
std::optional<std::int64_t> parse_int(std::string_view s);

// The first header column name (trimmed, a leading '#' ignored) that appears
// again, as (first index, repeated index); nullopt when all are distinct.
std::optional<std::pair<std::size_t, std::size_t>> repeated_column(const std::vector<std::string_view>& header);

// "NA", "NaN", "." or empty: how missing values are written in the tables we read.
bool is_missing_token(std::string_view s);

std::string lower(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace ketapgx::text
