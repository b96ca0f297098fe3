const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

const make = (i, touchpoint, nps, at = '2026-11-20T10:00:00+01:00', answers = {}) => ({
  id: `r${i}`,
  instrument: 'post-contact',
  touchpoint,
  channel: 'phone',
  submitted_at: at,
  answers: { nps, ...answers },
})

test('groups by touchpoint in configuration order', () => {
  const s = new clf.Summary(new clf.Config(acme()), { groupBy: ['touchpoint'] })
  const data = [['delivery', 10], ['order', 0], ['delivery', 7], ['delivery', 3], ['order', 10], ['delivery', 9]]
  assert.equal(s.addMany(data.map(([tp, n], i) => make(i, tp, n))), 6)
  const groups = s.groups()
  assert.deepEqual(groups.map((g) => g.key), [{ touchpoint: 'order' }, { touchpoint: 'delivery' }])
  assert.equal(groups[1].nps.nps.score, 25)
  assert.equal(groups[1].responses, 4)
  assert.equal(s.responses, 6)
})

test('merged parts equal the whole', () => {
  const config = new clf.Config(acme())
  const rs = Array.from({ length: 40 }, (_, i) => make(i, i % 3 ? 'delivery' : 'billing', i % 11, undefined, { csat: 1 + (i % 5) }))
  const [a, b, whole] = [0, 1, 2].map(() => new clf.Summary(config, { groupBy: ['touchpoint'] }))
  a.addMany(rs.slice(0, 15))
  b.addMany(rs.slice(15))
  whole.addMany(rs)
  a.merge(b)
  assert.deepEqual(a.groups(), whole.groups())
})

test('periods in the organisation time zone, and where', () => {
  const s = new clf.Summary(new clf.Config(acme()), { groupBy: ['month'], where: { touchpoint: 'delivery' } })
  assert.equal(s.add(make(1, 'delivery', 9, '2026-03-31T23:30:00Z')), true)
  assert.equal(s.add(make(2, 'order', 9)), false)
  assert.equal(s.add(make(3, 'delivery', 5)), true)
  assert.deepEqual(s.groups().map((g) => g.key.month), ['2026-04', '2026-11'])
})

test('emotion and effort per question', () => {
  const s = new clf.Summary(new clf.Config(acme()))
  s.add(make(1, 'delivery', 9, undefined, { mood: 'angry', ces: 7 }))
  s.add(make(2, 'delivery', 9, undefined, { mood: 'pleased' }))
  const [g] = s.groups()
  assert.deepEqual(g.key, {})
  assert.equal(g.emotion.mood.n, 2)
  assert.ok(Math.abs(g.emotion.mood.valence.mean + 0.15) < 1e-12)
  assert.equal(g.emotion.mood.counts.angry, 1)
  assert.equal(g.ces.ces.n, 1)
})

test('bad queries and responses throw with paths', () => {
  const config = new clf.Config(acme())
  assert.throws(() => new clf.Summary(config, { groupBy: ['colour'] }), (e) => e.code === 'CLF_VALIDATION' && e.path === 'group_by[0]')
  assert.throws(() => new clf.Summary(config, { where: { month: 'November' } }), (e) => e.path === 'where.month')
  const s = new clf.Summary(config)
  assert.throws(() => s.addMany([make(1, 'delivery', 9), make(2, 'delivery', 12)]), (e) => e.path === '[1].answers.nps')
  assert.throws(() => s.merge(new clf.Summary(config, { groupBy: ['channel'] })), (e) => e.code === 'CLF_VALIDATION')
})
