// CNN-like story pages for boilerplate learning tests: varied real paragraphs, five kinds of
// recurring junk between them (slug video captions, "See …"/"Go deeper:" teasers, newsletter
// and app promos, "Ad Feedback" labels, stock photo credits), and one real paragraph shared by
// exactly two stories. The junk sits in neutral markup, as on a template the extractor's
// built-in rules do not know. Everything is invented.

/** One generated page with what must stay and what must go. */
export interface CnnLikePage {
  slug: string;
  url: string;
  html: string;
  /** Real paragraphs (plain text) that must be kept. */
  keep: string[];
  /** Junk strings that must not appear once the source's boilerplate is learned. */
  junk: string[];
}

interface StoryFacts {
  slug: string;
  title: string;
  place: string;
  who: string;
  role: string;
  thing: string;
  number: string;
  month: string;
}

const STORIES: StoryFacts[] = [
  ['harbor-wall-repairs', 'Storm-battered harbor wall will be rebuilt before winter', 'Povoa de Varzim', 'Ana Ferreira', 'the mayor', 'harbor wall', '14 million euros', 'October'],
  ['wheat-exports-slow', 'Wheat exports slow as freight costs climb again', 'Rosario', 'Martin Quiroga', 'a grain trader', 'wheat shipment', '2.3 million tonnes', 'August'],
  ['mars-sample-tubes', 'Engineers rethink how to bring Mars samples home', 'Pasadena', 'Leah Okafor', 'the mission manager', 'sample tube', '43 tubes', 'March'],
  ['geothermal-plant-opens', 'Kenya opens its largest geothermal plant yet', 'Naivasha', 'Joseph Mwangi', 'the plant director', 'steam turbine', '140 megawatts', 'July'],
  ['sea-turtle-nests', 'Sea turtles nest in record numbers on a Greek island', 'Zakynthos', 'Eleni Papadaki', 'a volunteer coordinator', 'turtle nest', '2,100 nests', 'June'],
  ['rail-strike-talks', 'Rail unions and operators return to the table', 'Lyon', 'Claire Dubois', 'the union negotiator', 'night train', '38 routes', 'January'],
  ['glacier-retreat-survey', 'Survey finds Alpine glaciers lost a tenth of their ice', 'Zermatt', 'Matthias Huber', 'the glaciologist', 'ice core', '10 percent', 'September'],
  ['coffee-prices-frost', 'Frost in Brazil sends coffee prices to a new high', 'Minas Gerais', 'Rafael Souza', 'a cooperative farmer', 'coffee harvest', '40 percent', 'May'],
  ['city-bike-lanes', 'City adds protected bike lanes along its busiest avenue', 'Bogota', 'Valentina Rojas', 'the transport secretary', 'bike lane', '28 kilometers', 'April'],
  ['museum-returns-bronzes', 'Museum returns looted bronzes after decades of talks', 'Benin City', 'Adaeze Nwosu', 'the curator', 'bronze plaque', '21 objects', 'December'],
  ['drought-reservoirs-low', 'Reservoirs fall to record lows after a dry summer', 'Seville', 'Javier Morales', 'the water board chief', 'reservoir', '22 percent', 'August'],
  ['orca-pod-sighting', 'Rare orca pod spotted off the coast of Norway', 'Tromso', 'Ingrid Larsen', 'a marine biologist', 'orca pod', '17 whales', 'November'],
  ['school-meals-program', 'Free school meals reach every primary pupil in the region', 'Glasgow', 'Fiona Campbell', 'the education minister', 'school kitchen', '310,000 pupils', 'February'],
  ['volcano-flights-cancelled', 'Ash cloud grounds flights across southern Italy', 'Catania', 'Giulia Russo', 'the airport spokeswoman', 'ash plume', '180 flights', 'June'],
  ['chip-factory-delay', 'Chip factory delays production for a second year', 'Dresden', 'Stefan Keller', 'the plant manager', 'clean room', '3 billion euros', 'October'],
  ['bushfire-recovery-funds', 'Bushfire towns get recovery funds two years on', 'Mallacoota', 'Kylie Thompson', 'a local shop owner', 'fire shelter', '95 million dollars', 'March'],
  ['ferry-route-returns', 'Island ferry route returns after a decade away', 'Stornoway', 'Calum MacLeod', 'the ferry captain', 'car ferry', '12 sailings a week', 'May'],
  ['locust-swarm-warning', 'Farmers warned of locust swarms after heavy rains', 'Garissa', 'Amina Hassan', 'a crop scientist', 'locust swarm', '60 square kilometers', 'January'],
  ['subway-extension-opens', 'Subway extension opens years behind schedule', 'Toronto', 'Priya Sharma', 'the transit chief', 'subway line', '8 stations', 'September'],
  ['rice-terraces-heritage', 'Ancient rice terraces win new protection', 'Banaue', 'Marisol Dizon', 'the heritage officer', 'rice terrace', '2,000 years', 'July'],
  ['heat-pump-subsidy', 'Heat pump sales jump after a new subsidy', 'Gothenburg', 'Erik Lindqvist', 'the energy adviser', 'heat pump', '45,000 homes', 'November'],
  ['river-cleanup-salmon', 'Salmon return to a river once declared dead', 'Bilbao', 'Itziar Etxeberria', 'the river warden', 'salmon run', '300 fish', 'October'],
  ['desert-solar-farm', 'Desert solar farm starts sending power north', 'Ouarzazate', 'Youssef Amrani', 'the grid operator', 'solar mirror', '580 megawatts', 'February'],
  ['library-fire-rebuild', 'Town rebuilds its library a year after the fire', 'Paradise', 'Dana Whitfield', 'the head librarian', 'reading room', '60,000 books', 'April'],
].map(([slug, title, place, who, role, thing, number, month]) => ({ slug, title, place, who, role, thing, number, month }) as StoryFacts);

