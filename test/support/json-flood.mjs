// Posts 30 JSON bodies of a megabyte (nested arrays [[[…]]] and one array's items [0,0,…] in turn)
// to the URL given as the only argument, three at a time, as another client would, and prints each
// answer's status and code as JSON: [[413, "BODY_TOO_LARGE"], …]. Run in a process of its own so
// that building and sending the bodies never shares a thread with the client being measured.
const [url] = process.argv.slice(2);
const half = 512 * 1024;
const bodies = Array.from({ length: 30 }, (_, i) =>
  i % 2 === 0 ? '['.repeat(half) + ']'.repeat(half) : '[' + '0,'.repeat(half - 1) + '0]',
);
const answers = [];
for (let i = 0; i < bodies.length; i += 3)
  answers.push(
    ...(await Promise.all(
      bodies.slice(i, i + 3).map(async (body) => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return [res.status, (await res.json()).code];
      }),
    )),
  );
process.stdout.write(JSON.stringify(answers));
