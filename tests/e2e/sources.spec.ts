/**
 * The Sources view ("Across the articles" issue), as a person uses it: one claim carried by two
 * seed articles, each mention attributed to a source (Dmitry Peskov, who denied it; an
 * anonymous military-diplomatic source; AFP, which cites Saad al-Hadithi); the tab opened by
 * name and by key, the claim chosen, the chains seen as a graph and as a list, and Enter on a
 * node landing in Read with that annotation selected.
 */
import type { Page } from '@playwright/test';
import { annotationList, ARUTZ, expect, openWorkbench, test, type Server } from './fixtures.js';

const GLOBAL_RESEARCH =
  "Russia, Iran, Iraq & Syria Setting Up 'Joint Information Center' to Coordinate Anti-ISIS Operations";

/** Tags `phrase` (its first occurrence) in the document titled `title`. */
async function tag(
  server: Server,
  title: string,
  phrase: string,
  labelId: string,
  extra: { entityId?: string; claimId?: string; attributes?: Record<string, string> } = {},
) {
  const documents = await server.call('documents.list', {});
  const summary = documents.find((d) => d.title === title);
  if (!summary) throw new Error(`no document “${title}”`);
  const document = await server.call('documents.get', { id: summary.id });
  const start = document.text.indexOf(phrase);
  if (start < 0) throw new Error(`“${phrase}” is not in “${title}”`);
  return server.call('annotations.create', {
    documentId: summary.id,
    labelId,
    fragments: [{ start, end: start + phrase.length }],
    ...extra,
  });
}

/** Attributes a claim mention to a source, with the source's stance and cue. */
function attribute(server: Server, fromId: string, toId: string, stance: string, cue: string) {
  return server.call('relations.create', { fromId, toId, type: 'attributed_to', attributes: { stance, cue } });
}

async function setUp(server: Server) {
  const other = await server.call('claims.create', { summary: 'Russia is building a base in Latakia' });
  const claim = await server.call('claims.create', { summary: 'The four countries set up a joint centre in Baghdad' });
  const peskov = await server.call('entities.create', { name: 'Dmitry Peskov', type: 'person' });
  const afp = await server.call('entities.create', { name: 'AFP', type: 'outlet' });
  const hadithi = await server.call('entities.create', { name: 'Saad al-Hadithi', type: 'person' });

  // Global Research: the centre, told by an anonymous source; the "coordination cell", denied by Peskov.
  const centre = await tag(
    server,
    GLOBAL_RESEARCH,
    'have agreed to establish a joint information center in Baghdad',
    'claim',
    {
      claimId: claim.id,
      attributes: { stance: 'reported' },
    },
  );
  const anonymous = await tag(server, GLOBAL_RESEARCH, 'a military-diplomatic source', 'source');
  await attribute(server, centre.id, anonymous.id, 'asserted', 'told');
  const cell = await tag(server, GLOBAL_RESEARCH, 'the four countries were establishing', 'claim', {
    claimId: claim.id,
    attributes: { stance: 'reported' },
  });
  const denier = await tag(server, GLOBAL_RESEARCH, 'Dmitry Peskov', 'source', { entityId: peskov.id });
  await attribute(server, cell.id, denier.id, 'denied', 'denied');
  // Peskov, as the article has it, told news agencies: AFP stands in for them here.
  const agency = await tag(server, ARUTZ, 'AFP', 'source', { entityId: afp.id });
  await server.call('relations.create', { fromId: denier.id, toId: agency.id, type: 'cites' });

  // Arutz Sheva: the committee, said by Hadithi.
  const committee = await tag(server, ARUTZ, 'agreed to set up an intelligence committee in Baghdad', 'claim', {
    claimId: claim.id,
    attributes: { stance: 'asserted' },
  });
  const spokesman = await tag(server, ARUTZ, 'Saad al-Hadithi', 'source', { entityId: hadithi.id });
  await attribute(server, committee.id, spokesman.id, 'asserted', 'told');
  return { claim, other, denier, agency };
}

function graph(page: Page) {
  return page.getByRole('figure', { name: /Attribution graph/ });
}

