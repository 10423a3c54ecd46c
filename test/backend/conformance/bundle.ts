// Bundles TF.js's conformance specs with the onednn backend and tfjs-backend-cpu into one ES module, so
// that all three share one tfjs-core: the specs import tfjs-core's ES modules (dist/index.js), and Node
// would load the package's CommonJS build for the backends, a second engine with its own registries.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Writes the suite to `outFile` (an .mjs file inside the package: the addon is found from it). */
export async function bundleSuite(outFile: string, specModules: readonly string[]): Promise<void> {
  const imports = ['./suite_setup.ts', ...specModules, './suite_run.ts'].map((module) => `import '${module}';`);
  await build({
    stdin: { contents: imports.join('\n'), resolveDir: here, sourcefile: 'conformance_suite.ts', loader: 'ts' },
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // tfjs-core's ES modules (`module`), the ones its spec files import, not its CommonJS `main`.
    mainFields: ['module', 'main'],
    // The spec files export nothing, and tfjs-core's package.json marks them free of side effects:
    // esbuild would drop every one of them.
    ignoreAnnotations: true,
    external: ['jasmine', 'jasmine-core', 'node-gyp-build'],
    // tfjs-core's jasmine_util and the CommonJS packages call require(); an ES module has none.
    banner: { js: "import { createRequire as __cgesRequire } from 'node:module';\n" +
      'const require = __cgesRequire(import.meta.url);' },
    logLevel: 'error',
  });
}
