#include "manifest_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#if __has_include(<elf.h>) && __has_include(<unistd.h>)
#define KIT_HAVE_ELF 1
#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace kit::host {

#if defined(KIT_HAVE_ELF)

namespace {

#if UINTPTR_MAX > 0xffffffffu
using Ehdr = Elf64_Ehdr;
using Phdr = Elf64_Phdr;
using Shdr = Elf64_Shdr;
constexpr unsigned char kClass = ELFCLASS64;
#else
using Ehdr = Elf32_Ehdr;
using Phdr = Elf32_Phdr;
using Shdr = Elf32_Shdr;
constexpr unsigned char kClass = ELFCLASS32;
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr unsigned char kData = ELFDATA2LSB;
#else
constexpr unsigned char kData = ELFDATA2MSB;
#endif

constexpr char kSectionName[] = ".kit_manifest";
// Section-name tables of real plugins are a few hundred bytes; refuse absurd ones.
constexpr std::uint64_t kMaxNameTable = 1 << 20;
constexpr std::uint64_t kMaxSections = 1 << 16;

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
  [[nodiscard]] std::uint64_t size() const noexcept {
    struct stat info {};
    return ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode)
               ? static_cast<std::uint64_t>(info.st_size)
               : 0;
  }
  /// Reads exactly `length` bytes at `offset`; false on a short read or an error.
  bool read(std::uint64_t offset, void* out, std::size_t length) const noexcept {
    return read_some(offset, out, length) == length;
  }
  /// Reads up to `length` bytes at `offset`, fewer at the end of the file or on an error;
  /// returns how many.
  std::size_t read_some(std::uint64_t offset, void* out, std::size_t length) const noexcept {
    auto* bytes = static_cast<unsigned char*>(out);
    std::size_t total = 0;
    while (total < length) {
      const ssize_t got =
          ::pread(fd_, bytes + total, length - total, static_cast<off_t>(offset + total));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      total += static_cast<std::size_t>(got);
    }
    return total;
  }

 private:
  int fd_;
};

bool fits(std::uint64_t offset, std::uint64_t length, std::uint64_t file_size) {
  return offset <= file_size && length <= file_size - offset;
}

ManifestReader::Result fail(ManifestReader::Status status, std::string problem) {
  ManifestReader::Result result;
  result.status = status;
  result.problem = std::move(problem);
  return result;
}

}  // namespace

