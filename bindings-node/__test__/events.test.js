// Events, replay, snapshots and forgetting a customer (see clf-core/tests/events.rs).
const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

const response = (id, customer, when, nps, comment) => ({
  id, instrument: 'post-contact', touchpoint: 'billing', channel: 'phone', submitted_at: when, customer,
  employee: 'e-7', locale: 'en', answers: comment ? { nps, comment } : { nps },
})

function history() {
  const e = new clf.Engine(acme())
  const id = e.ingest(response('r-1', 'c-1', '2026-03-25T10:00:00+01:00', 2, 'Very disappointed, my bill is wrong again.')).cases[0].id
  e.ingest(response('r-2', 'c-2', '2026-03-25T11:00:00+01:00', 10, 'Friendly and quick, thank you!'))
  e.advanceTo('2026-03-25T12:00:00+01:00')
  e.recordContact(id, { by: 'e-7', at: '2026-03-25T12:00:00+01:00', note: 'called back' })
  e.start(id, { by: 'e-7', at: '2026-03-25T12:05:00+01:00' })
  e.proposeResolution(id, { by: 'e-7', at: '2026-03-25T15:00:00+01:00', resolution: 'corrected bill' })
  e.customerVerdict(id, { at: '2026-03-26T09:00:00+01:00', effective: true, score: 5, comment: 'thanks' })
  e.advanceTo('2026-04-30T09:00:00+02:00')
  return e
}

test('every change is a numbered event in the shared JSON form', () => {
  const e = history()
  const events = e.events()
  assert.deepEqual(events.map((ev) => ev.type), ['response_ingested', 'response_ingested', 'time_advanced', 'case_command',
    'case_command', 'case_command', 'case_command', 'time_advanced'])
  assert.deepEqual(e.events(6).map((ev) => ev.seq), [7, 8])
  assert.equal(e.lastSeq, 8)
  const verdict = events[6]
  assert.ok(verdict.at instanceof Date)
  assert.equal(verdict.at.getTime(), new Date('2026-03-26T08:00:00Z').getTime())
  assert.deepEqual(JSON.parse(JSON.stringify(verdict)), { seq: 7, v: 1, at: '2026-03-26T08:00:00.000Z', type: 'case_command',
    case_id: 'case-1', by: 'customer', command: 'customer_verdict', effective: true, score: 5, comment: 'thanks' })
  assert.throws(() => e.start('case-1', { by: 'e-7', at: '2026-05-01T09:00:00+02:00' }), { code: 'CLF_TRANSITION' })
  assert.equal(e.lastSeq, 8)
})

test('replay from events, their JSON or JSON text gives an equal engine', () => {
  const e = history()
  assert.equal(clf.Engine.replay(acme(), e.events()).snapshot(), e.snapshot())
  assert.equal(clf.Engine.replay(acme(), JSON.parse(JSON.stringify(e.events()))).snapshot(), e.snapshot())
  assert.equal(clf.Engine.replay(acme(), JSON.stringify(e.events())).snapshot(), e.snapshot())
  const gap = e.events()
  gap.splice(1, 1)
  assert.throws(() => clf.Engine.replay(acme(), gap), { code: 'CLF_VALIDATION', path: 'events[1].seq' })
  const unnumbered = e.events()
  delete unnumbered[2].seq
  assert.throws(() => clf.Engine.replay(acme(), unnumbered), { code: 'CLF_VALIDATION', path: 'events[2].seq' })
})

test('restore of a snapshot gives an engine that carries on alike', () => {
  const e = history()
  const snap = e.snapshot()
  const restored = clf.Engine.restore(acme(), Buffer.from(snap))
  assert.equal(restored.snapshot(), snap)
  const r = response('r-3', 'c-1', '2026-05-04T10:00:00+02:00', 1)
  assert.equal(e.ingest(r).cases[0].id, 'case-2')
  assert.equal(restored.ingest(r).cases[0].id, 'case-2')
  assert.equal(restored.snapshot(), e.snapshot())
  const other = acme()
  other.escalation.warn_at = 0.5
  assert.throws(() => clf.Engine.restore(other, snap), { code: 'CLF_VALIDATION', path: 'config' })
})

test('forgetCustomer erases the id and the words from every output and keeps the aggregates', () => {
  const e = history()
  const comment = 'My neighbour Jan Jansen at Kerkstraat 12 says the bill is wrong'
  const id = e.ingest(response('r-3', 'cust-4711', '2026-05-04T10:00:00+02:00', 1, comment)).cases[0].id
  e.recordContact(id, { by: 'e-7', at: '2026-05-04T11:00:00+02:00', note: 'spoke to Mrs Jansen on 06-12345678' })
  const before = JSON.stringify(e.summary({ groupBy: ['touchpoint'] }))
  const f = e.forgetCustomer('cust-4711', '2026-05-06T09:00:00+02:00')
  assert.deepEqual(f, { pseudonym: 'forgotten:1', responses: 1, cases: 1 })
  const outputs = [JSON.stringify(e.events()), e.snapshot(), JSON.stringify(e.cases()),
    JSON.stringify(e.summary({ groupBy: ['touchpoint', 'employee'] })), JSON.stringify(e.loopMetrics({ groupBy: ['channel'] }))]
  for (const out of outputs) {
    for (const secret of ['cust-4711', comment, 'Jansen', 'Kerkstraat', '06-12345678']) {
      assert.ok(!out.includes(secret), `${secret} found`)
    }
  }
  const last = e.events().at(-1)
  assert.deepEqual([last.type, last.pseudonym], ['customer_forgotten', 'forgotten:1'])
  assert.equal(JSON.stringify(e.summary({ groupBy: ['touchpoint'] })), before)
  assert.equal(e.case(id).customer, 'forgotten:1')
  assert.equal(clf.Engine.replay(acme(), e.events()).snapshot(), e.snapshot())
  assert.throws(() => e.forgetCustomer('cust-4711', '2026-05-07T09:00:00+02:00'), { code: 'CLF_NOT_FOUND' })
})
