// Outputs appear together on commit, and not at all on failure.
#include <gtest/gtest.h>

#include <stdexcept>

#include "output/output_files.h"
#include "support/test_support.h"

namespace ketapgx {
namespace {

TEST(OutputSet, NothingVisibleBeforeCommitEverythingAfter) {
  test::TempDir d;
  {
    OutputSet set;
    set.open(d.file("sub/a.tsv")) << "a\n";
    set.open(d.file("sub/b.tsv")) << "b\n";
    EXPECT_EQ(test::run("ls " + d.file("sub") + " | grep -c tmp").out, "2\n");
    set.commit();
  }
  EXPECT_EQ(test::read_file(d.file("sub/a.tsv")), "a\n");
  EXPECT_EQ(test::read_file(d.file("sub/b.tsv")), "b\n");
  EXPECT_EQ(test::run("ls " + d.file("sub")).out, "a.tsv\nb.tsv\n");
}

TEST(OutputSet, AnExceptionLeavesNoFileBehind) {
  test::TempDir d;
  try {
    OutputSet set;
    set.open(d.file("a.tsv")) << "partial";
    throw std::runtime_error("failure while writing");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(d.list().empty());
}

}  // namespace
}  // namespace ketapgx
