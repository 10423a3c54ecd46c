// The built-in VGG-style network (vgg.ts): shapes, seeding, a leak-free CGES step, graph coverage and exact
// compaction of conv3's channel 2, and conv6's channel 9 through the pooling and the flatten's index map.
import { checkBuiltinNet } from './builtin_net_checks.js';

checkBuiltinNet({
  name: 'vgg',
  shapes: [
    { inputShape: [28, 28, 1], numClasses: 10, layer: 'flatten1', outputShape: [576] },
    { inputShape: [32, 32, 3], numClasses: 100, layer: 'flatten1', outputShape: [1024] },
  ],
  unread: [{ reader: 'conv4', channels: 32, channel: 2, maker: 'conv3' }, { reader: 'dense1', channels: 64, channel: 9, maker: 'conv6' }],
});