test('shows who said a claim, on whose authority, as a graph and as a list', async ({ page, server }) => {
  const { claim } = await setUp(server);
  await openWorkbench(page, server);

  // By name.
  await page.getByRole('tab', { name: 'Sources' }).click();
  await expect(page.getByRole('tab', { name: 'Sources', selected: true })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Claim' });
  // The first claim with mentions is chosen by default.
  await expect(picker).toHaveValue(claim.id);

  // Back to Read, then by key.
  await page.getByRole('tab', { name: 'Read' }).click();
  await expect(page.getByRole('tab', { name: 'Read', selected: true })).toBeVisible();
  await page.keyboard.press('Alt+Shift+S');
  await expect(page.getByRole('tab', { name: 'Sources', selected: true })).toBeVisible();

  // Another claim has no mentions: the view says how to attribute one.
  await picker.selectOption({ label: 'Russia is building a base in Latakia (0 mentions)' });
  await expect(page.getByText('No annotation mentions this claim yet.')).toBeVisible();
  await picker.selectOption(claim.id);

  // The graph: every node a button with its name.
  const figure = graph(page);
  await expect(
    figure.getByRole('button', { name: 'Source: Dmitry Peskov, denied, in Global Research', exact: true }),
  ).toBeVisible();
  await expect(
    figure.getByRole('button', {
      name: 'Anonymous source: a military-diplomatic source, asserted, in Global Research',
      exact: true,
    }),
  ).toBeVisible();
  await expect(
    figure.getByRole('button', { name: 'Outlet or agency: AFP, in Arutz Sheva', exact: true }),
  ).toBeVisible();
  await expect(
    figure.getByRole('button', { name: 'Source: Saad al-Hadithi, asserted, in Arutz Sheva', exact: true }),
  ).toBeVisible();
  await expect(figure.getByRole('button', { name: /^Claim mention in / })).toHaveCount(3);
  await expect(figure.getByText('denied (denied)')).toBeVisible();

  // The list: a heading per outlet, the chains nested.
  const list = page.getByRole('region', { name: 'The chains as a list' });
  await expect(list.getByRole('heading', { name: 'Global Research' })).toBeVisible();
  await expect(list.getByRole('heading', { name: 'Arutz Sheva' })).toBeVisible();
  const gr = list.getByRole('region', { name: 'Global Research' });
  const peskovItem = gr.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Dmitry Peskov' }) });
  await expect(peskovItem.first()).toContainText(
    'attributed to Dmitry Peskov (source; denied, “denied”; in Global Research)',
  );
  await expect(peskovItem.first()).toContainText('cites AFP (outlet or agency; in Arutz Sheva)');
  await expect(gr).toContainText('attributed to a military-diplomatic source (anonymous source; asserted, “told”');
  await expect(list.getByRole('region', { name: 'Arutz Sheva' })).toContainText('attributed to Saad al-Hadithi');

  // Enter on a node: Read, with that annotation selected.
  const node = figure.getByRole('button', { name: 'Source: Dmitry Peskov, denied, in Global Research', exact: true });
  await node.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Read', selected: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: GLOBAL_RESEARCH })).toBeVisible();
  await expect(
    annotationList(page).getByRole('option', { name: 'Source: Dmitry Peskov', selected: true }),
  ).toBeVisible();
});

test('says how to attribute a claim that has no sources, and updates when one is attributed', async ({
  page,
  server,
}) => {
  const claim = await server.call('claims.create', { summary: 'Iraq runs the centre first' });
  const mention = await tag(server, ARUTZ, 'Iraq taking the lead for the first three months', 'claim', {
    claimId: claim.id,
  });
  await openWorkbench(page, server);
  await page.keyboard.press('Alt+Shift+S');
  await expect(page.getByRole('combobox', { name: 'Claim' })).toHaveValue(claim.id);
  await expect(page.getByText(/No mention of this claim is attributed to a source yet/)).toContainText('Pick source');

  const source = await tag(server, ARUTZ, 'military-diplomatic source', 'source');
  await server.call('relations.create', { fromId: mention.id, toId: source.id, type: 'attributed_to' });
  await expect(
    graph(page).getByRole('button', { name: 'Anonymous source: military-diplomatic source, in Arutz Sheva' }),
  ).toBeVisible();
});
