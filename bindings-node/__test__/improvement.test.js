const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

function engine() {
  const e = new clf.Engine(acme())
  for (const [id, customer] of [['r-1', 'c-1'], ['r-2', 'c-2'], ['r-3', 'c-1'], ['r-4', null], ['r-5', 'c-3']]) {
    e.ingest({ id, customer, instrument: 'post-contact', touchpoint: 'delivery', channel: 'app', submitted_at: '2026-11-20T10:00:00Z',
      answers: { nps: 6, comment: 'Please let me choose a delivery time slot.' } })
  }
  return e
}

test('you said, we did', () => {
  const e = engine()
  e.optOut('c-3')
  const imp = e.proposeImprovement('Delivery time slots', { by: 'pm-1', at: '2026-11-21T10:00:00Z', topics: ['delivery'] })
  e.linkFeedback(imp.id, { by: 'pm-1', at: '2026-11-21T11:00:00Z', responses: ['r-1', 'r-2', 'r-3', 'r-4', 'r-5'] })
  assert.equal(e.planImprovement(imp.id, { by: 'pm-1', at: '2026-11-22T10:00:00Z' }).state, 'planned')
  const done = e.implementImprovement(imp.id, { by: 'pm-1', at: new Date('2026-12-01T10:00:00Z') })
  assert.deepEqual(done.notifications.map((n) => [n.customer, n.responses]), [['c-1', ['r-1', 'r-3']], ['c-2', ['r-2']]])
  assert.equal(e.markNotified(imp.id, 'c-1', '2026-12-01T12:00:00Z').informed, 1)
  assert.deepEqual(e.notificationsDue().map((n) => [n.improvementId, n.customer]), [[imp.id, 'c-2']])
  assert.throws(() => e.markNotified(imp.id, 'c-1', '2026-12-01T13:00:00Z'), (x) => x.code === 'CLF_CONFLICT')
})

test('improvements refuse what does not fit', () => {
  const e = engine()
  const imp = e.proposeImprovement('Faster refunds', { by: 'pm-1', at: '2026-11-21T10:00:00Z' })
  assert.throws(() => e.implementImprovement(imp.id, { by: 'pm-1', at: '2026-11-21T10:00:00Z' }), (x) => x.code === 'CLF_TRANSITION')
  assert.throws(() => e.linkFeedback(imp.id, { by: 'pm-1', at: '2026-11-21T10:00:00Z', topics: ['weather'] }), (x) => x.path === 'topics[0]')
  assert.throws(() => e.improvement('imp-9'), (x) => x.code === 'CLF_NOT_FOUND')
})
