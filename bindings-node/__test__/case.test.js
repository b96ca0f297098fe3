const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

function engineWithCase() {
  const engine = new clf.Engine(acme())
  const o = engine.ingest({ id: 'r-1', instrument: 'post-contact', touchpoint: 'billing', channel: 'phone',
    submitted_at: '2026-11-23T09:00:00+01:00', customer: 'c-1', employee: 'e-7',
    answers: { nps: 2, comment: 'Very disappointed, my bill is wrong.' } })
  return [engine, o.cases[0].id]
}
const at = (day, time) => `2026-11-${day}T${time}:00+01:00`

test('a complaint walks to an effective close through a negative verdict', () => {
  const [e, id] = engineWithCase()
  assert.equal(e.acknowledge(id, { by: 'e-7', at: at(23, '09:30') }).state, 'acknowledged')
  assert.equal(e.start(id, { by: 'e-7', at: new Date(at(23, '09:40')) }).state, 'in_progress')
  assert.equal(e.recordContact(id, { by: 'e-7', at: at(23, '10:00'), note: 'called back' }).firstContactAt.toISOString(), new Date(at(23, '10:00')).toISOString())
  assert.equal(e.waitForCustomer(id, { by: 'e-7', at: at(23, '10:05') }).state, 'waiting')
  assert.equal(e.start(id, { by: 'e-7', at: at(24, '09:00') }).state, 'in_progress')
  assert.equal(e.proposeResolution(id, { by: 'e-7', at: at(24, '11:00'), resolution: 'credit note' }).state, 'resolved')
  let c = e.customerVerdict(id, { at: at(25, '08:00'), effective: false, score: 2, comment: 'still wrong' })
  assert.deepEqual([c.state, c.reopened], ['in_progress', 1])
  e.proposeResolution(id, { by: 'e-7', at: at(25, '10:00') })
  c = e.customerVerdict(id, { at: at(26, '08:00'), effective: true })
  assert.deepEqual([c.state, c.resolution], ['closed', 'effective'])
  assert.deepEqual(c.history.slice(-3).map((h) => h.what), ['verdict_not_effective', 'propose_resolution', 'verdict_effective'])
  assert.equal(c.history.at(-3).by, 'customer')
})

test('an invalid command names the state and the command and changes nothing', () => {
  const [e, id] = engineWithCase()
  e.start(id, { by: 'e-7', at: at(23, '09:30') })
  const before = JSON.stringify(e.case(id))
  assert.throws(() => e.acknowledge(id, { by: 'e-7', at: at(23, '09:40') }),
    (x) => x.code === 'CLF_TRANSITION' && x.message === `cannot acknowledge case ${id}: it is in_progress`)
  assert.throws(() => e.waitForCustomer(id, { by: 'e-7', at: at(23, '08:00') }), (x) => x.code === 'CLF_VALIDATION' && x.path === 'at')
  assert.equal(JSON.stringify(e.case(id)), before)
})

test('escalate, reassign, close unconfirmed, reopen and notes', () => {
  const [e, id] = engineWithCase()
  assert.equal(e.escalate(id, { by: 'e-7', at: at(23, '10:00'), reason: 'angry customer' }).level, 'team_lead')
  const c = e.reassign(id, { by: 'lead-1', at: at(23, '10:05'), to: 'team:billing' })
  assert.deepEqual([c.assignee.kind, c.assignee.id], ['team', 'billing'])
  assert.throws(() => e.reassign(id, { by: 'lead-1', at: at(23, '10:06'), to: 'billing' }), (x) => x.path === 'to')
  e.start(id, { by: 'e-7', at: at(23, '11:00') })
  e.proposeResolution(id, { by: 'e-7', at: at(23, '12:00') })
  assert.equal(e.close(id, { by: 'e-7', at: at(30, '12:00') }).resolution, 'unconfirmed')
  assert.equal(e.reopen(id, { by: 'e-7', at: at(30, '13:00') }).state, 'in_progress')
  assert.equal(e.addNote(id, { by: 'e-7', at: at(30, '14:00'), note: 'customer called again' }).history.at(-1).detail, 'customer called again')
})
