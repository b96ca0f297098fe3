const test = require('node:test')
const assert = require('node:assert/strict')
const clf = require('..')
const { acme, acmeText } = require('./helpers')

test('the reference configuration loads from an object and from text', () => {
  for (const config of [new clf.Config(acme()), new clf.Config(acmeText()), clf.Config.fromJson(acmeText())]) {
    assert.equal(config.organisation, 'Acme Energy')
    assert.equal(config.timeZone, 'Europe/Amsterdam')
    assert.equal(config.confidence, 0.95)
    assert.deepEqual(config.instruments, ['post-contact', 'handling'])
    assert.equal(config.touchpoints.length, 10)
    assert.deepEqual(config.channels.slice(0, 2), ['phone', 'chat'])
  }
})

test('TOML of the same shape loads', () => {
  const config = clf.Config.fromToml(
    'schema_version = 1\norganisation = "Small Co"\ntime_zone = "UTC"\n' +
      '[[journeys]]\nid = "j"\ntouchpoints = [{ id = "t" }]\n' +
      '[[instruments]]\nid = "i"\ntouchpoints = ["t"]\nquestions = [{ id = "nps", type = "nps" }]\n',
  )
  assert.equal(config.organisation, 'Small Co')
})

for (const [name, edit, path, says] of [
  ['unknown field', (c) => (c.channels.phone.frist_response = '4h'), 'channels.phone.frist_response', 'unknown field'],
  ['bad duration', (c) => (c.channels.phone.first_response = '4 hours'), 'channels.phone.first_response', 'invalid duration'],
  ['unknown calendar', (c) => (c.channels.phone.calendar = 'ofice'), 'channels.phone.calendar', 'unknown calendar'],
  ['duplicate id', (c) => (c.instruments[1].id = 'post-contact'), 'instruments[1].id', 'duplicate instrument id'],
  ['malformed rule', (c) => (c.escalation.rules[4].when = 'nps <= 6 ||'), 'escalation.rules[4].when', 'ends too early'],
  ['misspelt kind in a rule', (c) => (c.escalation.rules[4].when = "'complant' in kinds"), 'escalation.rules[4].when', 'not a feedback kind'],
  ['unknown time zone', (c) => (c.calendars.office.time_zone = 'Mars/Olympus'), 'calendars.office.time_zone', 'unknown time zone'],
  ['missing field', (c) => delete c.organisation, 'organisation', 'required field is missing'],
]) {
  test(`config error with code and path: ${name}`, () => {
    const c = acme()
    edit(c)
    assert.throws(
      () => new clf.Config(c),
      (e) => e instanceof Error && e.code === 'CLF_CONFIG' && e.path === path && e.message.includes(says),
    )
  })
}

test('malformed JSON text is a config error', () => {
  assert.throws(() => new clf.Config('{"schema_version": 1,'), (e) => e.code === 'CLF_CONFIG' && e.message.includes('malformed JSON'))
})
