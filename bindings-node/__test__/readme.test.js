// The Node example of the README runs as written.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

test('the README example runs', () => {
  const root = path.join(__dirname, '..', '..')
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
  const code = readme.match(/```js\n([\s\S]*?)```/)[1]
  const lines = []
  const log = (...args) => lines.push(args.map(String).join(' '))
  const load = (name) => (name === 'closed-loop-feedback' ? require('..') : require(name))
  const cwd = process.cwd()
  process.chdir(root)
  try {
    new Function('require', 'console', code)(load, { log, assert: assert.ok })
  } finally {
    process.chdir(cwd)
  }
  assert.ok(lines.some((l) => l.startsWith('NPS 45 ± 14.50')), lines.join('\n'))
  assert.ok(lines.includes('CLF_VALIDATION submitted_at'), lines.join('\n'))
  assert.ok(lines.includes('1 case-2 frontline'), lines.join('\n'))
})
