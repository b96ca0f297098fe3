const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

function engine() {
  const e = new clf.Engine(acme())
  const base = { instrument: 'post-contact', channel: 'phone' }
  const a = e.ingest({ ...base, id: 'a', touchpoint: 'billing', submitted_at: '2026-11-23T09:00:00+01:00', customer: 'c-1', answers: { nps: 2 } }).cases[0].id
  e.ingest({ ...base, id: 'b', touchpoint: 'delivery', submitted_at: '2026-11-23T12:00:00+01:00', customer: 'c-2', answers: { nps: 4 } })
  e.recordContact(a, { by: 'e-7', at: '2026-11-23T10:00:00+01:00' })
  e.start(a, { by: 'e-7', at: '2026-11-23T10:30:00+01:00' })
  e.proposeResolution(a, { by: 'e-7', at: '2026-11-24T09:00:00+01:00' })
  e.customerVerdict(a, { at: '2026-11-24T10:00:00+01:00', effective: true })
  e.advanceTo('2026-11-24T18:00:00+01:00')
  e.ingest({ id: 'h', instrument: 'handling', touchpoint: 'billing', channel: 'email', submitted_at: '2026-11-25T09:00:00+01:00', customer: 'c-1', case_id: a, answers: { csat: 4 } })
  e.ingest({ ...base, id: 'later', touchpoint: 'billing', channel: 'web', submitted_at: '2026-11-26T09:00:00+01:00', customer: 'c-1', answers: { nps: 9 } })
  return e
}

test('loop metrics computed by hand', () => {
  const [m] = engine().loopMetrics()
  assert.deepEqual([m.cases, m.closed, m.shareClosed, m.shareEffective, m.escalationRate], [2, 1, 50, 100, 50])
  assert.deepEqual([m.firstResponse.meanBusinessMinutes, m.firstResponse.slaAttainment], [60, 50])
  assert.deepEqual([m.resolution.meanBusinessMinutes, m.resolution.meanCalendarMinutes], [510, 1440])
  assert.deepEqual([m.recovery.before, m.recovery.after, m.recovery.change], [2, 9, 7])
  assert.equal(m.handling.score, 100)
})

test('loop metrics by touchpoint, and errors', () => {
  const e = engine()
  assert.deepEqual(e.loopMetrics({ groupBy: ['touchpoint'] }).map((g) => [g.key.touchpoint, g.cases, g.closed]), [['billing', 1, 1], ['delivery', 1, 0]])
  assert.throws(() => e.loopMetrics({ where: { touchpoint: 'moon' } }), (x) => x.code === 'CLF_VALIDATION' && x.path === 'where.touchpoint')
})
