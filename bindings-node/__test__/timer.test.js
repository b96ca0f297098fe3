const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

const t = (day, time) => new Date(`2026-11-${day}T${time}:00+01:00`)
function ingest(engine, comment = '') {
  return engine.ingest({ id: 'r-1', instrument: 'post-contact', touchpoint: 'billing', channel: 'phone',
    submitted_at: '2026-11-23T09:00:00+01:00', customer: 'c-1', employee: 'e-7', answers: { nps: 5, comment } })
}

test('a warning, then a breach that escalates and restarts the clock', () => {
  const e = new clf.Engine(acme())
  const id = ingest(e).cases[0].id
  assert.deepEqual(e.advanceTo(t(23, '12:11')), [])
  const [warning] = e.advanceTo(t(23, '12:12'))
  assert.deepEqual([warning.kind, warning.deadline, warning.caseId], ['warning', 'first_response', id])
  const [breach] = e.advanceTo('2026-11-23T13:30:00+01:00')
  assert.deepEqual([breach.kind, breach.level], ['breach', 'team_lead'])
  const c = e.case(id)
  assert.equal(c.firstResponseDue.getTime(), t(23, '17:30').getTime())
  assert.equal(e.now.getTime(), t(23, '13:30').getTime())
  assert.throws(() => e.advanceTo(t(23, '12:00')), (x) => x.code === 'CLF_VALIDATION' && x.path === 'now')
})

test('waiting pauses the clock', () => {
  const e = new clf.Engine(acme())
  const id = ingest(e).cases[0].id
  e.start(id, { by: 'e-7', at: t(23, '09:30') })
  e.waitForCustomer(id, { by: 'e-7', at: t(23, '10:00') })
  assert.deepEqual(e.advanceTo(t(25, '09:00')), [])
  const c = e.start(id, { by: 'e-7', at: t(25, '09:00') })
  assert.equal(c.firstResponseDue.getTime(), t(25, '12:00').getTime())
  assert.equal(c.resolutionDue.getTime(), t(26, '16:00').getTime())
})

test('an overdue alert goes up until acknowledged', () => {
  const e = new clf.Engine(acme())
  ingest(e, 'If this is not solved I will contact my lawyer.')
  const alert = e.alerts()[0]
  assert.deepEqual([alert.level, alert.due.getTime()], ['manager', t(23, '13:00').getTime()])
  const overdue = e.advanceTo(t(23, '13:00')).filter((ev) => ev.kind === 'alert_overdue')
  assert.equal(overdue[0].level, 'director')
  const acked = e.acknowledgeAlert(alert.id, { by: 'd-1', at: t(23, '14:00') })
  assert.equal(acked.acknowledgedBy, 'd-1')
  assert.deepEqual(e.advanceTo(t(23, '18:00')).filter((ev) => ev.kind === 'alert_overdue'), [])
  assert.throws(() => e.acknowledgeAlert(alert.id, { by: 'd-1', at: t(23, '18:00') }), (x) => x.code === 'CLF_CONFLICT')
})
