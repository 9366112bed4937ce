// The boolean engine's native loops (booleans.c), registered on the addon's exports.
#include <node_api.h>
void register_booleans(napi_env env, napi_value exports);
