// Keeps freed large blocks inside this process's heap instead of returning them to the kernel.
// Every TF.js kernel output is a fresh typed array; activations of a training batch are megabytes,
// which glibc would otherwise map anew for each one and the kernel would page-fault in on first touch.
// Measured on seed-mnist's first conv (10 MB output) that first touch cost ~10x the convolution itself.
// Reusing heap memory costs only the zero-fill. The price is that the process keeps its peak heap.
// Applied once, when the addon loads (i.e. only in processes that use the onednn backend).
#include <malloc.h>

namespace {

struct AllocatorPolicy {
  AllocatorPolicy() {
#ifdef __GLIBC__
    // 32 MB is the largest threshold glibc accepts; fixing it also stops its dynamic adjustment.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
#endif
  }
};

const AllocatorPolicy policy;

}  // namespace
