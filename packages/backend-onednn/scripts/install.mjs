// Build the oneDNN addon at install when libdnnl-dev is present; without it (or on a failed build) the install
// goes on and the trainer uses the wasm backend.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const header = ['/usr/include/dnnl.hpp', '/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/local/include/dnnl.hpp'].find((p) => existsSync(p));
if (!header) {
  console.log('@cnn-analyzer/backend-onednn: libdnnl-dev not found, skipping the native backend (apt-get install libdnnl-dev to build it)');
  process.exit(0);
}
const nodedir = existsSync('/usr/include/node/node_api.h') ? ['--nodedir=/usr'] : [];
// npm runs install scripts with its own node-gyp on PATH and names it in npm_config_node_gyp
const gyp = process.env.npm_config_node_gyp;
const [cmd, args] = gyp && existsSync(gyp) ? [process.execPath, [gyp]] : ['node-gyp', []];
const r = spawnSync(cmd, [...args, 'rebuild', ...nodedir], { stdio: 'inherit', shell: process.platform === 'win32' && cmd === 'node-gyp' });
if (r.status !== 0) console.log('@cnn-analyzer/backend-onednn: the native build failed; the trainer will use the wasm backend');
process.exit(0);
