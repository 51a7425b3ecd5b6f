#include "sqlite_error.hpp"

#include <sqlite3.h>

#include <SQLiteCpp/Exception.h>
#include <algorithm>
#include <iterator>
#include <utility>

namespace kit::sqlite {

namespace {

struct CodeName {
  int code;
  const char* name;
};

// Every primary and extended result code of SQLite 3.40, sorted by code. Numbers rather
// than macros, so that the table also builds against older sqlite3.h headers.
constexpr CodeName kCodeNames[] = {
    {0, "SQLITE_OK"},
    {1, "SQLITE_ERROR"},
    {2, "SQLITE_INTERNAL"},
    {3, "SQLITE_PERM"},
    {4, "SQLITE_ABORT"},
    {5, "SQLITE_BUSY"},
    {6, "SQLITE_LOCKED"},
    {7, "SQLITE_NOMEM"},
    {8, "SQLITE_READONLY"},
    {9, "SQLITE_INTERRUPT"},
    {10, "SQLITE_IOERR"},
    {11, "SQLITE_CORRUPT"},
    {12, "SQLITE_NOTFOUND"},
    {13, "SQLITE_FULL"},
    {14, "SQLITE_CANTOPEN"},
    {15, "SQLITE_PROTOCOL"},
    {16, "SQLITE_EMPTY"},
    {17, "SQLITE_SCHEMA"},
    {18, "SQLITE_TOOBIG"},
    {19, "SQLITE_CONSTRAINT"},
    {20, "SQLITE_MISMATCH"},
    {21, "SQLITE_MISUSE"},
    {22, "SQLITE_NOLFS"},
    {23, "SQLITE_AUTH"},
    {24, "SQLITE_FORMAT"},
    {25, "SQLITE_RANGE"},
    {26, "SQLITE_NOTADB"},
    {27, "SQLITE_NOTICE"},
    {28, "SQLITE_WARNING"},
    {100, "SQLITE_ROW"},
    {101, "SQLITE_DONE"},
    {256, "SQLITE_OK_LOAD_PERMANENTLY"},
    {257, "SQLITE_ERROR_MISSING_COLLSEQ"},
    {261, "SQLITE_BUSY_RECOVERY"},
    {262, "SQLITE_LOCKED_SHAREDCACHE"},
    {264, "SQLITE_READONLY_RECOVERY"},
    {266, "SQLITE_IOERR_READ"},
    {267, "SQLITE_CORRUPT_VTAB"},
    {270, "SQLITE_CANTOPEN_NOTEMPDIR"},
    {275, "SQLITE_CONSTRAINT_CHECK"},
    {279, "SQLITE_AUTH_USER"},
    {283, "SQLITE_NOTICE_RECOVER_WAL"},
    {284, "SQLITE_WARNING_AUTOINDEX"},
    {512, "SQLITE_OK_SYMLINK"},
    {513, "SQLITE_ERROR_RETRY"},
    {516, "SQLITE_ABORT_ROLLBACK"},
    {517, "SQLITE_BUSY_SNAPSHOT"},
    {518, "SQLITE_LOCKED_VTAB"},
    {520, "SQLITE_READONLY_CANTLOCK"},
    {522, "SQLITE_IOERR_SHORT_READ"},
    {523, "SQLITE_CORRUPT_SEQUENCE"},
    {526, "SQLITE_CANTOPEN_ISDIR"},
    {531, "SQLITE_CONSTRAINT_COMMITHOOK"},
    {539, "SQLITE_NOTICE_RECOVER_ROLLBACK"},
    {769, "SQLITE_ERROR_SNAPSHOT"},
    {773, "SQLITE_BUSY_TIMEOUT"},
    {776, "SQLITE_READONLY_ROLLBACK"},
    {778, "SQLITE_IOERR_WRITE"},
    {779, "SQLITE_CORRUPT_INDEX"},
    {782, "SQLITE_CANTOPEN_FULLPATH"},
    {787, "SQLITE_CONSTRAINT_FOREIGNKEY"},
    {1032, "SQLITE_READONLY_DBMOVED"},
    {1034, "SQLITE_IOERR_FSYNC"},
    {1038, "SQLITE_CANTOPEN_CONVPATH"},
    {1043, "SQLITE_CONSTRAINT_FUNCTION"},
    {1288, "SQLITE_READONLY_CANTINIT"},
    {1290, "SQLITE_IOERR_DIR_FSYNC"},
    {1294, "SQLITE_CANTOPEN_DIRTYWAL"},
    {1299, "SQLITE_CONSTRAINT_NOTNULL"},
    {1544, "SQLITE_READONLY_DIRECTORY"},
    {1546, "SQLITE_IOERR_TRUNCATE"},
    {1550, "SQLITE_CANTOPEN_SYMLINK"},
    {1555, "SQLITE_CONSTRAINT_PRIMARYKEY"},
    {1802, "SQLITE_IOERR_FSTAT"},
    {1811, "SQLITE_CONSTRAINT_TRIGGER"},
    {2058, "SQLITE_IOERR_UNLOCK"},
    {2067, "SQLITE_CONSTRAINT_UNIQUE"},
    {2314, "SQLITE_IOERR_RDLOCK"},
    {2323, "SQLITE_CONSTRAINT_VTAB"},
    {2570, "SQLITE_IOERR_DELETE"},
    {2579, "SQLITE_CONSTRAINT_ROWID"},
    {2826, "SQLITE_IOERR_BLOCKED"},
    {2835, "SQLITE_CONSTRAINT_PINNED"},
    {3082, "SQLITE_IOERR_NOMEM"},
    {3091, "SQLITE_CONSTRAINT_DATATYPE"},
    {3338, "SQLITE_IOERR_ACCESS"},
    {3594, "SQLITE_IOERR_CHECKRESERVEDLOCK"},
    {3850, "SQLITE_IOERR_LOCK"},
    {4106, "SQLITE_IOERR_CLOSE"},
    {4362, "SQLITE_IOERR_DIR_CLOSE"},
    {4618, "SQLITE_IOERR_SHMOPEN"},
    {4874, "SQLITE_IOERR_SHMSIZE"},
    {5130, "SQLITE_IOERR_SHMLOCK"},
    {5386, "SQLITE_IOERR_SHMMAP"},
    {5642, "SQLITE_IOERR_SEEK"},
    {5898, "SQLITE_IOERR_DELETE_NOENT"},
    {6154, "SQLITE_IOERR_MMAP"},
    {6410, "SQLITE_IOERR_GETTEMPPATH"},
    {6666, "SQLITE_IOERR_CONVPATH"},
    {6922, "SQLITE_IOERR_VNODE"},
    {7178, "SQLITE_IOERR_AUTH"},
    {7434, "SQLITE_IOERR_BEGIN_ATOMIC"},
    {7690, "SQLITE_IOERR_COMMIT_ATOMIC"},
    {7946, "SQLITE_IOERR_ROLLBACK_ATOMIC"},
    {8202, "SQLITE_IOERR_DATA"},
    {8458, "SQLITE_IOERR_CORRUPTFS"},
};

}  // namespace

std::string result_code_name(int code) {
  const auto* found =
      std::lower_bound(std::begin(kCodeNames), std::end(kCodeNames), code,
                       [](const CodeName& entry, int wanted) { return entry.code < wanted; });
  if (found != std::end(kCodeNames) && found->code == code) return found->name;
  // An unknown extended code still has a known primary code in its low byte.
  const int primary = code & 0xff;
  if (primary != code) {
    return result_code_name(primary) + "_" + std::to_string(code >> 8);
  }
  return "SQLITE_" + std::to_string(code);
}

DatabaseError database_error(const SQLite::Exception& error, std::string sql) {
  const int code = error.getExtendedErrorCode();
  return DatabaseError(error.what(), std::move(sql),
                       code < 0 ? "SQLITE_ERROR" : result_code_name(code));
}

DatabaseError database_error(sqlite3* db, std::string sql) {
  return DatabaseError(sqlite3_errmsg(db), std::move(sql),
                       result_code_name(sqlite3_extended_errcode(db)));
}

}  // namespace kit::sqlite
