#include "npz_reader.h"

#include <cstring>
#include <fstream>

namespace wxts {
namespace {

uint64_t le(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

std::string between(const std::string& s, size_t from, char open, char close) {
  size_t a = s.find(open, from);
  size_t b = a == std::string::npos ? a : s.find(close, a + 1);
  if (a == std::string::npos || b == std::string::npos) return "";
  return s.substr(a + 1, b - a - 1);
}

}  // namespace

int npyItemSize(const std::string& t) {
  if (t.size() < 2) return 0;
  char k = t[0];
  if (k != 'f' && k != 'i' && k != 'u' && k != 'b' && k != 'c') return 0;
  try {
    return std::stoi(t.substr(1));
  } catch (...) {
    return 0;
  }
}

void parseNpyHeader(const std::string& bytes, NpyEntry& e) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
    throw NpzError("entry \"" + e.name + "\" is not an .npy array");
  }
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  int major = u[6];
  size_t headerLen, start;
  if (major == 1) {
    headerLen = static_cast<size_t>(le(u + 8, 2));
    start = 10;
  } else {
    if (bytes.size() < 12) throw NpzError("entry \"" + e.name + "\": short .npy header");
    headerLen = static_cast<size_t>(le(u + 8, 4));
    start = 12;
  }
  if (bytes.size() < start + headerLen) throw NpzError("entry \"" + e.name + "\": short .npy header");
  std::string h = bytes.substr(start, headerLen);
  size_t d = h.find("'descr'");
  std::string descr = d == std::string::npos ? "" : between(h, h.find(':', d), '\'', '\'');
  if (descr.size() < 3) throw NpzError("entry \"" + e.name + "\": .npy header has no descr");
  e.littleEndian = descr[0] != '>';
  e.dtype = descr.substr(1);
  if (h.find("'fortran_order': True") != std::string::npos) {
    throw NpzError("entry \"" + e.name + "\" is Fortran-ordered; re-save the weights in C order");
  }
  size_t s = h.find("'shape'");
  std::string dims = s == std::string::npos ? "" : between(h, s, '(', ')');
  e.shape.clear();
  size_t pos = 0;
  while (pos < dims.size()) {
    size_t comma = dims.find(',', pos);
    std::string tok = dims.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    size_t first = tok.find_first_not_of(' ');
    if (first != std::string::npos) e.shape.push_back(std::stoll(tok.substr(first)));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  e.dataOffset = start + headerLen;  // relative to the .npy start; readNpzIndex makes it absolute
}

std::vector<NpyEntry> readNpzIndex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NpzError(path + ": cannot be opened");
  in.seekg(0, std::ios::end);
  const uint64_t size = static_cast<uint64_t>(in.tellg());
  const uint64_t tail = size < 65557 ? size : 65557;  // EOCD (22) + max comment
  std::string buf(tail, '\0');
  in.seekg(static_cast<std::streamoff>(size - tail));
  in.read(&buf[0], static_cast<std::streamsize>(tail));
  size_t eocd = std::string::npos;
  for (size_t i = tail >= 22 ? tail - 22 + 1 : 0; i-- > 0;) {
    if (std::memcmp(buf.data() + i, "PK\x05\x06", 4) == 0) { eocd = i; break; }
  }
  if (eocd == std::string::npos) throw NpzError(path + ": not a ZIP/.npz file; download the weights again");
  const auto* e = reinterpret_cast<const unsigned char*>(buf.data() + eocd);
  uint64_t count = le(e + 10, 2), cdSize = le(e + 12, 4), cdOffset = le(e + 16, 4);
  if (cdOffset == 0xFFFFFFFFu || count == 0xFFFFu) {
    // ZIP64: locator just before the EOCD points at the ZIP64 end record.
    if (eocd < 20 || std::memcmp(buf.data() + eocd - 20, "PK\x06\x07", 4) != 0)
      throw NpzError(path + ": broken ZIP64 directory");
    uint64_t z64 = le(reinterpret_cast<const unsigned char*>(buf.data() + eocd - 20) + 8, 8);
    unsigned char rec[56];
    in.seekg(static_cast<std::streamoff>(z64));
    in.read(reinterpret_cast<char*>(rec), 56);
    if (!in || std::memcmp(rec, "PK\x06\x06", 4) != 0) throw NpzError(path + ": broken ZIP64 directory");
    count = le(rec + 32, 8);
    cdSize = le(rec + 40, 8);
    cdOffset = le(rec + 48, 8);
  }
  std::string cd(cdSize, '\0');
  in.seekg(static_cast<std::streamoff>(cdOffset));
  in.read(&cd[0], static_cast<std::streamsize>(cdSize));
  if (!in) throw NpzError(path + ": truncated ZIP directory; download the weights again");

  std::vector<NpyEntry> out;
  size_t p = 0;
  for (uint64_t i = 0; i < count; i++) {
    if (p + 46 > cd.size() || std::memcmp(cd.data() + p, "PK\x01\x02", 4) != 0)
      throw NpzError(path + ": corrupt ZIP directory");
    const auto* c = reinterpret_cast<const unsigned char*>(cd.data() + p);
    int method = static_cast<int>(le(c + 10, 2));
    uint64_t csize = le(c + 20, 4), usize = le(c + 24, 4);
    size_t nameLen = le(c + 28, 2), extraLen = le(c + 30, 2), commentLen = le(c + 32, 2);
    uint64_t local = le(c + 42, 4);
    std::string name = cd.substr(p + 46, nameLen);
    // ZIP64 extra field: the 0xFFFFFFFF fields follow in order usize, csize, offset.
    size_t x = p + 46 + nameLen, xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const auto* xp = reinterpret_cast<const unsigned char*>(cd.data() + x);
      uint64_t id = le(xp, 2), len = le(xp + 2, 2);
      if (id == 1) {
        const unsigned char* v = xp + 4;
        if (usize == 0xFFFFFFFFu) { usize = le(v, 8); v += 8; }
        if (csize == 0xFFFFFFFFu) { csize = le(v, 8); v += 8; }
        if (local == 0xFFFFFFFFu) { local = le(v, 8); }
      }
      x += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (method != 0) {
      throw NpzError(path + ": entry \"" + name +
                     "\" is compressed (savez_compressed); re-save with savez or use weights.safetensors");
    }
    unsigned char lh[30];
    in.seekg(static_cast<std::streamoff>(local));
    in.read(reinterpret_cast<char*>(lh), 30);
    if (!in || std::memcmp(lh, "PK\x03\x04", 4) != 0) throw NpzError(path + ": corrupt ZIP entry \"" + name + "\"");
    uint64_t dataStart = local + 30 + le(lh + 26, 2) + le(lh + 28, 2);
    std::string head(static_cast<size_t>(usize < 4096 ? usize : 4096), '\0');
    in.seekg(static_cast<std::streamoff>(dataStart));
    in.read(&head[0], static_cast<std::streamsize>(head.size()));
    NpyEntry entry;
    entry.name = name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0 ? name.substr(0, name.size() - 4) : name;
    parseNpyHeader(head, entry);
    uint64_t elems = 1;
    for (auto d : entry.shape) elems *= static_cast<uint64_t>(d);
    int item = npyItemSize(entry.dtype);
    if (item == 0) throw NpzError(path + ": entry \"" + entry.name + "\" has unsupported dtype " + entry.dtype);
    entry.dataBytes = elems * static_cast<uint64_t>(item);
    if (entry.dataOffset + entry.dataBytes > usize) throw NpzError(path + ": entry \"" + entry.name + "\" is truncated");
    entry.dataOffset += dataStart;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace wxts
