// The OpenMP team size for one scope: oneDNN primitives created and run inside it use `threads` threads
// (oneDNN reads omp_get_max_threads() when it creates a primitive and when it runs one), and the caller's
// setting comes back when the scope ends, even when the primitive throws.
#pragma once
#include <omp.h>

namespace cges {

class ScopedThreads {
 public:
  explicit ScopedThreads(int threads) : saved_(omp_get_max_threads()) { omp_set_num_threads(threads); }
  ~ScopedThreads() { omp_set_num_threads(saved_); }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  int saved_;
};

}  // namespace cges
