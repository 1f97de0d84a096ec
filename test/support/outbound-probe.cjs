// Runs calls through the built @liveline/outbound in a plain Node process (jest cannot load
// NestJS 12's ESM) and prints their outcomes as JSON. Input (argv[2], JSON):
// { answers: {host: [{address, family}]}, flip?: {host: [[...], [...]]}, publicToo?: string[], calls: [...] }
const { OutboundHttp, assertPublicTarget, isPublicAddress } = require('../../dist/libs/outbound/src/index.js');

async function main() {
  const input = JSON.parse(process.argv[2]);
  const flips = {};
  const resolve = async (host) => {
    if (input.flip && input.flip[host]) {
      const n = (flips[host] = (flips[host] ?? -1) + 1);
      return input.flip[host][n % input.flip[host].length];
    }
    const found = (input.answers ?? {})[host];
    if (!found) throw Object.assign(new Error(`no answer for ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
  const extra = new Set(input.publicToo ?? []);
  const isPublic = (ip) => extra.has(ip) || isPublicAddress(ip);
  const client = new OutboundHttp({ resolve, isPublic });
  const results = [];
  for (const call of input.calls) {
    try {
      if (call.assert) {
        await assertPublicTarget(call.assert, { allowPrivate: call.allowPrivate, resolve, isPublic });
        results.push({ ok: true });
      } else {
        const req = { ...call.request };
        if (req.allowHosts) {
          const hosts = req.allowHosts;
          req.allowHost = (h) => hosts.includes(h);
          delete req.allowHosts;
        }
        const res = await client.request(req);
        results.push({
          ok: true,
          status: res.status,
          truncated: res.truncated,
          length: res.body.length,
          url: res.url,
          body: res.body.toString('utf8').slice(0, 200),
        });
      }
    } catch (err) {
      results.push({ ok: false, code: err.code, name: err.constructor && err.constructor.name, message: err.message });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack));
  process.exit(1);
});
