// ElfFile: checked reads of an ELF file of this machine's class and byte order, for what the
// host learns of a plugin without loading it (ManifestReader, LinkCheck). Internal to the host.
#pragma once

#if __has_include(<elf.h>) && __has_include(<unistd.h>)
#define KIT_HAVE_ELF 1

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

namespace kit::host::elf {

#if UINTPTR_MAX > 0xffffffffu
using Ehdr = Elf64_Ehdr;
using Phdr = Elf64_Phdr;
using Shdr = Elf64_Shdr;
using Sym = Elf64_Sym;
using Dyn = Elf64_Dyn;
using Verneed = Elf64_Verneed;
using Vernaux = Elf64_Vernaux;
using Versym = Elf64_Versym;
constexpr unsigned char kClass = ELFCLASS64;
inline unsigned char symbol_binding(const Sym& s) { return ELF64_ST_BIND(s.st_info); }
inline unsigned char symbol_visibility(const Sym& s) { return ELF64_ST_VISIBILITY(s.st_other); }
#else
using Ehdr = Elf32_Ehdr;
using Phdr = Elf32_Phdr;
using Shdr = Elf32_Shdr;
using Sym = Elf32_Sym;
using Dyn = Elf32_Dyn;
using Verneed = Elf32_Verneed;
using Vernaux = Elf32_Vernaux;
using Versym = Elf32_Versym;
constexpr unsigned char kClass = ELFCLASS32;
inline unsigned char symbol_binding(const Sym& s) { return ELF32_ST_BIND(s.st_info); }
inline unsigned char symbol_visibility(const Sym& s) { return ELF32_ST_VISIBILITY(s.st_other); }
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr unsigned char kData = ELFDATA2LSB;
#else
constexpr unsigned char kData = ELFDATA2MSB;
#endif

/// Tables of real plugins are at most a few tens of kilobytes; anything larger is refused.
constexpr std::uint64_t kMaxTable = 1 << 20;
constexpr std::uint64_t kMaxSections = 1 << 16;

/// Whether [offset, offset + length) lies inside a file of `file_size` bytes.
inline bool fits(std::uint64_t offset, std::uint64_t length, std::uint64_t file_size) {
  return offset <= file_size && length <= file_size - offset;
}

/// A file opened for reading; every read is checked.
class File {
 public:
  explicit File(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] bool open() const noexcept { return fd_ >= 0; }
  /// The size of a regular file; 0 for anything else or on an error.
  [[nodiscard]] std::uint64_t size() const noexcept {
    struct stat info {};
    return ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode)
               ? static_cast<std::uint64_t>(info.st_size)
               : 0;
  }
  /// Reads exactly `length` bytes at `offset`; false on a short read or an error.
  bool read(std::uint64_t offset, void* out, std::size_t length) const noexcept {
    auto* bytes = static_cast<unsigned char*>(out);
    while (length > 0) {
      const ssize_t got = ::pread(fd_, bytes, length, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      bytes += got;
      offset += static_cast<std::uint64_t>(got);
      length -= static_cast<std::size_t>(got);
    }
    return true;
  }
  /// Reads `count` records of T at `offset` when they lie inside the file and within
  /// kMaxTable bytes; false otherwise.
  template <class T>
  bool read_table(std::uint64_t offset, std::uint64_t count, std::uint64_t file_size,
                  std::vector<T>& out) const {
    if (count > kMaxTable / sizeof(T) || !fits(offset, count * sizeof(T), file_size)) return false;
    out.resize(static_cast<std::size_t>(count));
    return count == 0 || read(offset, out.data(), static_cast<std::size_t>(count) * sizeof(T));
  }

 private:
  int fd_;
};

/// The header of an ELF file of this machine's class and byte order; false for anything else.
inline bool read_header(const File& file, std::uint64_t file_size, Ehdr& header) {
  return file_size >= sizeof(Ehdr) && file.read(0, &header, sizeof header) &&
         std::memcmp(header.e_ident, ELFMAG, SELFMAG) == 0 && header.e_ident[EI_CLASS] == kClass &&
         header.e_ident[EI_DATA] == kData;
}

/// The section headers, resolving the extended count kept in section 0; false when they lie
/// outside the file or are absent.
inline bool read_sections(const File& file, std::uint64_t file_size, const Ehdr& header,
                          std::vector<Shdr>& sections, std::uint64_t& names_index) {
  std::uint64_t count = header.e_shnum;
  names_index = header.e_shstrndx;
  if (header.e_shoff == 0 || header.e_shentsize != sizeof(Shdr)) return false;
  if (count == 0 || names_index == SHN_XINDEX) {
    Shdr first{};
    if (!fits(header.e_shoff, sizeof first, file_size) ||
        !file.read(header.e_shoff, &first, sizeof first)) {
      return false;
    }
    if (count == 0) count = first.sh_size;
    if (names_index == SHN_XINDEX) names_index = first.sh_link;
  }
  if (count == 0 || count > kMaxSections || names_index >= count ||
      !fits(header.e_shoff, count * sizeof(Shdr), file_size)) {
    return false;
  }
  sections.resize(static_cast<std::size_t>(count));
  return file.read(header.e_shoff, sections.data(), static_cast<std::size_t>(count) * sizeof(Shdr));
}

/// A string table's bytes with a NUL appended, so that any offset inside it reads a
/// terminated string; false when it lies outside the file or is too large.
inline bool read_strings(const File& file, std::uint64_t file_size, const Shdr& section,
                         std::vector<char>& out) {
  if (section.sh_type != SHT_STRTAB || section.sh_size > kMaxTable ||
      !fits(section.sh_offset, section.sh_size, file_size)) {
    return false;
  }
  out.assign(static_cast<std::size_t>(section.sh_size) + 1, '\0');
  return section.sh_size == 0 ||
         file.read(section.sh_offset, out.data(), static_cast<std::size_t>(section.sh_size));
}

}  // namespace kit::host::elf

#endif
