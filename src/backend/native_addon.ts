// The one typed view of the oneDNN addon (native/): built here by `npm ci` when libdnnl-dev is installed, or
// prebuilt in the published package (prebuilds/, linked against Debian's libdnnl).
// Every native entry point is declared here; the C++ side checks its arguments and throws TypeError.
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { packageRoot } from '../util/package_root.js';
import { describeAddonProblem, type AddonProblem, type PackagePlace } from './native_addon_problem.js';

/** The activations the fused native kernels apply (TF.js names; prelu stays on the cpu kernels). */
export type NativeActivation = 'linear' | 'relu' | 'relu6' | 'leakyrelu' | 'elu' | 'sigmoid';

/** The activations a batch normalisation's output may apply (a relu or relu6 reading it joins it). */
export type NormaliseActivation = 'linear' | 'relu' | 'relu6';

export interface NativeAddon {
  /**
   * out = op(a) op(b) per batch; shape = [batchA, batchB, m, k, n], a batch of 1 broadcasts. a is
   * [batchA, m, k] ([batchA, k, m] when transposeA), b is [batchB, k, n] ([batchB, n, k] when transposeB),
   * out is [max(batchA, batchB), m, n] (native/batch_mat_mul.cc).
   */
  /** The address of the array's first element modulo 64. */
  byteMisalignment(array: Float32Array): number;
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, shape: number[], transposeA: boolean,
    transposeB: boolean): void;
  /** batchMatMul, then + bias [n] (if not null), then the activation (alpha: leakyrelu's slope). */
  fusedMatMul(a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array, shape: number[],
    transposeA: boolean, transposeB: boolean, activation: NativeActivation, alpha: number): void;
  /**
   * NHWC x [n, inH, inW, inC] * HWIO filter [fH, fW, inC, outC] -> NHWC y [n, outH, outW, outC]. geometry:
   * [n, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilationH, dilationW, padTop, padLeft,
   * padBottom, padRight] (native/conv_geometry.h).
   */
  conv2d(x: Float32Array, filter: Float32Array, y: Float32Array, geometry: number[]): void;
  /** conv2d, then + bias [outC] (if not null), then the activation (alpha: leakyrelu's slope). */
  fusedConv2d(x: Float32Array, filter: Float32Array, bias: Float32Array | null, y: Float32Array,
    geometry: number[], activation: NativeActivation, alpha: number): void;
  /** The gradient of conv2d with respect to x: dy [n, outH, outW, outC] -> dx [n, inH, inW, inC]. */
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: number[]): void;
  /** The gradient of conv2d with respect to the filter: dw [fH, fW, inC, outC]. */
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: number[]): void;
  /** Sets the OpenMP thread count used by every oneDNN primitive and native kernel. */
  setThreads(threads: number): void;
  getThreads(): number;
  /** oneDNN's version, e.g. "2.6.3". */
  version(): string;
  /**
   * The keys of the primitives the kernels keep cached, each ending in "@<threads>t", the team it was built
   * for (native/primitive_cache.h).
   */
  primitiveCacheKeys(): string[];
  /**
   * Throws a C++ exception of `kind` through the addon's error boundary (native/addon.cc), which turns it
   * into a JS Error naming this entry point; for the boundary's tests.
   */
  throwNativeError(kind: 'onednn' | 'alloc' | 'std' | 'other'): never;
  /**
   * The fused CGES prox map on values viewed as [rows, cols]; groups are rows when rowGroups, else columns.
   * Writes into out, which may be values itself (native/cges_prox.cc).
   */
  cgesProx(values: Float32Array, rows: number, cols: number, group: number, exclusive: number, l1: number,
    rowGroups: boolean, exact: boolean, out: Float32Array): void;
  /**
   * Pooling over NHWC x [n, inH, inW, c] into y [n, outH, outW, c]; geometry is a conv geometry with
   * outC == c and dilations 1 (src/backend/kernels/pool_geometry.ts). Average pooling divides by the window
   * cells inside x (native/pooling.h).
   */
  maxPool(x: Float32Array, y: Float32Array, geometry: number[]): void;
  avgPool(x: Float32Array, y: Float32Array, geometry: number[]): void;
  /**
   * dx = the gradient of maxPool(x) applied to dy; with `sums` ([C]), x is a relu's output and dx is also
   * taken through the relu's gradient (times step(x)) and summed per channel into `sums`.
   */
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, geometry: number[], sums?: Float32Array): void;
  /** TF.js's AvgPoolGrad: each dy cell divided by the whole window, added to its cells inside dx (native/pooling.h). */
  avgPoolGrad(dy: Float32Array, dx: Float32Array, geometry: number[]): void;
  /**
   * out = a + b, the shorter input repeating over the longer, each element covering `inner` outputs
   * (native/elementwise.h).
   */
  add(a: Float32Array, b: Float32Array, out: Float32Array, inner: number): void;
  /** out = a - b, the shorter input repeating over the longer in blocks of `inner`. */
  sub(a: Float32Array, b: Float32Array, out: Float32Array, inner: number): void;
  /** out = a * b, the shorter input repeating over the longer in blocks of `inner`. */
  multiply(a: Float32Array, b: Float32Array, out: Float32Array, inner: number): void;
  /** out = a / b, the shorter input repeating over the longer in blocks of `inner`. */
  realDiv(a: Float32Array, b: Float32Array, out: Float32Array, inner: number): void;
  /** out = max(0, x), NaN kept. */
  relu(x: Float32Array, out: Float32Array): void;
  /** out = x > 0 ? 1 : alpha, NaN kept. */
  step(x: Float32Array, alpha: number, out: Float32Array): void;
  /**
   * out = dy * step(x): the relu's gradient, equal to TF.js's mul(dy, step(x)); with `channels`, also the
   * per-channel sums of out (its rows of `channels` values) into `sums`.
   */
  reluGrad(dy: Float32Array, x: Float32Array, out: Float32Array, channels?: number, sums?: Float32Array): void;
  /**
   * The mean softmax cross-entropy of [rows, classes] logits against labels into loss[0], and its gradients
   * for a loss gradient of 1 (native/softmax_cross_entropy.cc).
   */
  softmaxCrossEntropy(labels: Float32Array, logits: Float32Array, rows: number, classes: number,
    loss: Float32Array, dLogits: Float32Array, dLabels: Float32Array): void;
  /** out = -x. */
  neg(x: Float32Array, out: Float32Array): void;
  /** out = floor(x). */
  floor(x: Float32Array, out: Float32Array): void;
  /** out = e^x. */
  exp(x: Float32Array, out: Float32Array): void;
  /** out = ln(x): -Infinity at 0, NaN below. */
  log(x: Float32Array, out: Float32Array): void;
  /** Plain SGD in place: w = w + (-eta) * g in float32, as TF.js's add(mul(-eta, g), w) rounds it. */
  sgdUpdate(w: Float32Array, g: Float32Array, eta: number): void;
  /**
   * TF.js DepthwiseConv2dNative: NHWC x [n, inH, inW, inC] with filter [fH, fW, inC, m] -> NHWC y
   * [n, outH, outW, inC * m]; geometry as conv2d's with outC = inC * m (native/conv_geometry.h).
   */
  depthwiseConv2dNative(x: Float32Array, filter: Float32Array, y: Float32Array, geometry: number[]): void;
  /** The gradient of depthwiseConv2dNative with respect to x: dy -> dx [n, inH, inW, inC]. */
  depthwiseConv2dNativeBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array,
    geometry: number[]): void;
  /** The gradient of depthwiseConv2dNative with respect to the filter: dw [fH, fW, inC, m]. */
  depthwiseConv2dNativeBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: number[]): void;
  /** out = min(max(x, 0), 6), NaN kept. */
  relu6(x: Float32Array, out: Float32Array): void;
  /** out = dy * (1 on (0, 6], NaN at NaN, else 0): TF.js's relu6 gradient. */
  relu6Grad(dy: Float32Array, x: Float32Array, out: Float32Array): void;
  /** out = x > max ? max : (x < min ? min : x), NaN kept. */
  clipByValue(x: Float32Array, min: number, max: number, out: Float32Array): void;
  /** out = min <= x <= max ? dy : 0: TF.js's clipByValue gradient. */
  clipByValueGrad(dy: Float32Array, x: Float32Array, min: number, max: number, out: Float32Array): void;
  /** out = x * x. */
  square(x: Float32Array, out: Float32Array): void;
  /** out = dy * (x * 2): TF.js's square gradient. */
  squareGrad(dy: Float32Array, x: Float32Array, out: Float32Array): void;
  /** out viewed as [outer, mid, inner], dy as [outer, inner]: out[o, m, i] = dy[o, i] / count (a Mean's gradient). */
  meanGrad(dy: Float32Array, out: Float32Array, outer: number, mid: number, inner: number, count: number): void;
  /**
   * out = act(offset + (x - mean) * scale / sqrt(variance + epsilon)) per channel (x's last axis, of mean's
   * length); offset and scale may be null (0 and 1).
   */
  fusedBatchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null,
    scale: Float32Array | null, out: Float32Array, epsilon: number, activation: NormaliseActivation): void;
  /**
   * The statistics of batch normalisation in training mode over x's rows (its last axis is the channel, of
   * mean's length): writes mean and variance (biased).
   */
  batchNormTraining(x: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /**
   * batchNormTraining's gradient: dx (x's length), dscale and doffset ([C]) from dy and the forward's x,
   * mean and variance; scale, offset, dmean and dvariance may be null (1, 0, 0 and 0). With an activation
   * other than linear, dy is the gradient of that activation of the normalised output, whose mask is taken
   * of the normalised values recomputed from x.
   */
  batchNormTrainingGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array,
    scale: Float32Array | null, offset: Float32Array | null, dmean: Float32Array | null,
    dvariance: Float32Array | null, dx: Float32Array, dscale: Float32Array, doffset: Float32Array, epsilon: number,
    activation: NormaliseActivation): void;
  /**
   * out = dy * relu6's gradient mask of v = offset + (x - mean) * scale / sqrt(variance + epsilon), v
   * recomputed per element as fusedBatchNorm writes it; offset and scale may be null (0 and 1).
   */
  normalisedRelu6Grad(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array,
    offset: Float32Array | null, scale: Float32Array | null, out: Float32Array, epsilon: number): void;
  /** out[c] = the sum over rows of dy[r, c] * (x[r, c] - mean[c]), in float64. */
  centeredChannelSum(dy: Float32Array, x: Float32Array, mean: Float32Array, out: Float32Array): void;
  /** x viewed as [outer, mid, inner]: out[o, i] = sum over m of x[o, m, i], summed in float64. */
  sum(x: Float32Array, out: Float32Array, outer: number, mid: number, inner: number): void;
}

