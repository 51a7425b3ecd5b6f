// What one generated migration of the killed-runs set creates; plain C data, so that each of
// the 100 generated sources compiles in milliseconds.
#pragma once

extern "C" {

struct kit_faults_killed_spec {
  int index;          // 1..100
  const char* table;  // "killed_007"
  const char* index_name;
  const char* label;  // the one row's label
};

/// Defined by each generated source; read by the migration compiled once for all of them.
extern const kit_faults_killed_spec kit_faults_killed;
}
