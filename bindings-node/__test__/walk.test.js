// Issue #4's walk across the spring DST change (see clf-core/tests/walk.rs).
const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

test('complaint to an effective close through a breach, an escalation and a reopen', () => {
  const e = new clf.Engine(acme())
  const o = e.ingest({ id: 'r-1', instrument: 'post-contact', touchpoint: 'billing', channel: 'phone', submitted_at: '2026-03-27T15:30:00+01:00',
    customer: 'c-1', employee: 'e-7', locale: 'en', answers: { nps: 2, comment: 'Very disappointed, my bill is wrong again.' } })
  const id = o.cases[0].id
  const ms = (s) => new Date(s).getTime()
  assert.equal(o.cases[0].firstResponseDue.getTime(), ms('2026-03-28T13:30:00+01:00'))
  const events = e.advanceTo('2026-03-28T13:30:00+01:00')
  assert.deepEqual(events.map((ev) => [ev.kind, ev.deadline]), [['warning', 'first_response'], ['breach', 'first_response']])
  assert.deepEqual([e.case(id).level, e.case(id).firstResponseDue.getTime()], ['team_lead', ms('2026-03-30T12:00:00+02:00')])
  e.recordContact(id, { by: 'e-7', at: '2026-03-30T09:00:00+02:00' })
  e.start(id, { by: 'e-7', at: '2026-03-30T09:05:00+02:00' })
  e.proposeResolution(id, { by: 'e-7', at: '2026-03-30T11:00:00+02:00' })
  let c = e.customerVerdict(id, { at: '2026-03-31T09:00:00+02:00', effective: false, score: 2 })
  assert.deepEqual([c.state, c.reopened, c.resolutionDue.getTime()], ['in_progress', 1, ms('2026-04-01T17:00:00+02:00')])
  e.proposeResolution(id, { by: 'e-7', at: '2026-04-01T10:00:00+02:00' })
  c = e.customerVerdict(id, { at: '2026-04-02T09:00:00+02:00', effective: true, score: 5 })
  assert.deepEqual([c.state, c.resolution], ['closed', 'effective'])
  assert.deepEqual(c.history.map((h) => h.what), ['opened', 'warning', 'breach', 'escalate', 'record_contact', 'start',
    'propose_resolution', 'verdict_not_effective', 'propose_resolution', 'verdict_effective'])
  assert.deepEqual(e.advanceTo('2026-04-20T09:00:00+02:00'), [])
})
