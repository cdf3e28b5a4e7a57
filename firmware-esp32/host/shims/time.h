// Host shim: <time.h> with time() answering the twin's virtual clock (see sys/time.h).
#pragma once
#include_next <time.h>

#ifdef __cplusplus
extern "C" {
#endif
time_t host_time(time_t* out);
#ifdef __cplusplus
}
#endif
#define time(out) host_time(out)
