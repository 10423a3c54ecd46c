// Why the oneDNN addon is not available, and the exact commands that fix it, as one line for the notice.
// Imports nothing: the caller says where the package lives and what went wrong.

/** Where the package runs from: a clone of the repository, or installed under node_modules/. */
export type PackagePlace = 'clone' | 'installed';

export type AddonProblem =
  /** Neither build/Release nor a prebuild for this platform exists. */
  | { kind: 'missing'; platform: string }
  /** A file was found but could not be loaded (first line of the loader's error). */
  | { kind: 'load-failed'; file: string; error: string };

const BUILD_TOOLS = 'apt-get install -y libdnnl-dev g++ make python3';

/** Debian names the package of a library after its soname: libdnnl.so.2 is in libdnnl2. */
export function debianPackageOf(soname: string): string | undefined {
  const match = /^(lib[a-z0-9_+-]*?)\.so\.(\d+)$/.exec(soname);
  if (match === null) return undefined;
  const [, name, major] = match;
  // A name ending in a digit takes a dash before the major version (libfoo2.so.1 -> libfoo2-1).
  return /\d$/.test(name) ? `${name}-${major}` : `${name}${major}`;
}

/** The shared library the dynamic loader could not find, from dlopen's message, if that is what failed. */
export function missingLibrary(error: string): string | undefined {
  return /([^\s:]+\.so(?:\.\d+)*): cannot open shared object file/.exec(error)?.[1];
}

/**
 * The commands that build the addon where the package is. An installed package builds in place through its
 * bin (npm's own node-gyp, no install script needed), or at install time once npm may run its install script.
 */
export function buildCommands(place: PackagePlace): string {
  if (place === 'clone') return `"${BUILD_TOOLS}" then "npm run build:native"`;
  return `"${BUILD_TOOLS}" then "npx cges-build-native" (or, to build at every install: ` +
    '"npm install-scripts approve cges" then "npm rebuild cges")';
}

/** One line: what is wrong and the commands that fix it. */
export function describeAddonProblem(problem: AddonProblem, place: PackagePlace): string {
  if (problem.kind === 'missing') {
    return `no oneDNN addon for ${problem.platform} (none prebuilt, none built); build it with ${buildCommands(place)}`;
  }
  const library = missingLibrary(problem.error);
  const apt = library === undefined ? undefined : debianPackageOf(library);
  if (library !== undefined && library.startsWith('libdnnl') && apt !== undefined) {
    return `the oneDNN addon (${problem.file}) cannot load, ${library} is not installed: ` +
      `install it with "apt-get install -y ${apt}", or build the addon against your oneDNN with ` +
      buildCommands(place);
  }
  return `the oneDNN addon (${problem.file}) failed to load: ${problem.error}; rebuild it with ` +
    buildCommands(place);
}
