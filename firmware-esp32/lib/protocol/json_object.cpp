#include "json_object.h"

#include <stdint.h>
#include <string.h>

bool JsonMember::key_is(const char* name) const {
  return strlen(name) == key_len && memcmp(name, key, key_len) == 0;
}

JsonObjectReader::JsonObjectReader(const char* text, size_t len) : s_(text), len_(len) {}

bool JsonObjectReader::fail() {
  error_ = true;
  done_ = true;
  return false;
}

void JsonObjectReader::ws() {
  while (i_ < len_ && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) i_++;
}

bool JsonObjectReader::string_token() {
  // At the opening quote; leaves i_ after the closing one.
  i_++;
  while (i_ < len_) {
    const unsigned char c = static_cast<unsigned char>(s_[i_]);
    if (c == '"') return ++i_, true;
    if (c < 0x20) return false;  // raw control characters are not allowed in JSON strings
    if (c == '\\') {
      if (++i_ >= len_) return false;
      const char e = s_[i_];
      if (e == 'u') {
        for (int k = 1; k <= 4; k++) {
          if (i_ + k >= len_) return false;
          const char h = s_[i_ + k];
          if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
        }
        i_ += 4;
      } else if (!strchr("\"\\/bfnrt", e)) {
        return false;
      }
    }
    i_++;
  }
  return false;
}

bool JsonObjectReader::value(JsonType& type) {
  ws();
  if (i_ >= len_) return false;
  const char c = s_[i_];
  if (c == '"') {
    type = JsonType::String;
    return string_token();
  }
  if (c == '{' || c == '[') {
    // Skip a nested value, tracking depth and strings; its syntax is checked only loosely, which
    // is enough because every nested value is refused by the callers anyway.
    type = c == '{' ? JsonType::Object : JsonType::Array;
    int depth = 0;
    while (i_ < len_) {
      const char d = s_[i_];
      if (d == '"') {
        if (!string_token()) return false;
        continue;
      }
      if ((d == '{' || d == '[') && ++depth > 32) return false;
      if ((d == '}' || d == ']') && --depth == 0) return ++i_, true;
      i_++;
    }
    return false;
  }
  struct Literal { const char* text; JsonType type; };
  static const Literal kLiterals[] = {{"true", JsonType::True}, {"false", JsonType::False}, {"null", JsonType::Null}};
  for (const Literal& lit : kLiterals) {
    const size_t n = strlen(lit.text);
    if (len_ - i_ >= n && memcmp(s_ + i_, lit.text, n) == 0) {
      type = lit.type;
      i_ += n;
      return true;
    }
  }
  // A number token: its grammar is checked by parse_scaled(); here only its extent.
  const size_t start = i_;
  while (i_ < len_ && strchr("+-0123456789.eE", s_[i_]) && s_[i_] != '\0') i_++;
  type = JsonType::Number;
  return i_ > start;
}

bool JsonObjectReader::next(JsonMember& out) {
  if (done_) return false;
  ws();
  if (!started_) {
    started_ = true;
    if (i_ >= len_ || s_[i_] != '{') return fail();
    is_object_ = true;
    i_++;
    ws();
    if (i_ < len_ && s_[i_] == '}') {
      i_++;
      ws();
      done_ = true;
      return i_ == len_ ? false : fail();
    }
  } else {
    if (i_ < len_ && s_[i_] == '}') {
      i_++;
      ws();
      done_ = true;
      return i_ == len_ ? false : fail();
    }
    if (i_ >= len_ || s_[i_] != ',') return fail();
    i_++;
    ws();
  }
  if (i_ >= len_ || s_[i_] != '"') return fail();
  const size_t key_start = i_ + 1;
  if (!string_token()) return fail();
  out.key = s_ + key_start;
  out.key_len = i_ - 1 - key_start;
  ws();
  if (i_ >= len_ || s_[i_] != ':') return fail();
  i_++;
  ws();
  const size_t value_start = i_;
  if (!value(out.type)) return fail();
  if (out.type == JsonType::String) {
    out.value = s_ + value_start + 1;
    out.value_len = i_ - value_start - 2;
  } else {
    out.value = s_ + value_start;
    out.value_len = i_ - value_start;
  }
  return true;
}

