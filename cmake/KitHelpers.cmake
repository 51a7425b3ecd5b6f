# Helpers for building kit plugins: kit_add_migration(), kit_add_migrations(), kit_add_driver().
# The same file serves this repository and, installed, any project that does find_package(Kit).
include_guard(GLOBAL)

set(_KIT_HELPERS_DIR "${CMAKE_CURRENT_LIST_DIR}")

# Settings every plugin shares: a loadable module with the platform's library suffix,
# hidden symbols but for the plugin entry points, and no undefined symbols left to chance.
function(_kit_plugin_properties target output_dir)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    SUFFIX "${CMAKE_SHARED_LIBRARY_SUFFIX}"
    LIBRARY_OUTPUT_DIRECTORY "${output_dir}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${target} PRIVATE cxx_std_17)
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_link_options(${target} PRIVATE "LINKER:--no-undefined"
                        "LINKER:--version-script=${_KIT_HELPERS_DIR}/KitPlugin.map")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${_KIT_HELPERS_DIR}/KitPlugin.map")
  endif()
  target_link_libraries(${target} PRIVATE Kit::sdk)
  # kit-host refuses plugins that group or others may change (as ssh's StrictModes does); a
  # umask of 002 would leave the file and its folder group-writable, so the build says no.
  if(UNIX)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND chmod go-w "$<TARGET_FILE:${target}>" "$<TARGET_FILE_DIR:${target}>"
      VERBATIM)
  endif()
endfunction()

# A run loads each pending migration twice (all are checked before anything is applied, then
# each is run), and most of a load is the kernel mapping the file's segments. Linked with
# -z noseparate-code (code and read-only data in one segment: two to map, not four) and
# -z norelro (no read-only remap of the relocated data after loading), a migration loads in
# about half the time: 35 us less per migration (docs/performance.md). Both are hardening
# against exploits of memory-corruption bugs; a migration is trusted code that runs once and
# reads no untrusted input. A project that wants them back sets KIT_MIGRATION_HARDENING to ON
# before kit_add_migration()/kit_add_migrations(). Drivers, loaded once, keep the defaults.
function(_kit_migration_link_options target)
  if(KIT_MIGRATION_HARDENING OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
  endif()
  if(NOT DEFINED CACHE{_KIT_LINKER_FAST_LOAD})
    include(CheckLinkerFlag)
    check_linker_flag(CXX "LINKER:-z,noseparate-code,-z,norelro" _KIT_LINKER_FAST_LOAD)
  endif()
  if(_KIT_LINKER_FAST_LOAD)
    target_link_options(${target} PRIVATE "LINKER:-z,noseparate-code" "LINKER:-z,norelro")
  endif()
endfunction()

# A migration runs once, and most of its compile time goes to the SDK's and the standard
# library's headers; full debug information for all of them is another quarter on top. In
# RelWithDebInfo (GCC, Clang) a migration gets line tables only, -g1: a backtrace still names
# the function, file and line, and it compiles in four fifths of the time
# (docs/performance.md). Debug keeps full debug information; so does any configuration when
# KIT_MIGRATION_FULL_DEBUG_INFO is ON before kit_add_migration()/kit_add_migrations().
function(_kit_migration_compile_options target)
  if(KIT_MIGRATION_FULL_DEBUG_INFO OR NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    return()
  endif()
  target_compile_options(${target} PRIVATE "$<$<CONFIG:RelWithDebInfo>:-g1>")
endfunction()

# A migration whose source is deleted must leave the build too: its artifact would otherwise
# stay in the output folder, and kit-host would go on listing it as pending, or apply it.
# Every configure records the artifacts its migrations build; at the end of the next one
# (which a deleted source triggers, through kit_add_migrations()' CONFIGURE_DEPENDS glob),
# those recorded before and no longer built are removed. Only files this build made go.
function(_kit_track_migration_output file)
  get_property(tracking GLOBAL PROPERTY _KIT_MIGRATION_OUTPUTS_TRACKED)
  if(NOT tracking)
    set_property(GLOBAL PROPERTY _KIT_MIGRATION_OUTPUTS_TRACKED ON)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _kit_remove_stale_migrations)
  endif()
  set_property(GLOBAL APPEND PROPERTY _KIT_MIGRATION_OUTPUTS "${file}")
endfunction()

function(_kit_remove_stale_migrations)
  get_property(built GLOBAL PROPERTY _KIT_MIGRATION_OUTPUTS)
  foreach(file IN LISTS _KIT_MIGRATION_OUTPUTS_BUILT)
    if(NOT file IN_LIST built AND EXISTS "${file}")
      message(STATUS "kit: removing ${file}: its migration's source is gone")
      file(REMOVE "${file}")
    endif()
  endforeach()
  set(_KIT_MIGRATION_OUTPUTS_BUILT "${built}" CACHE INTERNAL
      "The migration artifacts the last configure set up to build")
endfunction()

# kit_add_migration(<source.cpp> [OUTPUT_DIRECTORY dir] [TARGET name] [LINK_LIBRARIES libs...])
#
# Builds one migration into <OUTPUT_DIRECTORY>/<file name>.so (default: the current binary
# dir). The file must be named m<YYYYMMDD>_<HHMMSS>_<snake_case_name>.cpp; that name, and the
# SHA-256 of the source, go into the plugin's manifest, written at build time.
function(kit_add_migration source)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_DIRECTORY;TARGET" "LINK_LIBRARIES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "kit_add_migration: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(path "${source}" ABSOLUTE)
  get_filename_component(name "${path}" NAME_WE)
  if(NOT name MATCHES "^m[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9]_[a-z0-9]+(_[a-z0-9]+)*$")
    message(FATAL_ERROR
      "kit_add_migration: ${source}: a migration file is named "
      "m<YYYYMMDD>_<HHMMSS>_<snake_case_name>.cpp, e.g. m20240115_120000_create_users_table.cpp")
  endif()
  set(output_dir "${CMAKE_CURRENT_BINARY_DIR}")
  if(arg_OUTPUT_DIRECTORY)
    set(output_dir "${arg_OUTPUT_DIRECTORY}")
  endif()
  set(target "${name}")
  if(arg_TARGET)
    set(target "${arg_TARGET}")
  endif()

  set(manifest "${CMAKE_CURRENT_BINARY_DIR}/kit_manifests/${target}.manifest.cpp")
  add_custom_command(
    OUTPUT "${manifest}"
    COMMAND "${CMAKE_COMMAND}" "-DKIT_SOURCE=${path}" "-DKIT_NAME=${name}"
            "-DKIT_OUTPUT=${manifest}" -P "${_KIT_HELPERS_DIR}/KitManifest.cmake"
    DEPENDS "${path}" "${_KIT_HELPERS_DIR}/KitManifest.cmake"
    COMMENT "Writing the manifest of ${name}"
    VERBATIM)

  add_library(${target} MODULE "${path}" "${manifest}")
  _kit_plugin_properties(${target} "${output_dir}")
  _kit_track_migration_output("${output_dir}/${name}${CMAKE_SHARED_LIBRARY_SUFFIX}")
  _kit_migration_link_options(${target})
  _kit_migration_compile_options(${target})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME "${name}")
  if(arg_LINK_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${arg_LINK_LIBRARIES})
  endif()
