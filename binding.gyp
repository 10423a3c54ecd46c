{
  "targets": [
    {
      "target_name": "cges_native",
      "sources": ["<!@(node -p \"require('fs').readdirSync('native').filter(f => f.endsWith('.cc')).map(f => 'native/' + f).join(' ')\")"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")", "native"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      # -fno-trapping-math: nothing here reads floating-point exception flags, and without it GCC will not
      # turn a select between floats into vector blends (it may not speculate a comparison that could
      # trap), which left the relu gradient's loop scalar, branching, and 8x slower than a multiply.
      "cflags_cc": ["-std=c++17", "-O3", "-march=x86-64-v2", "-fno-trapping-math", "-fopenmp", "-fexceptions"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
