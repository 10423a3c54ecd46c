// The fused CGES proximal step (docs: cges-algorithm.md, "Optimisation: proximal gradient").
// W: [rows, cols] row-major (a TF.js kernel with cols = its last axis). A group is one row (grouping
// 'input') or one column ('output'). Per group g, with thresholds already scaled by eta*lambda*c_l:
//   group:     v = max(0, 1 - group / ||w_g||_2) * w_g          (a zero group stays zero)
//   exclusive: 'original'  tau = exclusive * ||v||_1
//              'exact' tau = t*S_k / (1 + t*k), k the largest with |v|_(k) > t*S_k / (1 + t*k)
//   l1:        soft-threshold by l1 after the exclusive step
// Group prox only scales a group, so ||v||_1 = scale * ||w_g||_1, and two soft-thresholds in a row are one
// with the summed threshold: every group is out = sign(w) * max(0, scale*|w| - (tau + l1)). That needs one
// read for the group's sums and one read-write to apply, each group by one thread. Sums are float64.
#include <omp.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>
#include "element_count.h"
#include "napi_args.h"
#include "registry.h"
#include "thread_stride.h"

namespace {

struct ProxParams {
  double group;
  double exclusive;
  double l1;
  bool exact;
};

// out = scale * w soft-thresholded by `threshold`: the whole prox map of one group.
struct GroupMap {
  double scale;
  double threshold;
};

// Below this many weights a parallel region costs more than it saves; on a shared machine a region waits
// for a descheduled thread, so LeNet-300-100's largest kernel (784 x 300 = 235,200) stays on one thread.
constexpr int64_t kParallelMinimum = 1 << 18;
// Columns per block when groups are columns: 64 floats span four cache lines of each row.
constexpr int64_t kColumnBlock = 64;

double groupScale(double sumSquares, double group) {
  if (group <= 0) return 1.0;
  double norm = std::sqrt(sumSquares);
  // norm <= group also covers norm == 0, so there is no division by a zero norm.
  return norm <= group ? 0.0 : 1.0 - group / norm;
}

// The exact prox threshold of (t/2)*||v||_1^2 from the magnitudes |v| (reordered here). The spec's
// sorted rule, tau = t*S_k / (1 + t*k) for the largest k with |v|_(k) > tau_k, is reached without sorting:
// start with every magnitude active and keep only those above the current tau. Each round's tau is a
// lower bound of the answer that never decreases, so the active set only shrinks, and it stops when no
// magnitude drops out, which is the sorted rule's k (Michelot's scheme for simplex projections).
double exactThreshold(double* magnitudes, int64_t count, double t) {
  int64_t active = count;
  double tau = 0;
  for (;;) {
    double sum = 0;
    for (int64_t i = 0; i < active; ++i) sum += magnitudes[i];
    tau = t * sum / (1.0 + t * static_cast<double>(active));
    int64_t kept = 0;
    for (int64_t i = 0; i < active; ++i) {
      if (magnitudes[i] > tau) magnitudes[kept++] = magnitudes[i];
    }
    if (kept == active || kept == 0) return tau;
    active = kept;
  }
}

// The group's map from its sums; `gather` fills `scratch` (`size` doubles) with the scaled magnitudes when
// the exact form needs them.
template <typename Gather>
GroupMap groupMap(double sumSquares, double sumAbs, const ProxParams& p, double* scratch, int64_t size,
                  Gather gather) {
  double scale = groupScale(sumSquares, p.group);
  double tau = 0;
  if (p.exclusive > 0 && scale > 0) {
    if (p.exact) {
      gather(scale, scratch);
      tau = exactThreshold(scratch, size, p.exclusive);
    } else {
      tau = p.exclusive * scale * sumAbs;
    }
  }
  return {scale, tau + p.l1};
}

// One weight's update, in float32 with the group's scale and threshold rounded to float32: off from the
// float64 result by a few float32 ulps of the weight at most, and branch-free, so it runs four lanes wide
// (a float64 version with a branch ran four times slower). A weight thresholded to zero keeps its sign
// (-0 for a negative one), as sign(w) * max(0, ...) does in TF.js ops.
inline float applyMap(float w, float scale, float threshold) {
  return std::copysign(std::max(std::fabs(w) * scale - threshold, 0.0f), w);
}

// The team for a prox over `size` weights, and each thread's scratch of `perThread` doubles when the exact
// form needs it, allocated before the parallel region: nothing that can throw runs inside one.
struct ProxTeam {
  int threads;
  size_t stride;
  std::vector<double> scratch;

  ProxTeam(int64_t size, const ProxParams& p, int64_t perThread)
      : threads(size >= kParallelMinimum ? omp_get_max_threads() : 1),
        stride(cges::threadStride<double>(static_cast<size_t>(perThread))),
        scratch(p.exact && p.exclusive > 0 ? static_cast<size_t>(threads) * stride : 0) {}

