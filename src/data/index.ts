// Data: labelled data sets from IDX, CIFAR binary, NumPy, image folders and CSV; MNIST as before.
// Imports nothing of ours but src/util.
export { readIdx, readIdxHeader, parseIdx, type IdxFile, type IdxHeader } from './idx.js';
export {
  checkMnistDir, defaultMnistDir, IMAGE_PIXELS, IMAGE_SIZE, loadMnist, NUM_CLASSES,
  type MnistDirInfo, type MnistOptions, type Split,
} from './mnist.js';
export {
  DATA_FORMATS, type DataFormat, type Dataset, type DataSplit, type Labels, type LoadOptions,
} from './dataset.js';
export { detectFormat, FORMAT_LAYOUTS, type DetectedData } from './detect.js';
export { loadDataset } from './load_dataset.js';
export { parseNpy, readNpy, type NpyArray, type NpyDtype } from './npy.js';
export { channelStatistics, type ChannelStatistics } from './channel_statistics.js';
export {
  exampleRange, gatherSplit, holdOutValidation, joinSplits, type ValidationAmount,
} from './validation.js';
