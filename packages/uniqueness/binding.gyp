{
  "targets": [
    {
      "target_name": "pop_dots",
      "sources": ["native/dots.c", "native/booleans.c"],
      "cflags": ["-O3", "-std=c11"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
