// The number parsers every reader uses (decimal, finite, whole-string), and
// the JSON number writer of predictions.json.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "output/format.h"
#include "score/predictions.h"
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

// Messages that quote input: control bytes, DEL, C1 controls and invalid
// UTF-8 escaped; valid UTF-8 (our own em dashes) and line breaks kept.
TEST(Text, PrintableEscapesWhatATerminalShouldNotGet) {
  EXPECT_EQ(text::printable("plain \xE2\x80\x94 text\n"), "plain \xE2\x80\x94 text\n");
  EXPECT_EQ(text::printable(std::string("a\x1B[2Jb\x00" "c\x7F", 9)), "a\\x1B[2Jb\\x00c\\x7F");
  EXPECT_EQ(text::printable("\xC7x"), "\\xC7x");                     // a lead byte without its continuation
  EXPECT_EQ(text::printable("\xC2\x9B"), "\\xC2\\x9B");            // C1 CSI
  EXPECT_EQ(text::printable("\xC3\xA9"), "\xC3\xA9");                // e acute
  EXPECT_EQ(text::printable("\xE0\x80\xAF"), "\\xE0\\x80\\xAF");  // overlong
  EXPECT_EQ(text::printable("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(text::printable("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(text::printable("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // U+1F600
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

namespace ketapgx {
namespace {

// predictions.json's numbers are written without nlohmann, in its layout:
// for every kind of value the writers meet (rounded probabilities, doses,
// logits, distances, integers, tiny and huge magnitudes, signed zeros, the
// exponent boundaries) and a million random doubles of every magnitude, the
// text reads back as the very same double, in nlohmann's notation (fixed or
// exponent, ".0" on integers), and is never longer than nlohmann's. Where
// nlohmann's Grisu2 digits are not the shortest or not the closest (under 1
// value in 100 of full 17-digit precision) ours differ; otherwise the texts
// are equal.
TEST(JsonNumbers, NlohmannLayoutShortestDigits) {
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.5, 0.25, 0.1, 1e-4, 1e-5, 9.99999e-5, 1.23456e-5, 123456.0, 1e15, 1e16,
                                9.99999e15, 1.5e16, 123456789012345.0, 1234567890123456.0, 3.14159, 0.644692, 0.1 + 0.2, 5e-324,
                                1.7976931348623157e308, 2.2250738585072014e-308, 100.0, 1e21, -2.5e-7, 60.0, 0.0001, 0.00012};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> exponent(-30, 30);
  for (int i = 0; i < 1000000; ++i) {
    const double v = mantissa(rng) * std::pow(10.0, exponent(rng));
    values.push_back(v);
    values.push_back(std::stod(format_double(v, 6)));  // as round_as_written leaves it
  }
  for (double v : {std::nan(""), std::numeric_limits<double>::infinity()}) values.push_back(v);
  std::size_t bad = 0, shorter = 0;
  for (double v : values) {
    std::string ours;
    append_json_number(ours, v);
    const std::string theirs = nlohmann::json(v).dump();
    if (ours == theirs) continue;
    const double back = nlohmann::json::parse(ours).get<double>();
    const bool ok = std::isfinite(v) && std::memcmp(&back, &v, sizeof v) == 0 && ours.size() <= theirs.size() &&
                    (ours.find('e') == std::string::npos) == (theirs.find('e') == std::string::npos) &&
                    (ours.find('.') == std::string::npos) == (theirs.find('.') == std::string::npos);
    if (!ok && ++bad <= 5) ADD_FAILURE() << "ours " << ours << " nlohmann " << theirs;
    shorter += ok;
  }
  EXPECT_EQ(bad, 0u);
  EXPECT_LT(shorter, values.size() / 100) << "the layouts should agree on nearly every value";
}

}  // namespace
}  // namespace ketapgx

namespace ketapgx {
namespace {

// parse_double's fast path for plain decimals must give from_chars' double
// bit for bit: random decimals of 1 to 18 digits (past 15 the general path
// takes over), every point position, leading zeros, signs, a trailing point.
TEST(Numbers, PlainDecimalsEqualFromChars) {
  std::mt19937_64 rng(11);
  std::size_t checked = 0;
  for (int i = 0; i < 2000000; ++i) {
    const int n = 1 + static_cast<int>(rng() % 18);
    std::string digits;
    for (int k = 0; k < n; ++k) digits += static_cast<char>('0' + rng() % 10);
    const int point = static_cast<int>(rng() % (n + 2));  // n + 1: no point
    std::string s = (rng() % 4 == 0 ? "-" : "") + (point <= n ? digits.substr(0, point) + "." + digits.substr(point) : digits);
    if (s == "." || s == "-.") continue;
    double want = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), want, std::chars_format::general);
    ASSERT_EQ(r.ec, std::errc()) << s;
    const auto got = text::parse_double(s);
    ASSERT_TRUE(got) << s;
    ASSERT_EQ(std::memcmp(&*got, &want, sizeof want), 0) << s << " " << *got << " " << want;
    ++checked;
  }
  EXPECT_GT(checked, 1900000u);
  for (const char* s : {"0.000", "-0", "-0.0", "1.", ".5", "-.5", "000123.4500", "999999999999999", "0.000000000000000000001"}) {
    double want = 0;
    std::from_chars(s, s + std::strlen(s), want, std::chars_format::general);
    const auto got = text::parse_double(s);
    ASSERT_TRUE(got) << s;
    EXPECT_EQ(std::memcmp(&*got, &want, sizeof want), 0) << s;
  }
}

}  // namespace
}  // namespace ketapgx