// node-gyp-build's loader (CommonJS, untyped): the package's build/Release, else build/Debug, else the
// prebuild in prebuilds/<platform>-<arch>/ whose tags (napi, glibc) fit this Node; it throws when none does.
const nodeGypBuild: { path(root: string): string } = createRequire(import.meta.url)('node-gyp-build');

let cached: NativeAddon | null | undefined;
let problem: AddonProblem | undefined;

/**
 * The addon file this package loads: build/Release when it was built here (`npm run build:native`), else the
 * prebuilt one shipped for this platform; null when there is neither.
 */
export function nativeAddonPath(): string | null {
  try {
    return nodeGypBuild.path(packageRoot());
  } catch {
    return null;
  }
}

/** A clone of the repository, or a package installed under node_modules/ (the fix commands differ). */
export function packagePlace(): PackagePlace {
  return packageRoot().split(sep).includes('node_modules') ? 'installed' : 'clone';
}

/** The addon, or null when there is none for this platform or it cannot load (libdnnl missing). */
export function loadNativeAddon(): NativeAddon | null {
  if (cached !== undefined) return cached;
  const path = nativeAddonPath();
  cached = null;
  if (path === null) {
    problem = { kind: 'missing', platform: `${process.platform}-${process.arch}` };
    return cached;
  }
  try {
    cached = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (error) {
    problem = { kind: 'load-failed', file: relative(packageRoot(), path), error: firstLine(error) };
  }
  return cached;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Why loadNativeAddon() returned null, with the commands that fix it, for a one-line notice. */
export function nativeAddonProblem(): string | undefined {
  return problem === undefined ? undefined : describeAddonProblem(problem, packagePlace());
}
