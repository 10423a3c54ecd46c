// Per-thread scratch in one array, laid out so that no two threads write into one cache line. Each
// thread's slice is padded to whole lines with a spare line after it: with slices back to back, two
// threads updating neighbouring slices (a channel's running maximum, a partial sum) keep taking the
// shared line from each other's core, and a kernel ran slower on two threads than on one.
#pragma once
#include <cstddef>

namespace cges {

constexpr std::size_t kCacheLineBytes = 64;

/** The distance, in elements of T, between two threads' slices of `count` elements. */
template <typename T>
constexpr std::size_t threadStride(std::size_t count) {
  constexpr std::size_t perLine = kCacheLineBytes / sizeof(T);
  return (count + perLine - 1) / perLine * perLine + perLine;
}

}  // namespace cges
