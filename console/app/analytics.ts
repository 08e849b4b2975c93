import type { AnalyticsReport, OperatorProfile, UnplacedReport } from '../../src/protocol/index.js';
import { call } from './api.js';
import { barChart, dayChart, type Bar } from './charts.js';
import { el } from './dom.js';

/**
 * The analytics page of the console: an agency and a period, key figures, charts (inline SVG, charts.ts)
 * and the unplaced questions grouped, with "export as a draft pack" (a JSON download of a valid intent pack).
 */
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
const seconds = (value: number | null) => (value === null ? '–' : value < 120 ? `${Math.round(value)} s` : `${Math.round(value / 6) / 10} min`);
const bars = (counts: Record<string, number>, limit = 10): Bar[] =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([label, value]) => ({ label, value }));

export function buildAnalytics() {
  const agency = el('select', { id: 'an-agency' });
  const from = el('input', { id: 'an-from', type: 'date', required: true, value: day(-29) });
  const to = el('input', { id: 'an-to', type: 'date', required: true, value: day() });
  const form = el('form', { class: 'inline an-form' }, [
    el('label', { for: 'an-agency' }, ['Agency']), agency,
    el('label', { for: 'an-from' }, ['From']), from,
    el('label', { for: 'an-to' }, ['To']), to,
    el('button', { type: 'submit' }, ['Show']),
  ]);
  const figures = el('dl', { class: 'figures', id: 'an-figures' });
  const charts = el('div', { class: 'charts', id: 'an-charts' });
  const groups = el('div', { id: 'an-groups' });
  const packLanguage = el('select', { id: 'an-pack-language' }, ['en', 'et', 'ru', 'sv'].map((value) => el('option', { value }, [value])));
  const exportLink = el('a', { id: 'an-export', class: 'button-link', href: '#', download: 'draft-pack.json' }, ['Export as a draft pack']);
  const sandboxButton = el('button', { type: 'button', id: 'an-sandbox' }, ['Open in the sandbox']);
  const sandboxResult = el('p', { class: 'status', role: 'status', id: 'an-sandbox-result' });
  const status = el('p', { class: 'status', role: 'status', id: 'an-status' });
  const root = el('section', { id: 'analytics', 'aria-labelledby': 'analytics-title', hidden: true }, [
    el('h2', { id: 'analytics-title' }, ['Agency analytics']),
    form,
    status,
    figures,
    charts,
    el('h3', { id: 'unplaced-title' }, ['Unplaced questions, grouped']),
    el('p', { class: 'meta' }, ['Questions no agency could answer (fallbacks and abandoned clarifications), personal data removed, grouped by similarity.']),
    el('div', { class: 'inline' }, [el('label', { for: 'an-pack-language' }, ['Draft pack language']), packLanguage, exportLink, sandboxButton]),
    sandboxResult,
    groups,
  ]);

  const query = () => `from=${from.value}&to=${to.value}`;
  const updateExport = () => {
    exportLink.href = `/api/operators/agencies/${encodeURIComponent(agency.value)}/unplaced/draft-pack?${query()}&language=${packLanguage.value}`;
    exportLink.setAttribute('download', `${agency.value}-draft-${packLanguage.value}.json`);
  };
  packLanguage.addEventListener('change', updateExport);

  // The groups with enough examples become a draft of the agency, evaluated against the live network; the
  // agency reviews the answers and publishes it with its own key (docs/AGENCIES.md).
  sandboxButton.addEventListener('click', async () => {
    sandboxResult.textContent = 'Evaluating the draft in the sandbox…';
    try {
      const base = `/api/operators/agencies/${encodeURIComponent(agency.value)}`;
      const { draftId, report } = await call<{ draftId: string; report: { network: { before: number; after: number; publishable: boolean } } }>('POST', `${base}/unplaced/sandbox?${query()}&language=${packLanguage.value}`);
      const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
      sandboxResult.textContent = `Draft ${draftId} created. Network routing accuracy ${percent(report.network.before)} → ${percent(report.network.after)}; ${report.network.publishable ? 'it may be published' : 'publishing would be refused'} once the answers are written (docs/AGENCIES.md).`;
    } catch (error) {
      sandboxResult.textContent = (error as Error).message;
    }
  });

  async function load(): Promise<void> {
    if (!agency.value) return;
    status.textContent = 'Loading…';
    updateExport();
    try {
      const base = `/api/operators/agencies/${encodeURIComponent(agency.value)}`;
      const [report, unplaced] = await Promise.all([call<AnalyticsReport>('GET', `${base}/analytics?${query()}`), call<UnplacedReport>('GET', `${base}/unplaced?${query()}`)]);
      renderReport(report);
      renderGroups(unplaced);
      status.textContent = `Figures for ${report.agency}, ${report.from} to ${report.to}.`;
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  }

  function renderReport(report: AnalyticsReport): void {
    const entries: Array<[string, string]> = [
      ['Conversations', String(report.conversations)],
      ['Messages', String(report.messages)],
      ['Fallback rate', percent(report.fallbackRate)],
      ['Clarification rate', percent(report.clarificationRate)],
      ['Handover rate', percent(report.handoverRate)],
      ['Median wait for a person', seconds(report.waitMedianSeconds)],
      ['90th percentile wait', seconds(report.waitP90Seconds)],
      ['Mean rating', report.ratings.mean === null ? '–' : `${report.ratings.mean.toFixed(2)} of 5 (${report.ratings.count})`],
    ];
    figures.replaceChildren(...entries.flatMap(([term, value]) => [el('div', { class: 'figure' }, [el('dt', {}, [term]), el('dd', {}, [value])])]));
    const days = (key: 'conversations' | 'messages' | 'fallbacks' | 'handovers') => report.days.map((d) => ({ label: d.day, value: d[key] }));
    const ratings = [1, 2, 3, 4, 5].map((score) => ({ label: `${score} ★`, value: report.ratings.distribution[String(score)] ?? 0 }));
    const chart = (title: string, svg: SVGSVGElement) => el('figure', { class: 'chart-box' }, [el('figcaption', {}, [title]), svg]);
    charts.replaceChildren(
      chart('Conversations per day', dayChart('Conversations per day', days('conversations'))),
      chart('Messages per day', dayChart('Messages per day', days('messages'))),
      chart('Fallbacks per day', dayChart('Fallbacks per day', days('fallbacks'))),
      chart('Handovers per day', dayChart('Handovers per day', days('handovers'))),
      chart('Intents hit (top 10)', barChart('Intents hit (top 10)', bars(report.intents))),
      chart('Ratings', barChart('Ratings', ratings)),
      chart('Outcomes of handovers', barChart('Outcomes of handovers', bars(report.outcomes))),
      chart('Languages of conversations', barChart('Languages of conversations', bars(report.languages))),
    );
  }

  function renderGroups(report: UnplacedReport): void {
    const summary = el('p', {}, [`${report.total} unplaced question${report.total === 1 ? '' : 's'}; ${report.countedOnly} counted only (their citizens did not agree to their use for improving the service).`]);
    const list = el(
      'ol',
      { class: 'groups' },
      report.groups.map((group) =>
        el('li', { class: 'group' }, [
          el('h4', {}, [`${group.suggestedIntent} `, el('span', { class: 'meta' }, [`(${group.count})`])]),
          el('ul', {}, group.examples.map((example) => el('li', {}, [example]))),
        ]),
      ),
    );
    groups.replaceChildren(summary, ...(report.groups.length ? [list] : []));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });

  return {
    root,
    /** Show the page for this operator's agencies (first one selected) and load it. */
    show(operator: OperatorProfile): Promise<void> {
      if (agency.options.length === 0) agency.replaceChildren(...operator.agencies.map((id) => el('option', { value: id }, [id])));
      root.hidden = false;
      return load();
    },
    hide(): void {
      root.hidden = true;
    },
  };
}
