// Test-only reader for libs/contracts/fixtures: a small JSON DOM (deliberately independent of the
// firmware parsers it checks) and the manifest's cases. Shared by both firmwares' host tests.
#pragma once
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef CONTRACT_FIXTURES_DIR
#error "build with -DCONTRACT_FIXTURES_DIR=\"/path/to/libs/contracts/fixtures\""
#endif

namespace fixtures {

struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool boolean = false;
  double number = 0;
  std::string text;  // string value, or a number's source text
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;  // in document order

  const Json* get(const std::string& key) const {
    for (const auto& m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
};

class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}
  Json parse() {
    Json v = value();
    ws();
    if (i_ != s_.size()) fail("trailing data");
    return v;
  }

 private:
  [[noreturn]] void fail(const char* what) { throw std::runtime_error(std::string("json: ") + what + " at " + std::to_string(i_)); }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) i_++;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  Json value() {
    ws();
    if (i_ >= s_.size()) fail("unexpected end");
    Json v;
    char c = s_[i_];
    if (c == '{') {
      i_++;
      v.kind = Json::Object;
      if (eat('}')) return v;
      do {
        ws();
        Json key = value();
        if (key.kind != Json::String) fail("key");
        if (!eat(':')) fail("colon");
        v.members.emplace_back(key.text, value());
      } while (eat(','));
      if (!eat('}')) fail("object end");
    } else if (c == '[') {
      i_++;
      v.kind = Json::Array;
      if (eat(']')) return v;
      do v.items.push_back(value());
      while (eat(','));
      if (!eat(']')) fail("array end");
    } else if (c == '"') {
      i_++;
      v.kind = Json::String;
      while (i_ < s_.size() && s_[i_] != '"') {
        if (s_[i_] == '\\') i_++;  // fixtures only escape simple characters
        v.text += s_[i_++];
      }
      if (i_++ >= s_.size()) fail("string end");
    } else if (s_.compare(i_, 4, "true") == 0 || s_.compare(i_, 5, "false") == 0) {
      v.kind = Json::Bool;
      v.boolean = c == 't';
      i_ += v.boolean ? 4 : 5;
    } else if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
    } else {
      size_t start = i_;
      while (i_ < s_.size() && std::string("+-0123456789.eE").find(s_[i_]) != std::string::npos) i_++;
      if (start == i_) fail("value");
      v.kind = Json::Number;
      v.text = s_.substr(start, i_ - start);
      v.number = std::strtod(v.text.c_str(), nullptr);
    }
    return v;
  }
  const std::string& s_;
  size_t i_ = 0;
};

inline std::string read_file(const std::string& relative) {
  std::ifstream in(std::string(CONTRACT_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline Json parse_json(const std::string& text) {
  return JsonReader(text).parse();
}

struct Case {
  std::string file;
  bool valid = false;
  std::string code;
  std::string reason;
  std::vector<std::pair<std::string, double>> values;  // manifest order
  std::string payload;                                  // the file's bytes

  bool has(const std::string& key) const {
    for (const auto& kv : values)
      if (kv.first == key) return true;
    return false;
  }
  double value(const std::string& key) const {
    for (const auto& kv : values)
      if (kv.first == key) return kv.second;
    throw std::runtime_error(file + ": no value " + key);
  }
};

// Every manifest case whose file starts with `prefix` ("uart/", "reading/valid/", ...).
inline std::vector<Case> load(const std::string& prefix) {
  Json manifest = parse_json(read_file("manifest.json"));
  std::vector<Case> out;
  for (const Json& c : manifest.get("cases")->items) {
    Case k;
    k.file = c.get("file")->text;
    if (k.file.compare(0, prefix.size(), prefix) != 0) continue;
    k.valid = c.get("valid")->boolean;
    if (const Json* code = c.get("code")) k.code = code->text;
    if (const Json* reason = c.get("reason")) k.reason = reason->text;
    if (const Json* values = c.get("values"))
      for (const auto& m : values->members) k.values.emplace_back(m.first, m.second.number);
    k.payload = read_file(k.file);
    out.push_back(k);
  }
  if (out.empty()) throw std::runtime_error("no fixtures under " + prefix);
  return out;
}

}  // namespace fixtures
