const fs = require('node:fs')
const path = require('node:path')

const ACME = path.join(__dirname, '..', '..', 'examples', 'acme.json')

exports.acmeText = () => fs.readFileSync(ACME, 'utf8')
exports.acme = () => JSON.parse(exports.acmeText())
exports.response = () => ({
  id: 'r-1',
  instrument: 'post-contact',
  touchpoint: 'delivery',
  channel: 'phone',
  submitted_at: '2026-11-20T10:15:00+01:00',
  customer: 'c-1',
  employee: 'e-7',
  locale: 'nl',
  answers: { nps: 9, csat: 4, ces: 6, mood: 'pleased', comment: 'Snel geleverd' },
})
exports.round2 = (x) => Math.round(x * 100) / 100
exports.repeat = (parts) => parts.flatMap(([v, k]) => Array(k).fill(v))
