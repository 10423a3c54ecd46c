// Renders a run's results as the tables `npm run bench` prints.
import Table from 'cli-table3';
import { TARGETS, type BenchResults } from './bench_results.js';
import { BENCH_BACKENDS } from './bench_options.js';
import { PROBE_BATCH_SIZE, type ThroughputResult } from './training_throughput.js';
import { BATCH_SIZE } from './training_workload.js';

const PLAIN = { style: { head: [], border: [] } };

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

function percent(share: number | undefined): string {
  return share === undefined ? '-' : `${(share * 100).toFixed(1)}%`;
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

function samplesCell(result: ThroughputResult | undefined): string {
  if (result === undefined) return '-';
  return `${result.samplesPerS.toFixed(1)}${result.batchSize === BATCH_SIZE ? '' : '*'}`;
}

export function throughputTable(results: BenchResults): string {
  const pytorch = results.pytorch?.available ? results.pytorch.networks : undefined;
  const table = new Table({
    ...PLAIN,
    head: ['network', ...BENCH_BACKENDS.map((b) => `${b} samples/s`), 'PyTorch samples/s', 'onednn / PyTorch',
      'prox share onednn', 'prox share PyTorch'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  const networks = [...new Set(results.throughput.map((r) => r.network))];
  for (const network of networks) {
    const of = (backend: string) => results.throughput.find((r) => r.network === network && r.backend === backend);
    const onednn = of('onednn');
    const torch = pytorch?.[network];
    const ratio = onednn !== undefined && torch !== undefined ? onednn.samplesPerS / torch.samples_per_s : undefined;
    const ratioCell = ratio === undefined ? '-' : `${ratio.toFixed(2)}x ${verdict(ratio >= TARGETS.minRatioToPytorch)}`;
    const proxTarget = network === TARGETS.proxShareNetwork && onednn?.proxShare !== undefined
      ? ` ${verdict(onednn.proxShare <= TARGETS.maxProxShare)}` : '';
    table.push([
      network,
      ...BENCH_BACKENDS.map((backend) => samplesCell(of(backend))),
      fixed(torch?.samples_per_s, 1),
      ratioCell,
      percent(onednn?.proxShare) + proxTarget,
      percent(torch?.prox_share),
    ]);
  }
  const probed = results.throughput.some((r) => r.batchSize !== BATCH_SIZE);
  const footnote = `* timed at a batch of ${PROBE_BATCH_SIZE}, as a step of ${BATCH_SIZE} would take too long here; ` +
    'this undercounts where the per-step weight update and prox weigh much';
  return probed ? `${table.toString()}\n${footnote}` : table.toString();
}

export function anyModelTable(results: BenchResults): string {
  const table = new Table({
    ...PLAIN,
    head: ['network (batch 100, onednn)', 'samples/s', 'without layer kernels', 'speed-up', 'PyTorch samples/s',
      'onednn / PyTorch', 'rounds'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of results.anyModel ?? []) {
    const ratio = r.overPytorch === undefined ? '-'
      : `${r.overPytorch.toFixed(2)}x ${verdict(r.overPytorch >= TARGETS.minAnyModelRatioToPytorch)}`;
    table.push([r.network, fixed(r.withKernels, 1), fixed(r.withoutKernels, 1),
      r.speedup === undefined ? '-' : `${r.speedup.toFixed(2)}x`,
      fixed(r.pytorch, 1), ratio, String(r.rounds.length)]);
  }
  return `${table.toString()}\nmedians over alternating rounds (PyTorch, then onednn with and without the layer ` +
    'kernels); the ratios are medians of the per-round ratios';
}

export function kernelTable(results: BenchResults): string {
  const table = new Table({
    ...PLAIN,
    head: ['seed-mnist kernel (batch 100)', 'GFLOP', 'TF.js op ms', 'TF.js op GFLOPS', 'addon ms', 'addon GFLOPS',
      'op / addon'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const k of results.kernels ?? []) {
    table.push([k.kernel, fixed(k.flops / 1e9, 3), fixed(k.tfjsMs, 2), fixed(k.tfjsGflops, 1), fixed(k.directMs, 2),
      fixed(k.directGflops, 1), fixed(k.ratio, 2)]);
  }
  const floor = kernelFloorLine(results);
  return floor === undefined ? table.toString() : `${table.toString()}\n${floor}`;
}

// The first layer's input gradient: listed in the kernel table, never computed by a training step.
const NOT_IN_THE_STEP = new Set(['conv1 backprop-input']);

/** The seed-mnist step on onednn against the sum of its kernels' addon times. */
function kernelFloorLine(results: BenchResults): string | undefined {
  const step = results.throughput.find((t) => t.network === 'seed-mnist' && t.backend === 'onednn');
  const kernels = (results.kernels ?? []).filter((k) => !NOT_IN_THE_STEP.has(k.kernel));
  if (step === undefined || kernels.length === 0) return undefined;
  const floorMs = kernels.reduce((sum, k) => sum + k.directMs, 0);
  const ratio = step.stepMs / floorMs;
  const target = TARGETS.maxStepOverKernels;
  return `seed-mnist step on onednn: ${fixed(step.stepMs, 1)} ms = ${fixed(ratio, 2)}x the sum of its kernels' ` +
    `addon times (${fixed(floorMs, 1)} ms; target <= ${target}x: ${verdict(ratio <= target)})`;
}

export function leakTable(results: BenchResults): string {
  const leak = results.leakCheck;
  if (leak === undefined) return '';
  const rssGrowth = leak.rssAfterMb - leak.rssBeforeMb;
  const table = new Table({
    ...PLAIN,
    head: ['leak check', 'steps', 'tensors before', 'tensors after', 'RSS before MB', 'RSS after MB', 'RSS trail MB'],
  });
  table.push([
    `${leak.network} on ${leak.backend}`, leak.steps, leak.tensorsBefore,
    `${leak.tensorsAfter} ${verdict(leak.tensorsAfter === leak.tensorsBefore)}`,
    fixed(leak.rssBeforeMb, 1), `${fixed(leak.rssAfterMb, 1)} (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(1)})`,
    leak.rssTrailMb.map((mb) => mb.toFixed(0)).join(' '),
  ]);
  return table.toString();
}

/** Kernels below this share of the step are summed into one row. */
const PROFILE_MIN_SHARE = 0.005;

export function profileTables(results: BenchResults): string {
  return (results.profiles ?? []).map((profile) => {
    const share = (ms: number) => percent(ms / profile.stepMs);
    const table = new Table({
      ...PLAIN,
      head: [`${profile.network} step on ${profile.backend}: kernel`, 'input shapes', 'calls', 'ms / step', 'share'],
    });
    const shown = profile.ops.filter((op) => op.msPerStep >= PROFILE_MIN_SHARE * profile.stepMs);
    for (const op of shown) {
      table.push([op.kernel, op.shapes, fixed(op.callsPerStep, 0), fixed(op.msPerStep, 2), share(op.msPerStep)]);
    }
    const rest = profile.ops.filter((op) => !shown.includes(op));
    const restMs = rest.reduce((sum, op) => sum + op.msPerStep, 0);
    table.push([`${rest.length} smaller kernels`, '', fixed(rest.reduce((sum, op) => sum + op.callsPerStep, 0), 0),
      fixed(restMs, 2), share(restMs)]);
    table.push(['prox (all kernels)', '', '', fixed(profile.proxMs, 2), share(profile.proxMs)]);
    table.push(['outside kernels (engine, tape, JS, copies)', '', '', fixed(profile.outsideKernelsMs, 2),
      share(profile.outsideKernelsMs)]);
    table.push(['whole step', '', '', fixed(profile.stepMs, 2), '100.0%']);
    return table.toString();
  }).join('\n');
}

export function fitTable(results: BenchResults): string {
  const fit = results.fitVsLoop;
  if (fit === undefined) return '';
  const table = new Table({
    ...PLAIN,
    head: [`${fit.network} CGES step, batch 100 (${fit.rounds} x ${fit.batchesPerRound} batches of ` +
      `${fit.examples.toLocaleString('en-US')} examples)`, 'ms / batch', 'samples/s',
      'vs own loop'],
  });
  const row = (name: string, ms: number) =>
    table.push([name, fixed(ms, 1), fixed((1000 * 100) / ms, 0), `${(ms / fit.loopMs).toFixed(2)}x` +
      (ms === fit.loopMs ? '' : ` ${verdict(ms / fit.loopMs <= TARGETS.maxFitOverLoop)}`)]);
  row('cges own loop (makeTrainStep)', fit.loopMs);
  row('model.fit + CgesCallback, tf.train.sgd', fit.fitMs);
  row('model.fit + CgesCallback, makeOptimizer(\'sgd\')', fit.fitInPlaceMs);
  return table.toString();
}

export function dataShareTable(results: BenchResults): string {
  const share = results.dataShare;
  if (share === undefined) return '';
  const table = new Table({
    ...PLAIN,
    head: [`VGG-style step, batch ${share.batchSize} of 32x32x3 on ${share.backend}`, 'ms', 'share of the step (target <= 5%)'],
  });
  table.push(['training step', fixed(share.stepMs, 1), '']);
  table.push(['drawing the batch', fixed(share.batchMs, 2), percent(share.share)]);
  table.push(['drawing it with --augment', fixed(share.augmentedBatchMs, 2), percent(share.augmentedShare)]);
  return table.toString();
}

export function shrinkTable(results: BenchResults): string {
  const saving = results.shrinkSaving;
  if (saving === undefined) return '';
  const table = new Table({
    ...PLAIN,
    head: [`${saving.network}, ${saving.iterations} steps, 20% MACs and 10% params target`, 'training steps s', 'whole run s',
      'test accuracy', 'compacted MACs', 'shrinks at'],
  });
  for (const run of saving.runs) {
    table.push([
      run.shrink ? 'shrinking while training' : 'masked, full size', fixed(run.trainSeconds, 1), fixed(run.wallSeconds, 1),
      percent(run.testAccuracy), percent(run.compactedMacs), run.shrinkSteps.join(' ') || '-',
    ]);
  }
  table.push(['saving', percent(saving.stepSaving), percent(saving.wallSaving), '', '', '']);
  return table.toString();
}

export function environmentLine(results: BenchResults): string {
  const env = results.environment;
  const torch = results.pytorch?.available ? `PyTorch ${results.pytorch.torch} (${results.pytorch.interpreter})`
    : `PyTorch: ${results.pytorch?.reason ?? 'skipped'}`;
  return [
    `${env.date}  node ${env.node}  ${env.cpus}`,
    `threads ${env.threads}  oneDNN ${env.onednn ?? 'not built'}  ${torch}`,
    `load average at start ${env.loadAverage.toFixed(2)}` +
      (env.loadAverage > env.threads ? ': other work shared the cores, so these numbers are noisy' : ''),
  ].join('\n');
}
