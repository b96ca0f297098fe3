// Compiled with `tsc --strict --noEmit` by typings.test.js: the generated
// index.d.ts must type real usage of the library.
import * as clf from '../index'
import type { ClfError, NpsScore, GroupSummary, Response } from '../index'

const s: NpsScore = clf.nps([10, 7, 3, 9], { confidence: 0.95 })
const [low, high]: [number, number] = s.ci
const moe: number = s.marginOfError + low + high
const c = clf.csat([5, 4], { scale: 5 })
const e = clf.ces([7, 6])
const d = clf.compareNps(s, clf.nps([9]))
const sig: boolean = d.significant && c.score > 0 && e.shareEasy >= 0 && moe > 0

const config = new clf.Config({ schema_version: 1, organisation: 'x', time_zone: 'UTC' })
const tz: string = config.timeZone
const r: Response = config.validateResponse('{}')
const at: Date = r.submittedAt
const summary = new clf.Summary(config, { groupBy: ['touchpoint'], where: { channel: 'phone' } })
const kept: number = summary.addMany([{}, '{}'])
const groups: GroupSummary[] = summary.groups()
const nps: number | undefined = groups[0]?.nps['nps']?.score
const key: string | null | undefined = groups[0]?.key['touchpoint']

const engine = new clf.Engine(config)
const outcome: clf.Outcome = engine.ingest({})
const due: Date | undefined = outcome.cases[0]?.firstResponseDue
const prio: 'low' | 'normal' | 'high' | 'urgent' | undefined = outcome.cases[0]?.priority
const batch: clf.BatchOutcome = engine.ingestJsonl(Buffer.from(''))
const report: clf.ImportReport = engine.importMany([{}])
const caseIds: string[] = report.cases
const again: clf.Outcome = engine.outcome('r-1')
const found: clf.Classification = engine.classifyText('Ik schakel mijn advocaat in.', 'nl')
const marker: 'legal' | 'safety' | 'churn' | 'public' | 'vulnerable' | undefined = found.urgency[0]?.marker
const preview: clf.Classification = engine.classifyResponse({})
console.log(marker, preview.items[0]?.kind, engine.classifyText('fine').topics)
console.log(report.ingested, report.errors[0]?.position, caseIds, again.duplicate)
const cal = new clf.Calendar({ time_zone: 'UTC', hours: '24/7' })
const dl: Date = cal.deadline(new Date(), '4h')
console.log(due, prio, batch.errors[0]?.position, dl, engine.summary({ groupBy: ['month'] }).length)

try {
  clf.nps([11])
} catch (err) {
  const e = err as ClfError
  const code: ClfError['code'] = e.code
  const path: string | null = e.path
  console.log(code, path, sig, tz, at, kept, nps, key)
}

const history: clf.Event[] = engine.events(0)
const kind: clf.Event['type'] | undefined = history[0]?.type
const copy: clf.Engine = clf.Engine.replay(new clf.Config(JSON.stringify({})), history)
const restored: clf.Engine = clf.Engine.restore({}, engine.snapshot())
const forgotten: clf.Forgotten = engine.forgetCustomer('c-1', new Date())
console.log(kind, copy.lastSeq, restored.responses, forgotten.pseudonym)
