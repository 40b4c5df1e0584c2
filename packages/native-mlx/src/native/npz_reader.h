// Reads the index of a NumPy .npz archive (a ZIP of .npy files, as numpy.savez and mlx.core.savez
// write them: entries stored uncompressed). Plain C++, no MLX: the MLX loader turns each entry's
// bytes into an array. Deflated entries (savez_compressed) are reported, not read.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace wxts {

struct NpzError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NpyEntry {
  /** Array name (the .npy entry name without ".npy"). */
  std::string name;
  /** NumPy type string without byte order: "f2", "f4", "f8", "i4", "i8", "u4", "u1", "b1", ... */
  std::string dtype;
  /** Little-endian (or byte-order-free) data. */
  bool littleEndian = true;
  std::vector<int64_t> shape;
  /** Byte offset of the raw C-order data in the .npz file, and its size. */
  uint64_t dataOffset = 0;
  uint64_t dataBytes = 0;
};

/** Bytes per element of an npy type string ("f2" -> 2), 0 when unknown. */
int npyItemSize(const std::string& dtype);

/** Parse an .npy header held in `bytes` (at least the header); fills dtype/shape and the data offset. */
void parseNpyHeader(const std::string& bytes, NpyEntry& entry);

/** List the arrays of an .npz file. Throws NpzError naming the file and the fix. */
std::vector<NpyEntry> readNpzIndex(const std::string& path);

}  // namespace wxts
