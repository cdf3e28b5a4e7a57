// Host shim: <sys/time.h> with gettimeofday() answering the twin's virtual clock. Before
// configTime() has synced (Wi-Fi up), it says 1970 plus the uptime, as the ESP32's RTC does.
#pragma once
#include_next <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif
int host_gettimeofday(struct timeval* tv, void* tz);
#ifdef __cplusplus
}
#endif
#define gettimeofday(tv, tz) host_gettimeofday((tv), (tz))
