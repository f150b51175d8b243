#ifndef PARAMLINT_CJANSSON_SHIM_H
#define PARAMLINT_CJANSSON_SHIM_H
#include <jansson.h>

/* jansson exposes type tests and reference counting as function-like macros,
   which Swift cannot import; these wrappers make them callable. */
static inline json_type pl_json_typeof(const json_t *json) { return json_typeof(json); }
static inline void pl_json_decref(json_t *json) { json_decref(json); }
static inline json_t *pl_json_incref(json_t *json) { return json_incref(json); }
static inline int pl_json_error_code(const json_error_t *e) { return (int)json_error_code(e); }

#endif
