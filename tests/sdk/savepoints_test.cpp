// kit::Savepoints: which failures a ROLLBACK TO undoes.
#include "kit/savepoints.hpp"

#include <gtest/gtest.h>

namespace kit::test {

TEST(SavepointsTest, ARollbackToASavepointOlderThanAFailureUndoesIt) {
  Savepoints s;
  s.ran("BEGIN", "a");
  s.failed("first");
  EXPECT_EQ(s.first_failure(), "first");
  s.ran("ROLLBACK", "A");  // names compare ignoring ASCII case
  EXPECT_EQ(s.first_failure(), "");
  s.failed("second");  // a stays after a ROLLBACK TO it: it can undo this too
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "");
}

TEST(SavepointsTest, ASavepointNewerThanAFailureUndoesNothingOfIt) {
  Savepoints s;
  s.ran("BEGIN", "a");
  s.failed("first");
  s.ran("BEGIN", "b");
  s.failed("second");
  s.ran("ROLLBACK", "b");
  EXPECT_EQ(s.first_failure(), "first");  // second undone, first stands
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "");
}

TEST(SavepointsTest, ReleasedOrUnknownSavepointsUndoNothing) {
  Savepoints s;
  s.ran("BEGIN", "a");
  s.ran("BEGIN", "b");
  s.ran("RELEASE", "a");  // b goes with it
  s.failed("failure");
  s.ran("ROLLBACK", "a");
  s.ran("ROLLBACK", "b");
  s.ran("ROLLBACK", "never_set");
  EXPECT_EQ(s.first_failure(), "failure");
}

TEST(SavepointsTest, TheNewestOfTwoSavepointsOfOneNameIsTheOneRolledBackTo) {
  Savepoints s;
  s.ran("BEGIN", "a");
  s.failed("first");
  s.ran("BEGIN", "a");
  s.failed("second");
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "first");
  s.ran("RELEASE", "a");  // the newer a; the older one is next
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "");
}

TEST(SavepointsTest, AFailureForGoodStandsWhateverIsRolledBackTo) {
  Savepoints s;
  s.ran("BEGIN", "a");
  s.failed_for_good("refused COMMIT");
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "refused COMMIT");
  s.clear();
  EXPECT_EQ(s.first_failure(), "");
}

TEST(SavepointsTest, NamesCompareExactlyWhenAskedTo) {
  Savepoints s(false);  // as SchemaManager keeps them: folded as PostgreSQL folds them
  s.ran("BEGIN", "a");
  s.failed("failure");
  s.ran("BEGIN", "b");
  s.ran("ROLLBACK", "a");  // the same savepoint on either database
  EXPECT_EQ(s.first_failure(), "");
}

// A name SQLite would match to another savepoint than PostgreSQL: the account can no longer
// tell what a ROLLBACK TO undoes, and failures stand from then on.
TEST(SavepointsTest, ANameTheDatabasesWouldReadApartLosesTrack) {
  Savepoints s(false);
  s.ran("BEGIN", "a");
  s.failed("failure");
  s.ran("BEGIN", "A");     // a quoted "A", set after the failure
  s.ran("ROLLBACK", "a");  // PostgreSQL: back to a; SQLite: back to "A", the newest match
  EXPECT_EQ(s.first_failure(), "failure");
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "failure");  // lost for good, until clear()
  s.clear();
  s.ran("BEGIN", "a");
  s.lose_track();  // a savepoint statement the caller could not follow
  s.failed("again");
  s.ran("ROLLBACK", "a");
  EXPECT_EQ(s.first_failure(), "again");
}

}  // namespace kit::test
