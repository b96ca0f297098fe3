const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme, response } = require('./helpers')

test('a valid response comes back typed, with a Date', () => {
  const r = new clf.Config(acme()).validateResponse(response())
  assert.deepEqual([r.id, r.instrument, r.touchpoint, r.journey, r.channel], ['r-1', 'post-contact', 'delivery', 'order-to-delivery', 'phone'])
  assert.ok(r.submittedAt instanceof Date)
  assert.equal(r.submittedAt.toISOString(), '2026-11-20T09:15:00.000Z')
  assert.equal(r.employee, 'e-7')
  assert.deepEqual(r.answers, { nps: 9, csat: 4, ces: 6, mood: 'pleased', comment: 'Snel geleverd' })
})

test('skipped answers are absent, not zero', () => {
  const resp = response()
  resp.answers = { nps: 3, csat: null }
  assert.deepEqual(new clf.Config(acme()).validateResponse(resp).answers, { nps: 3 })
})

test('a response as JSON text', () => {
  const r = new clf.Config(acme()).validateResponse(JSON.stringify(response()))
  assert.equal(r.id, 'r-1')
})

for (const [name, edit, path] of [
  ['missing required answer', (r) => delete r.answers.nps, 'answers.nps'],
  ['NPS out of range', (r) => (r.answers.nps = 11), 'answers.nps'],
  ['fractional NPS', (r) => (r.answers.nps = 8.5), 'answers.nps'],
  ['wrong type', (r) => (r.answers.csat = 'good'), 'answers.csat'],
  ['unknown label', (r) => (r.answers.mood = 'furious'), 'answers.mood'],
  ['unknown question', (r) => (r.answers.colour = 'blue'), 'answers.colour'],
  ['unknown touchpoint', (r) => (r.touchpoint = 'moon'), 'touchpoint'],
  ['naive timestamp', (r) => (r.submitted_at = '2026-11-20T10:15:00'), 'submitted_at'],
  ['unknown field', (r) => (r.sentiment = 'good'), 'sentiment'],
]) {
  test(`invalid response throws CLF_VALIDATION at its field: ${name}`, () => {
    const resp = response()
    edit(resp)
    assert.throws(
      () => new clf.Config(acme()).validateResponse(resp),
      (e) => e.code === 'CLF_VALIDATION' && e.path === path,
    )
  })
}

test('an instrument is only valid at its touchpoints', () => {
  const c = acme()
  c.instruments[1].touchpoints = ['repair']
  const resp = { ...response(), instrument: 'handling', answers: { csat: 5 } }
  assert.throws(
    () => new clf.Config(c).validateResponse(resp),
    (e) => e.code === 'CLF_VALIDATION' && e.path === 'touchpoint' && e.message.includes('not used at touchpoint "delivery"'),
  )
})