// Paragraph templates are long and each story uses a different rotation of them, so no two
// stories share a paragraph (except the one shared on purpose below).
const PARAGRAPHS: ((facts: StoryFacts) => string)[] = [
  (f) => `Officials in ${f.place} said on Tuesday that the ${f.thing} had become the most talked-about subject in town since ${f.month}, when the first estimates reached ${f.number}.`,
  (f) => `“We have waited a long time for this,” said ${f.who}, ${f.role}, standing near the ${f.thing} as a small crowd gathered to watch the work begin in the morning cold.`,
  (f) => `The figure of ${f.number} surprised even those who had followed the ${f.thing} closely, and several residents of ${f.place} questioned whether the count had been done properly.`,
  (f) => `${f.who} said the next steps would depend on the weather and on money promised by the national government, which has yet to say when the first payment will arrive in ${f.place}.`,
  (f) => `Critics argue that the plan for the ${f.thing} was rushed through in ${f.month} without a proper public hearing, and a petition against it gathered signatures within days.`,
  (f) => `Researchers who studied similar cases elsewhere said ${f.place} could learn from towns that moved too quickly, spending heavily on the ${f.thing} before the basic questions were answered.`,
  (f) => `Local businesses in ${f.place} reported mixed feelings: some expect more visitors because of the ${f.thing}, while others fear months of disruption on the roads around it.`,
  (f) => `By the end of ${f.month}, ${f.role} expects a clearer picture, and ${f.who} promised to publish every figure, including the ${f.number} that first drew attention to the ${f.thing}.`,
];

const SHARED_PARAGRAPH =
  'The agency that oversees the project has changed its director three times in four years, and each new director has ordered a fresh review of the budget before approving any work.';