namespace {
// Four hex digits, or -1.
int32_t hex4(const char* h) {
  int32_t v = 0;
  for (int k = 0; k < 4; k++) {
    const char c = h[k];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
}  // namespace

int json_decode_string(const char* raw, size_t raw_len, char* out, size_t cap, size_t* units_out) {
  size_t n = 0;
  size_t units = 0;
  auto put = [&](unsigned char b) {
    if (n + 1 >= cap) return false;
    out[n++] = static_cast<char>(b);
    return true;
  };
  for (size_t i = 0; i < raw_len; i++) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c != '\\') {
      if (c < 0x20 || !put(c)) return -1;
      // A UTF-8 lead byte starts one code point: 4-byte ones are two UTF-16 units.
      if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
      continue;
    }
    if (++i >= raw_len) return -1;
    const char e = raw[i];
    const char* simple = strchr("\"\\/bfnrt", e);
    if (simple && e) {
      static const char kDecoded[] = "\"\\/\b\f\n\r\t";
      if (!put(static_cast<unsigned char>(kDecoded[simple - "\"\\/bfnrt"]))) return -1;
      units++;
      continue;
    }
    if (e != 'u' || i + 4 >= raw_len) return -1;
    int32_t cp = hex4(raw + i + 1);
    if (cp < 0) return -1;
    i += 4;
    units++;
    if (cp >= 0xD800 && cp <= 0xDBFF) {  // high surrogate: a low one must follow
      if (i + 6 >= raw_len || raw[i + 1] != '\\' || raw[i + 2] != 'u') return -1;
      const int32_t low = hex4(raw + i + 3);
      if (low < 0xDC00 || low > 0xDFFF) return -1;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 6;
      units++;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return -1;
    }
    if (cp == 0) return -1;  // an embedded NUL would truncate the C string
    const uint32_t u = static_cast<uint32_t>(cp);
    bool ok;
    if (u < 0x80) {
      ok = put(static_cast<unsigned char>(u));
    } else if (u < 0x800) {
      ok = put(static_cast<unsigned char>(0xC0 | (u >> 6))) && put(static_cast<unsigned char>(0x80 | (u & 0x3F)));
    } else if (u < 0x10000) {
      ok = put(static_cast<unsigned char>(0xE0 | (u >> 12))) && put(static_cast<unsigned char>(0x80 | ((u >> 6) & 0x3F))) &&
           put(static_cast<unsigned char>(0x80 | (u & 0x3F)));
    } else {
      ok = put(static_cast<unsigned char>(0xF0 | (u >> 18))) && put(static_cast<unsigned char>(0x80 | ((u >> 12) & 0x3F))) &&
           put(static_cast<unsigned char>(0x80 | ((u >> 6) & 0x3F))) && put(static_cast<unsigned char>(0x80 | (u & 0x3F)));
    }
    if (!ok) return -1;
  }
  if (cap == 0) return -1;
  out[n] = '\0';
  if (units_out) *units_out = units;
  return static_cast<int>(n);
}

char* json_put_escaped(char* out, const char* end, const char* text) {
  static const char kHex[] = "0123456789abcdef";
  for (; out && *text; text++) {
    const unsigned char c = static_cast<unsigned char>(*text);
    if (c == '"' || c == '\\') {
      if (end - out < 2) return nullptr;
      *out++ = '\\';
      *out++ = static_cast<char>(c);
    } else if (c < 0x20) {
      if (end - out < 6) return nullptr;
      const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      for (char e : esc) *out++ = e;
    } else {
      if (out >= end) return nullptr;
      *out++ = static_cast<char>(c);
    }
  }
  return out;
}
