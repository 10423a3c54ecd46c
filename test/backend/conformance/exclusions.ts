// Which of TF.js's specs the onednn backend is held to: every spec tfjs-core 4.22 ships (its dist/tests.js
// imports all 265 spec files: ops, gradients, engine, tape, kernel and gradient registries, tensors,
// variables, optimizers, io, ...), less the exclusions below, each with its reason.
//
// Besides these, TF.js itself leaves out in Node what needs a browser, WebGL or web workers: such specs are
// declared under constraints (BROWSER_ENVS, CHROME_ENVS, HAS_WORKER, flags) that a Node test environment
// does not meet, so they are never declared here; two "Switching cpu backends" specs are declared for the
// cpu backend alone (they move data between two cpu backend instances); and TF.js disables five with `xit`
// (reported as pending).
// A spec is left out when its full name, without the test environment's tag ("avgPool gradient ...", not
// "avgPool onednn {} gradient ..."), contains `spec`. The conformance test fails on an exclusion that
// matches no spec, so none outlives its reason.

export interface Exclusion {
  spec: string;
  reason: string;
}

/** The modules that declare the specs, bundled in this order after the suite's setup. */
export const CONFORMANCE_SPEC_MODULES: readonly string[] = ['@tensorflow/tfjs-core/dist/tests.js'];

/** Every spec the onednn backend passes, so nothing is left out. */
export const CONFORMANCE_EXCLUSIONS: readonly Exclusion[] = [];

/** The exclusion that leaves a spec out, or undefined when it runs. */
export function excludedBy(name: string, exclusions: readonly Exclusion[]): Exclusion | undefined {
  return exclusions.find((exclusion) => name.includes(exclusion.spec));
}
