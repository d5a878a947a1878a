// Preloaded with `node --import` by tests/build/loaded-modules.test.ts: appends to $MODULE_LOG every module the
// process loads, ES modules as they are resolved (a hook on the loader thread) and CommonJS ones at exit (the require cache).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.MODULE_LOG;
if (file) {
  register('./module-log-hooks.mjs', import.meta.url, { data: { file } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const cached = Object.keys(require.cache).map((p) => pathToFileURL(p).href);
    if (cached.length > 0) appendFileSync(file, `${cached.join('\n')}\n`);
  });
}
