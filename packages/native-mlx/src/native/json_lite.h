// A small JSON reader for config files (objects, arrays, numbers, strings, booleans, null).
// Plain C++17, no MLX: compiled into the addon and into the test executable.
#pragma once
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace wxts {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::map<std::string, JsonValue> object;

  bool isObject() const { return kind == Kind::Object; }
  bool isArray() const { return kind == Kind::Array; }
  bool isNumber() const { return kind == Kind::Number; }
  bool has(const std::string& key) const { return kind == Kind::Object && object.count(key) > 0; }
  /** Member `key` of an object, or nullptr. */
  const JsonValue* get(const std::string& key) const;
};

struct JsonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** Parse a whole document; throws JsonError with the byte offset on malformed input. */
JsonValue parseJson(const std::string& text);

/** Read and parse a file; throws JsonError naming the file. */
JsonValue readJsonFile(const std::string& path);

}  // namespace wxts
