#include "manifest_reader.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "elf_file.hpp"

namespace kit::host {

#if defined(KIT_HAVE_ELF)

namespace {

using namespace elf;

constexpr char kSectionName[] = ".kit_manifest";

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

  unsigned char ident[EI_NIDENT];
  if (file_size < sizeof(Ehdr) || !file.read(0, ident, sizeof ident) ||
      std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
    return fail(S::NotElf, "not an ELF file");
  }
  if (ident[EI_CLASS] != kClass || ident[EI_DATA] != kData) {
    return fail(S::NotElf, "an ELF file for another machine");
  }
  Ehdr header{};
  if (!file.read(0, &header, sizeof header)) return fail(S::Corrupt, "truncated ELF header");

  if (header.e_shoff == 0) return fail(S::NoSection, "no section headers");
  if (header.e_shentsize != sizeof(Shdr)) return fail(S::Corrupt, "unexpected section header size");
  std::vector<Shdr> sections;
  std::uint64_t names_index = 0;
  if (!read_sections(file, file_size, header, sections, names_index)) {
    return fail(S::Corrupt, "section headers lie outside the file");
  }

  const Shdr& names = sections[names_index];
  std::vector<char> table;
  if (!read_strings(file, file_size, names, table)) {
    return fail(S::Corrupt, "the section name table lies outside the file");
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
  Ehdr header{};
  if (file_size < sizeof(Ehdr) || !file.read(0, &header, sizeof header) ||
      std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != kClass ||
      header.e_ident[EI_DATA] != kData || header.e_phentsize != sizeof(Phdr)) {
    return std::nullopt;
  }
  const std::uint64_t count = header.e_phnum;
  if (count > kMaxSections || !fits(header.e_phoff, count * sizeof(Phdr), file_size)) {
    return "truncated: its program headers lie outside the file";
  }
  std::vector<Phdr> segments(count);
  if (!file.read(header.e_phoff, segments.data(), count * sizeof(Phdr))) {
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
