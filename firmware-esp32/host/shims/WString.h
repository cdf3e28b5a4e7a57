// Host shim: the part of Arduino's String the sketch and the libraries use (heap-backed text).
#pragma once
#include <stddef.h>
#include <string.h>

#include <string>

class String {
 public:
  String(const char* s = "") : s_(s ? s : "") {}
  String(const std::string& s) : s_(s) {}
  String(char c) : s_(1, c) {}
  String(int v) : s_(std::to_string(v)) {}
  String(unsigned int v) : s_(std::to_string(v)) {}
  String(long v) : s_(std::to_string(v)) {}
  String(unsigned long v) : s_(std::to_string(v)) {}
  const char* c_str() const { return s_.c_str(); }
  unsigned int length() const { return static_cast<unsigned int>(s_.size()); }
  bool isEmpty() const { return s_.empty(); }
  char operator[](unsigned int i) const { return i < s_.size() ? s_[i] : '\0'; }
  String& operator+=(const String& o) { s_ += o.s_; return *this; }
  String& operator+=(const char* o) { s_ += o ? o : ""; return *this; }
  String& operator+=(char c) { s_ += c; return *this; }
  bool operator==(const String& o) const { return s_ == o.s_; }
  bool operator==(const char* o) const { return s_ == (o ? o : ""); }
  bool operator!=(const String& o) const { return s_ != o.s_; }
  bool equals(const String& o) const { return s_ == o.s_; }
  int indexOf(char c) const { const size_t i = s_.find(c); return i == std::string::npos ? -1 : static_cast<int>(i); }
  String substring(unsigned int from) const { return from < s_.size() ? String(s_.substr(from)) : String(); }
  String substring(unsigned int from, unsigned int to) const { return from < to && from < s_.size() ? String(s_.substr(from, to - from)) : String(); }
  long toInt() const { return strtol(s_.c_str(), nullptr, 10); }
  void trim();
  void toCharArray(char* buf, unsigned int size) const {
    if (!size) return;
    strncpy(buf, s_.c_str(), size - 1);
    buf[size - 1] = '\0';
  }
  friend String operator+(const String& a, const String& b) { return String(a.s_ + b.s_); }
  friend String operator+(const String& a, const char* b) { return String(a.s_ + (b ? b : "")); }

 private:
  std::string s_;
};
