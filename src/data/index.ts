// Data: MNIST from IDX files. Imports nothing of ours but src/util.
export { readIdx, readIdxHeader, type IdxFile, type IdxHeader } from './idx.js';
export {
  checkMnistDir, defaultMnistDir, IMAGE_PIXELS, IMAGE_SIZE, loadMnist, NUM_CLASSES,
  type MnistDirInfo, type MnistOptions, type Split,
} from './mnist.js';
