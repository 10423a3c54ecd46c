import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cges } from './cli_process.js';

const TINY = ['--model', 'lenet-300-100', '--iterations', '20', '--train-size', '500', '--test-size', '200'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-cli-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('a tiny training run writes metrics.jsonl, the model and summary.json, and eval reads it back', async () => {
  const out = join(tmp, 'run');
  const every = ['--display-every', '10', '--test-every', '10'];
  const run = await cges(['train', ...TINY, '--preset', 'original', '--reg', 'cges', '--lambda', '1e-3', ...every, '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const number = String.raw`[\d.]+`;
  assert.match(run.stdout, new RegExp(`step 10, lr 0\\.05000, training accuracy ${number}, loss ${number}, ` +
    `zeros fc1 ${number} fc2 ${number} fc3 ${number}, using param ${number}`));
  assert.match(run.stdout, /step 20: test accuracy [\d.]+, FLOP [\d.]+ \(original formula\), MACs [\d.]+ of dense/);
  assert.match(run.stdout, /compacted MACs [\d.]+ params [\d.]+/);
  assert.match(run.stdout, /│ fc1 +│ 784x300 +│/);

  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  for (const key of ['testAccuracy', 'usingParam', 'flopOriginal', 'samplesPerSecond']) {
    assert.ok(typeof summary[key] === 'number' && Number.isFinite(summary[key]), key);
  }
  assert.equal(summary.iterations, 20);
  assert.equal(typeof summary.backend, 'string');
  assert.equal(summary.macs.dense, 784 * 300 + 300 * 100 + 100 * 10);
  type Layer = { name: string; shape: number[]; sparsity: number; totalUnits: number; totalGroups: number };
  const layers: Layer[] = summary.layers;
  assert.deepEqual(layers.map((l) => [l.name, l.shape, l.totalUnits, l.totalGroups]),
    [['fc1', [784, 300], 300, 784], ['fc2', [300, 100], 100, 300], ['fc3', [100, 10], 10, 100]]);
  const zeros = layers.reduce((sum, l) => sum + l.sparsity * l.shape[0] * l.shape[1], 0);
  assert.ok(Math.abs(summary.usingParam - (1 - zeros / summary.macs.dense)) < 1e-9);

  const events = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(events.map((e) => `${e.event}@${e.step}`), ['display@10', 'test@10', 'display@20', 'test@20']);
  assert.equal(events[3].testAccuracy, summary.testAccuracy);
  assert.ok(existsSync(join(out, 'model', 'model.json')) && existsSync(join(out, 'model', 'weights.bin')));

  const evaluated = await cges(['eval', out, '--test-size', '200', '--json', '--backend', summary.backend]);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const result = JSON.parse(evaluated.stdout);
  assert.equal(result.testAccuracy, summary.testAccuracy);
  assert.equal(result.usingParam, summary.usingParam);
});

test('eval counts zero groups by the run\'s own grouping unless --grouping says otherwise', async () => {
  const out = join(tmp, 'output-grouping');
  const run = await cges(['train', ...TINY, '--iterations', '2', '--grouping', 'output', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const groupsOf = async (args: string[]) => {
    const evaluated = await cges(['eval', out, '--test-size', '10', '--json', ...args]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const result = JSON.parse(evaluated.stdout);
    return [result.grouping, ...result.layers.map((layer: { totalGroups: number }) => layer.totalGroups)];
  };
  assert.deepEqual(await groupsOf([]), ['output', 300, 100, 10]);
  assert.deepEqual(await groupsOf(['--grouping', 'input']), ['input', 784, 300, 100]);
  const bad = await cges(['eval', out, '--grouping', 'rows']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^cges: --grouping must be one of input, output, got "rows"\n$/);
});

test('without --out a run goes to a new runs/<model>-<reg>-<timestamp> folder; --report adds its page', async () => {
  const cwd = join(tmp, 'cwd');
  mkdirSync(cwd);
  const run = await cges(['train', ...TINY, '--iterations', '2', '--reg', 'l2', '--report'], cwd);
  assert.equal(run.code, 0, run.stderr);
  const runs = readdirSync(join(cwd, 'runs'));
  assert.equal(runs.length, 1);
  assert.match(runs[0], /^lenet-300-100-l2-\d{8}-\d{6}$/);
  assert.ok(existsSync(join(cwd, 'runs', runs[0], 'summary.json')));
  const page = readFileSync(join(cwd, 'runs', runs[0], 'report.html'), 'utf8');
  assert.ok(page.includes(runs[0]) && page.includes('<svg'), '--report writes the run\'s page with its charts');
});

test('bad input exits 2 with one line naming the fault, and writes nothing', async () => {
  const badData = join(tmp, 'bad-data');
  mkdirSync(badData);
  for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    writeFileSync(join(badData, name), Buffer.from([0, 0, 8]));
  }
  const cases: [string[], RegExp][] = [
    [['--model', 'alexnet'], /--model must be one of .*vgg, or a TF.js model's folder or model.json; "alexnet" is neither/],
    [['--reg', 'dropout'], /--reg must be one of/],
    [['--lambda', '-1'], /--lambda must be a number >= 0, got "-1"/],
    [['--lambda', 'abc'], /--lambda must be a number >= 0, got "abc"/],
    [['--mu', '1.5'], /--mu must be a number in \[0, 1\]/],
    [['--iterations', '0'], /--iterations must be a positive integer/],
    [['--iterations', '2.5'], /--iterations must be a positive integer/],
    [['--grouping', 'rows'], /--grouping must be one of input, output, unit/],
    [['--target-macs', '0'], /--target-macs must be a number in \(0, 1\), got "0"/],
    [['--target-params', '1.5'], /--target-params must be a number in \(0, 1\), got "1.5"/],
    [['--target-macs', '0.2', '--target-params', '1'], /--target-params must be a number in \(0, 1\), got "1"/],
    [['--target-macs', '0.5', '--no-masks'], /--no-masks cannot be given with a cost target/],
    [['--no-masks'], /--no-masks cannot be given with the small preset's cost target \(--target-macs 0.2\)/],
    // lenet-300-100 cannot go below one fc1 and one fc2 unit: 807 of its 266,610 parameters.
    [['--target-params', '0.001'], /target params 0.001 is below the smallest the structure allows, 0.003027 of the dense params/],
    [['--crop-input', '--prune-inputs'], /--crop-input cannot be given with --prune-inputs/],
    [['--model', 'lenet5', '--crop-input'], /--crop-input: the input of model .* does not go through a Flatten straight into a Dense layer/],
    [['--preset', 'original', '--target-macs', '0.2'], /--preset original .* takes no --target-macs/],
    [['--grouping', 'input', '--target-macs', '0.2'], /a cost target needs --grouping unit/],
    [['--finetune', '-1'], /--finetune must be an integer >= 0/],
    [['--preset', 'tiny'], /--preset must be one of small, original/],
    [['--gscale', '1,1'], /gscale must have one entry per regularised layer \(3\)/],
    [['--data', join(tmp, 'nowhere')], /nowhere does not exist/],
    [['--data', badData], /bad-data/],
    [['--train-size', '70000'], /70000/],
    [['--backend', 'gpu'], /unknown backend "gpu"/],
    [['--bogus'], /unknown option '--bogus'/],
  ];
  const runs = await Promise.all(cases.map(([args], k) => cges(['train', ...TINY, ...args, '--out', join(tmp, `bad-${k}`)])));
  runs.forEach((run, k) => {
    const [args, pattern] = cases[k];
    assert.equal(run.code, 2, `${args.join(' ')}: exit ${run.code}, ${run.stderr}`);
    const lines = run.stderr.trim().split('\n').filter((line) => !line.includes('slower wasm backend'));
    assert.equal(lines.length, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.match(lines[0], /^cges: /);
    assert.match(lines[0], pattern, args.join(' '));
    assert.ok(!existsSync(join(tmp, `bad-${k}`)), `${args.join(' ')} created its --out folder`);
  });
});

test('an --out that cannot be written is one line before any training, not a stack or a mkdir loop', async () => {
  const file = join(tmp, 'a-file');
  writeFileSync(file, 'not a folder');
  const cases: [string, RegExp][] = [
    [join(file, 'sub'), /^cges: --out .*a-file\/sub cannot be created: .*a-file is not a directory$/],
    [join(file, 'sub', 'deeper'), /^cges: --out .*deeper cannot be created: .*a-file is not a directory$/],
  ];
  // A virtual file system where mkdir answers ENOENT under an existing parent (Node's recursive mkdir spun on it).
  if (existsSync('/proc/self')) cases.push(['/proc/cges-run', /^cges: --out \/proc\/cges-run cannot be written: the folder \/proc\/cges-run could not be created \(ENOENT\)$/]);
  for (const [out, pattern] of cases) {
    const started = Date.now();
    const run = await cges(['train', ...TINY, '--out', out]);
    assert.equal(run.code, 2, `${out}: ${run.stderr}`);
    assert.match(run.stderr.trim(), pattern);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.doesNotMatch(run.stdout, /cges train:/, 'no training started');
    assert.ok(Date.now() - started < 20_000, `${out} took ${Date.now() - started} ms`);
  }
  assert.equal(readFileSync(file, 'utf8'), 'not a folder');
});

test('a previous run is not overwritten without --force', async () => {
  const out = join(tmp, 'previous');
  mkdirSync(out);
  writeFileSync(join(out, 'summary.json'), '{"mine": true}');
  const run = await cges(['train', ...TINY, '--out', out]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /already holds a previous run \(summary\.json\); pass --force/);
  assert.equal(readFileSync(join(out, 'summary.json'), 'utf8'), '{"mine": true}');
  const missing = await cges(['eval', join(tmp, 'no-model')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^cges: .*no-model/m);
});

test('the small preset trains to its MACs target, fine-tunes, and compaction proves and agrees', async () => {
  const out = join(tmp, 'small');
  const run = await cges(['train', ...TINY, '--iterations', '60', '--target-macs', '0.2', '--target-params', '0.3', '--compact', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.preset, 'small');
  assert.equal(summary.config.grouping, 'unit');
  assert.deepEqual([summary.target.macs, summary.target.params], [0.2, 0.3]);
  assert.ok(summary.compacted.macsFraction <= 0.2 && summary.compacted.paramsFraction <= 0.3, JSON.stringify(summary.compacted));
  assert.ok(summary.finetune.startStep !== null && summary.finetune.steps >= 15, JSON.stringify(summary.finetune));
  const compact = JSON.parse(readFileSync(join(out, 'compact', 'compact.json'), 'utf8'));
  assert.equal(compact.macsAfter, summary.compacted.macs);
  assert.equal(compact.paramsAfter, summary.compacted.params);
  assert.match(run.stdout, /target MACs 20\.0%, params 30\.0% reached at step \d+/);
});
