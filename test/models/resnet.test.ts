// The built-in small ResNet (resnet.ts): shapes, seeding, a leak-free CGES step, graph coverage and exact
// compaction of the first residual block's inner channel 5 and the second block's channel 3.
import { checkBuiltinNet } from './builtin_net_checks.js';

checkBuiltinNet({
  name: 'resnet',
  shapes: [
    { inputShape: [28, 28, 1], numClasses: 10, layer: 'conv7', outputShape: [7, 7, 64] },
    { inputShape: [32, 32, 3], numClasses: 100, layer: 'conv7', outputShape: [8, 8, 64] },
  ],
  unread: [{ reader: 'conv3', channels: 16, channel: 5, maker: 'conv2' }, { reader: 'conv5', channels: 32, channel: 3, maker: 'conv4' }],
});
