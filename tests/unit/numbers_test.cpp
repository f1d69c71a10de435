// The number parsers every reader uses: decimal, finite, whole-string.
#include <gtest/gtest.h>

#include "util/text.h"

namespace ketapgx {
namespace {

TEST(Numbers, DecimalFiniteDoublesOnly) {
  for (const auto& [s, v] : std::vector<std::pair<const char*, double>>{
           {"1", 1}, {"1.5", 1.5}, {"-2e3", -2000}, {" 3 ", 3}, {"+4", 4}, {".5", 0.5}, {"1E-2", 0.01}, {"0", 0}})
    EXPECT_EQ(text::parse_double(s), v) << s;
  for (const char* s : {"0x1p3", "0x10", "inf", "-inf", "infinity", "nan", "NaN", "1e999", "1.2.3", "", " ", "1,5", "12abc",
                        "--1", "+", "-", ".", "e5", "1e", "\t"})
    EXPECT_FALSE(text::parse_double(s)) << "'" << s << "'";
}

TEST(Numbers, DecimalIntegersOnly) {
  EXPECT_EQ(text::parse_int("42"), 42);
  EXPECT_EQ(text::parse_int("-7"), -7);
  EXPECT_EQ(text::parse_int("+7"), 7);
  EXPECT_EQ(text::parse_int("9223372036854775807"), 9223372036854775807LL);
  for (const char* s : {"1.0", "0x10", "9223372036854775808", "", "1e3", "12 3", "--1"})
    EXPECT_FALSE(text::parse_int(s)) << "'" << s << "'";
}

}  // namespace
}  // namespace ketapgx
