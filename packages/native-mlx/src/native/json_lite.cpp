#include "json_lite.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace wxts {

const JsonValue* JsonValue::get(const std::string& key) const {
  if (kind != Kind::Object) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &it->second;
}

namespace {

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  JsonValue document() {
    JsonValue v = value(0);
    skipSpace();
    if (pos_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;

  [[noreturn]] void fail(const std::string& what) {
    throw JsonError("invalid JSON at byte " + std::to_string(pos_) + ": " + what);
  }
  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) pos_++;
  }
  bool consume(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (s_.compare(pos_, n, word) == 0) {
      pos_ += n;
      return true;
    }
    return false;
  }
  JsonValue value(int depth) {
    if (depth > 64) fail("nested too deeply");
    skipSpace();
    if (pos_ >= s_.size()) fail("unexpected end");
    JsonValue v;
    char c = s_[pos_];
    if (c == '{') {
      v.kind = JsonValue::Kind::Object;
      pos_++;
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == '}') { pos_++; return v; }
      for (;;) {
        skipSpace();
        if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a key");
        std::string key = str();
        skipSpace();
        if (pos_ >= s_.size() || s_[pos_] != ':') fail("expected ':'");
        pos_++;
        v.object[key] = value(depth + 1);
        skipSpace();
        if (pos_ < s_.size() && s_[pos_] == ',') { pos_++; continue; }
        if (pos_ < s_.size() && s_[pos_] == '}') { pos_++; return v; }
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.kind = JsonValue::Kind::Array;
      pos_++;
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ']') { pos_++; return v; }
      for (;;) {
        v.array.push_back(value(depth + 1));
        skipSpace();
        if (pos_ < s_.size() && s_[pos_] == ',') { pos_++; continue; }
        if (pos_ < s_.size() && s_[pos_] == ']') { pos_++; return v; }
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.kind = JsonValue::Kind::String;
      v.string = str();
      return v;
    }
    if (consume("true")) { v.kind = JsonValue::Kind::Bool; v.boolean = true; return v; }
    if (consume("false")) { v.kind = JsonValue::Kind::Bool; return v; }
    if (consume("null")) return v;
    if (c == '-' || (c >= '0' && c <= '9')) {
      const char* start = s_.c_str() + pos_;
      char* end = nullptr;
      v.kind = JsonValue::Kind::Number;
      v.number = std::strtod(start, &end);
      if (end == start) fail("bad number");
      pos_ += static_cast<size_t>(end - start);
      return v;
    }
    fail(std::string("unexpected character '") + c + "'");
  }
  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail("short \\u escape");
    unsigned cp = 0;
    for (int i = 0; i < 4; i++) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
      else fail("bad \\u escape");
    }
    return cp;
  }
  std::string str() {
    pos_++;  // opening quote
    std::string out;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return out;
      if (c != '\\') { out += c; continue; }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && consume("\\u")) {
            unsigned lo = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          appendUtf8(out, cp);
          break;
        }
        default: fail("bad escape");
      }
    }
    fail("unterminated string");
  }
};

}  // namespace

JsonValue parseJson(const std::string& text) { return Parser(text).document(); }

JsonValue readJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw JsonError(path + ": cannot be opened");
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return parseJson(buf.str());
  } catch (const JsonError& e) {
    throw JsonError(path + ": " + e.what());
  }
}

}  // namespace wxts