  double* own() { return scratch.empty() ? nullptr : scratch.data() + static_cast<size_t>(omp_get_thread_num()) * stride; }
};

// Groups are rows: each row is contiguous, so its sums and its update stay in L1.
void proxRows(const float* in, float* out, int64_t rows, int64_t cols, const ProxParams& p) {
  ProxTeam team(rows * cols, p, cols);
#pragma omp parallel num_threads(team.threads) if (team.threads > 1)
  {
    double* scratch = team.own();
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      const float* w = in + r * cols;
      double sumSquares = 0, sumAbs = 0;
#pragma omp simd reduction(+ : sumSquares, sumAbs)
      for (int64_t j = 0; j < cols; ++j) {
        double x = w[j];
        sumSquares += x * x;
        sumAbs += std::fabs(x);
      }
      GroupMap map = groupMap(sumSquares, sumAbs, p, scratch, cols, [&](double scale, double* m) {
        for (int64_t j = 0; j < cols; ++j) m[j] = scale * std::fabs(static_cast<double>(w[j]));
      });
      float* o = out + r * cols;
      const float scale = static_cast<float>(map.scale), threshold = static_cast<float>(map.threshold);
#pragma omp simd
      for (int64_t j = 0; j < cols; ++j) o[j] = applyMap(w[j], scale, threshold);
    }
  }
}

// Groups are columns: each thread takes blocks of columns and walks the rows, so reads stay row-contiguous.
void proxColumns(const float* in, float* out, int64_t rows, int64_t cols, const ProxParams& p) {
  int64_t blocks = (cols + kColumnBlock - 1) / kColumnBlock;
  // Per thread: one column's magnitudes, then its block's magnitudes transposed.
  ProxTeam team(rows * cols, p, rows * (1 + kColumnBlock));
#pragma omp parallel num_threads(team.threads) if (team.threads > 1)
  {
    double* scratch = team.own();
    double* blockMagnitudes = scratch == nullptr ? nullptr : scratch + rows;
    double sumSquares[kColumnBlock], sumAbs[kColumnBlock];
    float scales[kColumnBlock], thresholds[kColumnBlock];
#pragma omp for schedule(static)
    for (int64_t b = 0; b < blocks; ++b) {
      int64_t c0 = b * kColumnBlock, width = std::min(kColumnBlock, cols - c0);
      std::fill_n(sumSquares, width, 0.0);
      std::fill_n(sumAbs, width, 0.0);
      for (int64_t r = 0; r < rows; ++r) {
        const float* w = in + r * cols + c0;
#pragma omp simd
        for (int64_t j = 0; j < width; ++j) {
          double x = w[j];
          sumSquares[j] += x * x;
          sumAbs[j] += std::fabs(x);
        }
      }
      if (p.exact && p.exclusive > 0) {
        // The exact form wants each column's magnitudes together: transpose the block once, row by row,
        // rather than walk a column at a time down rows a cache line apart.
        for (int64_t r = 0; r < rows; ++r) {
          const float* w = in + r * cols + c0;
          for (int64_t j = 0; j < width; ++j) blockMagnitudes[j * rows + r] = std::fabs(static_cast<double>(w[j]));
        }
      }
      for (int64_t j = 0; j < width; ++j) {
        GroupMap map = groupMap(sumSquares[j], sumAbs[j], p, scratch, rows, [&](double scale, double* m) {
          for (int64_t r = 0; r < rows; ++r) m[r] = scale * blockMagnitudes[j * rows + r];
        });
        scales[j] = static_cast<float>(map.scale);
        thresholds[j] = static_cast<float>(map.threshold);
      }
      for (int64_t r = 0; r < rows; ++r) {
        const float* w = in + r * cols + c0;
        float* o = out + r * cols + c0;
#pragma omp simd
        for (int64_t j = 0; j < width; ++j) o[j] = applyMap(w[j], scales[j], thresholds[j]);
      }
    }
  }
}

// cgesProx(values, rows, cols, group, exclusive, l1, rowGroups, exact, out): out may be values itself.
Napi::Value CgesProx(const Napi::CallbackInfo& info) {
  const char* fn = "cgesProx";
  cges::expectArgCount(info, fn, 9);
  int64_t rows = cges::intArg(info, 1, fn, "rows", 1);
  int64_t cols = cges::intArg(info, 2, fn, "cols", 1);
  const int64_t size = cges::elementCount(info, fn, "rows * cols", {rows, cols});
  const float* in = cges::floatArrayArg(info, 0, fn, "values", size);
  ProxParams p{cges::nonNegativeArg(info, 3, fn, "group"), cges::nonNegativeArg(info, 4, fn, "exclusive"),
               cges::nonNegativeArg(info, 5, fn, "l1"), cges::boolArg(info, 7, fn, "exact")};
  bool rowGroups = cges::boolArg(info, 6, fn, "rowGroups");
  float* out = cges::floatArrayArg(info, 8, fn, "out", size);
  if (rowGroups) {
    proxRows(in, out, rows, cols, p);
  } else {
    proxColumns(in, out, rows, cols, p);
  }
  return info.Env().Undefined();
}

}  // namespace

CGES_EXPORT(cgesProx, CgesProx);
