const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

const resp = (id, channel, submitted, customer, answers, locale = 'en', touchpoint = 'support-call') => ({
  id, instrument: 'post-contact', touchpoint, channel, submitted_at: submitted, customer, employee: 'e-7', locale, answers,
})
const engine = () => new clf.Engine(new clf.Config(acme()))
const iso = (s) => new Date(s).toISOString()

test('a Dutch legal threat alerts a manager within 4 elapsed hours and opens a team-lead case', () => {
  const o = engine().ingest(resp('r-1', 'phone', '2026-11-20T15:00:00+01:00', 'c-1',
    { nps: 2, comment: 'Als dit niet snel wordt opgelost, schakel ik mijn advocaat in.' }, 'nl'))
  assert.deepEqual(o.urgency, ['legal'])
  assert.equal(o.alerts.length, 1)
  assert.equal(o.alerts[0].level, 'manager')
  assert.deepEqual([o.alerts[0].id, o.alerts[0].reasons, o.alerts[0].responseId, o.alerts[0].caseId], ['alert-1', ['legal'], 'r-1', o.cases[0].id])
  assert.equal(o.alerts[0].due.toISOString(), iso('2026-11-20T19:00:00+01:00'))
  const [c] = o.cases
  assert.deepEqual([c.level, c.priority, c.assignee.kind, c.assignee.id], ['team_lead', 'high', 'queue', 'team_lead'])
  assert.equal(c.firstResponseDue.toISOString(), iso('2026-11-21T13:00:00+01:00'))
  assert.equal(c.resolutionDue.toISOString(), iso('2026-11-24T11:00:00+01:00'))
})

test('a detractor opens a frontline case for the original employee on the office calendar', () => {
  const o = engine().ingest(resp('r-1', 'email', '2026-11-23T09:00:00+01:00', 'c-3', { nps: 5 }))
  const [c] = o.cases
  assert.deepEqual([c.rule, c.level, c.state, c.assignee.kind, c.assignee.id], ['detractor or complaint', 'frontline', 'open', 'employee', 'e-7'])
  assert.equal(c.firstResponseDue.toISOString(), iso('2026-11-23T17:30:00+01:00'))
  assert.equal(c.resolutionDue.toISOString(), iso('2026-11-27T15:30:00+01:00'))
  assert.deepEqual(o.scores, { nps: 5 })
})

test('a safety report alerts the director', () => {
  const o = engine().ingest(resp('r-1', 'app', '2026-11-22T20:00:00+01:00', 'c-4',
    { nps: 6, comment: 'I can smell gas near the new meter, please come quickly.' }))
  assert.ok(o.urgency.includes('safety'))
  const director = o.alerts.find((a) => a.level === 'director')
  assert.equal(director.due.toISOString(), iso('2026-11-22T21:00:00+01:00'))
  assert.deepEqual([o.cases[0].level, o.cases[0].priority], ['manager', 'urgent'])
})

test('the third complaint within 90 days escalates to a team lead', () => {
  const e = engine()
  const complain = (id, when) => resp(id, 'phone', when, 'c-2', { nps: 3, comment: 'Waardeloos, weer een verkeerde rekening.' }, 'nl')
  e.ingest(complain('r-1', '2026-01-10T10:00:00+01:00'))
  e.ingest(complain('r-2', '2026-02-10T10:00:00+01:00'))
  const third = e.ingest(complain('r-3', '2026-03-20T10:00:00+01:00'))
  assert.equal(third.repeatComplaints, 3)
  const [c] = third.cases
  assert.deepEqual([c.level, c.priority, c.responses], ['team_lead', 'high', ['r-1', 'r-2', 'r-3']])
  assert.ok(c.history.some((h) => h.what === 'raised'))
  // The history as the rules write it: opened by the detractor rule, each
  // later complaint attached, then raised by the third-complaint rule.
  const expected = [
    ['system', 'opened', 'rule "detractor or complaint"'],
    ['system', 'attached', 'response r-2'],
    ['system', 'attached', 'response r-3'],
    ['system', 'raised', 'rule "third complaint within the window": level team_lead, priority high'],
  ]
  assert.deepEqual(c.history.map((h) => [h.by, h.what, h.detail]), expected)
  assert.deepEqual(e.case(c.id).history.map((h) => [h.by, h.what, h.detail]), expected)
  assert.equal(e.case(c.id).level, 'team_lead')
  assert.deepEqual(e.cases({ customer: 'c-2', state: 'open' }).map((x) => x.id), [c.id])
})

test('ingest is idempotent, accepts config objects, and outputs serialise', () => {
  const e = new clf.Engine(acme())
  const r = resp('r-1', 'phone', '2026-11-20T10:00:00+01:00', 'c-1', { nps: 2, comment: 'Very disappointed.' })
  const first = e.ingest(r)
  const again = e.ingest(JSON.stringify(r))
  assert.equal(again.duplicate, true)
  assert.equal(again.cases[0].id, first.cases[0].id)
  assert.equal(e.responses, 1)
  const json = JSON.parse(JSON.stringify(first))
  assert.equal(json.items[0].kind, 'complaint')
  assert.ok(json.cases[0].firstResponseDue.endsWith('Z'))
})

