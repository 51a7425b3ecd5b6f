#include "link_check.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

#include "elf_file.hpp"

#if defined(KIT_HAVE_ELF)
#include <dlfcn.h>
#endif

namespace kit::host {

#if defined(KIT_HAVE_ELF) && defined(RTLD_NOLOAD) && defined(RTLD_DEFAULT)

namespace {

using namespace elf;

/// This process's ELF machine; 0 where unknown, and then nothing is certain.
constexpr std::uint16_t this_machine() {
#if defined(__x86_64__)
  return EM_X86_64;
#elif defined(__i386__)
  return EM_386;
#elif defined(__aarch64__)
  return EM_AARCH64;
#elif defined(__arm__)
  return EM_ARM;
#elif defined(__riscv)
  return EM_RISCV;
#elif defined(__powerpc64__)
  return EM_PPC64;
#elif defined(__s390x__)
  return EM_S390;
#else
  return 0;
#endif
}

/// A string of a table read with read_strings(); nullptr when the offset lies outside it.
const char* string_at(const std::vector<char>& table, std::uint64_t offset) {
  return offset + 1 < table.size() ? &table[static_cast<std::size_t>(offset)] : nullptr;
}

/// Whether the program headers allow a load that nothing but symbols could make fail: every
/// loadable segment inside the file, no TLS (static TLS can run out), no executable stack.
bool loadable_segments(const File& file, std::uint64_t file_size, const Ehdr& header) {
  if (header.e_phentsize != sizeof(Phdr) || header.e_phnum == 0) return false;
  std::vector<Phdr> segments;
  if (!file.read_table(header.e_phoff, header.e_phnum, file_size, segments)) return false;
  bool dynamic = false;
  for (const Phdr& segment : segments) {
    if (segment.p_type == PT_LOAD && !fits(segment.p_offset, segment.p_filesz, file_size)) {
      return false;
    }
    if (segment.p_type == PT_TLS) return false;
    if (segment.p_type == PT_GNU_STACK && (segment.p_flags & PF_X) != 0) return false;
    dynamic = dynamic || segment.p_type == PT_DYNAMIC;
  }
  return dynamic;
}

/// The version names a file's version index asks for: index -> name, from .gnu.version_r.
bool read_versions(const File& file, std::uint64_t file_size, const std::vector<Shdr>& sections,
                   const Shdr& section, std::vector<std::string>& names) {
  if (section.sh_link >= sections.size()) return false;
  std::vector<char> strings;
  if (!read_strings(file, file_size, sections[section.sh_link], strings)) return false;
  std::vector<unsigned char> bytes;
  if (!file.read_table(section.sh_offset, section.sh_size, file_size, bytes)) return false;
  std::uint64_t at = 0;
  for (std::uint64_t i = 0; i < section.sh_info; ++i) {
    Verneed need{};
    if (!fits(at, sizeof need, bytes.size())) return false;
    std::memcpy(&need, &bytes[static_cast<std::size_t>(at)], sizeof need);
    std::uint64_t aux_at = at + need.vn_aux;
    for (std::uint64_t j = 0; j < need.vn_cnt; ++j) {
      Vernaux aux{};
      if (!fits(aux_at, sizeof aux, bytes.size())) return false;
      std::memcpy(&aux, &bytes[static_cast<std::size_t>(aux_at)], sizeof aux);
      const char* name = string_at(strings, aux.vna_name);
      const std::uint16_t index = aux.vna_other & 0x7fff;
      if (name == nullptr || index < 2) return false;
      if (names.size() <= index) names.resize(index + 1U);
      // A weak version reference may be missing at load; look the symbol up unversioned.
      names[index] = (aux.vna_flags & VER_FLG_WEAK) != 0 ? std::string() : std::string(name);
      if (aux.vna_next == 0) break;
      aux_at += aux.vna_next;
    }
    if (need.vn_next == 0) break;
    at += need.vn_next;
  }
  return true;
}

}  // namespace

LinkCheck::~LinkCheck() {
  for (auto& [name, handle] : libraries_) {
    if (handle != nullptr) ::dlclose(handle);
  }
}

void* LinkCheck::loaded(const std::string& name) {
  const auto found = libraries_.find(name);
  if (found != libraries_.end()) return found->second;
  // RTLD_NOLOAD finds a library loaded under this name (or soname), and loads nothing.
  void* handle = ::dlopen(name.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle != nullptr) libraries_.emplace(name, handle);  // not loaded may change
  return handle;
}

bool LinkCheck::defined(const std::string& symbol, const std::string& version,
                        const std::vector<void*>& needed) {
  std::string key = symbol;
  key += '@';
  key += version;
  if (found_.count(key) != 0) return true;
  const auto lookup = [&](void* handle) {
    return version.empty() ? ::dlsym(handle, symbol.c_str())
                           : ::dlvsym(handle, symbol.c_str(), version.c_str());
  };
  bool found = lookup(RTLD_DEFAULT) != nullptr;
  for (std::size_t i = 0; !found && i < needed.size(); ++i) found = lookup(needed[i]) != nullptr;
  if (found) found_.insert(std::move(key));
  return found;
}

bool LinkCheck::certainly_loads(const std::filesystem::path& path,
                                std::initializer_list<const char*> exports) noexcept {
  try {
    const File file(path);
    if (!file.open()) return false;
    const std::uint64_t file_size = file.size();
    Ehdr header{};
    if (this_machine() == 0 || !read_header(file, file_size, header) || header.e_type != ET_DYN ||
        header.e_machine != this_machine() || !loadable_segments(file, file_size, header)) {
      return false;
    }
    std::vector<Shdr> sections;
    std::uint64_t names_index = 0;
    if (!read_sections(file, file_size, header, sections, names_index)) return false;
    const Shdr* symbols = nullptr;
    const Shdr* versions = nullptr;
    const Shdr* needs = nullptr;
    const Shdr* dynamic = nullptr;
    for (const Shdr& section : sections) {
      const Shdr** slot = section.sh_type == SHT_DYNSYM        ? &symbols
                          : section.sh_type == SHT_GNU_versym  ? &versions
                          : section.sh_type == SHT_GNU_verneed ? &needs
                          : section.sh_type == SHT_DYNAMIC     ? &dynamic
                                                               : nullptr;
      if (slot == nullptr) continue;
      if (*slot != nullptr) return false;  // two of a kind: not what a linker writes
      *slot = &section;
    }
    if (symbols == nullptr || dynamic == nullptr || symbols->sh_entsize != sizeof(Sym) ||
        dynamic->sh_entsize != sizeof(Dyn) || symbols->sh_link >= sections.size() ||
        dynamic->sh_link >= sections.size()) {
      return false;
    }

    // The libraries it needs, all loaded here already; nothing that changes how it loads.
    std::vector<Dyn> entries;
    std::vector<char> dynamic_strings;
    if (!file.read_table(dynamic->sh_offset, dynamic->sh_size / sizeof(Dyn), file_size, entries) ||
        !read_strings(file, file_size, sections[dynamic->sh_link], dynamic_strings)) {
      return false;
    }
    std::vector<void*> needed;
    for (const Dyn& entry : entries) {
      if (entry.d_tag == DT_NULL) break;
      if (entry.d_tag == DT_TEXTREL) return false;
      if (entry.d_tag == DT_FLAGS && (entry.d_un.d_val & (DF_TEXTREL | DF_STATIC_TLS)) != 0) {
        return false;
      }
      if (entry.d_tag == DT_FLAGS_1 && (entry.d_un.d_val & DF_1_NOOPEN) != 0) return false;
      // Code of its own that runs when it is loaded or unloaded may throw or abort; only
      // loading it runs that. The compiler's runtime keeps one entry in each array
      // (frame_dummy, __do_global_dtors_aux); a static object or a constructor adds one.
      if (entry.d_tag == DT_PREINIT_ARRAYSZ && entry.d_un.d_val != 0) return false;
      if ((entry.d_tag == DT_INIT_ARRAYSZ || entry.d_tag == DT_FINI_ARRAYSZ) &&
          entry.d_un.d_val > sizeof(void*)) {
        return false;
      }
      if (entry.d_tag != DT_NEEDED) continue;
      const char* name = string_at(dynamic_strings, entry.d_un.d_val);
      if (name == nullptr || *name == '\0') return false;
      void* handle = loaded(name);
      if (handle == nullptr) return false;
      needed.push_back(handle);
    }

    std::vector<std::string> version_names;
    if (needs != nullptr && !read_versions(file, file_size, sections, *needs, version_names)) {
      return false;
    }
    std::vector<Sym> table;
    std::vector<char> strings;
    const std::uint64_t count = symbols->sh_size / sizeof(Sym);
    if (!file.read_table(symbols->sh_offset, count, file_size, table) ||
        !read_strings(file, file_size, sections[symbols->sh_link], strings)) {
      return false;
    }
    std::vector<Versym> symbol_versions;
    if (versions != nullptr &&
        !file.read_table(versions->sh_offset, count, file_size, symbol_versions)) {
      return false;
    }

    std::vector<bool> exported(exports.size(), false);
    for (std::size_t i = 1; i < table.size(); ++i) {
      const Sym& symbol = table[i];
      const char* name = string_at(strings, symbol.st_name);
      if (name == nullptr) return false;
      const unsigned char binding = symbol_binding(symbol);
      if (symbol.st_shndx != SHN_UNDEF) {
        if (binding == STB_LOCAL || symbol_visibility(symbol) != STV_DEFAULT) continue;
        std::size_t e = 0;
        for (const char* wanted : exports) {
          if (std::strcmp(name, wanted) == 0) exported[e] = true;
          ++e;
        }
        continue;
      }
      if (*name == '\0' || binding == STB_WEAK) continue;  // weak: may stay undefined
      if (binding != STB_GLOBAL) return false;
      std::string version;
      if (!symbol_versions.empty()) {
        const std::uint16_t index = symbol_versions[i] & 0x7fff;
        if (index >= 2) {
          if (index >= version_names.size()) return false;
          version = version_names[index];
        }
      }
      if (!defined(name, version, needed)) return false;
    }
    for (const bool e : exported) {
      if (!e) return false;
    }
    return true;
  } catch (...) {  // out of memory: cannot tell
    return false;
  }
}

#else

LinkCheck::~LinkCheck() = default;

bool LinkCheck::certainly_loads(const std::filesystem::path& /*file*/,
                                std::initializer_list<const char*> /*exports*/) noexcept {
  return false;
}

#endif

}  // namespace kit::host