endfunction()

# kit_add_migrations([DIRECTORY dir] [OUTPUT_DIRECTORY dir] [TARGET name] [TARGET_PREFIX p]
#                    [LINK_LIBRARIES libs...])
#
# Builds every m*.cpp of DIRECTORY (default: the current source dir) with kit_add_migration.
# A new file is picked up by the next build without editing any CMake file. TARGET names a
# target that builds them all; TARGET_PREFIX keeps target names unique across directories.
function(kit_add_migrations)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "DIRECTORY;OUTPUT_DIRECTORY;TARGET;TARGET_PREFIX"
                        "LINK_LIBRARIES")
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}")
  if(arg_DIRECTORY)
    get_filename_component(dir "${arg_DIRECTORY}" ABSOLUTE)
  endif()
  set(output_args)
  if(arg_OUTPUT_DIRECTORY)
    set(output_args OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  endif()
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/m*.cpp")
  list(SORT sources)
  set(targets)
  foreach(source IN LISTS sources)
    get_filename_component(name "${source}" NAME_WE)
    kit_add_migration("${source}" ${output_args} TARGET "${arg_TARGET_PREFIX}${name}"
                      LINK_LIBRARIES ${arg_LINK_LIBRARIES})
    list(APPEND targets "${arg_TARGET_PREFIX}${name}")
  endforeach()
  if(arg_TARGET)
    add_custom_target(${arg_TARGET} ALL)
    if(targets)
      add_dependencies(${arg_TARGET} ${targets})
    endif()
  endif()
endfunction()

# kit_add_driver(<target> SOURCES files... [OUTPUT_DIRECTORY dir] [LINK_LIBRARIES libs...])
#
# Builds a database driver plugin <target>.so; its sources use KIT_DRIVER(...) once.
function(kit_add_driver target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_DIRECTORY" "SOURCES;LINK_LIBRARIES")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "kit_add_driver(${target}): SOURCES is required")
  endif()
  set(output_dir "${CMAKE_CURRENT_BINARY_DIR}")
  if(arg_OUTPUT_DIRECTORY)
    set(output_dir "${arg_OUTPUT_DIRECTORY}")
  endif()
  add_library(${target} MODULE ${arg_SOURCES})
  _kit_plugin_properties(${target} "${output_dir}")
  if(arg_LINK_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${arg_LINK_LIBRARIES})
  endif()
endfunction()