test('JSON lines may hold escapes and end in CRLF', () => {
  const e = engine()
  const head = '"instrument":"post-contact","touchpoint":"billing","channel":"web","submitted_at":"2026-11-20T10:00:00Z","locale":"en"'
  const lines = [
    String.raw`{"id":"r\u002d1",` + head + String.raw`,"answers":{"nps":2,"comment":"I\u2019m done \ud83d\ude20: my \"lawyer\" will hear of this."}}`,
    `{"id":"r-2",${head},"answers":{"nps":9}}`,
  ]
  const batch = e.ingestJsonl(lines.join('\r\n') + '\r\n')
  assert.deepEqual(batch.errors, [])
  assert.deepEqual(batch.outcomes.map((o) => o.responseId), ['r-1', 'r-2'])
  assert.deepEqual(batch.outcomes[0].urgency, ['legal'])
})

test('bulk ingest reports errors per line and goes on', () => {
  const e = engine()
  const line = (id, nps) => JSON.stringify({ id, instrument: 'post-contact', touchpoint: 'billing', channel: 'web', submitted_at: '2026-11-20T10:00:00Z', answers: { nps } })
  const text = [line('a', 9), line('b', 11), 'not json', line('c', 3)].join('\n')
  const batch = e.ingestJsonl(Buffer.from(text))
  assert.deepEqual(batch.outcomes.map((o) => o.responseId), ['a', 'c'])
  assert.deepEqual(batch.errors.map((x) => [x.position, x.code, x.path]), [[2, 'CLF_VALIDATION', 'answers.nps'], [3, 'CLF_VALIDATION', '(root)']])
  assert.ok(e.ingestJsonl(text).outcomes.every((o) => o.duplicate))
  const many = e.ingestMany([JSON.parse(line('d', 12))])
  assert.deepEqual([many.errors[0].position, many.errors[0].path], [0, 'answers.nps'])
})

const imported = [
  // A Dutch legal threat: an alert to a manager and a team-lead case.
  resp('r-1', 'phone', '2026-11-20T15:00:00+01:00', 'c-1', { nps: 2, comment: 'Als dit niet snel wordt opgelost, schakel ik mijn advocaat in.' }, 'nl'),
  // The same customer complains again: it joins their open case.
  resp('r-2', 'phone', '2026-11-20T15:30:00+01:00', 'c-1', { nps: 1 }),
  // A promoter: nothing to follow up.
  resp('r-3', 'phone', '2026-11-20T16:00:00+01:00', 'c-2', { nps: 10 }),
  // No such score: rejected, and the batch goes on.
  resp('r-4', 'phone', '2026-11-20T16:00:00+01:00', 'c-3', { nps: 11 }),
  // Seen before: changes nothing.
  resp('r-1', 'phone', '2026-11-20T15:00:00+01:00', 'c-1', { nps: 2 }),
  // Another customer's detractor: a frontline case.
  resp('r-5', 'email', '2026-11-23T09:00:00+01:00', 'c-4', { nps: 5 }),
]

test('an import reports what the batch changed, and outcomes can be read later', () => {
  const e = engine()
  const report = e.importJsonl(Buffer.from(imported.map((r) => JSON.stringify(r)).join('\n')))
  assert.deepEqual([report.ingested, report.duplicates, report.cases, report.alerts], [4, 1, ['case-1', 'case-2'], ['alert-1']])
  assert.deepEqual(report.errors.map((x) => [x.position, x.code, x.path]), [[4, 'CLF_VALIDATION', 'answers.nps']])
  assert.deepEqual(e.case('case-1').responses, ['r-1', 'r-2'])
  // Each response's outcome, its case as it is now.
  const first = e.outcome('r-1')
  assert.deepEqual([first.duplicate, first.urgency, first.alerts.map((a) => a.id), first.cases[0].responses], [false, ['legal'], ['alert-1'], ['r-1', 'r-2']])
  // The batch read r-1's comment only for what it says (legal, a complaint);
  // its items are read when asked for, as ingest gives them:
  // 1 - 0.4 (niet snel) x 0.4 (niet opgelost) x 0.4 (urgency:legal) x 0.5 (nps=2) = 0.968.
  const complaint = { kind: 'complaint', confidence: 0.968, evidence: ['niet snel', 'niet opgelost', 'urgency:legal', 'nps=2'], topics: [] }
  assert.deepEqual(first.items.map((i) => ({ ...i })), [complaint])
  assert.equal(e.outcome('r-5').cases[0].level, 'frontline')
  assert.throws(() => e.outcome('r-4'), (x) => x.code === 'CLF_NOT_FOUND')
  // From objects: positions count from 0; the same changes as ingesting one by one.
  const listed = engine()
  const fromList = listed.importMany(imported)
  assert.deepEqual([fromList.cases, fromList.alerts, fromList.errors[0].position], [report.cases, report.alerts, 3])
  const single = engine()
  for (const r of imported) {
    try { single.ingest(r) } catch (x) { assert.equal(x.code, 'CLF_VALIDATION') }
  }
  assert.deepEqual(JSON.stringify(listed.events()), JSON.stringify(single.events()))
  assert.deepEqual(JSON.stringify(e.events()), JSON.stringify(single.events()))
  assert.deepEqual(single.outcome('r-1').items.map((i) => ({ ...i })), [complaint])
})

