{
  "targets": [
    {
      "target_name": "onednn_kernels",
      "sources": ["native/addon.cc", "native/conv.cc", "native/batchnorm.cc", "native/eltwise.cc", "native/reduce.cc", "native/pool.cc", "native/matmul.cc", "native/optimizer.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions", "-fopenmp"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
