// The generated typings are honest: they declare exactly what the module
// exports, and they type real usage under `tsc --strict`.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const clf = require('..')

const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')

test('index.d.ts declares exactly the runtime exports', () => {
  const declared = [...dts.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]).sort()
  assert.deepEqual(declared, Object.keys(clf).sort())
})

test('every declared export has a doc comment', () => {
  for (const m of dts.matchAll(/(\*\/\n)?export declare (?:class|function) (\w+)/g)) {
    assert.ok(m[1], `${m[2]} has no doc comment`)
  }
})

test('the typings type-check real usage under tsc --strict', () => {
  const tsc = path.join(__dirname, '..', 'node_modules', '.bin', 'tsc')
  execFileSync(tsc, ['--noEmit', '--strict', '--target', 'es2020', '--module', 'commonjs', '--types', 'node', path.join(__dirname, 'usage.ts')], { stdio: 'pipe' })
})
