// Host shim of ESP-IDF 5's esp_system.h. As on core 3.x, esp_random() is not declared here: it
// needs <esp_random.h>.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif
void esp_restart(void) __attribute__((noreturn));
uint32_t esp_get_free_heap_size(void);
uint32_t esp_get_minimum_free_heap_size(void);
#ifdef __cplusplus
}
#endif
