// The ordered writer: the same bytes for any number of threads and any batch
// boundary, and the first failing item's error.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "output/ordered_writer.h"

namespace ketapgx {
namespace {

// Item i's text: its number and a length that varies from item to item.
void item(std::size_t i, std::string& text) {
  text += std::to_string(i);
  text.append(i % 37, static_cast<char>('a' + i % 26));
  text += '\n';
}

TEST(OrderedWriter, SameBytesForAnyThreadCount) {
  for (std::size_t n : {0u, 1u, 7u, 8192u, 8193u, 30001u}) {
    std::string expected;
    for (std::size_t i = 0; i < n; ++i) item(i, expected);
    for (int threads : {1, 2, 3, 8}) {
      std::ostringstream out;
      std::size_t last = 0, calls = 0;
      write_ordered(out, n, threads, item, [&](std::size_t done) {
        EXPECT_GE(done, last);
        last = done;
        ++calls;
      });
      EXPECT_EQ(out.str(), expected) << n << " items, " << threads << " threads";
      if (n) {
        EXPECT_EQ(last, n);
        EXPECT_GT(calls, 0u);
      }
    }
  }
}

TEST(OrderedWriter, TheFirstFailingItemsErrorAndNothingAfterIt) {
  for (int threads : {1, 2, 4}) {
    std::ostringstream out;
    try {
      write_ordered(out, 40000, threads, [](std::size_t i, std::string& text) {
        if (i == 20000 || i == 20001 || i == 39999) throw std::runtime_error("item " + std::to_string(i));
        item(i, text);
      });
      ADD_FAILURE() << "no error";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "item 20000") << threads << " threads";
    }
    EXPECT_EQ(out.str().find("\n20000"), std::string::npos);  // the failing item's batch is not written
  }
}

}  // namespace
}  // namespace ketapgx
