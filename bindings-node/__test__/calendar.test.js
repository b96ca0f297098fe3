const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme } = require('./helpers')

const nineToFive = {
  time_zone: 'Europe/Amsterdam',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]])),
}

for (const [name, start, duration, due] of [
  ['Friday 16:30 + 1h → Monday 09:30', '2026-11-20T16:30:00+01:00', '1h', '2026-11-23T09:30:00+01:00'],
  ['Wednesday 10:00 + 2h → 12:00', '2026-11-18T10:00:00+01:00', '2h', '2026-11-18T12:00:00+01:00'],
  ['Wednesday 07:00 + 2h → 11:00', '2026-11-18T07:00:00+01:00', '2h', '2026-11-18T11:00:00+01:00'],
  ['16:00 + 2h → 10:00 the next working day', '2026-11-18T16:00:00+01:00', '2h', '2026-11-19T10:00:00+01:00'],
  ['over the DST change', '2026-03-27T16:30:00+01:00', '1h', '2026-03-30T09:30:00+02:00'],
]) {
  test(`deadline: ${name}`, () => {
    const cal = new clf.Calendar(nineToFive)
    assert.equal(cal.deadline(new Date(start), duration).getTime(), new Date(due).getTime())
    assert.equal(cal.deadline(start, duration).getTime(), new Date(due).getTime())
  })
}

test('elapsed working time and opening hours', () => {
  const cal = new clf.Calendar(nineToFive)
  assert.equal(cal.elapsed('2026-11-20T16:30:00+01:00', new Date('2026-11-23T09:30:00+01:00')), 3600_000)
  assert.equal(cal.isOpen('2026-11-20T16:30:00+01:00'), true)
  assert.equal(cal.isOpen(new Date('2026-11-21T12:00:00+01:00')), false)
  assert.equal(cal.timeZone, 'Europe/Amsterdam')
})

test('the reference office and a 24/7 calendar', () => {
  const office = new clf.Calendar(acme().calendars.office)
  assert.equal(office.deadline('2026-11-20T15:00:00+01:00', '4h').toISOString(), '2026-11-21T12:00:00.000Z')
  const always = new clf.Calendar({ time_zone: 'UTC', hours: '24/7' })
  assert.equal(always.deadline('2026-11-20T16:30:00Z', '2d').toISOString(), '2026-11-22T16:30:00.000Z')
})

test('errors carry code and path', () => {
  assert.throws(() => new clf.Calendar({ time_zone: 'Europe/Amsterdam', hours: { mon: [['09:00', '08:00']] } }), (e) => e.code === 'CLF_CONFIG' && e.path === 'hours.mon[0]')
  const cal = new clf.Calendar(nineToFive)
  assert.throws(() => cal.deadline('2026-11-20T16:30:00', '1h'), (e) => e.code === 'CLF_VALIDATION' && e.path === 'start')
  assert.throws(() => cal.deadline('2026-11-20T16:30:00Z', '1 hour'), (e) => e.code === 'CLF_VALIDATION' && e.path === 'duration')
})
