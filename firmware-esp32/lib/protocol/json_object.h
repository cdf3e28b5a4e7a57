// A strict, allocation-free reader for one flat JSON object: the shape of every payload the ESP32
// receives or checks (UART lines, acks, relay commands). Nested values are validated and skipped,
// so `{"data":{...}}` is still recognised as a key `data`. Anything that is not RFC 8259 JSON
// (NaN, trailing commas, single quotes, trailing garbage) is an error.
#pragma once
#include <stddef.h>

enum class JsonType { Number, String, True, False, Null, Object, Array };

struct JsonMember {
  const char* key;    // raw, without quotes (escapes left as is)
  size_t key_len;
  JsonType type;
  const char* value;  // Number: the token; String: the raw text between the quotes; else the token
  size_t value_len;

  bool key_is(const char* name) const;
};

class JsonObjectReader {
 public:
  JsonObjectReader(const char* text, size_t len);

  // True if the text is an object at all (checked lazily by the first next()).
  bool is_object() const { return is_object_; }
  // Next member; false at the end or on a syntax error (then error() is true).
  bool next(JsonMember& out);
  bool error() const { return error_; }

 private:
  void ws();
  bool value(JsonType& type);
  bool string_token();
  bool fail();

  const char* s_;
  size_t len_;
  size_t i_ = 0;
  bool started_ = false;
  bool done_ = false;
  bool error_ = false;
  bool is_object_ = false;
};

// Decodes a JSON string body (escapes, \uXXXX with surrogate pairs, to UTF-8) into out (NUL-ended).
// Returns the byte length, or -1 if invalid or longer than cap - 1. units_out: UTF-16 code units,
// the length JavaScript sees, so limits match the TypeScript contract.
int json_decode_string(const char* raw, size_t raw_len, char* out, size_t cap, size_t* units_out = nullptr);

// Writes text as a JSON string body (escaping " \ and control characters). Returns end or nullptr.
char* json_put_escaped(char* out, const char* end, const char* text);