// Desk codes that the extractor's built-in slug list does not know: only the source's history can tell.
const SLUG_CODES = ['dig fw', 'ht tb', 'fw', 'dig'];
const NEWSLETTERS = [
  ['Sign up for CNN’s Weather Watch newsletter.', 'Get the week’s storms, heat waves and forecasts in your inbox every Monday.'],
  ['Sign up for CNN’s Wonder Theory science newsletter.', 'Explore the universe with weekly news about discoveries in space and science.'],
];
const APP_PROMO = 'Get the latest news on the go with the CNN app, free on iPhone and Android.';
const CREDITS = ['Getty Images', 'Photo illustration by CNN/Getty Images'];

/** Builds 24 CNN-like story pages under `base` (an origin without trailing slash). */
export function buildCnnLikePages(base: string): CnnLikePage[] {
  return STORIES.map((facts, index) => buildPage(base, facts, index));
}

function buildPage(base: string, facts: StoryFacts, index: number): CnnLikePage {
  const keep = [0, 1, 2, 3, 4].map((offset) => PARAGRAPHS[(index + offset * 3) % PARAGRAPHS.length]!(facts));
  // The shared paragraph is a real one that repeats once: stories 2 and 9 only.
  if (index === 2 || index === 9) keep.splice(2, 0, SHARED_PARAGRAPH);
  const other = STORIES[(index + 5) % STORIES.length]!;
  const slugCaption = `${other.place.toLowerCase()} ${other.thing} ${other.slug.split('-')[0]} ${SLUG_CODES[index % SLUG_CODES.length]}`;
  const seeTeaser = `See how ${other.who.split(' ')[0]} and neighbors cope with the ${other.thing}`;
  const deeper = STORIES[(index + 7) % STORIES.length]!;
  const newsletter = NEWSLETTERS[index % NEWSLETTERS.length]!;
  const credit = CREDITS[index % CREDITS.length]!;
  const junk = [slugCaption, seeTeaser, deeper.title, newsletter[0]!, newsletter[1]!, APP_PROMO, 'Ad Feedback', credit];
  const body = [
    `<div class="image"><img src="${base}/images/${facts.slug}.jpg" alt="${facts.title}"><div class="image__caption">A view of the ${facts.thing} in ${facts.place}.</div><div class="image__credit">${credit}</div></div>`,
    para(keep[0]!),
    `<figure class="media"><img src="${base}/images/thumb-${index}.jpg" alt=""><figcaption>${slugCaption}</figcaption></figure>`,
    para(keep[1]!),
    `<p class="paragraph"><a href="${base}/videos/${other.slug}">${seeTeaser}</a></p>`,
    para(keep[2]!),
    `<p class="paragraph"><strong>Go deeper:</strong> <a href="${base}/${deeper.slug}">${deeper.title}</a></p>`,
    `<div class="ad-slot"><p>Ad Feedback</p></div>`,
    ...keep.slice(3).map(para),
    `<p class="paragraph"><strong>${newsletter[0]}</strong></p><p class="paragraph">${newsletter[1]}</p>`,
    `<p class="paragraph">${APP_PROMO}</p>`,
  ].join('\n');
  const url = `${base}/2026/11/${String(index + 1).padStart(2, '0')}/${facts.slug}/index.html`;
  return { slug: facts.slug, url, html: wrapPage(facts, body), keep, junk };
}

function para(text: string): string {
  return `<p class="paragraph">${text}</p>`;
}

function wrapPage(facts: StoryFacts, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${facts.title} | CNN</title>
<meta property="og:title" content="${facts.title}"><meta property="og:site_name" content="CNN"><meta property="og:type" content="article">
<meta name="author" content="${facts.who}"></head><body>
<header class="header"><nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/climate">Climate</a></nav></header>
<main class="article"><h1 class="headline">${facts.title}</h1><div class="byline">By ${facts.who}, CNN</div>
<div class="article__content">
${body}
</div></main>
<footer class="footer"><p>© 2026 Cable News Network. All Rights Reserved.</p></footer></body></html>`;
}