ManifestReader::Result ManifestReader::read(const std::filesystem::path& path) {
  using S = Status;
  const File file(path);
  if (!file.open()) return fail(S::Unreadable, std::strerror(errno));
  const std::uint64_t file_size = file.size();

  Ehdr header{};
  if (file_size < sizeof(Ehdr) || !file.read(0, &header, sizeof header) ||
      std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return fail(S::NotElf, "not an ELF file");
  }
  if (header.e_ident[EI_CLASS] != kClass || header.e_ident[EI_DATA] != kData) {
    return fail(S::NotElf, "an ELF file for another machine");
  }

  // Section 0 holds the real count and name-table index when they do not fit the header.
  std::uint64_t count = header.e_shnum;
  std::uint64_t names_index = header.e_shstrndx;
  if (header.e_shoff == 0) return fail(S::NoSection, "no section headers");
  if (header.e_shentsize != sizeof(Shdr)) return fail(S::Corrupt, "unexpected section header size");
  if (count == 0 || names_index == SHN_XINDEX) {
    Shdr first{};
    if (!fits(header.e_shoff, sizeof first, file_size) ||
        !file.read(header.e_shoff, &first, sizeof first)) {
      return fail(S::Corrupt, "section headers lie outside the file");
    }
    if (count == 0) count = first.sh_size;
    if (names_index == SHN_XINDEX) names_index = first.sh_link;
  }
  if (count == 0 || count > kMaxSections || names_index >= count ||
      !fits(header.e_shoff, count * sizeof(Shdr), file_size)) {
    return fail(S::Corrupt, "section headers lie outside the file");
  }
  std::vector<Shdr> sections(count);
  if (!file.read(header.e_shoff, sections.data(), count * sizeof(Shdr))) {
    return fail(S::Corrupt, "cannot read the section headers");
  }

  const Shdr& names = sections[names_index];
  if (names.sh_type != SHT_STRTAB || names.sh_size > kMaxNameTable ||
      !fits(names.sh_offset, names.sh_size, file_size)) {
    return fail(S::Corrupt, "the section name table lies outside the file");
  }
  std::vector<char> table(names.sh_size + 1, '\0');
  if (!file.read(names.sh_offset, table.data(), names.sh_size)) {
    return fail(S::Corrupt, "cannot read the section name table");
  }

  for (const Shdr& section : sections) {
    if (section.sh_name >= names.sh_size ||
        std::strcmp(&table[section.sh_name], kSectionName) != 0) {
      continue;
    }
    if (section.sh_type != SHT_PROGBITS || section.sh_size < sizeof(kit_manifest) ||
        !fits(section.sh_offset, sizeof(kit_manifest), file_size)) {
      return fail(S::Corrupt, "its .kit_manifest section is malformed");
    }
    Result result;
    if (!file.read(section.sh_offset, &result.manifest, sizeof(kit_manifest))) {
      return fail(S::Corrupt, "cannot read its .kit_manifest section");
    }
    result.status = S::Found;
    return result;
  }
  return fail(S::NoSection, "no .kit_manifest section");
}

std::optional<std::string> ManifestReader::truncation(const std::filesystem::path& path) {
  const File file(path);
  if (!file.open()) return std::nullopt;
  const std::uint64_t file_size = file.size();
  // One read covers the header and, as linkers place them, the program headers after it.
  unsigned char head[1024];
  const std::size_t got = file.read_some(0, head, std::min<std::uint64_t>(sizeof head, file_size));
  Ehdr header{};
  if (got < sizeof(Ehdr)) return std::nullopt;
  std::memcpy(&header, head, sizeof header);
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != kClass ||
      header.e_ident[EI_DATA] != kData || header.e_phentsize != sizeof(Phdr)) {
    return std::nullopt;
  }
  const std::uint64_t count = header.e_phnum;
  if (count > kMaxSections || !fits(header.e_phoff, count * sizeof(Phdr), file_size)) {
    return "truncated: its program headers lie outside the file";
  }
  std::vector<Phdr> segments(count);
  const std::size_t bytes = count * sizeof(Phdr);
  if (bytes > 0 && fits(header.e_phoff, bytes, got)) {
    std::memcpy(segments.data(), head + header.e_phoff, bytes);
  } else if (bytes > 0 && !file.read(header.e_phoff, segments.data(), bytes)) {
    return "cannot read its program headers";
  }
  for (const Phdr& segment : segments) {
    if (segment.p_type == PT_LOAD && !fits(segment.p_offset, segment.p_filesz, file_size)) {
      return "truncated: a loadable segment ends at byte " +
             std::to_string(segment.p_offset + segment.p_filesz) + " of a " +
             std::to_string(file_size) + "-byte file";
    }
  }
  // Linkers write the section headers last: a file cut short anywhere loses them.
  if (header.e_shoff != 0 &&
      !fits(header.e_shoff, std::uint64_t{header.e_shnum} * header.e_shentsize, file_size)) {
    return "truncated: its section headers lie outside the file";
  }
  return std::nullopt;
}

#else

ManifestReader::Result ManifestReader::read(const std::filesystem::path& /*file*/) {
  Result result;
  result.status = Status::NotElf;
  result.problem = "reading manifests from files needs ELF";
  return result;
}

std::optional<std::string> ManifestReader::truncation(const std::filesystem::path& /*file*/) {
  return std::nullopt;
}

#endif

}  // namespace kit::host
