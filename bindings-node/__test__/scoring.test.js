const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { round2, repeat } = require('./helpers')

test('NPS of 10, 7, 3, 9 is 25', () => {
  const s = clf.nps([10, 7, 3, 9])
  assert.deepEqual([s.n, s.promoters, s.passives, s.detractors, s.score], [4, 2, 1, 1, 25])
})

test('60/25/15 gives NPS 45 with margin of error 14.50', () => {
  const s = clf.nps(repeat([[9, 60], [7, 25], [0, 15]]))
  assert.equal(s.score, 45)
  assert.equal(round2(s.marginOfError), 14.5)
  assert.deepEqual(s.ci.map(round2), [30.5, 59.5])
  assert.equal(s.confidence, 0.95)
})

test('9 promoters and 2 detractors of 11: interval clamped at 100', () => {
  const s = clf.nps(repeat([[10, 9], [2, 2]]))
  assert.equal(round2(s.score), 63.64)
  assert.deepEqual(s.ci.map(round2), [18.05, 100])
})

test('960 satisfied of 1200: CSAT 80% with Wilson [77.64, 82.17]', () => {
  const s = clf.csat(repeat([[5, 500], [4, 460], [3, 140], [1, 100]]), { scale: 5 })
  assert.deepEqual([s.n, s.satisfied, s.score, s.scale], [1200, 960, 80, 5])
  assert.deepEqual(s.ci.map(round2), [77.64, 82.17])
})

test('CES mean, sd and share of easy answers', () => {
  const s = clf.ces([1, 2, 3, 4, 5, 6, 7])
  assert.equal(s.mean, 4)
  assert.ok(Math.abs(s.sd - 2.160247) < 1e-6)
  assert.ok(Math.abs(s.shareEasy - 300 / 7) < 1e-9)
  assert.equal(clf.ces([4, 5, 3, 1], { scale: 5 }).shareEasy, 50)
})

test('confidence is configurable', () => {
  const s = clf.nps(repeat([[9, 60], [7, 25], [0, 15]]), { confidence: 0.99 })
  assert.equal(round2(s.marginOfError), 19.06)
})

test('two-sample tests computed by hand', () => {
  const d = clf.compareNps(clf.nps(repeat([[9, 60], [7, 25], [0, 15]])), clf.nps(repeat([[10, 40], [8, 30], [5, 30]])))
  assert.ok(Math.abs(d.z - 3.146266) < 1e-5)
  assert.ok(Math.abs(d.pValue - 0.001654) < 1e-5)
  assert.equal(d.significant, true)
  const c = clf.compareCsat(clf.csat(repeat([[5, 80], [1, 20]])), clf.csat(repeat([[5, 70], [1, 30]])))
  assert.ok(Math.abs(c.z - 1.632993) < 1e-6)
  assert.ok(Math.abs(c.pValue - 0.10247) < 1e-5)
  assert.equal(c.significant, false)
})

test('results are plain data that serialise to JSON', () => {
  const s = JSON.parse(JSON.stringify(clf.nps([10, 7, 3, 9])))
  assert.deepEqual(Object.keys(s).sort(), ['ci', 'confidence', 'detractors', 'marginOfError', 'n', 'passives', 'promoters', 'score'])
})

for (const [name, call, path] of [
  ['score above 10', () => clf.nps([3, 11]), 'scores[1]'],
  ['fractional score', () => clf.nps([9, 8.5]), 'scores[1]'],
  ['negative score', () => clf.nps([-1]), 'scores[0]'],
  ['no scores', () => clf.nps([]), 'scores'],
  ['CSAT out of scale', () => clf.csat([0]), 'ratings[0]'],
  ['CSAT scale 11', () => clf.csat([1], { scale: 11 }), 'scale'],
  ['CES scale 6', () => clf.ces([1], { scale: 6 }), 'scale'],
  ['confidence 1.5', () => clf.nps([9], { confidence: 1.5 }), 'confidence'],
]) {
  test(`bad input throws CLF_VALIDATION with a path: ${name}`, () => {
    assert.throws(call, (e) => e instanceof Error && e.code === 'CLF_VALIDATION' && e.path === path)
  })
}
