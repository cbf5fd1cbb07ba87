{
  "targets": [
    {
      "target_name": "onednn_conv",
      "sources": ["native/onednn_conv.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-ldnnl"]
    }
  ]
}
