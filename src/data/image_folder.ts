// A folder of images, one subfolder per class (classes sorted by name, so class i is the i-th name):
//   DIR/<class>/*.png|jpg|jpeg, with a test split held out per class (see split.ts), or
//   DIR/train/<class>/... and DIR/test/<class>/... (test classes must be training classes too; without
//   test/, the test split is held out of train/).
// Images are decoded with sharp (libvips), alpha dropped, converted to greyscale or sRGB, resized
// (stretched, fit 'fill') to one size when they differ from it, and scaled to [0, 1], channels last.
import { join } from 'node:path';
import sharp from 'sharp';
import { CgesError } from '../util/errors.js';
import { dataError, isDirectory, listDir, oneLine } from './data_files.js';
import { type LoadOptions, type RawDataset, type RawSplit, unitPixels } from './dataset.js';
import { holdOutSplits } from './split.js';

const IMAGE_FILE = /\.(png|jpe?g)$/i;
/** Images decoded at once: libvips works on libuv's thread pool, so a few in flight keep it busy. */
const IN_FLIGHT = 4;

interface ImageEntry {
  path: string;
  label: number;
  /** class/file, which decides the held-out split. */
  key: string;
}

export interface ImageFolderFiles {
  dir: string;
  classes: string[];
  train: ImageEntry[];
  /** Absent when the test split is to be held out of `train`. */
  test?: ImageEntry[];
}

function visible(dir: string): string[] {
  return listDir(dir).filter((name) => !name.startsWith('.'));
}

function classFolders(dir: string): string[] {
  return visible(dir).filter((name) => isDirectory(join(dir, name)));
}

function holdsImages(dir: string): boolean {
  return classFolders(dir).some((name) => visible(join(dir, name)).some((file) => IMAGE_FILE.test(file)));
}

function entries(dir: string, classes: string[], labelOf: (name: string) => number): ImageEntry[] {
  return classes.flatMap((name) => {
    const folder = join(dir, name);
    const files = visible(folder);
    const stray = files.find((file) => !IMAGE_FILE.test(file) || isDirectory(join(folder, file)));
    if (stray !== undefined) throw dataError('image', join(folder, stray), 'is not a PNG or JPEG image (class folders hold only .png, .jpg, .jpeg files)');
    if (files.length === 0) throw new CgesError(`image class folder ${folder} holds no images`);
    return files.map((file) => ({ path: join(folder, file), label: labelOf(name), key: `${name}/${file}` }));
  });
}

/** The image folder at `dir`: undefined when no subfolder holds a PNG or JPEG. */
export function probeImageFolder(dir: string): ImageFolderFiles | undefined {
  if (!isDirectory(dir)) return undefined;
  const top = classFolders(dir);
  // train/<class>/... (with test/<class>/..., or a test split held out of train/), else <class>/...
  const underTrain = top.includes('train') && holdsImages(join(dir, 'train'));
  if (!underTrain && !holdsImages(dir)) return undefined;
  const trainDir = underTrain ? join(dir, 'train') : dir;
  const classes = classFolders(trainDir);
  if (classes.length < 2) throw new CgesError(`image folder ${trainDir} has ${classes.length} class subfolder; classification needs at least 2`);
  const train = entries(trainDir, classes, (name) => classes.indexOf(name));
  if (!underTrain || !top.includes('test')) return { dir: trainDir, classes, train };
  const testDir = join(dir, 'test');
  const testClasses = classFolders(testDir);
  const unknown = testClasses.find((name) => !classes.includes(name));
  if (unknown !== undefined) throw new CgesError(`image folder ${testDir} has class '${unknown}', which ${trainDir} does not`);
  return { dir, classes, train, test: entries(testDir, testClasses, (name) => classes.indexOf(name)) };
}

interface Target {
  height: number;
  width: number;
  channels: 1 | 3;
}

async function firstImageTarget(path: string, options: LoadOptions): Promise<Target> {
  const meta = await sharp(path).metadata().catch((error: unknown) => {
    throw dataError('image', path, `cannot be decoded (${error instanceof Error ? error.message : String(error)})`);
  });
  const colours = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0);
  const [height, width] = options.imageSize ?? [meta.height ?? 0, meta.width ?? 0];
  const channels = options.channels ?? (colours === 1 ? 1 : 3);
  if (![height, width].every((d) => Number.isSafeInteger(d) && d > 0)) throw new CgesError(`imageSize must be two positive integers, got [${height}, ${width}]`);
  if (channels !== 1 && channels !== 3) throw new CgesError(`channels must be 1 or 3, got ${String(channels)}`);
  return { height, width, channels };
}

/** One image as bytes [height, width, channels]. */
async function decode(path: string, target: Target): Promise<Uint8Array> {
  try {
    const image = sharp(path);
    const meta = await image.metadata();
    let pipeline = image.removeAlpha().toColourspace(target.channels === 1 ? 'b-w' : 'srgb');
    // Resampling only when the size differs, so images already at the target size are read exactly.
    if (meta.height !== target.height || meta.width !== target.width) {
      pipeline = pipeline.resize(target.width, target.height, { fit: 'fill' });
    }
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== target.channels || data.length !== target.height * target.width * target.channels) {
      throw new Error(`decoded to ${info.width}x${info.height}x${info.channels} with ${data.length} bytes, not ${target.width}x${target.height}x${target.channels} 8-bit`);
    }
    return data;
  } catch (error) {
    const message = oneLine(error instanceof Error ? error.message : String(error));
    // libvips' warnings (a bad CRC, a premature end of data) are errors here; sharp then names only its setting.
    throw dataError('image', path, `cannot be decoded (${message.includes('failOn') ? 'corrupt or truncated image data' : message})`);
  }
}

async function decodeAll(list: ImageEntry[], target: Target, folder: string): Promise<RawSplit> {
  const perImage = target.height * target.width * target.channels;
  const bytes = new Uint8Array(list.length * perImage);
  for (let start = 0; start < list.length; start += IN_FLIGHT) {
    const chunk = list.slice(start, start + IN_FLIGHT);
    const decoded = await Promise.all(chunk.map((entry) => decode(entry.path, target)));
    decoded.forEach((data, k) => bytes.set(data, (start + k) * perImage));
  }
  return { images: unitPixels(bytes), labels: list.map((entry) => entry.label), imagesFile: folder, labelFiles: [{ path: folder, count: list.length }] };
}

export async function readImageFolder(files: ImageFolderFiles, options: LoadOptions): Promise<RawDataset> {
  const target = await firstImageTarget(files.train[0].path, options);
  const inputShape = [target.height, target.width, target.channels];
  const size = `${target.height}x${target.width}x${target.channels}`;
  const common = { format: 'image-folder' as const, inputShape, numClasses: files.classes.length };
  if (files.test !== undefined) {
    const [train, test] = [await decodeAll(files.train, target, join(files.dir, 'train')), await decodeAll(files.test, target, join(files.dir, 'test'))];
    return { ...common, description: `image folder ${files.dir}: ${files.classes.length} classes, train/ and test/, images ${size}`, train, test };
  }
  const whole = await decodeAll(files.train, target, files.dir);
  const keys = files.train.map((entry) => entry.key);
  const split = holdOutSplits(whole, target.height * target.width * target.channels, keys, files.dir, options);
  return {
    ...common,
    description: `image folder ${files.dir}: ${files.classes.length} classes, ${split.percent}% of each held out for test, images ${size}`,
    train: split.train, test: split.test,
  };
}
