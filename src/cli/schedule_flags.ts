// The learning-rate schedule's flags, described once: `cges train` takes them, and compare and sweep give
// them to every run (the L2 reference and the teacher included), so one schedule holds for all.

/** Help text by flag name (without the dashes). */
export const SCHEDULE_FLAG_HELP = {
  optimizer: 'sgd | momentum | adam (model default)',
  'base-lr': 'initial learning rate (model default)',
  stepsize: 'steps between learning-rate decays (model default)',
  'decay-rate': 'learning-rate factor per decay (model default)',
} as const;
