// The human-readable log lines of a training run, after the original code's prints:
//   step 100, lr 0.05, training accuracy 0.93, loss 0.2213, zeros conv1 0.012 conv2 0.301 ..., using param 0.2101
//   step 1000: test accuracy 0.9812, FLOP 0.3345 (original formula), MACs 0.2874 of dense (3.05M / 10.6M)
import type { DisplayEvent, TestEvent } from '../train/trainer.js';

function millions(count: number): string {
  return `${(count / 1e6).toFixed(2)}M`;
}

export function displayLine(event: DisplayEvent): string {
  const zeros = event.layers.map((layer) => `${layer.name} ${layer.sparsity.toFixed(3)}`).join(' ');
  return `step ${event.step}, lr ${event.lr.toPrecision(4)}, training accuracy ${event.trainAccuracy.toFixed(2)}, ` +
    `loss ${event.loss.toFixed(4)}, zeros ${zeros}, using param ${event.usingParam.toFixed(4)}`;
}

export function testLine(event: TestEvent): string {
  const { macs } = event;
  return `step ${event.step}: test accuracy ${event.testAccuracy.toFixed(4)}, ` +
    `FLOP ${event.flopSeed.toFixed(4)} (original formula), ` +
    `MACs ${macs.fraction.toFixed(4)} of dense (${millions(macs.nonzero)} / ${millions(macs.dense)})`;
}
