// The built-in MobileNetV2-style network (mobilenet.ts): shapes, seeding, a leak-free CGES step, graph coverage and exact
// compaction of expanded channel 7 of the first block (through its depthwise conv) and 10 of the third.
import { checkBuiltinNet } from './builtin_net_checks.js';

checkBuiltinNet({
  name: 'mobilenet',
  shapes: [
    { inputShape: [28, 28, 1], numClasses: 10, layer: 'conv12', outputShape: [7, 7, 64] },
    { inputShape: [32, 32, 3], numClasses: 100, layer: 'conv12', outputShape: [8, 8, 64] },
  ],
  unread: [{ reader: 'conv3', channels: 64, channel: 7, maker: 'conv2' }, { reader: 'conv7', channels: 96, channel: 10, maker: 'conv6' }],
});
