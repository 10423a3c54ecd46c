// The `cges train` flags that shape what the model sees of the data: the validation split (--val-split,
// --val), input normalisation (--normalize) and augmentation (--augment). Parsed and checked here before
// anything runs; written back as flags for a resumed run.
import type * as tfl from '@tensorflow/tfjs-layers';
import { channelStatistics } from '../data/channel_statistics.js';
import type { DataSplit } from '../data/dataset.js';
import type { ValidationAmount } from '../data/validation.js';
import { hasInputNormalization, withInputNormalization } from '../models/input_normalization.js';
import { CgesError } from '../util/errors.js';
import type { ValidationSource } from './train_data.js';

export interface DataFlags {
  valSplit?: string;
  val?: string;
  normalize?: boolean;
  augment?: boolean;
}

export interface DataSettings {
  /** Training examples held out for validation; null: none asked for. */
  valSplit: ValidationAmount | null;
  /** A second data set, all of it the validation examples; null: none. */
  valPath: string | null;
  /** Per-channel mean and standard deviation of the training split, applied by the model's first layer. */
  normalize: boolean;
  /** Random crops of the zero-padded image and horizontal flips, seeded by the run's seed and step. */
  augment: boolean;
}

/** --val-split N (examples, an integer >= 1) or F (a fraction in (0, 1)). */
export function parseValidationAmount(raw: string): ValidationAmount {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (value > 0 && value < 1) return { fraction: value };
  if (Number.isSafeInteger(value) && value >= 1) return { count: value };
  throw new CgesError(`--val-split must be a number of examples (an integer >= 1) or a fraction in (0, 1), got "${raw}"`);
}

export function resolveDataSettings(flags: DataFlags): DataSettings {
  if (flags.valSplit !== undefined && flags.val !== undefined) {
    throw new CgesError('--val-split and --val cannot both be given: the validation examples come from one place');
  }
  return {
    valSplit: flags.valSplit === undefined ? null : parseValidationAmount(flags.valSplit),
    valPath: flags.val ?? null,
    normalize: flags.normalize ?? false,
    augment: flags.augment ?? false,
  };
}

/** The flags that give `settings` again (a resumed run's). */
export function dataSettingFlags(settings: Partial<DataSettings>): DataFlags {
  const { valSplit, valPath, normalize, augment } = settings;
  return {
    valSplit: valSplit === null || valSplit === undefined ? undefined
      : String('count' in valSplit ? valSplit.count : valSplit.fraction),
    val: valPath ?? undefined,
    normalize: normalize === true ? true : undefined,
    augment: augment === true ? true : undefined,
  };
}

/** Augmentation crops and flips images: flat features ([1, 1, F]) have no image to crop. */
export function checkAugment(settings: DataSettings, inputShape: [number, number, number]): void {
  if (settings.augment && inputShape[0] === 1 && inputShape[1] === 1) {
    throw new CgesError(`--augment crops and flips images, but the data holds flat features ([${inputShape.join(', ')}])`);
  }
}

/**
 * With --normalize, `model` with a first layer that normalises each input channel by the training
 * split's statistics (`model` itself is disposed); else, or when it has that layer already (a model
 * restored after a shrink), `model`. The training split alone: validation and test data must not shape it.
 */
export async function normalizedModel(settings: DataSettings, model: tfl.LayersModel, train: DataSplit): Promise<tfl.LayersModel> {
  if (!settings.normalize || hasInputNormalization(model)) return model;
  const shape = model.inputs[0].shape;
  const channels = shape[3];
  if (shape.length !== 4 || typeof channels !== 'number') {
    // Its statistics live in a depthwise layer, which takes images (built-in models take flat features as [1, 1, F]).
    throw new CgesError(`--normalize keeps its statistics in a layer over image channels, but model ${model.name} takes ` +
      `[${shape.slice(1).join(', ')}]; standardise the features before saving them, or leave out --normalize`);
  }
  const normalized = await withInputNormalization(model, channelStatistics(train.images, channels));
  model.dispose();
  return normalized;
}

/**
 * Where a run's validation examples come from: the flags', else the data's default (an IDX folder's
 * examples after --train-size), except under `--preset original`, which reads nothing the original did not.
 */
export function validationSource(settings: DataSettings, preset: string, seed: number): ValidationSource {
  if (settings.valPath !== null) return { path: settings.valPath };
  if (settings.valSplit !== null) return { split: settings.valSplit, seed };
  return preset === 'original' ? 'none' : 'default';
}