test('summaries on the engine', () => {
  const e = engine()
  e.ingest(resp('a', 'web', '2026-10-05T10:00:00Z', null, { nps: 10 }, 'en', 'delivery'))
  e.ingest(resp('b', 'web', '2026-11-05T10:00:00Z', null, { nps: 3 }, 'en', 'delivery'))
  e.ingest(resp('c', 'web', '2026-11-06T10:00:00Z', null, { nps: 9 }, 'en', 'billing'))
  assert.deepEqual(e.summary({ groupBy: ['journey'] }).map((g) => [g.key.journey, g.nps.nps.score]), [['order-to-delivery', 0], ['service', 100]])
  assert.deepEqual(e.summary({ groupBy: ['month'], where: { channel: 'web' } }).map((g) => g.responses), [1, 2])
})

test('errors carry codes and paths', () => {
  const e = engine()
  assert.throws(() => e.case('case-99'), (x) => x.code === 'CLF_NOT_FOUND')
  assert.throws(() => e.cases({ state: 'pending' }), (x) => x.code === 'CLF_VALIDATION' && x.path === 'state')
  assert.throws(() => e.ingest(resp('x', 'phone', '2026-11-20T10:00:00+01:00', 'c-1', { nps: 11 })), (x) => x.path === 'answers.nps')
  assert.throws(() => new clf.Engine({ schema_version: 1 }), (x) => x.code === 'CLF_CONFIG' && x.path === 'organisation')
})

test('ids of any length are deduplicated, logged and restored', () => {
  // The engine keeps ids up to 65 535 bytes in its event log's blocks and
  // longer ones whole: both forms deduplicate, log and restore alike.
  const e = engine()
  const ids = ['r-short', 'x'.repeat(65535), 'y'.repeat(70000)]
  const r = (id) => resp(id, 'web', '2026-11-20T15:00:00+01:00', 'c-9', { nps: 9 })
  for (const id of ids) {
    const first = e.ingest(r(id))
    assert.deepEqual([first.responseId, first.duplicate], [id, false])
  }
  assert.ok(ids.every((id) => e.ingest(r(id)).duplicate))
  const logged = e.events().filter((ev) => ev.type === 'response_ingested').map((ev) => JSON.parse(JSON.stringify(ev)).response.id)
  assert.deepEqual(logged, ids)
  const restored = clf.Engine.restore(acme(), e.snapshot())
  assert.ok(ids.every((id) => restored.ingest(r(id)).duplicate))
})

test('classifyText reads a comment with the configuration\'s lexicons and changes nothing', () => {
  const e = engine()
  const c = e.classifyText('De factuur klopt niet. Ik schakel mijn advocaat in.', 'nl')
  // "klopt niet" is an issue phrase (0.6) beside "factuur" (billing);
  // "advocaat" is legal and implies a complaint (0.6) about every topic.
  assert.deepEqual(c, {
    items: [
      { kind: 'issue', confidence: 0.6, evidence: ['klopt niet'], topics: ['billing'] },
      { kind: 'complaint', confidence: 0.6, evidence: ['urgency:legal'], topics: ['billing'] },
    ],
    urgency: [{ marker: 'legal', evidence: ['advocaat'] }],
    topics: ['billing'],
  })
  assert.deepEqual(e.classifyText('De factuur klopt niet. Ik schakel mijn advocaat in.', 'nl-BE'), c)
  assert.deepEqual(e.classifyText('The invoice is wrong.', 'nl').items, [])
  assert.equal(e.responses, 0)
})

test('classifyResponse finds what ingest finds and ingests nothing', () => {
  const e = engine()
  const r = resp('r-1', 'phone', '2026-11-20T15:00:00+01:00', 'c-1', { nps: 3, comment: 'De factuur klopt niet.' }, 'nl')
  const c = e.classifyResponse(r)
  // The phrase gives an issue (0.6), the detractor's score a complaint (0.5).
  assert.deepEqual(c.items.map((i) => [i.kind, i.confidence, i.evidence]), [['issue', 0.6, ['klopt niet']], ['complaint', 0.5, ['nps=3']]])
  assert.deepEqual(c.urgency, [])
  assert.equal(e.responses, 0)
  assert.deepEqual(e.cases(), [])
  const o = e.ingest(JSON.stringify(r))
  assert.equal(o.duplicate, false)
  assert.deepEqual([o.items, o.topics], [c.items, c.topics])
  assert.throws(() => e.classifyResponse(resp('r-2', 'pigeon', '2026-11-20T15:00:00+01:00', 'c-1', { nps: 3 })), { code: 'CLF_VALIDATION', path: 'channel' })
  assert.equal(e.responses, 1)
})
